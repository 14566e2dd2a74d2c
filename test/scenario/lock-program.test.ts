/**
 * Lock programs (scenario `locks:` and lock ops): validation, the kernel lock types' rules, and
 * what lockdep says — on the catalog's lock programs and small programs written here.
 */
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { explore } from '../../src/explore/explore.js';
import { strategyFor } from '../../src/explore/portfolio.js';
import { loadScenario, lockPrograms } from '../../src/scenario/catalog.js';
import { runScenario } from '../../src/scenario/runner.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { validateScenario } from '../../src/scenario/validate.js';

const head = (locks: string): string => `version: 1\nname: t\ntitle: t\nlocks: [${locks}]\n`;
const program = (yaml: string): Scenario => validateScenario(parse(yaml), 'p.yaml');
/** Whether some of `runs` portfolio executions of `s` ends in a verdict of `kind`. */
const someRunEndsIn = (s: Scenario, kind: string, runs = 300): boolean => {
  for (let i = 0; i < runs; i++) {
    const run = runScenario(s, { strategy: strategyFor('portfolio', 1, i), trace: false });
    if (run.result.verdicts.some((v) => v.kind === kind)) return true;
  }
  return false;
};
const kinds = (s: Scenario, seed = 1): string[] =>
  runScenario(s, { strategy: strategyFor('timed', seed, 0), trace: false }).result.verdicts.map((v) => (v.subkind ? `${v.kind}:${v.subkind}` : v.kind));

describe('lock programs: validation', () => {
  const bad: ReadonlyArray<[string, string]> = [
    [
      `${head('{ name: A, type: mutex }')}tasks: [ { name: t1, ops: [ { op: mutex_lock, lock: B } ] } ]`,
      'p.yaml: tasks[0].ops[0].lock: no lock named "B" in locks; declared: A',
    ],
    [
      `${head('{ name: A, type: mutex }')}tasks: [ { name: t1, ops: [ { op: spin_lock, lock: A } ] } ]`,
      'p.yaml: tasks[0].ops[0].op: spin_lock applies to a spinlock, but "A" is a mutex',
    ],
    [
      `${head('{ name: A, type: mutex }, { name: A, type: rwsem }')}tasks: [ { name: t1, ops: [ { op: mutex_lock, lock: A } ] } ]`,
      'p.yaml: locks[1].name: lock "A" is declared twice',
    ],
    [`${head('{ name: A, type: semaphore }')}tasks: [ { name: t1, ops: [ { op: mutex_lock, lock: A } ] } ]`, 'p.yaml: locks[0].type:'],
    [
      `${head('{ name: A, type: spinlock }')}tasks: [ { name: t1, ops: [ { op: hardirq, ops: [ { op: spin_lock, lock: A, id: x } ] } ] } ]`,
      'p.yaml: tasks[0].ops[0].ops[0].id: ops inside an interrupt cannot have an id',
    ],
    [`${head('{ name: A, type: mutex }')}tasks: [ { name: t1, ops: [ { op: mutex_lok, lock: A } ] } ]`, 'did you mean "mutex_lock"?'],
    [`${head('{ name: A, type: mutex }')}tasks: [ { name: t1, ops: [ { op: mutex_lock, lock: A, subclass: 1 } ] } ]`, 'unknown key "subclass"'],
  ];
  for (const [yaml, message] of bad) {
    test(`refused with one line: ${message}`, () => {
      expect(() => program(yaml)).toThrow(message);
    });
  }

  test('files and geometry are optional; every catalog lock program validates and runs', () => {
    expect(lockPrograms().map((s) => s.name)).toEqual(
      expect.arrayContaining(['lock-aa', 'lock-abba', 'lock-abbcca', 'lock-irq-inversion', 'lock-irq-safe-unsafe', 'lock-wait-context']),
    );
    for (const s of lockPrograms()) expect(s.files).toEqual([]);
  });
});

describe('lock programs: what lockdep and the locks do', () => {
  test('lock-aa: recursive locking, then the task deadlocks on itself', () => {
    expect(kinds(loadScenario('lock-aa'))).toEqual(['lockdep:recursive-locking', 'deadlock']);
  });

  test('lock-abba: lockdep reports the cycle on every schedule, a deadlock only on some; dfs finds the deadlock', () => {
    for (let seed = 1; seed <= 20; seed++) expect(kinds(loadScenario('lock-abba'), seed)).toContain('lockdep:circular-dependency');
    expect(someRunEndsIn(loadScenario('lock-abba'), 'deadlock')).toBe(true);
  });

  test('lock-abbcca: "Chain exists of" a three-lock cycle', () => {
    const run = runScenario(loadScenario('lock-abbcca'), { strategy: strategyFor('timed', 1, 0) });
    const v = run.result.verdicts.find((x) => x.subkind === 'circular-dependency')!;
    expect(v.details.splat).toContain('Chain exists of:\n  A --> B --> C');
  });

  test('lock-irq-inversion: lockdep on every schedule; exploration finds the interrupt that spins on its own task', () => {
    for (let seed = 1; seed <= 20; seed++) expect(kinds(loadScenario('lock-irq-inversion'), seed)).toContain('lockdep:inconsistent-irq-state');
    expect(someRunEndsIn(loadScenario('lock-irq-inversion'), 'deadlock')).toBe(true);
  });

  test('the fix: spin_lock_irq in the task — no schedule deadlocks and lockdep is silent (the interrupt waits for local_irq_enable)', () => {
    const s = program(`${head('{ name: S, type: spinlock }')}tasks:
  - name: t1
    ops:
      - { op: hardirq, any: true, ops: [ { op: spin_lock, lock: S }, { op: spin_unlock, lock: S } ] }
      - { op: spin_lock_irq, lock: S }
      - { op: spin_unlock_irq, lock: S }
`);
    const r = explore(s, { scenarioRef: 't', fs: 'diocount', strategy: 'dfs', seed: 1, budget: 1000 });
    expect(r.violations).toEqual([]);
    expect(r.dfs?.complete).toBe(true);
  });

  test('lock-irq-safe-unsafe and lock-wait-context', () => {
    expect(kinds(loadScenario('lock-irq-safe-unsafe'))).toEqual(['lockdep:irq-safe-unsafe']);
    expect(kinds(loadScenario('lock-wait-context'))).toEqual(['lockdep:sleep-in-atomic', 'lockdep:invalid-wait-context']);
  });

  /** t1 read-holds R and reads it again (in a hard irq, or not); t2 write-locks R (interrupts off, as it must) once t1 holds it. */
  const rereading = (inner: string): Scenario =>
    program(`${head('{ name: R, type: rwlock }')}tasks:
  - name: t1
    ops:
      - { op: read_lock, lock: R, id: r1 }
      - ${inner}
      - { op: read_unlock, lock: R }
  - name: t2
    ops:
      - { op: write_lock_irq, lock: R, after: r1 }
      - { op: write_unlock_irq, lock: R }
`);

  test('rwlock_t: a hard irq may read_lock what its task read-holds even with a writer queued (recursive in interrupts): no schedule deadlocks', () => {
    const s = rereading('{ op: hardirq, ops: [ { op: read_lock, lock: R }, { op: read_unlock, lock: R } ] }');
    const r = explore(s, { scenarioRef: 't', fs: 'diocount', strategy: 'dfs', seed: 1, budget: 2000 });
    expect(r.violations).toEqual([]);
    expect(r.dfs?.complete).toBe(true);
  });

  test('rwlock_t: the same second read_lock in process context queues behind the writer: lockdep says so, and a schedule deadlocks', () => {
    const s = rereading('{ op: read_lock, lock: R }');
    expect(kinds(s)).toContain('lockdep:recursive-locking');
    expect(someRunEndsIn(s, 'deadlock')).toBe(true);
  });

  test('mutex_unlock by a task that does not own it: lockdep bad unlock and DEBUG_MUTEXES warn', () => {
    const s = program(`${head('{ name: M, type: mutex }')}tasks:
  - name: t1
    ops: [ { op: mutex_lock, lock: M, id: l } ]
  - name: t2
    ops: [ { op: mutex_unlock, lock: M, after: l } ]
`);
    expect(kinds(s)).toEqual(expect.arrayContaining(['lockdep:bad-unlock', 'warn']));
  });

  test('kernel.lockdep: first — lockdep turns itself off after its first report, as debug_locks_off does', () => {
    const yaml = (mode: string) => `version: 1\nname: t\ntitle: t\nkernel: { lockdep: ${mode} }\nlocks: [ { name: A, type: mutex } ]
tasks: [ { name: t1, ops: [ { op: mutex_unlock, lock: A }, { op: mutex_lock, lock: A } ] } ]\n`;
    expect(kinds(program(yaml('all')))).toEqual(['lockdep:bad-unlock', 'warn', 'lockdep:held-at-exit']);
    expect(kinds(program(yaml('first')))).toEqual(['lockdep:bad-unlock', 'warn']);
  });

  test('trylocks: no dependency into them (check_prevs_add), but the next lock depends on them', () => {
    const s = program(`${head('{ name: A, type: mutex }, { name: B, type: mutex }')}tasks:
  - name: t1
    ops: [ { op: mutex_lock, lock: A }, { op: mutex_trylock, lock: B }, { op: mutex_unlock, lock: B }, { op: mutex_unlock, lock: A }, { op: mutex_lock, lock: B, id: b }, { op: mutex_lock, lock: A }, { op: mutex_unlock, lock: A }, { op: mutex_unlock, lock: B } ]
`);
    expect(kinds(s)).toEqual([]);
  });
});
