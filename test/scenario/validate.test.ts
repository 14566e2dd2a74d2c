import { describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateScenario, loadScenarioFile } from '../../src/scenario/validate.js';
import { loadScenario } from '../../src/scenario/catalog.js';
import { UserError } from '../../src/sim/errors.js';

const base = () => ({
  version: 1,
  name: 'x',
  title: 'X',
  files: [{ path: '/a', size: 4096, fill: 'a' }],
  tasks: [
    {
      name: 'app',
      ops: [
        { op: 'aio_write', file: '/a', offset: 0, length: 4096, fill: 'W', id: 'w1' },
        { op: 'wait', for: 'w1' },
      ],
    },
  ],
});

function errorOf(data: unknown): string {
  try {
    validateScenario(data, 'my.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(UserError);
    const msg = (err as Error).message;
    expect(msg).not.toContain('\n');
    return msg;
  }
  throw new Error('expected a validation error');
}

describe('scenario validation: one line naming the file, the field and what was expected', () => {
  test('a valid scenario gets its defaults', () => {
    const s = validateScenario(base(), 'my.yaml');
    expect(s.fs).toBe('diocount');
    expect(s.device).toEqual({ queueDepth: 4, latency: { min: 50, max: 500, distribution: 'uniform' } });
    expect(s.cpu).toEqual({ submit: 0, handoff: 0, completion: 0 });
    expect(s.geometry).toEqual({ blockSize: 4096, blocks: 64 });
  });

  const cases: Array<[string, (d: ReturnType<typeof base>) => unknown, RegExp]> = [
    ['an unknown key (a typo)', (d) => ({ ...d, tasks: [{ ...d.tasks[0], opps: [] }] }), /^my\.yaml: tasks\[0\]: unknown key "opps"/],
    [
      'a misspelt op field',
      (d) => ({ ...d, tasks: [{ name: 'app', ops: [{ op: 'truncate', file: '/a', sise: 0 }] }] }),
      /^my\.yaml: tasks\[0\]\.ops\[0\]: unknown key "sise" \(did you mean "size"\?\)$/,
    ],
    [
      'an unknown op',
      (d) => ({ ...d, tasks: [{ name: 'app', ops: [{ op: 'mmap', file: '/a' }] }] }),
      /^my\.yaml: tasks\[0\]\.ops\[0\]\.op: expected one of aio_write, aio_read/,
    ],
    [
      'a negative offset',
      (d) => ({ ...d, tasks: [{ name: 'app', ops: [{ ...d.tasks[0]!.ops[0], offset: -4 }] }] }),
      /^my\.yaml: tasks\[0\]\.ops\[0\]\.offset: .*>=0, got -4/,
    ],
    ['a two-character fill', (d) => ({ ...d, files: [{ path: '/a', size: 1, fill: 'ab' }] }), /^my\.yaml: files\[0\]\.fill: .*one character/],
    ['a wrong version', (d) => ({ ...d, version: 2 }), /^my\.yaml: version: .*1.*got 2/],
    ['an unknown scheme', (d) => ({ ...d, fs: 'zfs' }), /^my\.yaml: fs: unknown scheme "zfs"; expected one of diocount/],
    [
      'wait.for naming nothing',
      (d) => ({ ...d, tasks: [{ name: 'app', ops: [{ op: 'wait', for: 'nope' }] }] }),
      /^my\.yaml: tasks\[0\]\.ops\[0\]\.for: "nope" must name an earlier aio_write/,
    ],
    [
      'after naming its own task',
      (d) => ({ ...d, tasks: [{ name: 'app', ops: [...d.tasks[0]!.ops, { op: 'fsync', file: '/a', after: 'w1' }] }] }),
      /after: "w1" is in the same task/,
    ],
    [
      'after naming no op',
      (d) => ({ ...d, tasks: [...d.tasks, { name: 'b', ops: [{ op: 'fsync', file: '/a', after: 'w2' }] }] }),
      /^my\.yaml: tasks\[1\]\.ops\[0\]\.after: no op has id "w2"$/,
    ],
    [
      'a file that does not exist',
      (d) => ({ ...d, tasks: [{ name: 'app', ops: [{ op: 'fsync', file: '/nope' }] }] }),
      /ops\[0\]\.file: "\/nope" is neither in files nor created/,
    ],
    [
      'an I/O past the device',
      (d) => ({ ...d, geometry: { blockSize: 4096, blocks: 2 }, tasks: [{ name: 'app', ops: [{ op: 'read', file: '/a', offset: 8000, length: 4096 }] }] }),
      /ops\[0\]\.length: offset \+ length = 12096 is past the device capacity of 8192 bytes/,
    ],
    [
      'a duplicate id',
      (d) => ({
        ...d,
        tasks: [
          {
            name: 'app',
            ops: [
              { op: 'fsync', file: '/a', id: 'x' },
              { op: 'fsync', file: '/a', id: 'x' },
            ],
          },
        ],
      }),
      /ops\[1\]\.id: id "x" is used twice/,
    ],
    ['no tasks', (d) => ({ ...d, tasks: [] }), /^my\.yaml: tasks: /],
  ];
  for (const [what, mutate, expected] of cases) {
    test(`rejects ${what}`, () => {
      expect(errorOf(mutate(base()))).toMatch(expected);
    });
  }

  describe('a misspelt key is named, with the key it most likely meant, before any field it leaves missing', () => {
    const io = { op: 'aio_write', file: '/a', offset: 0, length: 4096, fill: 'W' };
    const withOps = (...ops: unknown[]) => ({ ...base(), tasks: [{ name: 'app', ops: [{ op: 'fsync', file: '/a' }, { op: 'fsync', file: '/a' }, ...ops] }] });
    const typos: Array<[string, unknown, string]> = [
      ['ofset', withOps({ ...io, offset: undefined, ofset: 0 }), 'tasks[0].ops[2]: unknown key "ofset" (did you mean "offset"?)'],
      ['lenght', withOps({ ...io, length: undefined, lenght: 4096 }), 'tasks[0].ops[2]: unknown key "lenght" (did you mean "length"?)'],
      [
        'both',
        withOps({ ...io, offset: undefined, length: undefined, ofset: 0, lenght: 1 }),
        'tasks[0].ops[2]: unknown keys "ofset" (did you mean "offset"?), "lenght" (did you mean "length"?)',
      ],
      ['fil (fill is missing, file is not)', withOps({ ...io, fill: undefined, fil: 'W' }), 'tasks[0].ops[2]: unknown key "fil" (did you mean "fill"?)'],
      ['opp, the key that says which op', withOps({ opp: 'fsync', file: '/a' }), 'tasks[0].ops[2]: unknown key "opp" (did you mean "op"?)'],
      ['blocksize', { ...base(), geometry: { blocksize: 4096 } }, 'geometry: unknown key "blocksize" (did you mean "blockSize"?)'],
      ['taks, at the top', { ...base(), tasks: undefined, taks: base().tasks }, '(top level): unknown key "taks" (did you mean "tasks"?)'],
      ['a key like no other', withOps({ ...io, colour: 'red' }), 'tasks[0].ops[2]: unknown key "colour" (a typo?)'],
    ];
    for (const [what, data, message] of typos) {
      test(what, () => {
        expect(errorOf(JSON.parse(JSON.stringify(data)))).toBe(`my.yaml: ${message}`);
      });
    }
    test('a misspelt op or scheme name gets a suggestion too', () => {
      expect(errorOf(withOps({ ...io, op: 'aio_wrte' }))).toMatch(
        /^my\.yaml: tasks\[0\]\.ops\[2\]\.op: expected one of .*, got "aio_wrte" \(did you mean "aio_write"\?\)$/,
      );
      expect(errorOf({ ...base(), fs: 'diocont' })).toMatch(/^my\.yaml: fs: unknown scheme "diocont" \(did you mean "diocount"\?\); expected one of/);
    });
  });

  describe('after: dependencies that form a cycle are refused, naming the ops in it', () => {
    const sleep = (id: string, after?: string) => ({ op: 'sleep', us: 1, id, ...(after ? { after } : {}) });
    const scenario = (...tasks: unknown[][]) => ({ ...base(), tasks: tasks.map((ops, i) => ({ name: `t${i}`, ops })) });
    test('a → b → a across two tasks', () => {
      expect(errorOf(scenario([sleep('a', 'b')], [sleep('b', 'a')]))).toBe(
        'my.yaml: tasks[0].ops[0].after: the after: dependencies form a cycle, so none of these ops can ever start: tasks[0].ops[0] waits for "b" (tasks[1].ops[0]), which waits for "a" (tasks[0].ops[0])',
      );
    });
    test("through a task's own order: a waits for b2, which comes after b1, which waits for a", () => {
      expect(errorOf(scenario([sleep('a', 'b2')], [sleep('b1', 'a'), sleep('b2')]))).toBe(
        'my.yaml: tasks[0].ops[0].after: the after: dependencies form a cycle, so none of these ops can ever start: tasks[0].ops[0] waits for "b2" (tasks[1].ops[1]), which comes after tasks[1].ops[0] in its task, which waits for "a" (tasks[0].ops[0])',
      );
    });
    test('three tasks, the cycle closing at a later op', () => {
      expect(errorOf(scenario([sleep('x'), sleep('a', 'c')], [sleep('b', 'a')], [sleep('c', 'b')]))).toBe(
        'my.yaml: tasks[0].ops[1].after: the after: dependencies form a cycle, so none of these ops can ever start: tasks[0].ops[1] waits for "c" (tasks[2].ops[0]), which waits for "b" (tasks[1].ops[0]), which waits for "a" (tasks[0].ops[1])',
      );
    });
    test('an op waiting for itself or for a later op of its own task', () => {
      expect(errorOf(scenario([sleep('a', 'a')]))).toBe('my.yaml: tasks[0].ops[0].after: "a" is this op itself: it would wait forever');
      expect(errorOf(scenario([sleep('a', 'b'), sleep('b')]))).toBe(
        'my.yaml: tasks[0].ops[0].after: "a later op" is a later op of the same task: it would wait forever'.replace('"a later op"', '"b"'),
      );
    });
    test('a chain without a cycle is fine, in any order of the tasks', () => {
      expect(() => validateScenario(scenario([sleep('a', 'b2')], [sleep('b1'), sleep('b2', 'c')], [sleep('c')]), 'my.yaml')).not.toThrow();
    });
  });

  describe('direct I/O is sector-aligned (Linux: EINVAL); buffered I/O is free', () => {
    const withOp = (op: Record<string, unknown>, geometry?: Record<string, unknown>) => ({
      ...base(),
      ...(geometry ? { geometry } : {}),
      tasks: [base().tasks[0], { name: 'other', ops: [{ op: 'fsync', file: '/a' }, op] }],
    });
    test('aio_write, aio_read, and read/write with direct (the default) are refused off the sector', () => {
      expect(errorOf(withOp({ op: 'aio_write', file: '/a', offset: 100, length: 512, fill: 'x' }))).toBe(
        'my.yaml: tasks[1].ops[1].offset: direct I/O must be aligned to the 512-byte logical sector (geometry.sectorSize): 100 is not a multiple of 512; Linux returns EINVAL (buffered I/O, direct: false, may be unaligned)',
      );
      expect(errorOf(withOp({ op: 'aio_read', file: '/a', offset: 512, length: 700 }))).toMatch(
        /^my\.yaml: tasks\[1\]\.ops\[1\]\.length: direct I\/O must be aligned .*700 is not a multiple of 512/,
      );
      expect(errorOf(withOp({ op: 'read', file: '/a', offset: 1, length: 512 }))).toMatch(/tasks\[1\]\.ops\[1\]\.offset: direct I\/O/);
      expect(errorOf(withOp({ op: 'write', file: '/a', offset: 0, length: 3, fill: 'x', direct: true }))).toMatch(/tasks\[1\]\.ops\[1\]\.length: direct I\/O/);
    });
    test('buffered read/write and sub-block but sector-aligned direct I/O pass', () => {
      expect(() => validateScenario(withOp({ op: 'write', file: '/a', offset: 1, length: 3, fill: 'x', direct: false }), 'my.yaml')).not.toThrow();
      expect(() => validateScenario(withOp({ op: 'aio_write', file: '/a', offset: 1024, length: 512, fill: 'x' }), 'my.yaml')).not.toThrow();
    });
    test('geometry.sectorSize sets the sector: a power of two, at most the block size', () => {
      const g = (sectorSize: unknown) => ({ blockSize: 4096, blocks: 64, sectorSize });
      expect(errorOf(withOp({ op: 'aio_read', file: '/a', offset: 512, length: 4096 }, g(4096)))).toMatch(
        /offset: direct I\/O must be aligned to the 4096-byte logical sector .*512 is not a multiple of 4096/,
      );
      expect(() => validateScenario(withOp({ op: 'aio_read', file: '/a', offset: 4096, length: 4096 }, g(4096)), 'my.yaml')).not.toThrow();
      expect(errorOf(withOp({ op: 'fsync', file: '/a' }, g(8192)))).toBe(
        'my.yaml: geometry.sectorSize: a sector of 8192 bytes is larger than the block (geometry.blockSize 4096)',
      );
      expect(errorOf(withOp({ op: 'fsync', file: '/a' }, g(1000)))).toMatch(/^my\.yaml: geometry\.sectorSize: expected a power of two/);
    });
  });

  describe('limits are checked where input enters, each with one line', () => {
    const cases: Array<[string, (d: ReturnType<typeof base>) => unknown, RegExp]> = [
      [
        'a block size of 2^31 (it used to hang)',
        (d) => ({ ...d, geometry: { blockSize: 2 ** 31 } }),
        /^my\.yaml: geometry\.blockSize: expected a power of two from 512 to 65536, got 2147483648$/,
      ],
      [
        'a block size of 2^32 (it used to be an internal error)',
        (d) => ({ ...d, geometry: { blockSize: 2 ** 32 } }),
        /^my\.yaml: geometry\.blockSize: expected a power of two from 512 to 65536, got 4294967296$/,
      ],
      ['a block size that is no power of two', (d) => ({ ...d, geometry: { blockSize: 3000 } }), /geometry\.blockSize: expected a power of two/],
      ['too many blocks', (d) => ({ ...d, geometry: { blockSize: 512, blocks: 2 ** 20 + 1 } }), /^my\.yaml: geometry\.blocks: .*1048576/],
      [
        'a device over the byte cap',
        (d) => ({ ...d, geometry: { blockSize: 65536, blocks: 2 ** 20 } }),
        /^my\.yaml: geometry\.blocks: 1048576 blocks of 65536 bytes are 65536 MiB, more than aiosim's cap of 4096 MiB per device$/,
      ],
      [
        'filled files that need more blocks than the device has',
        (d) => ({
          ...d,
          geometry: { blockSize: 4096, blocks: 2 },
          files: [
            { path: '/a', size: 8192, fill: 'a' },
            { path: '/b', size: 1, fill: 'b' },
          ],
        }),
        /^my\.yaml: files\[1\]\.size: the filled files need 3 blocks, more than the device's 2/,
      ],
      [
        'a sleep of 2^40 µs',
        (d) => ({ ...d, tasks: [{ name: 'app', ops: [{ op: 'sleep', us: 2 ** 40 }] }] }),
        /^my\.yaml: tasks\[0\]\.ops\[0\]\.us: expected number to be <=1000000, got 1099511627776$/,
      ],
      ['a latency of 10^15 µs', (d) => ({ ...d, device: { latency: { min: 0, max: 1e15 } } }), /^my\.yaml: device\.latency\.max: /],
      ['a cpu cost of 2^31 µs', (d) => ({ ...d, cpu: { submit: 2 ** 31 } }), /^my\.yaml: cpu\.submit: /],
      [
        'too many tasks',
        (d) => ({ ...d, tasks: Array.from({ length: 1025 }, (_, i) => ({ name: `t${i}`, ops: [{ op: 'sleep', us: 1 }] })) }),
        /^my\.yaml: tasks: .*1024/,
      ],
      [
        'an op given as a string',
        (d) => ({ ...d, tasks: [{ name: 'app', ops: [...d.tasks[0]!.ops, 'fsync /a'] }] }),
        /^my\.yaml: tasks\[0\]\.ops\[2\]: expected object, received string, got "fsync \/a"$/,
      ],
      [
        'an op given as {a: 1}',
        (d) => ({ ...d, tasks: [{ name: 'app', ops: [...d.tasks[0]!.ops, { a: 1 }] }] }),
        /^my\.yaml: tasks\[0\]\.ops\[2\]\.op: expected one of aio_write, .*, io_destroy, or a lock-program op \(down_read, .*docs\/locks\.md\), missing$/,
      ],
      ['a huge value, shown short', (d) => ({ ...d, title: ['x'.repeat(100_000)] }), /^my\.yaml: title: expected string, received array, got \["x{20,}\.\.\.$/],
      ['a key with a line break', (d) => ({ ...d, 'two\nlines': 1 }), /^my\.yaml: \(top level\): unknown key "two\\nlines"/],
    ];
    for (const [what, mutate, expected] of cases) {
      test(what, () => {
        expect(errorOf(mutate(base()))).toMatch(expected);
      });
    }
  });

  describe('scenario files: regular files under 1 MiB, read at most that far', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aiosim-'));
    test('/dev/zero, a directory and a pipe are refused without reading them', () => {
      for (const file of ['/dev/zero', dir]) expect(() => loadScenarioFile(file)).toThrow(/: not a regular file \(a directory, device or pipe\)/);
      const fifo = join(dir, 'pipe.yaml');
      execFileSync('mkfifo', [fifo]);
      expect(() => loadScenarioFile(fifo)).toThrow(/pipe\.yaml: not a regular file/);
    });
    test('a file over 1 MiB is refused; one just under it is read', () => {
      const big = join(dir, 'big.yaml');
      writeFileSync(big, `# ${'x'.repeat(2 ** 20)}\n`);
      expect(() => loadScenarioFile(big)).toThrow(/^[^\n]*big\.yaml: larger than 1 MiB, the cap on scenario files$/);
      const fits = join(dir, 'fits.json');
      const text = JSON.stringify(base());
      writeFileSync(fits, text + ' '.repeat(2 ** 20 - text.length));
      expect(loadScenarioFile(fits).name).toBe('x');
    });
    test('a YAML alias that makes the data circular is still one line', () => {
      const circular = join(dir, 'circular.yaml');
      writeFileSync(circular, 'version: &v [*v]\nname: x\n');
      expect(() => loadScenarioFile(circular)).toThrow(/^[^\n]*circular\.yaml: version: .*got \["\[circular\]"\]$/);
    });
  });

  test('YAML syntax errors and unreadable files are one-line errors too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aiosim-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'version: 1\nname: [unclosed\n');
    expect(() => loadScenarioFile(bad)).toThrow(/bad\.yaml: not valid YAML: /);
    expect(() => loadScenarioFile(join(dir, 'missing.yaml'))).toThrow(/missing\.yaml: cannot read the file \(ENOENT\)/);
    const json = join(dir, 's.json');
    writeFileSync(json, JSON.stringify(base()));
    expect(loadScenarioFile(json).name).toBe('x');
  });

  test('an unknown built-in name lists the built-ins', () => {
    expect(() => loadScenario('no-such-scenario')).toThrow(/not built in \(try: .*truncate-vs-aio-write/);
  });
});
