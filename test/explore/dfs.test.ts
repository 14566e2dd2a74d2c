/**
 * The dfs search on worlds small enough to count by hand and by brute force. Each context is a
 * list of steps; each step touches the named shared objects. An independent enumerator lists
 * every interleaving, counts its preemptions by the same definition, and groups interleavings
 * into equivalence classes (same order of every pair of conflicting steps); the search must
 * cover exactly the classes that have a member within the bound, and without POR run exactly
 * the interleavings within the bound.
 */
import { StepRecorder } from '../../src/sim/step-recorder.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DfsSearch } from '../../src/explore/dfs.js';
import { Simulator } from '../../src/sim/simulator.js';
import type { Sim } from '../../src/sim/sim.js';

type World = ReadonlyArray<ReadonlyArray<readonly string[]>>;
type Event = readonly [context: number, step: number];

/** A context's body: one yield per step; the last step is the return. */
function* body(sim: Simulator, steps: ReadonlyArray<readonly string[]>): Sim<void> {
  for (let i = 0; i < steps.length; i++) {
    for (const key of steps[i]!) sim.access(key);
    if (i < steps.length - 1) yield `step ${i}`;
  }
}

/** Runs the search to the end; returns every complete execution as its sequence of events. */
function search(world: World, preemptions: number, por: boolean): { runs: Event[][]; pruned: number } {
  const dfs = new DfsSearch({ preemptions, por });
  const runs: Event[][] = [];
  for (let more = true; more; ) {
    const events: Event[] = [];
    const done = world.map(() => 0);
    const strategy = dfs.strategy();
    const inner = strategy.recorder!.observer;
    const recorder = new StepRecorder({
      clockBlind: inner.clockBlind,
      observe: (ctx, fp) => {
        events.push([ctx.id - 1, done[ctx.id - 1]!++]);
        inner.observe(ctx, fp);
      },
    });
    const sim = new Simulator({ strategy: { ...strategy, name: strategy.name, pickContext: strategy.pickContext, sample: strategy.sample, recorder } });
    world.forEach((steps, i) => {
      sim.spawn('process', `t${i}`, body(sim, steps));
    });
    const outcome = sim.run().outcome;
    if (outcome !== 'pruned') runs.push(events);
    more = dfs.advance(outcome === 'pruned' ? 'pruned' : 'ran', sim.clockMayDecide);
  }
  return { runs, pruned: dfs.pruned };
}

/** Every interleaving of the world's steps. */
function interleavings(world: World): Event[][] {
  const out: Event[][] = [];
  const next = world.map(() => 0);
  const walk = (prefix: Event[]): void => {
    let any = false;
    world.forEach((steps, c) => {
      if (next[c]! >= steps.length) return;
      any = true;
      prefix.push([c, next[c]!++]);
      walk(prefix);
      prefix.pop();
      next[c]!--;
    });
    if (!any) out.push([...prefix]);
  };
  walk([]);
  return out;
}

/** Switches away from a context that had steps left and had not finished its step sequence. */
function preemptionsOf(world: World, run: readonly Event[]): number {
  let n = 0;
  for (let i = 1; i < run.length; i++) {
    const [prev, step] = run[i - 1]!;
    if (run[i]![0] !== prev && step < world[prev]!.length - 1) n++;
  }
  return n;
}

/** The equivalence class of an interleaving: its lexicographically least reordering that keeps every conflicting pair in order. */
function classOf(world: World, run: readonly Event[]): string {
  const conflict = (a: Event, b: Event): boolean => a[0] === b[0] || world[a[0]]![a[1]]!.some((k) => world[b[0]]![b[1]]!.includes(k));
  const remaining = [...run];
  const out: string[] = [];
  while (remaining.length > 0) {
    let best = -1;
    for (let i = 0; i < remaining.length; i++) {
      const free = remaining.slice(0, i).every((e) => !conflict(e, remaining[i]!));
      if (free && (best < 0 || remaining[i]![0] < remaining[best]![0])) best = i;
    }
    out.push(remaining[best]!.join('.'));
    remaining.splice(best, 1);
  }
  return out.join(' ');
}

/** Three contexts, each touching x once and then returning. */
const THREE_ON_X: World = [
  [['x'], []],
  [['x'], []],
  [['x'], []],
];

describe('dfs: exact counts on a hand-countable world (three contexts, one conflicting step each)', () => {
  it('without POR and without a bound runs every interleaving once: 6!/(2!·2!·2!) = 90', () => {
    expect(search(THREE_ON_X, Infinity, false).runs).toHaveLength(90);
  });

  it('with sleep sets and without a bound runs one execution per order of the three x steps: 3! = 6', () => {
    const { runs } = search(THREE_ON_X, Infinity, true);
    expect(runs).toHaveLength(6);
    expect(new Set(runs.map((r) => classOf(THREE_ON_X, r))).size).toBe(6);
  });

  it('with preemption bound 0 runs each context to its end once started: 3! = 6 executions', () => {
    expect(search(THREE_ON_X, 0, false).runs).toHaveLength(6);
  });
});

/** Small random worlds: 2–4 contexts of 1–4 steps over objects a–d, at most 9 steps in all (brute force stays fast). */
const worlds = fc
  .array(fc.array(fc.subarray(['a', 'b', 'c', 'd']), { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 4 })
  .filter((world) => world.flat().length <= 9);

describe('dfs against brute force on random small worlds', () => {
  it('without POR, runs exactly the interleavings within the bound', () => {
    fc.assert(
      fc.property(worlds, fc.constantFrom(0, 1, 2, Infinity), (world, bound) => {
        const expected = interleavings(world)
          .filter((r) => preemptionsOf(world, r) <= bound)
          .map((r) => JSON.stringify(r))
          .sort();
        const got = search(world, bound, false)
          .runs.map((r) => JSON.stringify(r))
          .sort();
        expect(got).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('with POR, covers exactly the equivalence classes that have a member within the bound, and runs no more than without', () => {
    fc.assert(
      fc.property(worlds, fc.constantFrom(0, 1, 2, Infinity), (world, bound) => {
        const within = interleavings(world).filter((r) => preemptionsOf(world, r) <= bound);
        const expected = [...new Set(within.map((r) => classOf(world, r)))].sort();
        const { runs } = search(world, bound, true);
        expect(runs.every((r) => preemptionsOf(world, r) <= bound)).toBe(true);
        expect([...new Set(runs.map((r) => classOf(world, r)))].sort()).toEqual(expected);
        expect(runs.length).toBeLessThanOrEqual(within.length);
        // Unbounded, sleep sets run one execution per class.
        if (bound === Infinity) expect(runs.length).toBe(expected.length);
      }),
      { numRuns: 300 },
    );
  });
});
