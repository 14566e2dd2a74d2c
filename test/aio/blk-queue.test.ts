/** The request queue's tags (blk_mq_get_tag): a submitter sleeps while all queueDepth tags are in use. */
import { describe, expect, test } from 'vitest';
import type { BioEvent } from '../../src/aio/blk-queue.js';
import type { CtxBlockEvent, WakeEvent } from '../../src/sim/trace.js';
import { BS, dioWorld, prefer } from './dio-world.js';

/** The most requests in flight at once, from the trace. */
function peakInflight(events: readonly { type: string }[]): number {
  let inflight = 0;
  let peak = 0;
  for (const e of events) {
    if (e.type !== 'bio') continue;
    inflight += (e as BioEvent).op === 'submit' ? 1 : -1;
    peak = Math.max(peak, inflight);
  }
  return peak;
}

describe('request queue tags', () => {
  test('with queueDepth 1 a three-bio dio sleeps for a tag before each later bio, woken by a completion', () => {
    const w = dioWorld({ strategy: prefer('process'), queueDepth: 1 });
    const app = w.dio('app', { pos: 0, count: 3 * BS, sync: true });
    w.sim.run();
    expect(app.returned).toBe(3 * BS);
    expect(peakInflight(w.sim.trace.events)).toBe(1);
    const tagWaits = w.sim.trace.events.filter((e) => e.type === 'block' && (e as CtxBlockEvent).on === 'a free request tag') as CtxBlockEvent[];
    expect(tagWaits.map((e) => e.ctx)).toEqual([app.task!.id, app.task!.id]);
    const names = new Map(w.sim.contexts.map((c) => [c.id, c.name]));
    const wakers = (w.sim.trace.events.filter((e) => e.type === 'wake' && e.ctx === app.task!.id) as WakeEvent[]).map((e) => names.get(e.by));
    expect(wakers.slice(0, 2)).toEqual(['irq/blk#1', 'irq/blk#2']);
  });

  test('while tags are free nobody waits: queueDepth 3 takes the same three bios at once', () => {
    const w = dioWorld({ strategy: prefer('process'), queueDepth: 3 });
    w.dio('app', { pos: 0, count: 3 * BS, sync: true });
    w.sim.run();
    expect(peakInflight(w.sim.trace.events)).toBe(3);
    expect(w.sim.trace.events.some((e) => e.type === 'block' && (e as CtxBlockEvent).on === 'a free request tag')).toBe(false);
  });

  test('two submitters share the tags: in flight never exceeds queueDepth, and both finish', () => {
    const w = dioWorld({ strategy: prefer('process'), queueDepth: 2 });
    const a = w.dio('a', { pos: 0, count: 3 * BS, sync: true });
    const b = w.dio('b', { pos: 4 * BS, count: 3 * BS, sync: true });
    w.sim.run();
    expect(peakInflight(w.sim.trace.events)).toBe(2);
    expect([a.returned, b.returned]).toEqual([3 * BS, 3 * BS]);
    expect(w.q.inflight).toBe(0);
  });
});
