/**
 * A worker thread of a parallel exploration: runs the shards it is sent (shard.ts) and answers
 * each with one message. Nothing it throws escapes as an uncaught error: a failure is part of
 * the answer, so the main thread can report it as bad input (exit 2) or as a bug (exit 3).
 */
import { DiskArena } from '../vfs/block-device.js';
import { parentPort } from 'node:worker_threads';
import { loadScenario } from '../scenario/catalog.js';
import type { Scenario } from '../scenario/schema.js';
import { type ShardJob, runShard } from './shard.js';

const scenarios = new Map<string, Scenario>();
/** This thread's disk images, reused from one execution to the next. */
const arena = new DiskArena();

function load(ref: string): Scenario {
  let scenario = scenarios.get(ref);
  if (!scenario) scenarios.set(ref, (scenario = loadScenario(ref)));
  return scenario;
}

parentPort!.on('message', (job: ShardJob) => {
  parentPort!.postMessage(runShard(job, () => load(job.options.scenarioRef), arena));
});
