/**
 * i_dio_count: the counter of in-flight direct I/O on an inode (fs/inode.c, include/linux/fs.h).
 *
 * inode_dio_begin() increments it under the lock that also guards truncate; inode_dio_end()
 * decrements it from the completion context (worker or irq) and wakes waiters at zero;
 * inode_dio_wait() sleeps until it is zero. It is a drain, not a lock: nothing stops a new
 * begin unless the caller holds the submission lock — the rule every historic bug forgot.
 *
 * The model also remembers WHAT is in flight (a tag per begin: "kiocb w1 of app/1") so a
 * deadlock report can say whom an inode_dio_wait waits for; the kernel has only the number.
 */
import { clearOfZero, countAccess } from '../sim/footprint.js';
import type { Sim } from '../sim/sim.js';
import { WaitQueue, wait_event, wake_up_all } from '../sim/waitqueue.js';
import { InvariantError } from '../sim/errors.js';
import type { TraceEventBase } from '../sim/trace.js';
import type { Lockdep } from './lockdep.js';

export interface DioCountEvent extends TraceEventBase {
  readonly type: 'dio-count';
  readonly op: 'begin' | 'end' | 'wait' | 'waited';
  readonly name: string;
  readonly count: number;
}

/**
 * Footprints (footprint.ts): what anyone observes of the count is whether it is 0 (the wait, and
 * the wake at 0), so begins and ends clear of it commute (clearOfZero). The list of tags only
 * names things in reports.
 */
export class DioCount {
  count = 0;
  /** Tags of the I/Os counted, in begin order. */
  readonly inFlight: string[] = [];
  readonly wq: WaitQueue;
  /** Footprint key of the count. */
  readonly key: string;

  constructor(
    readonly lockdep: Lockdep,
    readonly name: string,
  ) {
    this.wq = new WaitQueue(lockdep.sim, `${name} to reach 0`, () => this.inFlight.map((t) => `${t} (in flight)`));
    this.key = lockdep.sim.footprints ? `dio-count:${name}` : '';
  }
}

/** The running step moved the count by `delta` (see the class doc). */
function changed(dio: DioCount, delta: number): void {
  countAccess(dio.lockdep.sim, dio.key, clearOfZero(dio.count - delta, dio.count));
}

/** The running step looked at whether the count is 0. */
function isZero(dio: DioCount): boolean {
  dio.lockdep.sim.access(dio.key, 'read');
  return dio.count === 0;
}

function emit(dio: DioCount, op: DioCountEvent['op']): void {
  const sim = dio.lockdep.sim;
  if (!sim.trace.recording) return;
  sim.emit({ t: sim.now, ctx: sim.current.id, type: 'dio-count', op, name: dio.name, count: dio.count } satisfies DioCountEvent);
}

export function* inode_dio_begin(dio: DioCount, tag: string): Sim<void> {
  yield 'inode_dio_begin';
  dio.count++;
  changed(dio, 1);
  dio.inFlight.push(tag);
  emit(dio, 'begin');
  // A begin while a drainer sleeps passes it by (the starvation oracle). The waiter list needs no
  // footprint of its own: the drainer's sleeping check read the count, which this begin changed.
  dio.lockdep.starvation.barged(dio.wq, dio.wq.what, dio.wq.waiters[0]);
}

export function* inode_dio_end(dio: DioCount, tag: string): Sim<void> {
  yield 'inode_dio_end';
  if (dio.count === 0) throw new InvariantError(`inode_dio_end(${dio.name}) with no I/O in flight (${tag})`);
  dio.count--;
  changed(dio, -1);
  const i = dio.inFlight.indexOf(tag);
  dio.inFlight.splice(Math.max(i, 0), 1);
  emit(dio, 'end');
  if (dio.count === 0) wake_up_all(dio.wq);
}

export function* inode_dio_wait(dio: DioCount): Sim<void> {
  yield 'inode_dio_wait';
  const sim = dio.lockdep.sim;
  dio.lockdep.mightSleep(sim.current, 'inode_dio_wait');
  if (isZero(dio)) return;
  emit(dio, 'wait');
  yield* wait_event(dio.wq, () => isZero(dio), 'inode_dio_wait (sleeping)');
  dio.lockdep.starvation.doneWaiting(sim.current);
  emit(dio, 'waited');
}
