/**
 * atomic_t used as a reference count, the open-coded half of the fenced-object pattern
 * (object-api.ts): include/linux/atomic.h's atomic_inc, atomic_inc_not_zero and
 * atomic_dec_and_test, each one atomic step. The kernel's kref and refcount_t add saturation
 * and WARNs; plain atomic_t, which the open-coded pattern often uses, has neither, so the model
 * has none: a count that underflows just goes negative.
 *
 * `completion`: the completion its last put fires (`if (atomic_dec_and_test(&c)) complete(&done)`),
 * which also names who the destroyer waits for, for the starvation oracle: a reader taking a
 * reference while the destroyer sleeps on that completion barges past it.
 */
import type { Context } from '../sim/context.js';
import { type AccessRecorder, shared } from '../sim/footprint.js';
import type { Sim } from '../sim/sim.js';
import { taskName } from '../sim/context.js';
import type { Completion } from './completion.js';
import type { Lockdep } from './lockdep.js';
import { emitLock } from './simple-lock.js';

const ATOMIC_UNTRACKED: ReadonlySet<keyof Atomic> = new Set<keyof Atomic>(['lockdep', 'name', 'key']);

export class Atomic {
  /** Footprint key ('' when the run records no footprints). */
  readonly key: string;
  completion: Completion | null = null;
  freed = false;
  /** Who holds the references (context names), for the wait-for graph: the completion waits for them. */
  readonly refs: string[];

  constructor(
    readonly lockdep: Lockdep,
    readonly name: string,
    public value = 0,
  ) {
    this.key = lockdep.sim.footprints ? `atomic:${name}` : '';
    this.refs = Array.from({ length: value }, () => 'the initial reference');
    return shared(lockdep.sim as AccessRecorder, this, this.key, ATOMIC_UNTRACKED);
  }
}

/** Memory that was kfree'd: any access is a use-after-free (KASAN would say slab-use-after-free). */
export function objectAlive(lockdep: Lockdep, what: { readonly name: string; readonly freed: boolean }, call: string): void {
  if (!what.freed) return;
  const ctx = lockdep.sim.current;
  lockdep.sim.report('use-after-free', `${taskName(ctx)} called ${call} on ${what.name} after its memory was freed`, {
    context: taskName(ctx),
    object: what.name,
    call,
  });
}

export function* atomic_inc(a: Atomic): Sim<void> {
  yield 'atomic_inc';
  objectAlive(a.lockdep, a, 'atomic_inc');
  a.value++;
  takeRef(a);
}

/** Takes a reference unless the count already hit zero (kref_get_unless_zero): no bias against a waiting destroyer. */
export function* atomic_inc_not_zero(a: Atomic): Sim<boolean> {
  yield 'atomic_inc_not_zero';
  objectAlive(a.lockdep, a, 'atomic_inc_not_zero');
  if (a.value === 0) {
    emitLock(a.lockdep.sim, a.name, a.lockdep.sim.current, 'trylock-fail', 'read');
    return false;
  }
  a.value++;
  takeRef(a);
  return true;
}

/** Drops a reference; true when it was the last (the caller then completes). */
export function* atomic_dec_and_test(a: Atomic): Sim<boolean> {
  yield 'atomic_dec_and_test';
  objectAlive(a.lockdep, a, 'atomic_dec_and_test');
  a.value--;
  const sim = a.lockdep.sim;
  const i = a.refs.indexOf(taskName(sim.current));
  a.refs.splice(Math.max(i, 0), 1);
  emitLock(sim, a.name, sim.current, 'release', 'read');
  return a.value === 0;
}

/** A new reference, traced as a read hold of the open-coded rwsem it is; one taken while the destroyer sleeps on the count's completion passes it by. */
function takeRef(a: Atomic): void {
  const sim = a.lockdep.sim;
  a.refs.push(taskName(sim.current));
  emitLock(sim, a.name, sim.current, 'acquire', 'read');
  const c = a.completion;
  if (!c) return;
  a.lockdep.sim.access(c.wq.key, 'read');
  const head: Context | undefined = c.wq.waiters[0];
  a.lockdep.starvation.barged(c.wq, `${a.name} to drop to zero (completion ${c.name})`, head);
}
