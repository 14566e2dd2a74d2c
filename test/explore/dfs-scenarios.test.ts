/**
 * dfs on real scenarios: the reduction keeps every outcome, the bound is honoured, bugs are
 * found and replay, and the result says what was proven.
 */
import { describe, expect, it } from 'vitest';
import { DfsSearch } from '../../src/explore/dfs.js';
import { explore, replayRun } from '../../src/explore/explore.js';
import { parseToken } from '../../src/explore/replay-token.js';
import { runsOf } from '../../src/check/runs.js';
import { loadScenario } from '../../src/scenario/catalog.js';
import { observedFinal, runScenario, type ScenarioRun } from '../../src/scenario/runner.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { validateScenario } from '../../src/scenario/validate.js';

/**
 * What an execution observably did: verdict kinds, every op's result and read bytes, and the
 * final contents of every file. Equivalent interleavings have the same signature.
 */
function signature(run: ScenarioRun): string {
  const verdicts = [...new Set(run.result.verdicts.map((v) => `${v.kind}/${v.subkind ?? ''}`))].sort().join(',');
  // By id: ops that start concurrently may start in either order.
  const ops = run.history.ops.map((o) => `${o.id}=${o.result}${o.data ? `:${JSON.stringify(runsOf(o.data))}` : ''}`).sort().join(' ');
  const files = run.sb.inodes.filter((i) => i.nlink > 0 && i.state === 'live').map((i) => `${i.path}:${JSON.stringify(observedFinal(run.sb, i))}`).join(' ');
  return `${verdicts} | ${ops} | ${files}`;
}

function outcomes(scenario: Scenario, fs: string, preemptions: number, por: boolean): { signatures: Set<string>; executions: number; search: DfsSearch } {
  const search = new DfsSearch({ preemptions, por });
  const signatures = new Set<string>();
  for (let more = true; more; ) {
    const run = runScenario(scenario, { strategy: search.strategy(), fs, trace: false });
    const pruned = run.result.outcome === 'pruned';
    if (!pruned) signatures.add(signature(run));
    more = search.advance(pruned ? 'pruned' : 'ran', run.sim.clockMayDecide);
  }
  return { signatures, executions: search.executions, search };
}

describe('dfs reduction on catalog scenarios', () => {
  const cases: Array<[string, string, number]> = [
    ['fence-on-eviction', 'fence', 2],
    ['fence-on-eviction', 'diocount', Infinity],
    ['unaligned-aio-past-eof', 'bug-unaligned-past-eof', 2],
    ['truncate-vs-unwritten-conversion', 'bug-early-dio-end', 2],
    ['eof-zeroing-vs-extending-aio', 'bug-eof-zero-nodrain', 2],
    ['hold-naive-splats', 'hold-naive', 1],
  ];
  it.each(cases)('%s under %s, bound %s: sleep sets reach every outcome that the full search reaches, in fewer executions', (name, fs, bound) => {
    const scenario = loadScenario(name);
    const full = outcomes(scenario, fs, bound, false);
    const reduced = outcomes(scenario, fs, bound, true);
    expect([...reduced.signatures].sort()).toEqual([...full.signatures].sort());
    expect(reduced.executions).toBeLessThanOrEqual(full.executions);
  });
});

describe('dfs and the clock', () => {
  /**
   * Under hold, app's AIO write keeps i_rwsem until its bio completes; admin's truncate queues
   * behind it and compares how long it has waited with the rwsem handoff timeout (4 ms).
   */
  const slowDevice = (latencyUs: number): Scenario =>
    validateScenario({
      version: 1, name: 'slow-device', title: 'a truncate waits for an AIO write on a slow device', fs: 'hold',
      geometry: { blockSize: 4096, blocks: 8 }, device: { queueDepth: 4, latency: { min: latencyUs, max: latencyUs } },
      files: [{ path: '/a', size: 8192, fill: 'a' }],
      tasks: [
        { name: 'app', ops: [{ op: 'aio_write', file: '/a', offset: 0, length: 4096, fill: 'W' }] },
        { name: 'admin', ops: [{ op: 'truncate', file: '/a', size: 0 }, { op: 'read', file: '/a', offset: 0, length: 4096 }] },
      ],
    }, 'slow-device');

  it('leaves the clock out of footprints while the delays of every run stay below the handoff timeout', () => {
    const scenario = slowDevice(100);
    const reduced = outcomes(scenario, 'hold', 2, true);
    expect(reduced.search.clockBlind).toBe(true);
    expect([...reduced.signatures].sort()).toEqual([...outcomes(scenario, 'hold', 2, false).signatures].sort());
  });

  it('tracks the clock again once a run could reach the timeout, and still reaches every outcome', () => {
    const scenario = slowDevice(5000);
    const run = runScenario(scenario, { strategy: new DfsSearch({ preemptions: 0 }).strategy(), trace: false });
    expect(run.sim.clockMayDecide).toBe(true);
    const reduced = outcomes(scenario, 'hold', 2, true);
    expect(reduced.search.clockBlind).toBe(false);
    expect([...reduced.signatures].sort()).toEqual([...outcomes(scenario, 'hold', 2, false).signatures].sort());
  });
});

describe('aiosim explore --strategy dfs', () => {
  it('proves a correct scheme within the bound and says so with counts', () => {
    const r = explore(loadScenario('unaligned-aio-same-block'), { scenarioRef: 'unaligned-aio-same-block', fs: 'hold', strategy: 'dfs', seed: 1, budget: 100_000, preemptions: 2 });
    expect(r.violations).toEqual([]);
    expect(r.dfs).toMatchObject({ bound: 2, por: true, complete: true });
    expect(r.dfs!.executions).toBeGreaterThan(1);
  });

  it('says the search is incomplete when the budget runs out, and which bounds it finished', () => {
    const none = explore(loadScenario('truncate-vs-aio-write'), { scenarioRef: 'truncate-vs-aio-write', fs: 'hold', strategy: 'dfs', seed: 1, budget: 50, preemptions: 2 });
    expect(none.violations).toEqual([]);
    expect(none.dfs).toMatchObject({ complete: false, proven: null, reached: 0 });
    // Bound 0 takes 481 executions (207 run, 274 pruned); bound 1 far more.
    const some = explore(loadScenario('truncate-vs-aio-write'), { scenarioRef: 'truncate-vs-aio-write', fs: 'hold', strategy: 'dfs', seed: 1, budget: 1000, preemptions: 2, shrink: false });
    expect(some.dfs).toMatchObject({ complete: false, proven: 0, reached: 1 });
  });

  it.each([
    ['unlocked-read-vs-truncate', 'bug-unlocked-read'],
    ['eof-zeroing-vs-extending-aio', 'bug-eof-zero-nodrain'],
    ['extend-then-stat', 'bug-complete-before-size'],
  ])('iterative bounding: %s under %s is found with the fewest preemptions it needs', (name, fs) => {
    const scenario = loadScenario(name);
    const found = explore(scenario, { scenarioRef: name, fs, strategy: 'dfs', seed: 1, budget: 100_000, preemptions: 2, shrink: false });
    expect(found.violations.length).toBeGreaterThan(0);
    const needs = found.dfs!.reached;
    expect(needs).toBeGreaterThan(0);
    expect(found.dfs!.proven).toBe(needs - 1);
    // One fewer preemption: the complete search finds nothing.
    const below = explore(scenario, { scenarioRef: name, fs, strategy: 'dfs', seed: 1, budget: 100_000, preemptions: needs - 1, shrink: false });
    expect(below.violations).toEqual([]);
    expect(below.dfs).toMatchObject({ complete: true, proven: needs - 1 });
  });

  it('finds a catalog bug, and the printed schedule replays it', () => {
    const r = explore(loadScenario('unaligned-aio-same-block'), { scenarioRef: 'unaligned-aio-same-block', fs: 'bug-unaligned-race', strategy: 'dfs', seed: 1, budget: 100_000, preemptions: 2 });
    expect(r.violations.length).toBeGreaterThan(0);
    const replayed = replayRun(loadScenario('unaligned-aio-same-block'), r.fs, parseToken(r.schedule).schedule);
    expect(replayed.result.verdicts.map((v) => v.kind)).toContain(r.violations[0]!.kind);
  });
});
