/**
 * Parallel exploration: the budget cut into shards of consecutive executions, run on a pool of
 * worker threads through a bounded queue (p-queue, one slot per worker). Shards start in order;
 * once a violation (or a failure) is known, shards that start after it are skipped, and the
 * earliest violating execution wins — the very execution a single worker would have found first,
 * since execution i depends only on (strategy, seed, i). It is then shrunk and replayed here, as
 * `explore` does. A failure in a shard is reported as a single worker would have met it: bad
 * input as a UserError, anything else as an internal error naming the execution and its token.
 */
import { DiskArena } from '../vfs/block-device.js';
import { Worker } from 'node:worker_threads';
import PQueue from 'p-queue';
import type { Scenario } from '../scenario/schema.js';
import { UserError } from '../sim/errors.js';
import {
  type ExploreOptions,
  type ExploreResult,
  type ExploreStrategy,
  explore,
  execution,
  expectedChoices,
  noViolation,
  samplingOptions,
  violationFound,
} from './explore.js';
import { ExecutionFailed } from './failure.js';
import type { SamplingStrategy } from './portfolio.js';
import type { ShardFailure, ShardJob, ShardResult } from './shard.js';

/** Budgets up to this many executions run in-process: starting worker threads costs more than they save. */
export const IN_PROCESS_BUDGET = 500;

/** Whether an exploration runs in the calling thread: dfs is one search tree; one worker, or a small budget, gains nothing from threads. */
export function runsInProcess(strategy: ExploreStrategy, budget: number, workers: number): boolean {
  return strategy === 'dfs' || workers <= 1 || budget <= IN_PROCESS_BUDGET;
}

export interface ParallelOptions {
  /** Worker threads (results are identical for any number). */
  readonly workers: number;
  /** The shard worker's module; tests substitute one that fails, to check how failures are reported. */
  readonly workerModule?: URL;
}

/** Explores in-process or on worker threads, as `runsInProcess` decides; the result is the same either way. */
export async function exploreWith(scenario: Scenario, options: ExploreOptions & ParallelOptions): Promise<ExploreResult> {
  const { strategy } = options;
  // (runsInProcess says so for dfs too; testing it here first tells the compiler what is left)
  if (strategy === 'dfs' || runsInProcess(strategy, options.budget, options.workers)) return explore(scenario, options);
  return exploreParallel(scenario, { ...options, strategy });
}

/** The error a shard's failure stands for, as a single thread would have thrown it. */
export function shardError(f: ShardFailure): Error {
  return f.user ? new UserError(f.message) : new ExecutionFailed(f.message);
}

type Found = { readonly index: number; readonly violation: NonNullable<ShardResult['violation']> | null; readonly failure: ShardFailure | null };

export async function exploreParallel(
  scenario: Scenario,
  options: ExploreOptions & ParallelOptions & { readonly strategy: SamplingStrategy },
): Promise<ExploreResult> {
  const fs = options.fs ?? scenario.fs;
  const base = samplingOptions(options);
  const k = expectedChoices(scenario, fs, base);
  const shard = Math.max(16, Math.min(256, Math.ceil(options.budget / (options.workers * 16))));
  const module = options.workerModule ?? new URL('./shard-worker.js', import.meta.url);
  const pool = Array.from({ length: options.workers }, () => new Worker(module));
  const idle = [...pool];
  const queue = new PQueue({ concurrency: options.workers });
  let best: Found | null = null;
  let broken: Error | null = null; // a worker thread that died: no execution to name
  let ran = 0;
  let undecided = 0;
  try {
    for (let from = 0; from < options.budget; from += shard) {
      const to = Math.min(options.budget, from + shard);
      void queue.add(async () => {
        if (broken || (best && from > best.index)) return;
        const worker = idle.pop()!;
        try {
          const result = await runOn(worker, { fs, options: base, k, from, to });
          ran += result.ran;
          undecided += result.undecided;
          options.onProgress?.(ran);
          const index = result.violation?.index ?? result.failure?.index;
          if (index !== undefined && (!best || index < best.index)) best = { index, violation: result.violation, failure: result.failure };
          idle.push(worker);
        } catch (err) {
          broken ??= new Error(`a worker thread of the exploration failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      });
    }
    await queue.onIdle();
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  if (broken) throw broken;
  const found = best as Found | null;
  if (found?.failure) throw shardError(found.failure);
  if (found?.violation) return violationFound(scenario, fs, options, found.index + 1, found.violation.choices, found.violation.first);
  // The last execution's schedule, as a single worker would report it.
  return noViolation(scenario, fs, options, options.budget, execution(scenario, fs, base, options.budget - 1, k, new DiskArena()).result.schedule, undecided);
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
