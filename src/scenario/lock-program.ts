/**
 * Lock programs: a scenario's `locks:` become kernel lock objects, and a task's lock ops run as
 * the kernel API calls they name (lock-api.ts), in a kernel thread — no syscall, no return to
 * user space, so lockdep checks at its exit that it holds nothing (debug_check_no_locks_held).
 *
 * Interrupts. A `hardirq:` or `softirq:` block runs its ops as an interrupt of the task, in the
 * task's own context as the kernel does (`current` is the interrupted task and the handler's
 * locks go on its held-lock stack, in another irq context). An interrupt is raised where it is
 * written, or with `any: true` by a context of its own (`<task>/hardirq`) whenever the scheduler
 * runs it from that point on; it is delivered at the task's next op boundary where it can be:
 * a hard irq once hard interrupts are enabled, a softirq once softirqs are too and no interrupt
 * is running (local_bh_enable and irq exit run pending softirqs in the kernel). One raised after
 * the task has ended runs in its own context, interrupting nobody.
 *
 * The fenced-object pattern (locks/object-api.ts): `fence`, `atomic` and `completion` objects,
 * and `queue_work` blocks that run their ops later in a kworker of their own. A reader's
 * hand-off is `fence_exit_reader` in the task and `fence_reenter_reader` in the block that
 * ends its work (tokens queue per fence, oldest first); an atomic reference moves to the
 * kworker of a `queue_work` block that drops it. A failed `fence_try_begin_read` or
 * `atomic_inc_not_zero` makes the task skip its later ops on that object up to its hand-off
 * (a block naming it is not queued or raised) or its end (`fence_end_reader`,
 * `atomic_dec_and_test`): the kernel's `if (!try(obj)) return -ENODEV;`.
 */
import { type IrqFlags, local_bh_disable, local_bh_enable, local_irq_disable, local_irq_enable, local_irq_restore, local_irq_save } from '../locks/irqflags.js';
import { type LockTypeName, lockApi } from '../locks/lock-api.js';
import { lockClass } from '../locks/lock-class.js';
import type { Lockdep } from '../locks/lockdep.js';
import { kfree } from '../locks/kfree.js';
import { rcuOp } from '../locks/rcu.js';
import { Mutex, mutex_lock, mutex_lock_nested, mutex_trylock, mutex_unlock } from '../locks/mutex.js';
import { RwLock, rwlock_lock, rwlock_trylock, rwlock_unlock } from '../locks/rwlock.js';
import {
  RwSemaphore,
  down_read,
  down_read_nested,
  down_read_non_owner,
  down_read_trylock,
  down_write,
  down_write_nested,
  down_write_trylock,
  downgrade_write,
  up_read,
  up_read_non_owner,
  up_write,
} from '../locks/rwsem.js';
import { SpinLock, spin_lock, spin_trylock, spin_unlock } from '../locks/spinlock.js';
import { Atomic, atomic_dec_and_test, atomic_inc, atomic_inc_not_zero, objectAlive } from '../locks/atomic.js';
import { Completion, complete, wait_for_completion } from '../locks/completion.js';
import { Fence, abandonWriter, beginWrite, endReader, exitReader, reenterReader, tryBeginRead } from '../locks/fence.js';
import type { HandoffToken } from '../locks/lockdep.js';
import { checkAlive, emitLock, lockWarn } from '../locks/simple-lock.js';
import { shared } from '../sim/footprint.js';
import { queue_work } from '../sim/workqueue.js';
import { type Context, taskName } from '../sim/context.js';
import { inInterrupt } from '../sim/irq-state.js';
import type { Sim } from '../sim/sim.js';
import type { Simulator } from '../sim/simulator.js';
import type { InterruptOp, KernelOp, LockCallOp, LockDecl, LockProgramOp, ScenarioOp, WorkOp } from './schema.js';

export type ProgramLock = RwSemaphore | Mutex | SpinLock | RwLock | FenceObject | Atomic | Completion;

/** A fence and the readers handed off from it, oldest first (fence_exit_reader → fence_reenter_reader). */
export class FenceObject {
  readonly fence: Fence;
  readonly tokens: HandoffToken[] = [];

  constructor(lockdep: Lockdep, name: string, cls: ReturnType<typeof lockClass>) {
    this.fence = new Fence(lockdep, name, cls);
    return shared(lockdep.sim, this, lockdep.sim.footprints ? `handoff:${name}` : '', FENCE_UNTRACKED);
  }
}
/** The fence never changes (its rwsem records its own accesses); the token queue is recorded. */
const FENCE_UNTRACKED: ReadonlySet<keyof FenceObject> = new Set<keyof FenceObject>(['fence']);

/** The scenario's named locks; instances sharing `class:` share a lockdep class. */
export function createLocks(
  lockdep: Lockdep,
  decls: readonly LockDecl[],
  tasks: readonly { readonly ops: readonly ScenarioOp[] }[] = [],
): ReadonlyMap<string, ProgramLock> {
  const classes = new Map<string, ReturnType<typeof lockClass>>();
  const locks = new Map<string, ProgramLock>();
  const completions = new Map<string, Atomic[]>();
  for (const d of decls) {
    const name = d.class ?? d.name;
    let cls = classes.get(name);
    if (!cls) classes.set(name, (cls = lockClass(name)));
    if (d.type === 'completion') {
      const counts: Atomic[] = [];
      completions.set(d.name, counts);
      // Who the waiter waits for: the holders of the references whose last put completes it.
      locks.set(d.name, new Completion(lockdep, d.name, () => counts.flatMap((a) => a.refs)));
    } else if (d.type === 'atomic') locks.set(d.name, new Atomic(lockdep, d.name, d.value ?? 0));
    else locks.set(d.name, newLock(lockdep, d.type, d.name, cls));
  }
  // `atomic_dec_and_test … complete: done` ties a count to the completion its last put fires (validated).
  const link = (op: ScenarioOp | KernelOp): void => {
    if (op.op === 'atomic_dec_and_test' && 'complete' in op && op.complete) {
      const a = locks.get(op.lock) as Atomic;
      const c = locks.get(op.complete) as Completion;
      a.completion = c;
      const counts = completions.get(op.complete)!;
      if (!counts.includes(a)) counts.push(a);
    }
    if ('ops' in op) for (const inner of op.ops) link(inner);
  };
  for (const t of tasks) for (const op of t.ops) link(op);
  return locks;
}

function newLock(lockdep: Lockdep, type: Exclude<LockTypeName, 'atomic' | 'completion'>, name: string, cls: ReturnType<typeof lockClass>): ProgramLock {
  switch (type) {
    case 'fence':
      return new FenceObject(lockdep, name, cls);
    case 'rwsem':
      return new RwSemaphore(lockdep, name, cls);
    case 'mutex':
      return new Mutex(lockdep, name, cls);
    case 'spinlock':
      return new SpinLock(lockdep, name, cls);
    case 'raw_spinlock':
      return new SpinLock(lockdep, name, cls, true);
    case 'rwlock':
      return new RwLock(lockdep, name, cls);
  }
}

/** One task's lock-program state: saved irq flags, interrupts raised and not yet delivered. */
export interface ProgramTask {
  readonly name: string;
  readonly ctx: Context;
  readonly sim: Simulator;
  readonly lockdep: Lockdep;
  readonly locks: ReadonlyMap<string, ProgramLock>;
  /** local_irq_save() flags, innermost last; spin_lock_irqsave() flags per lock. */
  readonly irqSaves: IrqFlags[];
  readonly lockSaves: Map<string, IrqFlags[]>;
  readonly pending: InterruptOp[];
  /** Objects whose try failed: the ops on them are skipped up to the hand-off or the end (object-api.ts). */
  readonly declined: Set<string>;
  ended: boolean;
  raised: number;
  works: number;
}

export function programTask(sim: Simulator, lockdep: Lockdep, locks: ReadonlyMap<string, ProgramLock>, name: string, ctx: Context): ProgramTask {
  // What lockdep prints as the caller of the lock API (`at:`): the task's body, as a kthread's function.
  ctx.caller = `${name.replace(/[^A-Za-z0-9_]/g, '_')}_body`;
  return { name, ctx, sim, lockdep, locks, irqSaves: [], lockSaves: new Map(), pending: [], declined: new Set(), ended: false, raised: 0, works: 0 };
}

const pendingKey = (t: ProgramTask): string => `irq-pending:${t.name}`;

/** Runs one lock-program op of the task, then delivers what interrupts it can. */
export function* runProgramOp(t: ProgramTask, op: LockProgramOp): Sim<void> {
  if (t.declined.size > 0 && skipDeclined(t, op)) return;
  if (op.op === 'queue_work') {
    yield 'queue_work';
    queueWork(t, op);
  } else if (isInterrupt(op)) {
    if (op.any) raiseAnywhere(t, op);
    else {
      yield `raise ${op.op}`;
      t.sim.access(pendingKey(t));
      t.pending.push(op);
    }
  } else {
    yield* runKernelOp(t, op);
  }
  yield* deliverInterrupts(t);
}

/** After a failed try: the reader returns -ENODEV, so its ops on that object do not happen (see the header). */
function skipDeclined(t: ProgramTask, op: LockProgramOp): boolean {
  if ('ops' in op) {
    const named = op.ops.filter((inner) => 'lock' in inner && t.declined.has(inner.lock)).map((inner) => (inner as LockCallOp).lock);
    for (const name of named) t.declined.delete(name);
    return named.length > 0;
  }
  if (!('lock' in op) || !t.declined.has(op.lock)) return false;
  if (op.op === 'fence_end_reader' || op.op === 'atomic_dec_and_test') t.declined.delete(op.lock);
  return true;
}

/** queue_work(): the block runs later in a kworker of its own; references it drops move there now. */
function queueWork(t: ProgramTask, op: WorkOp): void {
  t.works++;
  const name = `${t.name}-work${t.works > 1 ? t.works : ''}`;
  const sim = t.sim;
  const worker = queue_work(sim, name, runWork(t, op, name));
  const from = taskName(t.ctx);
  for (const inner of op.ops) {
    if (inner.op !== 'atomic_dec_and_test') continue;
    const a = t.locks.get(inner.lock) as Atomic;
    const i = a.refs.indexOf(from);
    if (i < 0) continue;
    a.refs[i] = taskName(worker);
    // Traced as the hand-off it is: the reference leaves the task now and the kworker drops it.
    emitLock(sim, a.name, t.ctx, 'handoff-exit', 'read');
  }
}

function* runWork(parent: ProgramTask, op: WorkOp, name: string): Sim<void> {
  const own = programTask(parent.sim, parent.lockdep, parent.locks, `kworker/${name}`, parent.sim.current);
  for (const inner of op.ops) if (inner.op === 'atomic_dec_and_test') emitLock(own.sim, inner.lock, own.ctx, 'handoff-enter', 'read');
  for (const inner of op.ops) {
    if (own.declined.size > 0 && skipDeclined(own, inner)) continue;
    yield* runKernelOp(own, inner);
  }
}

function isInterrupt(op: LockProgramOp): op is InterruptOp {
  return op.op === 'hardirq' || op.op === 'softirq';
}

/** The task's last op is done: interrupts still pending run now if they can, then lockdep's exit check. */
export function* endProgramTask(t: ProgramTask): Sim<void> {
  yield* deliverInterrupts(t);
  t.ended = true;
  t.lockdep.checkNoLocksHeld(t.ctx);
}

/** `any: true`: a context of its own raises the interrupt whenever the scheduler picks it. */
function raiseAnywhere(t: ProgramTask, op: InterruptOp): void {
  const kind = op.op === 'hardirq' ? 'irq' : 'timer';
  const sim = t.sim;
  t.raised++;
  sim.spawn(
    kind,
    `${t.name}/${op.op}${t.raised > 1 ? t.raised : ''}`,
    (function* (): Sim<void> {
      sim.access(pendingKey(t));
      if (!t.ended) {
        t.pending.push(op);
        return;
      }
      // The task is gone: the handler runs on an idle CPU, interrupting nobody.
      yield `${op.op} handler`;
      const own = programTask(sim, t.lockdep, t.locks, `${t.name}/${op.op}`, sim.current);
      sim.current.caller = handlerName(t, op);
      for (const inner of op.ops) yield* runKernelOp(own, inner);
    })(),
  );
}

/** The handler's function name lockdep prints as the caller of its lock calls. */
function handlerName(t: ProgramTask, irq: InterruptOp): string {
  return `${t.name.replace(/[^A-Za-z0-9_]/g, '_')}_${irq.op === 'hardirq' ? 'irq_handler' : 'softirq_action'}`;
}

/** Delivers the raised interrupts the task's irq state lets in, oldest first. */
function* deliverInterrupts(t: ProgramTask): Sim<void> {
  if (t.sim.footprints) t.sim.access(pendingKey(t), 'read');
  for (let i = 0; i < t.pending.length; ) {
    const irq = t.pending[i]!;
    if (!deliverable(t.ctx, irq.op)) {
      i++;
      continue;
    }
    t.sim.access(pendingKey(t));
    t.pending.splice(i, 1);
    yield* runInterrupt(t, irq);
    i = 0;
  }
}

function deliverable(ctx: Context, kind: 'hardirq' | 'softirq'): boolean {
  const s = ctx.irq;
  if (!s.hardirqsEnabled || s.hardirqContext > 0) return false;
  return kind === 'hardirq' || (s.softirqsEnabled && !inInterrupt(s));
}

/** irq_enter … handler … irq_exit (or __do_softirq), on the interrupted task's context. */
function* runInterrupt(t: ProgramTask, irq: InterruptOp): Sim<void> {
  const { ctx, lockdep } = t;
  const s = ctx.irq;
  yield `${irq.op} (interrupting ${t.name})`;
  const threaded = s.hardirqThreaded;
  const caller = ctx.caller;
  ctx.caller = handlerName(t, irq);
  if (irq.op === 'hardirq') {
    lockdep.hardirqsOff(ctx, 'asm_common_interrupt');
    s.hardirqContext++;
    s.hardirqThreaded = irq.threaded ?? true;
  } else {
    lockdep.softirqsOff(ctx, 'handle_softirqs');
    s.softirqContext++;
  }
  for (const op of irq.ops) yield* runKernelOp(t, op);
  ctx.caller = caller;
  if (irq.op === 'hardirq') {
    s.hardirqContext--;
    s.hardirqThreaded = threaded;
    lockdep.hardirqsOn(ctx, 'irqentry_exit');
  } else {
    s.softirqContext--;
    if (s.bhDisabled === 0) lockdep.softirqsOn(ctx, 'handle_softirqs');
  }
}

function* runKernelOp(t: ProgramTask, op: KernelOp): Sim<void> {
  const { ctx, lockdep } = t;
  switch (op.op) {
    case 'local_irq_disable':
      yield op.op;
      return local_irq_disable(lockdep, ctx);
    case 'local_irq_enable':
      yield op.op;
      return local_irq_enable(lockdep, ctx);
    case 'local_irq_save':
      yield op.op;
      t.irqSaves.push(local_irq_save(lockdep, ctx));
      return;
    case 'local_irq_restore':
      yield op.op;
      return local_irq_restore(lockdep, ctx, t.irqSaves.pop() ?? { hardirqsEnabled: true });
    case 'local_bh_disable':
      yield op.op;
      return local_bh_disable(lockdep, ctx);
    case 'local_bh_enable':
      yield op.op;
      return local_bh_enable(lockdep, ctx);
    case 'kfree': {
      yield op.op;
      const lock = t.locks.get(op.lock)!;
      if (lock instanceof Atomic || lock instanceof Completion) {
        lock.freed = true;
        return;
      }
      return kfree(lockdep, op.lock, [lock instanceof FenceObject ? lock.fence.sem : lock]);
    }
    case 'rcu_read_lock':
    case 'rcu_read_unlock':
    case 'rcu_read_lock_bh':
    case 'rcu_read_unlock_bh':
    case 'rcu_read_lock_sched':
    case 'rcu_read_unlock_sched':
      yield op.op;
      return rcuOp(lockdep, ctx, op.op);
    default:
      yield* lockCall(t, op);
  }
}

/** A lock API call on a declared lock (validation made sure the lock has the op's type). */
function* lockCall(t: ProgramTask, op: LockCallOp): Sim<void> {
  if (!op.retry) return void (yield* lockCallOnce(t, op));
  // while (!trylock(&l)) cpu_relax(); — the context keeps running: two of these that wait for
  // each other's lock are a livelock, which only the step limit ends.
  while (!(yield* lockCallOnce(t, op))) yield 'cpu_relax';
}

/** One call: false only for a trylock that failed (the others return nothing, or lock flags). */
function* lockCallOnce(t: ProgramTask, op: LockCallOp): Sim<boolean> {
  return (yield* lockCallBody(t, op)) !== false;
}

function* lockCallBody(t: ProgramTask, op: LockCallOp): Sim<unknown> {
  const lock = t.locks.get(op.lock)!;
  const api = lockApi(op.op);
  if (lock instanceof FenceObject || lock instanceof Atomic || lock instanceof Completion) return yield* objectCall(t, lock, op);
  if (lock instanceof RwSemaphore) return yield* rwsemCall(lock, op);
  if (lock instanceof Mutex) {
    if (op.op === 'mutex_unlock') return yield* mutex_unlock(lock);
    if (op.op === 'mutex_trylock') return yield* mutex_trylock(lock);
    return yield* api.nested ? mutex_lock_nested(lock, op.subclass ?? 0) : mutex_lock(lock);
  }
  // spin_lock_irqsave's flags, restored by the matching unlock.
  const saves = t.lockSaves.get(op.lock) ?? [];
  t.lockSaves.set(op.lock, saves);
  if (api.action === 'trylock') return yield* lock instanceof SpinLock ? spin_trylock(lock) : rwlock_trylock(lock, api.mode);
  if (api.action === 'lock') {
    const flags = yield* lock instanceof SpinLock ? spin_lock(lock, api.irq, api.nested ? (op.subclass ?? 0) : 0) : rwlock_lock(lock, api.mode, api.irq);
    if (api.irq === 'irqsave') saves.push(flags!);
    return;
  }
  const flags = api.irq === 'irqsave' ? (saves.pop() ?? null) : null;
  return yield* lock instanceof SpinLock ? spin_unlock(lock, api.irq, flags) : rwlock_unlock(lock, api.mode, api.irq, flags);
}

function* rwsemCall(sem: RwSemaphore, op: LockCallOp): Sim<unknown> {
  const sub = op.subclass ?? 0;
  switch (op.op) {
    case 'down_read':
      return yield* down_read(sem);
    case 'down_read_nested':
      return yield* down_read_nested(sem, sub);
    case 'down_read_non_owner':
      return yield* down_read_non_owner(sem);
    case 'down_read_trylock':
      return yield* down_read_trylock(sem);
    case 'down_write':
      return yield* down_write(sem);
    case 'down_write_nested':
      return yield* down_write_nested(sem, sub);
    case 'down_write_trylock':
      return yield* down_write_trylock(sem);
    case 'downgrade_write':
      return yield* downgrade_write(sem);
    case 'up_read':
      return yield* up_read(sem);
    case 'up_read_non_owner':
      return yield* up_read_non_owner(sem);
    default:
      return yield* up_write(sem);
  }
}

/** The fenced-object ops (locks/object-api.ts) on a fence, a count or a completion. */
function* objectCall(t: ProgramTask, obj: FenceObject | Atomic | Completion, op: LockCallOp): Sim<void> {
  if (obj instanceof FenceObject) {
    const f = obj.fence;
    switch (op.op) {
      case 'fence_try_begin_read':
        if (!(yield* tryBeginRead(f))) t.declined.add(op.lock);
        return;
      case 'fence_exit_reader':
        yield op.op;
        checkAlive(f.sem, t.sim, op.op);
        obj.tokens.push(exitReader(f));
        return;
      case 'fence_reenter_reader': {
        yield op.op;
        checkAlive(f.sem, t.sim, op.op);
        // Nothing handed off (a program without fence_exit_reader): nothing to take over, and the
        // fence_end_reader that follows is an unbalanced up_read, which lockdep reports.
        const token = obj.tokens.shift();
        if (token) reenterReader(f, token);
        return;
      }
      case 'fence_end_reader':
        return yield* endReader(f);
      case 'fence_begin_write':
        return yield* beginWrite(f);
      default:
        if (f.sem.writer?.ctx !== t.ctx) {
          // fence.ts throws for a scheme's misuse; a program's is a warning, as the kernel's DEBUG_RWSEMS_WARN_ON would be.
          yield op.op;
          return lockWarn(t.sim, 'fence_abandon_writer', `${taskName(t.ctx)} abandons ${op.lock} without holding its writer side`, {
            context: taskName(t.ctx),
            lock: op.lock,
          });
        }
        return yield* abandonWriter(f);
    }
  }
  if (obj instanceof Atomic) {
    if (op.op === 'atomic_inc') return yield* atomic_inc(obj);
    if (op.op === 'atomic_inc_not_zero') {
      if (!(yield* atomic_inc_not_zero(obj))) t.declined.add(op.lock);
      return;
    }
    if ((yield* atomic_dec_and_test(obj)) && op.complete) yield* completeObject(t, t.locks.get(op.complete) as Completion);
    return;
  }
  if (op.op === 'complete') return yield* completeObject(t, obj);
  yield* wait_for_completion(obj, () => objectAlive(t.lockdep, obj, 'wait_for_completion'));
  t.lockdep.starvation.doneWaiting(t.ctx);
}

function* completeObject(t: ProgramTask, c: Completion): Sim<void> {
  yield* complete(c, () => objectAlive(t.lockdep, c, 'complete'));
}
