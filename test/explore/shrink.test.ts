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
    });
  }
});
