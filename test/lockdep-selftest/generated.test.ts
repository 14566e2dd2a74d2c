/**
 * The port itself, without the engine: the committed files are what generate.ts writes, each
 * parses to a lock program of the format, and the reference model of lockdep.c agrees with the
 * kernel's dotest() on every case. Regenerate the files after editing cases.ts:
 *
 *   UPDATE_SELFTEST=1 npx vitest run test/lockdep-selftest/generated.test.ts
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, test } from 'vitest';
import { caseName, SELFTEST_CASES } from './cases.js';
import { checkLockProgram, lockProgramSchema } from './format.js';
import { generatedFiles, parseCaseFile, program } from './generate.js';
import { firstSplat } from './lockdep-model.js';

const here = dirname(fileURLToPath(import.meta.url));

function committedYaml(dir = join(here, 'cases')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? committedYaml(join(dir, e.name)) : e.name.endsWith('.yaml') ? [relative(here, join(dir, e.name))] : [],
  );
}

describe('lib/locking-selftest.c port: the files', () => {
  const files = generatedFiles();

  test('the committed case files and expected.json are what generate.ts writes from cases.ts', () => {
    if (process.env.UPDATE_SELFTEST) {
      rmSync(join(here, 'cases'), { recursive: true, force: true });
      for (const [path, text] of files) {
        mkdirSync(dirname(join(here, path)), { recursive: true });
        writeFileSync(join(here, path), text);
      }
    }
    const stale = committedYaml().filter((f) => !files.has(f));
    expect(stale, 'case files no case of cases.ts writes').toEqual([]);
    const differ = [...files].filter(([path, text]) => readFileSync(join(here, path), 'utf8') !== text).map(([path]) => path);
    expect(differ, 'files out of date: UPDATE_SELFTEST=1 npx vitest run test/lockdep-selftest/generated.test.ts').toEqual([]);
  });

  test('every case file parses to its case as a lock program of the format (schema and cross-field rules)', () => {
    const bad: string[] = [];
    for (const c of SELFTEST_CASES) {
      const text = files.get(`cases/${c.family}/${caseName(c).slice('selftest-'.length)}.yaml`)!;
      const parsed = lockProgramSchema.safeParse(parseCaseFile(text));
      if (!parsed.success) bad.push(`${caseName(c)}: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`);
      else {
        bad.push(...checkLockProgram(parsed.data).map((p) => `${caseName(c)}: ${p}`));
        if (!isDeepStrictEqual(parsed.data, program(c))) bad.push(`${caseName(c)}: the YAML does not read back as the case`);
      }
    }
    expect(bad).toEqual([]);
  });

  test('case names are unique and every case has an entry in expected.json', () => {
    const names = SELFTEST_CASES.map(caseName);
    expect(new Set(names).size).toBe(names.length);
    const manifest = JSON.parse(files.get('expected.json')!) as Record<string, unknown>;
    expect(Object.keys(manifest)).toEqual(names);
  });
});

describe('lib/locking-selftest.c port: the reference model of lockdep.c agrees with the kernel', () => {
  test('FAILURE cases splat, SUCCESS cases do not, and the splat is a lockdep report (not a bare DEBUG_LOCKS_WARN_ON or the exit check)', () => {
    const wrong: string[] = [];
    for (const c of SELFTEST_CASES) {
      const splat = firstSplat(c.locks, c.ops, { forceReadLockRecursive: c.forceReadLockRecursive, softirq: 'selftest' });
      const ok = c.kernel === 'SUCCESS' ? splat === null : splat !== null && splat !== 'debug-locks-warn' && splat !== 'held-at-exit';
      if (!ok) wrong.push(`${c.fn}: kernel ${c.kernel}, model ${splat ?? 'silent'}`);
    }
    expect(wrong).toEqual([]);
  });

  test("no case depends on SOFTIRQ_ENTER()'s hardirqs-off: a softirq handler running with hardirqs on splats the same", () => {
    const differ = SELFTEST_CASES.filter((c) => {
      const run = (softirq: 'selftest' | 'kernel') => firstSplat(c.locks, c.ops, { forceReadLockRecursive: c.forceReadLockRecursive, softirq });
      return run('selftest') !== run('kernel');
    }).map((c) => c.fn);
    expect(differ).toEqual([]);
  });
});
