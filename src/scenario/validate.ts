/**
 * Loading and validating scenario files. Every problem becomes one UserError line naming the
 * file, the path to the field, and what was expected — never a stack trace:
 *
 *   my.yaml: tasks[1].ops[0].offset: expected a whole number ≥ 0, got -4
 *   my.yaml: tasks[0].ops[2]: unknown key "lenght" (did you mean "length"?)
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { UserError } from '../sim/errors.js';
import { SCHEME_NAMES } from '../fs-impls/schemes.js';
import { isSchemePath, resolveSchemePath } from '../fs-impls/user-schemes.js';
import { type LockOpName, type LockTypeName, lockApi } from '../locks/lock-api.js';
import { LIMITS, type Scenario, type ScenarioOp, scenarioSchema } from './schema.js';

function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || '(top level)';
}

/** A value as the user wrote it, on one short line (input may be huge, deep or, via YAML aliases, circular). */
function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value); // NaN, Infinity: JSON would say null
  const seen = new Set<unknown>();
  let text: string;
  try {
    text =
      JSON.stringify(value, (_k, v: unknown) => {
        if (v && typeof v === 'object') {
          if (seen.has(v)) return '[circular]';
          seen.add(v);
        }
        return typeof v === 'bigint' ? String(v) : v;
      }) ?? String(value);
  } catch {
    text = Array.isArray(value) ? '[…]' : typeof value === 'object' ? '{…}' : String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Optimal string alignment distance: Levenshtein plus a swap of two neighbours (lenght → length is 1). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/** The candidate `word` is most likely a typo of, if any is close; `missing` ones win ties (`fil` → fill, not file). */
function closest(word: string, candidates: readonly string[], missing: ReadonlySet<string> = new Set()): string | undefined {
  if (word.length > 40) return undefined;
  const limit = Math.min(2, Math.floor(word.length / 3)) || (word.length > 1 ? 1 : 0);
  let best: { c: string; score: number } | undefined;
  for (const c of candidates) {
    const score = editDistance(word.toLowerCase(), c.toLowerCase()) + (word === c ? 0 : word.toLowerCase() === c.toLowerCase() ? 0.5 : 0);
    if (score > limit + 0.5) continue;
    const ranked = score - (missing.has(c) ? 0.25 : 0);
    if (!best || ranked < best.score) best = { c, score: ranked };
  }
  return best?.c;
}

/** The keys the schema allows for the object at `path` of `input`, or null when no object is expected there. */
function allowedKeys(path: readonly PropertyKey[], input: unknown): string[] | null {
  let schema: z.core.$ZodType = scenarioSchema;
  let value = input;
  const unwrap = (): void => {
    while (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional) schema = schema.unwrap() as z.core.$ZodType;
    if (schema instanceof z.ZodDiscriminatedUnion) {
      const discriminator = (schema._zod.def as { discriminator: string }).discriminator;
      const wanted = value && typeof value === 'object' ? (value as Record<string, unknown>)[discriminator] : undefined;
      const options = schema.options as z.ZodObject[];
      const match = options.find((o) => (o.shape[discriminator] as z.ZodLiteral).values.has(wanted as never));
      // An unknown discriminator: any option's key is a key the user may have meant.
      schema = match ?? z.object(Object.assign({}, ...options.map((o) => o.shape)) as z.ZodRawShape);
    }
  };
  for (const p of path) {
    unwrap();
    if (schema instanceof z.ZodObject && typeof p === 'string') schema = schema.shape[p] as z.core.$ZodType;
    else if (schema instanceof z.ZodArray && typeof p === 'number') schema = schema.element as z.core.$ZodType;
    else return null;
    value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[p] : undefined;
    if (!schema) return null;
  }
  unwrap();
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : null;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = input;
  for (const p of path) value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[p] : undefined;
  return value;
}

/** `unknown key "lenght" (did you mean "length"?)` for the unknown keys of the object at `path`. */
function unknownKeys(keys: readonly string[], path: readonly PropertyKey[], input: unknown): string {
  const allowed = allowedKeys(path, input) ?? [];
  const given = valueAt(input, path);
  const missing = new Set(allowed.filter((k) => !(given && typeof given === 'object' && Object.hasOwn(given, k))));
  const named = keys.map((k) => {
    const hint = closest(k, allowed, missing);
    return `${show(k)}${hint ? ` (did you mean "${hint}"?)` : ''}`;
  });
  const any = named.some((n) => n.includes('did you mean'));
  return `unknown key${keys.length > 1 ? 's' : ''} ${named.join(', ')}${any ? '' : ' (a typo?)'}`;
}

/** `path: what`, the second half of an error line. */
function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const value = valueAt(input, issue.path);
  const got = show(value);
  const at = `${fieldPath(issue.path)}: `;
  switch (issue.code) {
    case 'unrecognized_keys':
      return at + unknownKeys(issue.keys, issue.path, input);
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      if (!Array.isArray(options)) return `${at}${issue.message}, got ${got}`;
      // A missing discriminator may be a misspelt one (`opp: fsync`): then name that key.
      const parent = issue.path.slice(0, -1);
      const obj = valueAt(input, parent);
      if (value === undefined && obj && typeof obj === 'object') {
        const allowed = allowedKeys(parent, input) ?? [];
        const typo = Object.keys(obj).find((k) => !allowed.includes(k) && closest(k, [issue.path.at(-1) as string]));
        if (typo) return `${fieldPath(parent)}: ${unknownKeys([typo], parent, input)}`;
      }
      const hint = typeof value === 'string' ? closest(value, options.map(String)) : undefined;
      // An op: the file ops by name, the kernel lock API (dozens of names) by pointer, so the line stays readable.
      const names = options.map(String);
      const lockOps = names.indexOf('down_read');
      const shown =
        lockOps > 0
          ? `${names.slice(0, lockOps).join(', ')}, or a lock-program op (down_read, mutex_lock, spin_lock_irq, hardirq, …: docs/locks.md)`
          : names.join(', ');
      return `${at}expected one of ${shown}, got ${got}${hint ? ` (did you mean "${hint}"?)` : ''}`;
    }
    case 'too_small':
    case 'too_big':
    case 'invalid_type':
    case 'invalid_value':
      return `${at}${issue.message.replace(/^Invalid input: /, '').replace(/^Too (small|big): /, '')}, got ${got}`;
    default:
      return `${at}${issue.message}, got ${got}`;
  }
}

/** The issue to report: the first, unless an unknown key of its object (or of an outer one) explains it (a typo). */
function firstIssue(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue {
  const first = issues[0]!;
  const within = (outer: readonly PropertyKey[]) => outer.length <= first.path.length && outer.every((p, i) => first.path[i] === p);
  return issues.find((i) => i.code === 'unrecognized_keys' && within(i.path)) ?? first;
}

/** Validates parsed data; `source` names the file in messages. */
export function validateScenario(data: unknown, source: string): Scenario {
  const parsed = scenarioSchema.safeParse(data);
  if (!parsed.success) {
    const issue = firstIssue(parsed.error.issues);
    throw new UserError(`${source}: ${describeIssue(issue, data).replace(/got nothing$/, 'missing')}`);
  }
  const s = parsed.data;
  checkReferences(s, source);
  return s;
}

const opAt = (ti: number, oi: number): string => `tasks[${ti}].ops[${oi}]`;
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(bytes % 2 ** 20 ? 1 : 0)} MiB`;

function checkReferences(s: Scenario, source: string): void {
  const fail = (where: string, msg: string): never => {
    throw new UserError(`${source}: ${where}: ${msg}`);
  };
  // A scheme file (`fs: ./x.mjs`) is loaded, and checked, before the first run (load-scheme.ts).
  if (!SCHEME_NAMES.includes(s.fs) && !isSchemePath(s.fs)) {
    const hint = closest(s.fs, SCHEME_NAMES);
    fail('fs', `unknown scheme ${show(s.fs)}${hint ? ` (did you mean "${hint}"?)` : ''}; expected one of ${SCHEME_NAMES.join(', ')}`);
  }
  const { blockSize, blocks } = s.geometry;
  const sector = s.geometry.sectorSize ?? 512;
  const capacity = blockSize * blocks;
  if (sector > blockSize) fail('geometry.sectorSize', `a sector of ${sector} bytes is larger than the block (geometry.blockSize ${blockSize})`);
  if (capacity > LIMITS.deviceBytes)
    fail('geometry.blocks', `${blocks} blocks of ${blockSize} bytes are ${mib(capacity)}, more than aiosim's cap of ${mib(LIMITS.deviceBytes)} per device`);
  const files = new Set<string>();
  let filledBlocks = 0;
  s.files.forEach((f, i) => {
    if (files.has(f.path)) fail(`files[${i}].path`, `"${f.path}" is listed twice`);
    if (f.size > capacity) fail(`files[${i}].size`, `${f.size} bytes do not fit on a device of ${capacity} bytes (geometry)`);
    if (f.fill) filledBlocks += Math.ceil(f.size / blockSize);
    if (filledBlocks > blocks) fail(`files[${i}].size`, `the filled files need ${filledBlocks} blocks, more than the device's ${blocks} (geometry.blocks)`);
    files.add(f.path);
  });
  const totalOps = s.tasks.reduce((n, t) => n + t.ops.length, 0);
  if (totalOps > LIMITS.ops) fail('tasks', `${totalOps} ops in all, more than aiosim's cap of ${LIMITS.ops}`);
  const created = new Set(s.tasks.flatMap((t) => t.ops.flatMap((o) => (o.op === 'create' ? [o.file] : []))));
  const ids = new Map<string, { task: number; index: number; op: string }>();
  const taskNames = new Set<string>();
  s.tasks.forEach((t, ti) => {
    if (taskNames.has(t.name)) fail(`tasks[${ti}].name`, `task "${t.name}" is defined twice`);
    taskNames.add(t.name);
    t.ops.forEach((op, oi) => {
      const where = opAt(ti, oi);
      if (op.id) {
        if (ids.has(op.id)) fail(`${where}.id`, `id "${op.id}" is used twice`);
        ids.set(op.id, { task: ti, index: oi, op: op.op });
      }
      if ('file' in op && !files.has(op.file) && !created.has(op.file)) fail(`${where}.file`, `"${op.file}" is neither in files nor created by a create op`);
      if ('offset' in op) {
        if (op.offset > capacity || op.length > capacity || op.offset + op.length > capacity) {
          fail(`${where}.length`, `offset + length = ${op.offset + op.length} is past the device capacity of ${capacity} bytes`);
        }
        // xfs_file_dio_write and iomap_dio_bio_iter: `(pos | length) & (bdev_logical_block_size - 1)` is -EINVAL.
        const direct = op.op === 'aio_write' || op.op === 'aio_read' || ((op.op === 'write' || op.op === 'read') && op.direct);
        for (const key of ['offset', 'length'] as const) {
          if (direct && op[key] % sector !== 0) {
            fail(
              `${where}.${key}`,
              `direct I/O must be aligned to the ${sector}-byte logical sector (geometry.sectorSize): ${op[key]} is not a multiple of ${sector}; Linux returns EINVAL (buffered I/O, direct: false, may be unaligned)`,
            );
          }
        }
      }
      if (op.op === 'truncate' && op.size > capacity) fail(`${where}.size`, `${op.size} is past the device capacity of ${capacity} bytes`);
      if (op.op === 'wait' && op.for) {
        const target = ids.get(op.for);
        if (!target || target.task !== ti || (target.op !== 'aio_write' && target.op !== 'aio_read')) {
          fail(`${where}.for`, `"${op.for}" must name an earlier aio_write or aio_read of this task`);
        }
      }
    });
  });
  s.tasks.forEach((t, ti) => {
    t.ops.forEach((op, oi) => {
      if (!op.after) return;
      const target = ids.get(op.after);
      const where = `${opAt(ti, oi)}.after`;
      if (!target) fail(where, `no op has id "${op.after}"`);
      if (target!.task !== ti) return;
      if (target!.index < oi) fail(where, `"${op.after}" is in the same task; ops of one task already run in order`);
      fail(where, `"${op.after}" is ${target!.index === oi ? 'this op itself' : 'a later op of the same task'}: it would wait forever`);
    });
  });
  checkAfterCycles(s, ids, fail);
  checkLockPrograms(s, fail);
  checkFreezeWindows(s, fail);
  checkAioContexts(s, fail);
}

/**
 * AIO contexts: io_setup names are unique in a task; an AIO names a context its task set up
 * before and has not destroyed (no `ctx`: the implicit one, until an io_destroy without `ctx`);
 * each context is destroyed at most once, and `wait for:` an AIO comes before its context's
 * io_destroy (io_getevents on a destroyed context is -EINVAL).
 */
function checkAioContexts(s: Scenario, fail: (where: string, msg: string) => never): void {
  const IMPLICIT = '';
  s.tasks.forEach((t, ti) => {
    const live = new Set<string>([IMPLICIT]);
    const seen = new Set<string>([IMPLICIT]);
    const ctxOfAio = new Map<string, string>();
    const show = (c: string): string => (c === IMPLICIT ? 'the implicit AIO context' : `context "${c}"`);
    t.ops.forEach((op, oi) => {
      const where = opAt(ti, oi);
      if (op.op === 'io_setup') {
        if (seen.has(op.ctx)) fail(`${where}.ctx`, `context "${op.ctx}" is set up twice in this task`);
        seen.add(op.ctx);
        live.add(op.ctx);
      } else if (op.op === 'io_destroy') {
        const c = op.ctx ?? IMPLICIT;
        if (!seen.has(c)) fail(`${where}.ctx`, `no earlier io_setup of context "${c}" in this task`);
        if (!live.has(c)) fail(`${where}.ctx`, `${show(c)} is already destroyed`);
        live.delete(c);
      } else if (op.op === 'aio_write' || op.op === 'aio_read') {
        const c = op.ctx ?? IMPLICIT;
        if (!seen.has(c)) fail(`${where}.ctx`, `no earlier io_setup of context "${c}" in this task`);
        if (!live.has(c)) fail(`${where}.${op.ctx ? 'ctx' : 'op'}`, `${show(c)} was destroyed by an earlier io_destroy: io_submit would be -EINVAL`);
        if (op.id) ctxOfAio.set(op.id, c);
      } else if (op.op === 'wait' && op.for && ctxOfAio.has(op.for) && !live.has(ctxOfAio.get(op.for)!)) {
        fail(`${where}.for`, `${show(ctxOfAio.get(op.for)!)} of "${op.for}" was destroyed before this wait: io_getevents would be -EINVAL`);
      }
    });
  });
}

/** What a task may do while it holds the file system frozen: nothing that waits for freeze protection. */
const WHILE_FROZEN: ReadonlySet<string> = new Set(['read', 'aio_read', 'wait', 'fsync', 'sleep']);

/**
 * A task that freezes must thaw later, and in between it may only read, wait and sleep, without
 * `after:`: a write, truncate, fallocate, create, unlink or close (its trim and eviction are
 * transactions) would wait for its own thaw, and waiting for another task's op could wait for a
 * writer the freeze blocks. Either would hang on Linux too: the scenario's fault, not the scheme's.
 */
function checkFreezeWindows(s: Scenario, fail: (where: string, msg: string) => never): void {
  s.tasks.forEach((t, ti) => {
    let frozenAt: number | null = null;
    t.ops.forEach((op, oi) => {
      const where = opAt(ti, oi);
      if (op.op === 'freeze') {
        if (frozenAt !== null) fail(`${where}.op`, `freeze again before the thaw of ${opAt(ti, frozenAt)}`);
        frozenAt = oi;
      } else if (frozenAt !== null && op.op === 'thaw') {
        if (op.after) fail(`${where}.after`, "a thaw cannot wait for another task's op (it may be a writer the freeze blocks)");
        frozenAt = null;
      } else if (frozenAt !== null) {
        if (!WHILE_FROZEN.has(op.op))
          fail(`${where}.op`, `${op.op} between this task's freeze (${opAt(ti, frozenAt)}) and its thaw would wait for the thaw forever`);
        if (op.after)
          fail(`${where}.after`, `an op between this task's freeze and its thaw cannot wait for another task's op (it may be a writer the freeze blocks)`);
      }
    });
    if (frozenAt !== null) fail(`${opAt(ti, frozenAt)}.op`, 'a task that freezes the file system must thaw it later (every writer would wait forever)');
  });
}

/** Lock programs: declared lock names are unique, and every lock op names a declared lock of a type it applies to. */
function checkLockPrograms(s: Scenario, fail: (where: string, msg: string) => never): void {
  const types = new Map<string, LockTypeName>();
  s.locks.forEach((l, i) => {
    if (types.has(l.name)) fail(`locks[${i}].name`, `lock "${l.name}" is declared twice`);
    if (l.value !== undefined && l.type !== 'atomic') fail(`locks[${i}].value`, `only an atomic has an initial value, but "${l.name}" is a ${l.type}`);
    types.set(l.name, l.type);
  });
  const checkLock = (op: ScenarioOp, where: string): void => {
    if (!('lock' in op)) return;
    const type = types.get(op.lock);
    if (!type) {
      const hint = closest(op.lock, [...types.keys()]);
      fail(
        `${where}.lock`,
        `no lock named ${show(op.lock)} in locks${hint ? ` (did you mean "${hint}"?)` : types.size ? `; declared: ${[...types.keys()].join(', ')}` : ''}`,
      );
    }
    if (op.op === 'kfree') return;
    const allowed = lockApi(op.op as LockOpName).types;
    if (!allowed.includes(type!)) fail(`${where}.op`, `${op.op} applies to a ${allowed.join(' or ')}, but "${op.lock}" is a ${type}`);
    if ('complete' in op && op.complete !== undefined && types.get(op.complete) !== 'completion')
      fail(`${where}.complete`, `${show(op.complete)} is not a completion declared in locks`);
  };
  s.tasks.forEach((t, ti) => {
    t.ops.forEach((op, oi) => {
      const where = opAt(ti, oi);
      checkLock(op, where);
      if (op.op !== 'hardirq' && op.op !== 'softirq' && op.op !== 'queue_work') return;
      op.ops.forEach((inner, ii) => {
        const at = `${where}.ops[${ii}]`;
        if (inner.id || inner.after)
          fail(
            `${at}.${inner.id ? 'id' : 'after'}`,
            `ops inside ${op.op === 'queue_work' ? 'a work item' : 'an interrupt'} cannot have an id or wait for one (after:)`,
          );
        checkLock(inner, at);
      });
    });
  });
}

/**
 * `after:` edges across tasks, with each task's order (an op starts only once the op before it
 * has), must not close a cycle: every op in one would wait forever, and the run would end in a
 * deadlock that is the scenario's fault, not the scheme's.
 */
function checkAfterCycles(s: Scenario, ids: ReadonlyMap<string, { task: number; index: number }>, fail: (where: string, msg: string) => never): void {
  type Node = readonly [task: number, index: number];
  const state = s.tasks.map((t) => new Uint8Array(t.ops.length)); // 0 new, 1 on the path, 2 done
  const next = ([ti, oi]: Node): Node[] => {
    const out: Node[] = [];
    const after = s.tasks[ti]!.ops[oi]!.after;
    if (after) out.push([ids.get(after)!.task, ids.get(after)!.index]);
    if (oi > 0) out.push([ti, oi - 1]);
    return out;
  };
  // Iterative depth-first search: a task may have a million ops.
  s.tasks.forEach((t, root) => {
    for (let start = t.ops.length - 1; start >= 0; start--) {
      if (state[root]![start] !== 0) continue;
      const path: Array<{ node: Node; edges: Node[] }> = [{ node: [root, start], edges: next([root, start]) }];
      state[root]![start] = 1;
      while (path.length) {
        const top = path[path.length - 1]!;
        const edge = top.edges.shift();
        if (!edge) {
          state[top.node[0]]![top.node[1]] = 2;
          path.pop();
          continue;
        }
        const seen = state[edge[0]]![edge[1]];
        if (seen === 1) {
          const from = path.findIndex((p) => p.node[0] === edge[0] && p.node[1] === edge[1]);
          describeCycle(
            s,
            path.slice(from).map((p) => p.node),
            fail,
          );
        }
        if (seen === 0) {
          state[edge[0]]![edge[1]] = 1;
          path.push({ node: edge, edges: next(edge) });
        }
      }
    }
  });
}

/** `tasks[0].ops[0] waits for "b2" (tasks[1].ops[1]), which comes after tasks[1].ops[0] in its task, which waits for "a1" (tasks[0].ops[0])` */
function describeCycle(s: Scenario, cycle: ReadonlyArray<readonly [number, number]>, fail: (where: string, msg: string) => never): never {
  // Start at an op whose next edge is an `after:` (a step to another task), so the text reads from a wait.
  const k = cycle.findIndex((n, i) => cycle[(i + 1) % cycle.length]![0] !== n[0]);
  const ring = [...cycle.slice(k), ...cycle.slice(0, k)];
  const [t0, o0] = ring[0]!;
  const parts: string[] = [];
  for (let i = 0; i < ring.length; i++) {
    const [ti, oi] = ring[i]!;
    const [tn, on] = ring[(i + 1) % ring.length]!;
    if (tn !== ti) parts.push(`${i ? 'which ' : ''}waits for "${s.tasks[ti]!.ops[oi]!.after}" (${opAt(tn, on)})`);
    else if (ring[(i + 2) % ring.length]![0] !== tn) parts.push(`which comes after ${opAt(tn, on)} in its task`);
  }
  fail(`${opAt(t0, o0)}.after`, `the after: dependencies form a cycle, so none of these ops can ever start: ${opAt(t0, o0)} ${parts.join(', ')}`);
}

/**
 * Reads a scenario file: a regular file of at most LIMITS.fileBytes (a device such as /dev/zero,
 * a pipe or a directory is refused before anything is read; at most cap + 1 bytes are read).
 */
function readScenarioText(file: string): string {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO must not wait for a writer before we can refuse it.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw new UserError(`${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    if (!fstatSync(fd).isFile()) throw new UserError(`${file}: not a regular file (a directory, device or pipe); expected a .yaml or .json scenario file`);
    const buf = Buffer.allocUnsafe(LIMITS.fileBytes + 1); // only the n bytes read are used
    let n = 0;
    for (let got = -1; got !== 0 && n < buf.length; n += got) got = readSync(fd, buf, n, buf.length - n, null);
    if (n > LIMITS.fileBytes) throw new UserError(`${file}: larger than ${mib(LIMITS.fileBytes)}, the cap on scenario files`);
    return buf.toString('utf8', 0, n).replace(/^\uFEFF/, '');
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  } finally {
    closeSync(fd);
  }
}

/** Reads a .yaml/.yml/.json file and validates it. */
export function loadScenarioFile(file: string): Scenario {
  const text = readScenarioText(file);
  let data: unknown;
  try {
    data = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    const first = String((err as Error).message).split('\n')[0];
    throw new UserError(`${file}: not valid ${file.endsWith('.json') ? 'JSON' : 'YAML'}: ${first}`);
  }
  const s = validateScenario(data, file);
  // `fs: ./x.mjs` is relative to the scenario file; runs name it relative to where aiosim runs.
  return isSchemePath(s.fs) ? { ...s, fs: resolveSchemePath(s.fs, file) } : s;
}
