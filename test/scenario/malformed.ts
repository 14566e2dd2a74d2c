/**
 * fast-check generators of bad input, as a careless user writes it: valid scenarios (the
 * catalog and a small one) with one or two mistakes each — a wrong type at any path, a typo of a
 * key, a missing or an extra key, extreme numbers, `after:` cycles, references to nothing, an op
 * given as a string, misaligned direct I/O, huge counts — or damaged text; and schedule strings
 * and replay tokens, damaged or huge. Used by bad-input.fuzz.test.ts.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

const CATALOG = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const small: Obj = {
  version: 1,
  name: 'small',
  title: 'Small',
  geometry: { blockSize: 4096, blocks: 16 },
  files: [
    { path: '/a', size: 8192, fill: 'a' },
    { path: '/b', size: 0 },
  ],
  tasks: [
    {
      name: 'app',
      ops: [
        { op: 'aio_write', file: '/a', offset: 0, length: 4096, fill: 'W', id: 'w1' },
        { op: 'wait', for: 'w1' },
        { op: 'read', file: '/a', offset: 512, length: 1024 },
      ],
    },
    {
      name: 'admin',
      ops: [
        { op: 'truncate', file: '/a', size: 4096, id: 't1' },
        { op: 'write', file: '/b', offset: 0, length: 4096, fill: 'b', direct: false },
      ],
    },
  ],
};
/** The scenarios a mistake is made in, as parsed data. */
export const BASES: readonly Obj[] = [
  small,
  ...readdirSync(CATALOG)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => parseYaml(readFileSync(CATALOG + f, 'utf8')) as Obj),
];

export interface MalformedCase {
  /** What was done to the base, for a failure message. */
  readonly what: string;
  readonly ext: 'yaml' | 'json';
  readonly text: string;
}

const EXTREME = [0, -1, 0.5, -0, 3, 511, 513, 2 ** 31, 2 ** 32, 2 ** 53, 2 ** 53 + 2, 1e21, 1e308, -1e308, Number.NaN, Infinity, -Infinity];
const badValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, '', 'hello', '/a', 'w1', [], {}, { a: 1 }, [1, 2], 'x'.repeat(100_000), ...EXTREME),
  fc.integer().map((n) => n as Json),
  fc.string({ maxLength: 8 }).map((s) => s as Json),
);

/** Every path into the data: [key or index, …]. */
function paths(v: Json, at: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  if (Array.isArray(v)) {
    v.forEach((x, i) => {
      out.push([...at, i]);
      paths(x, [...at, i], out);
    });
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.push([...at, k]);
      paths(x, [...at, k], out);
    }
  }
  return out;
}

function parentOf(data: Json, path: ReadonlyArray<string | number>): Obj | Json[] {
  let v = data;
  for (const p of path.slice(0, -1)) v = (v as Obj)[p as string]!;
  return v as Obj | Json[];
}

/** An own property even for `__proto__` (plain assignment would set the prototype). */
function put(o: Obj | Json[], key: string | number, value: Json): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

function typo(key: string, k: number): string {
  const i = k % key.length;
  switch (k % 5) {
    case 0:
      return key.slice(0, i) + key.slice(i + 1) || `${key}x`; // a letter dropped: ofset
    case 1:
      return i + 1 < key.length ? key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2) : `${key}s`; // swapped: lenght
    case 2:
      return key.slice(0, i) + key[i] + key.slice(i); // doubled
    case 3:
      return key.toLowerCase() === key ? key.toUpperCase() : key.toLowerCase(); // blocksize
    default:
      return `${key.slice(0, i)}${key[i] === 'e' ? 'a' : 'e'}${key.slice(i + 1)}`; // one letter wrong
  }
}

type Ops = Obj[];
const tasksOf = (d: Obj): Array<{ ops: Ops }> => (d.tasks as unknown as Array<{ ops: Ops }>) ?? [];
const DIRECT = new Set(['aio_write', 'aio_read', 'write', 'read']);

/** One mistake: mutates `d` in place and says what it did. */
type Mistake = (d: Obj, at: number, k: number, value: Json) => string;
const mistakes: Record<string, Mistake> = {
  wrongValue(d, at, _k, value) {
    const all = paths(d);
    const p = all[at % all.length]!;
    put(parentOf(d, p), p.at(-1)!, value);
    return `${p.join('.')} = ${JSON.stringify(value)?.slice(0, 40)}`;
  },
  extremeNumber(d, at, k) {
    const all = paths(d).filter((p) => typeof (parentOf(d, p) as Obj)[p.at(-1)!] === 'number');
    const p = all[at % all.length]!;
    const n = EXTREME[k % EXTREME.length]!;
    put(parentOf(d, p), p.at(-1)!, n);
    return `${p.join('.')} = ${n}`;
  },
  deleteKey(d, at) {
    const all = paths(d).filter((p) => typeof p.at(-1) === 'string');
    const p = all[at % all.length]!;
    delete (parentOf(d, p) as Obj)[p.at(-1) as string];
    return `delete ${p.join('.')}`;
  },
  typoKey(d, at, k) {
    const all = paths(d).filter((p) => typeof p.at(-1) === 'string');
    const p = all[at % all.length]!;
    const o = parentOf(d, p) as Obj;
    const key = p.at(-1) as string;
    const wrong = typo(key, k);
    const value = o[key]!;
    delete o[key];
    put(o, wrong, value);
    return `rename ${p.join('.')} to ${wrong}`;
  },
  extraKey(d, at, k) {
    const objects = [[], ...paths(d)].filter((p) => {
      const v = p.length ? (parentOf(d, p) as Obj)[p.at(-1)!] : d;
      return v && typeof v === 'object' && !Array.isArray(v);
    });
    const p = objects[at % objects.length]!;
    const o = (p.length ? (parentOf(d, p) as Obj)[p.at(-1)!] : d) as Obj;
    const key = ['a', 'opt', 'lenght', 'ofset', '__proto__', 'constructor', 'toString', 'Name', 'x'.repeat(300), 'line\nbreak'][k % 10]!;
    put(o, key, 1);
    return `add ${JSON.stringify(key).slice(0, 20)} at ${p.join('.')}`;
  },
  opAsSomethingElse(d, at, k) {
    const tasks = tasksOf(d);
    const t = tasks[at % tasks.length]!;
    const bad: Json[] = ['hello', { a: 1 }, 5, null, [], ['op', 'fsync'], { op: 'fsync' }, { op: 'aio_write' }, {}, 'fsync /a'];
    t.ops[k % t.ops.length] = bad[(at + k) % bad.length] as Obj;
    return `an op = ${JSON.stringify(bad[(at + k) % bad.length])}`;
  },
  afterCycle(d, at, k) {
    const tasks = tasksOf(d);
    const a = tasks[at % tasks.length]!;
    const b = tasks[(at + 1) % tasks.length]!;
    const sleep = (id: string, after?: string): Obj => ({ op: 'sleep', us: 1, id, ...(after ? { after } : {}) });
    if (a === b || k % 3 === 0) {
      // Within one task: an op waiting for itself, or for a later op of its own task.
      a.ops.splice(k % (a.ops.length + 1), 0, sleep('cyc-a', 'cyc-b'), sleep('cyc-b'));
      if (k % 2) a.ops.reverse();
      return 'after: within one task';
    }
    if (k % 3 === 1) {
      a.ops.splice(k % (a.ops.length + 1), 0, sleep('cyc-a', 'cyc-b'));
      b.ops.splice(at % (b.ops.length + 1), 0, sleep('cyc-b', 'cyc-a'));
      return 'after: a → b → a across tasks';
    }
    // Through the order of b's ops: a waits for b2, which comes after b1, which waits for a.
    a.ops.splice(k % (a.ops.length + 1), 0, sleep('cyc-a', 'cyc-b2'));
    b.ops.splice(at % (b.ops.length + 1), 0, sleep('cyc-b1', 'cyc-a'), sleep('cyc-b2'));
    return 'after: a → b2 → b1 (program order) → a';
  },
  unknownReference(d, at, k) {
    const ops = tasksOf(d).flatMap((t) => t.ops);
    const op = ops[at % ops.length]!;
    const [key, value] = (
      [
        ['after', 'nope'],
        ['for', 'nope'],
        ['file', '/nope'],
        ['after', 'w1'],
        ['for', 'check'],
      ] as const
    )[k % 5]!;
    put(op, key, value);
    return `${String(op.op)}.${key} = ${value}`;
  },
  misalignedDirectIo(d, at, k) {
    const ops = tasksOf(d)
      .flatMap((t) => t.ops)
      .filter((o) => DIRECT.has(String(o.op)));
    if (ops.length === 0) return 'no direct I/O to misalign';
    const op = ops[at % ops.length]!;
    const key = k % 2 ? 'offset' : 'length';
    op[key] = Number(op[key]) + 1 + (k % 511);
    return `${String(op.op)}.${key} misaligned`;
  },
  geometry(d, at, k) {
    const g: Obj = { blockSize: 4096, blocks: 16, ...(d.geometry as Obj | undefined) };
    const key = ['blockSize', 'blocks', 'sectorSize'][k % 3]!;
    const values = [2 ** 31, 2 ** 32, 3, 0, 256, 1024, 131072, 65536, 512, 2 ** 20, 2 ** 20 + 1, 2 ** 53, 4096, 8192];
    g[key] = values[at % values.length]!;
    d.geometry = g;
    return `geometry.${key} = ${g[key]}`;
  },
  huge(d, at, k) {
    const tasks = tasksOf(d);
    const t = tasks[at % tasks.length]!;
    switch (k % 5) {
      case 0:
        t.ops.push({ op: 'sleep', us: [2 ** 31, 2 ** 53 - 1, 1e15, 1e6, 1e9][at % 5]! });
        return 'a huge sleep';
      case 1:
        d.device = { latency: { min: 0, max: [2 ** 31, 2 ** 53 - 1, 1e15][at % 3]! } };
        return 'a huge latency';
      case 2:
        d.cpu = { submit: [2 ** 31, 2 ** 53 - 1, 1e15][at % 3]! };
        return 'a huge cpu cost';
      case 3: {
        const { id: _id, ...op } = t.ops[0]!;
        t.ops = Array.from({ length: 200 }, () => ({ ...op }));
        return '200 ops in one task';
      }
      default:
        d.tasks = Array.from({ length: 200 }, (_, i) => ({ name: `t${i}`, ops: [{ op: 'sleep', us: 1 }] }));
        return '200 tasks';
    }
  },
};
const MISTAKES = Object.keys(mistakes);

/** Damage done to the text instead of the data. */
const damages: Array<(text: string, k: number) => string> = [
  (t, k) => t.slice(0, k % t.length), // truncated when copied
  (t, k) => `${t.slice(0, k % t.length)}\u0000\uFFFD{[${t.slice(k % t.length)}`,
  () => '',
  (_t, k) => ['null', '42', '[]', '"hello"', '- a\n- b', '{}'][k % 6]!,
  (t) => `\uFEFF${t}`,
  (t) => t.replace(/tasks:/, 'tasks: &t\n  - name: loop\n    ops: *t\nx:'), // an alias to itself
  (t) => t.replace(/version: 1/, 'version: !!binary aGVsbG8='),
];

export const malformedScenario: fc.Arbitrary<MalformedCase> = fc
  .record({
    base: fc.nat(BASES.length - 1),
    ext: fc.constantFrom<'yaml' | 'json'>('yaml', 'json'),
    mistakes: fc.array(fc.record({ kind: fc.constantFrom(...MISTAKES), at: fc.nat(), k: fc.nat(), value: badValue }), { minLength: 1, maxLength: 2 }),
    // One case in eight has its text damaged too (most mistakes are made in well-formed files).
    damage: fc.oneof({ weight: 7, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.record({ which: fc.nat(damages.length - 1), k: fc.nat() }) }),
  })
  .map(({ base, ext, mistakes: list, damage }) => {
    const d = structuredClone(BASES[base]!);
    const what = [`${String(d.name)}:`];
    for (const m of list) {
      try {
        what.push(mistakes[m.kind]!(d, m.at, m.k, m.value));
      } catch {
        what.push(`${m.kind} did not apply`); // an earlier mistake removed what this one edits
      }
    }
    let text = ext === 'json' ? JSON.stringify(d) : stringifyYaml(d);
    if (damage) {
      text = damages[damage.which]!(text, damage.k);
      what.push(`text damage ${damage.which}`);
    }
    return { what: what.join(' '), ext, text };
  });

// ── schedules and tokens ────────────────────────────────────────────────────────────────────

const TERMINAL = '0123456789abcdefghijklmnopqrstuv';
const CONTINUE = 'wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-';

/** The format's check characters (src/sim/schedule.ts): FNV-1a of the body, 10 bits. */
export function withCheck(body: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < body.length; i++) h = Math.imul(h ^ body.charCodeAt(i), 0x01000193);
  const v = (h >>> 0) & 1023;
  return `1.${body}.${TERMINAL[v & 31]}${TERMINAL[v >> 5]}`;
}

/** A number in the schedule's digit code: little-endian base 32, the last digit from TERMINAL. */
export function digits(n: number): string {
  let out = '';
  let v = n;
  while (v >= 32) {
    out += CONTINUE[v % 32];
    v = Math.floor(v / 32);
  }
  return out + TERMINAL[v];
}

/** Bodies that check correctly but ask for too much, or that are damaged. */
export const malformedSchedule: fc.Arbitrary<{ what: string; text: string }> = fc.oneof(
  fc.constantFrom(10 ** 9, 10 ** 8, 2 ** 31, 2 ** 40).map((n) => ({ what: `a run of ${n} zeros`, text: withCheck(`~${digits(n)}0`) })),
  fc.integer({ min: 2, max: 40 }).map((n) => ({ what: `${n} runs of 10^8`, text: withCheck(`~${digits(1e8)}0`.repeat(n)) })),
  fc.integer({ min: 8, max: 60 }).map((n) => ({ what: `a choice of ${n} digits`, text: withCheck(`${'-'.repeat(n)}v`) })),
  fc.string({ unit: fc.constantFrom(...`${TERMINAL}${CONTINUE}~.@x `), maxLength: 30 }).map((body) => ({ what: 'random body', text: withCheck(body) })),
  fc.string({ maxLength: 20 }).map((s) => ({ what: 'random text', text: s })),
  fc.constantFrom('', ' ', '1..', '1..00', '2.0.00', '1.~.00', '1.w', '1.0.zz', 'x'.repeat(5000)).map((text) => ({ what: 'a short mistake', text })),
);

/** A replay token: a catalog name or a file that is not one, a scheme, a schedule. */
export const malformedToken: fc.Arbitrary<{ what: string; text: string }> = fc
  .record({
    scenario: fc.constantFrom('truncate-vs-aio-write', 'nope', '', '/nonexistent.yaml', 'a/b', '/dev/zero'),
    fs: fc.constantFrom('diocount', 'hold', 'zfs', ''),
    schedule: malformedSchedule,
    extra: fc.constantFrom('', '@', '@x'),
  })
  .map((t) => ({ what: `token ${t.scenario}@${t.fs}@(${t.schedule.what})${t.extra}`, text: `${t.scenario}@${t.fs}@${t.schedule.text}${t.extra}` }));
