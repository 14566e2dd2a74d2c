/**
 * The block device's request queue (blk-mq reduced to one hardware queue of `depth` tags).
 *
 * submit_bio() takes a tag, sleeping when all are in use (blk_mq_get_tag), and schedules the
 * completion interrupt after a latency that the scheduler samples — a recorded choice, so a
 * schedule string replays it. The completion runs in hard-irq context: the data moves (at the
 * latest instant a real device could move it), the tag is freed, then the bio's end_io runs.
 */
import { countAccess, shared } from '../sim/footprint.js';
import type { Sim } from '../sim/sim.js';
import { WaitQueue, wait_event, wake_up_all } from '../sim/waitqueue.js';
import type { TraceEventBase } from '../sim/trace.js';
import type { BlockOwner } from '../vfs/block-allocator.js';
import type { SuperBlock } from '../vfs/superblock.js';
import { type LatencyParams, sampleServiceUs } from './service-time.js';
import { type CpuCosts, NO_CPU_COST, cpu } from './cpu-cost.js';

export interface Bio {
  readonly op: 'write' | 'read';
  readonly block: number;
  /** Byte offset inside the block, and length (a bio never crosses a block here). */
  readonly offset: number;
  readonly length: number;
  /** Byte to write (0 for a zeroing bio). */
  readonly fill: number;
  /** Read destination. */
  readonly dest?: { readonly buffer: Buffer; readonly offset: number };
  readonly intendedFor: BlockOwner;
  /** What issued it: the op id, with "zero" for sub-block zeroing. */
  readonly by: string;
  readonly end_io: (bio: Bio) => Sim<void>;
}

export interface BioEvent extends TraceEventBase {
  readonly type: 'bio';
  readonly op: 'submit' | 'complete';
  readonly id: number;
  readonly dir: 'read' | 'write';
  readonly block: number;
  readonly offset: number;
  readonly length: number;
  readonly fill: number;
  readonly ino: number;
  readonly by: string;
}

export interface DeviceParams {
  readonly queueDepth: number;
  /** Service time in virtual microseconds. */
  readonly latency: LatencyParams;
}

/**
 * Tags in use are recorded by submit_bio and complete_request, more precisely than the wrapper
 * would. Bio numbers (`nextId`) only name things — trace events and the irq contexts — like
 * context numbers, so two submissions do not conflict over which number each gets.
 */
const QUEUE_UNTRACKED: ReadonlySet<keyof RequestQueue> = new Set<keyof RequestQueue>(['sb', 'params', 'cpuCosts', 'tagWait', 'inflight', 'nextId', 'takeId']);

export class RequestQueue {
  inflight = 0;
  /** The next bio number (public only so that footprints can name it untracked). */
  nextId = 1;
  readonly tagWait: WaitQueue;

  constructor(
    readonly sb: SuperBlock,
    readonly params: DeviceParams,
    readonly cpuCosts: CpuCosts = NO_CPU_COST,
  ) {
    this.tagWait = new WaitQueue(sb.sim, 'a free request tag', () => [`${this.inflight} requests in flight on the device`]);
    return shared(sb.sim, this, 'request-queue', QUEUE_UNTRACKED);
  }

  takeId(): number {
    return this.nextId++;
  }
}

function emit(q: RequestQueue, op: 'submit' | 'complete', id: number, bio: Bio): void {
  const sim = q.sb.sim;
  if (!sim.trace.recording) return;
  sim.emit({
    t: sim.now,
    ctx: sim.currentId,
    type: 'bio',
    op,
    id,
    dir: bio.op,
    block: bio.block,
    offset: bio.offset,
    length: bio.length,
    fill: bio.fill,
    ino: bio.intendedFor.ino,
    by: bio.by,
  } satisfies BioEvent);
}

/** Footprint key of the tags in use. */
const TAGS = 'request-queue:tags';

export function* submit_bio(q: RequestQueue, bio: Bio): Sim<void> {
  yield 'submit_bio';
  const sim = q.sb.sim;
  yield* cpu(sim, q.cpuCosts.submit, 'submit_bio (CPU)');
  yield* wait_event(q.tagWait, () => q.inflight < q.params.queueDepth, 'blk_mq_get_tag (sleeping)');
  // The check is recorded here when it passes; one that fails sleeps, which the wait queue records.
  // Taking a tag while another stays free commutes with frees and with other such takes: in
  // either order every one of them finds a tag. Taking the last one decides who must sleep.
  countAccess(sim, TAGS, q.inflight + 1 < q.params.queueDepth);
  q.inflight++;
  const id = q.takeId();
  emit(q, 'submit', id, bio);
  const latencyUs = sampleServiceUs(sim, q.params.latency);
  sim.spawn('irq', `irq/blk#${id}`, complete_request(q, id, bio), { at: sim.now + latencyUs * 1000 });
}

function* complete_request(q: RequestQueue, id: number, bio: Bio): Sim<void> {
  const sb = q.sb;
  if (bio.op === 'write') {
    sb.writeBlock({ block: bio.block, offset: bio.offset, length: bio.length, intendedFor: bio.intendedFor, by: bio.by }, bio.fill);
  } else {
    sb.readBlock(bio.block, bio.offset, bio.length, bio.dest!.buffer, bio.dest!.offset);
  }
  countAccess(sb.sim, TAGS, true); // a free never takes anything from anyone
  q.inflight--;
  emit(q, 'complete', id, bio);
  wake_up_all(q.tagWait);
  yield* bio.end_io(bio);
}
