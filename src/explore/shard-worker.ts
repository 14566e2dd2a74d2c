/**
 * A worker thread of a parallel exploration: runs the executions [from, to) of one shard and
 * reports the first that violates (its index, choices and first verdict), or none.
 */
import { DiskArena } from '../vfs/block-device.js';
import { parentPort } from 'node:worker_threads';
import { loadScenario } from '../scenario/catalog.js';
import type { Scenario } from '../scenario/schema.js';
import { execution } from './explore.js';
import type { ShardJob, ShardResult } from './parallel.js';

const scenarios = new Map<string, Scenario>();
/** This thread's disk images, reused from one execution to the next. */
const arena = new DiskArena();

parentPort!.on('message', (job: ShardJob) => {
  let scenario = scenarios.get(job.scenarioRef);
  if (!scenario) scenarios.set(job.scenarioRef, (scenario = loadScenario(job.scenarioRef)));
  let result: ShardResult = { from: job.from, ran: job.to - job.from, violation: null };
  for (let i = job.from; i < job.to; i++) {
    const run = execution(scenario, job.fs, job.options, i, job.k, arena);
    if (run.result.verdicts.length > 0) {
      result = { from: job.from, ran: i + 1 - job.from, violation: { index: i, choices: [...run.sim.choices], first: run.result.verdicts[0]! } };
      break;
    }
  }
  parentPort!.postMessage(result);
});
