import { describe, expect, it } from 'vitest';
import { DfsSearch } from '../../src/explore/dfs.js';
import { independent } from '../../src/sim/footprint.js';
import { Prng } from '../../src/sim/prng.js';
import { SCHEME_NAMES } from '../../src/fs-impls/schemes.js';
import { explore, replayRun } from '../../src/explore/explore.js';
import { outcomeOf, runRecorded, runSwapped, swappablePairs } from '../../src/explore/user-proof.js';
import { parseToken } from '../../src/explore/replay-token.js';
import type { HistoryOp } from '../../src/check/history.js';
import { catalog, loadScenario } from '../../src/scenario/catalog.js';
import { runScenario, type ScenarioRun } from '../../src/scenario/runner.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { validateScenario } from '../../src/scenario/validate.js';

/**
 * Which read or write ended before which other started, among those that share a block of a
 * file: part of the real-time order the linearizability oracle judges (worked out here
 * independently of the history keys that dfs relies on).
 */
function precedence(run: ScenarioRun): string {
  const bs = run.scenario.geometry.blockSize;
  const io = run.history.ops.filter((o) => ['read', 'write', 'aio_read', 'aio_write'].includes(o.kind));
  const shareBlock = (a: HistoryOp, b: HistoryOp): boolean =>
    a.file === b.file && Math.floor(a.offset / bs) < Math.ceil((b.offset + b.length) / bs) && Math.floor(b.offset / bs) < Math.ceil((a.offset + a.length) / bs);
  const pairs: string[] = [];
  for (const a of io) for (const b of io) if (a.end < b.start && shareBlock(a, b)) pairs.push(`${a.id}<${b.id}`);
  return pairs.sort().join(' ');
}

/**
 * What an execution observably did: verdict kinds, every op's result and read bytes, the final
 * contents of every file, and the real-time order the oracles judge. Equivalent interleavings
 * have the same signature.
 */
function signature(run: ScenarioRun): string {
  return `${outcomeOf(run)} | ${precedence(run)}`;
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

describe('footprints', () => {
  /**
   * What every reduction rests on: two adjacent steps of different contexts that footprints call
   * independent can run in the other order, and the run then ends the same. Checked on random
   * runs of every catalog scenario under every scheme, by replaying each such pair swapped.
   * (A context spawned by the first step cannot run before it, and two spawns swapped renumber
   * the new contexts; neither is a pair a sleep set can skip.)
   */
  it('say two steps commute only when swapping them changes nothing: the same steps run and the run ends the same', () => {
    const failures: string[] = [];
    let swaps = 0;
    for (const scenario of catalog()) {
      for (const fs of SCHEME_NAMES) {
        for (let seed = 1; seed <= 2; seed++) {
          const rng = new Prng(seed);
          const base = runRecorded(scenario, fs, undefined, (enabled) => rng.int(0, enabled.length - 1));
          expect(base.run.sim.clockMayDecide).toBe(false);
          const expected = signature(base.run);
          for (const { i, target } of swappablePairs(scenario, base.steps)) {
            const swapped = runSwapped(scenario, fs, target);
            swaps++;
            const ran = swapped.steps.map((s) => s.id).join();
            const where = `${scenario.name} under ${fs}, seed ${seed}: steps ${i} and ${i + 1}`;
            if (ran !== target.join()) failures.push(`${where}: the swapped run could not follow`);
            else if (signature(swapped.run) !== expected) failures.push(`${where}: ${expected} became ${signature(swapped.run)}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(swaps).toBeGreaterThan(1000);
  });
});

describe('dfs reduction on catalog scenarios', () => {
  const cases: Array<[string, string, number]> = [
    ['fence-on-eviction', 'fence', 2],
    ['fence-on-eviction', 'diocount', Infinity],
    ['unaligned-aio-past-eof', 'bug-unaligned-past-eof', 2],
    ['truncate-vs-unwritten-conversion', 'bug-early-dio-end', 2],
    ['eof-zeroing-vs-extending-aio', 'bug-eof-zero-nodrain', 2],
    ['hold-naive-splats', 'hold-naive', 1],
    ['freeze-vs-aio-write', 'diocount', 2],
    ['freeze-vs-aio-write', 'bug-aio-freeze', 2],
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
    validateScenario(
      {
        version: 1,
        name: 'slow-device',
        title: 'a truncate waits for an AIO write on a slow device',
        fs: 'hold',
        geometry: { blockSize: 4096, blocks: 8 },
        device: { queueDepth: 4, latency: { min: latencyUs, max: latencyUs } },
        files: [{ path: '/a', size: 8192, fill: 'a' }],
        tasks: [
          { name: 'app', ops: [{ op: 'aio_write', file: '/a', offset: 0, length: 4096, fill: 'W' }] },
          {
            name: 'admin',
            ops: [
              { op: 'truncate', file: '/a', size: 0 },
              { op: 'read', file: '/a', offset: 0, length: 4096 },
            ],
          },
        ],
      },
      'slow-device',
    );

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

describe('dfs and the history', () => {
  /** reader's two AIO reads (blocks 0 and 2) are in flight while other reads block 0. */
  const twoReaders: Scenario = validateScenario(
    {
      version: 1,
      name: 'two-readers',
      title: 'two tasks read one block',
      fs: 'diocount',
      geometry: { blockSize: 4096, blocks: 8 },
      device: { queueDepth: 4, latency: { min: 50, max: 50 } },
      files: [{ path: '/a', size: 16384, fill: 'a' }],
      tasks: [
        {
          name: 'reader',
          ops: [
            { op: 'aio_read', file: '/a', offset: 0, length: 4096 },
            { op: 'aio_read', file: '/a', offset: 8192, length: 4096 },
          ],
        },
        { name: 'other', ops: [{ op: 'read', file: '/a', offset: 0, length: 4096 }] },
      ],
    },
    'two-readers',
  );

  it("orders an op's end against another's start only where the oracle judges their order (a block both read)", () => {
    const { steps } = runRecorded(twoReaders, 'diocount', undefined, () => 0);
    const step = (ctx: RegExp, key: string) => steps.find((s) => ctx.test(s.name) && s.footprint.has(key))!.footprint;
    // other's op starts in the step that opens the file; reader's two reads end in interrupts.
    const otherStarts = step(/^other$/, 'ino:12.openCount');
    const endsBlock0 = step(/^irq/, 'done:reader#1');
    const endsBlock2 = step(/^irq/, 'done:reader#2');
    expect(independent(otherStarts, endsBlock0)).toBe(false);
    expect(independent(otherStarts, endsBlock2)).toBe(true);
  });

  it('records the end of an AIO in the step that completes it, even before io_submit has returned', () => {
    // Interrupts first: reader's first read completes while reader is still inside io_submit.
    const { run, steps } = runRecorded(twoReaders, 'diocount', undefined, (enabled) =>
      Math.max(
        0,
        enabled.findIndex((c) => c.kind !== 'process'),
      ),
    );
    const ends = steps.find((s) => s.footprint.has('done:reader#1'))!;
    expect(ends.name).toMatch(/^irq/);
    expect(ends.footprint.get('history:/a:0')).toBe('end');
    // The end the oracle judges is that same step (steps count from 1).
    expect(run.history.ops.find((o) => o.id === 'reader#1')!.end).toBe(steps.indexOf(ends) + 1);
  });
});

describe('aiosim explore --strategy dfs', () => {
  it('proves a correct scheme within the bound and says so with counts', () => {
    const r = explore(loadScenario('unaligned-aio-same-block'), {
      scenarioRef: 'unaligned-aio-same-block',
      fs: 'hold',
      strategy: 'dfs',
      seed: 1,
      budget: 100_000,
      preemptions: 2,
    });
    expect(r.violations).toEqual([]);
    expect(r.dfs).toMatchObject({ bound: 2, por: true, complete: true });
    expect(r.dfs!.executions).toBeGreaterThan(1);
  });

  it('says the search is incomplete when the budget runs out, and which bounds it finished', () => {
    const none = explore(loadScenario('truncate-vs-aio-write'), {
      scenarioRef: 'truncate-vs-aio-write',
      fs: 'hold',
      strategy: 'dfs',
      seed: 1,
      budget: 50,
      preemptions: 2,
    });
    expect(none.violations).toEqual([]);
    expect(none.dfs).toMatchObject({ complete: false, proven: null, reached: 0 });
    // Bound 0 takes 301 executions (117 run, 184 pruned); bound 1 far more.
    const some = explore(loadScenario('truncate-vs-aio-write'), {
      scenarioRef: 'truncate-vs-aio-write',
      fs: 'hold',
      strategy: 'dfs',
      seed: 1,
      budget: 1000,
      preemptions: 2,
      shrink: false,
    });
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
    const r = explore(loadScenario('unaligned-aio-same-block'), {
      scenarioRef: 'unaligned-aio-same-block',
      fs: 'bug-unaligned-race',
      strategy: 'dfs',
      seed: 1,
      budget: 100_000,
      preemptions: 2,
    });
    expect(r.violations.length).toBeGreaterThan(0);
    const replayed = replayRun(loadScenario('unaligned-aio-same-block'), r.fs, parseToken(r.schedule).schedule);
    expect(replayed.result.verdicts.map((v) => v.kind)).toContain(r.violations[0]!.kind);
  });
});
