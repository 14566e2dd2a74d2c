/**
 * lockdep: the runtime locking correctness validator, following kernel/locking/lockdep.c
 * function by function (Documentation/locking/lockdep-design.rst explains the rules).
 *
 * Per context it keeps the held-lock stack (`current->held_locks`, one entry per acquisition
 * with its read type, trylock flag, irq context and irq state); per lock class the accumulated
 * usage bits (lock-usage.ts) and the dependency graph (lockdep-graph.ts). An acquisition goes
 * through __lock_acquire's steps in the kernel's order:
 *   1. check_wait_context — "[ BUG: Invalid wait context ]" (a mutex under a spinlock, a
 *      spinlock_t under a raw_spinlock_t), trylocks exempt;
 *   2. mark_usage — IN-HARDIRQ/IN-SOFTIRQ bits unless a trylock, HARDIRQ-ON/SOFTIRQ-ON bits
 *      when taken with them enabled; each new bit is checked against the class's own usage
 *      ("inconsistent lock state") and its dependencies ("possible irq lock inversion");
 *   3. validate_chain, once per new chain of held classes (the chain cache): check_deadlock
 *      ("possible recursive locking", read-after-read of a recursive reader allowed), then
 *      check_prevs_add: a dependency from the nearest non-trylock held lock of the same irq
 *      context (and the trylocks above it) — check_noncircular ("possible circular locking
 *      dependency") and check_irq_usage ("HARDIRQ-safe -> HARDIRQ-unsafe lock order").
 * Enabling interrupts marks every held lock (mark_held_locks). Releasing a lock that is not
 * innermost re-acquires the ones above it (reacquire_held_locks), as the kernel does. Other
 * checks: lock_release of a lock this context (this irq context) does not hold ("bad unlock
 * balance"), returning to user space with locks held, a task exiting with locks held
 * (debug_check_no_locks_held), freeing memory with a held lock of the current task in it
 * (debug_check_no_locks_freed), a work function returning with locks held (process_one_work),
 * and might_sleep() in atomic context (__might_resched).
 *
 * Hand-off (what the RFC needs and Jason Gunthorpe's primitive provides): `exitHold` removes a
 * lock from the current stack while it stays locked and returns a token; `reenterHold(token)`
 * puts it on another context's stack. The re-entry is a transfer, not an acquisition: no
 * dependencies, no usage. The raw annotations hch's RFC used (`acquireAnnotation` =
 * rwsem_acquire from the completion) are full acquisitions, minus might_sleep — hence the
 * warning he reported from a hard-irq completion.
 *
 * Beyond the kernel (an aiosim verdict of its own, `freed-while-held`, not lockdep's text):
 * `checkFree` also reports a lock freed while another context or a handed-off I/O holds it —
 * lockdep checks only the freeing task's own stack.
 *
 * Simplifications (also in docs/locks.md): classes are keyed by name; one CPU per context;
 * by default every distinct problem is reported once and the run goes on (`kernel.lockdep:
 * first` stops at the first report, as debug_locks_off() does); no nest_lock, no
 * lock_set_class, no LOCK_STAT; the dependency graph is not part of dfs footprints (it only
 * grows, and which order added an edge does not change what is reachable).
 */
import { StarvationWatch } from './starvation.js';
import { type Context, type HeldLock, isAtomicContext, taskName } from '../sim/context.js';
import { inInterrupt, irqContextOf } from '../sim/irq-state.js';
import type { Simulator } from '../sim/simulator.js';
import type { LockdepSubkind } from '../sim/verdict.js';
import { LD_WAIT_CONFIG, LD_WAIT_MAX, LD_WAIT_SPIN, type LockInstance } from './lock-class.js';
import { type BfsEntry, type LockTrace, type LockdepClass, bfs, calcDep, calcDepb, pathTo, rootOf, rootbOf } from './lockdep-graph.js';
import {
  LOCK_ENABLED_HARDIRQ,
  LOCK_ENABLED_SOFTIRQ,
  LOCK_USAGE_DIR_MASK,
  LOCK_USAGE_READ_MASK,
  LOCK_USED,
  LOCK_USED_IN_HARDIRQ,
  LOCK_USED_IN_SOFTIRQ,
  LOCK_USED_READ,
  LOCKF_ENABLED_IRQ_ALL,
  LOCKF_IRQ,
  LOCKF_USED_IN_IRQ_ALL,
  exclusiveBit,
  exclusiveMask,
  findExclusiveMatch,
  lockFlag,
  originalMask,
  stateName,
  usageChars,
  usageStr,
} from './lock-usage.js';
import {
  type ChainLink,
  HARDWARE_NAME,
  KERNEL_RELEASE,
  KERNEL_TAINT,
  PREEMPT_MODEL,
  REPORT_FRAMES,
  type SplatPrinter,
  badIrqDependencySplat,
  badUnlockSplat,
  circularSplat,
  heldAtExitSplat,
  heldFreedSplat,
  inconsistentSplat,
  invalidWaitContextSplat,
  irqInversionSplat,
  recursiveSplat,
  sleepInAtomicSplat,
  userReturnSplat,
  workqueueLeakSplat,
} from './splat.js';

export type LockMode = 'read' | 'write';

export interface AcquireOptions {
  /** Took it with a trylock: no dependency into it, no in-irq usage, no wait-context check. */
  readonly trylock?: boolean;
  /** Nesting subclass (down_write_nested); a different subclass is a different class. */
  readonly subclass?: number;
  /** hlock->read for a read acquisition: 1 (default) non-recursive, 2 recursive (rwlock_t readers in interrupts). */
  readonly read?: 1 | 2;
  /** check = 0: held and counted for the wait context, but not validated (rcu_read_lock). */
  readonly unchecked?: boolean;
}

/** A lock held across a hand-off between contexts (exit reader → re-enter reader). */
export interface HandoffToken {
  readonly lock: LockInstance;
  readonly mode: LockMode;
  readonly read: 0 | 1 | 2;
  readonly subclass: number;
  /** Context that exited the hold. */
  readonly from: string;
  used: boolean;
}

/** Lockdep's reporting policy: `all` reports each distinct problem once; `first` turns lockdep off after the first (debug_locks_off). */
export type LockdepReporting = 'all' | 'first';

function classKey(lock: LockInstance, subclass: number): string {
  return subclass ? `${lock.className}/${subclass}` : lock.className;
}

export class Lockdep {
  /** CONFIG_PROVE_LOCKING: when false nothing is tracked (benchmarks of the bare lock). */
  enabled = true;
  /** debug_locks: cleared by the first report when reporting is `first`. */
  private debugLocks = true;
  readonly reporting: LockdepReporting;
  private readonly classes = new Map<string, LockdepClass>();
  /** The chain cache (lookup_chain_cache_add): chains of held classes already validated. */
  private readonly chains = new Set<string>();
  private readonly reported = new Set<string>();
  private readonly tokens = new Set<HandoffToken>();
  private readonly addresses = new Map<LockInstance, number>();
  /** Not lockdep's: the starvation oracle the locks feed (starvation.ts), carried here because every lock can reach it. */
  readonly starvation: StarvationWatch;

  constructor(
    readonly sim: Simulator,
    /** The kernel configuration the locks of this world follow (locking.ts). */
    readonly kernel: {
      readonly hz: number;
      readonly rwsem_spin: boolean;
      readonly lockdep: LockdepReporting;
      /** The selftests' force_read_lock_recursive: every rwlock_t reader is recursive (read_lock_is_recursive()). */
      readonly force_read_lock_recursive?: boolean;
    },
  ) {
    this.reporting = kernel.lockdep;
    this.starvation = new StarvationWatch(sim);
    sim.onUserReturn.push((ctx, syscall) => this.checkUserReturn(ctx, syscall));
    sim.onWorkDone.push((ctx, depth, workfn) => this.checkWorkLeak(ctx, depth, workfn));
  }

  private get on(): boolean {
    return this.enabled && this.debugLocks;
  }

  // ---- acquisition -------------------------------------------------------------------------

  /** might_sleep(): a sleeping primitive called where sleeping is not allowed. */
  mightSleep(ctx: Context, at: string): void {
    if (!this.on || !isAtomicContext(ctx)) return;
    const s = ctx.irq;
    const hardirq = ctx.kind === 'irq' || s.hardirqContext > 0;
    const softirq = ctx.kind === 'timer' || s.softirqContext > 0 || s.bhDisabled > 0;
    const count = (hardirq ? 0x10000 : 0) + (softirq ? 0x100 : 0) + s.preemptCount;
    this.report(
      'sleep-in-atomic',
      `${ctx.name}:${at}`,
      ctx,
      `${taskName(ctx)} (${describeContext(ctx)}) called ${at}, which may sleep`,
      (p) => sleepInAtomicSplat(p, at, hardirq || softirq || s.preemptCount > 0, !s.hardirqsEnabled, `0x${count.toString(16).padStart(8, '0')}`),
      { context: taskName(ctx), call: at },
    );
  }

  /** lock_acquire(): the checks of __lock_acquire, then the lock goes on the held stack. */
  acquire(ctx: Context, lock: LockInstance, mode: LockMode, at: string, options: AcquireOptions = {}): void {
    if (!this.on) return;
    const next: HeldLock = {
      lock,
      mode,
      read: mode === 'write' ? 0 : (options.read ?? 1),
      at,
      subclass: options.subclass ?? 0,
      trylock: options.trylock ?? false,
      irqContext: irqContextOf(ctx.irq),
      hardirqsOff: !ctx.irq.hardirqsEnabled,
      ...(options.unchecked ? { unchecked: true as const } : {}),
      ...(ctx.caller ? { caller: ctx.caller } : {}),
    };
    this.lockAcquire(ctx, next);
    ctx.held.push(next);
  }

  /** lock_acquire() from an annotation only (rwsem_acquire in a completion): every check, no might_sleep. */
  acquireAnnotation(ctx: Context, lock: LockInstance, mode: LockMode, at: string): void {
    this.acquire(ctx, lock, mode, at);
  }

  /** __lock_acquire for `next` on top of `ctx.held` (also used to re-acquire after a release). */
  private lockAcquire(ctx: Context, next: HeldLock): void {
    this.addressOf(next.lock as LockInstance);
    this.checkWaitContext(ctx, next);
    this.markUsage(ctx, next);
    if (next.trylock || next.unchecked) return;
    const first = this.chainStart(ctx, next.irqContext);
    const chain = `${next.irqContext}|${[...ctx.held.slice(first), next].map((h) => `${this.keyOf(h)}:${h.read}`).join(',')}`;
    if (this.chains.has(chain)) return;
    this.chains.add(chain);
    if (!this.checkDeadlock(ctx, next)) return;
    if (first < ctx.held.length) this.checkPrevsAdd(ctx, next);
  }

  /** Index of the first held lock of the current irq context (a chain never crosses one). */
  private chainStart(ctx: Context, irqContext: number): number {
    let i = ctx.held.length;
    while (i > 0 && ctx.held[i - 1]!.irqContext === irqContext) i--;
    return i;
  }

  /** check_wait_context(): the lock must be allowed to wait where it is taken. */
  private checkWaitContext(ctx: Context, next: HeldLock): void {
    const lock = next.lock as LockInstance;
    const inner = lock.waitInner;
    if (!inner || next.trylock) return;
    const outer = lock.waitOuter || inner;
    let curr = taskWaitContext(ctx);
    for (let i = this.chainStart(ctx, next.irqContext); i < ctx.held.length; i++) {
      const prevInner = (ctx.held[i]!.lock as LockInstance).waitInner;
      if (prevInner) curr = Math.min(curr, prevInner);
    }
    if (outer <= curr) return;
    this.report(
      'invalid-wait-context',
      `${this.keyOf(next)}:${curr}`,
      ctx,
      `${taskName(ctx)} takes ${lock.name} (wait type ${outer}) where only wait type ${curr} is allowed (${describeContext(ctx)}${ctx.held.length ? `, holding ${ctx.held.map((h) => h.lock.name).join(', ')}` : ''})`,
      (p) => invalidWaitContextSplat(p, next, curr),
      { context: taskName(ctx), lock: lock.name },
    );
  }

  /** mark_usage(): the usage bits this acquisition sets. */
  private markUsage(ctx: Context, h: HeldLock): void {
    const s = ctx.irq;
    const read = h.read ? LOCK_USAGE_READ_MASK : 0;
    if (h.unchecked) {
      this.markLock(ctx, h, h.read ? LOCK_USED_READ : LOCK_USED);
      return;
    }
    if (!h.trylock) {
      if (s.hardirqContext > 0) this.markLock(ctx, h, LOCK_USED_IN_HARDIRQ + read);
      if (s.softirqContext > 0) this.markLock(ctx, h, LOCK_USED_IN_SOFTIRQ + read);
    }
    if (!h.hardirqsOff) {
      this.markLock(ctx, h, LOCK_ENABLED_HARDIRQ + read);
      if (s.softirqsEnabled) this.markLock(ctx, h, LOCK_ENABLED_SOFTIRQ + read);
    }
    this.markLock(ctx, h, h.read ? LOCK_USED_READ : LOCK_USED);
  }

  /** mark_lock() and mark_lock_irq(): sets a usage bit; a new irq bit is validated. */
  private markLock(ctx: Context, h: HeldLock, bit: number, via: MarkVia = 'acquire'): void {
    const cls = this.classOf(h);
    if (cls.usage & lockFlag(bit)) return;
    cls.usage |= lockFlag(bit);
    cls.usageTraces.set(bit, this.traceOf(ctx, h.at, via));
    if (bit >= LOCK_USED) return;
    const excl = exclusiveBit(bit);
    const read = bit & LOCK_USAGE_READ_MASK;
    if (!this.validState(ctx, h, cls, bit, excl)) return;
    if (!read && !this.validState(ctx, h, cls, bit, excl | LOCK_USAGE_READ_MASK)) return;
    // ENABLED looks backwards for an irq-safe lock that leads here; USED_IN looks forwards for an irq-unsafe one.
    const forwards = !(bit & LOCK_USAGE_DIR_MASK);
    const mask = lockFlag(excl) | lockFlag(excl | LOCK_USAGE_READ_MASK);
    const root = forwards ? rootOf(cls, h.read) : rootbOf(cls, h.read);
    const found = bfs(root, forwards ? 'after' : 'before', (e) => usageMatch(e, mask));
    if (!found) return;
    const irqclass = stateName(found.cls.usage & lockFlag(excl) ? excl : excl | LOCK_USAGE_READ_MASK);
    const path = pathTo(found);
    const middle = (path.length > 1 ? (forwards ? path[0]! : path[path.length - 2]!) : found).cls.key;
    const [safe, unsafe] = forwards ? [cls.key, found.cls.key] : [found.cls.key, cls.key];
    this.report(
      'irq-lock-inversion',
      `${[cls.key, found.cls.key].sort().join('<->')}:${irqclass}`,
      ctx,
      forwards
        ? `${taskName(ctx)} made ${cls.key} ${irqclass}-safe, but it was held while taking ${found.cls.key}, which is ${irqclass}-unsafe: an interrupt can invert the order`
        : `${taskName(ctx)} made ${cls.key} ${irqclass}-unsafe, but ${found.cls.key}, which is ${irqclass}-safe, was held while taking it: an interrupt can invert the order`,
      (p) => irqInversionSplat(p, h, { irqclass, forwards, other: found.cls.key, safe, unsafe, middle: path.length > 1 ? middle : forwards ? safe : unsafe }),
      { context: taskName(ctx), lock: h.lock.name, other: found.cls.key, irqclass },
    );
  }

  /** valid_state(): the class must not already have the usage that excludes the new one. */
  private validState(ctx: Context, h: HeldLock, cls: LockdepClass, bit: number, bad: number): boolean {
    if (!(cls.usage & lockFlag(bad))) return true;
    const old = usageStr(bad);
    const now = usageStr(bit);
    const registered = cls.usageTraces.get(bad)!;
    this.report(
      'inconsistent-irq-state',
      `${cls.key}:${old}:${now}`,
      ctx,
      `${cls.key} is used ${now.startsWith('IN-') ? `in ${describeContext(ctx)}` : 'with interrupts enabled'} by ${taskName(ctx)} ({${now}}) and elsewhere ${
        old.startsWith('IN-') ? 'in interrupt context' : 'with interrupts enabled'
      } ({${old}}, ${registered.fn} by ${registered.task})`,
      (p) => inconsistentSplat(p, h, old, now, registered.stack),
      { context: taskName(ctx), lock: h.lock.name, old, new: now },
    );
    return false;
  }

  /** check_deadlock(): the same class already held by this context (read-after-read of a recursive reader excepted). */
  private checkDeadlock(ctx: Context, next: HeldLock): boolean {
    const key = this.keyOf(next);
    for (const prev of ctx.held) {
      if (this.keyOf(prev) !== key) continue;
      if (next.read === 2 && prev.read) continue;
      this.report(
        'recursive-locking',
        key,
        ctx,
        `${taskName(ctx)} takes ${next.lock.name} (${key}) while already holding ${prev.lock.name} of the same class`,
        (p) => recursiveSplat(p, next, prev),
        { context: taskName(ctx), lock: next.lock.name, held: prev.lock.name },
      );
      return false;
    }
    return true;
  }

  /** check_prevs_add(): a dependency from each consecutive trylock on top and the first non-trylock below them. */
  private checkPrevsAdd(ctx: Context, next: HeldLock): void {
    for (let i = ctx.held.length - 1; i >= 0; i--) {
      const prev = ctx.held[i]!;
      if (prev.irqContext !== next.irqContext) break;
      if (prev.unchecked) continue;
      if (!this.checkPrevAdd(ctx, prev, next)) return;
      if (!prev.trylock) break;
    }
  }

  /** check_prev_add(): no cycle, no irq-safe → irq-unsafe connection; then the edge is recorded. */
  private checkPrevAdd(ctx: Context, prev: HeldLock, next: HeldLock): boolean {
    const prevCls = this.classOf(prev);
    const nextCls = this.classOf(next);
    // check_noncircular: can next already reach prev along a strong path?
    const found = bfs(rootOf(nextCls, next.read), 'after', (e) => e.cls === prevCls && (prev.read === 0 || !e.onlyXr));
    if (found) {
      if (prevCls === nextCls) {
        this.report(
          'recursive-locking',
          prevCls.key,
          ctx,
          `${taskName(ctx)} takes ${next.lock.name} while holding ${prev.lock.name} of the same class`,
          (p) => recursiveSplat(p, next, prev),
          { context: taskName(ctx), lock: next.lock.name, held: prev.lock.name },
        );
      } else {
        this.reportCircular(ctx, prev, next, found);
      }
      return false;
    }
    if (!this.checkIrqUsage(ctx, prev, next, prevCls, nextCls)) return false;
    const edge = prevCls.after.get(nextCls);
    if (edge) {
      edge.dep |= calcDep(prev, next);
      nextCls.before.get(prevCls)!.dep |= calcDepb(prev, next);
      return true;
    }
    const trace = this.traceOf(ctx, next.at);
    prevCls.after.set(nextCls, { cls: nextCls, dep: calcDep(prev, next), trace });
    nextCls.before.set(prevCls, { cls: prevCls, dep: calcDepb(prev, next), trace });
    return true;
  }

  private reportCircular(ctx: Context, prev: HeldLock, next: HeldLock, found: BfsEntry): void {
    const path = pathTo(found);
    // print_circular_bug: "-> #depth" from the held lock's class back to the new lock's (#0, with this acquisition's trace).
    // save_trace() inside the report: "-> #0" starts at check_prev_add.
    const now = this.traceOf(ctx, next.at);
    const here = { ...now, stack: ['check_prev_add', '__lock_acquire', ...now.stack] };
    const links: ChainLink[] = [...path.map((e) => ({ key: e.cls.key, stack: e.edge!.trace.stack, task: e.edge!.trace.task })).reverse()];
    links.push({ key: this.keyOf(next), stack: here.stack, task: here.task });
    const parent = path.length > 1 ? path[path.length - 2]!.cls.key : this.keyOf(next);
    const chain = path.map((e) => `${e.parent!.cls.key} → ${e.cls.key} (${e.edge!.trace.task})`);
    this.report(
      'circular-dependency',
      [this.keyOf(prev), this.keyOf(next)].sort().join('<->'),
      ctx,
      `${taskName(ctx)} takes ${next.lock.name} while holding ${prev.lock.name}, but ${chain.join(', ')} was seen before: a lock order cycle`,
      (p) => circularSplat(p, next, prev, links, parent),
      { context: taskName(ctx), holding: prev.lock.name, acquiring: next.lock.name, chain },
    );
  }

  /** check_irq_usage(): the new dependency must not connect an irq-safe lock (behind prev) to an irq-unsafe one (from next). */
  private checkIrqUsage(ctx: Context, prev: HeldLock, next: HeldLock, prevCls: LockdepClass, nextCls: LockdepClass): boolean {
    let usage = 0;
    bfs(rootbOf(prevCls, prev.read), 'before', (e) => {
      usage |= e.onlyXr ? e.cls.usage & LOCKF_IRQ : e.cls.usage;
      return false;
    });
    usage &= LOCKF_USED_IN_IRQ_ALL;
    if (!usage) return true;
    const forwardMask = exclusiveMask(usage);
    const unsafe = bfs(rootOf(nextCls, next.read), 'after', (e) => usageMatch(e, forwardMask));
    if (!unsafe) return true;
    const backwardMask = originalMask(unsafe.cls.usage & LOCKF_ENABLED_IRQ_ALL);
    const safe = bfs(rootbOf(prevCls, prev.read), 'before', (e) => usageMatch(e, backwardMask));
    const pair = safe ? findExclusiveMatch(safe.cls.usage, unsafe.cls.usage) : null;
    if (!safe || !pair) return true; // DEBUG_LOCKS_WARN_ON in the kernel: cannot happen
    const irqclass = stateName(pair.bit);
    this.report(
      'irq-safe-unsafe',
      `${safe.cls.key}->${unsafe.cls.key}:${irqclass}`,
      ctx,
      `${taskName(ctx)} takes ${next.lock.name} while holding ${prev.lock.name}: this connects ${safe.cls.key}, which is ${irqclass}-irq-safe, to ${unsafe.cls.key}, which is ${irqclass}-irq-unsafe`,
      (p) =>
        badIrqDependencySplat(p, {
          irqclass,
          prev,
          next,
          safe: { key: safe.cls.key, became: safe.cls.usageTraces.get(pair.bit)?.stack ?? [] },
          unsafe: { key: unsafe.cls.key, became: unsafe.cls.usageTraces.get(pair.excl)?.stack ?? [] },
        }),
      { context: taskName(ctx), holding: prev.lock.name, acquiring: next.lock.name, safe: safe.cls.key, unsafe: unsafe.cls.key, irqclass },
    );
    return false;
  }

  // ---- release ------------------------------------------------------------------------------

  /** lock_release(): the lock must be on this context's stack within the current irq context. Returns whether it was. */
  release(ctx: Context, lock: LockInstance, at: string): boolean {
    if (!this.on) return true;
    const i = this.findHeld(ctx, lock);
    if (i < 0) {
      this.badUnlock(ctx, lock, at);
      return false;
    }
    const above = ctx.held.splice(i);
    above.shift();
    // reacquire_held_locks(): the locks above it are taken again on the shorter stack.
    for (const h of above) {
      this.lockAcquire(ctx, h);
      ctx.held.push(h);
    }
    return true;
  }

  /**
   * lock_is_held_type(): whether `ctx` holds `lock` (read -1: in any mode, 0: for write, 1: for
   * read); null while lockdep checks nothing (off, or debug_locks cleared), when the kernel's
   * lockdep_assert_held*() check nothing either (assert.ts).
   */
  isHeld(ctx: Context, lock: LockInstance, read: -1 | 0 | 1): boolean | null {
    if (!this.on) return null;
    return ctx.held.some((h) => h.lock === lock && (read === -1 || (read === 0 ? h.read === 0 : h.read !== 0)));
  }

  /** find_held_lock(): from the innermost hold down, not crossing into another irq context. */
  private findHeld(ctx: Context, lock: LockInstance): number {
    for (let i = ctx.held.length - 1; i >= 0; i--) {
      if (ctx.held[i]!.lock === lock) return i;
      if (i > 0 && ctx.held[i - 1]!.irqContext !== ctx.held[i]!.irqContext) return -1;
    }
    return -1;
  }

  private badUnlock(ctx: Context, lock: LockInstance, at: string): void {
    this.report(
      'bad-unlock',
      `${ctx.name}:${lock.className}:${at}`,
      ctx,
      `${taskName(ctx)} (${describeContext(ctx)}) released ${lock.name}, which it does not hold (${at})`,
      (p) => badUnlockSplat(p, lock.className, at),
      { context: taskName(ctx), lock: lock.name, call: at },
    );
  }

  /** lock_downgrade(): the write hold becomes a read hold in place (re-validated above it, as the kernel does). */
  downgrade(ctx: Context, lock: LockInstance, at: string): void {
    if (!this.on) return;
    const i = this.findHeld(ctx, lock);
    if (i < 0) {
      this.badUnlock(ctx, lock, at);
      return;
    }
    const held = ctx.held.splice(i);
    const downgraded: HeldLock = { ...held[0]!, mode: 'read', read: 1, at };
    for (const h of [downgraded, ...held.slice(1)]) {
      this.lockAcquire(ctx, h);
      ctx.held.push(h);
    }
  }

  // ---- hand-off -------------------------------------------------------------------------------

  /** Hand-off, first half: the lock stays locked, tracking leaves this context. */
  exitHold(ctx: Context, lock: LockInstance, at: string): HandoffToken {
    const entry = ctx.held.find((h) => h.lock === lock);
    const token: HandoffToken = {
      lock,
      mode: entry?.mode ?? 'read',
      read: entry?.read ?? 1,
      subclass: entry?.subclass ?? 0,
      from: taskName(ctx),
      used: false,
    };
    this.release(ctx, lock, at);
    this.tokens.add(token);
    return token;
  }

  /** Hand-off, second half: another context takes over the hold (no new dependencies, no irq usage). */
  reenterHold(ctx: Context, token: HandoffToken, at: string): void {
    this.tokens.delete(token);
    if (!this.on) return;
    ctx.held.push({
      lock: token.lock,
      mode: token.mode,
      read: token.read,
      at,
      subclass: token.subclass,
      trylock: false,
      irqContext: irqContextOf(ctx.irq),
      hardirqsOff: !ctx.irq.hardirqsEnabled,
    });
  }

  /** Locks handed off and not yet re-entered (held by in-flight work). */
  inFlight(lock: LockInstance): HandoffToken[] {
    return [...this.tokens].filter((t) => t.lock === lock && !t.used);
  }

  // ---- irq state ------------------------------------------------------------------------------

  /** lockdep_hardirqs_off(): interrupts disabled on this CPU (local_irq_disable, spin_lock_irq). */
  hardirqsOff(ctx: Context, ip: string): void {
    const s = ctx.irq;
    if (!s.hardirqsEnabled) return;
    s.hardirqsEnabled = false;
    Object.assign(s.hardirqOff, { event: ++s.irqEvents, ip });
  }

  /** lockdep_hardirqs_on(): interrupts enabled; every held lock becomes HARDIRQ-ON (mark_held_locks). */
  hardirqsOn(ctx: Context, ip: string): void {
    const s = ctx.irq;
    if (s.hardirqsEnabled) return;
    if (this.on) {
      this.markHeldLocks(ctx, LOCK_ENABLED_HARDIRQ);
      if (s.softirqsEnabled) this.markHeldLocks(ctx, LOCK_ENABLED_SOFTIRQ);
    }
    s.hardirqsEnabled = true;
    Object.assign(s.hardirqOn, { event: ++s.irqEvents, ip });
  }

  /** lockdep_softirqs_off(): local_bh_disable, spin_lock_bh. */
  softirqsOff(ctx: Context, ip: string): void {
    const s = ctx.irq;
    if (!s.softirqsEnabled) return;
    s.softirqsEnabled = false;
    Object.assign(s.softirqOff, { event: ++s.irqEvents, ip });
  }

  /** lockdep_softirqs_on(): with hard interrupts on, every held lock becomes SOFTIRQ-ON. */
  softirqsOn(ctx: Context, ip: string): void {
    const s = ctx.irq;
    if (s.softirqsEnabled) return;
    s.softirqsEnabled = true;
    Object.assign(s.softirqOn, { event: ++s.irqEvents, ip });
    if (this.on && s.hardirqsEnabled) this.markHeldLocks(ctx, LOCK_ENABLED_SOFTIRQ);
  }

  /** mark_held_locks(): the usage `base` (read variant for read holds) on every held lock. */
  private markHeldLocks(ctx: Context, base: number): void {
    const via = base === LOCK_ENABLED_HARDIRQ ? 'hardirqs_on' : 'softirqs_on';
    for (const h of [...ctx.held]) if (!h.unchecked) this.markLock(ctx, h, base + (h.read ? LOCK_USAGE_READ_MASK : 0), via);
  }

  // ---- end-of-life checks ---------------------------------------------------------------------

  /** debug_check_no_locks_held(): a task exits (do_exit) holding locks. */
  checkNoLocksHeld(ctx: Context): void {
    if (!this.on || ctx.held.length === 0) return;
    this.report(
      'held-at-exit',
      `${ctx.name}:${ctx.held.map((h) => h.lock.className).join(',')}`,
      ctx,
      `${taskName(ctx)} exited holding ${ctx.held.map((h) => h.lock.name).join(', ')}`,
      (p) => heldAtExitSplat(p),
      { context: taskName(ctx), held: ctx.held.map((h) => h.lock.name) },
    );
  }

  /** process_one_work(): the work function returned with more locks held than it started with. */
  checkWorkLeak(ctx: Context, depthBefore: number, workfn: string): void {
    if (!this.on || ctx.held.length <= depthBefore) return;
    this.report(
      'workqueue-leak',
      `${workfn}:${ctx.held.map((h) => h.lock.className).join(',')}`,
      ctx,
      `work ${workfn} in ${taskName(ctx)} returned holding ${ctx.held.map((h) => h.lock.name).join(', ')}`,
      (p) => workqueueLeakSplat(p, taskName(ctx), depthBefore, ctx.held.length, workfn),
      { context: taskName(ctx), held: ctx.held.map((h) => h.lock.name), workfn },
    );
  }

  /**
   * debug_check_no_locks_freed(): the current task frees memory holding a lock it holds. Then,
   * beyond the kernel, a lock held by another context or by a handed-off I/O: an aiosim
   * verdict of its own (`freed-while-held`).
   */
  checkFree(ctx: Context, what: string, locks: readonly LockInstance[]): void {
    if (!this.enabled) return;
    if (this.debugLocks) {
      const mine = ctx.held.find((h) => locks.includes(h.lock as LockInstance) && !(h.lock as LockInstance).freeable);
      if (mine) {
        this.report(
          'freed-while-locked',
          `${mine.lock.name}:${what}`,
          ctx,
          `${taskName(ctx)} frees ${what} while holding ${mine.lock.name} in it`,
          (p) => heldFreedSplat(p, what, mine),
          { context: taskName(ctx), lock: mine.lock.name, holders: [taskName(ctx)] },
        );
        return;
      }
    }
    // Who holds the locks, and who has finished, is in each context's own state (footprint.ts).
    if (this.sim.footprints) for (const c of this.sim.contexts) this.sim.readContext(c);
    for (const lock of locks) {
      if (lock.freeable) continue;
      const heldBy = this.sim.contexts.filter((c) => c !== ctx && c.state !== 'done' && c.held.some((h) => h.lock === lock));
      const handedOff = this.inFlight(lock);
      if (heldBy.length === 0 && handedOff.length === 0 && !lock.isLocked()) continue;
      const holders = [
        ...heldBy.map(taskName),
        ...handedOff.map((t) => `in flight (handed off by ${t.from})`),
        ...(heldBy.length === 0 && handedOff.length === 0 ? ['an untracked (non-owner) holder'] : []),
      ];
      this.sim.report('freed-while-held', `${taskName(ctx)} frees ${what} while ${lock.name} is still held by ${holders.join(', ')}`, {
        context: taskName(ctx),
        lock: lock.name,
        holders,
      });
    }
  }

  private checkUserReturn(ctx: Context, syscall: string): void {
    if (!this.on || ctx.held.length === 0) return;
    this.report(
      'held-at-user-return',
      `${ctx.name}:${ctx.held.map((h) => h.lock.className).join(',')}`,
      ctx,
      `${taskName(ctx)} returned to user space from ${syscall} holding ${ctx.held.map((h) => h.lock.name).join(', ')}`,
      (p) => userReturnSplat(p),
      { context: taskName(ctx), held: ctx.held.map((h) => h.lock.name) },
    );
  }

  // ---- classes, traces, reports ---------------------------------------------------------------

  private keyOf(h: HeldLock): string {
    return classKey(h.lock as LockInstance, h.subclass);
  }

  /** register_lock_class(): the class of an acquisition (created on first use). */
  private classOf(h: HeldLock): LockdepClass {
    const key = this.keyOf(h);
    let cls = this.classes.get(key);
    if (!cls) {
      const lock = h.lock as LockInstance;
      cls = {
        key,
        name: lock.className,
        subclass: h.subclass,
        waitInner: lock.waitInner,
        waitOuter: lock.waitOuter ?? 0,
        usage: 0,
        usageTraces: new Map(),
        after: new Map(),
        before: new Map(),
      };
      this.classes.set(key, cls);
    }
    return cls;
  }

  private addressOf(lock: LockInstance): string {
    let n = this.addresses.get(lock);
    if (n === undefined) this.addresses.set(lock, (n = this.addresses.size));
    // A direct-map address placeholder: instances numbered in the order lockdep first saw them.
    return `ffff8880${(n * 0x100).toString(16).padStart(8, '0')}`;
  }

  /**
   * save_trace() where lockdep records a dependency or a usage: from lock_acquire (or from the
   * irq-enabling call that marked held locks) down through the lock API function, its caller,
   * and the context's entry frames.
   */
  private traceOf(ctx: Context, at: string, via: MarkVia = 'acquire'): LockTrace {
    return { task: taskName(ctx), fn: at, stack: [...MARK_FRAMES[via], ...this.frames(ctx, at)] };
  }

  /** The simulated call stack at a lock API call `at`, innermost first. */
  private frames(ctx: Context, at: string): string[] {
    return [stackSymbol(at), ...(ctx.caller ? [ctx.caller] : []), ...outerFrames(ctx)];
  }

  private printer(ctx: Context): SplatPrinter {
    const classLine = (key: string): string => {
      const cls = this.classes.get(key);
      const inner = cls?.waitInner ?? 0;
      return ` (${key}){${usageChars(cls?.usage ?? 0)}}-{${cls?.waitOuter || inner}:${inner}}`;
    };
    const lockLine = (h: HeldLock): string =>
      `${this.addressOf(h.lock as LockInstance)}${classLine(this.keyOf(h))}, at: ${symbol(h.caller ?? stackSymbol(h.at))}`;
    const s = ctx.irq;
    const event = (label: string, e: { event: number; ip: string }) => `${label} at (${e.event}): ${e.ip ? symbol(e.ip) : '0x0'}`;
    return {
      task: taskName(ctx),
      lock: lockLine,
      className: classLine,
      bare: (key) => key,
      heldLocks: () =>
        ctx.held.length === 0
          ? [`no locks held by ${taskName(ctx)}.`]
          : [`${ctx.held.length} lock${ctx.held.length > 1 ? 's' : ''} held by ${taskName(ctx)}:`, ...ctx.held.map((h, i) => ` #${i}: ${lockLine(h)}`)],
      irqEvents: () => [
        `irq event stamp: ${s.irqEvents}`,
        event('hardirqs last  enabled', s.hardirqOn),
        event('hardirqs last disabled', s.hardirqOff),
        event('softirqs last  enabled', s.softirqOn),
        event('softirqs last disabled', s.softirqOff),
      ],
      irqTag: () =>
        `[HC${s.hardirqContext > 0 ? 1 : 0}[${s.hardirqContext}]:SC${s.softirqContext > 0 ? 1 : 0}[${s.softirqContext + s.bhDisabled}]:HE${s.hardirqsEnabled ? 1 : 0}:SE${s.softirqsEnabled ? 1 : 0}]`,
      trace: (stack, spaces) => stack.map((fn) => `${' '.repeat(spaces)}${symbol(fn)}`),
      backtrace: (report) => {
        const frames = [...REPORT_FRAMES[report], ...this.frames(ctx, ctx.next)].map((f) => ` ${symbol(f)}`);
        // An interrupt runs on the IRQ stack; the interrupted task's frames follow in their own block.
        const onIrq = (s.hardirqContext > 0 || s.softirqContext > 0) && ctx.kind !== 'irq' && ctx.kind !== 'timer';
        return [
          '',
          'stack backtrace:',
          `CPU: 0 UID: 0 PID: ${ctx.id} Comm: ${ctx.name.slice(0, 15)} ${KERNEL_TAINT} ${KERNEL_RELEASE} ${PREEMPT_MODEL} `,
          `Hardware name: ${HARDWARE_NAME}`,
          'Call Trace:',
          ...(onIrq
            ? [' <IRQ>', ...frames, ' </IRQ>', ' <TASK>', ...['kthread', 'ret_from_fork', 'ret_from_fork_asm'].map((f) => ` ${symbol(f)}`), ' </TASK>']
            : [' <TASK>', ...frames, ' </TASK>']),
        ];
      },
    };
  }

  private report(
    subkind: LockdepSubkind,
    dedupKey: string,
    ctx: Context,
    message: string,
    splat: (p: SplatPrinter) => string,
    details: Record<string, unknown>,
  ): void {
    const key = `${subkind}|${dedupKey}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    // Only lockdep's own reports turn it off (debug_locks_off); might_sleep and the workqueue check print and go on.
    if (this.reporting === 'first' && subkind !== 'sleep-in-atomic' && subkind !== 'workqueue-leak') this.debugLocks = false;
    this.sim.report('lockdep', `lockdep ${subkind}: ${message}`, { ...details, splat: splat(this.printer(ctx)) }, subkind);
  }
}

/** usage_match(): does the entry's class have a usage in `mask` (only write usage past a recursive-read step)? */
function usageMatch(e: BfsEntry, mask: number): boolean {
  return !!((e.onlyXr ? e.cls.usage & LOCKF_IRQ : e.cls.usage) & mask);
}

/**
 * task_wait_context(): a hard-irq handler may take spinlock_t because it would be threaded under
 * force_irqthreads (__handle_irq_event_percpu marks it lockdep_hardirq_threaded(); the model's
 * handlers are all threadable), a softirq too (always threaded on RT); a task anything.
 */
function taskWaitContext(ctx: Context): number {
  if (ctx.irq.hardirqContext > 0 || ctx.kind === 'irq') return ctx.irq.hardirqThreaded ? LD_WAIT_CONFIG : LD_WAIT_SPIN;
  if (ctx.irq.softirqContext > 0 || ctx.kind === 'timer') return LD_WAIT_CONFIG;
  return LD_WAIT_MAX;
}

function describeContext(ctx: Context): string {
  const s = ctx.irq;
  if (ctx.kind === 'irq' || s.hardirqContext > 0) return 'hard-irq context';
  if (ctx.kind === 'timer' || s.softirqContext > 0) return 'softirq context';
  if (!s.hardirqsEnabled) return `${ctx.kind} context, interrupts disabled`;
  if (inInterrupt(s)) return `${ctx.kind} context, softirqs disabled`;
  if (s.preemptCount > 0) return `${ctx.kind} context, holding a spinlock`;
  return `${ctx.kind} context`;
}

/** %pS of a model function: its name with a placeholder offset. */
function symbol(fn: string): string {
  return `${fn.replace(/ .*/, '')}+0x0/0x0`;
}

/**
 * The function a lock API call shows on the stack: spinlocks and rwlocks are the out-of-line
 * _raw_* functions, mutex_lock is mutex_lock_nested under CONFIG_DEBUG_LOCK_ALLOC.
 */
function stackSymbol(at: string): string {
  const fn = at.replace(/ .*/, '');
  if (/^(raw_)?spin_|^(read|write)_(lock|unlock|trylock)/.test(fn)) return `_raw_${fn.replace(/^raw_/, '')}`;
  if (fn === 'mutex_lock') return 'mutex_lock_nested';
  return fn;
}

/** mark_lock and what called it, under save_trace (which skips itself and two callers): lockdep.c's call paths. */
const MARK_FRAMES = {
  acquire: ['lock_acquire'],
  hardirqs_on: ['lockdep_hardirqs_on_prepare', 'trace_hardirqs_on'],
  softirqs_on: ['lockdep_softirqs_on', '__local_bh_enable_ip'],
} as const;
type MarkVia = keyof typeof MARK_FRAMES;

/** The frames below the calling function: the syscall or the context's entry, as the kernel's stacks end. */
function outerFrames(ctx: Context): string[] {
  if (ctx.irq.hardirqContext > 0 && ctx.kind !== 'irq')
    return ['__handle_irq_event_percpu', 'handle_irq_event', 'handle_edge_irq', '__common_interrupt', 'common_interrupt'];
  if (ctx.irq.softirqContext > 0 && ctx.kind !== 'timer') return ['handle_softirqs', '__irq_exit_rcu', 'sysvec_apic_timer_interrupt'];
  switch (ctx.kind) {
    case 'process':
      return ctx.syscall ? [`__x64_sys_${ctx.syscall}`, 'do_syscall_64', 'entry_SYSCALL_64_after_hwframe'] : ['kthread', 'ret_from_fork', 'ret_from_fork_asm'];
    case 'worker':
      return ['process_one_work', 'worker_thread', 'kthread', 'ret_from_fork', 'ret_from_fork_asm'];
    case 'irq':
      return ['blk_mq_end_request', 'blk_complete_reqs', '__handle_irq_event_percpu', 'common_interrupt'];
    case 'timer':
      return ['call_timer_fn', 'run_timer_softirq', 'handle_softirqs'];
  }
}
