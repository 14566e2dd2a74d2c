/**
 * `aiosim explain --format c`: the C reproducer of every catalog bug compiles with
 * `gcc -Wall -Werror -pthread … -laio` (.ci/run installs gcc and Debian's libaio-dev; without
 * them the compile tests are skipped here, loudly, and fail in CI). Running a reproducer needs
 * a real kernel with the bug: not part of the suite.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replayRun } from '../../src/explore/explore.js';
import { renderCReproducer } from '../../src/report/c-reproducer.js';
import { runScenario } from '../../src/scenario/runner.js';
import { validateScenario } from '../../src/scenario/validate.js';
import { timedStrategy } from '../../src/sim/strategies/timed.js';
import { type FoundBug, foundBugs } from './explain-bugs.js';

const haveGcc = spawnSync('gcc', ['--version']).status === 0 && existsSync('/usr/include/libaio.h');
if (!haveGcc) {
  if (process.env.CI) throw new Error('gcc or /usr/include/libaio.h is missing: .ci/run must install gcc and libaio-dev');
  console.warn('explain-c: gcc or libaio.h (Debian: libaio-dev) missing, the C reproducers are not compiled');
}

const dir = mkdtempSync(join(tmpdir(), 'aiosim-repro-'));

/** gcc's complaints about `source`, or '' when it compiles cleanly. */
function compile(name: string, source: string): string {
  const file = join(dir, `${name}.c`);
  writeFileSync(file, source);
  const r = spawnSync('gcc', ['-Wall', '-Werror', '-pthread', file, '-o', join(dir, name), '-laio'], { encoding: 'utf8' });
  return r.status === 0 ? '' : `${r.stderr}${r.stdout}`;
}

let bugs: FoundBug[] = [];
beforeAll(() => {
  bugs = foundBugs();
});

/** A scenario with every op kind, an `after:` on another task's AIO, buffered I/O, a file created, closed and unlinked, and fills C must escape. */
const EVERY_OP = validateScenario(
  {
    version: 1,
    name: 'every-op',
    title: 'Every op kind, with "quotes", a backslash \\ and a comment end */ in the title',
    geometry: { blockSize: 4096, blocks: 32 },
    files: [
      { path: '/a', size: 8192, fill: "'" },
      { path: '/d/b', size: 4096 },
    ],
    tasks: [
      {
        name: 'one',
        ops: [
          { op: 'aio_write', file: '/a', offset: 0, length: 4096, fill: 'x', id: 'w1' },
          { op: 'aio_read', file: '/a', offset: 4096, length: 4096, id: 'r1' },
          { op: 'wait', for: 'w1' },
          { op: 'wait' },
          { op: 'write', file: '/a', offset: 8192, length: 512, fill: '\\', direct: false },
          { op: 'write', file: '/a', offset: 8704, length: 512, fill: '\u0001' },
          { op: 'read', file: '/a', offset: 0, length: 100, direct: false },
          { op: 'fsync', file: '/a' },
          { op: 'close', file: '/a' },
        ],
      },
      {
        name: 'two-2',
        ops: [
          { op: 'fallocate', file: '/d/b', mode: 'punch_hole', offset: 0, length: 4096, after: 'w1' },
          { op: 'fallocate', file: '/d/b', mode: 'zero_range', offset: 0, length: 4096 },
          { op: 'fallocate', file: '/d/b', mode: 'keep_size', offset: 4096, length: 4096 },
          { op: 'fallocate', file: '/d/b', mode: 'allocate', offset: 8192, length: 4096 },
          { op: 'truncate', file: '/d/b', size: 0 },
          { op: 'create', file: '/c' },
          { op: 'sleep', us: 10 },
          { op: 'unlink', file: '/c' },
          { op: 'read', file: '/c', offset: 0, length: 512 },
        ],
      },
    ],
  },
  'every-op',
);

describe.skipIf(!haveGcc)('explain --format c compiles (gcc -Wall -Werror -pthread -laio)', () => {
  test('for every catalog bug', () => {
    expect(bugs.length).toBeGreaterThan(0);
    for (const { scheme, token, run } of bugs) expect(compile(scheme, renderCReproducer(run, { token })), scheme).toBe('');
  });

  test('for a scenario with every op kind, after:, buffered I/O, nested paths and C-hostile text', () => {
    const run = runScenario(EVERY_OP, { strategy: timedStrategy(1), fs: 'diocount' });
    expect(compile('every-op', renderCReproducer(run, { token: 'x@diocount@1.0.aa' }))).toBe('');
  });
});

describe('explain --format c: what the program does', () => {
  test('the header names the kernel fix, the simulated verdict, the checks, and the order it forces', () => {
    const { token, run } = bugs.find((b) => b.scheme === 'bug-truncate-nowait')!;
    const c = renderCReproducer(run, { token });
    const head = c.slice(0, c.indexOf('*/'));
    const text = head.replace(/\n \*( |$)/gm, ' ').replace(/ +/g, ' ');
    expect(text).toContain('one before the fix, xfs 2cf7f0da3ae2 (2008)');
    expect(text).toContain(`aiosim replay '${token}'`);
    expect(text).toMatch(/It found freed-block-write: w1 wrote 4096 bytes into device block 3/);
    expect(text).toContain("Another file's data means a write landed in a block its file had given up");
    expect(text).toContain("admin's truncate (t1) starts after app's aio_write (w1) returned");
    expect(head.split('\n').filter((l) => l.length > 92 && !l.includes('aiosim replay'))).toEqual([]);
    // The order is forced with one semaphore: posted after w1's io_submit returns, waited for before the truncate.
    expect(c).toMatch(/aio_rw\(t, 0, FILE_0, 1, 12288, 4096, 'W'\);\n\tpost\(&order\[0\]\);/);
    expect(c).toMatch(/wait_for\(&order\[0\]\);.*\n\tsys_op\(2, fd_of\(t, FILE_0, 1\) < 0 \? -1 : ftruncate\(t->fd\[FILE_0\], 4096\)\);/);
    expect(c).toContain('static const char *const allowed[NFILES] = { "Wa", "b" };');
  });

  test('a non-linearizable run: the program compares with the observation no order produces', () => {
    const { token, run } = bugs.find((b) => b.scheme === 'bug-fallocate-isize')!;
    const c = renderCReproducer(run, { token });
    expect(c).toContain('static const struct seg sim[] = { { 0, 4096, 65 } };');
    expect(c).toContain('same_final_as_simulated("/a ends as it ended in the simulated violation", FILE_0, 4096, sim, 1)');
    const read = renderCReproducer(bugs.find((b) => b.scheme === 'bug-complete-before-size')!.run, { token });
    expect(read).toMatch(
      /same_as_simulated\("read readback of \/log returns what it returned in the simulated violation", op\[\d\]\.buf, op\[\d\]\.res, 4096, sim, 1\)/,
    );
  });

  test('a run without a verdict: nothing is compared but the bytes, and every syscall order is kept', () => {
    const scenario = bugs.find((b) => b.scheme === 'bug-truncate-nowait')!.run.scenario;
    const run = replayRun(scenario, 'diocount', '1.~P10.i4');
    const c = renderCReproducer(run, { token: 't' });
    expect(run.result.verdicts).toEqual([]);
    expect(c).toContain('It found no violation.');
    expect(c).not.toContain('same_final_as_simulated("');
  });
});
