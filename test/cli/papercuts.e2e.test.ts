/** The papercuts of issue 13 ("found by trying it"), each as the user met it. */
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadScenario } from '../../src/scenario/catalog.js';
import { aiosim } from './run-cli.js';

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), `aiosim-${prefix}-`));

/** Exit 2 and one line on stderr, nothing on stdout. */
function expectUsage(args: string[], pattern: RegExp): void {
  const r = aiosim(args);
  expect({ args, status: r.status, stdout: r.stdout }).toEqual({ args, status: 2, stdout: '' });
  expect(r.stderr.endsWith('\n') && r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
}

function step(args: string[], keys: string[]): string {
  return spawnSync(process.execPath, ['dist/cli/main.js', 'step', ...args], {
    input: `${keys.join('\n')}\n`,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  }).stdout;
}

const tokenOf = (args: string[]): string => JSON.parse(aiosim([...args, '--json']).stdout).schedule as string;

describe('step and tokens', () => {
  test('step <file.yaml>, then c: the printed token names the file, and replays', () => {
    const dir = tmp('step-file');
    const file = join(dir, 'my-copy.yaml');
    // Same scenario under another name: a token naming the scenario, not the file, cannot replay.
    writeFileSync(file, readFileSync('scenarios/truncate-vs-aio-write.yaml', 'utf8').replace(/^name: .*$/m, 'name: my-renamed-copy'));
    const out = step([file, '--fs', 'bug-truncate-nowait'], ['c']);
    const token = /replay: aiosim replay '([^']+)'/.exec(out)![1]!;
    expect(token.startsWith(`${file}@bug-truncate-nowait@`)).toBe(true);
    const replay = aiosim(['replay', token, '--json']);
    expect(replay.stderr).toBe('');
    expect(JSON.parse(replay.stdout).schedule).toBe(token);
  });

  test('step --schedule <file> resumes the session that s <file> saved', () => {
    const file = join(tmp('step-save'), 'session.txt');
    const saved = step(['truncate-vs-aio-write', '--fs', 'bug-truncate-nowait'], ['2', '2', `s ${file}`, 'q']);
    const screen = (s: string) => s.slice(0, s.indexOf('keys:'));
    const atSave = saved.split('── truncate-vs-aio-write').slice(1)[2]!;
    const resumed = step(['truncate-vs-aio-write', '--schedule', file], ['q']).split('── truncate-vs-aio-write')[1]!;
    expect(screen(resumed)).toBe(screen(atSave));
    expect(resumed).toContain('under bug-truncate-nowait · step 2');
  });

  test("a --fs that contradicts the token's scheme is refused (run, replay, step); the same --fs is fine", () => {
    const token = tokenOf(['run', 'truncate-vs-aio-write', '--fs', 'bug-truncate-nowait']);
    const contradicts = /^aiosim: --fs hold contradicts the replay token, which was recorded under bug-truncate-nowait/;
    expectUsage(['run', 'truncate-vs-aio-write', '--schedule', token, '--fs', 'hold'], contradicts);
    expectUsage(['replay', token, '--fs', 'hold'], contradicts);
    expectUsage(['step', 'truncate-vs-aio-write', '--schedule', token, '--fs', 'hold'], contradicts);
    // The token's own scheme, given or not: the same run (a violation, exit 1).
    for (const args of [
      ['run', 'truncate-vs-aio-write', '--schedule', token],
      ['run', 'truncate-vs-aio-write', '--schedule', token, '--fs', 'bug-truncate-nowait'],
      ['replay', token, '--fs', 'bug-truncate-nowait'],
    ]) {
      const r = aiosim([...args, '--json']);
      expect({ args, status: r.status }).toEqual({ args, status: 1 });
      expect(JSON.parse(r.stdout)).toMatchObject({ fs: 'bug-truncate-nowait', schedule: token });
    }
  });
});

describe('output', () => {
  test('compare: a long verdict list does not run into the token column', () => {
    const r = aiosim(['compare', 'fallocate-vs-appending-aio', '--budget', '100', '--schemes', 'hold-naive,diocount']);
    const row = r.stdout.split('\n').find((l) => l.startsWith('hold-naive'))!;
    expect(row).toMatch(/lockdep\/[a-z-]+(, lockdep\/[a-z-]+)* {2,}fallocate-vs-appending-aio@hold-naive@/);
  });

  test('--save-scenario keeps the description as written: no line re-wrapped', () => {
    const file = join(tmp('save'), 'small.yaml');
    expect(aiosim(['explore', 'truncate-vs-aio-write', '--fs', 'bug-truncate-nowait', '--save-scenario', file]).status).toBe(1);
    const original = loadScenario('truncate-vs-aio-write');
    const text = readFileSync(file, 'utf8');
    for (const line of original.description.split('\n').filter((l) => l.trim())) expect(text).toContain(`  ${line}\n`);
    expect((parseYaml(text) as { description: string }).description.endsWith(original.description)).toBe(true);
    expect(text).toContain(`title: ${original.title} (only what the violation needs)\n`);
  });

  test("the README's first run example, and run --help's, show the bug (exit 1)", () => {
    const readme = readFileSync('README.md', 'utf8');
    const commands = /## Commands\n\n```sh\n([\s\S]*?)```/.exec(readme)![1]!;
    const line = commands.split('\n').find((l) => l.startsWith('aiosim run '))!;
    const args = line
      .replace(/\[[^\]]*\]/g, '')
      .replace(/#.*/, '')
      .trim()
      .split(/\s+/)
      .slice(1);
    const r = aiosim(args);
    expect({ args, status: r.status }).toEqual({ args, status: 1 });
    expect(r.stdout).toContain('✗ freed-block-write');
    expect(aiosim(['run', '--help']).stdout).toContain(`$ aiosim ${args.join(' ')}\n`);
  });

  test('the README says how to put aiosim on the PATH (npm link)', () => {
    expect(readFileSync('README.md', 'utf8')).toMatch(/npm link/);
  });
});

describe('usage', () => {
  test('an empty value for a file or schedule flag is refused, exit 2, one line', () => {
    const cases: Array<[string[], string]> = [
      [['run', 'truncate-vs-aio-write', '--trace', ''], '--trace'],
      [['run', 'truncate-vs-aio-write', '--html', ''], '--html'],
      [['run', 'truncate-vs-aio-write', '--schedule', ''], '--schedule'],
      [['explore', 'truncate-vs-aio-write', '--fs', 'bug-truncate-nowait', '--save-scenario', ''], '--save-scenario'],
      [['step', 'truncate-vs-aio-write', '--schedule', ''], '--schedule'],
      [['replay', ''], 'replay'],
    ];
    for (const [args, flag] of cases) expectUsage(args, new RegExp(`${flag}.*empty string`));
  });

  test('a usage error is one line: the error, then where to find usage', () => {
    expectUsage(
      ['run', 'truncate-vs-aio-write', '--sed', '3'],
      /^aiosim: error: unknown option '--sed' \(did you mean --seed\?\) \(run with --help for usage\)\n$/,
    );
    expectUsage(['run'], /^aiosim: error: missing required argument 'scenario' \(run with --help for usage\)\n$/);
    expectUsage(
      ['explore', 'truncate-vs-aio-write', '--budget', 'many'],
      /^aiosim: error: option '--budget <executions>' argument 'many' is invalid\. expected a whole number/,
    );
  });

  test('bare aiosim prints the help on stderr and exits 2 (no command is a usage error)', () => {
    const r = aiosim([]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: aiosim \[options\] \[command\]/);
    expect(aiosim(['help']).status).toBe(0);
    expect(aiosim(['--help']).status).toBe(0);
    expect(existsSync('dist/cli/main.js')).toBe(true);
  });
});
