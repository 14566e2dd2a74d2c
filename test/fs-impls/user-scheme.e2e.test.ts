/**
 * Scheme files, as a file-system developer meets them through the built CLI (issue 16):
 * `aiosim new-scheme` writes a green starting point; the same scheme edited to drop the drain
 * before punching a hole is found by every explorer and replays from its token; a broken
 * scheme file is one line and exit 2.
 */
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const MAIN = resolve('dist/cli/main.js');
const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), `aiosim-${prefix}-`));

function aiosimIn(cwd: string, args: readonly string[]) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface ExploreJson {
  readonly fs: string;
  readonly schedule: string;
  readonly violations: Array<{ kind: string }>;
  readonly dfs?: { complete: boolean };
}
const json = (stdout: string) => JSON.parse(stdout) as ExploreJson;

/** new-scheme's output in a fresh directory: the directory it wrote, where the commands then run. */
function newScheme(edit?: (scheme: string) => string): string {
  const cwd = tmp('scheme');
  const made = aiosimIn(cwd, ['new-scheme', 'my-punch', '--from', 'diocount', '-o', 'my-punch']);
  expect(made.stderr).toBe('');
  expect(made.status).toBe(0);
  const dir = join(cwd, 'my-punch');
  if (edit) {
    const file = join(dir, 'my-punch.mjs');
    const before = readFileSync(file, 'utf8');
    const after = edit(before);
    expect(after).not.toBe(before);
    writeFileSync(file, after);
  }
  return dir;
}

/** The edit the acceptance names: fallocate no longer waits for in-flight direct I/O before punching. */
const dropPunchDrain = (text: string) => text.replace(/(\*fallocateNewSize\([^)]*\) \{\n)\s*yield\* this\.drain\(inode\);\n/, '$1');

describe('aiosim new-scheme', () => {
  test('writes a scheme, a scenario and a test; the template is clean under dfs bound 2 on that scenario', () => {
    const dir = newScheme();
    const r = aiosimIn(dir, ['explore', 'my-punch.yaml', '--strategy', 'dfs', '--preemptions', '2', '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = json(r.stdout);
    expect(out.fs).toBe('./my-punch.mjs');
    expect(out.violations).toEqual([]);
    expect(out.dfs?.complete).toBe(true);
  });

  test('the test it writes runs green under vitest', () => {
    const dir = newScheme();
    const config = join(dir, 'vitest.config.mjs');
    writeFileSync(config, 'export default {};\n');
    const r = spawnSync(process.execPath, [resolve('node_modules/vitest/vitest.mjs'), 'run', '--root', dir, '--config', config], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', AIOSIM_CLI: MAIN },
    });
    expect(r.stdout).toMatch(/1 passed/);
    expect(r.status).toBe(0);
  });

  test('refuses to overwrite, and a bad name or base is one line, exit 2', () => {
    const cwd = tmp('again');
    expect(aiosimIn(cwd, ['new-scheme', 'x1']).status).toBe(0);
    const again = aiosimIn(cwd, ['new-scheme', 'x1']);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/^aiosim: new-scheme: x1\/x1\.mjs exists; nothing was written/);
    expect(aiosimIn(cwd, ['new-scheme', 'Bad_Name']).stderr).toMatch(/^aiosim: new-scheme: the name "Bad_Name"/);
    expect(aiosimIn(cwd, ['new-scheme', 'y', '--from', 'bug-truncate-nowait']).status).toBe(2);
  });
});

describe('a scheme file edited to drop the drain before punching a hole', () => {
  const dir = newScheme(dropPunchDrain);

  test.each([
    ['explore (portfolio)', []],
    ['explore --strategy dfs', ['--strategy', 'dfs']],
    ['explore --workers 2', ['--workers', '2', '--budget', '4000', '--no-shrink']],
  ])('%s finds the late write into the freed block', (_name, flags) => {
    const r = aiosimIn(dir, ['explore', 'my-punch.yaml', ...flags, '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const out = json(r.stdout);
    expect(out.violations.map((v) => v.kind)).toContain('freed-block-write');
    expect(out.schedule.startsWith('my-punch.yaml@./my-punch.mjs@')).toBe(true);
  });

  test('compare gives the scheme file its own row, with the violation', () => {
    const r = aiosimIn(dir, ['compare', 'my-punch.yaml', '--schemes', 'diocount,./my-punch.mjs', '--budget', '50', '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    const rows = (JSON.parse(r.stdout) as { rows: Array<{ fs: string; violations: Array<{ kind: string }> }> }).rows;
    expect(rows.map((x) => [x.fs, x.violations.length > 0])).toEqual([
      ['diocount', false],
      ['./my-punch.mjs', true],
    ]);
  });

  test('its token replays the violation, and is refused once the scheme file is edited', () => {
    const found = json(aiosimIn(dir, ['explore', 'my-punch.yaml', '--json']).stdout);
    const replayed = aiosimIn(dir, ['replay', found.schedule, '--json']);
    expect(replayed.stderr).toBe('');
    expect(replayed.status).toBe(1);
    expect(json(replayed.stdout).violations[0]?.kind).toBe('freed-block-write');
    const copy = newScheme(dropPunchDrain);
    const token = json(aiosimIn(copy, ['explore', 'my-punch.yaml', '--json']).stdout).schedule;
    writeFileSync(join(copy, 'my-punch.mjs'), `${readFileSync(join(copy, 'my-punch.mjs'), 'utf8')}// edited\n`);
    const refused = aiosimIn(copy, ['replay', token]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^aiosim: the replay token no longer fits what it replays: the scheme \.\/my-punch\.mjs changed \(its file was edited/);
  });
});

describe('a broken scheme file is one line naming it, exit 2', () => {
  const dir = tmp('broken');
  const files: Record<string, string> = {
    'three.mjs': 'export default 3;\n',
    'throws.mjs': "throw new Error('boom at load');\n",
    'plain.mjs': 'export default class Plain {}\n',
    'typed.ts': 'export default class {}\n',
  };
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);

  test.each([
    ['./missing.mjs', /^aiosim: \.\/missing\.mjs: no such scheme file$/],
    ['./three.mjs', /^aiosim: \.\/three\.mjs: exports no scheme/],
    ['./throws.mjs', /^aiosim: \.\/throws\.mjs: the scheme module failed to load: boom at load$/],
    ['./plain.mjs', /^aiosim: \.\/plain\.mjs: the default export lacks the scheme hooks alloc_inode, write_iter/],
    ['./typed.ts', /^aiosim: \.\/typed\.ts: a TypeScript scheme file/],
  ])('--fs %s', (fs, message) => {
    const r = aiosimIn(dir, ['run', 'truncate-vs-aio-write', '--fs', fs]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(message);
  });

  test('an unknown built-in name still lists the choices', () => {
    const r = aiosimIn(dir, ['run', 'truncate-vs-aio-write', '--fs', 'zfs']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Allowed choices are diocount, .*or a scheme file/);
  });
});

describe('docs/examples/ext4-dio.mjs (the worked example of docs/schemes.md)', () => {
  const scenarios = readdirSync('scenarios')
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.replace(/\.yaml$/, ''));
  test.each(scenarios)('%s: 150 executions under the example, no verdict', (name) => {
    const r = aiosimIn(resolve('.'), ['explore', name, '--fs', 'docs/examples/ext4-dio.mjs', '--budget', '150', '--json']);
    expect(r.stderr).toBe('');
    expect(json(r.stdout).violations).toEqual([]);
    expect(r.status).toBe(0);
  });
});

describe('explore --strategy dfs --audit', () => {
  test('searches the bound again without reduction and says what it found; without dfs it is a usage error', () => {
    const r = aiosimIn(resolve('.'), ['explore', 'fallocate-vs-appending-aio', '--strategy', 'dfs', '--preemptions', '1', '--audit', '--json']);
    expect(r.status).toBe(0);
    const d = (JSON.parse(r.stdout) as { dfs: { complete: boolean; audit: { executions: number; complete: boolean; missed: number } } }).dfs;
    expect(d.complete).toBe(true);
    expect(d.audit).toEqual({ executions: 462, complete: true, missed: 0 });
    const text = aiosimIn(resolve('.'), ['explore', 'fallocate-vs-appending-aio', '--strategy', 'dfs', '--preemptions', '1', '--audit']);
    expect(text.stdout).toMatch(/no violation within bound 1 \(.*; --audit: 462 executions without reduction, 0 outcome\(s\) missed\)/);
    const usage = aiosimIn(resolve('.'), ['explore', 'fallocate-vs-appending-aio', '--audit']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/^aiosim: --audit: only a dfs search has a reduction to audit/);
  });
});

describe('list --schemes --fs', () => {
  test('lists a scheme file after the built-in schemes, of kind user, with its summary', () => {
    const r = aiosimIn(resolve('.'), ['list', '--schemes', '--fs', 'docs/examples/ext4-dio.mjs', '--json']);
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ name: string; kind: string; summary: string }>;
    expect(rows.at(-1)).toMatchObject({ name: 'docs/examples/ext4-dio.mjs', kind: 'user', summary: expect.stringMatching(/^ext4's DIO write locking/) });
    expect(aiosimIn(resolve('.'), ['list', '--schemes', '--fs', 'docs/examples/ext4-dio.mjs']).stdout).toMatch(/^docs\/examples\/ext4-dio\.mjs user +ext4's/m);
  });
});
