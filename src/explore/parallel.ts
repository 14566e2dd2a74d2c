/**
 * Parallel exploration: the budget cut into shards of consecutive executions, run on a pool of
 * worker threads through a bounded queue (p-queue, one slot per worker). Shards start in order;
 * once a violation is known, shards that start after it are skipped, and the earliest violating
 * execution wins — the very execution a single worker would have found first, since execution i
 * depends only on (strategy, seed, i). It is then shrunk and replayed here, as `explore` does.
 */
import { DiskArena } from '../vfs/block-device.js';
import { Worker } from 'node:worker_threads';
import PQueue from 'p-queue';
import type { Scenario } from '../scenario/schema.js';
import type { Verdict } from '../sim/verdict.js';
import { type ExploreOptions, type ExploreResult, execution, expectedChoices, noViolation, violationFound } from './explore.js';

export interface ShardJob {
  readonly scenarioRef: string;
  readonly fs: string;
  readonly options: Pick<ExploreOptions, 'strategy' | 'seed' | 'depth' | 'stepLimit'>;
  readonly k: number;
  readonly from: number;
  readonly to: number;
}

export interface ShardResult {
  readonly from: number;
  /** Executions the shard ran (up to and including its violation). */
  readonly ran: number;
  readonly violation: { readonly index: number; readonly choices: number[]; readonly first: Verdict } | null;
}

export async function exploreParallel(scenario: Scenario, options: ExploreOptions & { workers: number }): Promise<ExploreResult> {
  const fs = options.fs ?? scenario.fs;
  const k = expectedChoices(scenario, fs, options.seed, options.stepLimit);
  const shard = Math.max(16, Math.min(256, Math.ceil(options.budget / (options.workers * 16))));
  const pool = Array.from({ length: options.workers }, () => new Worker(new URL('./shard-worker.js', import.meta.url)));
  const idle = [...pool];
  const queue = new PQueue({ concurrency: options.workers });
  const base = { strategy: options.strategy, seed: options.seed, depth: options.depth, stepLimit: options.stepLimit };
  let best: ShardResult['violation'] = null;
  let ran = 0;
  try {
    for (let from = 0; from < options.budget; from += shard) {
      const to = Math.min(options.budget, from + shard);
      void queue.add(async () => {
        if (best && from > best.index) return;
        const worker = idle.pop()!;
        try {
          const result = await new Promise<ShardResult>((resolve, reject) => {
            const onMessage = (r: ShardResult): void => {
              worker.off('error', onError);
              resolve(r);
            };
            const onError = (err: Error): void => {
              worker.off('message', onMessage);
              reject(err);
            };
            worker.once('message', onMessage);
            worker.once('error', onError);
            worker.postMessage({ scenarioRef: options.scenarioRef, fs, options: base, k, from, to } satisfies ShardJob);
          });
          ran += result.ran;
          options.onProgress?.(ran);
          if (result.violation && (!best || result.violation.index < best.index)) best = result.violation;
        } finally {
          idle.push(worker);
        }
      });
    }
    await queue.onIdle();
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  const found = best as ShardResult['violation'];
  if (found) return violationFound(scenario, fs, options, found.index + 1, found.choices, found.first);
  // The last execution's schedule, as a single worker would report it.
  return noViolation(scenario, fs, options, options.budget, execution(scenario, fs, options, options.budget - 1, k, new DiskArena()).result.schedule);
}
