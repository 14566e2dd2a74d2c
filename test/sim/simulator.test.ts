import { describe, expect, test } from 'vitest';
import { Simulator } from '../../src/sim/simulator.js';
import { randomStrategy } from '../../src/sim/strategies/random.js';
import { timedStrategy } from '../../src/sim/strategies/timed.js';
import { replayStrategy } from '../../src/sim/strategies/replay.js';
import { decodeSchedule } from '../../src/sim/schedule.js';
import { WaitQueue, wait_event } from '../../src/sim/waitqueue.js';
import type { Strategy } from '../../src/sim/strategy.js';
import type { Sim } from '../../src/sim/sim.js';
import { UserError } from '../../src/sim/errors.js';

/** Three contexts that each write their name into a shared log at several scheduling points. */
function racers(strategy: Strategy): { sim: Simulator; log: string[] } {
  const sim = new Simulator({ strategy });
  const log: string[] = [];
  for (const name of ['a', 'b', 'c']) {
    sim.spawn(
      'process',
      name,
      (function* (): Sim<void> {
        for (let i = 0; i < 5; i++) {
          yield 'append';
          log.push(`${name}${i}`);
          if (i === 2) {
            sim.sleepFor(sim.sample(10, 500));
            yield 'msleep';
          }
        }
      })(),
    );
  }
  return { sim, log };
}

describe('simulator', () => {
  test('determinism: the same seed gives a byte-identical trace', () => {
    const one = racers(randomStrategy(42));
    const two = racers(randomStrategy(42));
    one.sim.run();
    two.sim.run();
    expect(one.sim.trace.serialize()).toBe(two.sim.trace.serialize());
    expect(one.log).toEqual(two.log);
  });

  test('determinism: different seeds explore different interleavings', () => {
    const logs = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const r = racers(randomStrategy(seed));
      r.sim.run();
      logs.add(r.log.join(','));
    }
    expect(logs.size).toBeGreaterThan(10);
  });

  test('replay: the schedule string reproduces the trace byte for byte, latencies included', () => {
    const original = racers(randomStrategy(7));
    const result = original.sim.run();
    const replayed = racers(replayStrategy(decodeSchedule(result.schedule)));
    const again = replayed.sim.run();
    expect(replayed.sim.trace.serialize()).toBe(original.sim.trace.serialize());
    expect(again.schedule).toBe(result.schedule);
    expect(again.now).toBe(result.now);
  });

  test('replay: a schedule from another scenario is refused with a UserError', () => {
    const shortRun = racers(replayStrategy([]));
    expect(() => shortRun.sim.run()).toThrow(UserError);
    const badChoice = racers(replayStrategy([99]));
    expect(() => badChoice.sim.run()).toThrow(/only 3 options/);
  });

  test('timed: the context that can run earliest goes first and the clock follows', () => {
    const sim = new Simulator({ strategy: timedStrategy(1) });
    const order: string[] = [];
    for (const [name, at] of [
      ['late', 300],
      ['early', 100],
      ['mid', 200],
    ] as const) {
      sim.spawn(
        'timer',
        name,
        (function* (): Sim<void> {
          order.push(`${name}@${sim.now}`);
        })(),
        { at },
      );
    }
    const r = sim.run();
    expect(order).toEqual(['early@100', 'mid@200', 'late@300']);
    expect(r.now).toBe(300);
  });

  test('deadlock: two contexts waiting on each other are reported with the wait-for graph', () => {
    const sim = new Simulator({ strategy: randomStrategy(3) });
    let aDone = false;
    let bDone = false;
    const waitA = new WaitQueue(sim, 'a to finish', () => ['a/1']);
    const waitB = new WaitQueue(sim, 'b to finish', () => ['b/2']);
    sim.spawn(
      'process',
      'a',
      (function* (): Sim<void> {
        yield* wait_event(waitB, () => bDone, 'wait b');
        aDone = true;
      })(),
    );
    sim.spawn(
      'process',
      'b',
      (function* (): Sim<void> {
        yield* wait_event(waitA, () => aDone, 'wait a');
        bDone = true;
      })(),
    );
    const r = sim.run();
    expect(r.outcome).toBe('deadlock');
    expect(r.verdicts).toHaveLength(1);
    const v = r.verdicts[0]!;
    expect(v.kind).toBe('deadlock');
    expect(v.details.cycle).toEqual(['a/1', 'b/2', 'a/1']);
    expect(v.message).toContain('a/1 waits for b to finish held by b/2');
  });

  test('step-limit: a livelock ends the run instead of hanging', () => {
    const sim = new Simulator({ strategy: randomStrategy(1), stepLimit: 1000 });
    sim.spawn(
      'process',
      'spinner',
      (function* (): Sim<void> {
        for (;;) yield 'cpu_relax';
      })(),
    );
    const r = sim.run();
    expect(r.outcome).toBe('step-limit');
    expect(r.steps).toBe(1000);
    expect(r.verdicts.map((v) => v.kind)).toEqual(['step-limit']);
  });

  test('stopAtFirstVerdict ends the run at the first verdict', () => {
    const sim = new Simulator({ strategy: randomStrategy(1), stopAtFirstVerdict: true });
    let after = 0;
    sim.spawn(
      'process',
      'p',
      (function* (): Sim<void> {
        yield 'x';
        sim.report('fsck', 'observed');
        yield 'y';
        after++;
      })(),
    );
    expect(sim.run().outcome).toBe('stopped');
    expect(after).toBe(0);
  });
});
