/**
 * Malformed command lines, as a careless user types them: unknown flags, bad numbers, empty
 * values, wrong choices, missing and extra arguments, damaged tokens. Each must end in exit 2
 * with exactly one line on stderr and nothing on stdout (the few that a mutation left valid may
 * also run: exit 0 or 1) — never exit 3, a crash or a hang (each has a timeout). The generator is seeded: the same
 * command lines every run. They run in one child process (fixtures/cli-driver.mjs: module
 * loading costs more than most of them); `AIOSIM_CLI=/path/to/main.js` instead spawns that
 * build once per command line, to count the outcomes of another version.
 */
import { beforeAll, afterAll, expect, test } from 'vitest';
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Prng } from '../../src/sim/prng.js';

const INVOCATIONS = 100;
const TIMEOUT_MS = 20_000;

interface Outcome {
  readonly args: readonly string[];
  /** null: killed (a hang past TIMEOUT_MS, or a crash). */
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function spawned(cli: string, args: readonly string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, NO_COLOR: '1' }, timeout: TIMEOUT_MS });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end('q\n'); // `step` reads keys; everything else ignores stdin
    child.on('close', (status) => resolve({ args, status, stdout, stderr }));
  });
}

/** One driver process that runs command lines in turn; restarted after a hang or a crash. */
class Driver {
  private child: ChildProcess | null = null;

  private start(): Promise<ChildProcess> {
    const driver = fileURLToPath(new URL('./fixtures/cli-driver.mjs', import.meta.url));
    const child = fork(driver, ['dist/cli/program.js'], { stdio: ['pipe', 'pipe', 'pipe', 'ipc'], env: { ...process.env, NO_COLOR: '1' } });
    return new Promise((resolve) => child.once('message', () => resolve((this.child = child))));
  }

  async run(args: readonly string[]): Promise<Outcome> {
    const child = this.child ?? (await this.start());
    return new Promise((resolve) => {
      const end = (status: number | null, stdout = '', stderr = ''): void => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve({ args, status, stdout, stderr });
      };
      const onMessage = (m: { status: number; stdout: string; stderr: string }): void => end(m.status, m.stdout, m.stderr);
      const onExit = (): void => {
        this.child = null;
        end(null);
      };
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
      }, TIMEOUT_MS);
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send({ args, input: 'q\n' });
    });
  }

  stop(): void {
    this.child?.kill();
  }
}

/** Quick, valid invocations of every command; a mutation then breaks one thing in each. */
function bases(token: string): Record<string, string[]> {
  return {
    list: ['list'],
    run: ['run', 'extend-then-stat'],
    explore: ['explore', 'extend-then-stat', '--budget', '20', '--workers', '1'],
    replay: ['replay', token],
    step: ['step', 'extend-then-stat'],
    compare: ['compare', 'extend-then-stat', '--budget', '3', '--schemes', 'diocount,hold'],
    bench: ['bench', 'append', '--ios', '2', '--check', '0', '--seeds', '1', '--submitters', '1'],
    demo: ['demo'],
    explain: ['explain', token],
  };
}

const NUMBERS: Record<string, string[]> = {
  run: ['--seed', '--step-limit'],
  explore: ['--seed', '--depth', '--preemptions', '--budget', '--from', '--workers', '--step-limit'],
  compare: ['--seed', '--budget', '--step-limit'],
  bench: ['--submitters', '--depth', '--ios', '--queue-depth', '--cpu-submit', '--cpu-handoff', '--cpu-completion', '--seeds', '--check'],
  demo: ['--seed'],
  explain: ['--width', '--step-limit'],
};
const VALUES: Record<string, string[]> = {
  run: ['--trace', '--html', '--schedule'],
  explore: ['--trace', '--html', '--save-scenario'],
  replay: ['--trace', '--html'],
  step: ['--schedule'],
  compare: ['--html', '--schemes'],
  bench: ['--svg', '--schemes', '--latency'],
  explain: ['--output'],
};
const CHOICES: Record<string, string[]> = {
  run: ['--fs', '--strategy'],
  explore: ['--fs', '--strategy'],
  replay: ['--fs'],
  step: ['--fs'],
  bench: ['--distribution'],
  explain: ['--fs', '--format'],
};
const BAD_NUMBERS = ['-1', '1.5', 'abc', '', '1e3', '0x10', '99999999999999', ' 3', '٣', 'Infinity', 'NaN', '+4'];
const BAD_CHOICES = ['zfs', 'Diocount', 'hold ', '', 'dfs', 'PCT', 'gauss', 'random,timed'];
const KINDS = ['unknown flag', 'bad number', 'empty value', 'wrong choice', 'missing argument', 'extra argument', 'bad token or scenario'] as const;

function misspell(flag: string, prng: Prng): string {
  const body = flag.slice(2);
  const i = prng.int(0, body.length - 1);
  const edits = [body.slice(0, i) + body.slice(i + 1), body.slice(0, i) + body[i] + body.slice(i), body.toUpperCase(), `${body}s`];
  return `--${edits[prng.int(0, edits.length - 1)]}`;
}

/**
 * One malformed invocation: a base, broken in one way. `refuse`: it must be refused (a few
 * mutations, such as a `--` that ends the options, may leave a valid command line).
 */
function generate(prng: Prng, token: string): { kind: (typeof KINDS)[number]; args: string[]; refuse: boolean } {
  const all = bases(token);
  const commands = Object.keys(all);
  const pickFrom = <T>(xs: readonly T[]): T => xs[prng.int(0, xs.length - 1)]!;
  for (;;) {
    const kind = pickFrom(KINDS);
    const command = pickFrom(commands);
    const base = all[command]!;
    switch (kind) {
      case 'unknown flag': {
        const real = [...(NUMBERS[command] ?? []), ...(VALUES[command] ?? []), ...(CHOICES[command] ?? []), '--json'];
        const flag = prng.int(0, 3) === 0 ? pickFrom(['--nope', '-z', '--', '---seed']) : misspell(pickFrom(real), prng);
        return { kind, args: [...base, flag, '1'], refuse: true }; // after `--`, the 1 is an extra argument
      }
      case 'bad number':
        if (!NUMBERS[command]) continue;
        return { kind, args: [...base, pickFrom(NUMBERS[command]!), pickFrom(BAD_NUMBERS)], refuse: true };
      case 'empty value':
        if (!VALUES[command]) continue;
        return { kind, args: [...base, pickFrom(VALUES[command]!), ''], refuse: true };
      case 'wrong choice': {
        if (command === 'bench' && prng.int(0, 1) === 0)
          return { kind, args: ['bench', pickFrom(['nope', 'Append', '', 'mixed,append']), ...base.slice(2)], refuse: true };
        if (!CHOICES[command]) continue;
        const flag = pickFrom(CHOICES[command]!);
        const value = pickFrom(BAD_CHOICES);
        return { kind, args: [...base, flag, value], refuse: !(command === 'explore' && flag === '--strategy' && value === 'dfs') };
      }
      case 'missing argument': {
        const flags = [...(NUMBERS[command] ?? []), ...(VALUES[command] ?? []), ...(CHOICES[command] ?? [])];
        if (flags.length && prng.int(0, 1) === 0) return { kind, args: [...base, pickFrom(flags)], refuse: true };
        if (base.length < 2 || base[1]!.startsWith('-')) continue;
        return { kind, args: [base[0]!, ...base.slice(2)], refuse: true };
      }
      case 'extra argument': {
        const extra = pickFrom(['extra', 'truncate-vs-aio-write', '--', '1']);
        // `--` ends the options: what follows is positional, so only a base with options after it is refused.
        return { kind, args: [...base.slice(0, 2), extra, ...base.slice(2)], refuse: extra !== '--' || base.length > 2 };
      }
      case 'bad token or scenario': {
        const scenario = pickFrom(['no-such-scenario', 'scenarios/', '/dev/null', 'extend-then-stat.yml', '@', 'scenarios/extend-then-stat.yaml@']);
        const damaged = pickFrom([
          'garbage',
          'a@b@c',
          `${token}x`,
          token.replace('@diocount@', '@zfs@'),
          token.slice(0, -3),
          '@@',
          token.replace(/^[^@]+/, 'no-such'),
        ]);
        if (command === 'replay' || command === 'explain') return { kind, args: [command, damaged], refuse: true };
        if (command === 'run' || command === 'step')
          return { kind, args: prng.int(0, 1) ? [command, scenario] : [...base, '--schedule', damaged], refuse: true };
        if (command === 'explore' || command === 'compare') return { kind, args: [command, scenario, ...base.slice(2)], refuse: true };
        continue;
      }
    }
  }
}

const driver = new Driver();
const cli = process.env.AIOSIM_CLI;
const aiosim = (args: readonly string[]): Promise<Outcome> => (cli ? spawned(cli, args) : driver.run(args));
let token = '';
beforeAll(async () => {
  token = JSON.parse((await aiosim(['run', 'extend-then-stat', '--json'])).stdout).schedule as string;
});
afterAll(() => driver.stop());

test(`${INVOCATIONS} malformed command lines: exit 2 with one line (or, for the few that are valid, a run), never exit 3, a crash or a hang`, async () => {
  const prng = new Prng(13);
  const cases = Array.from({ length: INVOCATIONS }, () => generate(prng, token));
  const outcomes: Array<Outcome & { kind: string; refuse: boolean }> = [];
  for (const c of cases) outcomes.push({ ...(await aiosim(c.args)), kind: c.kind, refuse: c.refuse });
  const classify = (o: Outcome): string => {
    if (o.status === null) return 'killed (a hang or a crash)';
    if (o.status === 0 || o.status === 1) return 'valid run';
    if (o.status === 2)
      return o.stdout === '' && o.stderr.endsWith('\n') && o.stderr.trim().split('\n').length === 1 && !/\n\s+at /.test(o.stderr)
        ? 'exit 2, one line'
        : 'exit 2, not one line';
    return `exit ${o.status}`;
  };
  const tally: Record<string, number> = {};
  for (const o of outcomes) tally[classify(o)] = (tally[classify(o)] ?? 0) + 1;
  const bad = outcomes
    .filter((o) => classify(o) !== 'exit 2, one line' && (o.refuse || classify(o) !== 'valid run'))
    .map((o) => ({ kind: o.kind, args: o.args, outcome: classify(o), stderr: o.stderr.slice(0, 300) }));
  expect(bad, JSON.stringify(tally)).toEqual([]);
  // Nearly all must be refused: a generator that made valid runs would test little.
  expect(outcomes.filter((o) => o.refuse).length).toBeGreaterThan(INVOCATIONS * 0.9);
}, 300_000);
