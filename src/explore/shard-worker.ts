/**
 * A worker thread of a parallel exploration: runs the shards it is sent (shard.ts) on the
 * scenario the main thread gave it, and answers each with one message. Nothing it throws
 * escapes as an uncaught error: a failure is part of the answer, so the main thread can report
 * it as bad input (exit 2) or as a bug (exit 3). Before each execution it stores the
 * execution's index in shared memory, so that if the thread dies the main thread can name it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DiskArena } from '../vfs/block-device.js';
import { type ShardJob, type WorkerData, runShard } from './shard.js';

const { scenario, current } = workerData as WorkerData;
/** This thread's disk images, reused from one execution to the next. */
const arena = new DiskArena();

parentPort!.on('message', (job: ShardJob) => {
  parentPort!.postMessage(runShard(job, scenario, arena, (i) => Atomics.store(current, 0, i)));
});
