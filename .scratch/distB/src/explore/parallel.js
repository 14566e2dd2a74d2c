/**
 * Parallel exploration: the budget cut into shards of consecutive executions, run on a pool of
 * worker threads through a bounded queue (p-queue, one slot per worker). Shards start in order;
 * once a violation is known, shards that start after it are skipped, and the earliest violating
 * execution wins — the very execution a single worker would have found first, since execution i
 * depends only on (strategy, seed, i). It is then shrunk and replayed here, as `explore` does.
 */
import { Worker } from 'node:worker_threads';
import PQueue from 'p-queue';
import { execution, expectedChoices, noViolation, violationFound } from './explore.js';
export async function exploreParallel(scenario, options) {
    const fs = options.fs ?? scenario.fs;
    const k = expectedChoices(scenario, fs, options.seed, options.stepLimit);
    const shard = Math.max(16, Math.min(256, Math.ceil(options.budget / (options.workers * 16))));
    const pool = Array.from({ length: options.workers }, () => new Worker(new URL('./shard-worker.js', import.meta.url)));
    const idle = [...pool];
    const queue = new PQueue({ concurrency: options.workers });
    const base = { strategy: options.strategy, seed: options.seed, depth: options.depth, stepLimit: options.stepLimit };
    let best = null;
    let ran = 0;
    try {
        for (let from = 0; from < options.budget; from += shard) {
            const to = Math.min(options.budget, from + shard);
            void queue.add(async () => {
                if (best && from > best.index)
                    return;
                const worker = idle.pop();
                try {
                    const result = await new Promise((resolve, reject) => {
                        const onMessage = (r) => {
                            worker.off('error', onError);
                            resolve(r);
                        };
                        const onError = (err) => {
                            worker.off('message', onMessage);
                            reject(err);
                        };
                        worker.once('message', onMessage);
                        worker.once('error', onError);
                        worker.postMessage({ scenarioRef: options.scenarioRef, fs, options: base, k, from, to });
                    });
                    ran += result.ran;
                    options.onProgress?.(ran);
                    if (result.violation && (!best || result.violation.index < best.index))
                        best = result.violation;
                }
                finally {
                    idle.push(worker);
                }
            });
        }
        await queue.onIdle();
    }
    finally {
        await Promise.all(pool.map((w) => w.terminate()));
    }
    const found = best;
    if (found)
        return violationFound(scenario, fs, options, found.index + 1, found.choices, found.first);
    // The last execution's schedule, as a single worker would report it.
    return noViolation(scenario, fs, options, options.budget, execution(scenario, fs, options, options.budget - 1, k).result.schedule);
}
