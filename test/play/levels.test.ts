import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { SCHEMES, schemeNamed } from '../../src/fs-impls/schemes.js';
import { explore } from '../../src/explore/explore.js';
import { catalog, lockPrograms, loadScenario } from '../../src/scenario/catalog.js';
import { LEVELS } from '../../src/play/levels.js';
import { Session } from '../../src/play/session.js';
import { winningPath } from './paths.js';

describe('levels', () => {
  test('every level plays a built-in scenario under a known scheme, with a unique id', () => {
    const names = new Set([...catalog(), ...lockPrograms()].map((s) => s.name));
    for (const l of LEVELS) {
      expect(names.has(l.scenario), l.id).toBe(true);
      expect(schemeNamed(l.fs), l.id).toBeDefined();
    }
    expect(new Set(LEVELS.map((l) => l.id)).size).toBe(LEVELS.length);
  });

  test('each workshop exercise and each historic bug is a level; a bug level names its fix', () => {
    const exercises = readdirSync('docs/workshop').filter((f) => /^\d\d-.*\.md$/.test(f));
    for (const page of exercises)
      expect(
        LEVELS.some((l) => `${l.exercise}.md` === page),
        page,
      ).toBe(true);
    for (const bug of SCHEMES.filter((s) => s.kind === 'bug')) {
      const level = LEVELS.find((l) => l.fs === bug.name);
      expect(level, bug.name).toBeDefined();
      expect(level!.scenario).toBe(bug.scenario);
      expect(level!.fix, bug.name).toBeTruthy();
    }
  });

  test.each(LEVELS.map((l) => [l.id, l] as const))('%s can be won by choosing contexts, as a player clicking would', (_id, level) => {
    const path = winningPath(level);
    const scenario = loadScenario(level.scenario);
    const s = new Session({ ref: scenario.name, scenario }, level.fs, level);
    for (const id of path.ids) s.choose(id);
    expect(['won', 'proving']).toContain(s.state().goal!.state);
    expect(s.state().goal!.state).toBe(level.goal.kind === 'prove' ? 'proving' : 'won');
  });

  test.each(LEVELS.filter((l) => l.goal.kind === 'prove').map((l) => [l.id, l] as const))(
    '%s: the exhaustive search the page runs covers its bound and finds nothing forbidden',
    (_id, level) => {
      if (level.goal.kind !== 'prove') return;
      const scenario = loadScenario(level.scenario);
      const r = explore(scenario, {
        scenarioRef: scenario.name,
        fs: level.fs,
        strategy: 'dfs',
        seed: 1,
        budget: 200_000,
        preemptions: level.goal.preemptions,
        shrink: false,
      });
      expect(r.violations).toEqual([]);
      expect(r.dfs?.complete).toBe(true);
    },
    120_000,
  );
});
