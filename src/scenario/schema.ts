/**
 * Scenario file format v1 (design §7, a contract): YAML or JSON, validated with zod. Unknown
 * keys are errors so that a typo never passes silently. Cross-field rules (unique ids, `wait.for`
 * naming an earlier AIO of the same task, `after` naming another task's op and forming no cycle,
 * files that exist, sizes within the device, direct I/O aligned to the sector) are checked after
 * the shape, in validate.ts.
 */
import { z } from 'zod';
import type { OpKind as CheckedOpKind } from '../check/oracle-scenario.js';
import {
  IRQ_FLAG_OPS,
  type IrqFlagOpName,
  RCU_OPS,
  type RcuOpName,
  LOCK_OP_NAMES,
  lockApi,
  LOCK_TYPES,
  type LockOpName,
  type LockTypeName,
} from '../locks/lock-api.js';

/**
 * What a scenario may ask for, in one place (README "Scenario files"). Each cap keeps an accepted
 * scenario runnable in seconds and memory a laptop has:
 * - the disk is described, not held: only blocks a run writes partially take memory, and an
 *   initial fill is one run however large (src/vfs/run-map.ts), so 4 GiB devices and files cost
 *   what the scenario touches. `deviceBlocks` keeps block numbers and file offsets exact;
 * - durations are virtual µs held as integer ns: at most 1 s each keeps 9 million of them end to
 *   end below 2^53 ns, where integers stay exact;
 * - a scenario file is read whole (`fileBytes`); counts are far above any hand-written scenario and
 *   `aiosim bench`'s workloads, and far below what would take minutes just to validate.
 */
export const LIMITS = {
  /** geometry.blockSize: a power of two from 512 to 64 KiB (the largest block Linux file systems mount). */
  blockSize: { min: 512, max: 65_536 },
  /** geometry.blocks */
  deviceBlocks: 2 ** 20,
  /** geometry.blockSize × geometry.blocks */
  deviceBytes: 2 ** 32,
  /** The size of a scenario file on disk. */
  fileBytes: 2 ** 20,
  tasks: 1024,
  files: 1024,
  /** Named locks of a lock program. */
  locks: 1024,
  /** Ops over all tasks. */
  ops: 1_000_000,
  /** Any duration: sleep.us, device.latency, cpu costs. */
  us: 1_000_000,
} as const;

const name = z.string().regex(/^[a-z0-9-]+$/, 'expected lowercase letters, digits and dashes');
const nat = z.number().int().min(0);
const positive = z.number().int().min(1);
const durationUs = nat.max(LIMITS.us);
/** Bit operations are exact here: both bounds are below 2^31. */
const powerOfTwo = (min: number, max: number) =>
  z.number().refine((v) => Number.isInteger(v) && v >= min && v <= max && (v & (v - 1)) === 0, `expected a power of two from ${min} to ${max}`);
const fill = z
  .string()
  .length(1, 'expected exactly one character')
  .refine((c) => c.charCodeAt(0) > 0 && c.charCodeAt(0) < 128, 'expected one printable ASCII character');
const path = z.string().regex(/^\/[A-Za-z0-9._/-]+$/, 'expected an absolute path like /a');
const common = { id: name.optional(), after: name.optional() };

const io = { file: path, offset: nat, length: positive };
const fileOps = [
  z.strictObject({ op: z.literal('aio_write'), ...io, fill, ctx: name.optional(), ...common }),
  z.strictObject({ op: z.literal('aio_read'), ...io, ctx: name.optional(), ...common }),
  z.strictObject({ op: z.literal('write'), ...io, fill, direct: z.boolean().default(true), ...common }),
  z.strictObject({ op: z.literal('read'), ...io, direct: z.boolean().default(true), ...common }),
  z.strictObject({ op: z.literal('wait'), for: name.optional(), ...common }),
  z.strictObject({ op: z.literal('truncate'), file: path, size: nat, ...common }),
  z.strictObject({
    op: z.literal('fallocate'),
    file: path,
    mode: z.enum(['allocate', 'keep_size', 'punch_hole', 'zero_range']),
    offset: nat,
    length: positive,
    ...common,
  }),
  z.strictObject({ op: z.literal('fsync'), file: path, ...common }),
  z.strictObject({ op: z.literal('create'), file: path, ...common }),
  z.strictObject({ op: z.literal('unlink'), file: path, ...common }),
  z.strictObject({ op: z.literal('close'), file: path, ...common }),
  z.strictObject({ op: z.literal('sleep'), us: durationUs.min(1), ...common }),
  /** FIFREEZE / FITHAW on the file system (freeze_super / thaw_super). */
  z.strictObject({ op: z.literal('freeze'), ...common }),
  z.strictObject({ op: z.literal('thaw'), ...common }),
  /** io_setup(2) of a named AIO context of this task (without one, a task's AIO uses an implicit context); io_destroy(2) of it (no `ctx`: the implicit one). */
  z.strictObject({ op: z.literal('io_setup'), ctx: name, ...common }),
  z.strictObject({ op: z.literal('io_destroy'), ctx: name.optional(), ...common }),
] as const;

/**
 * Lock programs (issue "lockdep as the kernel's own"): tasks whose ops are the kernel's lock
 * API on locks the scenario declares, irq-state changes, interrupt blocks and kfree. They run
 * as kernel threads (no syscall, no return to user space). lock-api.ts lists the operations.
 */
const lockRef = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'expected a lock name like A, x_lock or lock-a');
/** lockdep's MAX_LOCKDEP_SUBCLASSES is 8. */
const subclass = nat.max(7);
/** A trylock with `retry: true` tries again until it succeeds: `while (!spin_trylock(&l)) cpu_relax();`. */
const retry = z.boolean().optional();
const lockOp = (name: LockOpName) =>
  z.strictObject({
    op: z.literal(name),
    lock: lockRef,
    ...(lockApi(name).nested ? { subclass } : {}),
    // `if (atomic_dec_and_test(&count)) complete(&done);` in one op (object-api.ts).
    ...(name === 'atomic_dec_and_test' ? { complete: lockRef.optional() } : {}),
    ...(lockApi(name).action === 'trylock' ? { retry } : {}),
    ...common,
  });
const kernelOps = [
  ...LOCK_OP_NAMES.map(lockOp),
  ...[...IRQ_FLAG_OPS, ...RCU_OPS].map((name) => z.strictObject({ op: z.literal(name), ...common })),
  /** Free (or re-initialize) the memory holding a lock: debug_check_no_locks_freed, then any use is a use-after-free. */
  z.strictObject({ op: z.literal('kfree'), lock: lockRef, ...common }),
];

interface Common {
  readonly id?: string;
  readonly after?: string;
}
/** A call of the kernel lock API on a declared lock. */
export interface LockCallOp extends Common {
  readonly op: LockOpName;
  readonly lock: string;
  readonly subclass?: number;
  /** atomic_dec_and_test: the completion to complete when the count reaches zero. */
  readonly complete?: string;
  /** A trylock that tries again until it succeeds (a busy loop: the context keeps running). */
  readonly retry?: boolean;
}
export interface IrqFlagOp extends Common {
  readonly op: IrqFlagOpName | RcuOpName;
}
export interface KfreeOp extends Common {
  readonly op: 'kfree';
  readonly lock: string;
}
/** What may run inside an interrupt block. */
export type KernelOp = LockCallOp | IrqFlagOp | KfreeOp;
/** An interrupt of this task: here (once interrupts are enabled), or with `any: true` at any op boundary from here on. */
export interface InterruptOp extends Common {
  readonly op: 'hardirq' | 'softirq';
  readonly ops: readonly KernelOp[];
  readonly any: boolean;
  /** A hard-irq handler that would be threaded under force_irqthreads (default): it may take spinlock_t. */
  readonly threaded: boolean;
}
/** queue_work(): the ops run later in a kworker of their own, which may sleep (object-api.ts: the hand-off of the pattern). */
export interface WorkOp extends Common {
  readonly op: 'queue_work';
  readonly ops: readonly KernelOp[];
}
export type LockProgramOp = KernelOp | InterruptOp | WorkOp;

const kernelOp = z.discriminatedUnion('op', kernelOps as unknown as [z.ZodObject, ...z.ZodObject[]]) as unknown as z.ZodType<KernelOp>;
const interrupt = (kind: 'hardirq' | 'softirq') =>
  z.strictObject({
    op: z.literal(kind),
    ops: z.array(kernelOp).min(1),
    any: z.boolean().default(false),
    ...(kind === 'hardirq' ? { threaded: z.boolean().default(true) } : {}),
    ...common,
  });

const work = z.strictObject({ op: z.literal('queue_work'), ops: z.array(kernelOp).min(1), ...common });

const fileOp = z.discriminatedUnion('op', fileOps);
export type FileOp = z.infer<typeof fileOp>;
const op = z.discriminatedUnion('op', [...fileOps, ...kernelOps, interrupt('hardirq'), interrupt('softirq'), work] as unknown as [
  z.ZodObject,
  ...z.ZodObject[],
]) as unknown as z.ZodType<FileOp | LockProgramOp>;

export const scenarioSchema = z.strictObject({
  version: z.literal(1),
  name,
  title: z.string().min(1),
  description: z.string().default(''),
  references: z.array(z.string()).default([]),
  fs: z.string().default('diocount'),
  /**
   * Kernel configuration the model follows: HZ (the rwsem handoff deadline is in jiffies),
   * writer optimistic spinning of rwsems (off: every writer queues at once), and lockdep's
   * reporting (`all`: each distinct problem once; `first`: lockdep turns itself off after its
   * first report, as the kernel's debug_locks_off() does).
   */
  kernel: z
    .strictObject({
      hz: z.union([z.literal(100), z.literal(250), z.literal(300), z.literal(1000)]).default(1000),
      rwsem_spin: z.boolean().default(false),
      lockdep: z.enum(['all', 'first']).default('all'),
      /** lib/locking-selftest.c sets it for most of its tests: lockdep treats every rwlock_t reader as recursive. */
      force_read_lock_recursive: z.boolean().default(false),
    })
    .default({ hz: 1000, rwsem_spin: false, lockdep: 'all', force_read_lock_recursive: false }),
  locks: z
    .array(
      z.strictObject({
        name: lockRef,
        type: z.enum(LOCK_TYPES as [LockTypeName, ...LockTypeName[]]),
        class: z.string().min(1).optional(),
        /** An atomic's initial count (default 0; 1 is the initial reference of kref_init). */
        value: nat.max(1_000_000).optional(),
      }),
    )
    .max(LIMITS.locks)
    .default([]),
  /**
   * The starvation oracle (locks/starvation.ts): a sleeping first waiter passed by `after`
   * takes of what it waits for, by arrivals that did not queue behind it.
   */
  starvation: z.strictObject({ after: positive.max(1000).default(3) }).default({ after: 3 }),
  geometry: z
    .strictObject({
      blockSize: powerOfTwo(LIMITS.blockSize.min, LIMITS.blockSize.max).default(4096),
      blocks: positive.max(LIMITS.deviceBlocks).default(64),
      /**
       * The device's logical sector (`bdev_logical_block_size`), default 512, at most blockSize:
       * direct I/O offsets and lengths must be multiples of it (Linux returns -EINVAL otherwise).
       * Below 512 is no real device: a model of byte-granular direct I/O (mixed-aio-workload).
       */
      sectorSize: powerOfTwo(1, LIMITS.blockSize.max).optional(),
    })
    .default({ blockSize: 4096, blocks: 64 }),
  device: z
    .strictObject({
      queueDepth: positive.max(1024).default(4),
      /**
       * Service time in virtual µs: uniform in [min, max] by default; `fixed` is always min;
       * `exponential` and `lognormal` have the given `mean` (default the midpoint), clipped to [min, max].
       */
      latency: z
        .strictObject({
          min: durationUs,
          max: durationUs,
          distribution: z.enum(['uniform', 'fixed', 'exponential', 'lognormal']).default('uniform'),
          mean: durationUs.optional(),
        })
        .refine((l) => l.min <= l.max, 'expected min ≤ max')
        .default({ min: 50, max: 500, distribution: 'uniform' }),
    })
    .default({ queueDepth: 4, latency: { min: 50, max: 500, distribution: 'uniform' } }),
  /** Optional CPU costs in virtual µs (default 0): per bio submitted, per lock hand-off, per completion. */
  cpu: z
    .strictObject({ submit: durationUs.default(0), handoff: durationUs.default(0), completion: durationUs.default(0) })
    .default({ submit: 0, handoff: 0, completion: 0 }),
  files: z
    .array(z.strictObject({ path, size: nat, fill: fill.optional() }))
    .max(LIMITS.files)
    .default([]),
  tasks: z
    .array(z.strictObject({ name, ops: z.array(op).min(1).max(LIMITS.ops) }))
    .min(1)
    .max(LIMITS.tasks),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioOp = Scenario['tasks'][number]['ops'][number];
/** The kinds of file ops: what the oracles judge (lock program ops are not in the history). */
export type OpKind = FileOp['op'];
export type LockDecl = Scenario['locks'][number];

/** A lock program op (a kernel thread's lock call, irq change, interrupt or kfree), not a file op. */
export function isLockProgramOp(op: ScenarioOp): op is LockProgramOp {
  return !FILE_OP_KINDS.has(op.op);
}
const FILE_OP_KINDS: ReadonlySet<string> = new Set(fileOps.map((o) => o.shape.op.value));

// The oracles' own list of op kinds (check/oracle-scenario.ts) must be this one, both ways.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _sameOpKinds: Same<OpKind, CheckedOpKind> = true;
void _sameOpKinds;
