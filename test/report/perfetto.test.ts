import { describe, expect, test } from 'vitest';
import { loadScenario } from '../../src/scenario/catalog.js';
import { replayRun } from '../../src/explore/explore.js';
import { runScenario } from '../../src/scenario/runner.js';
import { toPerfetto } from '../../src/report/perfetto.js';
import { timedStrategy } from '../../src/sim/strategies/timed.js';

type Ev = Record<string, unknown> & { ph: string };

function trace(scenario: string, fs: string) {
  const run = runScenario(loadScenario(scenario), { strategy: timedStrategy(2), fs });
  return { run, json: toPerfetto(run.events, { scenario, fs, schedule: run.result.schedule }) };
}

describe('Perfetto / Chrome trace export', () => {
  test('every event has the fields Perfetto requires; X slices have dur; async slices pair up; flows pair up', () => {
    const { json } = trace('hold-naive-splats', 'hold');
    const events = json.traceEvents as Ev[];
    for (const e of events) {
      expect(typeof e.ph).toBe('string');
      expect(typeof e.pid).toBe('number');
      if (e.ph !== 'M') expect(typeof e.ts).toBe('number');
      if (e.ph === 'X') expect(e.dur).toBeGreaterThan(0);
      if (e.ph === 'b' || e.ph === 'e') expect(e.id).toBeDefined();
    }
    const open = new Map<string, number>();
    for (const e of events.filter((x) => x.ph === 'b' || x.ph === 'e')) open.set(String(e.id), (open.get(String(e.id)) ?? 0) + (e.ph === 'b' ? 1 : -1));
    expect([...open.values()].every((n) => n === 0)).toBe(true);
    const outs = events.filter((e) => e.flow_out).map((e) => e.bind_id);
    const ins = events.filter((e) => e.flow_in).map((e) => e.bind_id);
    expect(new Set(ins)).toEqual(new Set(outs));
    expect(outs.length).toBeGreaterThan(0);
  });

  test('a lock held from submission to completion is one async slice, with a hand-off flow between contexts', () => {
    const { json } = trace('hold-naive-splats', 'hold');
    const events = json.traceEvents as Ev[];
    // (An I/O that finishes before io_submit returns completes inline: its hand-off stays in one context.)
    const pairs = events
      .filter((e) => String(e.name).startsWith('hand off i_rwsem'))
      .map((out) => ({ out, in: events.find((e) => e.flow_in && e.bind_id === out.bind_id)! }));
    const crossing = pairs.find((p) => p.in.tid !== p.out.tid)!;
    expect(crossing).toBeDefined();
    const [handoffOut, handoffIn] = [crossing.out, crossing.in];
    const threads = new Map(events.filter((e) => e.name === 'thread_name').map((e) => [e.tid, (e.args as { name: string }).name]));
    expect(threads.get(handoffOut.tid)).toMatch(/^app\/\d+ \(process\)$/);
    expect(threads.get(handoffIn.tid)).toMatch(/\((worker)\)$|^hardirq \(bio completions\)$/);
  });

  test('thread tracks are named, the device has its own track and counter, verdicts are global instants', () => {
    const found = replayRun(loadScenario('truncate-vs-aio-write'), 'bug-truncate-nowait', '1.110001T7~h0P800V400zb2~60wd00V100O811.e2');
    const json = toPerfetto(found.events, { scenario: 'truncate-vs-aio-write', fs: 'bug-truncate-nowait', schedule: 'x' });
    const events = json.traceEvents as Ev[];
    expect(events.some((e) => e.name === 'process_name' && (e.args as { name: string }).name === 'block device')).toBe(true);
    expect(events.some((e) => e.ph === 'C' && e.name === 'requests in flight')).toBe(true);
    const verdict = events.find((e) => e.cat === 'verdict')!;
    expect(verdict).toMatchObject({ ph: 'i', s: 'g', name: 'VERDICT freed-block-write' });
  });

  /** Index of the first event whose ts is smaller than its predecessor's (-1: none). */
  const firstBackwardStep = (events: readonly Ev[]): number => events.findIndex((e, i) => i > 0 && (e.ts as number) < (events[i - 1]!.ts as number));

  test('file order is metadata first, then every event by ts: ts never goes backwards', () => {
    for (const [scenario, fs] of [
      ['truncate-vs-aio-write', 'bug-truncate-nowait'],
      ['hold-naive-splats', 'hold'],
      ['fence-on-eviction', 'fence'],
    ] as const) {
      const events = trace(scenario, fs).json.traceEvents as Ev[];
      const firstTimed = events.findIndex((e) => e.ph !== 'M');
      expect(
        events.slice(firstTimed).filter((e) => e.ph === 'M'),
        scenario,
      ).toEqual([]);
      const timed = events.slice(firstTimed);
      // A slice that ends after the next event starts is known only at its end: sorting is needed here.
      expect(
        timed.some((e, i) => e.ph === 'X' && (e.ts as number) + (e.dur as number) > (timed[i + 1]?.ts as number)),
        scenario,
      ).toBe(true);
      expect(firstBackwardStep(timed), scenario).toBe(-1);
    }
  });

  test('on every thread track, X slices nest: none starts inside another and ends after it', () => {
    const events = trace('truncate-vs-aio-write', 'bug-truncate-nowait').json.traceEvents as Ev[];
    const byTid = new Map<unknown, Ev[]>();
    for (const e of events.filter((x) => x.ph === 'X')) byTid.set(e.tid, [...(byTid.get(e.tid) ?? []), e]);
    let nested = 0;
    for (const slices of byTid.values()) {
      const open: number[] = []; // end times of the enclosing slices, innermost last
      for (const e of slices) {
        const start = e.ts as number;
        const end = start + (e.dur as number);
        while (open.length && open.at(-1)! <= start) open.pop();
        if (open.length) {
          nested++;
          expect(end, String(e.name)).toBeLessThanOrEqual(open.at(-1)!);
        }
        open.push(end);
      }
    }
    expect(nested).toBeGreaterThan(0); // waits inside syscalls
  });

  test('setup is a named track (not tid -1); no displayTimeUnit; one hardirq track; one track name per lock whatever the mode', () => {
    const { json } = trace('truncate-vs-aio-write', 'bug-truncate-nowait');
    const events = json.traceEvents as Ev[];
    expect('displayTimeUnit' in json).toBe(false);
    expect(events.some((e) => e.tid !== undefined && (e.tid as number) < 0)).toBe(false);
    const threads = new Map(events.filter((e) => e.name === 'thread_name' && e.pid === 1).map((e) => [e.tid, (e.args as { name: string }).name]));
    expect(threads.get(0)).toBe('setup (no context running)');
    expect(events.some((e) => e.tid === 0 && e.cat === 'alloc')).toBe(true); // the scenario's files are allocated in setup
    expect([...threads.values()].filter((n) => n.includes('irq'))).toEqual(['hardirq (bio completions)']);
    const irqTid = [...threads].find(([, n]) => n.startsWith('hardirq'))![0];
    const completions = events.filter((e) => String(e.name).match(/^bio #\d+ complete$/));
    expect(completions.length).toBeGreaterThan(3);
    expect(completions.every((e) => e.tid === irqTid)).toBe(true);
    expect(events.filter((e) => e.tid === irqTid && e.ph === 'i' && e.s === 't').every((e) => /^irq\//.test(String((e.args as { ctx?: string }).ctx)))).toBe(
      true,
    );
    const holds = events.filter((e) => e.cat === 'lock' && e.ph === 'b');
    const modes = new Map<string, Set<string>>();
    for (const h of holds) modes.set(String(h.name), (modes.get(String(h.name)) ?? new Set()).add((h.args as { mode: string }).mode));
    expect(modes.get('i_rwsem (ino 12)')).toEqual(new Set(['read', 'write']));
  });

  test('--perfetto-step-ns: each trace event gets that much CPU time', () => {
    const run = runScenario(loadScenario('truncate-vs-aio-write'), { strategy: timedStrategy(2), fs: 'bug-truncate-nowait' });
    const meta = { scenario: 'x', fs: 'bug-truncate-nowait', schedule: 'x' };
    // The allocations and frees, in trace order, are instants at (virtual time + index × stepNs).
    const allocs = run.events.flatMap((e, i) => (e.type === 'alloc' ? [{ t: e.t, i }] : []));
    const [a, b] = [allocs[0]!, allocs.at(-1)!];
    for (const stepNs of [undefined, 1000]) {
      const ts = (toPerfetto(run.events, { ...meta, stepNs }).traceEvents as Ev[]).filter((e) => e.cat === 'alloc').map((e) => (e.ts as number) * 1000);
      expect(ts).toHaveLength(allocs.length);
      expect(ts.at(-1)! - ts[0]!).toBeCloseTo(b.t - a.t + (b.i - a.i) * (stepNs ?? 1), 3);
    }
  });
});
