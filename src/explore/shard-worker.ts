/**
 * A worker thread of a parallel exploration: runs the shards it is sent (shard.ts) on the
 * scenario the main thread gave it, and answers each with one message. Nothing it throws
 * escapes as an uncaught error: a failure is part of the answer, so the main thread can report
 * it as bad input (exit 2) or as a bug (exit 3). Before each execution it stores the
 * execution's index in shared memory, so that if the thread dies the main thread can name it.
 * It first loads the scheme files the main thread loaded (a module registry is per thread).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { useScheme } from '../fs-impls/load-scheme.js';
import { DiskArena } from '../vfs/block-device.js';
import { type ShardJob, type ShardResult, type WorkerData, runShard } from './shard.js';

const { scenario, schemes, current } = workerData as WorkerData;
/** This thread's disk images, reused from one execution to the next. */
const arena = new DiskArena();
/** The main thread loaded these already: a failure here is reported with the first shard, as the main thread would have. */
const ready: Promise<Error | null> = Promise.all(schemes.map((fs) => useScheme(fs))).then(
  () => null,
  (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
);

parentPort!.on('message', (job: ShardJob) => {
  void ready.then((loadError) => {
    const result: ShardResult =
      loadError === null
        ? runShard(job, scenario, arena, (i) => Atomics.store(current, 0, i))
        : {
            from: job.from,
            ran: 0,
            violation: null,
            failure: { index: job.from, user: true, message: loadError.message },
            undecided: 0,
            stepLimited: 0,
            last: null,
          };
    parentPort!.postMessage(result);
  });
});
