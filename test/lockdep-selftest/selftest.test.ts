/**
 * lib/locking-selftest.c against aiosim's lockdep (issue 14, acceptance): every case file is
 * loaded as `aiosim run <file>` loads it (loadScenario), run once with the timed strategy,
 * seed 1, and judged as dotest() judges: the kernel's FAILURE needs a `lockdep` verdict of the
 * expected subkind (expected.json `splat`; other verdicts, e.g. a real `deadlock`, may come
 * too), SUCCESS needs no `lockdep` verdict and no `deadlock`. It prints `matched N of M` with
 * a table per family and fails below M.
 *
 * Until the engine for lock programs lands, scenario validation rejects `locks:` and this
 * suite is skipped (the status test says why). Run it anyway, to see what is missing:
 *
 *   AIOSIM_SELFTEST=1 npx vitest run test/lockdep-selftest/selftest.test.ts
 *
 * Once the first case file validates, the suite runs by itself.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { loadScenario } from '../../src/scenario/catalog.js';
import { runScenario } from '../../src/scenario/runner.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { timedStrategy } from '../../src/sim/strategies/timed.js';
import type { Expectation } from './generate.js';

const here = dirname(fileURLToPath(import.meta.url));
const manifest = JSON.parse(readFileSync(join(here, 'expected.json'), 'utf8')) as Record<string, Expectation>;
const entries = Object.entries(manifest);

function load(e: Expectation): Scenario | string {
  try {
    return loadScenario(join(here, e.file));
  } catch (err) {
    return (err as Error).message;
  }
}

/** The engine is there when a plain lock program (AA on spinlocks) passes validation. */
const probe = load(manifest['selftest-aa-spin']!);
const enginePresent = typeof probe !== 'string';

interface Outcome {
  readonly name: string;
  readonly e: Expectation;
  readonly matched: boolean;
  /** What happened, when it did not match. */
  readonly why: string;
}

function judge(name: string, e: Expectation): Outcome {
  const scenario = load(e);
  if (typeof scenario === 'string') {
    const needs = e.needs?.length ? ` (uses proposed ${e.needs.join(', ')})` : '';
    return { name, e, matched: false, why: `rejected${needs}: ${scenario}` };
  }
  let verdicts: ReadonlyArray<{ kind: string; subkind?: string }>;
  try {
    verdicts = runScenario(scenario, { strategy: timedStrategy(1), trace: false }).result.verdicts;
  } catch (err) {
    return { name, e, matched: false, why: `run failed: ${(err as Error).message}` };
  }
  const lockdep = verdicts.filter((v) => v.kind === 'lockdep').map((v) => v.subkind ?? '?');
  const seen = verdicts.map((v) => (v.subkind ? `${v.kind}:${v.subkind}` : v.kind)).join(', ') || 'no verdict';
  const matched = e.kernel === 'FAILURE' ? lockdep.includes(e.splat!) : lockdep.length === 0 && !verdicts.some((v) => v.kind === 'deadlock');
  return { name, e, matched, why: `kernel ${e.kernel}${e.splat ? ` (${e.splat})` : ''}, aiosim: ${seen}` };
}

/** `family  matched/total  spin wlock rlock …` — one line per family, columns as the kernel prints them. */
function table(outcomes: readonly Outcome[]): string {
  const columns = [...new Set(outcomes.map((o) => o.e.column))];
  const families = [...new Set(outcomes.map((o) => o.e.family))];
  const cell = (os: readonly Outcome[]) => (os.length ? `${os.filter((o) => o.matched).length}/${os.length}` : '');
  const rows = [['family', 'matched', ...columns]];
  for (const f of families) {
    const mine = outcomes.filter((o) => o.e.family === f);
    rows.push([f, cell(mine), ...columns.map((c) => cell(mine.filter((o) => o.e.column === c)))]);
  }
  rows.push(['all', cell(outcomes), ...columns.map((c) => cell(outcomes.filter((o) => o.e.column === c)))]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((v, i) => v.padEnd(widths[i]!)).join('  ')).join('\n');
}

describe('lib/locking-selftest.c port: status', () => {
  test('the engine for lock programs is present, or the suite below says why it is skipped', () => {
    if (!enginePresent) {
      console.log(
        `lockdep-selftest: skipped, the lock-program engine is not there yet (${probe});\n` +
          'set AIOSIM_SELFTEST=1 to run the port anyway: AIOSIM_SELFTEST=1 npx vitest run test/lockdep-selftest/selftest.test.ts',
      );
    }
    expect(entries.length).toBeGreaterThan(0);
  });
});

describe.skipIf(!process.env.AIOSIM_SELFTEST && !enginePresent)('lib/locking-selftest.c port: every case runs with the kernel expected result', () => {
  test('lockdep here says what lockdep there says, case by case (timed strategy, seed 1)', () => {
    const outcomes = entries.map(([name, e]) => judge(name, e));
    const matched = outcomes.filter((o) => o.matched).length;
    const missed = outcomes.filter((o) => !o.matched);
    console.log(`matched ${matched} of ${outcomes.length}\n${table(outcomes)}`);
    if (missed.length) {
      const shown = missed.slice(0, 40).map((o) => `  ${o.name}: ${o.why}`);
      console.log(`not matched (${missed.length}):\n${shown.join('\n')}${missed.length > 40 ? `\n  … and ${missed.length - 40} more` : ''}`);
    }
    expect(matched, `matched ${matched} of ${outcomes.length}`).toBe(outcomes.length);
  });
});
