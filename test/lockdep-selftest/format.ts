/**
 * The lock-program scenario format (issue 14, "Lock programs in scenarios") as these case files
 * use it — a zod schema of this port's own, so the files can be checked while the engine (and
 * its schema in src/scenario/schema.ts) has not landed. It is stricter than the engine needs to
 * be on one point: every lock op must fit its lock's type (spin_lock on a spinlock, read_lock on
 * an rwlock, …), and locks sharing a `class` must share a type.
 *
 * Three keys go beyond the format of the brief; they are the smallest extensions the selftest
 * needs, proposed in docs/lockdep-selftest.md, and `extensionsOf` names them per case:
 *   - `kernel.force_read_lock_recursive` — the selftest's own knob (lockdep.c
 *     read_lock_is_recursive()): read_lock() is a recursive reader in process context too;
 *   - `hardirq.threaded: false` — a handler lockdep does not see as force-threadable
 *     (no lockdep_hardirq_threaded(): timer, IPI, IRQF_NO_THREAD), LD_WAIT_SPIN instead of CONFIG;
 *   - `rcu_read_lock`, `rcu_read_lock_bh`, `rcu_read_lock_sched` and their unlocks.
 */
import { z } from 'zod';

export const LOCK_TYPES = ['rwsem', 'mutex', 'spinlock', 'rwlock', 'raw_spinlock'] as const;
export type LockType = (typeof LOCK_TYPES)[number];

const spinOps = <P extends string>(p: P) =>
  [
    `${p}_lock`,
    `${p}_unlock`,
    `${p}_lock_irq`,
    `${p}_unlock_irq`,
    `${p}_lock_irqsave`,
    `${p}_unlock_irqrestore`,
    `${p}_lock_bh`,
    `${p}_unlock_bh`,
    `${p}_trylock`,
    `${p}_lock_nested`,
  ] as const;
const rwOps = <P extends string>(p: P) =>
  [
    `${p}_lock`,
    `${p}_unlock`,
    `${p}_lock_irq`,
    `${p}_unlock_irq`,
    `${p}_lock_irqsave`,
    `${p}_unlock_irqrestore`,
    `${p}_lock_bh`,
    `${p}_unlock_bh`,
    `${p}_trylock`,
  ] as const;

/** The lock ops of each lock type, with the kernel's names. */
export const OPS_OF_TYPE = {
  rwsem: [
    'down_read',
    'down_write',
    'up_read',
    'up_write',
    'down_read_trylock',
    'down_write_trylock',
    'downgrade_write',
    'down_read_nested',
    'down_write_nested',
  ],
  mutex: ['mutex_lock', 'mutex_unlock', 'mutex_trylock', 'mutex_lock_nested'],
  spinlock: spinOps('spin'),
  raw_spinlock: spinOps('raw_spin'),
  rwlock: [...rwOps('read'), ...rwOps('write')],
} as const satisfies Record<LockType, readonly string[]>;
export type LockOpName = (typeof OPS_OF_TYPE)[LockType][number];
export const LOCK_OPS = Object.values(OPS_OF_TYPE).flat() as [LockOpName, ...LockOpName[]];
export const IRQ_STATE_OPS = ['local_irq_disable', 'local_irq_enable', 'local_bh_disable', 'local_bh_enable'] as const;
/** Proposed extension: RCU read-side sections (rcu_lock_map, rcu_bh_lock_map, rcu_sched_lock_map). */
export const RCU_OPS = ['rcu_read_lock', 'rcu_read_unlock', 'rcu_read_lock_bh', 'rcu_read_unlock_bh', 'rcu_read_lock_sched', 'rcu_read_unlock_sched'] as const;

const name = z.string().regex(/^[a-z0-9-]+$/, 'expected lowercase letters, digits and dashes');

/** Ops without a lock: the irq state and (proposed) RCU read-side sections. */
export type PlainOp = (typeof IRQ_STATE_OPS)[number] | (typeof RCU_OPS)[number];
export type LockOp = { op: LockOpName; lock: string; subclass?: number };
export type Op = LockOp | { op: 'hardirq'; threaded?: boolean; ops: Op[] } | { op: 'softirq'; ops: Op[] } | { op: PlainOp } | { op: 'kfree'; lock: string };

const opSchema: z.ZodType<Op> = z.lazy(() =>
  z.union([
    z.strictObject({ op: z.enum(LOCK_OPS), lock: name, subclass: z.number().int().min(0).max(7).optional() }),
    z.strictObject({ op: z.literal('hardirq'), threaded: z.boolean().optional(), ops: z.array(opSchema).min(1) }),
    z.strictObject({ op: z.literal('softirq'), ops: z.array(opSchema).min(1) }),
    z.strictObject({ op: z.enum(IRQ_STATE_OPS) }),
    z.strictObject({ op: z.enum(RCU_OPS) }),
    z.strictObject({ op: z.literal('kfree'), lock: name }),
  ]),
);

export const lockProgramSchema = z.strictObject({
  version: z.literal(1),
  name,
  title: z.string().min(1),
  description: z.string(),
  references: z.array(z.string()).optional(),
  kernel: z.strictObject({ lockdep: z.enum(['first', 'all']).optional(), force_read_lock_recursive: z.boolean().optional() }).optional(),
  locks: z.array(z.strictObject({ name, type: z.enum(LOCK_TYPES), class: name.optional() })),
  tasks: z.array(z.strictObject({ name, ops: z.array(opSchema).min(1) })).min(1),
});
export type LockProgram = z.infer<typeof lockProgramSchema>;

/** Cross-field rules: unique lock names, known locks, ops that fit the lock's type, `subclass` only on *_nested, one type per class. */
export function checkLockProgram(p: LockProgram): string[] {
  const problems: string[] = [];
  const types = new Map<string, LockType>();
  const classTypes = new Map<string, LockType>();
  for (const l of p.locks) {
    if (types.has(l.name)) problems.push(`locks: "${l.name}" is declared twice`);
    types.set(l.name, l.type);
    const cls = l.class ?? l.name;
    const other = classTypes.get(cls);
    if (other && other !== l.type) problems.push(`locks: class "${cls}" holds a ${other} and a ${l.type}`);
    classTypes.set(cls, l.type);
  }
  const walk = (ops: readonly Op[], where: string): void => {
    for (const [i, o] of ops.entries()) {
      const at = `${where}[${i}]`;
      if ('ops' in o) walk(o.ops, `${at}.ops`);
      if (!('lock' in o)) continue;
      const type = types.get(o.lock);
      if (!type) problems.push(`${at}.lock: "${o.lock}" is not in locks`);
      else if (o.op !== 'kfree' && !(OPS_OF_TYPE[type] as readonly string[]).includes(o.op))
        problems.push(`${at}: ${o.op} does not apply to ${o.lock}, a ${type}`);
      if ('subclass' in o && o.subclass !== undefined && !o.op.endsWith('_nested')) problems.push(`${at}.subclass: only *_nested ops take a subclass`);
    }
  };
  for (const [i, t] of p.tasks.entries()) walk(t.ops, `tasks[${i}].ops`);
  return problems;
}

/** The proposed extensions a lock program uses (empty: the brief's format says it all). */
export function extensionsOf(p: LockProgram): string[] {
  const found = new Set<string>();
  if (p.kernel?.force_read_lock_recursive !== undefined) found.add('kernel.force_read_lock_recursive');
  const walk = (ops: readonly Op[]): void => {
    for (const o of ops) {
      if (o.op === 'hardirq' && 'threaded' in o && o.threaded !== undefined) found.add('hardirq.threaded');
      if ((RCU_OPS as readonly string[]).includes(o.op)) found.add('rcu_read_lock');
      if ('ops' in o) walk(o.ops);
    }
  };
  for (const t of p.tasks) walk(t.ops);
  return [...found].sort();
}
