import { describe, expect, test } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aiosim } from './run-cli.js';
import { writeFileAtomic } from '../../cli/output.js';
import { UserError } from '../../src/sim/errors.js';

/** A path that cannot be written is the user's mistake: exit 2, one line naming the flag and the path, nothing left behind. */
describe('report paths that cannot be written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aiosim-out-'));
  mkdirSync(join(dir, 'a-directory'));
  writeFileSync(join(dir, 'a-file'), 'x');
  const long = join(dir, `${'x'.repeat(300)}.json`); // NAME_MAX is 255
  const fifo = join(mkdtempSync(join(tmpdir(), 'aiosim-fifo-')), 'a-fifo');
  execFileSync('mkfifo', [fifo]);

  const cases: Array<[string, string[], RegExp]> = [
    [
      'a name longer than NAME_MAX (it was exit 3)',
      ['run', 'truncate-vs-aio-write', '--trace', long],
      /^aiosim: --trace: cannot write ".*x{200}.*\.json": the name is too long \(ENAMETOOLONG\)\n$/,
    ],
    [
      'a directory',
      ['run', 'truncate-vs-aio-write', '--html', join(dir, 'a-directory')],
      /^aiosim: --html: cannot write ".*a-directory": it is a directory \(EISDIR\)\n$/,
    ],
    [
      'a file where a directory should be',
      ['run', 'truncate-vs-aio-write', '--trace', join(dir, 'a-file', 't.json')],
      /^aiosim: --trace: cannot write ".*a-file\/t\.json": a part of the path is not a directory \(ENOTDIR\)\n$/,
    ],
    [
      'a directory that does not exist',
      ['run', 'truncate-vs-aio-write', '--trace', join(dir, 'nope', 't.json')],
      /^aiosim: --trace: cannot write ".*nope\/t\.json": no such directory \(ENOENT\)\n$/,
    ],
    // A FIFO of the test's own, not /dev/null: a regression here would replace the machine's device.
    [
      'a FIFO (not a regular file, as a device is not)',
      ['run', 'truncate-vs-aio-write', '--trace', fifo],
      /^aiosim: --trace: cannot write ".*a-fifo": it is a FIFO, not a regular file \(use - for stdout\)\n$/,
    ],
    [
      'a place without permission (EACCES, or EROFS where /sys is read-only)',
      ['run', 'truncate-vs-aio-write', '--trace', '/sys/kernel/aiosim.json'],
      /^aiosim: --trace: cannot write "\/sys\/kernel\/aiosim\.json": [^\n]*\n$/,
    ],
    [
      '--save-scenario with a name too long',
      ['explore', 'truncate-vs-aio-write', '--fs', 'bug-truncate-nowait', '--budget', '50', '--save-scenario', long],
      /^aiosim: --save-scenario: cannot write ".*": the name is too long \(ENAMETOOLONG\)\n$/,
    ],
  ];
  for (const [what, args, stderr] of cases) {
    test(what, () => {
      const r = aiosim(args);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(stderr);
      expect(readdirSync(dir).sort()).toEqual(['a-directory', 'a-file']);
    });
  }

  test('a long name that fits is written (the temporary name next to it stays short)', () => {
    const fits = join(dir, `${'y'.repeat(250)}.json`);
    expect(aiosim(['run', 'truncate-vs-aio-write', '--trace', fits]).status).toBe(0);
    expect(readdirSync(dir)).toContain(`${'y'.repeat(250)}.json`);
  });

  test('a write that fails after the temporary file exists takes it away', () => {
    const target = join(dir, 'a-directory'); // rename(2) onto a directory fails once the data is written
    expect(() => writeFileAtomic(target, 'data', '--html')).toThrow(UserError);
    expect(() => writeFileAtomic(target, 'data', '--html')).toThrow(/^--html: cannot write ".*a-directory": it is a directory \(EISDIR\)$/);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });
});
