/**
 * lockdep: the runtime locking correctness validator (kernel/locking/lockdep.c,
 * Documentation/locking/lockdep-design.rst), reduced to what this subsystem needs to teach.
 *
 * It keeps, per context, the held-lock stack (`current->held_locks`) and, per lock class, a
 * dependency graph and IRQ usage bits. It reports, once per distinct problem:
 *   - recursive-locking: a class taken again while held (no nesting annotation);
 *   - circular-dependency: taking B while holding A when B →…→ A was seen before (AB-BA),
 *     even if this run never deadlocks — lockdep proves from orders, not from hangs;
 *   - bad-unlock: releasing a lock the current context does not hold;
 *   - held-at-user-return: returning from a syscall with locks held;
 *   - sleep-in-atomic: a sleeping lock taken from irq/timer context (might_sleep);
 *   - inconsistent-irq-state: a class used in hard-irq (softirq) context and also with
 *     interrupts enabled ({HARDIRQ-ON-W} -> {IN-HARDIRQ-R} …);
 *   - freed-while-locked: freeing memory holding a lock that is held — by any context, or by
 *     an I/O in flight that lockdep was told about through a hand-off.
 *
 * Hand-off (the thing the RFC needs and Jason Gunthorpe's primitive provides): `exitHold`
 * removes a lock from the current context's stack while it stays locked and returns a token;
 * `reenterHold(token)` puts it on another context's stack. The re-entry is a transfer, not an
 * acquisition: it records no dependencies and no IRQ usage, so a read lock taken by a task and
 * re-entered by a hard-irq completion is not "inconsistent". The raw annotations `acquireAnnotation`
 * / `release` are what hch's RFC patch used (rwsem_acquire/rwsem_release from the completion) and
 * DO record IRQ usage — which is exactly the warning he reported.
 *
 * Simplifications (said here and in docs/locks.md): classes are keyed by name; IRQ-disabled
 * sections are not modelled (process and worker contexts always run with IRQs enabled); every
 * held lock gets a dependency edge to the new one (the kernel adds one from the nearest and
 * relies on transitivity — the cycles found are the same); readers are all non-recursive
 * (rwsem), so every cycle counts; the kernel stops after its first splat (debug_locks_off), the
 * model reports each distinct problem once and goes on, so a teacher sees all of them.
 */
import { type Context, type HeldLock, isAtomicContext, taskName } from '../sim/context.js';
import type { Simulator } from '../sim/simulator.js';
import type { LockdepSubkind } from '../sim/verdict.js';
import type { LockInstance } from './lock-class.js';
import {
  type ChainLink,
  badUnlockSplat,
  circularSplat,
  heldFreedSplat,
  inconsistentSplat,
  recursiveSplat,
  sleepInAtomicSplat,
  userReturnSplat,
} from './splat.js';

export type LockMode = 'read' | 'write';

export interface AcquireOptions {
  /** Took it with a trylock: cannot deadlock, so no dependency is recorded for it. */
  readonly trylock?: boolean;
  /** Nesting subclass (down_write_nested); a different subclass is a different class. */
  readonly subclass?: number;
}

/** A lock held across a hand-off between contexts (exit reader → re-enter reader). */
export interface HandoffToken {
  readonly lock: LockInstance;
  readonly mode: LockMode;
  readonly subclass: number;
  /** Context that exited the hold. */
  readonly from: string;
  used: boolean;
}

interface UsageRecord {
  /** usage name → who registered it first ("down_read by app/1") */
  readonly bits: Map<string, string>;
}

/** IRQ usage names as lockdep prints them, and which existing usages each new one conflicts with. */
const CONFLICTS: Record<string, readonly string[]> = {
  'IN-HARDIRQ-W': ['HARDIRQ-ON-W', 'HARDIRQ-ON-R'],
  'IN-HARDIRQ-R': ['HARDIRQ-ON-W'],
  'HARDIRQ-ON-W': ['IN-HARDIRQ-W', 'IN-HARDIRQ-R'],
  'HARDIRQ-ON-R': ['IN-HARDIRQ-W'],
  'IN-SOFTIRQ-W': ['SOFTIRQ-ON-W', 'SOFTIRQ-ON-R'],
  'IN-SOFTIRQ-R': ['SOFTIRQ-ON-W'],
  'SOFTIRQ-ON-W': ['IN-SOFTIRQ-W', 'IN-SOFTIRQ-R'],
  'SOFTIRQ-ON-R': ['IN-SOFTIRQ-W'],
};

const USAGES = {
  irq: { read: ['IN-HARDIRQ-R'], write: ['IN-HARDIRQ-W'] },
  timer: { read: ['IN-SOFTIRQ-R'], write: ['IN-SOFTIRQ-W'] },
  task: { read: ['HARDIRQ-ON-R', 'SOFTIRQ-ON-R'], write: ['HARDIRQ-ON-W', 'SOFTIRQ-ON-W'] },
} as const;

function usagesOf(ctx: Context, mode: LockMode): readonly string[] {
  return USAGES[ctx.kind === 'irq' || ctx.kind === 'timer' ? ctx.kind : 'task'][mode];
}

function classKey(lock: LockInstance, subclass: number): string {
  return subclass ? `${lock.className}/${subclass}` : lock.className;
}

export class Lockdep {
  /** CONFIG_PROVE_LOCKING: when false nothing is tracked (benchmarks of the bare lock). */
  enabled = true;
  /** class → class it was taken after → first witness */
  private readonly deps = new Map<string, Map<string, ChainLink>>();
  private readonly usage = new Map<string, UsageRecord>();
  private readonly reported = new Set<string>();
  private readonly tokens = new Set<HandoffToken>();

  constructor(readonly sim: Simulator) {
    sim.onUserReturn.push((ctx, syscall) => this.checkUserReturn(ctx, syscall));
  }

  /** might_sleep(): sleeping locks must not be taken from atomic context. */
  mightSleep(ctx: Context, at: string): void {
    if (!this.enabled || !isAtomicContext(ctx)) return;
    this.splat(
      'sleep-in-atomic',
      `${ctx.name}:${at}`,
      `${taskName(ctx)} (${ctx.kind} context) called ${at}, which may sleep`,
      sleepInAtomicSplat(taskName(ctx), ctx.kind, at),
      {
        context: taskName(ctx),
        call: at,
      },
    );
  }

  /** lock_acquire(): pushes on the held stack after the recursion, dependency and IRQ checks. */
  acquire(ctx: Context, lock: LockInstance, mode: LockMode, at: string, options: AcquireOptions = {}): void {
    if (!this.enabled) return;
    const subclass = options.subclass ?? 0;
    const next: HeldLock = { lock, mode, at, subclass };
    const key = classKey(lock, subclass);
    if (!options.trylock) {
      for (const prev of ctx.held) {
        const prevKey = classKey(prev.lock as LockInstance, prev.subclass);
        if (prevKey === key) {
          this.splat(
            'recursive-locking',
            key,
            `${taskName(ctx)} takes ${lock.name} (${key}) while already holding ${prev.lock.name} of the same class`,
            recursiveSplat(taskName(ctx), next, prev),
            {
              context: taskName(ctx),
              lock: lock.name,
              held: prev.lock.name,
            },
          );
          continue;
        }
        this.addDependency(ctx, prev, prevKey, next, key);
      }
    }
    this.markUsage(ctx, next, key);
    ctx.held.push(next);
  }

  /** lock_acquire() from an annotation only (rwsem_acquire_read in a completion): same checks, no sleep. */
  acquireAnnotation(ctx: Context, lock: LockInstance, mode: LockMode, at: string): void {
    this.acquire(ctx, lock, mode, at, { trylock: true });
  }

  /** lock_release(): the lock must be on the current context's stack. Returns whether it was. */
  release(ctx: Context, lock: LockInstance, at: string): boolean {
    if (!this.enabled) return true;
    for (let i = ctx.held.length - 1; i >= 0; i--) {
      if (ctx.held[i]!.lock === lock) {
        ctx.held.splice(i, 1);
        return true;
      }
    }
    this.splat(
      'bad-unlock',
      `${ctx.name}:${lock.className}:${at}`,
      `${taskName(ctx)} (${ctx.kind} context) released ${lock.name}, which it does not hold (${at})`,
      badUnlockSplat(taskName(ctx), lock.name, lock.className, at, ctx.held),
      {
        context: taskName(ctx),
        lock: lock.name,
        call: at,
      },
    );
    return false;
  }

  /**
   * lock_downgrade(): the context's write hold of `lock` becomes a read hold, in place (same
   * position in the stack, no new dependency). Not held: a bad unlock, as lock_downgrade warns.
   */
  downgrade(ctx: Context, lock: LockInstance, at: string): void {
    const i = ctx.held.findIndex((h) => h.lock === lock);
    if (i < 0) {
      this.release(ctx, lock, at);
      return;
    }
    ctx.held[i] = { ...ctx.held[i]!, mode: 'read', at };
  }

  /** Hand-off, first half: the lock stays locked, tracking leaves this context. */
  exitHold(ctx: Context, lock: LockInstance, at: string): HandoffToken {
    const entry = ctx.held.find((h) => h.lock === lock);
    const token: HandoffToken = { lock, mode: entry?.mode ?? 'read', subclass: entry?.subclass ?? 0, from: taskName(ctx), used: false };
    this.release(ctx, lock, at);
    this.tokens.add(token);
    return token;
  }

  /** Hand-off, second half: another context takes over the hold (no new dependencies, no IRQ usage). */
  reenterHold(ctx: Context, token: HandoffToken, at: string): void {
    this.tokens.delete(token);
    if (!this.enabled) return;
    ctx.held.push({ lock: token.lock, mode: token.mode, at, subclass: token.subclass });
  }

  /** Locks handed off and not yet re-entered (held by in-flight work). */
  inFlight(lock: LockInstance): HandoffToken[] {
    return [...this.tokens].filter((t) => t.lock === lock && !t.used);
  }

  /** debug_check_no_locks_freed(): memory holding these locks is being freed. */
  checkFree(ctx: Context, what: string, locks: readonly LockInstance[]): void {
    if (!this.enabled) return;
    // Who holds the locks, and who has finished, is in each context's own state (footprint.ts).
    if (this.sim.footprints) for (const c of this.sim.contexts) this.sim.readContext(c);
    for (const lock of locks) {
      if (lock.freeable) continue;
      const heldBy = this.sim.contexts.filter((c) => c.state !== 'done' && c.held.some((h) => h.lock === lock));
      const handedOff = this.inFlight(lock);
      if (heldBy.length === 0 && handedOff.length === 0 && !lock.isLocked()) continue;
      const holders = [
        ...heldBy.map(taskName),
        ...handedOff.map((t) => `in flight (handed off by ${t.from})`),
        ...(heldBy.length === 0 && handedOff.length === 0 ? ['an untracked (non-owner) holder'] : []),
      ];
      const held = heldBy.flatMap((c) => c.held.filter((h) => h.lock === lock));
      this.splat(
        'freed-while-locked',
        `${lock.name}:${what}`,
        `${taskName(ctx)} frees ${what} while ${lock.name} is still held by ${holders.join(', ')}`,
        heldFreedSplat(taskName(ctx), what, held, holders),
        {
          context: taskName(ctx),
          lock: lock.name,
          holders,
        },
      );
    }
  }

  private checkUserReturn(ctx: Context, syscall: string): void {
    if (!this.enabled || ctx.held.length === 0) return;
    this.splat(
      'held-at-user-return',
      `${ctx.name}:${ctx.held.map((h) => h.lock.className).join(',')}`,
      `${taskName(ctx)} returned to user space from ${syscall} holding ${ctx.held.map((h) => h.lock.name).join(', ')}`,
      userReturnSplat(taskName(ctx), syscall, ctx.held),
      {
        context: taskName(ctx),
        held: ctx.held.map((h) => h.lock.name),
      },
    );
  }

  private addDependency(ctx: Context, prev: HeldLock, prevKey: string, next: HeldLock, nextKey: string): void {
    let out = this.deps.get(prevKey);
    if (!out) this.deps.set(prevKey, (out = new Map()));
    if (out.has(nextKey)) return; // chain already validated (the kernel's chain-hash cache)
    const path = this.findPath(nextKey, prevKey);
    const link: ChainLink = { from: prevKey, to: nextKey, task: taskName(ctx) };
    out.set(nextKey, link);
    if (!path) return;
    this.splat(
      'circular-dependency',
      [prevKey, nextKey].sort().join('<->'),
      `${taskName(ctx)} takes ${next.lock.name} while holding ${prev.lock.name}, but ${nextKey} → ${prevKey} was seen before (${path.map((l) => l.task).join(', ')}): AB-BA order`,
      circularSplat(taskName(ctx), next, prev, path, ctx.held),
      {
        context: taskName(ctx),
        holding: prev.lock.name,
        acquiring: next.lock.name,
        chain: path,
      },
    );
  }

  /** Breadth-first search for a dependency path from → to; returns its links. */
  private findPath(from: string, to: string): ChainLink[] | null {
    const via = new Map<string, ChainLink | null>([[from, null]]);
    const queue = [from];
    while (queue.length > 0) {
      const node = queue.shift()!;
      if (node === to) {
        const links: ChainLink[] = [];
        for (let l = via.get(node); l; l = via.get(l.from)) links.unshift(l);
        return links;
      }
      for (const [n, link] of this.deps.get(node) ?? []) {
        if (!via.has(n)) {
          via.set(n, link);
          queue.push(n);
        }
      }
    }
    return null;
  }

  private markUsage(ctx: Context, lock: HeldLock, key: string): void {
    let record = this.usage.get(key);
    if (!record) this.usage.set(key, (record = { bits: new Map() }));
    for (const usage of usagesOf(ctx, lock.mode)) {
      if (record.bits.has(usage)) continue;
      for (const old of CONFLICTS[usage]!) {
        const by = record.bits.get(old);
        if (by === undefined) continue;
        this.splat(
          'inconsistent-irq-state',
          `${key}:${old}:${usage}`,
          `${key} is used in ${ctx.kind} context by ${taskName(ctx)} ({${usage}}) and elsewhere with interrupts enabled ({${old}}, ${by})`,
          inconsistentSplat(taskName(ctx), lock, old, usage, by),
          {
            context: taskName(ctx),
            lock: lock.lock.name,
            old,
            new: usage,
          },
        );
      }
      record.bits.set(usage, `${lock.at} by ${taskName(ctx)}`);
    }
  }

  private splat(subkind: LockdepSubkind, dedupKey: string, message: string, splat: string, details: Record<string, unknown>): void {
    const key = `${subkind}|${dedupKey}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.sim.report('lockdep', `lockdep ${subkind}: ${message}`, { ...details, splat }, subkind);
  }
}
