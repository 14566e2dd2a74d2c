/**
 * Schedule strings: the compact, versioned text form of a run's choices.
 *
 * A run makes a sequence of choices, each a small non-negative integer: which enabled context
 * runs next (an index into the enabled list, recorded only when there were two or more), and
 * every sampled value (a latency minus its minimum, recorded only when the range is not a
 * single value). Replaying the same integers against the same scenario reproduces the run byte
 * for byte; no seed is needed.
 *
 * Format `1.<body>.<check>`:
 * - `1` is the format version.
 * - body: each integer as little-endian base-32 digits; a digit is one character from
 *   TERMINAL (last digit) or CONTINUE (more digits follow). Small choices — the common case —
 *   take one character. Runs of the same value longer than 3 are written `~<count><value>`
 *   (count and value in the same digit code), since replays of long runs are mostly zeros.
 * - check: two characters of an FNV-1a hash of the body, so a damaged copy is refused with a
 *   clear error instead of replaying something else.
 * All characters are URL- and shell-safe.
 */
import { UserError } from './errors.js';

const TERMINAL = '0123456789abcdefghijklmnopqrstuv';
const CONTINUE = 'wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-';
const RUN = '~';
const VERSION = '1';
/**
 * The most choices a schedule may hold. A run records about one choice per step, and the step
 * limit can reach 10^8, but 10^8 choices would take over 800 MB as an array before the replay
 * even starts (a run of 10^9 zeros, written in 12 characters, used to kill Node). Ten million
 * choices replay runs of the default step limit a hundred times over.
 */
export const MAX_SCHEDULE_CHOICES = 10_000_000;
/** A choice is an index into a list of enabled contexts, or a latency offset in µs: far below 2^32. */
const MAX_CHOICE = 2 ** 32;

function encodeInt(n: number, out: string[]): void {
  let v = n;
  while (v >= 32) {
    out.push(CONTINUE[v & 31]!);
    v = Math.floor(v / 32);
  }
  out.push(TERMINAL[v]!);
}

function check(body: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < body.length; i++) {
    h ^= body.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  const v = (h >>> 0) & 1023;
  return TERMINAL[v & 31]! + TERMINAL[v >> 5]!;
}

export function encodeSchedule(choices: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < choices.length; ) {
    const value = choices[i]!;
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`choice ${value} is not a non-negative integer`);
    let run = 1;
    while (i + run < choices.length && choices[i + run] === value) run++;
    if (run > 3) {
      out.push(RUN);
      encodeInt(run, out);
      encodeInt(value, out);
    } else {
      for (let k = 0; k < run; k++) encodeInt(value, out);
    }
    i += run;
  }
  const body = out.join('');
  return `${VERSION}.${body}.${check(body)}`;
}

/** Parses a schedule string; throws UserError with the reason when it is not one. */
export function decodeSchedule(text: string): number[] {
  const parts = text.trim().split('.');
  if (parts.length !== 3) throw new UserError(`schedule: expected "1.<choices>.<check>", got ${abbreviate(text)}`);
  const [version, body, sum] = parts as [string, string, string];
  if (version !== VERSION) throw new UserError(`schedule: unknown format version ${abbreviate(version)} (this aiosim reads version ${VERSION})`);
  if (check(body) !== sum) throw new UserError('schedule: check characters do not match; the string was damaged or truncated when copied');
  const values: number[] = [];
  let i = 0;
  const readInt = (): number => {
    let v = 0;
    let scale = 1;
    for (;;) {
      const c = body[i++];
      if (c === undefined) throw new UserError('schedule: the choices end in the middle of a number');
      const cont = CONTINUE.indexOf(c);
      const term = cont >= 0 ? -1 : TERMINAL.indexOf(c);
      if (cont < 0 && term < 0) throw new UserError(`schedule: unexpected character ${JSON.stringify(c)}`);
      v += (cont >= 0 ? cont : term) * scale;
      if (term >= 0 && v <= MAX_CHOICE) return v;
      scale *= 32;
      if (v > MAX_CHOICE || scale > MAX_CHOICE) throw new UserError(`schedule: a number above ${MAX_CHOICE}; no run records one, the string is not a schedule`);
    }
  };
  const tooMany = (): never => {
    throw new UserError(`schedule: more than ${MAX_SCHEDULE_CHOICES} choices, the most aiosim replays`);
  };
  while (i < body.length) {
    if (body[i] === RUN) {
      i++;
      const count = readInt();
      const value = readInt();
      // Counted before anything is materialised: `~<huge>0` is a dozen characters.
      if (values.length + count > MAX_SCHEDULE_CHOICES) tooMany();
      for (let k = 0; k < count; k++) values.push(value);
    } else {
      if (values.length >= MAX_SCHEDULE_CHOICES) tooMany();
      values.push(readInt());
    }
  }
  return values;
}

/** Quoted, short and on one line, whatever the user pasted. */
function abbreviate(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 37)}...` : s);
}
