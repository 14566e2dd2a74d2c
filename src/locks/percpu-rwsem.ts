/**
 * struct percpu_rw_semaphore, modelled on kernel/locking/percpu-rwsem.c and
 * include/linux/percpu-rwsem.h (the 2020 rewrite without an embedded rwsem: `block`, an
 * rcuwait for the writer, and one FIFO wait queue). The superblock's freeze protection
 * (`sb->s_writers.rw_sem[]`) is made of these.
 *
 * Rules that matter for what users see (each mirrors a function of the kernel's):
 * - Read fast path (percpu_down_read): while rcu_sync is idle (no writer has entered), a reader
 *   only increments its CPU's read_count. No barrier, no shared state, no waiting.
 * - Read slow path (__percpu_down_read_trylock): once a writer entered rcu_sync, a reader
 *   increments read_count and looks at `block`; if a writer holds or claims the lock it undoes
 *   the increment, wakes the writer (which may be waiting for read_count to drain) and sleeps
 *   on `waiters` (percpu_rwsem_wait). So readers block while a writer holds or waits: the
 *   writer preference.
 * - Writer (percpu_down_write): rcu_sync_enter (new readers now take the slow path; the first
 *   writer waits a grace period), then `block` is claimed (atomic_xchg: writer-writer exclusion;
 *   a second writer queues), then the writer waits in its rcuwait until the sum of read_count
 *   is zero (readers_active_check).
 * - percpu_up_write: clear `block`, wake the queue (__wake_up with nr_exclusive 1 and
 *   percpu_rwsem_wake_function: entries are taken in FIFO order, each woken entry's trylock is
 *   done by the waker on its behalf, readers keep being woken until one writer is woken or a
 *   trylock fails), then rcu_sync_exit.
 * - Lockdep sees one map for the whole object (sem->dep_map): read acquisitions are
 *   rwsem_acquire_read, the writer's rwsem_acquire. percpu_rwsem_release() and
 *   percpu_rwsem_acquire() touch only lockdep: the freeze-protection hand-offs use them.
 *
 * Where the model simplifies, and why it is safe:
 * - No per-CPU counters: `readCount` is their sum. Only the sum ever decides anything
 *   (readers_active_check); which CPU a reader ran on does not.
 * - No RCU grace-period timing: rcu_sync is a count of writers inside it (gp_count). The fast
 *   path is one atomic step here, so once rcu_sync_enter ran no reader can still be inside a
 *   fast path that saw it idle: the grace period has nothing left to wait for. rcu_sync_enter
 *   keeps a scheduling point (`synchronize_rcu`) so readers may take the slow path with `block`
 *   still clear, as they may in the kernel during the grace period. rcu_sync_exit makes the
 *   state idle at once; the kernel waits another grace period first, during which readers still
 *   take the slow path and succeed (no order the model forbids).
 * - The fast path takes no scheduling point of its own, and emits no trace event: in the kernel
 *   it runs with preemption disabled, and without a writer nothing can tell when it ran. It
 *   joins the step of the code before it. Lockdep still sees every acquisition. The slow path
 *   (a writer is about) yields and emits lock events.
 * - percpu_up_read never sleeps and never yields (it may run in interrupt context: the AIO
 *   completion calls it, which is what e6b1a44eccfc was about). Its per-CPU decrement being
 *   irq-safe is assumed (the fix), not modelled.
 * - Footprints: fast-path readers touch `<key>.rss` (read) and `<key>.count` (add), so two
 *   readers commute, and conflict with any writer, which touches both exclusively.
 */
import { type Context, type Waitable, taskName } from '../sim/context.js';
import { shared } from '../sim/footprint.js';
import type { Sim } from '../sim/sim.js';
import { InvariantError } from '../sim/errors.js';
import type { Simulator } from '../sim/simulator.js';
import type { LockEvent, LockOp } from './events.js';
import { LD_WAIT_SLEEP, type LockClass, type LockInstance } from './lock-class.js';
import type { HandoffToken, Lockdep } from './lockdep.js';
import { checkAlive } from './simple-lock.js';

/** A queued entry of sem->waiters (WQ_FLAG_EXCLUSIVE, with WQ_FLAG_CUSTOM for readers). */
export interface PercpuWaiter {
  readonly ctx: Context;
  readonly reader: boolean;
  /** wq_entry->private cleared: the waker's trylock succeeded for it. */
  granted: boolean;
}

/** One hold, for reports and the wait-for graph (the kernel does not track readers). */
export interface PercpuHolder {
  /** The holding context, or null once handed off (percpu_rwsem_release). */
  ctx: Context | null;
  note: string;
  /** Whether its acquisition was traced (slow path): only then is its release. */
  readonly traced: boolean;
}

const PERCPU_UNTRACKED: ReadonlySet<keyof PercpuRwSemaphore> = new Set<keyof PercpuRwSemaphore>([
  'sim',
  'lockdep',
  'name',
  'cls',
  'className',
  'waitInner',
  'freeable',
  'rssKey',
  'countKey',
  // Recorded by the operations themselves, more precisely than per field.
  'gpCount',
  'readCount',
  'readers',
]);

export class PercpuRwSemaphore implements LockInstance, Waitable {
  /** rcu_sync's gp_count: writers between rcu_sync_enter and rcu_sync_exit. Zero: idle, readers take the fast path. */
  gpCount = 0;
  /** The sum of the per-CPU read_count. */
  readCount = 0;
  /** sem->block: a writer holds the lock, or was granted it. */
  block = false;
  /** sem->waiters, FIFO. */
  readonly waiters: PercpuWaiter[] = [];
  /** sem->writer, the rcuwait: the writer waiting for readCount to reach zero. */
  rcuwait: Context | null = null;
  /** The writer's hold once it owns the lock. */
  writer: PercpuHolder | null = null;
  readonly readers: PercpuHolder[] = [];
  freed = false;
  readonly freeable = false;
  readonly waitInner = LD_WAIT_SLEEP;
  readonly sim: Simulator;
  readonly rssKey: string;
  readonly countKey: string;

  constructor(
    readonly lockdep: Lockdep,
    readonly name: string,
    readonly cls: LockClass,
  ) {
    this.sim = lockdep.sim;
    this.rssKey = this.sim.footprints ? `lock:${name}.rss` : '';
    this.countKey = this.sim.footprints ? `lock:${name}.count` : '';
    return shared(this.sim, this, `lock:${name}`, PERCPU_UNTRACKED);
  }

  get className(): string {
    return this.cls.name;
  }

  isLocked(): boolean {
    return this.block || this.readCount > 0;
  }

  describeWait(waiter: Context): string {
    const w = this.waiters.find((x) => x.ctx === waiter);
    return `${this.name} for ${w && !w.reader ? 'write' : w ? 'read' : 'write (readers to drain)'}`;
  }

  blockers(waiter: Context): string[] {
    // The writer waits for every reader; a queued reader or writer for the writer and whoever is queued ahead.
    if (this.rcuwait === waiter) return this.readers.map(holderName).sort();
    const names = this.writer ? [holderName(this.writer)] : [];
    const me = this.waiters.findIndex((x) => x.ctx === waiter);
    for (const w of this.waiters.slice(0, me)) if (!w.reader) names.push(`${taskName(w.ctx)} (queued writer)`);
    return names;
  }
}

function holderName(h: PercpuHolder): string {
  return h.ctx ? taskName(h.ctx) : h.note;
}

function emit(sem: PercpuRwSemaphore, ctx: Context, op: LockOp, mode: 'read' | 'write'): void {
  if (!sem.sim.trace.recording) return;
  sem.sim.emit({ t: sem.sim.now, ctx: ctx.id, type: 'lock', op, lock: sem.name, mode } satisfies LockEvent);
}

/** The model's own state broke a rule the kernel relies on (a bug in aiosim). */
function percpu_warn_on(broken: boolean, sem: PercpuRwSemaphore, what: string): void {
  if (broken) throw new InvariantError(`WARN_ON(${what}) on ${sem.name}`);
}

/** Everything a slow-path or writer step touches: the whole object. */
function accessAll(sem: PercpuRwSemaphore): void {
  const sim = sem.sim;
  if (!sim.footprints) return;
  sim.access(sem.rssKey);
  sim.access(sem.countKey);
  sim.access(`lock:${sem.name}`);
}

/** rcu_sync_is_idle(): no writer inside rcu_sync, readers may use the fast path. */
function rcu_sync_is_idle(sem: PercpuRwSemaphore): boolean {
  if (sem.sim.footprints) sem.sim.access(sem.rssKey, 'read');
  return sem.gpCount === 0;
}

function addReader(sem: PercpuRwSemaphore, ctx: Context, traced: boolean): void {
  sem.readCount++;
  sem.readers.push({ ctx, note: '', traced });
}

/** this_cpu_inc(*sem->read_count) on the fast path: commutes with every other fast-path reader. */
function fastInc(sem: PercpuRwSemaphore, ctx: Context): void {
  if (sem.sim.footprints) sem.sim.access(sem.countKey, 'add');
  addReader(sem, ctx, false);
}

/** __percpu_down_read_trylock(): inc, look at block, undo and wake the writer if it is set. */
function __percpu_down_read_trylock(sem: PercpuRwSemaphore): boolean {
  if (!sem.block) return true;
  // The undone increment: rcuwait_wake_up(&sem->writer), since the writer may be counting.
  if (sem.rcuwait) sem.sim.wake(sem.rcuwait);
  return false;
}

/** __percpu_down_write_trylock(): atomic_xchg(&sem->block, 1) == 0. */
function __percpu_down_write_trylock(sem: PercpuRwSemaphore): boolean {
  if (sem.block) return false;
  sem.block = true;
  return true;
}

/** percpu_down_read(). */
export function* percpu_down_read(sem: PercpuRwSemaphore, at = 'percpu_down_read'): Sim<void> {
  const sim = sem.sim;
  const ctx = sim.current;
  checkAlive(sem, sim, at);
  sem.lockdep.mightSleep(ctx, at);
  sem.lockdep.acquire(ctx, sem, 'read', at);
  if (rcu_sync_is_idle(sem)) return fastInc(sem, ctx);
  // __percpu_down_read(): a writer is about; from here on the kernel may be preempted.
  yield at;
  accessAll(sem);
  if (__percpu_down_read_trylock(sem)) {
    addReader(sem, ctx, true);
    emit(sem, ctx, 'acquire', 'read');
    return;
  }
  const waiter: PercpuWaiter = { ctx, reader: true, granted: false };
  sem.waiters.push(waiter);
  emit(sem, ctx, 'contend', 'read');
  while (!waiter.granted) {
    sim.block(sem, `${sem.name} for read`);
    yield `${at} (sleeping)`;
  }
  emit(sem, ctx, 'acquire', 'read');
}

/** percpu_down_read_trylock(): never sleeps; fails while a writer holds or claims the lock. */
export function percpu_down_read_trylock(sem: PercpuRwSemaphore, at = 'percpu_down_read_trylock'): boolean {
  const ctx = sem.sim.current;
  checkAlive(sem, sem.sim, at);
  if (rcu_sync_is_idle(sem)) fastInc(sem, ctx);
  else {
    accessAll(sem);
    if (!__percpu_down_read_trylock(sem)) {
      emit(sem, ctx, 'trylock-fail', 'read');
      return false;
    }
    addReader(sem, ctx, true);
    emit(sem, ctx, 'acquire', 'read');
  }
  sem.lockdep.acquire(ctx, sem, 'read', at, { trylock: true });
  return true;
}

/** Removes one reader hold: this context's if it has one, else a handed-off one. */
function removeReader(sem: PercpuRwSemaphore, ctx: Context): PercpuHolder | null {
  let i = sem.readers.findIndex((h) => h.ctx === ctx);
  if (i < 0) i = sem.readers.findIndex((h) => h.ctx === null);
  if (i < 0) return null;
  const [h] = sem.readers.splice(i, 1);
  sem.readCount--;
  return h!;
}

/** percpu_up_read(): never sleeps (interrupt context may call it), takes no scheduling point. */
export function percpu_up_read(sem: PercpuRwSemaphore, at = 'percpu_up_read'): void {
  const ctx = sem.sim.current;
  checkAlive(sem, sem.sim, at);
  sem.lockdep.release(ctx, sem, at);
  percpu_warn_on(sem.readCount === 0, sem, 'percpu_up_read without a reader');
  if (rcu_sync_is_idle(sem)) {
    if (sem.sim.footprints) sem.sim.access(sem.countKey, 'add');
    const h = removeReader(sem, ctx);
    if (h?.traced) emit(sem, ctx, 'release', 'read');
    return;
  }
  accessAll(sem);
  removeReader(sem, ctx);
  emit(sem, ctx, 'release', 'read');
  // rcuwait_wake_up(&sem->writer): it re-checks readers_active_check.
  if (sem.rcuwait) sem.sim.wake(sem.rcuwait);
}

/** percpu_down_write(). */
export function* percpu_down_write(sem: PercpuRwSemaphore, at = 'percpu_down_write'): Sim<void> {
  yield at;
  const sim = sem.sim;
  const ctx = sim.current;
  checkAlive(sem, sim, at);
  sem.lockdep.mightSleep(ctx, at);
  sem.lockdep.acquire(ctx, sem, 'write', at);
  // rcu_sync_enter(): readers take the slow path from now on; the first writer waits a grace period.
  accessAll(sem);
  if (sem.gpCount++ === 0) yield 'synchronize_rcu';
  accessAll(sem);
  if (!__percpu_down_write_trylock(sem)) {
    const waiter: PercpuWaiter = { ctx, reader: false, granted: false };
    sem.waiters.push(waiter);
    emit(sem, ctx, 'contend', 'write');
    while (!waiter.granted) {
      sim.block(sem, `${sem.name} for write`);
      yield `${at} (sleeping)`;
    }
  }
  // rcuwait_wait_event(&sem->writer, readers_active_check(sem)): block is ours, readers drain.
  while (sem.readCount > 0) {
    sem.rcuwait = ctx;
    emit(sem, ctx, 'contend', 'write');
    sim.block(sem, `${sem.name} (readers to drain)`);
    yield `${at} (sleeping)`;
    accessAll(sem);
  }
  sem.rcuwait = null;
  percpu_warn_on(sem.writer !== null, sem, 'two writers');
  sem.writer = { ctx, note: '', traced: true };
  emit(sem, ctx, 'acquire', 'write');
}

/**
 * percpu_rwsem_wake_function() for the head entry: the waker's trylock on its behalf. Returns
 * whether to go on waking: a failed trylock stops, a woken writer stops (it is the one
 * exclusive wake-up), readers do not count.
 */
function percpu_rwsem_wake_function(sem: PercpuRwSemaphore, w: PercpuWaiter): boolean {
  if (w.reader ? !__percpu_down_read_trylock(sem) : !__percpu_down_write_trylock(sem)) return false;
  sem.waiters.shift();
  if (w.reader) {
    addReader(sem, w.ctx, true);
    emit(sem, w.ctx, 'grant', 'read');
  }
  w.granted = true;
  sem.sim.wake(w.ctx);
  return w.reader;
}

/** percpu_up_write(). */
export function* percpu_up_write(sem: PercpuRwSemaphore, at = 'percpu_up_write'): Sim<void> {
  yield at;
  const ctx = sem.sim.current;
  checkAlive(sem, sem.sim, at);
  sem.lockdep.release(ctx, sem, at);
  accessAll(sem);
  percpu_warn_on(!sem.block || !sem.writer, sem, 'percpu_up_write without the writer');
  sem.writer = null;
  sem.block = false;
  emit(sem, ctx, 'release', 'write');
  // __wake_up(&sem->waiters, TASK_NORMAL, 1, sem)
  while (sem.waiters.length > 0 && percpu_rwsem_wake_function(sem, sem.waiters[0]!));
  // rcu_sync_exit(): idle again once the last writer left (the kernel waits a grace period first).
  sem.gpCount--;
}

/**
 * percpu_rwsem_release(): lockdep forgets the current context's hold; the lock stays held
 * (__sb_writers_release, lockdep_sb_freeze_release). The model's form is a hand-off token.
 */
export function percpu_rwsem_release(sem: PercpuRwSemaphore, at = 'percpu_rwsem_release'): HandoffToken {
  const ctx = sem.sim.current;
  const token = sem.lockdep.exitHold(ctx, sem, at);
  const holder = sem.writer?.ctx === ctx ? sem.writer : sem.readers.find((h) => h.ctx === ctx);
  if (holder) {
    holder.ctx = null;
    holder.note = `in flight (released to lockdep by ${taskName(ctx)})`;
  }
  if (sem.sim.trace.recording && (holder?.traced ?? false)) emit(sem, ctx, 'handoff-exit', token.mode);
  return token;
}

/**
 * percpu_rwsem_acquire(): lockdep sees the current context hold it again (__sb_writers_acquired,
 * lockdep_sb_freeze_acquire). The kernel's is a trylock-style lock_acquire, which adds no
 * dependency; the model re-enters the hand-off, which also records no irq usage (the kernel's
 * does: from a hard-irq AIO completion that is the "out of spec" use PeterZ named).
 */
export function percpu_rwsem_acquire(sem: PercpuRwSemaphore, token: HandoffToken, at = 'percpu_rwsem_acquire'): void {
  if (token.used || token.lock !== sem) throw new InvariantError(`hand-off token for ${token.lock.name} re-entered twice or on ${sem.name}`);
  token.used = true;
  const ctx = sem.sim.current;
  sem.lockdep.reenterHold(ctx, token, at);
  const holder = token.mode === 'write' ? sem.writer : sem.readers.find((h) => h.ctx === null);
  if (holder) holder.ctx = ctx;
  if (sem.sim.trace.recording && (holder?.traced ?? false)) emit(sem, ctx, 'handoff-enter', token.mode);
}
