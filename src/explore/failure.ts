/**
 * When an execution of an exploration hits an internal error (a bug in aiosim, not in the
 * scheme under test), the report names the execution and prints the token that replays it,
 * as a violation's report does: the choices made up to the failing step (the runner hands them
 * over with the error, RunFailed) replay the same steps and so reach the same failure (style guide: "print the token of the execution that hit them").
 * Bad input (a UserError) passes through unchanged: it is the user's to fix, not a bug report.
 */
import { UserError } from '../sim/errors.js';
import { encodeSchedule } from '../sim/schedule.js';
import { RunFailed } from '../scenario/runner.js';
import { formatToken } from './replay-token.js';

/** An internal error in one execution; its message is one line that ends with the replay command. */
export class ExecutionFailed extends Error {
  override readonly name = 'ExecutionFailed';
}

/** Where an execution ran, for the failure's message and token. */
export interface ExecutionPlace {
  /** How the user named the scenario (for the token). */
  readonly scenarioRef: string;
  readonly fs: string;
  /** E.g. "execution 17 of the exploration". */
  readonly what: string;
}

/**
 * `err` as thrown by an execution: a UserError unchanged, anything else an ExecutionFailed with
 * the token of the choices the run had made (RunFailed carries them; a failure before the run
 * started needs none: preparing the world is deterministic).
 */
export function executionFailure(err: unknown, place: ExecutionPlace): Error {
  if (err instanceof UserError || err instanceof ExecutionFailed) return err;
  const choices = err instanceof RunFailed ? err.choices : [];
  const reason = (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' ');
  const token = formatToken({ scenario: place.scenarioRef, fs: place.fs, schedule: encodeSchedule(choices) });
  return new ExecutionFailed(`${reason} (in ${place.what}; replay it: aiosim replay '${token}')`);
}

/** Runs one execution; an internal error becomes an ExecutionFailed naming `place()` and the token that replays it. */
export function guarded<T>(run: () => T, place: () => ExecutionPlace): T {
  try {
    return run();
  } catch (err) {
    throw executionFailure(err, place());
  }
}
