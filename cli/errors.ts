/**
 * How a command that failed ends (design §8): usage errors and bad input are exit 2 with one
 * line on stderr naming what was wrong; anything else is a bug in aiosim, exit 3, one line that
 * asks for a report (and, for an execution that failed, the token that replays it). Never a
 * stack trace.
 */
import { CommanderError } from 'commander';
import { UserError } from '../src/sim/errors.js';

export interface Failure {
  readonly status: number;
  /** What to print on stderr (commander has already printed help, when it did). */
  readonly line: string | null;
}

/** Several lines (commander's "(Did you mean …?)", a multi-line message) made one. */
function oneLine(text: string): string {
  return text
    .trim()
    .replace(/\s*\n\s*/g, ' ')
    .replace('(Did you mean', '(did you mean');
}

export function failure(err: unknown): Failure {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return { status: 0, line: null };
    // `aiosim help` asked for it (exit 0); a bare `aiosim` got it on stderr instead of a command (usage, exit 2).
    if (err.code === 'commander.help') return { status: err.exitCode === 0 ? 0 : 2, line: null };
    return { status: 2, line: `aiosim: ${oneLine(err.message)} (run with --help for usage)` };
  }
  if (err instanceof UserError) return { status: 2, line: `aiosim: ${oneLine(err.message)}` };
  const message = err instanceof Error ? err.message : String(err);
  return { status: 3, line: `aiosim: internal error (a bug in aiosim, please report it with the command you ran): ${oneLine(message)}` };
}
