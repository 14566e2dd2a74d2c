import { describe, expect, test } from 'vitest';
import { SCHEMES } from '../../src/fs-impls/schemes.js';
import { loadScenario } from '../../src/scenario/catalog.js';
import { explore, replayRun } from '../../src/explore/explore.js';
import { parseToken } from '../../src/explore/replay-token.js';

describe('schedule shrinking', () => {
  for (const scheme of SCHEMES.filter((s) => s.kind === 'bug')) {
    test(`${scheme.name}: the shrunk schedule keeps the verdict kind, has no more switches, and replays strictly`, () => {
      const scenario = loadScenario(scheme.scenario!);
      const raw = explore(scenario, { scenarioRef: scheme.scenario!, fs: scheme.name, strategy: 'portfolio', seed: 3, budget: 2000, shrink: false });
      const shrunk = explore(scenario, { scenarioRef: scheme.scenario!, fs: scheme.name, strategy: 'portfolio', seed: 3, budget: 2000 });
      expect(shrunk.executions).toBe(raw.executions); // the same violating execution, then shrunk
      const first = raw.violations[0]!;
      expect(shrunk.violations.some((v) => v.kind === first.kind && v.subkind === first.subkind)).toBe(true);
      expect(shrunk.shrink!.after.switches).toBeLessThanOrEqual(shrunk.shrink!.before.switches);
      expect(shrunk.shrink!.after.choices).toBeLessThanOrEqual(shrunk.shrink!.before.choices);
      const token = parseToken(shrunk.schedule);
      expect(replayRun(scenario, token.fs, token.schedule).result.verdicts).toEqual(shrunk.violations);
      if (shrunk.reduced) {
        // The smaller scenario, with its own schedule, still shows the same kind of violation.
        expect(shrunk.reduced.after).toBeLessThan(shrunk.reduced.before);
        const small = replayRun(shrunk.reduced.scenario, scheme.name, shrunk.reduced.schedule).result.verdicts;
        expect(small.some((v) => v.kind === first.kind && v.subkind === first.subkind)).toBe(true);
      }
    });
  }
});

describe('scenario shrinking', () => {
  test('truncate vs an in-flight write needs only the write and the truncate', () => {
    const scenario = loadScenario('truncate-vs-aio-write');
    const r = explore(scenario, { scenarioRef: 'truncate-vs-aio-write', fs: 'bug-truncate-nowait', strategy: 'portfolio', seed: 1, budget: 1000 });
    expect(r.reduced).toMatchObject({ before: 6, after: 2 });
    expect(r.reduced!.scenario.tasks.map((t) => t.ops.map((o) => o.id))).toEqual([['w1'], ['t1']]);
  });

  test('a violation that needs every operation keeps them all', () => {
    // extend-then-stat: the write, its wait, and the read after it are all needed.
    const scenario = loadScenario('extend-then-stat');
    const r = explore(scenario, { scenarioRef: 'extend-then-stat', fs: 'bug-complete-before-size', strategy: 'portfolio', seed: 1, budget: 1000 });
    expect(r.violations.length).toBeGreaterThan(0);
    expect(r.reduced).toBeUndefined();
  });

  test("stale data needs another file's data: the read, the truncate, the create and the write stay", () => {
    const scenario = loadScenario('unlocked-read-vs-truncate');
    const r = explore(scenario, { scenarioRef: 'unlocked-read-vs-truncate', fs: 'bug-unlocked-read', strategy: 'portfolio', seed: 1, budget: 2000 });
    expect(r.reduced!.scenario.tasks.flatMap((t) => t.ops.map((o) => `${t.name}:${o.id ?? o.op}`))).toEqual([
      'reader:r1',
      'admin:t1',
      'admin:create',
      'admin:wb',
    ]);
  });
});
