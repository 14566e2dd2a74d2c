/**
 * The text lockdep prints, field for field: a pure rendering of the kernel's print functions
 * (kernel/locking/lockdep.c as of 6.19/linux-next, plus the warnings that travel with it).
 * Data in, the kernel's dmesg lines out; nothing here knows the simulator, so an engine only
 * has to collect the facts and call one function per splat type:
 *
 *   printDeadlockBug             print_deadlock_bug          possible recursive locking detected
 *   printCircularBug             print_circular_bug          possible circular locking dependency detected
 *   printBadIrqDependency        print_bad_irq_dependency    HARDIRQ-safe -> HARDIRQ-unsafe lock order detected
 *   printIrqInversionBug         print_irq_inversion_bug     possible irq lock inversion dependency detected
 *   printUsageBug                print_usage_bug             inconsistent lock state
 *   printLockInvalidWaitContext  print_lock_invalid_wait_context   [ BUG: Invalid wait context ]
 *   printUnlockImbalanceBug      print_unlock_imbalance_bug  bad unlock balance detected!
 *   printLockContentionBug       print_lock_contention_bug   bad contention detected! (CONFIG_LOCK_STAT)
 *   printFreedLockBug            print_freed_lock_bug        held lock freed! (debug_check_no_locks_freed)
 *   printHeldLocksBug            print_held_locks_bug        still has locks held! (debug_check_no_locks_held)
 *   lockdepSysExit               lockdep_sys_exit            lock held when returning to user space!
 *   workqueueLeak                process_one_work            BUG: workqueue leaked atomic, lock or RCU
 *   mightResched                 __might_resched             BUG: sleeping function called from invalid context
 *   debugRwsemsWarnOn            DEBUG_RWSEMS_WARN_ON        kernel/locking/rwsem.c WARN_ONCE + __warn()
 *
 * The building blocks keep the kernel's names too: usageChars (get_usage_chars), usageChar
 * (get_usage_char), printLockName, printLock, lockdepPrintHeldLocks, printKernelIdent,
 * printIrqtraceEvents, printLockTrace (stack_trace_print), dumpStack (dump_stack_lvl on x86-64).
 *
 * How printk becomes lines: pr_warn("\n") is an empty line; a message "\nfoo\n\n" is an empty
 * line, "foo" and an empty line (printk strips one trailing newline per record and splits the
 * rest); a KERN_CONT piece extends the line before it; a new record after an unterminated
 * KERN_CONT line starts a new line. Every function returns its lines joined by "\n", without a
 * trailing newline, and without the "[   12.345678]" timestamps (as `dmesg -t` prints them).
 *
 * What a simulation cannot know is printed as a stable placeholder (docs/lockdep-splats.md):
 *   - code addresses [<%px>] and data addresses %px: ADDR_PLACEHOLDER (16 zeros), unless the
 *     caller passes one (lock instances: see instanceAddress());
 *   - %pS symbol offsets: a bare function name gets SYMBOL_OFFSET ("+0x0/0x0"); a frame that
 *     already has "+0x../0x.." is printed as given;
 *   - print_kernel_ident and the dump_stack header: KERNEL_IDENT (release, version, taint,
 *     preemption model, hardware name, CPU number), overridable per call;
 *   - class keys ("... key      at:"): KEY_PLACEHOLDER unless the class names its key;
 *   - registers (RIP aside) of a WARN: omitted; the end-of-trace id is 0, as the kernel prints it.
 * task->comm is cut to 15 characters (TASK_COMM_LEN), as the kernel stores it.
 */

// ───────────────────────────── usage bits (lockdep_internals.h) ─────────────────────────────

/** enum lock_usage_bit, in the kernel's order (the order print_lock_class_header walks). */
export const USAGE_BITS = [
  'USED_IN_HARDIRQ',
  'USED_IN_HARDIRQ_READ',
  'ENABLED_HARDIRQ',
  'ENABLED_HARDIRQ_READ',
  'USED_IN_SOFTIRQ',
  'USED_IN_SOFTIRQ_READ',
  'ENABLED_SOFTIRQ',
  'ENABLED_SOFTIRQ_READ',
  'USED',
  'USED_READ',
] as const;
export type UsageBit = (typeof USAGE_BITS)[number];

/** usage_str[]: how a usage bit is named in "{...} state was registered at:" and class headers. */
export const USAGE_STR: Readonly<Record<UsageBit, string>> = {
  USED_IN_HARDIRQ: 'IN-HARDIRQ-W',
  USED_IN_HARDIRQ_READ: 'IN-HARDIRQ-R',
  ENABLED_HARDIRQ: 'HARDIRQ-ON-W',
  ENABLED_HARDIRQ_READ: 'HARDIRQ-ON-R',
  USED_IN_SOFTIRQ: 'IN-SOFTIRQ-W',
  USED_IN_SOFTIRQ_READ: 'IN-SOFTIRQ-R',
  ENABLED_SOFTIRQ: 'SOFTIRQ-ON-W',
  ENABLED_SOFTIRQ_READ: 'SOFTIRQ-ON-R',
  USED: 'INITIAL USE',
  USED_READ: 'INITIAL READ USE',
};

/** One irq state of lockdep_states.h. */
export type IrqStateName = 'HARDIRQ' | 'SOFTIRQ';

/** Anything that answers "is this usage bit set?": a Set of bits or a Usage map. */
export interface UsageBits {
  has(bit: UsageBit): boolean;
}

/**
 * get_usage_char(class, LOCK_USED_IN_<state>[_READ]): '.' neither, '+' irq enabled while held
 * (ENABLED_*, the bit two above), '-' taken in irq context (USED_IN_*), '?' both.
 */
export function usageChar(bits: UsageBits, state: IrqStateName, read: boolean): string {
  const r = read ? '_READ' : '';
  const usedIn = bits.has(`USED_IN_${state}${r}` as UsageBit);
  if (bits.has(`ENABLED_${state}${r}` as UsageBit)) return usedIn ? '?' : '+';
  return usedIn ? '-' : '.';
}

/** get_usage_chars: write and read character of each state, HARDIRQ then SOFTIRQ ("+.+."). */
export function usageChars(bits: UsageBits): string {
  return usageChar(bits, 'HARDIRQ', false) + usageChar(bits, 'HARDIRQ', true) + usageChar(bits, 'SOFTIRQ', false) + usageChar(bits, 'SOFTIRQ', true);
}

/** Function names of a call stack, innermost first: "xfs_ilock", or "xfs_ilock+0x3c/0x100". */
export type Frames = readonly string[];

/**
 * A class's accumulated usage: each bit set, with the stack saved when it was first set
 * (class->usage_traces[bit], printed under "... which became HARDIRQ-irq-safe at:" and in class
 * headers). Traces are printed verbatim: see savedTrace() for lockdep's own frames on top.
 */
export type Usage = ReadonlyMap<UsageBit, Frames>;

/** A Usage from bits alone (traces empty), for classes whose traces are never printed. */
export function usageOf(...bits: UsageBit[]): Usage {
  return new Map(bits.map((b) => [b, [] as Frames]));
}

// ───────────────────────────── wait types (lockdep_types.h) ─────────────────────────────

/**
 * enum lockdep_wait_type with CONFIG_PROVE_RAW_LOCK_NESTING=y (the default with PROVE_LOCKING
 * on current kernels): mutex/rwsem SLEEP 4, spinlock_t/rwlock_t CONFIG 3, raw_spinlock_t SPIN 2,
 * rcu_read_lock FREE 1 outer / CONFIG inner, lockdep_map of a work item INV 0.
 */
export const LD_WAIT = { INV: 0, FREE: 1, SPIN: 2, CONFIG: 3, SLEEP: 4, MAX: 5 } as const;
/** The same without PROVE_RAW_LOCK_NESTING: LD_WAIT_CONFIG = LD_WAIT_SPIN, so every later one is one lower. */
export const LD_WAIT_NO_RAW_NESTING = { INV: 0, FREE: 1, SPIN: 2, CONFIG: 2, SLEEP: 3, MAX: 4 } as const;

/** class->wait_type_inner / wait_type_outer; outer 0 means "same as inner" (printed -{outer:inner}). */
export interface WaitTypes {
  readonly inner: number;
  readonly outer: number;
}

/** task_wait_context(): the strictest wait type the current context allows, printed as context-{n:n}. */
export function taskWaitContext(
  ctx: 'process' | 'softirq' | 'hardirq' | 'threaded-hardirq',
  wait: typeof LD_WAIT | typeof LD_WAIT_NO_RAW_NESTING = LD_WAIT,
): number {
  if (ctx === 'hardirq') return wait.SPIN;
  if (ctx === 'threaded-hardirq' || ctx === 'softirq') return wait.CONFIG;
  return wait.MAX;
}

// ───────────────────────────── the data a splat is made of ─────────────────────────────

/** struct lock_class as print_lock_name prints it: (name#version/subclass){usage}-{outer:inner}. */
export interface SplatClass {
  /** class->name, e.g. "&sb->s_type->i_mutex_key" or "&ei->i_mmap_lock". */
  readonly name: string;
  /** class->name_version (count_matching_names): a second class of the same name prints "#2". */
  readonly nameVersion?: number;
  /** class->subclass (down_write_nested(sem, 1) prints "/1"); 0 prints nothing. */
  readonly subclass?: number;
  /** Accumulated usage bits with their first traces. */
  readonly usage: Usage;
  readonly wait: WaitTypes;
  /** Symbol of class->key for "... key      at:"; KEY_PLACEHOLDER when absent. */
  readonly key?: string;
}

/** struct held_lock as print_lock prints it: instance (class){usage}-{w:w}, at: acquire_ip. */
export interface SplatHeldLock {
  readonly cls: SplatClass;
  /** hlock->acquire_ip: the function that called the lock API ("xfs_ilock"). */
  readonly at: string;
  /** hlock->instance (%px); ADDR_PLACEHOLDER when absent, see instanceAddress(). */
  readonly instance?: string;
  /** hlock->read: 0 write, 1 read, 2 recursive read. Scenarios print "rlock(" for read holds. */
  readonly read?: 0 | 1 | 2;
  /** hlock->sync (lock_sync(), synchronize_srcu): the circular scenario prints "sync(". */
  readonly sync?: boolean;
}

/** current as a splat names it: comm/pid, plus what dump_stack prints about a worker. */
export interface SplatTask {
  readonly comm: string;
  readonly pid: number;
  /** Effective uid for the "CPU: ... UID:" line (default 0). */
  readonly uid?: number;
  /** A kworker running a work item: print_worker_info's "Workqueue: <wq> <fn>" line. */
  readonly workqueue?: { readonly name: string; readonly fn: string; readonly desc?: string };
}

/** print_kernel_ident and the dump_stack header: what a real kernel knows about itself. */
export interface KernelIdent {
  /** init_utsname()->release */
  readonly release: string;
  /** init_utsname()->version up to its first space ("#1") */
  readonly version: string;
  /** print_tainted() */
  readonly tainted: string;
  /** preempt_model_str() */
  readonly preempt: string;
  /** dump_stack_set_arch_desc() */
  readonly hardware: string;
  /** raw_smp_processor_id() */
  readonly cpu: number;
}

export const KERNEL_IDENT: KernelIdent = {
  release: '6.19.0-aiosim',
  version: '#1',
  tainted: 'Not tainted',
  preempt: 'PREEMPT(voluntary)',
  hardware: 'aiosim simulated machine',
  cpu: 0,
};

/** The 16 hex digits printed for an address a simulation does not have. */
export const ADDR_PLACEHOLDER = '0000000000000000';
/** The "+off/size" of %pS for a function a simulation knows only by name. */
export const SYMBOL_OFFSET = '+0x0/0x0';
/** The symbol printed for a lock class key a simulation does not name. */
export const KEY_PLACEHOLDER = '__key.0';

/**
 * A stable, distinct stand-in for a lock instance's address (the n-th lock of a run), shaped
 * like a direct-map pointer so that equal instances read equal in a splat. Optional: engines
 * may leave `instance` out and get ADDR_PLACEHOLDER.
 */
export function instanceAddress(n: number): string {
  return `ffff8880${(n * 0x100).toString(16).padStart(8, '0')}`;
}

/**
 * The stack a report prints under "stack backtrace:" (dump_stack), innermost first, starting
 * at the kernel lock API the simulated code called (down_write, mutex_lock_nested, ...). The
 * print function adds lockdep's own frames above it (REPORT_FRAMES).
 */
export interface CallStack {
  readonly frames: Frames;
  /** The x86-64 stack `frames` run on: "IRQ" for a hard/soft interrupt, "TASK" otherwise. */
  readonly on?: 'TASK' | 'IRQ';
  /** With on: "IRQ", the interrupted task's frames, printed in a <TASK> block after </IRQ>. */
  readonly interrupted?: Frames;
}

/** The irq state behind the [HC0[0]:SC0[0]:HE1:SE1] tag of print_bad_irq_dependency / print_usage_bug. */
export interface IrqState {
  /** lockdep_hardirq_context(): 1 inside a hardirq handler. */
  readonly hardirqContext: number;
  /** hardirq_count() >> HARDIRQ_SHIFT: hardirq nesting. */
  readonly hardirqCount: number;
  /** current->softirq_context: softirq handlers running on this task. */
  readonly softirqContext: number;
  /** softirq_count() >> SOFTIRQ_SHIFT: 1 per softirq being served, 2 per local_bh_disable(). */
  readonly softirqCount: number;
  /** lockdep_hardirqs_enabled() */
  readonly hardirqsEnabled: boolean;
  /** current->softirqs_enabled */
  readonly softirqsEnabled: boolean;
}

/** One of the four stamps of struct irqtrace_events: event number and the caller (ip). */
export interface IrqStamp {
  readonly event: number;
  /** Function that did the transition; absent = never (printed "0x0", as %pS of NULL). */
  readonly at?: string;
}

/** current->irqtrace: a counter bumped at every irq on/off transition, and the last of each kind. */
export interface IrqTraceEvents {
  readonly irqEvents: number;
  readonly hardirqEnable: IrqStamp;
  readonly hardirqDisable: IrqStamp;
  readonly softirqEnable: IrqStamp;
  readonly softirqDisable: IrqStamp;
}

/** One node of a BFS path printed by print_shortest_lock_dependencies[_backwards]. */
export interface DepEntry {
  readonly cls: SplatClass;
  /** The stack printed under "... acquired at:" for this node; absent = that block is not printed. */
  readonly acquiredAt?: Frames;
}

/** What every lockdep report shares: who, what they hold, where, on which kernel. */
export interface SplatBase {
  readonly task: SplatTask;
  /** current->held_locks, outermost first (" #0: " is the first taken). */
  readonly held: readonly SplatHeldLock[];
  readonly stack: CallStack;
  readonly kernel?: KernelIdent;
  /** Replaces the report's lockdep frames above stack.frames (REPORT_FRAMES). */
  readonly reportFrames?: Frames;
}

// ───────────────────────────── lockdep's own frames ─────────────────────────────

/**
 * Frames lockdep adds above the simulated stack in "stack backtrace:", per report, as an x86-64
 * 6.19 build prints them (static helpers such as check_prevs_add, validate_chain and mark_usage
 * are inlined; inlining and .part/.cold clones vary with the compiler).
 */
export const REPORT_FRAMES = {
  deadlock: ['dump_stack_lvl', 'print_deadlock_bug', '__lock_acquire', 'lock_acquire'],
  circular: ['dump_stack_lvl', 'print_circular_bug', 'check_noncircular', 'check_prev_add', '__lock_acquire', 'lock_acquire'],
  badIrq: ['dump_stack_lvl', 'print_bad_irq_dependency', 'check_irq_usage', 'check_prev_add', '__lock_acquire', 'lock_acquire'],
  invalidWait: ['dump_stack_lvl', 'print_lock_invalid_wait_context', '__lock_acquire', 'lock_acquire'],
  unlockImbalance: ['dump_stack_lvl', 'print_unlock_imbalance_bug', 'lock_release'],
  contention: ['dump_stack_lvl', 'print_lock_contention_bug', 'lock_contended'],
  freed: ['dump_stack_lvl', 'debug_check_no_locks_freed'],
  heldAtExit: ['dump_stack_lvl', 'debug_check_no_locks_held'],
  workqueue: ['dump_stack_lvl', 'process_one_work'],
  mightResched: ['dump_stack_lvl', '__might_resched'],
} as const satisfies Record<string, Frames>;

/**
 * How a usage bit gets set: by an acquire (mark_usage), or by enabling hardirqs / softirqs with
 * locks held (mark_held_locks from lockdep_hardirqs_on_prepare / lockdep_softirqs_on). It decides
 * the frames of print_usage_bug's and print_irq_inversion_bug's backtraces and of saved traces.
 */
export type MarkVia = 'acquire' | 'hardirqs_on' | 'softirqs_on';

/** mark_lock and what called it, above the simulated stack (the lock API, or the irq-enabling call). */
const MARK_FRAMES: Readonly<Record<MarkVia, Frames>> = {
  acquire: ['mark_lock', '__lock_acquire', 'lock_acquire'],
  hardirqs_on: ['mark_lock', 'mark_held_locks', 'lockdep_hardirqs_on_prepare', 'trace_hardirqs_on'],
  softirqs_on: ['mark_lock', 'mark_held_locks', 'lockdep_softirqs_on', '__local_bh_enable_ip'],
};

/**
 * The trace lockdep saves (save_trace, which skips itself and its two callers) when it records a
 * dependency (check_prev_add) or first sets a usage bit (mark_lock), given the simulated stack at
 * that moment: from an acquire it starts at lock_acquire ("-> #1 (...):\n       lock_acquire+...");
 * from spin_unlock_irq()/local_irq_enable() with locks held it starts at lockdep_hardirqs_on_prepare.
 */
export function savedTrace(frames: Frames, via: MarkVia = 'acquire'): Frames {
  return [...MARK_FRAMES[via].slice(2), ...frames];
}

/** save_trace() inside print_circular_bug / print_bad_irq_dependency: "-> #0" and the forwards root. */
function reportTrace(stack: CallStack): Frames {
  return ['check_prev_add', '__lock_acquire', 'lock_acquire', ...stack.frames];
}

// ───────────────────────────── building blocks ─────────────────────────────

/** TASK_COMM_LEN is 16: comm holds at most 15 characters. */
function comm(task: SplatTask): string {
  return task.comm.slice(0, 15);
}

function who(task: SplatTask): string {
  return `${comm(task)}/${task.pid}`;
}

/** %pS of a code address the simulation knows by name. */
export function sym(fn: string): string {
  return /\+0x[0-9a-f]+\/0x[0-9a-f]+$/.test(fn) ? fn : `${fn}${SYMBOL_OFFSET}`;
}

/** print_ip_sym: "[<address>] symbol+off/size". */
function ipSym(fn: string): string {
  return `[<${ADDR_PLACEHOLDER}>] ${sym(fn)}`;
}

/** __print_lock_name: name, "#version" when > 1, "/subclass" when non-zero. */
export function lockName(cls: SplatClass): string {
  const v = cls.nameVersion !== undefined && cls.nameVersion > 1 ? `#${cls.nameVersion}` : '';
  const s = cls.subclass ? `/${cls.subclass}` : '';
  return `${cls.name}${v}${s}`;
}

/** print_lock_name: " (name){usage}-{outer:inner}" (note the leading space). */
export function printLockName(cls: SplatClass): string {
  return ` (${lockName(cls)}){${usageChars(cls.usage)}}-{${cls.wait.outer || cls.wait.inner}:${cls.wait.inner}}`;
}

/** print_lock: "instance (name){usage}-{w:w}, at: caller+off/size". */
export function printLock(h: SplatHeldLock): string {
  return `${h.instance ?? ADDR_PLACEHOLDER}${printLockName(h.cls)}, at: ${sym(h.at)}`;
}

/** lockdep_print_held_locks: "N locks held by comm/pid:" and " #i: <print_lock>" per lock. */
export function lockdepPrintHeldLocks(task: SplatTask, held: readonly SplatHeldLock[]): string[] {
  if (held.length === 0) return [`no locks held by ${who(task)}.`];
  return [`${held.length} lock${held.length > 1 ? 's' : ''} held by ${who(task)}:`, ...held.map((h, i) => ` #${i}: ${printLock(h)}`)];
}

/** print_kernel_ident: "release version taint". */
export function printKernelIdent(k: KernelIdent = KERNEL_IDENT): string {
  return `${k.release} ${k.version} ${k.tainted}`;
}

/** print_lock_trace(trace, spaces) → stack_trace_print: "%*c%pS" with 1 + spaces columns. */
export function printLockTrace(frames: Frames, spaces: number): string[] {
  const pad = ' '.repeat(1 + spaces);
  return frames.map((f) => `${pad}${sym(f)}`);
}

/** print_irqtrace_events: the irq event stamp and the last place of each of the four transitions. */
export function printIrqtraceEvents(e: IrqTraceEvents): string[] {
  const stamp = (s: IrqStamp) => `(${s.event}): [<${ADDR_PLACEHOLDER}>] ${s.at === undefined ? '0x0' : sym(s.at)}`;
  return [
    `irq event stamp: ${e.irqEvents}`,
    `hardirqs last  enabled at ${stamp(e.hardirqEnable)}`,
    `hardirqs last disabled at ${stamp(e.hardirqDisable)}`,
    `softirqs last  enabled at ${stamp(e.softirqEnable)}`,
    `softirqs last disabled at ${stamp(e.softirqDisable)}`,
  ];
}

/** The [HC%u[%lu]:SC%u[%lu]:HE%u:SE%u] tag. */
function irqTag(s: IrqState): string {
  return `[HC${s.hardirqContext}[${s.hardirqCount}]:SC${s.softirqContext}[${s.softirqCount}]:HE${s.hardirqsEnabled ? 1 : 0}:SE${s.softirqsEnabled ? 1 : 0}]`;
}

/**
 * dump_stack_print_info: the CPU/UID/PID/Comm line (with the trailing space the empty
 * BUILD_ID_FMT leaves after preempt_model_str()), "Hardware name:", and print_worker_info's
 * "Workqueue: <wq> <fn>" for a kworker ("(desc)" only when set_worker_desc() changed it).
 */
export function dumpStackPrintInfo(task: SplatTask, k: KernelIdent = KERNEL_IDENT): string[] {
  const out = [
    `CPU: ${k.cpu} UID: ${task.uid ?? 0} PID: ${task.pid} Comm: ${comm(task)} ${k.tainted} ${k.release} ${k.version} ${k.preempt} `,
    `Hardware name: ${k.hardware}`,
  ];
  const wq = task.workqueue;
  if (wq) out.push(`Workqueue: ${wq.name} ${wq.fn}${wq.desc !== undefined && wq.desc !== wq.name ? ` (${wq.desc})` : ''}`);
  return out;
}

/** show_trace_log_lvl (x86-64): "Call Trace:", one " <NAME>" block per stack, " frame+off/size" per reliable frame. */
export function showTrace(frames: Frames, stack: CallStack): string[] {
  const block = (name: string, fs: Frames) => [` <${name}>`, ...fs.map((f) => ` ${sym(f)}`), ` </${name}>`];
  const out = ['Call Trace:', ...block(stack.on ?? 'TASK', frames)];
  if (stack.on === 'IRQ' && stack.interrupted?.length) out.push(...block('TASK', stack.interrupted));
  return out;
}

/** dump_stack() → dump_stack_lvl(KERN_DEFAULT): the header, then the trace of `frames`. */
export function dumpStack(task: SplatTask, frames: Frames, stack: CallStack, k: KernelIdent = KERNEL_IDENT): string[] {
  return [...dumpStackPrintInfo(task, k), ...showTrace(frames, stack)];
}

/** "stack backtrace:" and dump_stack, with the report's lockdep frames on top of the simulated stack. */
function backtrace(b: SplatBase, report: Frames, blankBefore = true): string[] {
  const frames = [...(b.reportFrames ?? report), ...b.stack.frames];
  return [...(blankBefore ? [''] : []), 'stack backtrace:', ...dumpStack(b.task, frames, b.stack, b.kernel)];
}

/** pr_warn("\n"), the rule, the title, print_kernel_ident, the dashed rule. Rules are fixed strings. */
function banner(width: number, title: string, k: KernelIdent | undefined): string[] {
  return ['', '='.repeat(width), title, printKernelIdent(k), '-'.repeat(width)];
}

/**
 * print_lock_class_header(class, depth): "-> (class) {", one "IN-HARDIRQ-W at:" per usage bit
 * set with its trace, " }" and the key. The trace is indented by what the two printk calls
 * before it returned: depth + strlen("%*s   %s") + strlen(" at:").
 */
function printLockClassHeader(cls: SplatClass, depth: number): string[] {
  const pad = ' '.repeat(depth);
  const out = [`${pad}->${printLockName(cls)} {`];
  for (const bit of USAGE_BITS) {
    const trace = cls.usage.get(bit);
    if (trace === undefined) continue;
    const head = `${pad}   ${USAGE_STR[bit]}`;
    out.push(`${head} at:`, ...printLockTrace(trace, depth + head.length + ' at:'.length));
  }
  out.push(`${pad} }`, `${pad} ... key      at: [<${ADDR_PLACEHOLDER}>] ${sym(cls.key ?? KEY_PLACEHOLDER)}`);
  return out;
}

/**
 * print_shortest_lock_dependencies[_backwards](leaf, root): from the leaf (deepest) to the root,
 * each class header, then "... acquired at:" and its trace and an empty line where there is one.
 * `path` is leaf first; depth counts down to 0 at the root.
 */
function printShortestLockDependencies(path: readonly DepEntry[]): string[] {
  const out: string[] = [];
  path.forEach((e, i) => {
    const depth = path.length - 1 - i;
    out.push(...printLockClassHeader(e.cls, depth));
    if (e.acquiredAt) out.push(`${' '.repeat(depth)} ... acquired at:`, ...printLockTrace(e.acquiredAt, 2), '');
  });
  return out;
}

function sameClass(a: SplatClass, b: SplatClass): boolean {
  return lockName(a) === lockName(b);
}

/** "Chain exists of:" — printk("Chain exists of:\n  "), three names, KERN_CONT "\n\n". */
function chainExists(a: SplatClass, b: SplatClass, c: SplatClass): string[] {
  return ['Chain exists of:', `  ${lockName(a)} --> ${lockName(b)} --> ${lockName(c)}`, ''];
}

/** print_irq_lock_scenario(safe, unsafe, prev_class, next_class). */
function printIrqLockScenario(safe: SplatClass, unsafe: SplatClass, prevClass: SplatClass, nextClass: SplatClass): string[] {
  const middle = sameClass(prevClass, safe) ? nextClass : prevClass;
  const S = lockName(safe);
  return [
    ...(sameClass(middle, unsafe) ? [] : chainExists(safe, middle, unsafe)),
    ' Possible interrupt unsafe locking scenario:',
    '',
    '       CPU0                    CPU1',
    '       ----                    ----',
    `  lock(${lockName(unsafe)});`,
    '                               local_irq_disable();',
    `                               lock(${S});`,
    `                               lock(${lockName(middle)});`,
    '  <Interrupt>',
    `    lock(${S});`,
    '',
    ' *** DEADLOCK ***',
    '',
  ];
}

function join(lines: readonly string[]): string {
  return lines.join('\n');
}

// ───────────────────────────── the reports ─────────────────────────────

export interface DeadlockBug extends SplatBase {
  /** The lock being acquired. */
  readonly next: SplatHeldLock;
  /** The held lock of the same class. */
  readonly prev: SplatHeldLock;
}

/** print_deadlock_bug + print_deadlock_scenario: a class taken again while held (always "lock(", read or not). */
export function printDeadlockBug(d: DeadlockBug): string {
  return join([
    ...banner(44, 'WARNING: possible recursive locking detected', d.kernel),
    `${who(d.task)} is trying to acquire lock:`,
    printLock(d.next),
    '',
    'but task is already holding lock:',
    printLock(d.prev),
    '',
    'other info that might help us debug this:',
    ' Possible unsafe locking scenario:',
    '',
    '       CPU0',
    '       ----',
    `  lock(${lockName(d.prev.cls)});`,
    `  lock(${lockName(d.next.cls)});`,
    '',
    ' *** DEADLOCK ***',
    '',
    ' May be due to missing lock nesting notation',
    '',
    ...lockdepPrintHeldLocks(d.task, d.held),
    ...backtrace(d, REPORT_FRAMES.deadlock),
  ]);
}

/** A recorded dependency of the circular chain: the class and the trace saved when it was taken. */
export interface ChainEntry {
  readonly cls: SplatClass;
  readonly trace: Frames;
}

export interface CircularBug extends SplatBase {
  /** The lock being acquired (check_src); its class closes the chain as "-> #0". */
  readonly next: SplatHeldLock;
  /** The held lock (check_tgt); its class is "-> #N", the first entry of `chain`. */
  readonly prev: SplatHeldLock;
  /**
   * The existing dependency chain from prev's class down to the class taken right after next's
   * class: "-> #N" .. "-> #1", each with the trace saved when that dependency was recorded
   * (savedTrace()). "-> #0" (next's class, the current stack) is added by the printer.
   * One entry: the AB-BA case; more: "Chain exists of:".
   */
  readonly chain: readonly ChainEntry[];
}

/** print_circular_bug: header, the chain "-> #N" down to "-> #0", print_circular_lock_scenario, held locks. */
export function printCircularBug(c: CircularBug): string {
  if (c.chain.length === 0) throw new Error('printCircularBug: the chain needs at least the held lock');
  const entries: ChainEntry[] = [...c.chain, { cls: c.next.cls, trace: reportTrace(c.stack) }];
  const source = c.next.cls;
  const target = c.prev.cls;
  const parent = entries[1]!.cls;
  const lockOf = (h: SplatHeldLock) => (h.read ? 'rlock(' : h.sync ? 'sync(' : 'lock(');
  return join([
    ...banner(54, 'WARNING: possible circular locking dependency detected', c.kernel),
    `${who(c.task)} is trying to acquire lock:`,
    printLock(c.next),
    '',
    'but task is already holding lock:',
    printLock(c.prev),
    '',
    'which lock already depends on the new lock.',
    '',
    '',
    'the existing dependency chain (in reverse order) is:',
    ...entries.flatMap((e, i) => ['', `-> #${entries.length - 1 - i}${printLockName(e.cls)}:`, ...printLockTrace(e.trace, 6)]),
    '',
    'other info that might help us debug this:',
    '',
    ...(sameClass(parent, source) ? [] : chainExists(source, parent, target)),
    ' Possible unsafe locking scenario:',
    '',
    '       CPU0                    CPU1',
    '       ----                    ----',
    `  ${c.prev.read ? 'rlock(' : 'lock('}${lockName(target)});`,
    `                               lock(${lockName(parent)});`,
    `                               lock(${lockName(target)});`,
    `  ${lockOf(c.next)}${lockName(source)});`,
    '',
    ' *** DEADLOCK ***',
    '',
    ...lockdepPrintHeldLocks(c.task, c.held),
    ...backtrace(c, REPORT_FRAMES.circular),
  ]);
}

/** state_name(bit): "HARDIRQ", "SOFTIRQ", or with "-READ" for a read usage. */
export type IrqClassName = 'HARDIRQ' | 'SOFTIRQ' | 'HARDIRQ-READ' | 'SOFTIRQ-READ';

export interface BadIrqDependency extends SplatBase {
  readonly irq: IrqState;
  /** state_name(backward_bit): the irq class of the conflict. */
  readonly irqclass: IrqClassName;
  /** The lock being acquired and the held lock: the new dependency prev -> next. */
  readonly next: SplatHeldLock;
  readonly prev: SplatHeldLock;
  /** The irq-safe class found backwards from prev, and the usage bit that made it safe (bit1). */
  readonly safe: SplatClass;
  readonly safeBit: UsageBit;
  /** The irq-unsafe class found forwards from next, and the usage bit that made it unsafe (bit2). */
  readonly unsafe: SplatClass;
  readonly unsafeBit: UsageBit;
  /**
   * print_shortest_lock_dependencies_backwards(safe .. prev): leaf (the safe class) first, root
   * (prev's class) last; every entry but the first carries acquiredAt (the dependency trace).
   * Defaults to [safe] when safe is prev's class.
   */
  readonly backwards?: readonly DepEntry[];
  /**
   * print_shortest_lock_dependencies(unsafe .. next): leaf (the unsafe class) first, next's class
   * last; acquiredAt of each but the root, which gets the current stack. Defaults to [unsafe].
   */
  readonly forwards?: readonly DepEntry[];
}

/** print_bad_irq_dependency: a new dependency connects an irq-safe lock to an irq-unsafe one. */
export function printBadIrqDependency(b: BadIrqDependency): string {
  const irq = b.irqclass;
  const backwards = b.backwards ?? [{ cls: b.safe }];
  const fwd = b.forwards ?? [{ cls: b.unsafe }];
  const forwards = fwd.map((e, i) => (i === fwd.length - 1 ? { cls: e.cls, acquiredAt: reportTrace(b.stack) } : e));
  return join([
    ...banner(53, `WARNING: ${irq}-safe -> ${irq}-unsafe lock order detected`, b.kernel),
    `${who(b.task)} ${irqTag(b.irq)} is trying to acquire:`,
    printLock(b.next),
    '',
    'and this task is already holding:',
    printLock(b.prev),
    'which would create a new lock dependency:',
    `${printLockName(b.prev.cls)} ->${printLockName(b.next.cls)}`,
    '',
    `but this new dependency connects a ${irq}-irq-safe lock:`,
    printLockName(b.safe),
    '',
    `... which became ${irq}-irq-safe at:`,
    ...printLockTrace(b.safe.usage.get(b.safeBit) ?? [], 1),
    '',
    `to a ${irq}-irq-unsafe lock:`,
    printLockName(b.unsafe),
    '',
    `... which became ${irq}-irq-unsafe at:`,
    '...',
    ...printLockTrace(b.unsafe.usage.get(b.unsafeBit) ?? [], 1),
    '',
    'other info that might help us debug this:',
    '',
    ...printIrqLockScenario(b.safe, b.unsafe, b.prev.cls, b.next.cls),
    ...lockdepPrintHeldLocks(b.task, b.held),
    '',
    `the dependencies between ${irq}-irq-safe lock and the holding lock:`,
    ...printShortestLockDependencies(backwards),
    '',
    'the dependencies between the lock to be acquired',
    ` and ${irq}-irq-unsafe lock:`,
    ...printShortestLockDependencies(forwards),
    ...backtrace(b, REPORT_FRAMES.badIrq),
  ]);
}

export interface IrqInversionBug extends SplatBase {
  /** The lock whose usage just changed (mark_lock's `this`). */
  readonly lock: SplatHeldLock;
  /**
   * true: marking USED_IN_* found an irq-unsafe lock taken after this one (check_usage_forwards);
   * false: marking ENABLED_* found an irq-safe lock taken before it (check_usage_backwards).
   */
  readonly forwards: boolean;
  /** state_name() of the conflicting bit of the other lock. */
  readonly irqclass: IrqClassName;
  /**
   * The BFS path from the other lock (leaf, first) to this lock's class (root, last), printed
   * by print_shortest_lock_dependencies: every entry but the root carries acquiredAt; the root
   * gets the current stack.
   */
  readonly path: readonly DepEntry[];
  /** How the usage bit got set (decides the frames under "stack backtrace:"). Default acquire. */
  readonly via?: MarkVia;
}

/** print_irq_inversion_bug: this lock's new irq usage conflicts with another lock's along a dependency. */
export function printIrqInversionBug(v: IrqInversionBug): string {
  if (v.path.length < 2) throw new Error('printIrqInversionBug: the path needs the other lock and this one');
  const other = v.path[0]!.cls;
  const root = v.path[v.path.length - 1]!.cls;
  /* The entry whose parent is the root: the "middle" of print_irq_inversion_bug's loop. */
  const middle = v.path[v.path.length - 2]!.cls;
  const scenario = v.forwards ? printIrqLockScenario(root, other, middle, other) : printIrqLockScenario(other, root, middle, root);
  const path = v.path.map((e, i) => (i === v.path.length - 1 ? { cls: e.cls, acquiredAt: [...MARK_FRAMES[v.via ?? 'acquire'], ...v.stack.frames] } : e));
  const check = v.forwards ? 'check_usage_forwards' : 'check_usage_backwards';
  return join([
    ...banner(56, 'WARNING: possible irq lock inversion dependency detected', v.kernel),
    `${who(v.task)} just changed the state of lock:`,
    printLock(v.lock),
    v.forwards
      ? `but this lock took another, ${v.irqclass}-unsafe lock in the past:`
      : `but this lock was taken by another, ${v.irqclass}-safe lock in the past:`,
    printLockName(other),
    '',
    '',
    'and interrupts could create inverse lock ordering between them.',
    '',
    '',
    'other info that might help us debug this:',
    ...scenario,
    ...lockdepPrintHeldLocks(v.task, v.held),
    '',
    'the shortest dependencies between 2nd lock and 1st lock:',
    ...printShortestLockDependencies(path),
    ...backtrace(v, ['dump_stack_lvl', 'print_irq_inversion_bug', check, ...MARK_FRAMES[v.via ?? 'acquire']]),
  ]);
}

export interface UsageBug extends SplatBase {
  readonly irq: IrqState;
  /** The held lock whose class got the conflicting usage (mark_lock's `this`). */
  readonly lock: SplatHeldLock;
  /** The usage already registered (its trace, lock.cls.usage.get(prevBit), is printed). */
  readonly prevBit: UsageBit;
  /** The usage being added. */
  readonly newBit: UsageBit;
  readonly events: IrqTraceEvents;
  /** How newBit is being set: an acquire (default) or enabling irqs with the lock held. */
  readonly via?: MarkVia;
}

/** print_usage_bug + print_usage_bug_scenario: "inconsistent {HARDIRQ-ON-W} -> {IN-HARDIRQ-W} usage." */
export function printUsageBug(u: UsageBug): string {
  const name = lockName(u.lock.cls);
  return join([
    ...banner(32, 'WARNING: inconsistent lock state', u.kernel),
    `inconsistent {${USAGE_STR[u.prevBit]}} -> {${USAGE_STR[u.newBit]}} usage.`,
    `${who(u.task)} ${irqTag(u.irq)} takes:`,
    printLock(u.lock),
    `{${USAGE_STR[u.prevBit]}} state was registered at:`,
    ...printLockTrace(u.lock.cls.usage.get(u.prevBit) ?? [], 1),
    ...printIrqtraceEvents(u.events),
    '',
    'other info that might help us debug this:',
    ' Possible unsafe locking scenario:',
    '',
    '       CPU0',
    '       ----',
    `  lock(${name});`,
    '  <Interrupt>',
    `    lock(${name});`,
    '',
    ' *** DEADLOCK ***',
    '',
    ...lockdepPrintHeldLocks(u.task, u.held),
    ...backtrace(u, ['dump_stack_lvl', 'print_usage_bug', ...MARK_FRAMES[u.via ?? 'acquire']]),
  ]);
}

export interface InvalidWaitContext extends SplatBase {
  /** The lock being taken, whose outer wait type exceeds what the context allows. */
  readonly lock: SplatHeldLock;
  /** curr_inner from task_wait_context() (taskWaitContext()), printed context-{n:n}. */
  readonly context: number;
}

/** print_lock_invalid_wait_context: a sleeping lock under a spinning one, a spinlock_t under a raw one, ... */
export function printLockInvalidWaitContext(w: InvalidWaitContext): string {
  return join([
    ...banner(29, '[ BUG: Invalid wait context ]', w.kernel),
    `${who(w.task)} is trying to lock:`,
    printLock(w.lock),
    'other info that might help us debug this:',
    `context-{${w.context}:${w.context}}`,
    ...lockdepPrintHeldLocks(w.task, w.held),
    ...backtrace(w, REPORT_FRAMES.invalidWait, false),
  ]);
}

export interface UnlockImbalanceBug extends SplatBase {
  /** lock->name of the lockdep_map (print_lockdep_cache): the class name without #version. */
  readonly lockName: string;
  /** The ip passed to lock_release: the function that called the unlock API. */
  readonly at: string;
}

/** print_unlock_imbalance_bug: releasing a lock this task does not hold. */
export function printUnlockImbalanceBug(u: UnlockImbalanceBug): string {
  return join([
    ...banner(37, 'WARNING: bad unlock balance detected!', u.kernel),
    `${who(u.task)} is trying to release lock (${u.lockName}) at:`,
    ipSym(u.at),
    'but there are no more locks to release!',
    '',
    'other info that might help us debug this:',
    ...lockdepPrintHeldLocks(u.task, u.held),
    ...backtrace(u, REPORT_FRAMES.unlockImbalance),
  ]);
}

/** The same facts: the lockdep_map's name and the ip of lock_contended()/lock_acquired(). */
export type LockContentionBug = UnlockImbalanceBug;

/** print_lock_contention_bug (CONFIG_LOCK_STAT): lock_contended/lock_acquired on a lock not being taken. */
export function printLockContentionBug(u: LockContentionBug): string {
  return join([
    ...banner(33, 'WARNING: bad contention detected!', u.kernel),
    `${who(u.task)} is trying to contend lock (${u.lockName}) at:`,
    ipSym(u.at),
    'but there are no locks held!',
    '',
    'other info that might help us debug this:',
    ...lockdepPrintHeldLocks(u.task, u.held),
    ...backtrace(u, REPORT_FRAMES.contention),
  ]);
}

export interface FreedLockBug extends SplatBase {
  /** The held lock inside the freed range. */
  readonly lock: SplatHeldLock;
  /** The freed range: mem_from and mem_from + len - 1 (%px); placeholders when absent. */
  readonly from?: string;
  readonly to?: string;
}

/** print_freed_lock_bug (debug_check_no_locks_freed): kfree() of memory holding a lock this task holds. */
export function printFreedLockBug(f: FreedLockBug): string {
  return join([
    ...banner(25, 'WARNING: held lock freed!', f.kernel),
    `${who(f.task)} is freeing memory ${f.from ?? ADDR_PLACEHOLDER}-${f.to ?? ADDR_PLACEHOLDER}, with a lock still held there!`,
    printLock(f.lock),
    ...lockdepPrintHeldLocks(f.task, f.held),
    ...backtrace(f, REPORT_FRAMES.freed),
  ]);
}

/** print_held_locks_bug (debug_check_no_locks_held, called from do_exit): a task exits holding locks. */
export function printHeldLocksBug(h: SplatBase): string {
  return join([
    ...banner(36, `WARNING: ${who(h.task)} still has locks held!`, h.kernel),
    ...lockdepPrintHeldLocks(h.task, h.held),
    ...backtrace(h, REPORT_FRAMES.heldAtExit),
  ]);
}

/** lockdep_sys_exit: returning to user space with locks held (no stack). */
export function lockdepSysExit(s: { readonly task: SplatTask; readonly held: readonly SplatHeldLock[]; readonly kernel?: KernelIdent }): string {
  return join([
    ...banner(48, 'WARNING: lock held when returning to user space!', s.kernel),
    `${who(s.task)} is leaving the kernel with locks still held!`,
    ...lockdepPrintHeldLocks(s.task, s.held),
  ]);
}

export interface WorkqueueLeak extends SplatBase {
  /** preempt_count() after the work function returned. */
  readonly preemptCount: number;
  /** lockdep_depth(current) before and after the work function. */
  readonly lockDepth: readonly [number, number];
  /** rcu_preempt_depth() before and after. */
  readonly rcuDepth: readonly [number, number];
  /** worker->current_func (%ps: no offset). */
  readonly workfn: string;
}

/** process_one_work's check after a work item: it must leave no lock held, no preemption off, no RCU. */
export function workqueueLeak(w: WorkqueueLeak): string {
  const preempt = w.preemptCount.toString(16).padStart(8, '0');
  return join([
    `BUG: workqueue leaked atomic, lock or RCU: ${comm(w.task)}[${w.task.pid}]`,
    `     preempt=0x${preempt} lock=${w.lockDepth[0]}->${w.lockDepth[1]} RCU=${w.rcuDepth[0]}->${w.rcuDepth[1]} workfn=${w.workfn}`,
    ...lockdepPrintHeldLocks(w.task, w.held),
    ...dumpStack(w.task, [...(w.reportFrames ?? REPORT_FRAMES.workqueue), ...w.stack.frames], w.stack, w.kernel),
  ]);
}

/** preempt_count() bits (include/linux/preempt.h), to build MightResched.preemptCount. */
export const PREEMPT_OFFSET = 0x1;
export const SOFTIRQ_OFFSET = 0x100;
/** local_bh_disable() adds two SOFTIRQ_OFFSETs, so serving and disabling are told apart. */
export const SOFTIRQ_DISABLE_OFFSET = 0x200;
export const HARDIRQ_OFFSET = 0x10000;
export const NMI_OFFSET = 0x100000;

export interface MightResched extends SplatBase {
  /** The might_sleep() site: "kernel/locking/rwsem.c:1525". */
  readonly site: string;
  /** preempt_count(); in_atomic() is preemptCount != 0. */
  readonly preemptCount: number;
  /** The preempt_count the site allows (offsets & MIGHT_RESCHED_PREEMPT_MASK), usually 0. */
  readonly expected?: number;
  readonly irqsDisabled: boolean;
  /** current->non_block_count */
  readonly nonBlock?: number;
  /** CONFIG_PREEMPT_RCU (on with PREEMPT_DYNAMIC): rcu_preempt_depth() and what the site allows. */
  readonly rcu?: { readonly depth: number; readonly expected: number };
  /** Printed when irqs are disabled. */
  readonly events?: IrqTraceEvents;
  /** CONFIG_DEBUG_PREEMPT: where preemption was disabled, printed when preempt_count != expected. */
  readonly preemptDisabledAt?: string;
  /** debug_locks is off (an earlier splat): debug_show_held_locks prints "INFO: lockdep is turned off." */
  readonly lockdepOff?: boolean;
}

/** __might_resched: a sleeping function (down_read, mutex_lock, msleep) from atomic context. */
export function mightResched(m: MightResched): string {
  const expected = m.expected ?? 0;
  const rcu = m.rcu ?? { depth: 0, expected: 0 };
  return join([
    `BUG: sleeping function called from invalid context at ${m.site}`,
    `in_atomic(): ${m.preemptCount !== 0 ? 1 : 0}, irqs_disabled(): ${m.irqsDisabled ? 1 : 0}, non_block: ${m.nonBlock ?? 0}, ` +
      `pid: ${m.task.pid}, name: ${comm(m.task)}`,
    `preempt_count: ${m.preemptCount.toString(16)}, expected: ${expected.toString(16)}`,
    `RCU nest depth: ${rcu.depth}, expected: ${rcu.expected}`,
    ...(m.lockdepOff ? ['INFO: lockdep is turned off.'] : lockdepPrintHeldLocks(m.task, m.held)),
    ...(m.irqsDisabled && m.events ? printIrqtraceEvents(m.events) : []),
    ...(m.preemptDisabledAt !== undefined && m.preemptCount !== expected ? ['Preemption disabled at:', ipSym(m.preemptDisabledAt)] : []),
    ...dumpStack(m.task, [...(m.reportFrames ?? REPORT_FRAMES.mightResched), ...m.stack.frames], m.stack, m.kernel),
  ]);
}

/** The conditions of rwsem.c's checks that an up_read/up_read_non_owner without a reader trips. */
export const RWSEM_CONDITIONS = {
  /** __up_read after the count went below zero: more up_reads than down_reads. */
  underflow: 'tmp < 0',
  /** __up_read on a rwsem that no reader ever owned (owner lacks RWSEM_READER_OWNED). */
  notReaderOwned: '!rwsem_test_oflags(sem, RWSEM_READER_OWNED)',
  /** up_read_non_owner's own check. */
  nonOwnerNotReaderOwned: '!is_rwsem_reader_owned(sem)',
} as const;

export interface DebugRwsemsWarn {
  readonly task: SplatTask;
  /** The stringified condition (#c): RWSEM_CONDITIONS. */
  readonly condition: string;
  /** sem->count after the operation (signed; printed as the 64-bit 0x%lx). */
  readonly count: number;
  /** sem->owner's value: task pointer bits | RWSEM_READER_OWNED (1) | RWSEM_NONSPINNABLE (2). */
  readonly owner: number;
  /** list_empty(&sem->wait_list) */
  readonly waitListEmpty: boolean;
  /** sem->magic (the rwsem's own address) and current (%lx); placeholders when absent. */
  readonly magic?: string;
  readonly curr?: string;
  /** The WARN site: file, line and function (RIP). Default __up_read in kernel/locking/rwsem.c. */
  readonly site?: { readonly file: string; readonly line: number; readonly fn: string };
  /** The call trace below the warning's function, innermost first (up_read, xfs_iunlock, ...). */
  readonly stack: CallStack;
  readonly events: IrqTraceEvents;
  readonly kernel?: KernelIdent;
}

/** The WARN site of DEBUG_RWSEMS_WARN_ON(tmp < 0) in __up_read (v6.14 line; versions move it). */
export const UP_READ_SITE = { file: 'kernel/locking/rwsem.c', line: 1346, fn: '__up_read' } as const;

function hex64(n: number): string {
  return BigInt.asUintN(64, BigInt(n)).toString(16);
}

/**
 * DEBUG_RWSEMS_WARN_ON(c, sem) → WARN_ONCE: __warn_printk (cut here, the message), then __warn
 * ("WARNING: file:line at fn, CPU#n: comm/pid", print_modules, show_regs — the CPU header, RIP,
 * the call trace; other registers omitted —, print_irqtrace_events, print_oops_end_marker).
 */
export function debugRwsemsWarnOn(r: DebugRwsemsWarn): string {
  const k = r.kernel ?? KERNEL_IDENT;
  const site = r.site ?? UP_READ_SITE;
  return join([
    '------------[ cut here ]------------',
    `DEBUG_RWSEMS_WARN_ON(${r.condition}): count = 0x${hex64(r.count)}, magic = 0x${r.magic ?? ADDR_PLACEHOLDER}, ` +
      `owner = 0x${r.owner.toString(16)}, curr 0x${r.curr ?? ADDR_PLACEHOLDER}, list ${r.waitListEmpty ? '' : 'not '}empty`,
    `WARNING: ${site.file}:${site.line} at ${sym(site.fn)}, CPU#${k.cpu}: ${who(r.task)}`,
    'Modules linked in:',
    ...dumpStackPrintInfo(r.task, k),
    `RIP: 0010:${sym(site.fn)}`,
    ...showTrace(r.stack.frames, r.stack),
    ...printIrqtraceEvents(r.events),
    '---[ end trace 0000000000000000 ]---',
  ]);
}
