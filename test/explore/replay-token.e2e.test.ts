/** Tokens bound to what they replay, as a user meets them through the built CLI (issue 16). */
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { aiosim } from '../cli/run-cli.js';

const MAIN = resolve('dist/cli/main.js');
const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), `aiosim-${prefix}-`));

/** The CLI run from another directory, as on another machine with aiosim installed. */
function aiosimIn(cwd: string, args: readonly string[]) {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A copy of a catalog scenario under another name, in a directory of its own. */
function scenarioCopy(dir: string, edit: (text: string) => string = (t) => t): string {
  const file = join(dir, 'mine.yaml');
  writeFileSync(file, edit(readFileSync('scenarios/truncate-vs-aio-write.yaml', 'utf8').replace(/^name: .*$/m, 'name: my-truncate')));
  return file;
}

const json = (stdout: string) => JSON.parse(stdout) as { schedule: string; violations: Array<{ kind: string; message: string }> };

describe('replay tokens through the CLI', () => {
  test('an --embed token reproduces the report in a fresh directory, with the scenario file gone', () => {
    const dir = tmp('embed');
    const file = scenarioCopy(dir);
    const found = aiosim(['explore', file, '--fs', 'bug-truncate-nowait', '--embed', '--json']);
    expect(found.status).toBe(1);
    const token = json(found.stdout).schedule;
    expect(token.startsWith('my-truncate@bug-truncate-nowait@')).toBe(true);
    expect(token).not.toContain(dir);
    const here = aiosim(['replay', token, '--json']);
    rmSync(dir, { recursive: true });
    const elsewhere = aiosimIn(tmp('fresh'), ['replay', token, '--json']);
    expect(elsewhere.stderr).toBe('');
    expect(elsewhere.status).toBe(1);
    expect(json(elsewhere.stdout)).toEqual(json(here.stdout));
    expect(json(elsewhere.stdout).violations.map((v) => v.kind)).toEqual(['freed-block-write']);
    // The human report too: same timeline and verdicts, and it prints the embedded token again.
    const human = aiosimIn(tmp('fresh'), ['replay', token]);
    expect(human.stdout).toContain(`replay: aiosim replay '${token}'`);
    expect(human.stdout).toContain('✗ freed-block-write');
  });

  test('a token replayed against an edited scenario is refused, naming the scenario; --force replays it', () => {
    const dir = tmp('edited');
    const file = scenarioCopy(dir);
    const token = json(aiosim(['explore', file, '--fs', 'bug-truncate-nowait', '--json']).stdout).schedule;
    expect(token).toMatch(/@h1\.[0-9a-f]{8}\.[0-9a-f]{8}$/);
    // Prose edits are not refused.
    scenarioCopy(dir, (t) => t.replace(/^title: .*$/m, 'title: a new title'));
    expect(aiosim(['replay', token]).status).toBe(1);
    scenarioCopy(dir, (t) => t.replace('offset: 12288, length: 4096', 'offset: 8192, length: 4096'));
    const refused = aiosim(['replay', token]);
    expect({ status: refused.status, stdout: refused.stdout }).toEqual({ status: 2, stdout: '' });
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(new RegExp(`the scenario ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} changed .*--force replays it anyway`));
    const run = aiosim(['run', file, '--schedule', token]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/pass the bare schedule \(its third field\) to replay it anyway/);
    const forced = aiosim(['replay', token, '--force']);
    expect(forced.status === 0 || forced.status === 1).toBe(true);
    expect(forced.stderr).toMatch(/^warning: the replay token no longer fits what it replays: .*replaying anyway \(--force\)/);
  });

  test('an old token (three fields) keeps working, with a note on stderr, and the report prints it bound', () => {
    const old = 'truncate-vs-aio-write@bug-truncate-nowait@1.~P10.i4';
    const r = aiosim(['replay', old, '--json']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^note: this replay token is not bound to its scenario and scheme/);
    expect(json(r.stdout).schedule).toMatch(/^truncate-vs-aio-write@bug-truncate-nowait@1\.~P10\.i4@h1\./);
    const bound = aiosim(['replay', json(r.stdout).schedule, '--json']);
    expect(bound.stderr).toBe('');
    expect(json(bound.stdout)).toEqual(json(r.stdout));
  });
});
