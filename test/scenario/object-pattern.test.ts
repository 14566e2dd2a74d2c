/**
 * The fenced-object pattern as lock programs (issue 18 part B): the fence ops, the open-coded
 * count and completion, queue_work hand-offs, and Jason Gunthorpe's two claims on the catalog's
 * object-* programs — exploration finds starvation for the open-coded count and never for the
 * fence (claim 1); the naked completion is caught only where it hangs, the fence by lockdep on a
 * schedule that completes (claim 2).
 */
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { explore } from '../../src/explore/explore.js';
import { strategyFor } from '../../src/explore/portfolio.js';
import { loadScenario } from '../../src/scenario/catalog.js';
import { type ScenarioRun, runScenario } from '../../src/scenario/runner.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { validateScenario } from '../../src/scenario/validate.js';
import type { Context } from '../../src/sim/context.js';
import type { Strategy } from '../../src/sim/strategy.js';
import { type Footprint, independent } from '../../src/sim/footprint.js';
import { Prng } from '../../src/sim/prng.js';
import { StepRecorder } from '../../src/sim/step-recorder.js';

const program = (yaml: string): Scenario => validateScenario(parse(yaml), 'p.yaml');
const label = (v: { kind: string; subkind?: string }): string => (v.subkind ? `${v.kind}:${v.subkind}` : v.kind);
const kinds = (s: Scenario, seed = 1): string[] => runScenario(s, { strategy: strategyFor('timed', seed, 0), trace: false }).result.verdicts.map(label);

const dfs = (name: string) => explore(loadScenario(name), { scenarioRef: name, strategy: 'dfs', seed: 1, budget: 1_000_000, preemptions: 2, shrink: false });

/** Every schedule of a small program (no reduction): a prefix-replaying strategy, backtracked by hand. */
function everyRun(s: Scenario, limit = 200_000): ScenarioRun[] {
  const runs: ScenarioRun[] = [];
  let prefix: number[] = [];
  for (;;) {
    const widths: number[] = [];
    let i = 0;
    const choose: Strategy = {
      name: 'brute',
      pickContext(enabled: readonly Context[]): number {
        widths.push(enabled.length);
        return prefix[i++] ?? 0;
      },
      sample: (min: number) => min,
    };
    runs.push(runScenario(s, { strategy: choose, trace: false }));
    if (runs.length > limit) throw new Error('too many schedules for brute force');
    const path = widths.map((_, k) => prefix[k] ?? 0);
    let k = path.length - 1;
    while (k >= 0 && path[k]! + 1 >= widths[k]!) k--;
    if (k < 0) return runs;
    prefix = [...path.slice(0, k), path[k]! + 1];
  }
}

describe('fenced-object ops: validation', () => {
  const head = (locks: string): string => `version: 1\nname: t\ntitle: t\nlocks: [${locks}]\n`;
  const bad: ReadonlyArray<[string, string]> = [
    [
      `${head('{ name: c, type: atomic }, { name: m, type: mutex }')}tasks: [ { name: t1, ops: [ { op: atomic_dec_and_test, lock: c, complete: m } ] } ]`,
      'p.yaml: tasks[0].ops[0].complete: "m" is not a completion declared in locks',
    ],
    [`${head('{ name: m, type: mutex, value: 1 }')}tasks: [ { name: t1, ops: [ { op: mutex_lock, lock: m } ] } ]`, 'p.yaml: locks[0].value: only an atomic'],
    [
      `${head('{ name: f, type: fence }')}tasks: [ { name: t1, ops: [ { op: queue_work, ops: [ { op: fence_end_reader, lock: f, id: x } ] } ] } ]`,
      'p.yaml: tasks[0].ops[0].ops[0].id: ops inside a work item cannot have an id',
    ],
    [`${head('{ name: f, type: fence }')}tasks: [ { name: t1, ops: [ { op: atomic_inc, lock: f } ] } ]`, 'atomic_inc applies to a atomic, but "f" is a fence'],
    [`${head('{ name: c, type: atomic }')}tasks: [ { name: t1, ops: [ { op: atomic_inc, lock: c, complete: c } ] } ]`, 'unknown key "complete"'],
  ];
  for (const [yaml, message] of bad) {
    test(`refused with one line: ${message}`, () => {
      expect(() => program(yaml)).toThrow(message);
    });
  }
});

describe('fenced-object ops: what they do', () => {
  const head = `version: 1\nname: t\ntitle: t\n`;

  test('a reader handed to a kworker is ended there: nothing held at exit, no lockdep report', () => {
    const s = program(`${head}locks: [ { name: f, type: fence } ]
tasks:
  - name: t1
    ops:
      - { op: fence_try_begin_read, lock: f }
      - { op: fence_exit_reader, lock: f }
      - { op: queue_work, ops: [ { op: fence_reenter_reader, lock: f }, { op: fence_end_reader, lock: f } ] }`);
    for (let seed = 1; seed <= 5; seed++) expect(kinds(s, seed)).toEqual([]);
  });

  test('without the hand-off the task exits holding the reader (lockdep: held-at-exit)', () => {
    const s = program(`${head}locks: [ { name: f, type: fence } ]
tasks: [ { name: t1, ops: [ { op: fence_try_begin_read, lock: f } ] } ]`);
    expect(kinds(s)).toEqual(['lockdep:held-at-exit']);
  });

  test('a failed try skips the reader: after the writer abandoned the object the work is never queued', () => {
    const s = program(`${head}locks: [ { name: f, type: fence } ]
tasks:
  - name: d
    ops: [ { op: fence_begin_write, lock: f, id: gone }, { op: fence_abandon_writer, lock: f } ]
  - name: r
    ops:
      - { op: fence_try_begin_read, lock: f, after: gone }
      - { op: fence_exit_reader, lock: f }
      - { op: queue_work, ops: [ { op: fence_reenter_reader, lock: f }, { op: fence_end_reader, lock: f } ] }`);
    const run = runScenario(s, { strategy: strategyFor('timed', 1, 0) });
    expect(run.result.verdicts).toEqual([]);
    expect(run.events.some((e) => e.type === 'ctx-start' && e.name.startsWith('kworker/'))).toBe(false);
  });

  test("use of a kfree'd count is a use-after-free", () => {
    const s = program(`${head}locks: [ { name: c, type: atomic, value: 1 } ]
tasks: [ { name: t1, ops: [ { op: kfree, lock: c }, { op: atomic_inc, lock: c } ] } ]`);
    expect(kinds(s)).toEqual(['use-after-free']);
  });

  test('use of a fence after it was abandoned and freed is a use-after-free', () => {
    const s = program(`${head}locks: [ { name: f, type: fence } ]
tasks:
  - name: t1
    ops:
      - { op: fence_begin_write, lock: f }
      - { op: fence_abandon_writer, lock: f }
      - { op: kfree, lock: f }
      - { op: fence_try_begin_read, lock: f }`);
    expect(kinds(s)).toEqual(['use-after-free']);
  });

  test('the last put completes the completion the destroyer waits on', () => {
    const s = program(`${head}locks: [ { name: c, type: atomic, value: 1 }, { name: done, type: completion } ]
tasks:
  - name: d
    ops: [ { op: atomic_dec_and_test, lock: c, complete: done }, { op: wait_for_completion, lock: done } ]`);
    expect(kinds(s)).toEqual([]);
    const hang = program(`${head}locks: [ { name: c, type: atomic, value: 2 }, { name: done, type: completion } ]
tasks:
  - name: d
    ops: [ { op: atomic_dec_and_test, lock: c, complete: done }, { op: wait_for_completion, lock: done } ]`);
    expect(kinds(hang)).toEqual(['deadlock']);
  });
});

describe("Gunthorpe's claim 1: no writer bias, the destroyer starves", () => {
  test('object-count-starves-destroyer: dfs bound 2 finds starvation, with the passes in details', () => {
    const r = dfs('object-count-starves-destroyer');
    const v = r.violations.find((x) => x.kind === 'starvation');
    expect(v).toBeDefined();
    expect(v!.details).toMatchObject({ after: 3 });
    expect((v!.details.arrivals as string[]).length).toBe(3);
    expect(String(v!.details.waiter)).toMatch(/^destroyer/);
  });

  test('object-fence-writer-bias: dfs bound 2 proves no verdict at all, within 60 s', () => {
    const r = dfs('object-fence-writer-bias');
    expect(r.violations).toEqual([]);
    expect(r.dfs?.complete).toBe(true);
  }, 60_000);

  test('the threshold comes from the scenario: after 5 the open-coded count of four submitters passes', () => {
    const s = { ...loadScenario('object-count-starves-destroyer'), starvation: { after: 5 } };
    const r = explore(s, { scenarioRef: 'x', strategy: 'dfs', seed: 1, budget: 1_000_000, preemptions: 2, shrink: false });
    expect(r.violations.filter((v) => v.kind === 'starvation')).toEqual([]);
  }, 60_000);
});

describe("Gunthorpe's claim 2: the naked completion, invisible to lockdep", () => {
  test('object-completion-deadlock: every schedule either hangs (deadlock) or completes with lockdep silent', () => {
    const runs = everyRun(loadScenario('object-completion-deadlock'));
    const hung = runs.filter((r) => r.result.outcome === 'deadlock');
    expect(hung.length).toBeGreaterThan(0);
    for (const r of runs) {
      if (r.result.outcome === 'deadlock') expect(r.result.verdicts.map(label)).toEqual(['deadlock']);
      else expect(r.result.verdicts).toEqual([]);
    }
    expect(runs.some((r) => r.result.outcome === 'completed')).toBe(true);
  });

  test('object-fence-lockdep: lockdep reports the circular dependency on a schedule that completes', () => {
    const runs = everyRun(loadScenario('object-fence-lockdep'));
    const predicted = runs.filter((r) => r.result.outcome === 'completed' && r.result.verdicts.some((v) => v.subkind === 'circular-dependency'));
    expect(predicted.length).toBeGreaterThan(0);
    // …and wherever the fence hangs, lockdep said so first.
    for (const r of runs.filter((x) => x.result.outcome === 'deadlock')) expect(r.result.verdicts.map(label)).toContain('lockdep:circular-dependency');
  });

  test('dfs bound 2 finds each: the deadlock for the count, lockdep for the fence', () => {
    expect(dfs('object-completion-deadlock').violations.map(label)).toEqual(['deadlock']);
    expect(dfs('object-fence-lockdep').violations.map(label)).toContain('lockdep:circular-dependency');
  });
});

describe('fenced-object ops: footprints', () => {
  /** Runs `s` choosing by `pick`, recording each step's context and footprint (as dfs-scenarios.test.ts does for the fs catalog). */
  function recorded(s: Scenario, pick: (enabled: readonly Context[], step: number) => number) {
    const steps: { id: number; footprint: Footprint }[] = [];
    const strategy: Strategy = {
      name: 'recorded',
      sample: (min) => min,
      pickContext: (enabled) => pick(enabled, steps.length),
      recorder: new StepRecorder({ clockBlind: true, observe: (ctx, footprint) => void steps.push({ id: ctx.id, footprint: new Map(footprint) }) }),
    };
    return { run: runScenario(s, { strategy, trace: false }), steps };
  }
  const signature = (run: ScenarioRun): string => `${run.result.outcome} ${[...new Set(run.result.verdicts.map(label))].sort().join(',')}`;

  test('two steps footprints call independent can be swapped and the run ends the same, on every object-* program', () => {
    const failures: string[] = [];
    let swaps = 0;
    for (const name of ['object-count-starves-destroyer', 'object-fence-writer-bias', 'object-completion-deadlock', 'object-fence-lockdep']) {
      const s = loadScenario(name);
      for (let seed = 1; seed <= 12; seed++) {
        const rng = new Prng(seed);
        const base = recorded(s, (enabled) => rng.int(0, enabled.length - 1));
        const ids = base.steps.map((x) => x.id);
        const first = new Map<number, number>();
        for (const [k, id] of ids.entries()) if (!first.has(id)) first.set(id, k);
        for (let i = 0; i + 1 < ids.length; i++) {
          const [x, y] = [base.steps[i]!, base.steps[i + 1]!];
          if (x.id === y.id || !independent(x.footprint, y.footprint)) continue;
          if (x.footprint.has('spawn') && (y.footprint.has('spawn') || (y.id > s.tasks.length && first.get(y.id) === i + 1))) continue;
          const target = [...ids];
          [target[i], target[i + 1]] = [y.id, x.id];
          const swapped = recorded(s, (enabled, step) =>
            Math.max(
              0,
              enabled.findIndex((c) => c.id === target[step]),
            ),
          );
          swaps++;
          if (swapped.steps.map((z) => z.id).join() !== target.join()) failures.push(`${name} seed ${seed} steps ${i}/${i + 1}: could not follow`);
          else if (signature(swapped.run) !== signature(base.run))
            failures.push(`${name} seed ${seed} steps ${i}/${i + 1}: ${signature(base.run)} → ${signature(swapped.run)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(swaps).toBeGreaterThan(50);
  });
});
