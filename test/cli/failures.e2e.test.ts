/**
 * Failures a user can trust (issue 19), as a user meets them: on a full disk, with interrupts, as
 * root, and on large runs. Devices are never touched: a FIFO and a socket made here stand for
 * them, a preload (fixtures/full-disk.mjs, fixtures/enospc-stdout.mjs) makes writes fail with
 * ENOSPC, and a child process killed mid-write stands for Ctrl-C and `timeout`.
 */
import { describe, expect, test } from 'vitest';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { aiosim } from './run-cli.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const BUG = ['truncate-vs-aio-write', '--fs', 'bug-truncate-nowait'];
const temps = (dir: string): string[] => readdirSync(dir).filter((f) => f.startsWith('.aiosim-'));
const oneLine = (stderr: string): void => {
  expect(stderr.endsWith('\n')).toBe(true);
  expect(stderr.trim().split('\n')).toHaveLength(1);
};

/** A scenario of `tasks` tasks, each doing `ios` AIO writes of `length` bytes and waiting for each. */
function bigScenario(dir: string, name: string, tasks: number, ios: number, length = 4096): string {
  const blocks = 256;
  const scenario = {
    version: 1,
    name,
    title: name,
    fs: 'diocount',
    geometry: { blockSize: 4096, blocks },
    device: { queueDepth: 4, latency: { min: 50, max: 500 } },
    files: [{ path: '/a', size: 65536, fill: 'a' }],
    tasks: Array.from({ length: tasks }, (_, t) => ({
      name: `t${t}`,
      ops: Array.from({ length: ios }, (_, i) => [
        { op: 'aio_write', file: '/a', offset: length === 4096 ? ((t + i) % 16) * 4096 : 0, length, fill: 'W' },
        { op: 'wait' },
      ]).flat(),
    })),
  };
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(scenario));
  return file;
}

interface Spawned {
  readonly child: ChildProcess;
  readonly done: Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  readonly stdout: () => string;
  readonly stderr: () => string;
}

function start(args: readonly string[], env: Record<string, string> = {}): Spawned {
  const child = spawn(process.execPath, ['dist/cli/main.js', ...args], { env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '0', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr })),
  );
  return { child, done, stdout: () => stdout, stderr: () => stderr };
}

/** Resolves once `ready()` holds (checked every millisecond), or rejects after `ms`. */
function until(ready: () => boolean, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const since = Date.now();
    const timer = setInterval(() => {
      if (ready()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - since > ms) {
        clearInterval(timer);
        reject(new Error('timed out'));
      }
    }, 1);
  });
}

describe('a failing report never hides a found violation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aiosim-full-'));
  const full = join(dir, 'full');
  const roomy = join(dir, 'roomy');
  mkdirSync(full);
  mkdirSync(roomy);
  const env = { NODE_OPTIONS: `--import ${fixture('full-disk.mjs')}`, AIOSIM_FULL_DISK: full };

  test('explore finds a violation, --html fails on a full disk: the token is printed, --trace is written, one line for the HTML, exit 1', () => {
    const r = aiosim(['explore', ...BUG, '--trace', join(roomy, 't.json'), '--html', join(full, 'r.html')], env);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/replay it: aiosim replay 'truncate-vs-aio-write@bug-truncate-nowait@[^']+'\n$/);
    expect(r.stderr).toMatch(/^explore: .*\n/);
    expect(r.stderr.split('\n').filter((l) => l.startsWith('aiosim:'))).toEqual([
      `aiosim: --html: cannot write "${join(full, 'r.html')}": no space left on the device (ENOSPC)`,
    ]);
    expect(JSON.parse(readFileSync(join(roomy, 't.json'), 'utf8')).traceEvents.length).toBeGreaterThan(10);
    expect([readdirSync(full), temps(roomy)]).toEqual([[], []]);
  });

  test('--json: the object is printed first, then the report fails; exit 1', () => {
    const r = aiosim(['explore', ...BUG, '--json', '--trace', join(full, 't.json')], env);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).violations.length).toBeGreaterThan(0);
    oneLine(r.stderr);
    expect(r.stderr).toMatch(/^aiosim: --trace: cannot write .*\(ENOSPC\)\n$/);
  });

  test('no violation and a report that fails: the result is printed, exit 2', () => {
    const r = aiosim(['run', 'truncate-vs-aio-write', '--html', join(full, 'r.html')], env);
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('✓ no violation');
    oneLine(r.stderr);
    expect(readdirSync(full)).toEqual([]);
  });
});

describe('output paths: only regular files are replaced; symbolic links are followed; - is stdout', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aiosim-paths-'));
  const fifo = join(dir, 'a-fifo');
  execFileSync('mkfifo', [fifo]);

  test('a socket, and a link to a FIFO, are refused in one line naming what they are (exit 2, nothing run)', async () => {
    const socket = join(dir, 'a-socket');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      symlinkSync(fifo, join(dir, 'to-fifo'));
      for (const [path, what] of [
        [socket, 'a socket'],
        [join(dir, 'to-fifo'), 'a FIFO'],
      ] as const) {
        const r = aiosim(['run', 'truncate-vs-aio-write', '--trace', path]);
        expect(r.status).toBe(2);
        expect(r.stderr).toBe(`aiosim: --trace: cannot write "${path}": it is ${what}, not a regular file (use - for stdout)\n`);
        expect(r.stdout).toBe('');
      }
      expect(lstatSync(fifo).isFIFO()).toBe(true);
    } finally {
      server.close();
    }
  });

  test('a symbolic link is followed: the file it points to is replaced, the link stays; a dangling one creates its target', () => {
    writeFileSync(join(dir, 'real.json'), 'old');
    symlinkSync('real.json', join(dir, 'link.json'));
    symlinkSync('not-yet.json', join(dir, 'dangling.json'));
    expect(aiosim(['run', 'truncate-vs-aio-write', '--trace', join(dir, 'link.json'), '--html', join(dir, 'dangling.json')]).status).toBe(0);
    expect([lstatSync(join(dir, 'link.json')).isSymbolicLink(), readlinkSync(join(dir, 'link.json'))]).toEqual([true, 'real.json']);
    expect(JSON.parse(readFileSync(join(dir, 'real.json'), 'utf8')).traceEvents).toBeDefined();
    expect(lstatSync(join(dir, 'dangling.json')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'not-yet.json'), 'utf8')).toMatch(/^<!doctype html>/);
    expect(temps(dir)).toEqual([]);
  });

  test('- writes the report to stdout and the result to stderr; two claims on stdout are refused', () => {
    const r = aiosim(['run', 'truncate-vs-aio-write', '--trace', '-']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).otherData.schedule).toMatch(/^truncate-vs-aio-write@diocount@/);
    expect(r.stderr).toContain('replay: aiosim replay');
    const html = aiosim(['explore', ...BUG, '--html', '-']);
    expect(html.status).toBe(1);
    expect(html.stdout).toMatch(/^<!doctype html>[\s\S]*<\/html>\n$/);
    expect(html.stderr).toContain('replay it: aiosim replay');
    for (const [args, line] of [
      [['--trace', '-', '--json'], 'aiosim: --trace -: stdout already carries the --json object; write one of them to a file\n'],
      [['--trace', '-', '--html', '-'], 'aiosim: --html -: stdout already carries the --trace report (--trace -); write one of them to a file\n'],
    ] as const) {
      const bad = aiosim(['run', 'truncate-vs-aio-write', ...args]);
      expect([bad.status, bad.stdout, bad.stderr]).toEqual([2, '', line]);
    }
  });
});

describe('interrupts (SIGINT, SIGTERM) leave no debris and lose nothing found', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aiosim-int-'));
  // ~200,000 trace events: a 58 MB HTML report and a 15 MB trace, whose writes take long enough to be hit.
  const large = bigScenario(dir, 'large', 4, 175, 65536);

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    test(`${signal} while a report is being written: each report is whole or absent, no temporary file left, exit ${signal === 'SIGINT' ? 130 : 143}`, async () => {
      const out = mkdtempSync(join(dir, 'out-'));
      const cli = start(['run', large, '--trace', join(out, 't.json'), '--html', join(out, 'r.html')]);
      // The result is printed first; then the reports: strike while a temporary file exists.
      await until(() => cli.stdout().includes('replay:') && temps(out).length > 0, 120_000);
      cli.child.kill(signal);
      const r = await cli.done;
      expect(r.status).toBe(signal === 'SIGINT' ? 130 : 143);
      expect(temps(out)).toEqual([]);
      if (existsSync(join(out, 't.json'))) expect(JSON.parse(readFileSync(join(out, 't.json'), 'utf8')).traceEvents.length).toBeGreaterThan(100_000);
      if (existsSync(join(out, 'r.html'))) expect(readFileSync(join(out, 'r.html'), 'utf8')).toMatch(/<\/html>\n$/);
    }, 180_000);
  }

  const interrupted = async (args: readonly string[], signal: NodeJS.Signals) => {
    const cli = start(['explore', 'truncate-vs-aio-write', '--fs', 'hold', ...args]);
    // Interrupt it once it is exploring (its progress line, or a second of exploring for --json).
    await until(() => cli.stderr().includes('executions') || cli.stdout() !== '', 60_000).catch(() => {});
    cli.child.kill(signal);
    return cli.done;
  };

  for (const workers of ['1', '2']) {
    test(`explore --json --workers ${workers} interrupted: a valid JSON summary marked partial, with the command that resumes it; exit 130`, async () => {
      const cli = start(['explore', 'truncate-vs-aio-write', '--fs', 'hold', '--budget', '1000000', '--json', '--workers', workers]);
      await new Promise((resolve) => setTimeout(resolve, 4000));
      cli.child.kill('SIGINT');
      const r = await cli.done;
      expect(r.status).toBe(130);
      const j = JSON.parse(r.stdout);
      expect(j).toMatchObject({ scenario: 'truncate-vs-aio-write', fs: 'hold', violations: [], partial: true, interrupted: 'SIGINT' });
      expect(j.resume).toBe(`aiosim explore truncate-vs-aio-write --fs hold --strategy portfolio --seed 1 --budget 1000000 --from ${j.executions}`);
    }, 60_000);
  }

  test('explore (text) interrupted by SIGTERM: how far it got and how to go on; dfs says it cannot resume', async () => {
    const r = await interrupted(['--budget', '1000000', '--workers', '1'], 'SIGTERM');
    expect(r.status).toBe(143);
    expect(r.stdout).toMatch(
      /^SIGTERM: stopped after (\d+) of 1000000 executions of truncate-vs-aio-write under hold \(portfolio, seed 1\): no violation found so far\n/,
    );
    expect(r.stdout).toMatch(/\ngo on from there: aiosim explore truncate-vs-aio-write --fs hold --strategy portfolio --seed 1 --budget 1000000 --from \d+\n$/);
    const dfs = start(['explore', 'mixed-aio-workload', '--fs', 'hold', '--strategy', 'dfs']);
    await until(() => dfs.stderr().includes('executions'), 60_000);
    dfs.child.kill('SIGINT');
    const d = await dfs.done;
    expect(d.status).toBe(130);
    expect(d.stdout).toMatch(/^SIGINT: stopped after \d+ executions of mixed-aio-workload under hold \(dfs, searching bound \d\): no violation found so far; /);
    expect(d.stdout).toContain('a dfs search cannot resume midway');
  }, 120_000);

  test('--from resumes exactly: the violation is found in the same execution, with the same token, in-process and on workers', () => {
    const args = ['explore', 'truncate-vs-aio-write', '--fs', 'bug-truncate-nowait', '--strategy', 'random', '--budget', '2000', '--no-shrink', '--json'];
    const whole = JSON.parse(aiosim([...args, '--workers', '1']).stdout);
    expect(whole.executions).toBeGreaterThan(2);
    for (const workers of ['1', '2']) {
      const resumed = JSON.parse(aiosim([...args, '--from', String(whole.executions - 2), '--workers', workers]).stdout);
      expect(resumed).toEqual(whole);
    }
    // It does skip: started after the violating execution, it finds a later one (or none).
    for (const workers of ['1', '2']) {
      const after = JSON.parse(aiosim([...args, '--from', String(whole.executions), '--workers', workers]).stdout);
      expect(after.violations.length === 0 || after.executions > whole.executions).toBe(true);
    }
    const past = aiosim([...args, '--from', '2000']);
    expect([past.status, past.stderr]).toEqual([2, 'aiosim: --from: 2000 is not below the budget of 2000 executions; raise --budget\n']);
  });
});

describe('workers: the count follows the cores and the budget', () => {
  test('--workers 256 runs on at most the cores, says so in one line, and answers what one worker answers', () => {
    const args = ['explore', 'extend-then-stat', '--budget', '5000', '--json']; // a budget that would keep 10 threads busy
    const many = aiosim([...args, '--workers', '256']);
    oneLine(many.stderr);
    expect(many.stderr).toMatch(/^explore: (runs in this thread|\d+ worker threads), not 256: this machine has \d+ cores?\n$/);
    expect(JSON.parse(many.stdout)).toEqual(JSON.parse(aiosim([...args, '--workers', '1']).stdout));
    expect(aiosim(['explore', 'truncate-vs-aio-write', '--fs', 'hold', '--budget', '300', '--json', '--workers', '2']).stderr).toBe(
      'explore: runs in this thread, not on 2 worker threads: budgets up to 500 executions do (threads would cost more than they save)\n',
    );
  });

  test('a racing unlink (b unlinks /a while a writes and waits) explores cleanly, the same in-process and on workers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aiosim-unlink-'));
    const file = join(dir, 'racing-unlink.yaml');
    writeFileSync(
      file,
      [
        'version: 1',
        'name: racing-unlink',
        'title: b unlinks /a while a writes to it and waits',
        'fs: diocount',
        'geometry: { blockSize: 4096, blocks: 16 }',
        'device: { queueDepth: 4, latency: { min: 50, max: 500 } }',
        'files: [{ path: /a, size: 4096, fill: "a" }]',
        'tasks:',
        '  - { name: a, ops: [{ op: aio_write, file: /a, offset: 0, length: 4096, fill: W, id: w1 }, { op: wait, for: w1 }] }',
        '  - { name: b, ops: [{ op: unlink, file: /a }] }',
      ].join('\n'),
    );
    const args = ['explore', file, '--budget', '1200', '--json'];
    const one = aiosim([...args, '--workers', '1']);
    const two = aiosim([...args, '--workers', '2']);
    expect([one.status, two.status, one.stderr, two.stderr]).toEqual([0, 0, '', '']);
    expect(JSON.parse(two.stdout)).toEqual(JSON.parse(one.stdout));
    expect(aiosim(['run', file, '--strategy', 'random', '--seed', '3']).status).toBe(0);
  });
});

describe('stdout that cannot be written', () => {
  test('a full disk (ENOSPC): one line on stderr, exit 2, no stack trace', () => {
    for (const args of [
      ['run', 'truncate-vs-aio-write'],
      ['explore', ...BUG, '--json'],
    ]) {
      const r = aiosim(args, { NODE_OPTIONS: `--import ${fixture('enospc-stdout.mjs')}` });
      expect([r.status, r.stderr]).toEqual([2, 'aiosim: cannot write the result to stdout: no space left on the device (ENOSPC)\n']);
    }
  });

  test('a reader that goes away (EPIPE, as `| head` does): quiet, with the status the command had', async () => {
    const cli = start(['run', 'mixed-aio-workload', '--events']);
    cli.child.stdout!.destroy(); // the read end closes: the next write gets EPIPE
    const r = await cli.done;
    expect([r.status, r.stderr]).toEqual([0, '']);
  });
});

describe('large runs: every report finishes, in bounded memory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aiosim-large-'));

  test('--html and --trace of a ~200,000-event run, within a 512 MB heap', () => {
    const file = bigScenario(dir, 'events', 4, 175, 65536);
    const out = join(dir, 'r.html');
    const r = aiosim(['run', file, '--html', out, '--trace', join(dir, 't.json'), '--json'], { NODE_OPTIONS: '--max-old-space-size=512' });
    expect([r.status, r.stderr]).toEqual([0, '']);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/Event log \((\d{6}) trace events\)/);
    expect(Number(/Event log \((\d+) trace events\)/.exec(html)![1])).toBeGreaterThan(200_000);
  }, 180_000);

  test('the text report of 1,024 tasks (the most a scenario may have) leaves the timeline out in one line, within a 300 MB heap; --html is refused in one line', () => {
    const file = bigScenario(dir, 'tasks', 1024, 1);
    // The scenario's own default limit lets it finish; the old constant one ends it with a step-limit verdict.
    const r = aiosim(['run', file, '--html', join(dir, 'tasks.html'), '--step-limit', '100000'], { NODE_OPTIONS: '--max-old-space-size=300' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      /\ntimeline not drawn: its timeline, 1,025 lanes over [\d,]+ turns, is too large to draw \(the limit is 2,000,000 lane-turns\); the whole run: --trace <file> \(ui\.perfetto\.dev\) or --json\n/,
    );
    expect(r.stdout).toContain('✗ step-limit');
    expect(r.stderr).toMatch(
      /^aiosim: --html: not written: its timeline, 1,025 lanes over [\d,]+ turns, is too large to draw .*; --trace <file> writes it for ui\.perfetto\.dev\n$/,
    );
    expect(existsSync(join(dir, 'tasks.html'))).toBe(false);
  }, 180_000);
});
