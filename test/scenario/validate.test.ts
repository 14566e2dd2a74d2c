import { describe, expect, test } from 'vitest';
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
  tasks: [{ name: 'app', ops: [{ op: 'aio_write', file: '/a', offset: 0, length: 4096, fill: 'W', id: 'w1' }, { op: 'wait', for: 'w1' }] }],
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
    ['a misspelt op field', (d) => ({ ...d, tasks: [{ name: 'app', ops: [{ op: 'truncate', file: '/a', sise: 0 }] }] }), /^my\.yaml: tasks\[0\]\.ops\[0\](\.size: .*missing|: unknown key "sise")/],
    ['an unknown op', (d) => ({ ...d, tasks: [{ name: 'app', ops: [{ op: 'mmap', file: '/a' }] }] }), /^my\.yaml: tasks\[0\]\.ops\[0\]\.op: expected one of aio_write, aio_read/],
    ['a negative offset', (d) => ({ ...d, tasks: [{ name: 'app', ops: [{ ...d.tasks[0]!.ops[0], offset: -4 }] }] }), /^my\.yaml: tasks\[0\]\.ops\[0\]\.offset: .*>=0, got -4/],
    ['a two-character fill', (d) => ({ ...d, files: [{ path: '/a', size: 1, fill: 'ab' }] }), /^my\.yaml: files\[0\]\.fill: .*one character/],
    ['a wrong version', (d) => ({ ...d, version: 2 }), /^my\.yaml: version: .*1.*got 2/],
    ['an unknown scheme', (d) => ({ ...d, fs: 'zfs' }), /^my\.yaml: fs: unknown scheme "zfs"; expected one of diocount/],
    ['wait.for naming nothing', (d) => ({ ...d, tasks: [{ name: 'app', ops: [{ op: 'wait', for: 'nope' }] }] }), /^my\.yaml: tasks\[0\]\.ops\[0\]\.for: "nope" must name an earlier aio_write/],
    ['after naming its own task', (d) => ({ ...d, tasks: [{ name: 'app', ops: [...d.tasks[0]!.ops, { op: 'fsync', file: '/a', after: 'w1' }] }] }), /after: "w1" is in the same task/],
    ['a file that does not exist', (d) => ({ ...d, tasks: [{ name: 'app', ops: [{ op: 'fsync', file: '/nope' }] }] }), /ops\[0\]\.file: "\/nope" is neither in files nor created/],
    ['an I/O past the device', (d) => ({ ...d, geometry: { blockSize: 4096, blocks: 2 }, tasks: [{ name: 'app', ops: [{ op: 'read', file: '/a', offset: 8000, length: 4096 }] }] }), /ops\[0\]\.length: offset \+ length = 12096 is past the device capacity of 8192 bytes/],
    ['a duplicate id', (d) => ({ ...d, tasks: [{ name: 'app', ops: [{ op: 'fsync', file: '/a', id: 'x' }, { op: 'fsync', file: '/a', id: 'x' }] }] }), /ops\[1\]\.id: id "x" is used twice/],
    ['no tasks', (d) => ({ ...d, tasks: [] }), /^my\.yaml: tasks: /],
  ];
  for (const [what, mutate, expected] of cases) {
    test(`rejects ${what}`, () => {
      expect(errorOf(mutate(base()))).toMatch(expected);
    });
  }

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
