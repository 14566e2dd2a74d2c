/**
 * What `aiosim replay` takes: everything needed to re-run one execution exactly.
 *
 *   <scenario>@<scheme>@<schedule>[@h1.<scenario hash>.<scheme hash>[.<embedded scenario>]]
 *
 * e.g. `truncate-vs-aio-write@bug-truncate-nowait@1.~P10.i4@h1.5d0c2a9e.8b41f7c2`. The scenario
 * is a built-in name or a file path (relative paths resolve from where you run aiosim); the
 * scheme is the one the token replays under (`--fs` cannot change it); the schedule string is
 * the run's choices (src/sim/schedule.ts). The binding, after the fourth `@`, makes the token
 * refuse to replay on anything but what it was recorded on:
 * - the scenario hash covers what a run reads — version, geometry, device, cpu, files, tasks —
 *   of the validated scenario (defaults filled in) as canonical JSON, so reformatting the file,
 *   reordering keys, comments, and editing its prose (name, title, description, references) or
 *   its default `fs` change nothing, and any other edit is refused;
 * - the scheme hash covers a built-in scheme's name and MODEL_REVISION, or a scheme file's bytes;
 * - an embedded token (`--embed`) carries the whole scenario (canonical JSON, raw DEFLATE,
 *   URL-safe base64: token-codec.ts) and names it by its name, not a path, so the token alone
 *   replays on another machine.
 * A token without a binding (what aiosim printed before) still replays, with a note. Wherever
 * a token is taken, a file holding one is too. The format is described in docs/reports.md.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { schemeNamed } from '../fs-impls/schemes.js';
import { loadScenario } from '../scenario/catalog.js';
import type { Scenario } from '../scenario/schema.js';
import { LIMITS } from '../scenario/schema.js';
import { validateScenario } from '../scenario/validate.js';
import { UserError } from '../sim/errors.js';
import { decodeSchedule } from '../sim/schedule.js';
import { canonicalJson, decodeScenarioPayload, encodeScenarioPayload, shortHash } from './token-codec.js';

/**
 * The revision of the simulated kernel's behaviour, part of every scheme hash: a change that
 * alters the executions of built-in schemes (the golden digests in test/golden change on
 * purpose) bumps it, so tokens recorded before are refused rather than replayed into another run.
 */
export const MODEL_REVISION = 1;

/** What a token is bound to (hashes from token-codec.ts's shortHash), and in an embedded token the scenario itself. */
export interface TokenBinding {
  readonly scenario: string;
  readonly scheme: string;
  /** encodeScenarioPayload of the scenario, in an embedded token. */
  readonly payload?: string;
}

export interface ReplayToken {
  readonly scenario: string;
  readonly fs: string;
  readonly schedule: string;
  /** Absent in a token printed before tokens were bound. */
  readonly binding?: TokenBinding;
}

const BINDING_VERSION = 'h1';
const HASH = /^[0-9a-f]{8}$/;
const PAYLOAD = /^[A-Za-z0-9_-]+$/;

export function formatToken(t: ReplayToken): string {
  const b = t.binding;
  const binding = b ? `@${BINDING_VERSION}.${b.scenario}.${b.scheme}${b.payload === undefined ? '' : `.${b.payload}`}` : '';
  return `${t.scenario}@${t.fs}@${t.schedule}${binding}`;
}

const abbreviate = (text: string): string => (text.length > 60 ? `${text.slice(0, 57)}...` : text);

export function parseToken(text: string): ReplayToken {
  const parts = text.trim().split('@');
  // A schedule starts with its version digit, a binding with a letter: the last field says which it is.
  const binding = parts.length >= 4 && /^[a-z]/.test(parts[parts.length - 1]!) ? parseBinding(parts.pop()!) : undefined;
  if (parts.length < 3) throw new UserError(`schedule: expected "<scenario>@<scheme>@<choices>" as printed by run or explore, got "${abbreviate(text)}"`);
  const schedule = parts.pop()!;
  const fs = parts.pop()!;
  decodeSchedule(schedule); // validates, with a clear error if damaged
  return { scenario: parts.join('@'), fs, schedule, ...(binding ? { binding } : {}) };
}

function parseBinding(text: string): TokenBinding {
  const [version, scenario, scheme, payload, ...rest] = text.split('.');
  if (version !== BINDING_VERSION)
    throw new UserError(`schedule: the token's binding "${abbreviate(text)}" has an unknown version (this aiosim reads ${BINDING_VERSION}.<hash>.<hash>)`);
  if (!HASH.test(scenario ?? '') || !HASH.test(scheme ?? '') || rest.length > 0 || (payload !== undefined && !PAYLOAD.test(payload)))
    throw new UserError(
      `schedule: the token's binding "${abbreviate(text)}" is damaged (expected ${BINDING_VERSION}.<8 hex digits>.<8 hex digits>, then the embedded scenario if any)`,
    );
  return { scenario: scenario!, scheme: scheme!, ...(payload === undefined ? {} : { payload }) };
}

/** The scenario keys a run never reads: prose, its name (the token names it) and its default scheme (the token binds its own). */
const UNREAD_KEYS: ReadonlySet<string> = new Set(['name', 'title', 'description', 'references', 'fs']);

/**
 * Keys added to the format later, at their defaults, leave the hash as it was: a scenario that
 * does not use lock programs or kernel settings hashes as it did before they existed.
 */
const LATER_DEFAULTS: Readonly<Record<string, string>> = {
  locks: '[]',
  kernel: canonicalJson({ hz: 1000, rwsem_spin: false, lockdep: 'all', force_read_lock_recursive: false }),
  starvation: canonicalJson({ after: 3 }),
};
function isDefault(key: string, value: unknown): boolean {
  return LATER_DEFAULTS[key] !== undefined && canonicalJson(value) === LATER_DEFAULTS[key];
}

/** The hash of what a run of `scenario` reads (every key but UNREAD_KEYS: a key added to the format is covered by default). */
export function scenarioHash(scenario: Scenario): string {
  return shortHash(canonicalJson(Object.fromEntries(Object.entries(scenario).filter(([key, value]) => !UNREAD_KEYS.has(key) && !isDefault(key, value)))));
}

/**
 * What a scheme hash covers: a built-in scheme's name and the model revision; for a scheme file
 * (`--fs <path>`), its content (and the model revision, since the model runs it). Imports of that
 * file are not covered.
 */
export function schemeIdentity(fs: string): string {
  if (isBuiltInScheme(fs)) return `built-in scheme ${fs}, model revision ${MODEL_REVISION}`;
  let content: string;
  try {
    content = readFileSync(fs, 'utf8');
  } catch (err) {
    throw new UserError(`--fs ${fs}: not a built-in scheme, and the scheme file cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return `scheme file, model revision ${MODEL_REVISION}\n${content}`;
}

/** A scheme file, once loaded, is found by schemeNamed too: it is hashed by its bytes all the same. */
const isBuiltInScheme = (fs: string): boolean => schemeNamed(fs)?.kind !== undefined && schemeNamed(fs)?.kind !== 'user';

export function schemeHash(fs: string): string {
  return shortHash(schemeIdentity(fs));
}

export interface BindOptions {
  /** Carry the scenario itself, named by its name (`--embed`). */
  readonly embed?: boolean;
}

/** The token of a run of `scenario` under `t.fs`, bound to both (and carrying the scenario, with `embed`). */
export function bindToken(t: Pick<ReplayToken, 'scenario' | 'fs' | 'schedule'>, scenario: Scenario, o: BindOptions = {}): ReplayToken {
  const binding: TokenBinding = {
    scenario: scenarioHash(scenario),
    scheme: schemeHash(t.fs),
    ...(o.embed ? { payload: encodeScenarioPayload(scenario, (b) => deflateRawSync(b, { level: 9 })) } : {}),
  };
  return { scenario: o.embed ? scenario.name : t.scenario, fs: t.fs, schedule: t.schedule, binding };
}

/** formatToken(bindToken(…)): what the commands print. */
export function boundToken(t: Pick<ReplayToken, 'scenario' | 'fs' | 'schedule'>, scenario: Scenario, o: BindOptions = {}): string {
  return formatToken(bindToken(t, scenario, o));
}

/** The scenario a token replays: the one it carries, or else the built-in or file it names. */
export function tokenScenario(token: ReplayToken): Scenario {
  const payload = token.binding?.payload;
  if (payload === undefined) return loadScenario(token.scenario);
  const where = 'the scenario embedded in the replay token';
  const data = decodeScenarioPayload(payload, (b) => inflateRawSync(b, { maxOutputLength: LIMITS.fileBytes }));
  if (data === null) throw new UserError(`${where} is damaged (not the compressed JSON aiosim embeds); copy the whole token again`);
  const scenario = validateScenario(data, where);
  if (scenario.name !== token.scenario || scenarioHash(scenario) !== token.binding!.scenario)
    throw new UserError(`${where} does not match the token's name and hash (a damaged copy?); copy the whole token again`);
  return scenario;
}

/** How a refused token may be replayed anyway, for the error line: `--force`, or the bare schedule. */
export interface TokenCheckOptions {
  readonly force?: boolean;
  readonly bypass: string;
}

/**
 * Refuses (UserError) a token bound to another version of its scenario or scheme than the ones
 * given, naming which changed; with `force` that is a warning. Returns what to tell the user
 * (on stderr), if anything: the warning, or the note that an old token is not bound.
 */
export function checkTokenBinding(token: ReplayToken, scenario: Scenario, fs: string, o: TokenCheckOptions): string | null {
  const b = token.binding;
  if (!b) {
    return 'note: this replay token is not bound to its scenario and scheme (a token from an older aiosim): if either changed since it was recorded, the replay differs without a word; the token printed below is bound';
  }
  const changed: string[] = [];
  if (b.scenario !== scenarioHash(scenario))
    changed.push(`the scenario ${token.scenario} changed (its ops, files, geometry, device or cpu; hash ${b.scenario} → ${scenarioHash(scenario)})`);
  if (b.scheme !== schemeHash(fs)) {
    const what = isBuiltInScheme(fs) ? 'another aiosim model revision' : 'its file was edited';
    changed.push(`the scheme ${fs} changed (${what}; hash ${b.scheme} → ${schemeHash(fs)})`);
  }
  if (changed.length === 0) return null;
  const message = `the replay token no longer fits what it replays: ${changed.join('; ')}`;
  if (o.force) return `warning: ${message}; replaying anyway (--force): the run may differ from the recorded one`;
  throw new UserError(`${message}; ${o.bypass}`);
}

/** What `--schedule` (run, step) takes, parsed: the token if it was one, and the schedule string. */
export interface ScheduleArgument {
  readonly token: ReplayToken | null;
  readonly schedule: string;
}

/** A token file holds one line; an embedded token holds a scenario of at most LIMITS.fileBytes, compressed. */
const MAX_SCHEDULE_FILE = 2 * LIMITS.fileBytes;

/**
 * A token `<scenario>@<scheme>@<schedule>[@binding]`, a bare schedule string, or the name of a
 * file holding either (what `s <file>` saves in `aiosim step`). `flag` names the argument in errors.
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

/**
 * A token passed with a scenario argument (`run <scenario> --schedule <token>`) must name that
 * scenario: the same built-in or file, or (an embedded token, which names no file) a scenario of its name.
 */
export function checkTokenScenario(token: ReplayToken | null, scenarioRef: string, scenarioName?: string): void {
  if (!token || token.scenario === scenarioRef || resolve(token.scenario) === resolve(scenarioRef)) return;
  if (token.binding?.payload !== undefined && token.scenario === scenarioName) return;
  throw new UserError(`--schedule: the replay token is for scenario ${token.scenario}, not ${scenarioRef}; pass the bare schedule to try it on ${scenarioRef}`);
}
