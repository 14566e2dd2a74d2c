/**
 * A reference reading of kernel/locking/lockdep.c (mainline, 2025), small enough to check by
 * eye, that runs one task's lock program and names the first splat — what the kernel prints
 * before debug_locks goes off. It is how expected.json's `splat` column is derived, and its
 * agreement with every dotest() FAILURE/SUCCESS of the selftest is checked by
 * generated.test.ts. It is NOT the engine (src/locks is): it knows one task, no waiting, no
 * text; it exists so the expectation does not rest on a hand trace of 300 cases.
 *
 * Function names are lockdep.c's. Followed exactly: usage bits and mark_usage()'s order,
 * mark_lock_irq() (valid_state, then check_usage_forwards/backwards), __bfs() over strong
 * paths (only_xr, DEP_{SR,ER,SN,EN}), check_noncircular() / hlock_conflict(), check_irq_usage()
 * with usage_accumulate()/usage_match() and exclusive_mask(), check_deadlock(), the chain cache
 * (a chain's key is its classes and read states; hits skip validate_chain()), check_prevs_add()
 * stopping at the first non-trylock and at irq-context boundaries, check_wait_context() with
 * task_wait_context(), lockdep_hardirqs_on()'s mark_held_locks(), read_lock_is_recursive().
 * Config: !PREEMPT_RT, PROVE_RAW_LOCK_NESTING=y, QUEUED_RWLOCKS=y, LOCKDEP_SMALL=n (no
 * check_redundant()).
 */
import type { LockOpName, LockType, Op } from './format.js';

export type Splat =
  | 'recursive-locking'
  | 'circular-dependency'
  | 'bad-unlock'
  | 'freed-while-locked'
  | 'irq-safe-unsafe'
  | 'irq-lock-inversion'
  | 'inconsistent-irq-state'
  | 'invalid-wait-context'
  | 'held-at-exit'
  /** A DEBUG_LOCKS_WARN_ON(): debug_locks goes off without a lockdep report (must never be an expectation). */
  | 'debug-locks-warn';

export interface ModelOptions {
  /** The selftest's force_read_lock_recursive (read_lock_is_recursive()). */
  readonly forceReadLockRecursive: boolean;
  /**
   * How a `softirq` block runs: 'selftest' as SOFTIRQ_ENTER() does (local_bh_disable,
   * local_irq_disable, lockdep_softirq_enter — hardirqs off), 'kernel' as __do_softirq() runs a
   * handler (hardirqs on). The ported cases must not depend on it.
   */
  readonly softirq: 'selftest' | 'kernel';
}

// lockdep_internals.h: enum lock_usage_bit — per state (HARDIRQ, SOFTIRQ) USED_IN, USED_IN_READ, ENABLED, ENABLED_READ.
const USED_IN_HARDIRQ = 0;
const ENABLED_HARDIRQ = 2;
const USED_IN_SOFTIRQ = 4;
const ENABLED_SOFTIRQ = 6;
const LOCK_USED = 8;
const READ_MASK = 1;
const DIR_MASK = 2;
const flag = (bit: number) => 1 << bit;
const LOCKF_IRQ = flag(0) | flag(2) | flag(4) | flag(6);
const LOCKF_IRQ_READ = flag(1) | flag(3) | flag(5) | flag(7);
const LOCKF_ENABLED_IRQ_ALL = flag(2) | flag(3) | flag(6) | flag(7);
const LOCKF_USED_IN_IRQ_ALL = flag(0) | flag(1) | flag(4) | flag(5);

/** exclusive_bit(): same state, the other direction, read stripped. */
const exclusiveBit = (bit: number) => (bit & ~(READ_MASK | DIR_MASK)) | ((bit & DIR_MASK) ^ DIR_MASK);
const invertDirMask = (mask: number) => ((mask & LOCKF_ENABLED_IRQ_ALL) >> DIR_MASK) | ((mask & LOCKF_USED_IN_IRQ_ALL) << DIR_MASK);
/** exclusive_mask() and original_mask() are the same computation. */
function exclusiveMask(mask: number): number {
  let excl = invertDirMask(mask);
  excl |= (excl & LOCKF_IRQ_READ) >> READ_MASK;
  excl |= (excl & LOCKF_IRQ) << READ_MASK;
  return excl;
}

// enum lockdep_wait_type with CONFIG_PROVE_RAW_LOCK_NESTING (LD_WAIT_CONFIG distinct from SPIN).
const LD_WAIT_FREE = 1;
const LD_WAIT_SPIN = 2;
const LD_WAIT_CONFIG = 3;
const LD_WAIT_SLEEP = 4;
const LD_WAIT_MAX = 5;
/** wait_type_inner of each lock type (spinlock_types*.h, mutex_types.h, rwsem.h; !PREEMPT_RT). */
const WAIT_INNER: Record<LockType, number> = {
  raw_spinlock: LD_WAIT_SPIN,
  spinlock: LD_WAIT_CONFIG,
  rwlock: LD_WAIT_CONFIG,
  mutex: LD_WAIT_SLEEP,
  rwsem: LD_WAIT_SLEEP,
};

// lock_list::dep bits for prev -> next: bit0 = prev->read == 0 (E, else S), bit1 = next->read != 2 (N, else R).
const DEP_SR = 1;
const DEP_SN = 4;
const DEP_EN = 8;
const calcDep = (prev: HeldLock, next: HeldLock) => 1 << (Number(prev.read === 0) + (Number(next.read !== 2) << 1));
const calcDepb = (prev: HeldLock, next: HeldLock) => 1 << (Number(next.read !== 2) + (Number(prev.read === 0) << 1));

interface LockClass {
  readonly name: string;
  usage: number;
  readonly after: Dependency[];
  readonly before: Dependency[];
  readonly inner: number;
  readonly outer: number;
}
interface Dependency {
  readonly cls: LockClass;
  dep: number;
}
interface HeldLock {
  readonly instance: string;
  readonly cls: LockClass;
  read: 0 | 1 | 2;
  readonly trylock: boolean;
  readonly check: boolean;
  readonly hardirqsOff: boolean;
  irqContext: number;
}
/** A lock_list as __bfs() sees it: the class reached, through which edge, from where. */
interface BfsNode {
  readonly cls: LockClass;
  readonly dep: number;
  readonly parent: BfsNode | null;
  onlyXr: boolean;
}

class Report extends Error {
  constructor(readonly splat: Splat) {
    super(splat);
  }
}

/** The RCU lockdep maps (rcupdate.c): taken as recursive readers without validation (check = 0). */
const RCU_MAPS = {
  rcu_read_lock: { map: 'rcu_read_lock', inner: LD_WAIT_CONFIG },
  rcu_read_lock_bh: { map: 'rcu_read_lock_bh', inner: LD_WAIT_CONFIG },
  rcu_read_lock_sched: { map: 'rcu_read_lock_sched', inner: LD_WAIT_SPIN },
} as const;

class Lockdep {
  private readonly classes = new Map<string, LockClass>();
  private held: HeldLock[] = [];
  private readonly chains = new Set<string>();
  private hardirqsEnabled = true;
  private softirqsEnabled = true;
  private hardirqContext = 0;
  private softirqContext = 0;
  /** softirq_count() from local_bh_disable() (a running softirq counts through softirqContext). */
  private bhDisabled = 0;
  /** current->hardirq_threaded of each hard-irq level being run. */
  private readonly threaded: boolean[] = [];
  private readonly irqsave = new Map<string, boolean[]>();

  constructor(
    private readonly locks: ReadonlyMap<string, { type: LockType; class: string }>,
    private readonly options: ModelOptions,
  ) {}

  private classOf(name: string, inner: number, outer = 0): LockClass {
    let cls = this.classes.get(name);
    if (!cls) this.classes.set(name, (cls = { name, usage: 0, after: [], before: [], inner, outer }));
    return cls;
  }

  /** task_irq_context(): LOCK_CHAIN_HARDIRQ_CONTEXT (2) and LOCK_CHAIN_SOFTIRQ_CONTEXT (1). */
  private irqContext(): number {
    return 2 * Number(this.hardirqContext > 0) + Number(this.softirqContext > 0);
  }
  private inInterrupt(): boolean {
    return this.hardirqContext > 0 || this.softirqContext > 0 || this.bhDisabled > 0;
  }

  run(ops: readonly Op[]): Splat | null {
    try {
      this.exec(ops);
      if (this.held.length) return 'held-at-exit'; // debug_check_no_locks_held() at task exit
      return null;
    } catch (e) {
      if (e instanceof Report) return e.splat;
      throw e;
    }
  }

  private exec(ops: readonly Op[]): void {
    for (const op of ops) this.step(op);
  }

  private step(o: Op): void {
    switch (o.op) {
      case 'hardirq': {
        // HARDIRQ_ENTER(): local_irq_disable(); __irq_enter(); lockdep_hardirq_threaded().
        const wasOn = this.hardirqsEnabled;
        this.hardirqsEnabled = false;
        this.hardirqContext++;
        this.threaded.push(!('threaded' in o) || o.threaded !== false);
        this.exec(o.ops);
        this.threaded.pop();
        this.hardirqContext--;
        if (wasOn) this.hardirqsOn();
        return;
      }
      case 'softirq':
        this.softirq(o.ops);
        return;
      case 'local_irq_disable':
        this.hardirqsEnabled = false;
        return;
      case 'local_irq_enable':
        this.hardirqsOn();
        return;
      case 'local_bh_disable':
        this.bhDisable();
        return;
      case 'local_bh_enable':
        this.bhEnable();
        return;
      case 'kfree':
        // debug_check_no_locks_freed(): the current task's held locks only.
        if (this.held.some((h) => h.instance === o.lock)) throw new Report('freed-while-locked');
        return;
      case 'rcu_read_lock':
      case 'rcu_read_lock_bh':
      case 'rcu_read_lock_sched': {
        const { map, inner } = RCU_MAPS[o.op];
        if (o.op === 'rcu_read_lock_bh') this.bhDisable();
        this.lockAcquire(map, this.classOf(map, inner, LD_WAIT_FREE), 2, false, false);
        return;
      }
      case 'rcu_read_unlock':
      case 'rcu_read_unlock_bh':
      case 'rcu_read_unlock_sched':
        this.lockRelease(o.op.replace('unlock', 'lock'));
        if (o.op === 'rcu_read_unlock_bh') this.bhEnable();
        return;
    }
    this.lockOp(o.op, o.lock);
  }

  /** SOFTIRQ_ENTER()/EXIT() (hardirqs off inside) or __do_softirq() (hardirqs on). */
  private softirq(ops: readonly Op[]): void {
    if (this.options.softirq === 'selftest') {
      this.bhDisable();
      const wasOn = this.hardirqsEnabled;
      this.hardirqsEnabled = false;
      this.softirqContext++;
      this.exec(ops);
      this.softirqContext--;
      if (wasOn) this.hardirqsOn();
      this.bhEnable();
    } else {
      this.bhDisable();
      this.softirqContext++;
      this.exec(ops);
      this.softirqContext--;
      this.bhEnable();
    }
  }

  private lockOp(op: LockOpName, lock: string): void {
    const decl = this.locks.get(lock);
    if (!decl) throw new Error(`model: unknown lock ${lock}`);
    const m = /^(raw_spin|spin|read|write)_(lock|unlock)(_irq|_irqsave|_irqrestore|_bh)?$/.exec(op);
    if (m) {
      const [, kind, dir, variant] = m;
      if (dir === 'lock') {
        if (variant === '_irq') this.hardirqsEnabled = false;
        if (variant === '_irqsave') {
          this.irqsave.set(lock, [...(this.irqsave.get(lock) ?? []), this.hardirqsEnabled]);
          this.hardirqsEnabled = false;
        }
        if (variant === '_bh') this.bhDisable();
        // rwlock_acquire_read(): lock_acquire_shared_recursive() iff read_lock_is_recursive().
        const read = kind === 'read' ? (this.options.forceReadLockRecursive || this.inInterrupt() ? 2 : 1) : 0;
        this.acquire(lock, decl, read);
        return;
      }
      this.lockRelease(lock);
      if (variant === '_irq') this.hardirqsOn();
      if (variant === '_irqrestore' && this.irqsave.get(lock)?.pop()) this.hardirqsOn();
      if (variant === '_bh') this.bhEnable();
      return;
    }
    switch (op) {
      case 'mutex_lock':
      case 'down_write':
        this.acquire(lock, decl, 0);
        return;
      case 'down_read':
        this.acquire(lock, decl, 1);
        return;
      case 'mutex_unlock':
      case 'up_write':
      case 'up_read':
        this.lockRelease(lock);
        return;
    }
    throw new Error(`model: ${op} is not modelled (no selftest case uses it)`);
  }

  private acquire(lock: string, decl: { type: LockType; class: string }, read: 0 | 1 | 2): void {
    this.lockAcquire(lock, this.classOf(decl.class, WAIT_INNER[decl.type]), read, false, true);
  }

  /** __lock_acquire(). */
  private lockAcquire(instance: string, cls: LockClass, read: 0 | 1 | 2, trylock: boolean, check: boolean, hardirqsOff = !this.hardirqsEnabled): void {
    const hlock: HeldLock = { instance, cls, read, trylock, check, hardirqsOff, irqContext: this.irqContext() };
    this.checkWaitContext(hlock);
    this.markUsage(hlock);
    // The chain key hashes the held locks since the last irq-context change, class and read state (hlock_id()).
    const run: HeldLock[] = [];
    for (let i = this.held.length - 1; i >= 0 && this.held[i]!.irqContext === hlock.irqContext; i--) run.unshift(this.held[i]!);
    const chainHead = run.length === 0;
    const key = [...run, hlock].map((h) => `${h.cls.name}.${h.read}`).join(' ');
    // validate_chain(): a chain seen before is not validated again (lookup_chain_cache_add()).
    if (!trylock && check && !this.chains.has(key)) {
      this.chains.add(key);
      if (this.checkDeadlock(hlock) && !chainHead) this.checkPrevsAdd(hlock);
    }
    this.held.push(hlock);
  }

  /** __lock_release(): find_held_lock() from the top, not crossing into another irq context. */
  private lockRelease(instance: string): void {
    const top = this.held.length - 1;
    let at = top >= 0 && this.held[top]!.instance === instance ? top : -1;
    for (let i = top - 1; at < 0 && i >= 0 && this.held[i + 1]!.irqContext === this.held[i]!.irqContext; i--) {
      if (this.held[i]!.instance === instance) at = i;
    }
    if (at < 0) throw new Report('bad-unlock'); // print_unlock_imbalance_bug()
    const above = this.held.slice(at + 1);
    this.held = this.held.slice(0, at);
    // reacquire_held_locks(): the locks above go through __lock_acquire() again.
    for (const h of above) this.lockAcquire(h.instance, h.cls, h.read, h.trylock, h.check, h.hardirqsOff);
  }

  /** check_wait_context(): the strictest inner wait type of this irq context's held locks bounds the new lock's outer. */
  private checkWaitContext(next: HeldLock): void {
    const nextInner = next.cls.inner;
    const nextOuter = next.cls.outer || nextInner;
    if (!nextInner || next.trylock) return;
    let depth = this.held.length - 1;
    while (depth >= 0 && this.held[depth]!.irqContext === next.irqContext) depth--;
    // task_wait_context(): a threaded hard irq and a softirq are LD_WAIT_CONFIG, a non-threaded hard irq LD_WAIT_SPIN.
    let currInner = this.hardirqContext ? (this.threaded.at(-1) ? LD_WAIT_CONFIG : LD_WAIT_SPIN) : this.softirqContext ? LD_WAIT_CONFIG : LD_WAIT_MAX;
    for (depth++; depth < this.held.length; depth++) {
      const inner = this.held[depth]!.cls.inner;
      if (inner) currInner = Math.min(currInner, inner);
    }
    if (nextOuter > currInner) throw new Report('invalid-wait-context');
  }

  /** mark_usage(): USED_IN_* (not for trylocks) in irq context, ENABLED_* when taken with irqs on. */
  private markUsage(h: HeldLock): void {
    const r = h.read ? READ_MASK : 0;
    if (h.check) {
      if (!h.trylock) {
        if (this.hardirqContext) this.markLock(h, USED_IN_HARDIRQ + r);
        if (this.softirqContext) this.markLock(h, USED_IN_SOFTIRQ + r);
      }
      if (!h.hardirqsOff) {
        this.markLock(h, ENABLED_HARDIRQ + r);
        if (this.softirqsEnabled) this.markLock(h, ENABLED_SOFTIRQ + r);
      }
    }
    this.markLock(h, LOCK_USED + r);
  }

  /** mark_lock(): set the bit; an irq bit new to the class is validated by mark_lock_irq(). */
  private markLock(h: HeldLock, bit: number): void {
    if (h.cls.usage & flag(bit)) return;
    h.cls.usage |= flag(bit);
    if (bit < LOCK_USED) this.markLockIrq(h, bit);
  }

  private markLockIrq(h: HeldLock, bit: number): void {
    const excl = exclusiveBit(bit);
    // valid_state(): the class itself already has the conflicting usage (print_usage_bug).
    if (h.cls.usage & flag(excl)) throw new Report('inconsistent-irq-state');
    if (!(bit & READ_MASK) && h.cls.usage & flag(excl + READ_MASK)) throw new Report('inconsistent-irq-state');
    // check_usage_backwards() / check_usage_forwards() (print_irq_inversion_bug).
    const mask = flag(excl) | flag(excl + READ_MASK);
    const backwards = (bit & DIR_MASK) !== 0;
    const root = { cls: h.cls, dep: 0, parent: null, onlyXr: backwards ? h.read !== 0 : h.read === 2 };
    if (this.bfs(root, backwards ? 'before' : 'after', (n) => usageMatch(n, mask))) throw new Report('irq-lock-inversion');
  }

  /** lockdep_hardirqs_on(): every held lock becomes ENABLED_HARDIRQ (and ENABLED_SOFTIRQ if softirqs are on). */
  private hardirqsOn(): void {
    if (this.hardirqsEnabled) return;
    if (this.hardirqContext) throw new Report('debug-locks-warn');
    this.markHeldLocks(ENABLED_HARDIRQ);
    if (this.softirqsEnabled) this.markHeldLocks(ENABLED_SOFTIRQ);
    this.hardirqsEnabled = true;
  }
  private bhDisable(): void {
    this.bhDisabled++;
    this.softirqsEnabled = false;
  }
  /** __local_bh_enable_ip(): lockdep_softirqs_on() at the outermost enable, then irqs on again. */
  private bhEnable(): void {
    this.bhDisabled--;
    if (this.bhDisabled || this.softirqContext || this.softirqsEnabled) return;
    this.softirqsEnabled = true;
    if (this.hardirqsEnabled) {
      this.markHeldLocks(ENABLED_HARDIRQ);
      this.markHeldLocks(ENABLED_SOFTIRQ);
    }
  }
  private markHeldLocks(base: number): void {
    for (const h of this.held) if (h.check) this.markLock(h, base + (h.read ? READ_MASK : 0));
  }

  /** check_deadlock(): the class is held already, unless both are readers and the new one is recursive. */
  private checkDeadlock(next: HeldLock): boolean {
    for (const prev of this.held) {
      if (prev.cls !== next.cls) continue;
      if (next.read === 2 && prev.read) continue;
      throw new Report('recursive-locking');
    }
    return true;
  }

  /** check_prevs_add(): to the held locks of this context, down to (and including) the first non-trylock. */
  private checkPrevsAdd(next: HeldLock): void {
    for (let depth = this.held.length; ; ) {
      const prev = this.held[depth - 1]!;
      if (prev.check) {
        this.checkPrevAdd(prev, next);
        if (!prev.trylock) break;
      }
      depth--;
      if (!depth || this.held[depth]!.irqContext !== this.held[depth - 1]!.irqContext) break;
    }
  }

  private checkPrevAdd(prev: HeldLock, next: HeldLock): void {
    // check_noncircular(next, prev): a strong path next -> ... -> prev closes a cycle.
    const root = { cls: next.cls, dep: 0, parent: null, onlyXr: next.read === 2 };
    if (this.bfs(root, 'after', (n) => n.cls === prev.cls && (prev.read === 0 || !n.onlyXr))) {
      throw new Report(next.cls === prev.cls ? 'recursive-locking' : 'circular-dependency');
    }
    this.checkIrqUsage(prev, next);
    const existing = prev.cls.after.find((e) => e.cls === next.cls);
    if (existing) {
      existing.dep |= calcDep(prev, next);
      next.cls.before.find((e) => e.cls === prev.cls)!.dep |= calcDepb(prev, next);
      return;
    }
    prev.cls.after.push({ cls: next.cls, dep: calcDep(prev, next) });
    next.cls.before.push({ cls: prev.cls, dep: calcDepb(prev, next) });
  }

  /** check_irq_usage(): an irq-safe lock behind <prev> must not reach an irq-unsafe one ahead of <next>. */
  private checkIrqUsage(prev: HeldLock, next: HeldLock): void {
    let usage = 0;
    const back = () => ({ cls: prev.cls, dep: 0, parent: null, onlyXr: prev.read !== 0 });
    this.bfs(back(), 'before', (n) => {
      usage |= n.onlyXr ? n.cls.usage & LOCKF_IRQ : n.cls.usage; // usage_accumulate()
      return false;
    });
    usage &= LOCKF_USED_IN_IRQ_ALL;
    if (!usage) return;
    const forwardMask = exclusiveMask(usage);
    const unsafe = this.bfs({ cls: next.cls, dep: 0, parent: null, onlyXr: next.read === 2 }, 'after', (n) => usageMatch(n, forwardMask));
    if (!unsafe) return;
    const backwardMask = exclusiveMask(unsafe.cls.usage & LOCKF_ENABLED_IRQ_ALL); // original_mask()
    if (!this.bfs(back(), 'before', (n) => usageMatch(n, backwardMask))) throw new Report('debug-locks-warn');
    throw new Report('irq-safe-unsafe');
  }

  /** __bfs(): breadth first over strong paths only; a class is visited once per search. */
  private bfs(root: BfsNode, list: 'after' | 'before', match: (n: BfsNode) => boolean): BfsNode | null {
    const visited = new Set<LockClass>();
    const queue: BfsNode[] = [root];
    for (let lock = queue.shift(); lock; lock = queue.shift()) {
      if (visited.has(lock.cls)) continue;
      visited.add(lock.cls);
      if (lock.parent) {
        let dep = lock.dep;
        if (lock.parent.onlyXr) dep &= ~(DEP_SR | DEP_SN); // -(*R)-> -(S*)-> is not a strong path
        if (!dep) continue;
        lock.onlyXr = !(dep & (DEP_SN | DEP_EN));
      }
      if (match(lock)) return lock;
      for (const e of lock.cls[list]) queue.push({ cls: e.cls, dep: e.dep, parent: lock, onlyXr: false });
    }
    return null;
  }
}

/** usage_match(): on a path reaching a class only as a recursive reader, its _READ usage does not count. */
function usageMatch(n: BfsNode, mask: number): boolean {
  return ((n.onlyXr ? n.cls.usage & LOCKF_IRQ : n.cls.usage) & mask) !== 0;
}

/** The first report lockdep makes for this single-task program (null: none, debug_locks stays on). */
export function firstSplat(locks: ReadonlyArray<{ name: string; type: LockType; class?: string }>, ops: readonly Op[], options: ModelOptions): Splat | null {
  const byName = new Map(locks.map((l) => [l.name, { type: l.type, class: l.class ?? l.name }] as const));
  return new Lockdep(byName, options).run(ops);
}
