import { describe, expect, test } from 'vitest';
import { DiskArena } from '../../src/vfs/block-device.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario } from '../../src/scenario/catalog.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { explore, expectedChoices, replayRun } from '../../src/explore/explore.js';
import { ExecutionFailed, guarded } from '../../src/explore/failure.js';
import { RunFailed, runScenario } from '../../src/scenario/runner.js';
import { replayStrategy } from '../../src/sim/strategies/replay.js';
import { exploreParallel, shardError } from '../../src/explore/parallel.js';
import { parseToken } from '../../src/explore/replay-token.js';
import { runShard } from '../../src/explore/shard.js';
import { UserError } from '../../src/sim/errors.js';
import { decodeSchedule } from '../../src/sim/schedule.js';
import { randomStrategy } from '../../src/sim/strategies/random.js';
import { failure } from '../../cli/errors.js';

/**
 * A scenario with a bug in aiosim's reach: an op the runner cannot run (validation would refuse
 * it in a file; built here in memory). Every execution throws a TypeError when admin gets to it.
 */
function broken(): Scenario {
  const s = loadScenario('truncate-vs-aio-write');
  return { ...s, tasks: s.tasks.map((t, i) => (i === 1 ? { ...t, ops: [...t.ops, { op: 'bogus' } as unknown as (typeof t.ops)[number]] } : t)) };
}

const TOKEN = /replay it: aiosim replay '([^']+)'\)$/;

describe('an internal error in an execution names it and prints the token that replays it', () => {
  test('a run that hits an internal error hands over the choices the simulator recorded (RunFailed); they replay to the same failure', () => {
    const scenario = broken();
    const failed = (strategy: Parameters<typeof runScenario>[1]['strategy']): RunFailed => {
      try {
        runScenario(scenario, { strategy, trace: false });
      } catch (e) {
        return e as RunFailed;
      }
      throw new Error('the broken scenario ran to its end');
    };
    const first = failed(randomStrategy(1));
    expect(first).toBeInstanceOf(RunFailed);
    expect(first.choices.length).toBeGreaterThan(0);
    const again = failed(replayStrategy(first.choices));
    expect(again).toBeInstanceOf(RunFailed);
    expect([again.message, again.choices]).toEqual([first.message, first.choices]);
  });

  test('guarded() names the execution and the token of the choices up to the failure; bad input passes through', () => {
    const place = () => ({ scenarioRef: 'my.yaml', fs: 'hold', what: 'execution 3 of the exploration' });
    let err: Error | null = null;
    try {
      guarded(() => {
        throw new RunFailed(new RangeError('broken\ninvariant'), [0, 1]);
      }, place);
    } catch (e) {
      err = e as Error;
    }
    expect(err).toBeInstanceOf(ExecutionFailed);
    expect(err!.message).toMatch(/^broken invariant \(in execution 3 of the exploration; replay it: aiosim replay 'my\.yaml@hold@1\.[^']+'\)$/);
    expect(decodeSchedule(parseToken(TOKEN.exec(err!.message)![1]!).schedule)).toEqual([0, 1]);
    // Bad input passes through untouched: it is not a bug report.
    expect(() =>
      guarded(() => {
        throw new UserError('scenario.yaml: bad');
      }, place),
    ).toThrow(new UserError('scenario.yaml: bad'));
  });

  test('explore (in-process, sampling and dfs): ExecutionFailed, and its token replays to the same failure', () => {
    const scenario = broken();
    for (const strategy of ['portfolio', 'dfs'] as const) {
      let err: unknown = null;
      try {
        explore(scenario, { scenarioRef: 'broken.yaml', strategy, seed: 1, budget: 50 });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ExecutionFailed);
      const message = (err as Error).message;
      const cause = message.slice(0, message.indexOf(' (in '));
      expect(cause.length).toBeGreaterThan(0);
      const token = parseToken(TOKEN.exec(message)![1]!);
      expect(token).toMatchObject({ scenario: 'broken.yaml', fs: 'diocount' });
      // The recorded choices lead to the same step, so the replay fails the same way (not "ran out of choices").
      expect(() => replayRun(scenario, token.fs, token.schedule)).toThrow(cause);
    }
  });

  test('a shard answers its first failing execution (with index and token) as data, and says which execution it starts', () => {
    const scenario = broken();
    const options = { scenarioRef: 'broken.yaml', strategy: 'random' as const, seed: 1 };
    const started: number[] = [];
    const r = runShard({ fs: 'diocount', options, k: 10, from: 16, to: 32 }, scenario, new DiskArena(), (i) => started.push(i));
    expect(r).toMatchObject({ from: 16, ran: 1, violation: null, failure: { index: 16, user: false } });
    expect(started).toEqual([16]);
    expect(r.failure!.message).toMatch(/\(in execution 17 of the exploration \(random, seed 1\); replay it: aiosim replay 'broken\.yaml@diocount@/);
    expect(shardError(r.failure!)).toBeInstanceOf(ExecutionFailed);
    expect(shardError({ index: 0, user: true, message: 'bad.yaml: tasks[0].ops[0]: unknown key "lenght"' })).toBeInstanceOf(UserError);
    const clean = runShard({ fs: 'diocount', options, k: 10, from: 0, to: 3 }, loadScenario('extend-then-stat'), new DiskArena());
    expect(clean).toMatchObject({ ran: 3, violation: null, failure: null });
    expect(clean.last).toMatch(/^1\./);
  });
});

describe('a failure on a worker thread ends a parallel exploration as a single thread would (exit 2 or 3, one line)', () => {
  const scenario = loadScenario('fallocate-vs-appending-aio');
  const workerModule = new URL('./fixtures/failing-shard-worker.mjs', import.meta.url);
  const run = async (seed: number): Promise<unknown> => {
    try {
      await exploreParallel(scenario, { scenarioRef: scenario.name, fs: 'diocount', strategy: 'portfolio', seed, budget: 2000, workers: 2, workerModule });
    } catch (err) {
      return err;
    }
    return null;
  };

  test('an internal failure: the earliest execution wins, exit 3', async () => {
    const err = await run(1);
    expect(err).toBeInstanceOf(ExecutionFailed);
    expect((err as Error).message).toBe('failed at 0');
    expect(failure(err)).toEqual({ status: 3, line: 'aiosim: internal error (a bug in aiosim, please report it with the command you ran): failed at 0' });
  });

  test('bad input met by a worker: exit 2', async () => {
    const err = await run(2);
    expect(err).toBeInstanceOf(UserError);
    expect(failure(err)).toEqual({ status: 2, line: 'aiosim: failed at 0' });
  });

  test('a worker that dies (uncaught error, or exit without an answer): an internal error, no unhandled rejection', async () => {
    for (const [seed, reason] of [
      [3, /worker blew up/],
      [4, /exited with code 7 before answering/],
    ] as const) {
      const err = await run(seed);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/^a worker thread of the exploration failed before its first execution: /);
      expect((err as Error).message).toMatch(reason);
      expect(failure(err).status).toBe(3);
    }
  });

  test('a worker that dies in an execution: exit 3, one line naming the execution and the token that replays it', async () => {
    const err = await run(5);
    expect(err).toBeInstanceOf(ExecutionFailed);
    const message = (err as Error).message;
    // The stand-in dies in the third execution of its shard: execution 3 (index 2) for the first shard.
    expect(message).toMatch(
      /^a worker thread of the exploration died: it exited with code 7 before answering \(in execution 3 of the exploration \(portfolio, seed 5\); replay it: aiosim replay '/,
    );
    const token = parseToken(TOKEN.exec(message)![1]!);
    expect(token).toMatchObject({ scenario: scenario.name, fs: 'diocount' });
    expect(replayRun(scenario, token.fs, token.schedule).result.outcome).toBe('completed');
    expect(failure(err).line).not.toContain('\n');
  });

  test('the real shard worker (built) runs the scenario the main thread validated: it never reads the file again', async () => {
    // dist/ is built by the global setup; its parallel.js starts dist's shard-worker.js.
    const dist = (path: string) => import(new URL(`../../dist/${path}`, import.meta.url).href);
    const built = (await dist('src/explore/parallel.js')) as typeof import('../../src/explore/parallel.js');
    const gone = join(mkdtempSync(join(tmpdir(), 'aiosim-worker-')), 'deleted.yaml'); // a file that does not exist (any more)
    const options = { scenarioRef: gone, fs: 'diocount', strategy: 'portfolio' as const, seed: 1, budget: 1000 };
    const parallel = await built.exploreParallel(scenario, { ...options, workers: 2 });
    const { run: _run, ...one } = explore(scenario, options);
    expect({ ...parallel, run: undefined }).toEqual({ ...one, run: undefined });
    expect(parallel.schedule.startsWith(`${gone}@diocount@`)).toBe(true);
  });

  test('expectedChoices runs in the calling thread: a scenario that fails there fails before any worker starts', () => {
    expect(() => expectedChoices(broken(), 'diocount', { scenarioRef: 'broken.yaml', strategy: 'portfolio', seed: 1 })).toThrow(ExecutionFailed);
  });
});
