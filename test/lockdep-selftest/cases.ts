/**
 * lib/locking-selftest.c as data: every dotest() of locking_selftest() for the spin, wlock,
 * rlock, mutex, wsem, rsem columns, the wait-context table (rcu, raw, spin, mutex inner locks)
 * and hardirq_deadlock_softirq_not_deadlock, with the kernel's expected result. Source:
 * torvalds/linux 44722ff7611c (lib/locking-selftest.c and lib/locking-selftest-*.h).
 *
 * The selftest's macros (L, U, WL, RL, ML, WSL, RSL, LOCK/UNLOCK/INIT of the per-column headers,
 * IRQ_ENTER/IRQ_DISABLE of the hardirq/softirq headers, HARDIRQ_* and SOFTIRQ_*) are the
 * methods of `Macros`, so a family below reads like its `#define E1()` in the kernel. Config
 * modelled: x86_64, !PREEMPT_RT, PROVE_LOCKING, PROVE_RAW_LOCK_NESTING=y (its default where
 * ARCH_SUPPORTS_RT), QUEUED_RWLOCKS=y, LOCKDEP_SMALL=n (docs/lockdep-selftest.md).
 *
 * Left out: ww_mutex (ww_tests), rt_mutex (the dotest_rt column), local_lock (local_lock_tests),
 * fs_reclaim_tests and lockdep_set_subclass_name_test — see the doc for why.
 */
import type { LockOpName, LockType, Op, PlainOp } from './format.js';

export type Column = 'spin' | 'wlock' | 'rlock' | 'mutex' | 'wsem' | 'rsem' | 'rcu' | 'raw' | 'special';
export type Expected = 'FAILURE' | 'SUCCESS';

export interface LockDecl {
  readonly name: string;
  readonly type: LockType;
  readonly class?: string;
}

export interface SelftestCase {
  /** The kernel's test function (dotest's first argument), e.g. `AA_spin`, `irqsafe1_hard_spin_12`. */
  readonly fn: string;
  /** The directory under cases/. */
  readonly family: string;
  readonly column: Column;
  /** What dotest() expects: FAILURE = debug_locks turned off (a splat), SUCCESS = silent. */
  readonly kernel: Expected;
  /** locking_selftest() sets force_read_lock_recursive = 1 until ww_tests(). */
  readonly forceReadLockRecursive: boolean;
  /** The row the kernel prints (print_testname). */
  readonly row: string;
  /** The events in the kernel's notation, for the description. */
  readonly events: string;
  readonly locks: readonly LockDecl[];
  readonly ops: readonly Op[];
}

type Col6 = 'spin' | 'wlock' | 'rlock' | 'mutex' | 'wsem' | 'rsem';
type IrqKind = 'hard' | 'soft';

/** The selftest's lock objects: lock_A is a spinlock_t, rwlock_A an rwlock_t, …; X1/X2 share a class (init_shared_classes). */
const OBJECTS = {
  lock: { prefix: 'lock', type: 'spinlock' },
  rwlock: { prefix: 'rwlock', type: 'rwlock' },
  mutex: { prefix: 'mutex', type: 'mutex' },
  rwsem: { prefix: 'rwsem', type: 'rwsem' },
  raw: { prefix: 'raw-lock', type: 'raw_spinlock' },
} as const satisfies Record<string, { prefix: string; type: LockType }>;
type ObjectKind = keyof typeof OBJECTS;

/** Which object and ops LOCK/UNLOCK/INIT mean under each locking-selftest-<column>.h. */
const COLUMN: Record<Col6, { obj: ObjectKind; lock: LockOpName; unlock: LockOpName }> = {
  spin: { obj: 'lock', lock: 'spin_lock', unlock: 'spin_unlock' },
  wlock: { obj: 'rwlock', lock: 'write_lock', unlock: 'write_unlock' },
  rlock: { obj: 'rwlock', lock: 'read_lock', unlock: 'read_unlock' },
  mutex: { obj: 'mutex', lock: 'mutex_lock', unlock: 'mutex_unlock' },
  wsem: { obj: 'rwsem', lock: 'down_write', unlock: 'up_write' },
  rsem: { obj: 'rwsem', lock: 'down_read', unlock: 'up_read' },
};

/** One test function being written down: its locks and ops, and the kernel macros that emit them. */
class Macros {
  readonly locks = new Map<string, LockDecl>();
  readonly ops: Op[] = [];
  private sink: Op[] = this.ops;

  constructor(
    private readonly col: Col6 = 'spin',
    private readonly irq: IrqKind = 'hard',
  ) {}

  /** `lock_A` → lock-a; `lock_X1` → lock-x1 of class lock-x. */
  obj(kind: ObjectKind, x: string): string {
    const { prefix, type } = OBJECTS[kind];
    const name = `${prefix}-${x.toLowerCase()}`;
    const shared = /^[XYZ]\d$/.test(x) ? `${prefix}-${x[0]!.toLowerCase()}` : undefined;
    if (!this.locks.has(name)) this.locks.set(name, shared ? { name, type, class: shared } : { name, type });
    return name;
  }
  op(op: LockOpName, kind: ObjectKind, x: string): void {
    this.sink.push({ op, lock: this.obj(kind, x) });
  }
  plain(op: PlainOp): void {
    this.sink.push({ op });
  }
  block(op: 'hardirq' | 'softirq', body: () => unknown, threaded?: false): void {
    const outer = this.sink;
    const ops: Op[] = [];
    this.sink = ops;
    body();
    this.sink = outer;
    outer.push(op === 'softirq' ? { op, ops } : threaded === false ? { op, threaded, ops } : { op, ops });
  }

  L = (x: string) => this.op('spin_lock', 'lock', x);
  U = (x: string) => this.op('spin_unlock', 'lock', x);
  WL = (x: string) => this.op('write_lock', 'rwlock', x);
  WU = (x: string) => this.op('write_unlock', 'rwlock', x);
  RL = (x: string) => this.op('read_lock', 'rwlock', x);
  RU = (x: string) => this.op('read_unlock', 'rwlock', x);
  ML = (x: string) => this.op('mutex_lock', 'mutex', x);
  MU = (x: string) => this.op('mutex_unlock', 'mutex', x);
  WSL = (x: string) => this.op('down_write', 'rwsem', x);
  WSU = (x: string) => this.op('up_write', 'rwsem', x);
  RSL = (x: string) => this.op('down_read', 'rwsem', x);
  RSU = (x: string) => this.op('up_read', 'rwsem', x);
  LOCK = (x: string) => this.op(COLUMN[this.col].lock, COLUMN[this.col].obj, x);
  UNLOCK = (x: string) => this.op(COLUMN[this.col].unlock, COLUMN[this.col].obj, x);
  /** spin_lock_init() & co. on a held lock: debug_check_no_locks_freed() — the format's kfree. */
  INIT = (x: string) => void this.sink.push({ op: 'kfree', lock: this.obj(COLUMN[this.col].obj, x) });
  LOCK_UNLOCK_2 = (x: string, y: string) => {
    this.LOCK(x);
    this.LOCK(y);
    this.UNLOCK(y);
    this.UNLOCK(x);
  };
  /** HARDIRQ_ENTER() … HARDIRQ_EXIT(): local_irq_disable, __irq_enter, lockdep_hardirq_threaded. */
  HARDIRQ = (body: () => unknown) => this.block('hardirq', body);
  /** SOFTIRQ_ENTER() … SOFTIRQ_EXIT(). */
  SOFTIRQ = (body: () => unknown) => this.block('softirq', body);
  HARDIRQ_DISABLE = () => this.plain('local_irq_disable');
  HARDIRQ_ENABLE = () => this.plain('local_irq_enable');
  SOFTIRQ_DISABLE = () => this.plain('local_bh_disable');
  SOFTIRQ_ENABLE = () => this.plain('local_bh_enable');
  /** IRQ_ENTER/IRQ_EXIT of locking-selftest-{hardirq,softirq}.h. */
  IRQ = (body: () => unknown) => this.block(this.irq === 'hard' ? 'hardirq' : 'softirq', body);
  IRQ_DISABLE = () => this.plain(this.irq === 'hard' ? 'local_irq_disable' : 'local_bh_disable');
  IRQ_ENABLE = () => this.plain(this.irq === 'hard' ? 'local_irq_enable' : 'local_bh_enable');
}

/** A test body; its value is ignored (an array keeps a run of macro calls on one line). */
type Body = (m: Macros) => unknown;
const PERMS2 = ['12', '21'] as const;
const PERMS3 = ['123', '132', '213', '231', '312', '321'] as const;

const cases: SelftestCase[] = [];

/**
 * Records one test function. `cleanup` runs after the body for the three SUCCESS tests that end
 * holding locks (AA_rlock, rlock_AA1, rlock_AA1B): dotest()'s reset_locks() drops them, while a
 * task here exits and debug_check_no_locks_held() would report them ("still has locks held!").
 */
function add(
  c: Omit<SelftestCase, 'locks' | 'ops' | 'forceReadLockRecursive'> & { force?: boolean; cleanup?: readonly [string, Body] },
  body: Body,
  m: Macros = new Macros(),
): void {
  body(m);
  const { force, cleanup, ...rest } = c;
  cleanup?.[1](m);
  const events = cleanup ? `${rest.events}; then, for dotest()'s reset_locks(): ${cleanup[0]}` : rest.events;
  cases.push({ ...rest, events, forceReadLockRecursive: force ?? true, locks: [...m.locks.values()], ops: m.ops });
}

function permuted(perm: string, events: readonly Body[]): Body {
  return (m) => {
    for (const d of perm) events[Number(d) - 1]!(m);
  };
}

// ---- DO_TESTCASE_6R / DO_TESTCASE_6: one event list, six lock types -------------------------

const SIX: readonly Col6[] = ['spin', 'wlock', 'rlock', 'mutex', 'wsem', 'rsem'];
const six: Array<{ name: string; family: string; row: string; rlock: Expected; events: string; E: Body; cleanup?: readonly [string, Body] }> = [
  {
    name: 'AA',
    family: 'aa',
    row: 'A-A deadlock',
    rlock: 'SUCCESS',
    events: 'LOCK(X1); LOCK(X2)',
    E: (m) => [m.LOCK('X1'), m.LOCK('X2')],
    cleanup: ['UNLOCK(X2); UNLOCK(X1)', (m) => [m.UNLOCK('X2'), m.UNLOCK('X1')]],
  },
  {
    name: 'ABBA',
    family: 'abba',
    row: 'A-B-B-A deadlock',
    rlock: 'SUCCESS',
    events: 'LOCK_UNLOCK_2(A, B); LOCK_UNLOCK_2(B, A)',
    E: (m) => [m.LOCK_UNLOCK_2('A', 'B'), m.LOCK_UNLOCK_2('B', 'A')],
  },
  {
    name: 'ABBCCA',
    family: 'abbcca',
    row: 'A-B-B-C-C-A deadlock',
    rlock: 'SUCCESS',
    events: 'LOCK_UNLOCK_2(A, B); LOCK_UNLOCK_2(B, C); LOCK_UNLOCK_2(C, A)',
    E: (m) => [m.LOCK_UNLOCK_2('A', 'B'), m.LOCK_UNLOCK_2('B', 'C'), m.LOCK_UNLOCK_2('C', 'A')],
  },
  {
    name: 'ABCABC',
    family: 'abcabc',
    row: 'A-B-C-A-B-C deadlock',
    rlock: 'SUCCESS',
    events: 'LOCK_UNLOCK_2(A, B); LOCK_UNLOCK_2(C, A); LOCK_UNLOCK_2(B, C)',
    E: (m) => [m.LOCK_UNLOCK_2('A', 'B'), m.LOCK_UNLOCK_2('C', 'A'), m.LOCK_UNLOCK_2('B', 'C')],
  },
  {
    name: 'ABBCCDDA',
    family: 'abbccdda',
    row: 'A-B-B-C-C-D-D-A deadlock',
    rlock: 'SUCCESS',
    events: 'LOCK_UNLOCK_2(A, B); LOCK_UNLOCK_2(B, C); LOCK_UNLOCK_2(C, D); LOCK_UNLOCK_2(D, A)',
    E: (m) => [m.LOCK_UNLOCK_2('A', 'B'), m.LOCK_UNLOCK_2('B', 'C'), m.LOCK_UNLOCK_2('C', 'D'), m.LOCK_UNLOCK_2('D', 'A')],
  },
  {
    name: 'ABCDBDDA',
    family: 'abcdbdda',
    row: 'A-B-C-D-B-D-D-A deadlock',
    rlock: 'SUCCESS',
    events: 'LOCK_UNLOCK_2(A, B); LOCK_UNLOCK_2(C, D); LOCK_UNLOCK_2(B, D); LOCK_UNLOCK_2(D, A)',
    E: (m) => [m.LOCK_UNLOCK_2('A', 'B'), m.LOCK_UNLOCK_2('C', 'D'), m.LOCK_UNLOCK_2('B', 'D'), m.LOCK_UNLOCK_2('D', 'A')],
  },
  {
    name: 'ABCDBCDA',
    family: 'abcdbcda',
    row: 'A-B-C-D-B-C-D-A deadlock',
    rlock: 'SUCCESS',
    events: 'LOCK_UNLOCK_2(A, B); LOCK_UNLOCK_2(C, D); LOCK_UNLOCK_2(B, C); LOCK_UNLOCK_2(D, A)',
    E: (m) => [m.LOCK_UNLOCK_2('A', 'B'), m.LOCK_UNLOCK_2('C', 'D'), m.LOCK_UNLOCK_2('B', 'C'), m.LOCK_UNLOCK_2('D', 'A')],
  },
  {
    name: 'double_unlock',
    family: 'double-unlock',
    row: 'double unlock',
    rlock: 'FAILURE',
    events: 'LOCK(A); UNLOCK(A); UNLOCK(A)',
    E: (m) => [m.LOCK('A'), m.UNLOCK('A'), m.UNLOCK('A')],
  },
  { name: 'init_held', family: 'init-held', row: 'initialize held', rlock: 'FAILURE', events: 'LOCK(A); INIT(A)', E: (m) => [m.LOCK('A'), m.INIT('A')] },
];
for (const t of six) {
  for (const col of SIX) {
    const kernel = col === 'rlock' ? t.rlock : 'FAILURE';
    const cleanup = kernel === 'SUCCESS' ? t.cleanup : undefined;
    add({ fn: `${t.name}_${col}`, family: t.family, column: col, kernel, row: t.row, events: t.events, ...(cleanup ? { cleanup } : {}) }, t.E, new Macros(col));
  }
}

// ---- recursive read-lock and mixed read/write rows (one dotest each, rlock | rsem columns) ---

const rw: Array<{ fn: string; column: Col6; kernel: Expected; row: string; events: string; E: Body; cleanup?: readonly [string, Body] }> = [
  {
    fn: 'rlock_AA1',
    column: 'rlock',
    kernel: 'SUCCESS',
    row: 'recursive read-lock',
    events: 'RL(X1); RL(X1)',
    E: (m) => [m.RL('X1'), m.RL('X1'), m.RU('X1'), m.RU('X1')],
  },
  { fn: 'rsem_AA1', column: 'rsem', kernel: 'FAILURE', row: 'recursive read-lock', events: 'RSL(X1); RSL(X1)', E: (m) => [m.RSL('X1'), m.RSL('X1')] },
  {
    fn: 'rlock_AA1B',
    column: 'rlock',
    kernel: 'SUCCESS',
    row: 'recursive read-lock #2',
    events: 'RL(X1); RL(X2)',
    E: (m) => [m.RL('X1'), m.RL('X2')],
    cleanup: ['RU(X2); RU(X1)', (m) => [m.RU('X2'), m.RU('X1')]],
  },
  { fn: 'rsem_AA1B', column: 'rsem', kernel: 'FAILURE', row: 'recursive read-lock #2', events: 'RSL(X1); RSL(X2)', E: (m) => [m.RSL('X1'), m.RSL('X2')] },
  { fn: 'rlock_AA2', column: 'rlock', kernel: 'FAILURE', row: 'mixed read-write-lock', events: 'RL(X1); WL(X2)', E: (m) => [m.RL('X1'), m.WL('X2')] },
  { fn: 'rsem_AA2', column: 'rsem', kernel: 'FAILURE', row: 'mixed read-write-lock', events: 'RSL(X1); WSL(X2)', E: (m) => [m.RSL('X1'), m.WSL('X2')] },
  { fn: 'rlock_AA3', column: 'rlock', kernel: 'FAILURE', row: 'mixed write-read-lock', events: 'WL(X1); RL(X2)', E: (m) => [m.WL('X1'), m.RL('X2')] },
  { fn: 'rsem_AA3', column: 'rsem', kernel: 'FAILURE', row: 'mixed write-read-lock', events: 'WSL(X1); RSL(X2)', E: (m) => [m.WSL('X1'), m.RSL('X2')] },
  {
    fn: 'rlock_ABBA1',
    column: 'rlock',
    kernel: 'FAILURE',
    row: 'mixed read-lock/lock-write ABBA',
    events: 'RL(X1); L(Y1); U(Y1); RU(X1); L(Y1); WL(X1); WU(X1); U(Y1)',
    E: (m) => [m.RL('X1'), m.L('Y1'), m.U('Y1'), m.RU('X1'), m.L('Y1'), m.WL('X1'), m.WU('X1'), m.U('Y1')],
  },
  {
    fn: 'rwsem_ABBA1',
    column: 'rsem',
    kernel: 'FAILURE',
    row: 'mixed read-lock/lock-write ABBA',
    events: 'RSL(X1); ML(Y1); MU(Y1); RSU(X1); ML(Y1); WSL(X1); WSU(X1); MU(Y1)',
    E: (m) => [m.RSL('X1'), m.ML('Y1'), m.MU('Y1'), m.RSU('X1'), m.ML('Y1'), m.WSL('X1'), m.WSU('X1'), m.MU('Y1')],
  },
  {
    fn: 'rlock_ABBA2',
    column: 'rlock',
    kernel: 'SUCCESS',
    row: 'mixed read-lock/lock-read ABBA',
    events: 'RL(X1); L(Y1); U(Y1); RU(X1); L(Y1); RL(X1); RU(X1); U(Y1)',
    E: (m) => [m.RL('X1'), m.L('Y1'), m.U('Y1'), m.RU('X1'), m.L('Y1'), m.RL('X1'), m.RU('X1'), m.U('Y1')],
  },
  {
    fn: 'rwsem_ABBA2',
    column: 'rsem',
    kernel: 'FAILURE',
    row: 'mixed read-lock/lock-read ABBA',
    events: 'RSL(X1); ML(Y1); MU(Y1); RSU(X1); ML(Y1); RSL(X1); RSU(X1); MU(Y1)',
    E: (m) => [m.RSL('X1'), m.ML('Y1'), m.MU('Y1'), m.RSU('X1'), m.ML('Y1'), m.RSL('X1'), m.RSU('X1'), m.MU('Y1')],
  },
  {
    fn: 'rlock_ABBA3',
    column: 'rlock',
    kernel: 'FAILURE',
    row: 'mixed write-lock/lock-write ABBA',
    events: 'WL(X1); L(Y1); U(Y1); WU(X1); L(Y1); WL(X1); WU(X1); U(Y1)',
    E: (m) => [m.WL('X1'), m.L('Y1'), m.U('Y1'), m.WU('X1'), m.L('Y1'), m.WL('X1'), m.WU('X1'), m.U('Y1')],
  },
  {
    fn: 'rwsem_ABBA3',
    column: 'rsem',
    kernel: 'FAILURE',
    row: 'mixed write-lock/lock-write ABBA',
    events: 'WSL(X1); ML(Y1); MU(Y1); WSU(X1); ML(Y1); WSL(X1); WSU(X1); MU(Y1)',
    E: (m) => [m.WSL('X1'), m.ML('Y1'), m.MU('Y1'), m.WSU('X1'), m.ML('Y1'), m.WSL('X1'), m.WSU('X1'), m.MU('Y1')],
  },
  {
    fn: 'rlock_chaincache_ABBA1',
    column: 'rlock',
    kernel: 'FAILURE',
    row: 'chain cached mixed R-L/L-W ABBA',
    events: 'RL(X1); L(Y1); U(Y1); RU(X1); L(Y1); RL(X1); RU(X1); U(Y1); L(Y1); WL(X1); WU(X1); U(Y1)',
    E: (m) => [
      ...[m.RL('X1'), m.L('Y1'), m.U('Y1'), m.RU('X1')],
      ...[m.L('Y1'), m.RL('X1'), m.RU('X1'), m.U('Y1')],
      ...[m.L('Y1'), m.WL('X1'), m.WU('X1'), m.U('Y1')],
    ],
  },
];
for (const t of rw) {
  add({ fn: t.fn, family: 'rw-mixed', column: t.column, kernel: t.kernel, row: t.row, events: t.events, ...(t.cleanup ? { cleanup: t.cleanup } : {}) }, t.E);
}

// ---- DO_TESTCASE_6x1RR(B): three-lock cycles of recursive readers (rlock column) ------------

const cycles: Array<{ name: string; row: string; kernel: Expected; E: readonly [Body, Body, Body]; events: string }> = [
  {
    name: 'W1R2_W2R3_W3R1',
    row: 'rlock W1R2/W2R3/W3R1',
    kernel: 'FAILURE',
    events: 'E1: WL(X1); RL(Y1); RU(Y1); WU(X1)  E2: WL(Y1); RL(Z1); RU(Z1); WU(Y1)  E3: WL(Z1); RL(X1); RU(X1); WU(Z1)',
    E: [
      (m) => [m.WL('X1'), m.RL('Y1'), m.RU('Y1'), m.WU('X1')],
      (m) => [m.WL('Y1'), m.RL('Z1'), m.RU('Z1'), m.WU('Y1')],
      (m) => [m.WL('Z1'), m.RL('X1'), m.RU('X1'), m.WU('Z1')],
    ],
  },
  {
    name: 'W1W2_R2R3_W3R1',
    row: 'rlock W1W2/R2R3/W3R1',
    kernel: 'FAILURE',
    events: 'E1: WL(X1); WL(Y1); WU(Y1); WU(X1)  E2: RL(Y1); RL(Z1); RU(Z1); RU(Y1)  E3: WL(Z1); RL(X1); RU(X1); WU(Z1)',
    E: [
      (m) => [m.WL('X1'), m.WL('Y1'), m.WU('Y1'), m.WU('X1')],
      (m) => [m.RL('Y1'), m.RL('Z1'), m.RU('Z1'), m.RU('Y1')],
      (m) => [m.WL('Z1'), m.RL('X1'), m.RU('X1'), m.WU('Z1')],
    ],
  },
  {
    name: 'W1W2_R2R3_R3W1',
    row: 'rlock W1W2/R2R3/R3W1',
    kernel: 'SUCCESS',
    events: 'E1: WL(X1); WL(Y1); WU(Y1); WU(X1)  E2: RL(Y1); RL(Z1); RU(Z1); RU(Y1)  E3: RL(Z1); WL(X1); WU(X1); RU(Z1)',
    E: [
      (m) => [m.WL('X1'), m.WL('Y1'), m.WU('Y1'), m.WU('X1')],
      (m) => [m.RL('Y1'), m.RL('Z1'), m.RU('Z1'), m.RU('Y1')],
      (m) => [m.RL('Z1'), m.WL('X1'), m.WU('X1'), m.RU('Z1')],
    ],
  },
  {
    name: 'W1R2_R2R3_W3W1',
    row: 'rlock W1R2/R2R3/W3W1',
    kernel: 'SUCCESS',
    events: 'E1: WL(X1); RL(Y1); RU(Y1); WU(X1)  E2: RL(Y1); RL(Z1); RU(Z1); RU(Y1)  E3: WL(Z1); WL(X1); WU(X1); WU(Z1)',
    E: [
      (m) => [m.WL('X1'), m.RL('Y1'), m.RU('Y1'), m.WU('X1')],
      (m) => [m.RL('Y1'), m.RL('Z1'), m.RU('Z1'), m.RU('Y1')],
      (m) => [m.WL('Z1'), m.WL('X1'), m.WU('X1'), m.WU('Z1')],
    ],
  },
];
for (const t of cycles) {
  for (const p of PERMS3) {
    add(
      { fn: `${t.name}_${p}`, family: 'rlock-cycles', column: 'rlock', kernel: t.kernel, row: `${t.row}/${p}`, events: `${t.events}  order ${p}` },
      permuted(p, t.E),
    );
  }
}

// ---- irq-context families: DO_TESTCASE_2x6 / 2x3 / 6x6 / 6x6RW / 6x2x2RW --------------------

interface IrqFamily {
  /** The kernel's name stem: irqsafe1 → irqsafe1_hard_spin_12. */
  readonly name: string;
  readonly family: string;
  readonly row: string;
  readonly perms: readonly string[];
  readonly kinds: readonly (IrqKind | null)[];
  /** The columns and what DO_TESTCASE_3 / _3RW / _2RW expect of each. */
  readonly columns: readonly (readonly [Col6, Expected])[];
  readonly events: string;
  readonly E: readonly Body[];
}

const SPIN_WLOCK_RLOCK = [
  ['spin', 'FAILURE'],
  ['wlock', 'FAILURE'],
  ['rlock', 'SUCCESS'],
] as const;
const WLOCK_RLOCK = [
  ['wlock', 'FAILURE'],
  ['rlock', 'SUCCESS'],
] as const;
const HARD_SOFT = ['hard', 'soft'] as const;

const irqFamilies: IrqFamily[] = [
  {
    name: 'irqsafe1',
    family: 'irqsafe1',
    row: 'irqs-on + irq-safe-A',
    perms: PERMS2,
    kinds: HARD_SOFT,
    columns: SPIN_WLOCK_RLOCK,
    events: 'E1: IRQ_ENTER; LOCK(A); UNLOCK(A); IRQ_EXIT  E2: LOCK(A); UNLOCK(A)',
    E: [(m) => m.IRQ(() => [m.LOCK('A'), m.UNLOCK('A')]), (m) => [m.LOCK('A'), m.UNLOCK('A')]],
  },
  {
    name: 'irqsafe2A',
    family: 'irqsafe2a',
    row: 'sirq-safe-A => hirqs-on',
    perms: PERMS2,
    kinds: [null],
    columns: SPIN_WLOCK_RLOCK,
    events: 'E1: SOFTIRQ_ENTER; LOCK(A); UNLOCK(A); SOFTIRQ_EXIT  E2: HARDIRQ_DISABLE; LOCK(A); HARDIRQ_ENABLE; UNLOCK(A)',
    E: [(m) => m.SOFTIRQ(() => [m.LOCK('A'), m.UNLOCK('A')]), (m) => [m.HARDIRQ_DISABLE(), m.LOCK('A'), m.HARDIRQ_ENABLE(), m.UNLOCK('A')]],
  },
  {
    name: 'irqsafe2B',
    family: 'irqsafe2b',
    row: 'safe-A + irqs-on',
    perms: PERMS2,
    kinds: HARD_SOFT,
    columns: SPIN_WLOCK_RLOCK,
    events: 'E1: IRQ_ENTER; LOCK(A); UNLOCK(A); IRQ_EXIT  E2: IRQ_DISABLE; LOCK(A); IRQ_ENABLE; UNLOCK(A)',
    E: [(m) => m.IRQ(() => [m.LOCK('A'), m.UNLOCK('A')]), (m) => [m.IRQ_DISABLE(), m.LOCK('A'), m.IRQ_ENABLE(), m.UNLOCK('A')]],
  },
  {
    name: 'irqsafe3',
    family: 'irqsafe3',
    row: 'safe-A + unsafe-B #1',
    perms: PERMS3,
    kinds: HARD_SOFT,
    columns: SPIN_WLOCK_RLOCK,
    events: 'E1: LOCK(A); LOCK(B); UNLOCK(B); UNLOCK(A)  E2: LOCK(B); UNLOCK(B)  E3: IRQ_ENTER; LOCK(A); UNLOCK(A); IRQ_EXIT',
    E: [(m) => [m.LOCK('A'), m.LOCK('B'), m.UNLOCK('B'), m.UNLOCK('A')], (m) => [m.LOCK('B'), m.UNLOCK('B')], (m) => m.IRQ(() => [m.LOCK('A'), m.UNLOCK('A')])],
  },
  {
    name: 'irqsafe4',
    family: 'irqsafe4',
    row: 'safe-A + unsafe-B #2',
    perms: PERMS3,
    kinds: HARD_SOFT,
    columns: SPIN_WLOCK_RLOCK,
    events: 'E1: IRQ_DISABLE; LOCK(A); LOCK(B); UNLOCK(B); UNLOCK(A); IRQ_ENABLE  E2: LOCK(B); UNLOCK(B)  E3: IRQ_ENTER; LOCK(A); UNLOCK(A); IRQ_EXIT',
    E: [
      (m) => [m.IRQ_DISABLE(), m.LOCK('A'), m.LOCK('B'), m.UNLOCK('B'), m.UNLOCK('A'), m.IRQ_ENABLE()],
      (m) => [m.LOCK('B'), m.UNLOCK('B')],
      (m) => m.IRQ(() => [m.LOCK('A'), m.UNLOCK('A')]),
    ],
  },
  {
    name: 'irq_inversion',
    family: 'irq-inversion',
    row: 'irq lock-inversion',
    perms: PERMS3,
    kinds: HARD_SOFT,
    columns: SPIN_WLOCK_RLOCK,
    events: 'E1: IRQ_DISABLE; WL(A); LOCK(B); UNLOCK(B); WU(A); IRQ_ENABLE  E2: LOCK(B); UNLOCK(B)  E3: IRQ_ENTER; RL(A); RU(A); IRQ_EXIT',
    E: [
      (m) => [m.IRQ_DISABLE(), m.WL('A'), m.LOCK('B'), m.UNLOCK('B'), m.WU('A'), m.IRQ_ENABLE()],
      (m) => [m.LOCK('B'), m.UNLOCK('B')],
      (m) => m.IRQ(() => [m.RL('A'), m.RU('A')]),
    ],
  },
  {
    name: 'irq_read_recursion',
    family: 'irq-read-recursion',
    row: 'irq read-recursion',
    perms: PERMS3,
    kinds: HARD_SOFT,
    columns: WLOCK_RLOCK,
    events: 'E1: IRQ_DISABLE; WL(A); WU(A); IRQ_ENABLE  E2: RL(A); RU(A)  E3: IRQ_ENTER; LOCK(A); L(B); U(B); UNLOCK(A); IRQ_EXIT',
    E: [
      (m) => [m.IRQ_DISABLE(), m.WL('A'), m.WU('A'), m.IRQ_ENABLE()],
      (m) => [m.RL('A'), m.RU('A')],
      (m) => m.IRQ(() => [m.LOCK('A'), m.L('B'), m.U('B'), m.UNLOCK('A')]),
    ],
  },
  {
    name: 'irq_read_recursion2',
    family: 'irq-read-recursion2',
    row: 'irq read-recursion #2',
    perms: PERMS3,
    kinds: HARD_SOFT,
    columns: WLOCK_RLOCK,
    events: 'E1: IRQ_DISABLE; L(B); LOCK(A); UNLOCK(A); U(B); IRQ_ENABLE  E2: RL(A); RU(A)  E3: IRQ_ENTER; L(B); U(B); IRQ_EXIT',
    E: [
      (m) => [m.IRQ_DISABLE(), m.L('B'), m.LOCK('A'), m.UNLOCK('A'), m.U('B'), m.IRQ_ENABLE()],
      (m) => [m.RL('A'), m.RU('A')],
      (m) => m.IRQ(() => [m.L('B'), m.U('B')]),
    ],
  },
  {
    name: 'irq_read_recursion3',
    family: 'irq-read-recursion3',
    row: 'irq read-recursion #3',
    perms: PERMS3,
    kinds: HARD_SOFT,
    columns: WLOCK_RLOCK,
    events: 'E1: IRQ_DISABLE; WL(B); LOCK(A); UNLOCK(A); WU(B); IRQ_ENABLE  E2: RL(A); RU(A)  E3: IRQ_ENTER; RL(B); RU(B); IRQ_EXIT',
    E: [
      (m) => [m.IRQ_DISABLE(), m.WL('B'), m.LOCK('A'), m.UNLOCK('A'), m.WU('B'), m.IRQ_ENABLE()],
      (m) => [m.RL('A'), m.RU('A')],
      (m) => m.IRQ(() => [m.RL('B'), m.RU('B')]),
    ],
  },
];
for (const f of irqFamilies) {
  for (const p of f.perms) {
    for (const kind of f.kinds) {
      for (const [col, kernel] of f.columns) {
        const fn = kind ? `${f.name}_${kind}_${col}_${p}` : `${f.name}_${col}_${p}`;
        const row = `${kind ? `${kind}-` : ''}${f.row}/${p}`;
        add({ fn, family: f.family, column: col, kernel, row, events: `${f.events}  order ${p}` }, permuted(p, f.E), new Macros(col, kind ?? 'hard'));
      }
    }
  }
}

// ---- queued_read_lock_tests(): force_read_lock_recursive = 0, rwlock_t is a queued rwlock ---
// LOCK/UNLOCK here are still locking-selftest-wlock.h's (the last header included above them).

const queued: Array<{ fn: string; row: string; kernel: Expected; events: string; E: Body }> = [
  {
    fn: 'queued_read_lock_hardirq_RE_Er',
    row: 'hardirq read-lock/lock-read',
    kernel: 'FAILURE',
    events:
      'HARDIRQ_ENTER; read_lock(A); LOCK(B); UNLOCK(B); read_unlock(A); HARDIRQ_EXIT; HARDIRQ_DISABLE; LOCK(B); read_lock(A); read_unlock(A); UNLOCK(B); HARDIRQ_ENABLE',
    E: (m) => [
      m.HARDIRQ(() => [m.RL('A'), m.LOCK('B'), m.UNLOCK('B'), m.RU('A')]),
      ...[m.HARDIRQ_DISABLE(), m.LOCK('B'), m.RL('A'), m.RU('A'), m.UNLOCK('B'), m.HARDIRQ_ENABLE()],
    ],
  },
  {
    fn: 'queued_read_lock_hardirq_ER_rE',
    row: 'hardirq lock-read/read-lock',
    kernel: 'SUCCESS',
    events:
      'HARDIRQ_ENTER; LOCK(B); read_lock(A); read_unlock(A); UNLOCK(B); HARDIRQ_EXIT; HARDIRQ_DISABLE; read_lock(A); LOCK(B); UNLOCK(B); read_unlock(A); HARDIRQ_ENABLE',
    E: (m) => [
      m.HARDIRQ(() => [m.LOCK('B'), m.RL('A'), m.RU('A'), m.UNLOCK('B')]),
      ...[m.HARDIRQ_DISABLE(), m.RL('A'), m.LOCK('B'), m.UNLOCK('B'), m.RU('A'), m.HARDIRQ_ENABLE()],
    ],
  },
  {
    fn: 'queued_read_lock_hardirq_inversion',
    row: 'hardirq inversion',
    kernel: 'FAILURE',
    events:
      'HARDIRQ_ENTER; LOCK(B); UNLOCK(B); HARDIRQ_EXIT; HARDIRQ_DISABLE; LOCK(B); read_lock(A); read_unlock(A); UNLOCK(B); HARDIRQ_ENABLE; read_lock(A); read_unlock(A)',
    E: (m) => [
      m.HARDIRQ(() => [m.LOCK('B'), m.UNLOCK('B')]),
      ...[m.HARDIRQ_DISABLE(), m.LOCK('B'), m.RL('A'), m.RU('A'), m.UNLOCK('B'), m.HARDIRQ_ENABLE()],
      ...[m.RL('A'), m.RU('A')],
    ],
  },
];
for (const t of queued) {
  add({ fn: t.fn, family: 'queued-read-lock', column: 'rlock', kernel: t.kernel, row: t.row, events: t.events, force: false }, t.E, new Macros('wlock'));
}

// ---- wait_context_tests() (CONFIG_PROVE_RAW_LOCK_NESTING): guard(outer); guard(inner) --------

type Outer = 'HARDIRQ' | 'NOTTHREADED_HARDIRQ' | 'SOFTIRQ' | 'RCU' | 'RCU_BH' | 'RCU_SCHED' | 'raw_spinlock' | 'spinlock' | 'mutex';
type Inner = 'RCU' | 'raw_spinlock' | 'spinlock' | 'mutex';

/** guard(outer): enter `outer`, run `body`, leave — the reversed clean-up runs the inner unlock first. */
function guard(m: Macros, outer: Outer, body: () => void): void {
  const irq = { HARDIRQ: 'hardirq', NOTTHREADED_HARDIRQ: 'hardirq', SOFTIRQ: 'softirq' } as const;
  const rcu = {
    RCU: ['rcu_read_lock', 'rcu_read_unlock'],
    RCU_BH: ['rcu_read_lock_bh', 'rcu_read_unlock_bh'],
    RCU_SCHED: ['rcu_read_lock_sched', 'rcu_read_unlock_sched'],
  } as const;
  const lock = {
    raw_spinlock: ['raw_spin_lock', 'raw_spin_unlock', 'raw'],
    spinlock: ['spin_lock', 'spin_unlock', 'lock'],
    mutex: ['mutex_lock', 'mutex_unlock', 'mutex'],
  } as const;
  if (outer in irq) m.block(irq[outer as keyof typeof irq], body, outer === 'NOTTHREADED_HARDIRQ' ? false : undefined);
  else if (outer in rcu) {
    const [enter, leave] = rcu[outer as keyof typeof rcu];
    m.plain(enter);
    body();
    m.plain(leave);
  } else {
    const [enter, leave, kind] = lock[outer as keyof typeof lock];
    m.op(enter, kind, 'A');
    body();
    m.op(leave, kind, 'A');
  }
}

/** guard(inner): the inner lock is taken and dropped. */
function innerLock(m: Macros, inner: Inner): void {
  if (inner === 'RCU') {
    m.plain('rcu_read_lock');
    m.plain('rcu_read_unlock');
    return;
  }
  const [lock, unlock, kind] = (
    {
      raw_spinlock: ['raw_spin_lock', 'raw_spin_unlock', 'raw'],
      spinlock: ['spin_lock', 'spin_unlock', 'lock'],
      mutex: ['mutex_lock', 'mutex_unlock', 'mutex'],
    } as const
  )[inner];
  m.op(lock, kind, 'B');
  m.op(unlock, kind, 'B');
}

/** DO_CONTEXT_TESTCASE_OUTER_{PREEMPTIBLE,LIMITED_PREEMPTIBLE,NOT_PREEMPTIBLE}: which inner locks fail. */
const OUTERS: ReadonlyArray<readonly [Outer, string, readonly Inner[]]> = [
  ['HARDIRQ', 'in hardirq context', ['mutex']],
  ['NOTTHREADED_HARDIRQ', 'in hardirq context (not threaded)', ['spinlock', 'mutex']],
  ['SOFTIRQ', 'in softirq context', ['mutex']],
  ['RCU', 'in RCU context', ['mutex']],
  ['RCU_BH', 'in RCU-bh context', ['mutex']],
  ['RCU_SCHED', 'in RCU-sched context', ['spinlock', 'mutex']],
  ['raw_spinlock', 'in RAW_SPINLOCK context', ['spinlock', 'mutex']],
  ['spinlock', 'in SPINLOCK context', ['mutex']],
  ['mutex', 'in MUTEX context', []],
];
const INNER_COLUMN: Record<Inner, Column> = { RCU: 'rcu', raw_spinlock: 'raw', spinlock: 'spin', mutex: 'mutex' };
for (const [outer, row, failing] of OUTERS) {
  for (const inner of ['RCU', 'raw_spinlock', 'spinlock', 'mutex'] as const) {
    const kernel = failing.includes(inner) ? 'FAILURE' : 'SUCCESS';
    const events = `guard(${outer})(${{ raw_spinlock: '&raw_lock_A', spinlock: '&lock_A', mutex: '&mutex_A' }[outer as string] ?? ''}); guard(${inner})(${{ RCU: '', raw_spinlock: '&raw_lock_B', spinlock: '&lock_B', mutex: '&mutex_B' }[inner]})`;
    add({ fn: `${inner}_in_${outer}`, family: 'wait-context', column: INNER_COLUMN[inner], kernel, row, events, force: false }, (m) =>
      guard(m, outer, () => innerLock(m, inner)),
    );
  }
}

// ---- hardirq_deadlock_softirq_not_deadlock (LOCKTYPE_SPECIAL) --------------------------------

add(
  {
    fn: 'hardirq_deadlock_softirq_not_deadlock',
    family: 'hardirq-unsafe-softirq-safe',
    column: 'special',
    kernel: 'FAILURE',
    row: 'hardirq_unsafe_softirq_safe',
    events:
      'mutex_A -> lock_C (irqs off); lock_A hardirq-safe; lock_A -> lock_B; lock_B -> lock_C; lock_D softirq-safe; lock_D hardirq-unsafe (bh off); lock_C -> lock_D',
    force: false,
  },
  (m) => [
    ...[m.ML('A'), m.HARDIRQ_DISABLE(), m.L('C'), m.U('C'), m.HARDIRQ_ENABLE(), m.MU('A')],
    m.HARDIRQ(() => [m.L('A'), m.U('A')]),
    ...[m.HARDIRQ_DISABLE(), m.L('A'), m.L('B'), m.U('B'), m.U('A'), m.HARDIRQ_ENABLE()],
    ...[m.HARDIRQ_DISABLE(), m.L('B'), m.L('C'), m.U('C'), m.U('B'), m.HARDIRQ_ENABLE()],
    m.SOFTIRQ(() => [m.L('D'), m.U('D')]),
    ...[m.SOFTIRQ_DISABLE(), m.L('D'), m.U('D'), m.SOFTIRQ_ENABLE()],
    ...[m.HARDIRQ_DISABLE(), m.L('C'), m.L('D'), m.U('D'), m.U('C'), m.HARDIRQ_ENABLE()],
  ],
);

/** Every ported case, in locking_selftest()'s order. */
export const SELFTEST_CASES: readonly SelftestCase[] = cases;

/** The case's scenario name: `selftest-` and the kernel function, lowercase, `_` → `-`. */
export function caseName(c: SelftestCase): string {
  return `selftest-${c.fn.toLowerCase().replaceAll('_', '-')}`;
}
