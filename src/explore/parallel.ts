/**
 * Parallel exploration: the budget cut into shards of consecutive executions, run on a pool of
 * worker threads through a bounded queue (p-queue, one slot per worker). Shards start in order;
 * once a violation (or a failure) is known, shards that start after it are skipped, and the
 * earliest violating execution wins — the very execution a single worker would have found first,
 * since execution i depends only on (strategy, seed, i). It is then shrunk and replayed here, as
 * `explore` does. A failure in a shard is reported as a single worker would have met it: bad
 * input as a UserError, anything else as an internal error naming the execution and its token;
 * a worker thread that dies names the execution it was running too (it says which, in shared
 * memory, before each one). Workers get the scenario the main thread validated: they never read
 * the user's file again (it may have changed since).
 *
 * How many threads: as many as asked, but never more than the machine's cores, nor more than the
 * budget keeps busy (`workersFor`): 256 threads on 2 cores cost a hundred times the time and
 * gigabytes of heap for the same answer.
 *
 * An exploration with `signal` stops when it is aborted: in this thread after the execution
 * under way (the event loop runs between executions), on workers at once (they are terminated).
 * Its result says `interrupted`; `executions` is then the number of executions that all ran
 * (`from: executions` resumes it), and a violation a shard had already found is reported, unshrunk.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import PQueue from 'p-queue';
import type { Scenario } from '../scenario/schema.js';
import { UserError } from '../sim/errors.js';
import { DiskArena } from '../vfs/block-device.js';
import { loadedSchemeFiles } from '../fs-impls/schemes.js';
import {
  type ExploreOptions,
  type ExploreResult,
  type ExploreStrategy,
  execution,
  expectedChoices,
  exploration,
  noViolation,
  samplingOptions,
  violationFound,
} from './explore.js';
import { ExecutionFailed } from './failure.js';
import type { SamplingStrategy } from './portfolio.js';
import { formatToken } from './replay-token.js';
import type { ShardFailure, ShardJob, ShardResult, WorkerData } from './shard.js';

/** Budgets up to this many executions run in-process: starting worker threads costs more than they save. */
export const IN_PROCESS_BUDGET = 500;

/** Whether an exploration runs in the calling thread: dfs is one search tree; one worker, or a small budget, gains nothing from threads. */
export function runsInProcess(strategy: ExploreStrategy, budget: number, workers: number): boolean {
  return strategy === 'dfs' || workers <= 1 || budget <= IN_PROCESS_BUDGET;
}

/** The worker threads an exploration of `budget` executions uses when `requested` are asked for: at most one per core, and one per IN_PROCESS_BUDGET executions. */
export function workersFor(requested: number, budget: number, cores = availableParallelism()): number {
  return Math.max(1, Math.min(requested, cores, Math.ceil(budget / IN_PROCESS_BUDGET)));
}

export interface ParallelOptions {
  /** Worker threads asked for (results are identical for any number); `workersFor` caps them. */
  readonly workers: number;
  /** The shard worker's module; tests substitute one that fails, to check how failures are reported. */
  readonly workerModule?: URL;
}

/** Explores in-process or on worker threads, as `runsInProcess` decides; the result is the same either way. */
export async function exploreWith(scenario: Scenario, options: ExploreOptions & ParallelOptions): Promise<ExploreResult> {
  const { strategy } = options;
  const budget = options.budget - (options.from ?? 0);
  const workers = workersFor(options.workers, budget);
  // (runsInProcess says so for dfs too; testing it here first tells the compiler what is left)
  if (strategy === 'dfs' || runsInProcess(strategy, budget, workers)) return exploreInProcess(scenario, options);
  return exploreParallel(scenario, { ...options, strategy, workers });
}

/** In this thread. With a signal, the event loop runs between executions, so that the signal is seen. */
async function exploreInProcess(scenario: Scenario, options: ExploreOptions): Promise<ExploreResult> {
  const search = exploration(scenario, options);
  for (;;) {
    const step = search.next();
    if (step.done) return step.value;
    if (options.signal) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** The error a shard's failure stands for, as a single thread would have thrown it. */
export function shardError(f: ShardFailure): Error {
  return f.user ? new UserError(f.message) : new ExecutionFailed(f.message);
}

type Found = { readonly index: number; readonly violation: NonNullable<ShardResult['violation']> | null; readonly failure: ShardFailure | null };

interface PoolWorker {
  readonly thread: Worker;
  /** The execution the worker is running (-1 before its first): what to name when it dies. */
  readonly current: Int32Array;
}

export async function exploreParallel(
  scenario: Scenario,
  options: ExploreOptions & ParallelOptions & { readonly strategy: SamplingStrategy },
): Promise<ExploreResult> {
  const fs = options.fs ?? scenario.fs;
  const base = samplingOptions(options);
  const k = expectedChoices(scenario, fs, base);
  const start = options.from ?? 0;
  const shard = Math.max(16, Math.min(256, Math.ceil((options.budget - start) / (options.workers * 16))));
  const module = options.workerModule ?? new URL('./shard-worker.js', import.meta.url);
  const pool: PoolWorker[] = Array.from({ length: options.workers }, () => {
    const current = new Int32Array(new SharedArrayBuffer(4)).fill(-1);
    return { thread: new Worker(module, { workerData: { scenario, schemes: loadedSchemeFiles(), current } satisfies WorkerData }), current };
  });
  const idle = [...pool];
  const queue = new PQueue({ concurrency: options.workers });
  const { signal } = options;
  const stop = (): void => {
    queue.clear();
    for (const w of pool) void w.thread.terminate();
  };
  if (signal?.aborted) stop();
  else signal?.addEventListener('abort', stop, { once: true });
  let best: Found | null = null;
  let broken: Error | null = null; // a worker thread that died
  let ran = 0;
  let undecided = 0;
  let stepLimited = 0;
  /** Shards that ran to their end, by first execution, with the schedule of their last one. */
  const finished = new Map<number, ShardResult>();
  /** Shards under way, by first execution: their worker says how far they got. */
  const running = new Map<number, PoolWorker>();
  try {
    for (let from = start; from < options.budget; from += shard) {
      const to = Math.min(options.budget, from + shard);
      void queue.add(async () => {
        if (broken || signal?.aborted || (best && from > best.index)) return;
        const worker = idle.pop()!;
        let result: ShardResult;
        running.set(from, worker);
        try {
          result = await runOn(worker.thread, { fs, options: base, k, from, to });
        } catch (err) {
          if (!signal?.aborted) broken ??= deadWorker(err, Atomics.load(worker.current, 0), { scenario, fs, options: base, k });
          return;
        }
        running.delete(from);
        ran += result.ran;
        undecided += result.undecided;
        stepLimited += result.stepLimited;
        options.onProgress?.(start + ran);
        const index = result.violation?.index ?? result.failure?.index;
        if (index !== undefined && (!best || index < best.index)) best = { index, violation: result.violation, failure: result.failure };
        else if (index === undefined) finished.set(from, result);
        idle.push(worker);
      });
    }
    await queue.onIdle();
  } finally {
    signal?.removeEventListener('abort', stop);
    await Promise.all(pool.map((w) => w.thread.terminate()));
  }
  if (broken) throw broken;
  const found = best as Found | null;
  if (found?.failure) throw shardError(found.failure);
  const interrupted = signal?.aborted === true;
  if (found?.violation) {
    // Interrupted: reported as found, without the shrinking the user did not wait for.
    const reported = violationFound(
      scenario,
      fs,
      interrupted ? { ...options, shrink: false } : options,
      found.index + 1,
      found.violation.choices,
      found.violation.first,
    );
    return interrupted ? { ...reported, interrupted } : reported;
  }
  // How far every execution ran: the shards that finished, in order from the first, and then
  // the executions before the one the next shard's worker was running when it was stopped.
  let upTo = start;
  let last: string | null = null;
  for (let r = finished.get(upTo); r; r = finished.get(upTo)) {
    upTo += r.ran;
    last = r.last;
  }
  const partly = running.get(upTo);
  const under = partly ? Atomics.load(partly.current, 0) : -1;
  if (under > upTo) {
    upTo = under;
    last = execution(scenario, fs, base, upTo - 1, k, new DiskArena()).result.schedule;
  }
  const result = noViolation(scenario, fs, options, upTo, last, undecided, stepLimited);
  return interrupted ? { ...result, interrupted } : result;
}

/**
 * The error for a worker thread that died: when it had started an execution, the one that
 * execution meets in this thread (it names the execution and its token), or else an internal
 * error naming it with the token of its schedule here.
 */
function deadWorker(err: unknown, index: number, at: Pick<ShardJob, 'fs' | 'options' | 'k'> & { readonly scenario: Scenario }): Error {
  const why = err instanceof Error ? err.message : String(err);
  if (index < 0) return new Error(`a worker thread of the exploration failed before its first execution: ${why}`);
  let schedule: string;
  try {
    schedule = execution(at.scenario, at.fs, at.options, index, at.k, new DiskArena()).result.schedule;
  } catch (e) {
    return e as Error; // an ExecutionFailed (or a UserError), as a single thread would have thrown it
  }
  const token = formatToken({ scenario: at.options.scenarioRef, fs: at.fs, schedule });
  return new ExecutionFailed(
    `a worker thread of the exploration died: ${why} (in execution ${index + 1} of the exploration (${at.options.strategy}, seed ${at.options.seed}); replay it: aiosim replay '${token}')`,
  );
}

/** One shard on one worker: its answer, or the reason the worker died without one. */
function runOn(worker: Worker, job: ShardJob): Promise<ShardResult> {
  return new Promise<ShardResult>((resolve, reject) => {
    const done = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (r: ShardResult): void => {
      done();
      resolve(r);
    };
    const onError = (err: Error): void => {
      done();
      reject(err);
    };
    const onExit = (code: number): void => {
      done();
      reject(new Error(`it exited with code ${code} before answering`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(job satisfies ShardJob);
  });
}
