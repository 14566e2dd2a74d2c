/**
 * struct rw_semaphore, modelled on kernel/locking/rwsem.c (the non-PREEMPT_RT implementation).
 *
 * State: who owns it (free, one writer, or readers: a sum type, so a writer and readers can never
 * hold it at once), a FIFO wait list, the handoff bit. The kernel packs these into one `count`
 * word; the model keeps them as fields and makes each operation atomic between two scheduling
 * points, which is what the word's atomics buy. Functions carry rwsem.c's names
 * (rwsem_read_trylock, rwsem_down_read_slowpath, rwsem_mark_wake, rwsem_try_write_lock, …), so a
 * grep from the kernel source lands here; where rwsem.c checks an invariant with
 * DEBUG_RWSEMS_WARN_ON after acquiring, the model asserts it (`rwsem_warn_on`).
 *
 * Rules that matter for what users see (each mirrors a function in rwsem.c):
 * - Read fast path (rwsem_read_trylock): succeeds only if no writer holds it, nobody waits
 *   and the handoff bit is clear. So a reader arriving while ANYONE is queued goes to the slow
 *   path: the writer bias that stops a stream of readers starving a writer.
 * - Read slow path: if other readers hold the lock, queue. If the lock is entirely free (a
 *   woken writer has not run yet) and no handoff is set, the reader steals it and grants the
 *   queued readers too ("reader optimistic lock stealing", 1a728dff855a). Otherwise queue.
 * - down_read_trylock fails whenever anyone is queued, even if only readers hold the lock —
 *   the property Jason Gunthorpe's 'try begin read' relies on.
 * - down_write_trylock / write fast path: only from completely unlocked with nobody queued.
 * - Wake-up (rwsem_mark_wake): a writer at the head is woken but NOT granted; it must win the
 *   lock itself when it runs, and a writer that just queued can take a free lock first. A
 *   reader at the head: every queued reader is granted, skipping queued writers, up to
 *   MAX_READERS_WAKEUP (256); readers are granted by the waker, before they run.
 * - downgrade_write: the writer becomes a reader and only readers at the head are woken.
 * - Handoff: a queued writer whose deadline has passed — `time_after(jiffies, timeout)` with
 *   timeout = jiffies at queuing + RWSEM_WAIT_TIMEOUT (DIV_ROUND_UP(HZ, 250) jiffies; strict,
 *   jiffy-granular: 4 to 5 ms at HZ=1000) — and still finds the lock busy sets the handoff bit;
 *   then nobody steals and the first waiter gets the lock next. Granting readers or emptying
 *   the queue clears it.
 * - *_non_owner: no lockdep tracking at all (include/linux/rwsem.h); the lock still works.
 *
 * Where the model departs from rwsem.c, and why:
 * - Optimistic spinning (OSQ) is off unless `kernel: { rwsem_spin: true }`. In the kernel a
 *   writer whose fast path fails may spin on a running owner, taking the lock without queuing
 *   (rwsem_try_write_lock_unqueued: past queued waiters, unless the handoff bit is set); while
 *   it spins it is not queued, so arriving readers still take the fast path. The model gives a
 *   writer a window of RWSEM_SPIN_STEPS scheduling points, whatever the owner does (the kernel
 *   stops early when the owner sleeps: a timing the model does not have), then it queues.
 *   Off, the writer queues at once; that only removes some writer steals, it never allows an
 *   order the kernel forbids.
 * - RT/DL tasks (which set handoff at once) and reader-side handoff when a writer steals are
 *   not modelled: there are no priorities, and writers only steal through the queue here.
 * - Interruptible/killable variants are not modelled (no signals).
 * - Misuse the kernel meets with DEBUG_RWSEMS_WARN_ON — up_read with no reader, up_write by a
 *   task that is not the owner — is reported by lockdep as bad-unlock here; the count never
 *   underflows (an up_read with no reader changes nothing).
 */
import { type Context, type Waitable, taskName } from '../sim/context.js';
import { shared } from '../sim/footprint.js';
import type { Sim } from '../sim/sim.js';
import { InvariantError, UserError } from '../sim/errors.js';
import type { Simulator } from '../sim/simulator.js';
import type { LockEvent, LockOp } from './events.js';
import { LD_WAIT_SLEEP, type LockClass, type LockInstance } from './lock-class.js';
import { checkAlive, lockWarn } from './simple-lock.js';

export { checkAlive };
import type { HandoffToken, Lockdep } from './lockdep.js';

/** RWSEM_WAIT_TIMEOUT in jiffies: DIV_ROUND_UP(HZ, 250), 4 jiffies (4 ms) at HZ=1000, 1 (10 ms) at HZ=100. */
export function rwsemWaitTimeout(hz: number): number {
  return Math.ceil(hz / 250);
}

/**
 * `jiffies` at virtual time `now`: ticks of 1/HZ s since the run began (the kernel's start
 * value, INITIAL_JIFFIES, only shifts the phase; the model starts at a tick).
 */
export function jiffiesAt(now: number, hz: number): number {
  return Math.floor(now / (1e9 / hz));
}

/** The rwsem handoff wait at the default HZ=1000, in ns (tests and docs). */
export const RWSEM_WAIT_TIMEOUT_NS = 4_000_000;
/** With kernel.rwsem_spin: how many scheduling points a writer spins before it queues (rwsem_optimistic_spin's window). */
export const RWSEM_SPIN_STEPS = 3;
export const MAX_READERS_WAKEUP = 256;

export interface RwsemWaiter {
  readonly ctx: Context;
  readonly type: 'read' | 'write';
  /** A reader's grant by the waker (the kernel clears waiter->task). */
  granted: boolean;
  /** waiter->timeout: the jiffy after which a writer may set the handoff bit. */
  readonly timeout: number;
  handoffSet: boolean;
  /** Whether lockdep tracks the hold once granted (false for down_read_non_owner). */
  readonly tracked: boolean;
}

/** Who holds the lock, for reports and the wait-for graph. The kernel does not track readers. */
export interface RwsemHolder {
  /** The context holding it, or null when nobody does in lockdep's sense (handed off, non-owner). */
  ctx: Context | null;
  note: string;
}

/** The writer's hold: the owner state of a write-held lock is the hold itself (one object per acquisition). */
export interface RwsemWriteOwned extends RwsemHolder {
  readonly kind: 'write';
}

/** The readers' holds (one or more). */
export interface RwsemReadOwned {
  readonly kind: 'read';
  readonly holders: RwsemHolder[];
}

/** Who owns the lock: nobody, one writer, or one or more readers — never a writer and readers. */
export type RwsemOwner = { readonly kind: 'free' } | RwsemWriteOwned | RwsemReadOwned;

const FREE: RwsemOwner = { kind: 'free' };
const NO_READERS: readonly RwsemHolder[] = [];

/** enum rwsem_wake_type: RWSEM_WAKE_ANY, RWSEM_WAKE_READERS, RWSEM_WAKE_READ_OWNED. */
type RwsemWakeType = 'any' | 'readers' | 'read-owned';

const RWSEM_UNTRACKED: ReadonlySet<keyof RwSemaphore> = new Set<keyof RwSemaphore>(['sim', 'lockdep', 'name', 'cls', 'className', 'unrecorded', 'waitInner']);

export class RwSemaphore implements LockInstance, Waitable {
  owner: RwsemOwner = FREE;
  /** The read-owned state, kept while free and reused: acquiring a free lock for read allocates nothing more. */
  readonly readOwned: RwsemReadOwned = { kind: 'read', holders: [] };
  readonly waiters: RwsemWaiter[] = [];
  handoff = false;
  freed = false;
  /** A sleeping lock: taken only where sleeping is allowed. */
  readonly waitInner = LD_WAIT_SLEEP;
  /** May be freed while locked (a fence whose writer was abandoned: locked forever, by design). */
  freeable = false;
  readonly sim: Simulator;
  /**
   * The lock itself, past its footprint wrapper: reads through it record nothing. Only for
   * assertions about the model's own state (rwsem_warn_on), which decide nothing a run does.
   */
  readonly unrecorded: RwSemaphore;

  constructor(
    readonly lockdep: Lockdep,
    readonly name: string,
    readonly cls: LockClass,
  ) {
    this.sim = lockdep.sim;
    this.unrecorded = this;
    return shared(this.sim, this, `lock:${name}`, RWSEM_UNTRACKED);
  }

  get className(): string {
    return this.cls.name;
  }

  /** The writer's hold, or null. */
  get writer(): RwsemHolder | null {
    const o = this.owner;
    return o.kind === 'write' ? o : null;
  }

  /** The readers' holds (none unless read-owned). */
  get readers(): readonly RwsemHolder[] {
    const o = this.owner;
    return o.kind === 'read' ? o.holders : NO_READERS;
  }

  isLocked(): boolean {
    return this.owner.kind !== 'free';
  }

  describeWait(waiter: Context): string {
    const w = this.waiters.find((x) => x.ctx === waiter);
    return `${this.name} for ${w?.type ?? 'write'}`;
  }

  blockers(waiter: Context): string[] {
    const names = [this.writer, ...this.readers].filter((h): h is RwsemHolder => h !== null).map(holderName);
    const me = this.waiters.findIndex((x) => x.ctx === waiter);
    // A queued reader also waits for every writer queued ahead of it (writer bias).
    if (this.waiters[me]?.type === 'read') {
      for (const w of this.waiters.slice(0, me)) if (w.type === 'write') names.push(`${taskName(w.ctx)} (queued writer)`);
    }
    if (names.length === 0 && me > 0) names.push(`${taskName(this.waiters[0]!.ctx)} (first waiter)`);
    return names;
  }
}

function holderName(h: RwsemHolder): string {
  return h.ctx ? taskName(h.ctx) : h.note;
}

/** Appends a lock event for `sem` (nothing when the trace is off). */
export function emit(sem: RwSemaphore, ctx: Context, op: LockOp, mode: 'read' | 'write'): void {
  if (!sem.sim.trace.recording) return;
  sem.sim.emit({ t: sem.sim.now, ctx: ctx.id, type: 'lock', op, lock: sem.name, mode } satisfies LockEvent);
}

/** DEBUG_RWSEMS_WARN_ON: the model's own state broke a rule rwsem.c checks (a bug in aiosim). */
function rwsem_warn_on(broken: boolean, sem: RwSemaphore, what: string): void {
  // The message is built only when it fails: this runs on every lock operation.
  if (broken) throw new InvariantError(`DEBUG_RWSEMS_WARN_ON(${what}) on ${sem.name}`);
}

/** rwsem_set_reader_owned: one more reader hold. */
function addReader(sem: RwSemaphore, ctx: Context, tracked: boolean): void {
  const hold: RwsemHolder = { ctx: tracked ? ctx : null, note: `non-owner reader (taken by ${taskName(ctx)})` };
  addReadHold(sem, hold);
}

function addReadHold(sem: RwSemaphore, hold: RwsemHolder): void {
  const o = sem.owner;
  rwsem_warn_on(o.kind === 'write', sem, 'reader added while write-owned');
  if (o.kind === 'read') {
    o.holders.push(hold);
    return;
  }
  const read = sem.readOwned;
  read.holders.push(hold);
  sem.owner = read;
}

/** rwsem_set_owner: the writer now owns it. */
function setWriter(sem: RwSemaphore, ctx: Context | null, note = ''): void {
  rwsem_warn_on(sem.owner.kind !== 'free', sem, 'writer set on a held lock');
  sem.owner = { kind: 'write', ctx, note };
}

/** rwsem_mark_wake(): called with the lock not writer-held; wakes or grants waiters at the head. */
function rwsem_mark_wake(sem: RwSemaphore, type: RwsemWakeType): void {
  const first = sem.waiters[0];
  if (!first) return;
  if (first.type === 'write') {
    // Woken, not granted: it must still win the lock when it runs.
    if (type === 'any') sem.sim.wake(first.ctx);
    return;
  }
  if (type !== 'read-owned' && sem.writer) return;
  rwsem_warn_on(sem.writer !== null, sem, 'readers granted while write-owned');
  let woken = 0;
  for (let i = 0; i < sem.waiters.length && woken < MAX_READERS_WAKEUP; ) {
    const w = sem.waiters[i]!;
    if (w.type === 'write') {
      i++;
      continue;
    }
    sem.waiters.splice(i, 1);
    w.granted = true;
    addReader(sem, w.ctx, w.tracked);
    emit(sem, w.ctx, 'grant', 'read');
    sem.sim.wake(w.ctx);
    woken++;
  }
  if (woken > 0 || sem.waiters.length === 0) sem.handoff = false;
}

/** rwsem_cond_wake_waiter(): after queuing, wake whoever can go if the lock is not writer-held. */
function rwsem_cond_wake_waiter(sem: RwSemaphore): void {
  if (sem.writer) return;
  rwsem_mark_wake(sem, sem.readers.length > 0 ? 'readers' : 'any');
}

/** rwsem_read_trylock's test: no writer, nobody queued, no handoff. */
function rwsem_read_trylock(sem: RwSemaphore): boolean {
  return !sem.writer && sem.waiters.length === 0 && !sem.handoff;
}

function* __down_read_common(sem: RwSemaphore, at: string, tracked: boolean, subclass = 0): Sim<void> {
  yield at;
  const sim = sem.sim;
  const ctx = sim.current;
  checkAlive(sem, sim, at);
  sem.lockdep.mightSleep(ctx, at);
  if (tracked) sem.lockdep.acquire(ctx, sem, 'read', at, { subclass });
  if (rwsem_read_trylock(sem)) {
    addReader(sem, ctx, tracked);
    emit(sem, ctx, 'acquire', 'read');
    return;
  }
  const waiter = rwsem_down_read_slowpath(sem, ctx, tracked);
  // The slow path's sleep, here rather than in a generator of its own: every resumption of a
  // sleeping reader passes through each frame on the way down (one frame is cheaper).
  if (waiter) {
    while (!waiter.granted) {
      sim.block(sem, `${sem.name} for read`);
      yield `${at} (sleeping)`;
    }
    emit(sem, ctx, 'acquire', 'read');
  }
  if (sem.writer) readerNotOwnedWarn(sem, ctx, at);
}

/**
 * __down_read_common's DEBUG_RWSEMS_WARN_ON(!is_rwsem_reader_owned(sem)) after the slow path.
 * The kernel checks the count's writer bits and the owner's READER_OWNED flag, not who holds it:
 * readers are counted anonymously, so an up_read from the wrong context (a naive completion)
 * takes away someone else's count silently — lockdep reports that release. The check fires only
 * when a writer got the lock meanwhile. Simplified: the model looks at a writer holding it now;
 * a writer that took and released it before this reader ran (flag cleared) is not seen.
 */
function readerNotOwnedWarn(sem: RwSemaphore, ctx: Context, at: string): void {
  lockWarn(sem.sim, 'DEBUG_RWSEMS_WARN_ON(!is_rwsem_reader_owned(sem))', `${taskName(ctx)} ${at} woke as a reader of ${sem.name}, which a writer holds`, {
    context: taskName(ctx),
    lock: sem.name,
    text: [
      '------------[ cut here ]------------',
      `DEBUG_RWSEMS_WARN_ON(!is_rwsem_reader_owned(sem)): count = 0x1, magic = 0x0000000000000000, owner = 0x0, curr 0x0000000000000000, list ${sem.waiters.length ? 'not ' : ''}empty`,
      `WARNING: kernel/locking/rwsem.c at __down_read_common+0x0/0x0, CPU#0: ${taskName(ctx)}`,
    ].join('\n'),
  });
}

/** rwsem_down_read_slowpath() up to its sleep: steals a free lock (null), or queues and returns the waiter. */
function rwsem_down_read_slowpath(sem: RwSemaphore, ctx: Context, tracked: boolean): RwsemWaiter | null {
  const sim = sem.sim;
  const otherReaders = sem.readers.length > 0;
  // Stealing is refused when other readers hold it (anti-starvation for a sleeping writer).
  if (!otherReaders && !sem.writer && !sem.handoff) {
    addReader(sem, ctx, tracked);
    emit(sem, ctx, 'steal', 'read');
    if (sem.waiters.length > 0) rwsem_mark_wake(sem, 'read-owned');
    return null;
  }
  sim.accessClock(); // the handoff timeout
  const waiter: RwsemWaiter = { ctx, type: 'read', granted: false, timeout: waiterTimeout(sem), handoffSet: false, tracked };
  sem.waiters.push(waiter);
  emit(sem, ctx, 'contend', 'read');
  rwsem_cond_wake_waiter(sem);
  return waiter;
}

/** rwsem_try_write_lock(): a queued writer's attempt; true if it now holds the lock. */
function rwsem_try_write_lock(sem: RwSemaphore, waiter: RwsemWaiter): boolean {
  const first = sem.waiters[0]!;
  if (sem.handoff && first.handoffSet && waiter !== first) return false;
  if (sem.isLocked()) {
    const hz = sem.lockdep.kernel.hz;
    sem.sim.accessClock();
    // The deadline can pass as soon as RWSEM_WAIT_TIMEOUT jiffies after queuing (queued at the end of a tick).
    sem.sim.clockCompared(rwsemWaitTimeout(hz) * (1e9 / hz));
    if (sem.handoff || !(jiffiesAt(sem.sim.now, hz) > waiter.timeout)) return false;
    sem.handoff = true;
    first.handoffSet = true;
    emit(sem, waiter.ctx, 'handoff-bit', 'write');
    return false;
  }
  sem.waiters.splice(sem.waiters.indexOf(waiter), 1);
  sem.handoff = false;
  setWriter(sem, waiter.ctx);
  return true;
}

/** jiffies + RWSEM_WAIT_TIMEOUT, as rwsem_add_waiter sets waiter->timeout. */
function waiterTimeout(sem: RwSemaphore): number {
  const hz = sem.lockdep.kernel.hz;
  return jiffiesAt(sem.sim.now, hz) + rwsemWaitTimeout(hz);
}

/** rwsem_try_write_lock_unqueued(): a spinning writer takes a lock nobody holds, past queued waiters, unless handoff reserves it. */
function rwsem_try_write_lock_unqueued(sem: RwSemaphore): boolean {
  return !sem.isLocked() && !sem.handoff;
}

/** rwsem_write_trylock's test: completely unlocked, nobody queued, no handoff. */
function rwsem_write_trylock(sem: RwSemaphore): boolean {
  return !sem.isLocked() && sem.waiters.length === 0 && !sem.handoff;
}

function* __down_write_common(sem: RwSemaphore, at: string, subclass: number): Sim<void> {
  yield at;
  const sim = sem.sim;
  const ctx = sim.current;
  checkAlive(sem, sim, at);
  sem.lockdep.mightSleep(ctx, at);
  sem.lockdep.acquire(ctx, sem, 'write', at, { subclass });
  if (rwsem_write_trylock(sem)) {
    setWriter(sem, ctx);
    emit(sem, ctx, 'acquire', 'write');
    return;
  }
  if (sem.lockdep.kernel.rwsem_spin) {
    // rwsem_optimistic_spin(): not queued, so readers still get in meanwhile.
    let spins = 0;
    while (!rwsem_try_write_lock_unqueued(sem)) {
      if (spins++ === RWSEM_SPIN_STEPS) break;
      yield `${at} (spinning)`;
    }
    if (spins <= RWSEM_SPIN_STEPS) {
      setWriter(sem, ctx);
      emit(sem, ctx, 'acquire', 'write');
      return;
    }
  }
  const waiter = rwsem_down_write_slowpath(sem, ctx);
  // The slow path's sleep: each wake-up retries rwsem_try_write_lock (one generator frame, as for readers).
  while (!rwsem_try_write_lock(sem, waiter)) {
    sim.block(sem, `${sem.name} for write`);
    yield `${at} (sleeping)`;
  }
  emit(sem, ctx, 'acquire', 'write');
  rwsem_warn_on(sem.unrecorded.writer?.ctx !== ctx, sem, 'rwsem_owner(sem) != current');
}

/** rwsem_down_write_slowpath() up to its first attempt: queues the writer and returns its waiter. */
function rwsem_down_write_slowpath(sem: RwSemaphore, ctx: Context): RwsemWaiter {
  const sim = sem.sim;
  sim.accessClock(); // the handoff timeout
  const waiter: RwsemWaiter = { ctx, type: 'write', granted: false, timeout: waiterTimeout(sem), handoffSet: false, tracked: true };
  sem.waiters.push(waiter);
  emit(sem, ctx, 'contend', 'write');
  if (sem.waiters[0] !== waiter) rwsem_cond_wake_waiter(sem);
  return waiter;
}

export function down_read(sem: RwSemaphore): Sim<void> {
  return __down_read_common(sem, 'down_read', true);
}

/** down_read with a lockdep nesting subclass. */
export function down_read_nested(sem: RwSemaphore, subclass: number): Sim<void> {
  return __down_read_common(sem, 'down_read_nested', true, subclass);
}

/** Takes the read side without lockdep tracking; pair with up_read_non_owner from any context. */
export function down_read_non_owner(sem: RwSemaphore): Sim<void> {
  return __down_read_common(sem, 'down_read_non_owner', false);
}

export function down_write(sem: RwSemaphore): Sim<void> {
  return __down_write_common(sem, 'down_write', 0);
}

/** down_write with a lockdep nesting subclass (e.g. lock_two_nondirectories). */
export function down_write_nested(sem: RwSemaphore, subclass: number): Sim<void> {
  return __down_write_common(sem, 'down_write_nested', subclass);
}

/** Fails whenever a writer holds it or anyone is queued (even if only readers hold it). */
export function* down_read_trylock(sem: RwSemaphore): Sim<boolean> {
  yield 'down_read_trylock';
  const ctx = sem.sim.current;
  checkAlive(sem, sem.sim, 'down_read_trylock');
  if (sem.writer || sem.waiters.length > 0 || sem.handoff) {
    emit(sem, ctx, 'trylock-fail', 'read');
    return false;
  }
  sem.lockdep.acquire(ctx, sem, 'read', 'down_read_trylock', { trylock: true });
  addReader(sem, ctx, true);
  emit(sem, ctx, 'acquire', 'read');
  return true;
}

/** Succeeds only from completely unlocked with nobody queued. */
export function* down_write_trylock(sem: RwSemaphore): Sim<boolean> {
  yield 'down_write_trylock';
  const ctx = sem.sim.current;
  checkAlive(sem, sem.sim, 'down_write_trylock');
  if (!rwsem_write_trylock(sem)) {
    emit(sem, ctx, 'trylock-fail', 'write');
    return false;
  }
  sem.lockdep.acquire(ctx, sem, 'write', 'down_write_trylock', { trylock: true });
  setWriter(sem, ctx);
  emit(sem, ctx, 'acquire', 'write');
  return true;
}

/** Removes one reader hold: this context's if it has one, else an untracked one, else any. */
function removeReader(sem: RwSemaphore, ctx: Context): void {
  const o = sem.owner;
  if (o.kind !== 'read') return;
  let i = o.holders.findIndex((h) => h.ctx === ctx);
  if (i < 0) i = o.holders.findIndex((h) => h.ctx === null);
  o.holders.splice(Math.max(i, 0), 1);
  if (o.holders.length === 0) sem.owner = FREE;
}

function* __up_read(sem: RwSemaphore, at: string, tracked: boolean): Sim<void> {
  yield at;
  const ctx = sem.sim.current;
  checkAlive(sem, sem.sim, at);
  if (tracked) sem.lockdep.release(ctx, sem, at);
  if (sem.readers.length === 0) {
    // The count would underflow: rwsem.c's own DEBUG_RWSEMS_WARN_ON (lockdep never saw an untracked hold).
    if (!tracked) {
      lockWarn(sem.sim, 'DEBUG_RWSEMS_WARN_ON(tmp < 0)', `${taskName(ctx)} ${at} on ${sem.name}, which no reader holds: the count would underflow`, {
        context: taskName(ctx),
        lock: sem.name,
        text: [
          '------------[ cut here ]------------',
          `DEBUG_RWSEMS_WARN_ON(tmp < 0): count = 0xffffffffffffff00, magic = 0x0000000000000000, owner = 0x1, curr 0x0000000000000000, list ${sem.waiters.length ? 'not ' : ''}empty`,
          `WARNING: kernel/locking/rwsem.c:1346 at __up_read+0x0/0x0, CPU#0: ${taskName(ctx)}`,
        ].join('\n'),
      });
    }
    return;
  }
  removeReader(sem, ctx);
  emit(sem, ctx, 'release', 'read');
  if (sem.readers.length === 0 && sem.waiters.length > 0) rwsem_mark_wake(sem, 'any');
}

export function up_read(sem: RwSemaphore): Sim<void> {
  return __up_read(sem, 'up_read', true);
}

/** Releases a read hold taken with down_read_non_owner, from any context. */
export function up_read_non_owner(sem: RwSemaphore): Sim<void> {
  return __up_read(sem, 'up_read_non_owner', false);
}

export function* up_write(sem: RwSemaphore): Sim<void> {
  yield 'up_write';
  const ctx = sem.sim.current;
  checkAlive(sem, sem.sim, 'up_write');
  sem.lockdep.release(ctx, sem, 'up_write');
  if (!sem.writer) return;
  sem.owner = FREE;
  emit(sem, ctx, 'release', 'write');
  if (sem.waiters.length > 0) rwsem_mark_wake(sem, 'any');
}

/** Converts the write hold into a read hold; wakes only readers at the head of the queue. */
export function* downgrade_write(sem: RwSemaphore): Sim<void> {
  yield 'downgrade_write';
  const ctx = sem.sim.current;
  checkAlive(sem, sem.sim, 'downgrade_write');
  sem.lockdep.downgrade(ctx, sem, 'downgrade_write');
  const owner = sem.writer;
  if (!owner) return;
  sem.owner = FREE;
  addReadHold(sem, { ctx: owner.ctx, note: owner.note });
  emit(sem, ctx, 'downgrade', 'read');
  if (sem.waiters.length > 0) rwsem_mark_wake(sem, 'read-owned');
}

/**
 * Lockdep hand-off, first half: the current context stops holding `sem` in lockdep's sense
 * while the lock stays locked (hch: rwsem_release at -EIOCBQUEUED; Jason: 'exit reader').
 */
export function rwsem_exit_hold(sem: RwSemaphore, at = 'rwsem_exit_hold'): HandoffToken {
  const ctx = sem.sim.current;
  const token = sem.lockdep.exitHold(ctx, sem, at);
  const holder = sem.writer?.ctx === ctx ? sem.writer : sem.readers.find((h) => h.ctx === ctx);
  if (holder) {
    holder.ctx = null;
    holder.note = `in flight (handed off by ${taskName(ctx)})`;
  }
  emit(sem, ctx, 'handoff-exit', token.mode);
  return token;
}

/** Lockdep hand-off, second half: the current context takes over a handed-off hold. */
export function rwsem_reenter_hold(sem: RwSemaphore, token: HandoffToken, at = 'rwsem_reenter_hold'): void {
  if (token.used || token.lock !== sem) throw new UserError(`hand-off token for ${token.lock.name} re-entered twice or on ${sem.name}`);
  token.used = true;
  const ctx = sem.sim.current;
  sem.lockdep.reenterHold(ctx, token, at);
  const holder = (token.mode === 'write' ? [sem.writer] : sem.readers).find((h) => h !== null && h.ctx === null);
  if (holder) holder.ctx = ctx;
  emit(sem, ctx, 'handoff-enter', token.mode);
}

/**
 * The raw lockdep annotations hch's RFC used from the completion (rwsem_acquire /
 * rwsem_acquire_read): unlike a hand-off they record IRQ usage, so from a hard-irq completion
 * they produce the "inconsistent lock state" warning he reported.
 */
export function rwsem_acquire_annotation(sem: RwSemaphore, mode: 'read' | 'write'): void {
  const ctx = sem.sim.current;
  sem.lockdep.acquireAnnotation(ctx, sem, mode, mode === 'read' ? 'rwsem_acquire_read' : 'rwsem_acquire');
  const holder = (mode === 'write' ? [sem.writer] : sem.readers).find((h) => h !== null && h.ctx === null);
  if (holder) holder.ctx = ctx;
}
