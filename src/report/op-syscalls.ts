/**
 * Which scenario operation each syscall of a run performs. The trace names a syscall only
 * (`fallocate`); the exports (commit diagram, C reproducer) need its arguments and the op behind
 * it. A task performs its ops in order, one syscall each (scenario/runner.ts), except:
 * `sleep` makes none; an op whose file does not exist ends with -ENOENT before any syscall, and
 * a `close` of a file the task has not open with -EBADF; and when its ops are done a task waits
 * for its outstanding AIO (`io_getevents`) and closes its open files, as process exit does.
 */
import type { HistoryOp } from '../check/history.js';
import type { Scenario, ScenarioOp } from '../scenario/schema.js';
import type { TraceEvent } from '../scenario/trace-event.js';

/** The syscall an op makes (null: none). */
export function syscallOf(op: ScenarioOp): string | null {
  switch (op.op) {
    case 'aio_write':
    case 'aio_read':
      return 'io_submit';
    case 'wait':
      return 'io_getevents';
    case 'write':
      return 'pwrite64';
    case 'read':
      return 'pread64';
    case 'truncate':
      return 'ftruncate';
    case 'fallocate':
      return 'fallocate';
    case 'fsync':
      return 'fsync';
    case 'create':
      return 'openat';
    case 'unlink':
      return 'unlinkat';
    case 'close':
      return 'close';
    case 'sleep':
      return null;
    case 'freeze':
    case 'thaw':
      return 'ioctl';
    case 'io_setup':
      return 'io_setup';
    case 'io_destroy':
      return 'io_destroy';
    default:
      return null; // a lock program's op runs in a kernel thread: no syscall
  }
}

/** One syscall of a task: the op it performs (null for the implicit ones at exit) and, for an exit `close`, the file. */
export interface OpSyscall {
  readonly task: string;
  /** Index of the op in its task's `ops`; null at exit. */
  readonly opIndex: number | null;
  readonly op: ScenarioOp | null;
  /** The history record of the op (its id, result), when it has one. */
  readonly rec: HistoryOp | null;
  /** The file an exit `close` closes. */
  readonly file: string | null;
}

const ENOENT = -2;
const EBADF = -9;

/** Whether the op's history record says it got as far as its syscall. */
function madeSyscall(op: ScenarioOp, rec: HistoryOp | undefined): boolean {
  if (syscallOf(op) === null || !rec) return false;
  if (op.op === 'close') return rec.result !== EBADF;
  return op.op === 'create' || rec.result !== ENOENT;
}

/** syscall-enter event index → the op it performs, for every process context named after a task. */
export function opSyscalls(scenario: Scenario, events: readonly TraceEvent[], history: readonly HistoryOp[]): Map<number, OpSyscall> {
  const out = new Map<number, OpSyscall>();
  const taskOf = new Map<number, string>();
  for (const e of events) if (e.type === 'ctx-start' && e.kind === 'process') taskOf.set(e.ctx, e.name);
  for (const task of scenario.tasks) {
    const recs = history.filter((r) => r.task === task.name);
    const expected: OpSyscall[] = [];
    const open: string[] = []; // in the order the task opened them, as its descriptor table closes them at exit
    task.ops.forEach((op, i) => {
      const rec = recs[i];
      if (madeSyscall(op, rec)) expected.push({ task: task.name, opIndex: i, op, rec: rec!, file: null });
      if (!rec || !('file' in op)) return;
      const at = open.indexOf(op.file);
      if (op.op === 'close') {
        if (at >= 0) open.splice(at, 1);
      } else if (op.op !== 'unlink' && at < 0 && (op.op === 'create' ? rec.result === 0 : rec.result !== ENOENT)) open.push(op.file);
    });
    const exit: OpSyscall[] = open.map((file) => ({ task: task.name, opIndex: null, op: null, rec: null, file }));
    let next = 0;
    let closes = 0;
    events.forEach((e, index) => {
      if (e.type !== 'syscall-enter' || taskOf.get(e.ctx) !== task.name) return;
      const want = expected[next];
      if (want && syscallOf(want.op!) === e.name) {
        out.set(index, want);
        next++;
      } else if (e.name === 'close' && closes < exit.length) {
        out.set(index, exit[closes++]!);
      } else {
        out.set(index, { task: task.name, opIndex: null, op: null, rec: null, file: null });
      }
    });
  }
  return out;
}

/** The syscall-enter of the syscall event `index` happened in (itself, if it is one); null when its context was in none. */
export function syscallEnterOf(events: readonly TraceEvent[], index: number): number | null {
  const ctx = events[index]!.ctx;
  if (events[index]!.type === 'syscall-enter') return index;
  for (let i = index - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.ctx !== ctx) continue;
    if (e.type === 'syscall-exit') return null;
    if (e.type === 'syscall-enter') return i;
  }
  return null;
}

/** The return of the syscall entered at `enter` (past the end of the trace if it never returned). */
export function syscallExitOf(events: readonly TraceEvent[], enter: number): number {
  const ctx = events[enter]!.ctx;
  for (let i = enter + 1; i < events.length; i++) if (events[i]!.ctx === ctx && events[i]!.type === 'syscall-exit') return i;
  return events.length;
}
