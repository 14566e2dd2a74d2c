import { describe, expect, test } from 'vitest';
import { SCHEMES, cleanSchemes, schemeNamed } from '../../src/fs-impls/schemes.js';
import { catalog, loadScenario } from '../../src/scenario/catalog.js';
import { runScenario } from '../../src/scenario/runner.js';
import { explore, replayRun, strategyFor } from '../../src/explore/explore.js';
import { parseToken } from '../../src/explore/replay-token.js';
import type { VerdictKind } from '../../src/sim/verdict.js';

/**
 * What each historic bug does to data, as an independent oracle observes it. (The schemes do
 * not say it; the scenarios do not say it; this table is the test's own expectation.)
 */
const EXPECTED: Record<string, readonly VerdictKind[]> = {
  'bug-truncate-nowait': ['freed-block-write'],
  'bug-unaligned-race': ['not-linearizable'],
  'bug-unaligned-submit-only': ['not-linearizable'],
  'bug-unaligned-past-eof': ['not-linearizable'],
  'bug-early-dio-end': ['not-linearizable', 'fsck'],
  'bug-unlocked-read': ['stale-data'],
  'bug-eof-zero-nodrain': ['not-linearizable'],
  'bug-fallocate-isize': ['not-linearizable'],
  'bug-eofblocks-trim': ['freed-block-write', 'not-linearizable'],
  'bug-complete-before-size': ['not-linearizable'],
  'bug-aio-freeze': ['frozen-write'],
  'bug-io-destroy-nowait': ['use-after-free'],
};

describe('historic bugs are reproduced by an oracle', () => {
  for (const scheme of SCHEMES.filter((s) => s.kind === 'bug')) {
    test(`${scheme.name}: explore ${scheme.scenario} --budget 2000 finds ${EXPECTED[scheme.name]!.join(' or ')}, and the schedule replays it`, () => {
      const scenario = loadScenario(scheme.scenario!);
      const found = explore(scenario, { scenarioRef: scheme.scenario!, fs: scheme.name, strategy: 'portfolio', seed: 1, budget: 2000 });
      const kinds = found.violations.map((v) => v.kind);
      expect(kinds.some((k) => EXPECTED[scheme.name]!.includes(k))).toBe(true);
      // The replay token alone reproduces the same verdicts and a byte-identical trace.
      const token = parseToken(found.schedule);
      expect(token).toMatchObject({ scenario: scheme.scenario, fs: scheme.name });
      const again = replayRun(loadScenario(token.scenario), token.fs, token.schedule);
      const twice = replayRun(loadScenario(token.scenario), token.fs, token.schedule);
      expect(again.result.verdicts).toEqual(found.violations);
      expect(again.sim.trace.serialize()).toBe(twice.sim.trace.serialize());
    });
  }
});

describe('correct and rfc schemes report nothing on any catalog scenario', () => {
  const scenarios = catalog();
  for (const { name: fs } of cleanSchemes()) {
    test(`${fs}: 150 executions of every catalog scenario, no verdict`, () => {
      for (const scenario of scenarios) {
        const r = explore(scenario, { scenarioRef: scenario.name, fs, strategy: 'portfolio', seed: 7, budget: 150 });
        expect({ scenario: scenario.name, violations: r.violations }).toEqual({ scenario: scenario.name, violations: [] });
      }
    });
  }

  for (const { name: fs } of SCHEMES.filter((s) => s.kind === 'teaching')) {
    // Lock bookkeeping only: lockdep's splats, and aiosim's own check of a lock freed while an in-flight I/O holds it.
    test(`${fs} (teaching): only lockdep (and freed-while-held) verdicts, and it does get them`, () => {
      let lockdep = 0;
      for (const scenario of scenarios) {
        for (let i = 0; i < 60; i++) {
          const run = runScenario(scenario, { strategy: strategyFor('portfolio', 3, i), fs, trace: false });
          for (const v of run.result.verdicts)
            expect({ scenario: scenario.name, kind: v.kind === 'freed-while-held' ? 'lockdep' : v.kind, message: v.message }).toMatchObject({
              kind: 'lockdep',
            });
          lockdep += run.result.verdicts.length;
        }
      }
      expect(lockdep).toBeGreaterThan(0);
    });
  }
});

describe('schemes catalog', () => {
  test('expected clean means kind correct or rfc: hold-naive (lockdep complains) is a teaching scheme, not clean', () => {
    const clean = cleanSchemes().map((s) => s.name);
    expect(clean).toEqual(SCHEMES.filter((s) => s.kind === 'correct' || s.kind === 'rfc').map((s) => s.name));
    expect(clean).toContain('hold');
    expect(clean).not.toContain('hold-naive');
    expect(schemeNamed('hold-naive')!.kind).toBe('teaching');
  });

  test('every bug scheme names its history and a built-in scenario that exists', () => {
    const names = new Set(catalog().map((s) => s.name));
    for (const s of SCHEMES.filter((x) => x.kind === 'bug')) {
      expect(s.history).toMatch(/[0-9a-f]{12}|bugzilla/);
      expect(names.has(s.scenario!)).toBe(true);
    }
  });
});

describe('file references and eviction', () => {
  test("closing and unlinking during an AIO: close succeeds at once, and the completion's fput evicts the inode after the I/O", () => {
    const run = runScenario(loadScenario('fence-on-eviction'), { strategy: strategyFor('timed', 1, 0) });
    const close = run.history.ops.find((o) => o.kind === 'close')!;
    expect(close.result).toBe(0);
    const names = new Map(run.sim.contexts.map((c) => [c.id, c.name]));
    const events = run.sim.trace.events as unknown as Array<{ type: string; op?: string; ctx: number }>;
    const abandon = events.find((e) => e.type === 'lock' && e.op === 'abandon')!;
    expect(names.get(abandon.ctx)).toMatch(/^kworker\/delayed_fput/);
    const completion = events.findIndex((e) => e.type === 'ki_complete');
    expect(events.indexOf(abandon)).toBeGreaterThan(completion);
    expect(run.result.verdicts).toEqual([]);
  });
});
