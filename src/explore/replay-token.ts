/**
 * What `aiosim replay` takes: everything needed to re-run one execution exactly —
 * `<scenario>@<scheme>@<schedule string>`, e.g.
 * `truncate-vs-aio-write@bug-truncate-nowait@1.001101-4~h0J400Hd00Zd1~60K400N700Q900.2v`. The
 * scenario is a built-in name or a file path (relative paths resolve from where you run aiosim).
 * Wherever a token is taken, a file holding one is too; a token's scheme is the one it replays
 * under (`--fs` cannot change it).
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../sim/errors.js';
import { decodeSchedule } from '../sim/schedule.js';

export interface ReplayToken {
  readonly scenario: string;
  readonly fs: string;
  readonly schedule: string;
}

export function formatToken(t: ReplayToken): string {
  return `${t.scenario}@${t.fs}@${t.schedule}`;
}

export function parseToken(text: string): ReplayToken {
  const parts = text.trim().split('@');
  if (parts.length < 3)
    throw new UserError(
      `schedule: expected "<scenario>@<scheme>@<choices>" as printed by run or explore, got "${text.length > 60 ? `${text.slice(0, 57)}...` : text}"`,
    );
  const schedule = parts.pop()!;
  const fs = parts.pop()!;
  decodeSchedule(schedule); // validates, with a clear error if damaged
  return { scenario: parts.join('@'), fs, schedule };
}

/** What `--schedule` (run, step) takes, parsed: the token if it was one, and the schedule string. */
export interface ScheduleArgument {
  readonly token: ReplayToken | null;
  readonly schedule: string;
}

/** A token file holds one line; anything much larger is not one. */
const MAX_SCHEDULE_FILE = 1 << 20;

/**
 * A token `<scenario>@<scheme>@<schedule>`, a bare schedule string, or the name of a file
 * holding either (what `s <file>` saves in `aiosim step`). `flag` names the argument in errors.
 */
export function parseScheduleArgument(text: string, flag: string): ScheduleArgument {
  return fromFileOr(text, flag, (content) => {
    if (!content.includes('@')) {
      decodeSchedule(content); // validates
      return { token: null, schedule: content };
    }
    const token = parseToken(content);
    return { token, schedule: token.schedule };
  });
}

/** A replay token, or the name of a file holding one (`aiosim replay`). */
export function parseTokenArgument(text: string, what: string): ReplayToken {
  return fromFileOr(text, what, parseToken);
}

/** `parse` applied to `text`, or to the file `text` names; errors about a file's content name the file. */
function fromFileOr<T>(text: string, what: string, parse: (content: string) => T): T {
  if (text.trim() === '') throw new UserError(`${what}: expected a replay token, a schedule or a file holding one, got an empty string`);
  const file = text.includes('@') ? null : existingFile(text);
  if (file === null) return parse(text.trim());
  const content = readScheduleFile(file);
  try {
    return parse(content);
  } catch (err) {
    if (err instanceof UserError) throw new UserError(`${file}: ${err.message}`);
    throw err;
  }
}

function existingFile(text: string): string | null {
  try {
    return statSync(text).isFile() ? text : null;
  } catch {
    return null; // no such file: the text is the schedule itself
  }
}

function readScheduleFile(file: string): string {
  if (statSync(file).size > MAX_SCHEDULE_FILE) throw new UserError(`${file}: larger than ${MAX_SCHEDULE_FILE} bytes, so not a saved schedule`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new UserError(`${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (text === '') throw new UserError(`${file}: the file is empty; expected a replay token or a schedule`);
  return text;
}

/**
 * The scheme a replay runs under: the token's, which `--fs` may repeat but not contradict (a
 * schedule replayed under another scheme is another execution, or none); without a token, `--fs`
 * or the scenario's own.
 */
export function replayScheme(token: ReplayToken | null, fsFlag: string | undefined, scenarioFs: string): string {
  if (token && fsFlag !== undefined && fsFlag !== token.fs) {
    throw new UserError(
      `--fs ${fsFlag} contradicts the replay token, which was recorded under ${token.fs}; drop --fs, or pass the bare schedule to try it under ${fsFlag}`,
    );
  }
  return token?.fs ?? fsFlag ?? scenarioFs;
}

/** A token passed with a scenario argument (`run <scenario> --schedule <token>`) must name that scenario. */
export function checkTokenScenario(token: ReplayToken | null, scenarioRef: string): void {
  if (!token || token.scenario === scenarioRef || resolve(token.scenario) === resolve(scenarioRef)) return;
  throw new UserError(`--schedule: the replay token is for scenario ${token.scenario}, not ${scenarioRef}; pass the bare schedule to try it on ${scenarioRef}`);
}
