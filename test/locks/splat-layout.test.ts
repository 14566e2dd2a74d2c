/**
 * Each splat type the engine prints, compared with the kernel's layout line by line: the
 * reference files in splat-golden/ were written from the kernel's print_* format strings (each
 * line annotated with the printk that prints it) and checked against real dmesg splats. Here
 * a lock program (or scenario) makes the engine print that splat, and every line the kernel
 * prints from a literal format string — banners, titles, section headings, the unsafe-scenario
 * tables' fixed parts, "stack backtrace:", "Call Trace:" — must appear in the engine's text in
 * the same order. Lines with a format argument (names, addresses, stacks) differ by input and
 * are placeholders documented in docs/lockdep-splats.md; sections the model leaves out are
 * listed in OMITTED with the reason.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { loadScenario } from '../../src/scenario/catalog.js';
import { runScenario } from '../../src/scenario/runner.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { validateScenario } from '../../src/scenario/validate.js';
import { strategyFor } from '../../src/explore/portfolio.js';

const dir = join(import.meta.dirname, 'splat-golden');

/** The literal lines of a reference: a printk whose format has no argument, or the continuation of one. */
function fixedLines(file: string): string[] {
  const out: string[] = [];
  for (const raw of readFileSync(join(dir, file), 'utf8').split('\n')) {
    if (raw.startsWith('#') || !raw.includes('|')) continue;
    const bar = raw.indexOf('|');
    const how = raw.slice(0, bar).trim();
    const text = raw.slice(bar + 1);
    if (!text.trim()) continue;
    const literal = how === '"' || /^(pr_warn|printk|pr_err)\("[^%"]*"\)$/.test(how) || /^(pr_warn|printk)\("[=-]+\.\.\.\\n"\)$/.test(how);
    // A chain entry ("-> #1 (class){usage}:") continues print_circular_bug_entry's "%u": not literal.
    if (literal && !text.startsWith('-> #')) out.push(text);
  }
  return out;
}

/** Reference lines the engine does not print, and why. */
const OMITTED: Record<string, readonly string[]> = {
  // print_shortest_lock_dependencies[_backwards]: the class headers with every usage trace of each
  // lock on the path. The model prints the two usage traces that matter (safe at, unsafe at) instead.
  'hardirq-safe-unsafe.txt': [
    'the dependencies between HARDIRQ-irq-safe lock and the holding lock:',
    'the dependencies between the lock to be acquired',
    ' and HARDIRQ-irq-unsafe lock:',
  ],
  'softirq-safe-unsafe.txt': [
    'the dependencies between SOFTIRQ-irq-safe lock and the holding lock:',
    'the dependencies between the lock to be acquired',
    ' and SOFTIRQ-irq-unsafe lock:',
  ],
  'irq-lock-inversion.txt': ['the shortest dependencies between 2nd lock and 1st lock:'],
};

function program(yaml: string): Scenario {
  return validateScenario(parse(yaml), 'inline');
}

function splatOf(scenario: Scenario, subkind: string, fs?: string): string {
  const run = runScenario(scenario, { strategy: strategyFor('timed', 1, 0), ...(fs ? { fs } : {}) });
  const v = run.result.verdicts.find((x) => x.subkind === subkind || x.kind === subkind);
  expect(v, `no ${subkind} verdict`).toBeDefined();
  return String(v!.details.splat ?? v!.details.text);
}

const head = (locks: string) => `version: 1\nname: splat\ntitle: splat layout\nlocks: [${locks}]\n`;

const CASES: ReadonlyArray<{ file: string; subkind: string; scenario: () => Scenario; fs?: string }> = [
  { file: 'recursive-locking.txt', subkind: 'recursive-locking', scenario: () => loadScenario('lock-aa') },
  { file: 'circular-2.txt', subkind: 'circular-dependency', scenario: () => loadScenario('lock-abba') },
  { file: 'circular-3.txt', subkind: 'circular-dependency', scenario: () => loadScenario('lock-abbcca') },
  { file: 'inconsistent-lock-state.txt', subkind: 'inconsistent-irq-state', scenario: () => loadScenario('lock-irq-inversion') },
  { file: 'hardirq-safe-unsafe.txt', subkind: 'irq-safe-unsafe', scenario: () => loadScenario('lock-irq-safe-unsafe') },
  { file: 'invalid-wait-context.txt', subkind: 'invalid-wait-context', scenario: () => loadScenario('lock-wait-context') },
  { file: 'sleeping-in-atomic.txt', subkind: 'sleep-in-atomic', scenario: () => loadScenario('lock-wait-context') },
  { file: 'held-at-user-return.txt', subkind: 'held-at-user-return', scenario: () => loadScenario('hold-naive-splats'), fs: 'hold-naive' },
  {
    file: 'bad-unlock-balance.txt',
    subkind: 'bad-unlock',
    scenario: () => program(`${head('{ name: A, type: mutex }')}tasks:\n  - name: t1\n    ops: [ { op: mutex_unlock, lock: A } ]\n`),
  },
  {
    file: 'held-lock-freed.txt',
    subkind: 'freed-while-locked',
    scenario: () => program(`${head('{ name: A, type: spinlock }')}tasks:\n  - name: t1\n    ops: [ { op: spin_lock, lock: A }, { op: kfree, lock: A } ]\n`),
  },
  {
    file: 'held-at-exit.txt',
    subkind: 'held-at-exit',
    scenario: () => program(`${head('{ name: A, type: mutex }')}tasks:\n  - name: t1\n    ops: [ { op: mutex_lock, lock: A } ]\n`),
  },
  {
    file: 'softirq-safe-unsafe.txt',
    subkind: 'irq-safe-unsafe',
    scenario: () =>
      program(`${head('{ name: S, type: spinlock }, { name: U, type: spinlock }')}tasks:
  - name: t1
    ops:
      - { op: softirq, ops: [ { op: spin_lock, lock: S }, { op: spin_unlock, lock: S } ] }
      - { op: spin_lock, lock: U }
      - { op: spin_unlock, lock: U }
      - { op: spin_lock_bh, lock: S }
      - { op: spin_lock, lock: U }
      - { op: spin_unlock, lock: U }
      - { op: spin_unlock_bh, lock: S }
`),
  },
  {
    file: 'irq-lock-inversion.txt',
    subkind: 'irq-lock-inversion',
    scenario: () =>
      program(`${head('{ name: A, type: spinlock }, { name: B, type: spinlock }')}tasks:
  - name: t1
    ops:
      - { op: spin_lock_irq, lock: A }
      - { op: spin_lock, lock: B }
      - { op: spin_unlock, lock: B }
      - { op: spin_unlock_irq, lock: A }
      - { op: spin_lock, lock: B }
      - { op: spin_unlock, lock: B }
      - { op: hardirq, ops: [ { op: spin_lock, lock: A }, { op: spin_unlock, lock: A } ] }
`),
  },
];

describe('splats follow the kernel layout (print_* in kernel/locking/lockdep.c)', () => {
  for (const c of CASES) {
    test(`${c.file.replace('.txt', '')}: every literal line of the kernel's layout, in order`, () => {
      const text = splatOf(c.scenario(), c.subkind, c.fs).split('\n');
      const omitted = OMITTED[c.file] ?? [];
      let at = 0;
      const missing: string[] = [];
      for (const line of fixedLines(c.file)) {
        if (omitted.includes(line)) continue;
        const found = text.indexOf(line, at);
        if (found < 0) missing.push(line);
        else at = found + 1;
      }
      expect(missing, `missing from:\n${text.join('\n')}\nMISSING: ${JSON.stringify(missing)}`).toEqual([]);
    });
  }
});
