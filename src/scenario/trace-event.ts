/**
 * The one typed trace-event union of a scenario's world, assembled from each layer's own event
 * interfaces. The scenario layer is where every layer meets (it builds the world), so it is the
 * lowest place that can name them all. Every renderer switches exhaustively on `type`: adding an
 * event here makes `tsc` list each place that must draw it (event log, timeline model, Perfetto,
 * critical steps, perf metrics, the stepper). Event `type` strings are part of the trace bytes.
 */
import type { BioEvent } from '../aio/blk-queue.js';
import type { AioCompleteEvent } from '../aio/ki-complete.js';
import type { DioCountEvent } from '../locks/dio-count.js';
import type { LockEvent } from '../locks/events.js';
import type { Trace } from '../sim/trace.js';
import type { SimEvent } from '../sim/trace.js';
import type { BlockAllocEvent } from '../vfs/block-allocator.js';
import type { FreezeEvent } from '../vfs/freeze.js';
import type { SizeEvent, SizeReadEvent } from '../vfs/inode.js';

export type TraceEvent = SimEvent | LockEvent | DioCountEvent | BlockAllocEvent | SizeEvent | SizeReadEvent | BioEvent | AioCompleteEvent | FreezeEvent;

export type TraceEventType = TraceEvent['type'];

/** The event of the union with this `type`. */
export type EventOf<K extends TraceEventType> = Extract<TraceEvent, { type: K }>;

/**
 * A trace's events as the union. The one cast in the code base: the simulator stores events of
 * any layer as TraceEventBase (it knows no layer above it), and every emitter in the world emits
 * one of the members above with `satisfies`.
 */
export function traceEvents(trace: Trace): readonly TraceEvent[] {
  return trace.events as readonly TraceEvent[];
}
