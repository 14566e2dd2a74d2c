/**
 * Runs one scenario under one scheme and one strategy: builds the world (device, allocator,
 * the scheme's file system, the initial files), runs every task as a process context that
 * performs its ops as syscalls, records the history, and applies the oracles — ownership and
 * stale data while it runs, fsck and linearizability when it ends.
 *
 * Task semantics (design §7): a task opens a file implicitly at its first op on it (`create`
 * opens what it creates; `unlink` and `close` open nothing; closing a file the task has not
 * opened is -EBADF); `close` runs the release hook; when its ops are done a task waits for its own outstanding AIO (as
 * process exit does) and closes its files. `after: id` waits until that op has completed.
 */
import { EBADF, EEXIST, ENOENT, type Kiocb } from '../vfs/kiocb.js';
import type { Inode } from '../vfs/inode.js';
import { SuperBlock } from '../vfs/superblock.js';
import { DiskArena } from '../vfs/block-device.js';
import { Kioctx, io_getevents, io_submit, sync_rw } from '../aio/aio.js';
import { RequestQueue } from '../aio/blk-queue.js';
import { createLocking } from '../locks/locking.js';
import type { Context } from '../sim/context.js';
import { UserError } from '../sim/errors.js';
import type { Sim } from '../sim/sim.js';
import type { RunResult, Simulator } from '../sim/simulator.js';
import type { Strategy } from '../sim/strategy.js';
import { syscall } from '../sim/syscall.js';
import { WaitQueue, wait_event, wake_up_all } from '../sim/waitqueue.js';
import { schemeNamed, SCHEME_NAMES } from '../fs-impls/schemes.js';
import { attachOwnershipOracle } from '../check/ownership.js';
import { checkReadNotStale } from '../check/stale-data.js';
import { fsck } from '../check/fsck.js';
import { History, type HistoryOp } from '../check/history.js';
import { historyKeys } from '../check/history-keys.js';
import { type AccessMode, EXCLUSIVE } from '../sim/footprint.js';
import { checkLinearizable } from '../check/linearizability.js';
import { paint, runsOf } from '../check/runs.js';
import type { OpKind, Scenario, ScenarioOp } from './schema.js';
import { type TraceEvent, traceEvents } from './trace-event.js';

export interface RunOptions {
  readonly strategy: Strategy;
  /** Scheme name; default: the scenario's `fs`. */
  readonly fs?: string;
  readonly trace?: boolean;
  readonly stepLimit?: number;
  readonly stopAtFirstVerdict?: boolean;
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
}

interface World {
  readonly sim: Simulator;
  readonly sb: SuperBlock;
  readonly scenario: Scenario;
  readonly history: History;
  readonly done: Set<string>;
  readonly doneWq: WaitQueue;
  /** Inode number → the scenario file it was created from. */
  readonly initialFiles: ReadonlyMap<number, Scenario['files'][number]>;
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

/** `arena`: where the disk image lives; default, an arena of the run's own. */
export function prepareScenario(scenario: Scenario, options: RunOptions, arena?: DiskArena): PreparedScenario {
  const fsName = options.fs ?? scenario.fs;
  const scheme = schemeNamed(fsName);
  if (!scheme) throw new UserError(`--fs: unknown scheme "${fsName}"; expected one of ${SCHEME_NAMES.join(', ')}`);
  const { sim, lockdep } = createLocking({
    strategy: options.strategy,
    trace: options.trace ?? true,
    stepLimit: options.stepLimit ?? 100_000,
    stopAtFirstVerdict: options.stopAtFirstVerdict ?? false,
  });
  const sb = new SuperBlock(sim, lockdep, scenario.geometry.blockSize, scenario.geometry.blocks, arena);
  const q = new RequestQueue(sb, scenario.device, scenario.cpu);
  sb.fs = scheme.create(sb, q);
  attachOwnershipOracle(sb);
  const initialFiles = new Map(scenario.files.map((f) => [createInitialFile(sb, f.path, f.size, f.fill), f] as const));

  // Recorded by beginOp and settle, with footprints by accessHistory.
  const history = new History();
  const done = new Set<string>();
  const world: World = { sim, sb, scenario, history, done, doneWq: new WaitQueue(sim, 'an earlier op (after:)'), initialFiles };
  scenario.tasks.forEach((task) => sim.spawn('process', task.name, runTask(world, task.name, task.ops)));
  const events = traceEvents(sim.trace);
  return {
    scenario, fs: fsName, sim, events, sb, history,
    finish(result: RunResult): ScenarioRun {
      if (result.outcome === 'completed') {
        fsck(sb);
        checkFilesLinearizable(world);
      }
      // result.verdicts is sim.verdicts: the end-of-run oracles' verdicts are in it too.
      return { scenario, fs: fsName, sim, events, sb, history, result };
    },
  };
}

export function runScenario(scenario: Scenario, options: RunOptions): ScenarioRun {
  const prepared = prepareScenario(scenario, options);
  return prepared.finish(prepared.sim.run());
}

/** Executions that are judged and then dropped share this thread's disk images. */
const judgedArena = new DiskArena();

/**
 * Runs an execution only to judge it (exploration, shrinking, benchmarks): the result keeps
 * its verdicts, schedule and counters, but its disk image is reused by the next execution.
 */
export function judgeScenario(scenario: Scenario, options: RunOptions): ScenarioRun {
  const prepared = prepareScenario(scenario, options, judgedArena);
  try {
    return prepared.finish(prepared.sim.run());
  } finally {
    prepared.sb.dev.release();
  }
}

function createInitialFile(sb: SuperBlock, path: string, size: number, fill: string | undefined): number {
  const inode = sb.newInode(path);
  sb.i_size_write(inode, size);
  if (!fill) return inode.ino;
  const bs = sb.blockSize;
  for (let fb = 0; fb * bs < size; fb++) {
    const block = sb.alloc.alloc({ ino: inode.ino, fileBlock: fb });
    if (block === null) throw new UserError(`files: ${path} does not fit on the device (geometry.blocks)`);
    inode.extents.set(fb, { block, state: 'mapped' });
    const bytes = Math.min(bs, size - fb * bs);
    sb.dev.fill(block, 0, bytes, fill.charCodeAt(0));
    if (bytes < bs) sb.dev.fill(block, bytes, bs - bytes, 0);
  }
  return inode.ino;
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
  readonly kctx: Kioctx;
  readonly open: Map<string, Inode>;
  readonly aio: Map<string, Kiocb>;
  seq: number;
}

/**
 * A task's body. The loop is kept small and every op kind has a generator of its own: each
 * scheduling step resumes every generator frame on the way down, and a frame's cost grows with
 * its size.
 */
function* runTask(w: World, name: string, ops: readonly ScenarioOp[]): Sim<void> {
  const ctx = w.sim.current;
  const task: Task = { w, name, ctx, kctx: new Kioctx(w.sb, ctx), open: new Map(), aio: new Map(), seq: 0 };
  for (const op of ops) yield* runOp(task, op);
  // Process exit: outstanding AIO is waited for, then every file is closed.
  const pending = task.kctx.pending();
  if (pending.length > 0) yield* io_getevents(task.kctx, pending);
  for (const path of [...task.open.keys()]) yield* closeFile(task, path);
}

function* runOp(t: Task, op: ScenarioOp): Sim<void> {
  const started = yield* beginOp(t, op);
  if (started) yield* OPS[op.op](t, op as never, started.rec, started.inode!);
}

/**
 * Waits for `after:`, finds the op's inode and records its start; null when the op already
 * ended (a file that does not exist).
 */
function* beginOp(t: Task, op: ScenarioOp): Sim<{ rec: HistoryOp; inode: Inode | null } | null> {
  const { w } = t;
  const id = op.id ?? `${t.name}#${++t.seq}`;
  if (op.after) {
    const after = op.after;
    yield* wait_event(w.doneWq, () => (accessDone(w, after, 'read'), w.done.has(after)), `wait for ${after} (after:)`);
  }
  const file = 'file' in op ? op.file : null;
  // Which inode the op addresses: opened on first use; close uses the task's own open file
  // (the name may be gone); unlink looks the name up without opening it.
  let inode: Inode | null = null;
  if (file !== null && op.op === 'close') inode = t.open.get(file) ?? null;
  else if (file !== null && op.op === 'unlink') inode = w.sb.dentries.get(file) ?? null;
  else if (file !== null && op.op !== 'create') inode = yield* openFile(t, file);
  const rec = w.history.begin({
    id, task: t.name, kind: op.op, file, ino: inode?.ino ?? null,
    offset: 'offset' in op ? op.offset : 0, length: 'length' in op ? op.length : 0,
    fill: 'fill' in op ? op.fill.charCodeAt(0) : 0, size: op.op === 'truncate' ? op.size : 0,
    mode: op.op === 'fallocate' ? op.mode : null, start: w.sim.steps, startT: w.sim.now,
  });
  accessHistory(w, rec, 'begin');
  if (file && !inode && op.op !== 'create') {
    settle(w, rec, op.op === 'close' ? EBADF : ENOENT);
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
  if (data) checkReadNotStale(w.sim, w.scenario, rec);
  w.done.add(rec.id);
  wake_up_all(w.doneWq);
}

function* openFile(t: Task, path: string): Sim<Inode | null> {
  const existing = t.open.get(path);
  if (existing) return existing;
  yield 'openat';
  const inode = t.w.sb.dentries.get(path);
  if (!inode) return null;
  t.w.sb.fileRefs(inode, 1);
  t.open.set(path, inode);
  return inode;
}

function* closeFile(t: Task, path: string): Sim<void> {
  const inode = t.open.get(path);
  if (!inode) return;
  t.open.delete(path);
  yield* syscall(t.w.sim, 'close', release(t.w.sb, inode));
}

/** __fput: ->release runs while the file still holds its reference; the last one evicts. */
function* release(sb: SuperBlock, inode: Inode): Sim<number> {
  yield* sb.fs.release(inode);
  if (sb.fileRefs(inode, -1) === 0 && inode.nlink === 0) yield* sb.evict(inode);
  return 0;
}

type OpOf<K extends OpKind> = Extract<ScenarioOp, { op: K }>;
type OpBody<K extends OpKind> = (t: Task, op: OpOf<K>, rec: HistoryOp, inode: Inode) => Sim<void>;

function* aioOp(t: Task, op: OpOf<'aio_write' | 'aio_read'>, rec: HistoryOp, inode: Inode): Sim<void> {
  const dir = op.op === 'aio_write' ? 'write' : 'read';
  // The op ends when the kernel calls ki_complete, whenever that is (even before io_submit
  // returns), and is recorded in that step: its footprint is where the end happens.
  t.kctx.onComplete.set(rec.id, (iocb) => settle(t.w, rec, iocb.result!, dir === 'read' ? iocb.buffer.subarray(0, Math.max(0, iocb.result!)) : null, iocb.completedStep, iocb.completedAt));
  t.aio.set(rec.id, yield* io_submit(t.kctx, { id: rec.id, inode, dir, pos: op.offset, count: op.length, fill: rec.fill, direct: true }));
}

function* syncOp(t: Task, op: OpOf<'write' | 'read'>, rec: HistoryOp, inode: Inode): Sim<void> {
  const dir = op.op === 'write' ? 'write' : 'read';
  const iocb = yield* sync_rw(t.w.sb, t.ctx, { id: rec.id, inode, dir, pos: op.offset, count: op.length, fill: rec.fill, direct: op.direct });
  settle(t.w, rec, iocb.result!, dir === 'read' ? iocb.buffer.subarray(0, Math.max(0, iocb.result!)) : null);
}

function* create(sb: SuperBlock, path: string, rec: HistoryOp): Sim<number> {
  yield 'openat(O_CREAT|O_EXCL)';
  if (sb.dentries.has(path)) return EEXIST;
  rec.ino = sb.newInode(path).ino;
  return 0;
}

function* unlink(sb: SuperBlock, path: string): Sim<number> {
  yield 'unlinkat';
  const victim = sb.dentries.get(path);
  if (!victim) return ENOENT;
  sb.dentries.delete(path);
  victim.nlink = 0;
  if (sb.fileRefs(victim, 0) === 0) yield* sb.evict(victim);
  return 0;
}

const OPS: { readonly [K in OpKind]: OpBody<K> } = {
  aio_write: aioOp,
  aio_read: aioOp,
  write: syncOp,
  read: syncOp,
  *wait(t, op, rec) {
    const which = op.for ? [t.aio.get(op.for)!] : t.kctx.pending();
    yield* io_getevents(t.kctx, which);
    settle(t.w, rec, which.length);
  },
  *truncate(t, op, rec, inode) {
    settle(t.w, rec, yield* syscall(t.w.sim, 'ftruncate', t.w.sb.fs.setattr_size(inode, op.size)));
  },
  *fallocate(t, op, rec, inode) {
    settle(t.w, rec, yield* syscall(t.w.sim, 'fallocate', t.w.sb.fs.fallocate(inode, op.mode, op.offset, op.length)));
  },
  *fsync(t, _op, rec, inode) {
    settle(t.w, rec, yield* syscall(t.w.sim, 'fsync', t.w.sb.fs.fsync(inode)));
  },
  *create(t, op, rec) {
    settle(t.w, rec, yield* syscall(t.w.sim, 'openat', create(t.w.sb, op.file, rec)));
    if (rec.result === 0) yield* openFile(t, op.file);
  },
  *unlink(t, op, rec) {
    settle(t.w, rec, yield* syscall(t.w.sim, 'unlinkat', unlink(t.w.sb, op.file)));
  },
  *close(t, op, rec) {
    yield* closeFile(t, op.file);
    settle(t.w, rec, 0);
  },
  *sleep(t, op, rec) {
    t.w.sim.sleepFor(op.us * 1000);
    yield 'nanosleep';
    settle(t.w, rec, 0);
  },
};

/** Final state of a live file as a user would read it: i_size bytes, holes and unwritten as zeros. */
export function observedFinal(sb: SuperBlock, inode: Inode): { size: number; runs: ReturnType<typeof runsOf> } {
  const bs = sb.blockSize;
  const bytes = Buffer.alloc(inode.i_size);
  for (const [fb, ext] of inode.extents) {
    if (ext.state !== 'mapped' || fb * bs >= inode.i_size) continue;
    sb.dev.readInto(ext.block, 0, Math.min(bs, inode.i_size - fb * bs), bytes, fb * bs);
  }
  return { size: inode.i_size, runs: runsOf(bytes) };
}

/**
 * One check per inode (a path unlinked and created again names two files). A file from the
 * scenario starts with its initial contents, one created during the run starts empty; a file
 * that is no longer linked is judged by its reads only.
 */
function checkFilesLinearizable(w: World): void {
  const { sb } = w;
  for (const inode of sb.inodes) {
    const ops = w.history.ops.filter((o: HistoryOp) => o.ino === inode.ino && o.kind !== 'create');
    if (ops.length === 0) continue;
    const path = inode.path;
    const initialSpec = w.initialFiles.get(inode.ino);
    const initial = initialSpec
      ? { size: initialSpec.size, runs: initialSpec.fill ? paint([], 0, initialSpec.size, initialSpec.fill.charCodeAt(0)) : [] }
      : { size: 0, runs: [] };
    const final = inode.nlink > 0 && inode.state === 'live' ? observedFinal(sb, inode) : null;
    const outcome = checkLinearizable({ file: path, ops, initial, final, blockSize: sb.blockSize });
    if (outcome.ok === false) {
      const what = outcome.failedRead ? `what read ${outcome.failedRead} returned (${outcome.readReturned})` : `the final file (${outcome.observed})`;
      sb.sim.report(
        'not-linearizable',
        `no order of the ${ops.length} operations on ${path} that respects their real-time order explains ${what}; in completion order: ${outcome.exampleOrder}`,
        { file: path, ino: inode.ino, observed: outcome.observed, example: outcome.exampleOrder, failedRead: outcome.failedRead, explored: outcome.explored },
      );
    }
  }
}

