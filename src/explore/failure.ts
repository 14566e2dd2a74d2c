/**
 * When an execution of an exploration hits an internal error (a bug in aiosim, not in the
 * scheme under test), the report names the execution and prints the token that replays it,
 * as a violation's report does: the choices made up to the failing step replay the same steps
 * and so reach the same failure (style guide: "print the token of the execution that hit them").
 * Bad input (a UserError) passes through unchanged: it is the user's to fix, not a bug report.
 */
import { UserError } from '../sim/errors.js';
import { encodeSchedule } from '../sim/schedule.js';
import { PRUNE, type Strategy } from '../sim/strategy.js';
import { formatToken } from './replay-token.js';

/** An internal error in one execution; its message is one line that ends with the replay command. */
export class ExecutionFailed extends Error {
  override readonly name = 'ExecutionFailed';
}

/** A strategy that keeps the choices it answers — what the simulator records, for a run that throws before it returns its own. */
export interface Recording extends Strategy {
  readonly choices: readonly number[];
}

/**
 * Wraps `s`, recording every answer as the simulator does: a pick (unless PRUNE) and a sample
 * minus its minimum. Optional members (dfs's `observe`, `asleep`, `clockBlind`) pass through.
 */
export function recording(s: Strategy): Recording {
  const choices: number[] = [];
  return {
    ...s,
    choices,
    pickContext(enabled, now, last) {
      const c = s.pickContext(enabled, now, last);
      if (c !== PRUNE) choices.push(c);
      return c;
    },
    sample(min, max) {
      const v = s.sample(min, max);
      choices.push(v - min);
      return v;
    },
  };
}

/** Where an execution ran, for the failure's message and token. */
export interface ExecutionPlace {
  /** How the user named the scenario (for the token). */
  readonly scenarioRef: string;
  readonly fs: string;
  /** E.g. "execution 17 of the exploration". */
  readonly what: string;
}

/** `err` as thrown by an execution: a UserError unchanged, anything else an ExecutionFailed with the token of `choices`. */
export function executionFailure(err: unknown, place: ExecutionPlace, choices: readonly number[]): Error {
  if (err instanceof UserError || err instanceof ExecutionFailed) return err;
  const reason = (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' ');
  const token = formatToken({ scenario: place.scenarioRef, fs: place.fs, schedule: encodeSchedule(choices) });
  return new ExecutionFailed(`${reason} (in ${place.what}; replay it: aiosim replay '${token}')`);
}

/**
 * Runs `run` with the strategy `make()` gives; if it throws an internal error, runs it again
 * with a recording copy (executions are deterministic, so it fails at the same step) to learn
 * the choices that lead there. Nothing is recorded on the way when nothing fails.
 */
export function guarded<T>(make: () => Strategy, run: (s: Strategy) => T, place: () => ExecutionPlace): T {
  try {
    return run(make());
  } catch (err) {
    if (err instanceof UserError) throw err;
    const again = recording(make());
    try {
      run(again);
    } catch {
      // the same failure again: `again.choices` lead to it
    }
    throw executionFailure(err, place(), again.choices);
  }
}
