/**
 * One shard of a parallel exploration: the executions [from, to) run on a worker thread, and
 * what the worker answers — the first execution that violates, or the first that fails (bad
 * input, or an internal error with the token that replays it), whichever comes first.
 * Everything here is plain data: it crosses the thread boundary by structured clone.
 */
import type { ScenarioRun } from '../scenario/runner.js';
import type { Scenario } from '../scenario/schema.js';
import type { DiskArena } from '../vfs/block-device.js';
import { UserError } from '../sim/errors.js';
import type { Verdict } from '../sim/verdict.js';
import { type SamplingOptions, cutShort, execution } from './explore.js';

/** What a worker thread starts with: the scenario the main thread validated, and where to say which execution it is running. */
export interface WorkerData {
  readonly scenario: Scenario;
  /** The scheme files the main thread loaded (load-scheme.ts): the worker loads them before its first shard. */
  readonly schemes: readonly string[];
  /** One Int32 in shared memory: the index of the execution under way (-1 before the first). */
  readonly current: Int32Array;
}

export interface ShardJob {
  readonly fs: string;
  readonly options: SamplingOptions;
  readonly k: number;
  readonly from: number;
  readonly to: number;
}

/** An execution that threw. */
export interface ShardFailure {
  readonly index: number;
  /** Bad input (exit 2), or else an internal error (exit 3). */
  readonly user: boolean;
  /** One line; for an internal error it ends with the replay command. */
  readonly message: string;
}

export interface ShardResult {
  readonly from: number;
  /** Executions the shard ran (up to and including its violation or failure). */
  readonly ran: number;
  readonly violation: { readonly index: number; readonly choices: number[]; readonly first: Verdict } | null;
  readonly failure: ShardFailure | null;
  /** Executions whose oracles could not all decide (ExploreResult.undecided). */
  readonly undecided: number;
  /** Executions cut short by their step limit (ExploreResult.stepLimited). */
  readonly stepLimited: number;
  /** The schedule of the shard's last execution (a "no violation" result reports the exploration's last one). */
  readonly last: string | null;
}

function failure(index: number, err: unknown): ShardFailure {
  return { index, user: err instanceof UserError, message: err instanceof Error ? err.message : String(err) };
}

/** Runs one shard; `starting(i)` is told of each execution before it runs. */
export function runShard(job: ShardJob, scenario: Scenario, arena: DiskArena, starting?: (index: number) => void): ShardResult {
  let undecided = 0;
  let stepLimited = 0;
  let last: string | null = null;
  for (let i = job.from; i < job.to; i++) {
    starting?.(i);
    let run: ScenarioRun;
    try {
      run = execution(scenario, job.fs, job.options, i, job.k, arena);
    } catch (err) {
      return { from: job.from, ran: i + 1 - job.from, violation: null, failure: failure(i, err), undecided, stepLimited, last };
    }
    if (cutShort(run)) stepLimited++;
    else if (run.result.verdicts.length > 0) {
      return {
        from: job.from,
        ran: i + 1 - job.from,
        violation: { index: i, choices: [...run.sim.choices], first: run.result.verdicts[0]! },
        failure: null,
        undecided,
        stepLimited,
        last,
      };
    }
    if (run.notes.length > 0) undecided++;
    last = run.result.schedule;
  }
  return { from: job.from, ran: job.to - job.from, violation: null, failure: null, undecided, stepLimited, last };
}
