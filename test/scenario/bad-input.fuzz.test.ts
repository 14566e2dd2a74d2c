/**
 * Bad input never hangs, crashes or blames aiosim (issue 13): malformed scenarios, schedule
 * strings and replay tokens from a careless user (malformed.ts), seeded by the suite's fixed
 * fast-check seed. In-process, each one is either valid or a UserError of one line naming the
 * file and the field; through the built CLI, each is exit 2 with one line on stderr, or a run
 * (exit 0/1) — never exit 3, a signal, or a hang.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenarioFile } from '../../src/scenario/validate.js';
import { loadScenario } from '../../src/scenario/catalog.js';
import { runScenario } from '../../src/scenario/runner.js';
import { parseToken } from '../../src/explore/replay-token.js';
import { UserError } from '../../src/sim/errors.js';
import { MAX_SCHEDULE_CHOICES, decodeSchedule } from '../../src/sim/schedule.js';
import { replayStrategy } from '../../src/sim/strategies/replay.js';
import { timedStrategy } from '../../src/sim/strategies/timed.js';
import { type MalformedCase, digits, malformedScenario, malformedSchedule, malformedToken, withCheck } from './malformed.js';

const dir = mkdtempSync(join(tmpdir(), 'aiosim-fuzz-'));
/** After the file name: a field path (or the whole file), then what is wrong. */
const FIELD = /^(\(top level\)|[A-Za-z]+(\[\d+\]|\.[A-Za-z]+)*): \S/;
const WHOLE_FILE = /^(not valid (YAML|JSON): |larger than |not a regular file)/;

type Outcome = 'valid' | 'refused';

/** Loads (and, when valid, runs briefly) one case; throws with the reason if the outcome is not acceptable. */
function judge(c: MalformedCase, file: string): Outcome {
  writeFileSync(file, c.text);
  let scenario: ReturnType<typeof loadScenarioFile>;
  try {
    scenario = loadScenarioFile(file);
  } catch (err) {
    if (!(err instanceof UserError)) throw new Error(`${c.what}: ${String(err)}`);
    const line = err.message;
    if (line.includes('\n') || !line.startsWith(`${file}: `)) throw new Error(`${c.what}: not one line naming the file: ${line}`);
    const rest = line.slice(file.length + 2);
    if (!FIELD.test(rest) && !WHOLE_FILE.test(rest)) throw new Error(`${c.what}: names no field: ${line}`);
    return 'refused';
  }
  try {
    runScenario(scenario, { strategy: timedStrategy(1), trace: false, stepLimit: 5_000 });
  } catch (err) {
    if (!(err instanceof UserError) || err.message.includes('\n')) throw new Error(`${c.what}: a valid scenario fails to run: ${String(err)}`);
  }
  return 'valid';
}

describe('bad input, in-process: a valid scenario or one line naming the file and the field', () => {
  test('1,200 malformed scenarios', () => {
    const counts: Record<Outcome, number> = { valid: 0, refused: 0 };
    const started = performance.now();
    let slowest = 0;
    fc.assert(
      fc.property(malformedScenario, (c) => {
        const t0 = performance.now();
        counts[judge(c, join(dir, `case.${c.ext}`))]++;
        slowest = Math.max(slowest, performance.now() - t0);
      }),
      { numRuns: 1200 },
    );
    // The generator makes mistakes most of the time, and some that are harmless.
    expect(counts.refused).toBeGreaterThan(900);
    expect(counts.valid).toBeGreaterThan(20);
    expect(slowest).toBeLessThan(3000);
    expect(performance.now() - started).toBeLessThan(30_000);
  });

  test('schedule strings and replay tokens: decoded within bounds, or one line', () => {
    const scenario = loadScenario('truncate-vs-aio-write');
    const oneLine = (err: unknown, what: string): void => {
      if (!(err instanceof UserError) || err.message.includes('\n')) throw new Error(`${what}: ${String(err)}`);
    };
    fc.assert(
      fc.property(malformedSchedule, ({ what, text }) => {
        const t0 = performance.now();
        let choices: number[];
        try {
          choices = decodeSchedule(text);
        } catch (err) {
          return oneLine(err, what);
        }
        expect(choices.length).toBeLessThanOrEqual(MAX_SCHEDULE_CHOICES);
        try {
          runScenario(scenario, { strategy: replayStrategy(choices), trace: false, stepLimit: 20_000 });
        } catch (err) {
          oneLine(err, what);
        }
        expect(performance.now() - t0).toBeLessThan(3000);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(malformedToken, ({ what, text }) => {
        try {
          loadScenario(parseToken(text).scenario);
        } catch (err) {
          oneLine(err, what);
        }
      }),
      { numRuns: 200 },
    );
  });

  test('a run of 10^9 choices is refused at once, without materialising it (it used to kill Node after 19 s)', () => {
    const t0 = performance.now();
    const zeros = (n: number): string => withCheck(`~${digits(n)}0`);
    expect(() => decodeSchedule(zeros(1e9))).toThrow(/^schedule: more than 10000000 choices, the most aiosim replays$/);
    expect(() => decodeSchedule(withCheck(`~${digits(6e6)}0~${digits(6e6)}1`))).toThrow(/more than 10000000 choices/);
    expect(() => decodeSchedule(zeros(MAX_SCHEDULE_CHOICES + 1))).toThrow(/more than 10000000 choices/);
    expect(decodeSchedule(zeros(1_000_000))).toHaveLength(1_000_000);
    expect(() => decodeSchedule(withCheck('----------v'))).toThrow(/^schedule: a number above 4294967296; /);
    expect(() => decodeSchedule('1.\n.00')).toThrow(/^schedule: [^\n]*$/);
    expect(performance.now() - t0).toBeLessThan(2000);
  });
});

// ── the built CLI ─────────────────────────────────────────────────────────────────────────────

interface Exit {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  readonly ms: number;
}

const TIMEOUT_MS = 20_000;

function cli(args: readonly string[]): Promise<Exit> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, ['dist/cli/main.js', ...args], { env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.stdout.resume();
    p.stdin.on('error', () => undefined); // the CLI may exit before reading its input
    p.stdin.end('q\n'); // for step: quit at the first prompt
    const timer = setTimeout(() => p.kill('SIGKILL'), TIMEOUT_MS);
    p.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stderr, ms: performance.now() - t0 });
    });
  });
}

/** Runs the jobs two at a time (the suite's machine has two cores). */
async function inPairs<T>(jobs: ReadonlyArray<() => Promise<T>>): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]!();
    }
  };
  await Promise.all([worker(), worker()]);
  return out;
}

function expectClean(what: string, r: Exit): void {
  const lines = r.stderr.trim().split('\n');
  const ok = r.signal === null && (r.status === 0 || r.status === 1 || (r.status === 2 && lines.length === 1 && lines[0]!.startsWith('aiosim: ')));
  if (!ok) throw new Error(`${what}: exit ${r.status}, signal ${r.signal}, ${r.ms.toFixed(0)} ms, stderr: ${r.stderr.slice(0, 400)}`);
}

describe('bad input through the built CLI: exit 2 with one line, or a run; never exit 3, a signal or a hang', () => {
  // A CLI start costs most of a second: 30 cases, each through one of the commands in turn.
  test('30 malformed scenarios through run, explore --budget 5 and step', async () => {
    const cases = fc.sample(malformedScenario, { numRuns: 30, seed: Number(fc.readConfigureGlobal().seed ?? 0) + 1 });
    const commands = [(f: string) => ['run', f], (f: string) => ['explore', f, '--budget', '5', '--workers', '1'], (f: string) => ['step', f]];
    const jobs = cases.map((c, i) => {
      const file = join(dir, `cli-${i}.${c.ext}`);
      writeFileSync(file, c.text);
      const args = commands[i % commands.length]!(file);
      return async () => ({ what: `${args[0]} ${c.what}`, r: await cli(args) });
    });
    for (const { what, r } of await inPairs(jobs)) expectClean(what, r);
  }, 120_000);

  test('malformed schedules and tokens: replay, run --schedule', async () => {
    const schedules = fc.sample(malformedSchedule, { numRuns: 6, seed: 7 });
    const tokens = fc.sample(malformedToken, { numRuns: 6, seed: 7 });
    const jobs = [
      ...schedules.map(({ what, text }) => async () => ({ what, r: await cli(['run', 'truncate-vs-aio-write', '--schedule', text]) })),
      ...tokens.map(({ what, text }) => async () => ({ what, r: await cli(['replay', text]) })),
      async () => ({ what: 'a run of 10^9 zeros', r: await cli(['replay', `truncate-vs-aio-write@diocount@${withCheck(`~${digits(1e9)}0`)}`]) }),
      async () => ({ what: '/dev/zero as the scenario', r: await cli(['run', '/dev/zero']) }),
    ];
    const results = await inPairs(jobs);
    for (const { what, r } of results) expectClean(what, r);
    expect(results.at(-2)!.r.stderr).toMatch(/^aiosim: schedule: more than 10000000 choices/);
    expect(results.at(-1)!.r.stderr).toBe('aiosim: /dev/zero: not a regular file (a directory, device or pipe); expected a .yaml or .json scenario file\n');
  }, 120_000);
});
