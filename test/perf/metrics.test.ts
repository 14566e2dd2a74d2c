import { describe, expect, test } from 'vitest';
import { runScenario } from '../../src/scenario/runner.js';
import { validateScenario } from '../../src/scenario/validate.js';
import { timedStrategy } from '../../src/sim/strategies/timed.js';
import { percentile, runMetrics } from '../../src/perf/metrics.js';
import { sampleServiceUs } from '../../src/aio/service-time.js';
import { Simulator } from '../../src/sim/simulator.js';
import { randomStrategy } from '../../src/sim/strategies/random.js';
import { bench } from '../../src/perf/bench.js';

const fixed = (us: number) => ({ queueDepth: 8, latency: { min: us, max: us, distribution: 'fixed' } });

describe('performance metrics (virtual time)', () => {
  test('one 4 KiB overwrite with a fixed 100 µs device: latency 100 µs, device busy the whole span', () => {
    const s = validateScenario(
      {
        version: 1,
        name: 'one',
        title: 'one',
        device: fixed(100),
        files: [{ path: '/f', size: 4096, fill: 'a' }],
        tasks: [{ name: 't', ops: [{ op: 'aio_write', file: '/f', offset: 0, length: 4096, fill: 'W' }, { op: 'wait' }] }],
      },
      't',
    );
    const m = runMetrics(runScenario(s, { strategy: timedStrategy(1) }));
    expect(m.ios).toBe(1);
    expect(m.latenciesUs).toEqual([100]);
    expect(m.deviceUtilisation).toBe(1);
    expect(m.iops).toBe(10_000);
  });

  test('lock wait and exclusive hold: an extending AIO under hold keeps i_rwsem exclusive until completion; a reader and a truncate queue behind it', () => {
    // Hand-computed (fixed 100 µs device, 10 µs CPU per bio submitted):
    //   w  0 µs: extending aio_write takes i_rwsem WRITE; bio at 10, completes at 110, released there  → exclusive hold 110
    //   r  5 µs: pread contends READ, granted at 110 (wait 105); its bio 120 → 220, releases at 220     → latency 215
    //   t  7 µs: truncate contends WRITE behind r, gets it at 220 (wait 213), holds it for 0 µs          → admin latency 213
    const s = validateScenario(
      {
        version: 1,
        name: 'two',
        title: 'two',
        device: fixed(100),
        cpu: { submit: 10 },
        files: [{ path: '/f', size: 4096, fill: 'a' }],
        tasks: [
          { name: 'w', ops: [{ op: 'aio_write', file: '/f', offset: 4096, length: 4096, fill: 'W' }, { op: 'wait' }] },
          {
            name: 'r',
            ops: [
              { op: 'sleep', us: 5 },
              { op: 'read', file: '/f', offset: 0, length: 4096 },
            ],
          },
          {
            name: 't',
            ops: [
              { op: 'sleep', us: 7 },
              { op: 'truncate', file: '/f', size: 4096 },
            ],
          },
        ],
      },
      't',
    );
    const m = runMetrics(runScenario(s, { strategy: timedStrategy(1), fs: 'hold' }));
    expect(m.lockWaitUs).toEqual({ read: 105, write: 213 });
    expect(m.exclusiveHoldUs).toEqual({ total: 110, max: 110 });
    expect(m.latenciesUs).toEqual([110, 215]);
    expect(m.adminLatenciesUs).toEqual([213]);
    expect(m.spanUs).toBe(220);
    expect(m.verdicts).toEqual([]);
  });

  test('percentiles are nearest-rank', () => {
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99)).toBe(10);
    expect(percentile([], 50)).toBe(0);
  });

  test('service times follow their distribution and stay within [min, max]', () => {
    const sim = new Simulator({ strategy: randomStrategy(9) });
    for (const distribution of ['uniform', 'exponential', 'lognormal'] as const) {
      const xs = Array.from({ length: 4000 }, () => sampleServiceUs(sim, { min: 10, max: 1000, distribution, mean: 100 }));
      expect(Math.min(...xs)).toBeGreaterThanOrEqual(10);
      expect(Math.max(...xs)).toBeLessThanOrEqual(1000);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      if (distribution === 'uniform') expect(mean).toBeGreaterThan(450);
      else expect(Math.abs(mean - 100)).toBeLessThan(15);
    }
    expect(sampleServiceUs(sim, { min: 70, max: 900, distribution: 'fixed' })).toBe(70);
  });
});

describe('the model reproduces both sides of the RFC debate', () => {
  const params = {
    submitters: 4,
    depth: 4,
    ios: 24,
    queueDepth: 32,
    latency: { min: 50, max: 150, distribution: 'uniform' as const },
    cpu: { submit: 2, handoff: 1, completion: 5 },
  };

  test('sub-block overwrites: serializing them (diocount) costs throughput; XFS 2021 shared overwrites win it back', () => {
    const r = bench('subblock-overwrite', params, ['diocount', 'diocount-overwrite-shared'], 1);
    const [legacy, shared] = r.rows;
    expect(shared!.iops / legacy!.iops).toBeGreaterThan(4);
    expect(legacy!.lockWaitWriteUs).toBeGreaterThan(0);
    expect(shared!.lockWaitWriteUs).toBe(0);
  });

  test('extending writes: holding i_rwsem exclusive until completion (hold) costs throughput; downgrading shortens the exclusive hold', () => {
    const r = bench('append', params, ['diocount', 'hold', 'hold-downgrade'], 1);
    const [legacy, hold, downgrade] = r.rows;
    expect(hold!.iops).toBeLessThan(legacy!.iops * 0.8);
    expect(downgrade!.exclusiveHoldMaxUs).toBeLessThan(hold!.exclusiveHoldMaxUs / 10);
  });

  test('a fast scheme that corrupts data is marked by the oracles, even when its timed runs look clean', () => {
    const r = bench('append', { ...params, ios: 12 }, ['diocount', 'bug-eof-zero-nodrain'], 1);
    const [legacy, buggy] = r.rows;
    expect(buggy!.iops).toBeGreaterThan(legacy!.iops); // skipping the drain is faster …
    expect(buggy!.verdicts).toContain('not-linearizable'); // … and loses data
    expect(legacy!.verdicts).toEqual([]);
  });
});
