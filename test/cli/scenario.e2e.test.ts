import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aiosim } from './run-cli.js';
import { SCHEMES, cleanSchemes } from '../../src/fs-impls/schemes.js';

const json = (stdout: string) => JSON.parse(stdout) as Record<string, unknown>;

describe('aiosim scenario commands, run as a user would', () => {
  test('list shows the catalog; list --schemes shows every scheme with its history', () => {
    const list = aiosim(['list']);
    expect(list.status).toBe(0);
    expect(list.stdout).toContain('truncate-vs-aio-write');
    const schemes = aiosim(['list', '--schemes']);
    // One line per scheme: its name, then its kind.
    for (const s of SCHEMES) expect(schemes.stdout).toMatch(new RegExp(`^${s.name} +${s.kind} +\\S`, 'm'));
    expect(schemes.stdout).toContain('249bd9087a52');
  });

  test('run: a clean run prints the timeline and exits 0; --json is one object of the contract', () => {
    const r = aiosim(['run', 'truncate-vs-aio-write']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('app/1');
    expect(r.stdout).toContain('no violation');
    const j = aiosim(['run', 'truncate-vs-aio-write', '--json']);
    expect(j.stderr).toBe('');
    expect(Object.keys(json(j.stdout)).sort()).toEqual(['executions', 'fs', 'scenario', 'schedule', 'seed', 'strategy', 'violations']);
  });

  test('explore finds the bug (exit 1), and replaying its schedule reproduces the same verdicts', () => {
    const found = aiosim(['explore', 'fallocate-vs-appending-aio', '--fs', 'bug-fallocate-isize', '--budget', '2000', '--json']);
    expect(found.status).toBe(1);
    const result = json(found.stdout);
    expect(result).toMatchObject({ scenario: 'fallocate-vs-appending-aio', fs: 'bug-fallocate-isize', strategy: 'portfolio', seed: 1 });
    const violations = result.violations as Array<{ kind: string }>;
    expect(violations.map((v) => v.kind)).toContain('not-linearizable');
    const replay = aiosim(['replay', String(result.schedule), '--json']);
    expect(replay.status).toBe(1);
    expect(json(replay.stdout).violations).toEqual(result.violations);
    const human = aiosim(['replay', String(result.schedule)]);
    expect(human.stdout).toContain('not-linearizable');
    expect(human.stdout).toContain(`aiosim replay '${result.schedule}'`);
  });

  test('explore under a correct scheme finds nothing (exit 0)', () => {
    const r = aiosim(['explore', 'fallocate-vs-appending-aio', '--fs', 'diocount', '--budget', '200']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('200 executions');
    expect(r.stdout).toContain('no violation found');
  });

  test('compare: one row per scheme (a claim scheme only on its own scenario), bugs only where expected', () => {
    const r = aiosim(['compare', 'fallocate-vs-appending-aio', '--budget', '300', '--json']);
    const rows = json(r.stdout).rows as Array<{ fs: string; violations: Array<{ kind: string }> }>;
    expect(rows.map((row) => row.fs)).toEqual(SCHEMES.filter((s) => s.kind !== 'claim').map((s) => s.name));
    const own = json(aiosim(['compare', 'drain-vs-aio-stream', '--budget', '50', '--json']).stdout).rows as Array<{ fs: string }>;
    expect(own.map((row) => row.fs)).toContain('diocount-unlocked-drain');
    expect(own.map((row) => row.fs)).not.toContain('fence-end-io-lock');
    const flagged = rows.filter((row) => row.violations.length > 0).map((row) => row.fs);
    expect(flagged).toContain('bug-fallocate-isize');
    for (const { name } of cleanSchemes()) expect(flagged).not.toContain(name);
    expect(r.status).toBe(1);
  });

  test('run --schedule with a token reproduces the run', () => {
    const first = json(aiosim(['run', 'extend-then-stat', '--strategy', 'random', '--seed', '5', '--json']).stdout);
    const again = json(aiosim(['run', 'extend-then-stat', '--schedule', String(first.schedule), '--json']).stdout);
    expect(again.violations).toEqual(first.violations);
    expect(again.schedule).toBe(first.schedule);
  });

  test('bad input: one line on stderr naming what is wrong, exit 2, nothing on stdout, nothing written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aiosim-e2e-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'version: 1\nname: bad\ntitle: Bad\ntasks:\n  - name: app\n    ops:\n      - { op: read, file: /a, offset: 0, lenght: 10 }\n');
    const cases: string[][] = [
      ['run', bad],
      ['run', 'no-such-scenario'],
      ['run', 'truncate-vs-aio-write', '--fs', 'zfs'],
      ['explore', 'truncate-vs-aio-write', '--budget', '0'],
      ['run', 'truncate-vs-aio-write', '--strategy', 'dfs'],
      ['replay', 'truncate-vs-aio-write@diocount@1.0120.zz'],
      ['replay', 'garbage'],
      ['run', 'truncate-vs-aio-write', '--schedule', '1.999.00'],
    ];
    for (const args of cases) {
      const r = aiosim(args);
      expect({ args, status: r.status }).toEqual({ args, status: 2 });
      expect(r.stdout).toBe('');
      expect(
        r.stderr
          .trim()
          .split('\n')
          .filter((l) => !l.startsWith('(run with --help')).length,
      ).toBe(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(aiosim(['run', bad]).stderr).toMatch(/bad\.yaml: tasks\[0\]\.ops\[0\]: unknown key "lenght"|bad\.yaml: tasks\[0\]\.ops\[0\]\.length/);
    expect(readdirSync(dir)).toEqual(['bad.yaml']);
  });
});

describe('explore progress', () => {
  test('a long exploration prints plain progress lines on stderr when not a terminal, and nothing with --json', () => {
    const plain = aiosim(['explore', 'mixed-aio-workload', '--budget', '2500']);
    expect(plain.status).toBe(0);
    // Every 2 s a line; the last line always gives the totals.
    expect(plain.stderr).toMatch(/^explore: 2500 \/ 2500 executions · \d+\/s · \d+\.\d s · done\n$/m);
    expect(plain.stdout).toContain('2500 executions');
    const quiet = aiosim(['explore', 'mixed-aio-workload', '--budget', '2500', '--json']);
    expect(quiet.stderr).toBe('');
    expect(JSON.parse(quiet.stdout).executions).toBe(2500);
  });
});

describe('parallel exploration', () => {
  test('--workers 2 reports exactly what one worker reports (violation found, and none found)', () => {
    for (const args of [
      ['explore', 'close-trims-eofblocks', '--fs', 'bug-eofblocks-trim', '--budget', '3000', '--json'],
      ['explore', 'fallocate-vs-appending-aio', '--fs', 'diocount', '--budget', '1200', '--json'],
    ]) {
      const one = aiosim([...args, '--workers', '1']);
      const two = aiosim([...args, '--workers', '2']);
      expect(two.stderr).toBe('');
      expect(JSON.parse(two.stdout)).toEqual(JSON.parse(one.stdout));
    }
  });
});

describe('explore --strategy dfs and --save-scenario', () => {
  test('dfs proves a correct scheme within the bound (exit 0), with counts; stops at a bug (exit 1)', () => {
    const ok = aiosim(['explore', 'unaligned-aio-same-block', '--fs', 'hold', '--strategy', 'dfs', '--preemptions', '2']);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/no violation within bound 2 \(\d+ executions run, \d+ pruned as equivalent, preemption bound 2\)/);
    const j = JSON.parse(aiosim(['explore', 'unaligned-aio-same-block', '--fs', 'hold', '--strategy', 'dfs', '--json']).stdout);
    expect(j.dfs).toMatchObject({ bound: 2, por: true, complete: true });
    const bug = aiosim(['explore', 'unaligned-aio-same-block', '--fs', 'bug-unaligned-race', '--strategy', 'dfs']);
    expect(bug.status).toBe(1);
    expect(bug.stdout).toContain('(dfs, bound 0: no preemption needed)');
  });

  test('a budget too small for the bound says the search did not finish', () => {
    const r = aiosim(['explore', 'truncate-vs-aio-write', '--fs', 'hold', '--strategy', 'dfs', '--budget', '30']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('no violation found, but the search at bound 0 did not finish');
    const partial = aiosim(['explore', 'truncate-vs-aio-write', '--fs', 'hold', '--strategy', 'dfs', '--budget', '1000']);
    expect(partial.stdout).toContain('no violation within bound 0, but the search at bound 1 did not finish');
  });

  test('--preemptions takes a number or unbounded; anything else is a one-line error', () => {
    const bad = aiosim(['explore', 'fence-on-eviction', '--strategy', 'dfs', '--preemptions', 'two']);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')[0]).toMatch(/--preemptions.*whole number.*or unbounded/);
    expect(aiosim(['explore', 'fence-on-eviction', '--strategy', 'dfs', '--preemptions', 'unbounded']).stdout).toContain('within bound unbounded');
    const j = JSON.parse(aiosim(['explore', 'fence-on-eviction', '--strategy', 'dfs', '--preemptions', 'unbounded', '--json']).stdout);
    expect(j.dfs).toMatchObject({ bound: 'unbounded', proven: 'unbounded', reached: 'unbounded', complete: true });
  });

  test('--save-scenario writes the smaller scenario, and its printed token replays the violation', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aiosim-shrunk-'));
    const file = join(dir, 'small.yaml');
    const r = aiosim(['explore', 'truncate-vs-aio-write', '--fs', 'bug-truncate-nowait', '--save-scenario', file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('the violation needs 2 of the 6 operations: app:w1, admin:t1');
    const token = /replay the smaller scenario: aiosim replay '([^']+)'/.exec(r.stdout)![1]!;
    const replayed = aiosim(['replay', token, '--json']);
    expect(replayed.status).toBe(1);
    expect(JSON.parse(replayed.stdout).violations[0].kind).toBe('freed-block-write');
  });
});

describe('output into a pipe that closes early (`aiosim run … | head`)', () => {
  test('stops quietly: no EPIPE stack trace', () => {
    // `true` exits at once, long before node has started: every write of aiosim meets a closed pipe.
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" dist/cli/main.js run mixed-aio-workload --events | true`], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.stderr).not.toMatch(/EPIPE|at .*\.js:\d+/);
    expect(r.status).toBe(0); // aiosim's own status (pipefail)
  });
});
