/**
 * RCU read-side critical sections as lockdep sees them (include/linux/rcupdate.h): each flavour
 * has one lockdep map, acquired as a recursive reader without validation (lock_acquire(map, 0,
 * 0, 2, 0, …): check = 0), so it takes part in no dependency, but it is on the held-lock stack
 * and counts for the wait-context check: rcu_read_lock's map has wait_type_inner LD_WAIT_CONFIG
 * (nothing that may sleep inside it), rcu_read_lock_sched's LD_WAIT_SPIN, and all may be
 * entered anywhere (outer LD_WAIT_FREE). The _bh flavour also disables softirqs, _sched
 * preemption. Grace periods are not modelled: nothing here waits for readers.
 */
import type { Context } from '../sim/context.js';
import { local_bh_disable, local_bh_enable, preempt_disable, preempt_enable } from './irqflags.js';
import { LD_WAIT_CONFIG, LD_WAIT_FREE, LD_WAIT_SPIN, type LockInstance, lockClass } from './lock-class.js';
import type { RcuOpName } from './lock-api.js';
import type { Lockdep } from './lockdep.js';

type Flavour = 'rcu_read_lock' | 'rcu_read_lock_bh' | 'rcu_read_lock_sched';

const maps = new WeakMap<Lockdep, Map<Flavour, LockInstance>>();

/** rcu_lock_map, rcu_bh_lock_map, rcu_sched_lock_map: one per lockdep (per run). */
function mapOf(lockdep: Lockdep, flavour: Flavour): LockInstance {
  let byFlavour = maps.get(lockdep);
  if (!byFlavour) maps.set(lockdep, (byFlavour = new Map()));
  let map = byFlavour.get(flavour);
  if (!map) {
    map = {
      name: flavour,
      className: flavour,
      cls: lockClass(flavour),
      waitInner: flavour === 'rcu_read_lock_sched' ? LD_WAIT_SPIN : LD_WAIT_CONFIG,
      waitOuter: LD_WAIT_FREE,
      isLocked: () => false,
      freed: false,
      freeable: true,
    };
    byFlavour.set(flavour, map);
  }
  return map;
}

export function rcuOp(lockdep: Lockdep, ctx: Context, op: RcuOpName): void {
  const flavour = op.replace('_unlock', '_lock') as Flavour;
  const map = mapOf(lockdep, flavour);
  if (op.includes('_unlock')) {
    lockdep.release(ctx, map, op);
    if (flavour === 'rcu_read_lock_bh') local_bh_enable(lockdep, ctx, op);
    if (flavour === 'rcu_read_lock_sched') preempt_enable(ctx);
    return;
  }
  if (flavour === 'rcu_read_lock_bh') local_bh_disable(lockdep, ctx, op);
  if (flavour === 'rcu_read_lock_sched') preempt_disable(ctx);
  lockdep.acquire(ctx, map, 'read', op, { read: 2, unchecked: true });
}
