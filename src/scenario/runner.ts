/**
 * Runs one scenario under one scheme and one strategy: builds the world (device, allocator,
 * the scheme's file system, the initial files), runs every task as a process context that
 * performs its ops as syscalls, records the history, and applies the oracles — ownership and
 * stale data while it runs, fsck and linearizability when it ends.
 *
 * Task semantics (design §7): a task opens a file implicitly at its first op on it (`create`
 * opens what it creates; `unlink` and `close` open nothing; closing a file the task has not
 * opened is -EBADF; an op on a name that is gone ends at once with -ENOENT, openat's error, so
 * an AIO on it is never submitted and `wait for:` it returns that error at once); `close` runs the release hook; when its ops are done a task waits for its own outstanding AIO (as
 * process exit does) and closes its files. `after: id` waits until that op has completed.
 */
import { History, type HistoryOp } from '../check/history.js';
import { historyKeys } from '../check/history-keys.js';
import type { OracleNote } from '../check/final-files.js';
import { type OracleSet, attachOracles } from '../check/oracle-set.js';
import { Kioctx, io_destroy, io_getevents, io_submit, kill_ioctx, sync_rw } from '../aio/aio.js';
import { RequestQueue } from '../aio/blk-queue.js';
import { schemeNamed, SCHEME_NAMES } from '../fs-impls/schemes.js';
import { createLocking } from '../locks/locking.js';
import type { Lockdep } from '../locks/lockdep.js';
import type { Context } from '../sim/context.js';
import { UserError } from '../sim/errors.js';
import { type AccessMode, EXCLUSIVE } from '../sim/footprint.js';
import type { Sim } from '../sim/sim.js';
import type { RunResult, Simulator } from '../sim/simulator.js';
import type { Strategy } from '../sim/strategy.js';
import { syscall } from '../sim/syscall.js';
import { WaitQueue, wait_event, wake_up_all } from '../sim/waitqueue.js';
import type { DiskArena } from '../vfs/block-device.js';
import type { Inode } from '../vfs/inode.js';
import { EBADF, ENOENT, type Kiocb } from '../vfs/kiocb.js';
import { createInitialFile, vfs_create, vfs_open, vfs_release, vfs_unlink } from '../vfs/namespace.js';
import { SuperBlock } from '../vfs/superblock.js';
import { do_sys_ftruncate, vfs_fallocate } from '../vfs/vfs-write.js';
import { freeze_super, thaw_super } from '../vfs/freeze.js';
import { type ProgramLock, type ProgramTask, createLocks, endProgramTask, programTask, runProgramOp } from './lock-program.js';
import { type FileOp, type LockProgramOp, type OpKind, type Scenario, type ScenarioOp, isLockProgramOp } from './schema.js';
import { type TraceEvent, traceEvents } from './trace-event.js';
import { defaultStepLimit } from './step-limit.js';

export interface RunOptions {
  readonly strategy: Strategy;
  /** Scheme name; default: the scenario's `fs`. */
  readonly fs?: string;
  readonly trace?: boolean;
  /** Default: the scenario's own (defaultStepLimit: it grows with the scenario's work). */
  readonly stepLimit?: number;
  readonly stopAtFirstVerdict?: boolean;
  /** Where the disk image lives; default, an arena of the run's own (see judgeScenario). */
  readonly arena?: DiskArena;
}

export interface ScenarioRun {
  readonly scenario: Scenario;
  readonly fs: string;
  readonly sim: Simulator;
  /** The run's trace as the typed union (empty when the trace was off). */
  readonly events: readonly TraceEvent[];
  readonly sb: SuperBlock;
  readonly history: History;
  readonly result: RunResult;
  /** What an oracle could not decide (a linearizability search at its limit): never a verdict. */
  readonly notes: readonly OracleNote[];
}

interface World {
  readonly sim: Simulator;
  readonly sb: SuperBlock;
  readonly scenario: Scenario;
  readonly history: History;
  readonly done: Set<string>;
  readonly doneWq: WaitQueue;
  readonly oracles: OracleSet;
  readonly lockdep: Lockdep;
  /** The scenario's named locks (lock programs). */
  readonly locks: ReadonlyMap<string, ProgramLock>;
}

/** A world ready to run: step it (interactive stepper) or run it to the end; then `finish`. */
export interface PreparedScenario {
  readonly scenario: Scenario;
  readonly fs: string;
  readonly sim: Simulator;
  readonly events: readonly TraceEvent[];
  readonly sb: SuperBlock;
  readonly history: History;
  /** Applies the end-of-run oracles (fsck, linearizability) when the run completed. */
  finish(result: RunResult): ScenarioRun;
}

export function prepareScenario(scenario: Scenario, options: RunOptions): PreparedScenario {
  const fsName = options.fs ?? scenario.fs;
  const scheme = schemeNamed(fsName);
  if (!scheme) throw new UserError(`--fs: unknown scheme "${fsName}"; expected one of ${SCHEME_NAMES.join(', ')}, or a scheme file loaded first (useScheme)`);
  const { sim, lockdep } = createLocking({
    strategy: options.strategy,
    trace: options.trace ?? true,
    stepLimit: options.stepLimit ?? defaultStepLimit(scenario),
    stopAtFirstVerdict: options.stopAtFirstVerdict ?? false,
    kernel: scenario.kernel,
  });
  const sb = new SuperBlock(sim, lockdep, scenario.geometry.blockSize, scenario.geometry.blocks, options.arena);
  const q = new RequestQueue(sb, scenario.device, scenario.cpu);
  sb.fs = scheme.create(sb, q);
  const initialFiles = new Map(scenario.files.map((f) => [createInitialFile(sb, f).ino, f] as const));

  // Recorded by beginOp and settle, with footprints by accessHistory.
  const history = new History();
  const oracles = attachOracles(sim, sb, scenario, history, initialFiles);
  const done = new Set<string>();
  const locks = createLocks(lockdep, scenario.locks, scenario.tasks);
  lockdep.starvation.after = scenario.starvation.after;
  const world: World = { sim, sb, scenario, history, done, doneWq: new WaitQueue(sim, 'an earlier op (after:)'), oracles, lockdep, locks };
  for (const task of scenario.tasks) sim.spawn('process', task.name, runTask(world, task.name, task.ops));
  const events = traceEvents(sim.trace);
  return {
    scenario,
    fs: fsName,
    sim,
    events,
    sb,
    history,
    finish(result: RunResult): ScenarioRun {
      // result.verdicts is sim.verdicts: the end-of-run oracles' verdicts are in it too.
      const notes = oracles.finish(result.outcome);
      return { scenario, fs: fsName, sim, events, sb, history, result, notes };
    },
  };
}

/**
 * An internal error (a bug in aiosim) thrown while a run was under way, with the choices the
 * simulator had recorded up to it: replayed, they reach the same failure. Its message is the
 * error's own; bad input (a UserError) is never wrapped.
 */
export class RunFailed extends Error {
  override readonly name = 'RunFailed';

  constructor(
    readonly error: unknown,
    readonly choices: readonly number[],
  ) {
    super(error instanceof Error ? error.message : String(error));
  }
}

/** Runs a prepared world to its end and judges it; an internal error leaves with the choices that lead to it. */
function runToEnd(prepared: PreparedScenario): ScenarioRun {
  try {
    return prepared.finish(prepared.sim.run());
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new RunFailed(err, [...prepared.sim.choices]);
  }
}

export function runScenario(scenario: Scenario, options: RunOptions): ScenarioRun {
  return runToEnd(prepareScenario(scenario, options));
}

/**
 * Runs an execution only to judge it (exploration, shrinking, benchmarks): the result keeps
 * its verdicts, schedule and counters, but its disk image goes back to `arena`, whose next
 * execution reuses it (creating an image costs more than a small execution).
 */
export function judgeScenario(scenario: Scenario, options: RunOptions & { readonly arena: DiskArena }): ScenarioRun {
  const prepared = prepareScenario(scenario, options);
  try {
    return runToEnd(prepared);
  } finally {
    prepared.sb.dev.release();
  }
}

/** The running step read (`after:`) or changed (an op's end) whether op `id` has ended. */
function accessDone(w: World, id: string, mode: AccessMode): void {
  if (w.sim.footprints) w.sim.access(`done:${id}`, mode);
}

/** Records an op's start or end in the running step's footprint, on the parts of the history the oracles can tell apart. */
function accessHistory(w: World, rec: HistoryOp, mode: 'begin' | 'end'): void {
  if (!w.sim.footprints) return;
  for (const key of historyKeys(w.scenario, rec)) w.sim.access(key, mode);
  // Its end also puts it in the set of ended ops, which `after:` waits read.
  if (mode === 'end') accessDone(w, rec.id, EXCLUSIVE);
}

/** One task's kernel-side state: its AIO context, its open files, its submitted AIOs. */
interface Task {
  readonly w: World;
  readonly name: string;
  readonly ctx: Context;
  /** The implicit AIO context (every task has one, as if io_setup ran before its first op). */
  readonly kctx: Kioctx;
  /** Contexts of io_setup ops, by name, in creation order. */
  readonly contexts: Map<string, Kioctx>;
  readonly open: Map<string, Inode>;
  readonly aio: Map<string, Kiocb>;
  /** AIOs that never reached io_submit (the openat of their file failed): id → that -errno. */
  readonly unsubmitted: Map<string, number>;
  seq: number;
}

/**
 * A task's body. The loop is kept small and every op kind has a generator of its own: each
 * scheduling step resumes every generator frame on the way down, and a frame's cost grows with
 * its size.
 */
function* runTask(w: World, name: string, ops: readonly ScenarioOp[]): Sim<void> {
  const ctx = w.sim.current;
  const task: Task = { w, name, ctx, kctx: new Kioctx(w.sb, ctx), contexts: new Map(), open: new Map(), aio: new Map(), unsubmitted: new Map(), seq: 0 };
  // A task with lock-program ops is also a kernel thread running them (lock-program.ts).
  const program = ops.some(isLockProgramOp) ? programTask(w.sim, w.lockdep, w.locks, name, ctx) : null;
  for (const op of ops) {
    if (program && isLockProgramOp(op)) yield* runLockOp(task, program, op);
    else yield* runOp(task, op as FileOp);
  }
  if (program) yield* endProgramTask(program);
  // Process exit: outstanding AIO is waited for, then every file is closed.
  const pending = task.kctx.dead ? [] : task.kctx.pending();
  if (pending.length > 0) yield* io_getevents(task.kctx, pending);
  // exit_aio (from exit_mm, before the files are closed): every context still alive is killed and waited for.
  for (const kctx of task.contexts.values()) if (!kctx.dead) yield* kill_ioctx(kctx);
  for (const path of [...task.open.keys()]) yield* closeFile(task, path);
}

/** A lock-program op: waits for `after:` like any op, runs, and counts as ended for others' `after:` (it is not in the history). */
function* runLockOp(t: Task, program: ProgramTask, op: LockProgramOp): Sim<void> {
  const { w } = t;
  if (op.after) yield* waitForOp(w, op.after);
  yield* runProgramOp(program, op);
  if (op.id) {
    accessDone(w, op.id, EXCLUSIVE);
    w.done.add(op.id);
    wake_up_all(w.doneWq);
  }
}

/** `after: id`: sleeps until op `id` has ended. */
function* waitForOp(w: World, after: string): Sim<void> {
  const ended = (): boolean => {
    accessDone(w, after, 'read');
    return w.done.has(after);
  };
  yield* wait_event(w.doneWq, ended, `wait for ${after} (after:)`);
}

function* runOp(t: Task, op: FileOp): Sim<void> {
  const started = yield* beginOp(t, op);
  if (started) yield* OPS[op.op](t, op as never, started.rec, started.inode!);
}

/**
 * Waits for `after:`, finds the op's inode and records its start; null when the op already
 * ended (a file that does not exist).
 */
function* beginOp(t: Task, op: FileOp): Sim<{ rec: HistoryOp; inode: Inode | null } | null> {
  const { w } = t;
  const id = op.id ?? `${t.name}#${++t.seq}`;
  if (op.after) yield* waitForOp(w, op.after);
  const file = 'file' in op ? op.file : null;
  // Which inode the op addresses: opened on first use; close uses the task's own open file
  // (the name may be gone); unlink looks the name up without opening it.
  let inode: Inode | null = null;
  if (file !== null && op.op === 'close') inode = t.open.get(file) ?? null;
  else if (file !== null && op.op === 'unlink') inode = w.sb.dentries.get(file) ?? null;
  else if (file !== null && op.op !== 'create') inode = yield* openFile(t, file);
  const rec = w.history.begin({
    id,
    task: t.name,
    kind: op.op,
    file,
    ino: inode?.ino ?? null,
    offset: 'offset' in op ? op.offset : 0,
    length: 'length' in op ? op.length : 0,
    fill: 'fill' in op ? op.fill.charCodeAt(0) : 0,
    size: op.op === 'truncate' ? op.size : 0,
    mode: op.op === 'fallocate' ? op.mode : null,
    start: w.sim.steps,
    startT: w.sim.now,
  });
  accessHistory(w, rec, 'begin');
  if (file && !inode && op.op !== 'create') {
    const errno = op.op === 'close' ? EBADF : ENOENT;
    if (op.op === 'aio_write' || op.op === 'aio_read') t.unsubmitted.set(id, errno);
    settle(w, rec, errno);
    return null;
  }
  return { rec, inode };
}

/** Records an op's end and result; a read's bytes are checked for stale data at once. */
function settle(w: World, rec: HistoryOp, result: number, data: Buffer | null = null, end = w.sim.steps, endT = w.sim.now): void {
  accessHistory(w, rec, 'end');
  rec.result = result;
  rec.end = end;
  rec.endT = endT;
  rec.data = data;
  w.oracles.onOpEnd(rec);
  w.done.add(rec.id);
  wake_up_all(w.doneWq);
}

/** A task's descriptor for `path`: the one it has, or a new one (openat). */
function* openFile(t: Task, path: string): Sim<Inode | null> {
  const existing = t.open.get(path);
  if (existing) return existing;
  const inode = yield* vfs_open(t.w.sb, path);
  if (inode) t.open.set(path, inode);
  return inode;
}

function* closeFile(t: Task, path: string): Sim<void> {
  const inode = t.open.get(path);
  if (!inode) return;
  t.open.delete(path);
  yield* syscall(t.w.sim, 'close', vfs_release(t.w.sb, inode));
}

/** ioctx_alloc(): a new context of the task's (validation makes names unique per task). */
function* ioctx_alloc(t: Task, name: string): Sim<number> {
  yield 'ioctx_alloc';
  t.contexts.set(name, new Kioctx(t.w.sb, t.ctx, name));
  return 0;
}

/** The context a submitted kiocb belongs to. */
function contextOf(t: Task, iocb: Kiocb): Kioctx {
  for (const kctx of t.contexts.values()) if (kctx.submitted.includes(iocb)) return kctx;
  return t.kctx;
}

type OpOf<K extends OpKind> = Extract<FileOp, { op: K }>;
type OpBody<K extends OpKind> = (t: Task, op: OpOf<K>, rec: HistoryOp, inode: Inode) => Sim<void>;

function* aioOp(t: Task, op: OpOf<'aio_write' | 'aio_read'>, rec: HistoryOp, inode: Inode): Sim<void> {
  const dir = op.op === 'aio_write' ? 'write' : 'read';
  // The op ends when the kernel calls ki_complete, whenever that is (even before io_submit
  // returns), and is recorded in that step: its footprint is where the end happens.
  const kctx = op.ctx ? t.contexts.get(op.ctx)! : t.kctx;
  kctx.onComplete.set(rec.id, (iocb) =>
    settle(t.w, rec, iocb.result!, dir === 'read' ? iocb.buffer.subarray(0, Math.max(0, iocb.result!)) : null, iocb.completedStep, iocb.completedAt),
  );
  t.aio.set(rec.id, yield* io_submit(kctx, { id: rec.id, inode, dir, pos: op.offset, count: op.length, fill: rec.fill, direct: true }));
}

function* syncOp(t: Task, op: OpOf<'write' | 'read'>, rec: HistoryOp, inode: Inode): Sim<void> {
  const dir = op.op === 'write' ? 'write' : 'read';
  const iocb = yield* sync_rw(t.w.sb, t.ctx, { id: rec.id, inode, dir, pos: op.offset, count: op.length, fill: rec.fill, direct: op.direct });
  settle(t.w, rec, iocb.result!, dir === 'read' ? iocb.buffer.subarray(0, Math.max(0, iocb.result!)) : null);
}

const OPS: { readonly [K in OpKind]: OpBody<K> } = {
  aio_write: aioOp,
  aio_read: aioOp,
  write: syncOp,
  read: syncOp,
  *wait(t, op, rec) {
    // An AIO that was never submitted has no event to reap: the wait returns its error at once.
    const unsubmitted = op.for === undefined ? undefined : t.unsubmitted.get(op.for);
    if (unsubmitted !== undefined) return settle(t.w, rec, unsubmitted);
    if (op.for) {
      const iocb = t.aio.get(op.for)!;
      yield* io_getevents(contextOf(t, iocb), [iocb]);
      return settle(t.w, rec, 1);
    }
    // Everything outstanding, context by context (the implicit one first).
    let reaped = 0;
    for (const kctx of [t.kctx, ...t.contexts.values()]) {
      const which = kctx.dead ? [] : kctx.pending();
      if (kctx === t.kctx || which.length > 0) yield* io_getevents(kctx, which);
      reaped += which.length;
    }
    settle(t.w, rec, reaped);
  },
  *truncate(t, op, rec, inode) {
    settle(t.w, rec, yield* syscall(t.w.sim, 'ftruncate', do_sys_ftruncate(t.w.sb, inode, op.size)));
  },
  *fallocate(t, op, rec, inode) {
    settle(t.w, rec, yield* syscall(t.w.sim, 'fallocate', vfs_fallocate(t.w.sb, inode, op.mode, op.offset, op.length)));
  },
  *fsync(t, _op, rec, inode) {
    settle(t.w, rec, yield* syscall(t.w.sim, 'fsync', t.w.sb.fs.fsync(inode)));
  },
  *create(t, op, rec) {
    settle(
      t.w,
      rec,
      yield* syscall(
        t.w.sim,
        'openat',
        vfs_create(t.w.sb, op.file, (inode) => (rec.ino = inode.ino)),
      ),
    );
    if (rec.result === 0) yield* openFile(t, op.file);
  },
  *unlink(t, op, rec) {
    settle(t.w, rec, yield* syscall(t.w.sim, 'unlinkat', vfs_unlink(t.w.sb, op.file)));
  },
  *close(t, op, rec) {
    yield* closeFile(t, op.file);
    settle(t.w, rec, 0);
  },
  *freeze(t, _op, rec) {
    settle(t.w, rec, yield* syscall(t.w.sim, 'ioctl', freeze_super(t.w.sb)));
  },
  *thaw(t, _op, rec) {
    settle(t.w, rec, yield* syscall(t.w.sim, 'ioctl', thaw_super(t.w.sb)));
  },
  *io_setup(t, op, rec) {
    settle(t.w, rec, yield* syscall(t.w.sim, 'io_setup', ioctx_alloc(t, op.ctx)));
  },
  *io_destroy(t, op, rec) {
    settle(t.w, rec, yield* io_destroy(op.ctx ? t.contexts.get(op.ctx)! : t.kctx));
  },
  *sleep(t, op, rec) {
    t.w.sim.sleepFor(op.us * 1000);
    yield 'nanosleep';
    settle(t.w, rec, 0);
  },
};
