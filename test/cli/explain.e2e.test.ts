/** `aiosim explain` through the built CLI: what a kernel developer types. */
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { aiosim } from './run-cli.js';

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), `aiosim-${prefix}-`));

/** Exit 2, one line on stderr matching `pattern`, nothing on stdout. */
function expectUsage(args: string[], pattern: RegExp): void {
  const r = aiosim(args);
  expect({ args, status: r.status, stdout: r.stdout }).toEqual({ args, status: 2, stdout: '' });
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
}

describe('aiosim explain', () => {
  test('--format commit --width 72 prints the golden diagram; exit 0 (a rendering, not a verdict)', () => {
    const golden = readFileSync('test/golden/explain/bug-truncate-nowait.txt', 'utf8');
    const token = /^\$ aiosim explain '([^']+)' --width 72$/m.exec(golden)![1]!;
    const r = aiosim(['explain', token, '--width', '72']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(golden.slice(golden.indexOf('\n\n') + 2));
    expect(aiosim(['explain', token, '--format', 'commit', '--width', '72']).stdout).toBe(r.stdout);
    expect(aiosim(['explain', token, '--full']).stdout).toContain('pread64(/b, 0, 12288)  [rb]');
  });

  test('an --embed token: the C reproducer is written in a fresh directory, without the scenario file', () => {
    const found = aiosim(['explore', 'fallocate-vs-appending-aio', '--fs', 'bug-fallocate-isize', '--embed', '--json']);
    const token = (JSON.parse(found.stdout) as { schedule: string }).schedule;
    const dir = tmp('explain-c');
    const r = spawnSync(process.execPath, [resolve('dist/cli/main.js'), 'explain', token, '--format', 'c', '-o', 'repro.c'], { cwd: dir, encoding: 'utf8' });
    expect({ status: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ status: 0, stdout: '', stderr: '' });
    const c = readFileSync(join(dir, 'repro.c'), 'utf8');
    expect(c).toMatch(/^\/\*\n \* aiosim reproducer: fallocate-vs-appending-aio under bug-fallocate-isize\n/);
    expect(c).toContain(`aiosim replay '${token}'`);
    expect(c).toContain('#include <libaio.h>');
  });

  test('a run without a violation still draws, and says so', () => {
    const token = (JSON.parse(aiosim(['run', 'truncate-vs-aio-write', '--json']).stdout) as { schedule: string }).schedule;
    const r = aiosim(['explain', token]);
    expect(r.status).toBe(0);
    expect(r.stdout.trimEnd().endsWith('no violation: every oracle is satisfied')).toBe(true);
  });

  test('bad input is one line and exit 2', () => {
    expectUsage(['explain', 'truncate-vs-aio-write@bug-truncate-nowait@1.~P10.i4', '--format', 'pdf'], /--format.*pdf.*Allowed choices are commit, c/);
    expectUsage(['explain', 'truncate-vs-aio-write@bug-truncate-nowait@1.~P10.i4', '--width', '10'], /--width.*expected a whole number from 40 to 1000/);
    expectUsage(['explain', 'nonsense'], /expected "<scenario>@<scheme>@<choices>"/);
    expectUsage(
      ['explain', 'truncate-vs-aio-write@bug-truncate-nowait@1.~P10.i4@h1.00000000.00000000'],
      /the scenario truncate-vs-aio-write changed .*--force replays it anyway/,
    );
    expectUsage(
      ['explain', 'truncate-vs-aio-write@bug-truncate-nowait@1.~P10.i4', '-o', '/nonexistent/x.c'],
      /--output: cannot write "\/nonexistent\/x\.c": no such directory/,
    );
    const forced = aiosim(['explain', 'truncate-vs-aio-write@bug-truncate-nowait@1.~P10.i4@h1.00000000.00000000', '--force']);
    expect(forced.status).toBe(0);
    expect(forced.stderr).toMatch(/^warning: the replay token no longer fits/);
  });
});
