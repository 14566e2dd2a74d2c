/**
 * The default step limit of a scenario: it grows with the work the scenario asks for, so that
 * no healthy scenario reaches it however long it is, and only a run that keeps going without
 * getting anywhere (a livelock) does.
 *
 * Work counts what takes steps: ops (a lock program's too, and those of its interrupt blocks),
 * the contexts they may start (a task, and completion contexts for each I/O), and the blocks
 * each I/O or fallocate covers (the kernel paths step block by block). A step of one context
 * can wait on the others (a waiter rechecks, a spinner retries), so the limit is a multiple of
 * work × contexts: max(100,000, 8 × work × (8 + tasks)). `--step-limit` overrides it, above or
 * below.
 */
import { DEFAULT_STEP_LIMIT, STEP_LIMIT_MAX } from '../sim/simulator.js';
import type { Scenario } from './schema.js';

interface Counted {
  readonly op: string;
  readonly length?: number;
  readonly ops?: readonly Counted[];
}

export function defaultStepLimit(scenario: Scenario): number {
  const bs = scenario.geometry.blockSize;
  let ops = 0;
  let ios = 0;
  let blocks = 0;
  const count = (list: readonly Counted[]): void => {
    for (const op of list) {
      ops++;
      if (op.length !== undefined) {
        ios++;
        blocks += Math.ceil(op.length / bs) + 1;
      }
      if (op.ops) count(op.ops);
    }
  };
  for (const t of scenario.tasks) count(t.ops as readonly Counted[]);
  const tasks = scenario.tasks.length;
  const work = ops + tasks + ios + blocks;
  return Math.min(STEP_LIMIT_MAX, Math.max(DEFAULT_STEP_LIMIT, 8 * work * (8 + tasks)));
}
