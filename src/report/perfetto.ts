/**
 * The trace as Chrome Trace Event JSON, which ui.perfetto.dev and chrome://tracing open
 * (docs/reports.md has the mapping). Rendered from the trace only.
 *
 * - pid 1 "aiosim": one thread track per task and kworker, with syscall slices (`X`) and the
 *   waits inside them (`X`, "wait: …"); one track "hardirq (bio completions)" for all the
 *   interrupt contexts (the model has one CPU, and an interrupt runs to its end: they never
 *   overlap), each event naming its context in `args.ctx`; and a track "setup" (tid 0) for what
 *   happens before any context runs (the scenario's files) or after the last one.
 * - Lock holds are async slices (`b`/`e`, cat "lock") because a hold may move between contexts:
 *   an i_rwsem read hold taken by a task and released by the completion stays one slice, and
 *   shared holds overlap. The slice is named by the lock alone, whatever the mode (Perfetto
 *   makes one async track per name: one track per lock); `args.mode` says read or write.
 * - pid 2 "block device": one async slice per bio from submission to completion, and a counter
 *   of requests in flight.
 * - Flow arrows (flow v2: `bind_id` + `flow_out`/`flow_in`) from each submit_bio to its
 *   completion, and from each lockdep hand-off exit to the re-entry in the other context.
 * - Verdicts are global instant events with their message; i_size and i_dio_count are counters.
 *
 * Time: `ts` is virtual time in µs plus `stepNs` (default 1) ns per trace event, so that CPU
 * work that takes no virtual time still appears, in order. With the default, zoom in to see it;
 * `--perfetto-step-ns 1000` gives each event a microsecond (virtual time then stretches by the
 * number of events before it). There is no `displayTimeUnit`: current Perfetto ignores it, and
 * older viewers that honour "ns" draw the whole trace 1000× too short.
 */
import { verdictLabel } from '../sim/verdict-label.js';
import type { TraceEvent } from '../scenario/trace-event.js';
import { unreachable } from '../sim/errors.js';

type Out = Record<string, unknown>;

interface Hold {
  readonly id: number;
  readonly lock: string;
  readonly mode: 'read' | 'write';
  owner: number | null;
}

export interface PerfettoMeta {
  readonly scenario: string;
  readonly fs: string;
  readonly schedule: string;
  /** CPU time given to each trace event, in ns (default 1). */
  readonly stepNs?: number;
}

const PID = 1;
const DEVICE = 2;
/** The track of events with no running context (ctx −1: setup, final checks). Context ids start at 1. */
const SETUP_TID = 0;

export function toPerfetto(events: readonly TraceEvent[], meta: PerfettoMeta): { traceEvents: Out[]; otherData: Record<string, string> } {
  const out: Out[] = [
    { ph: 'M', pid: PID, name: 'process_name', args: { name: `aiosim: ${meta.scenario} under ${meta.fs}` } },
    { ph: 'M', pid: PID, tid: SETUP_TID, name: 'thread_name', args: { name: 'setup (no context running)' } },
    { ph: 'M', pid: DEVICE, name: 'process_name', args: { name: 'block device' } },
    { ph: 'M', pid: DEVICE, tid: 0, name: 'thread_name', args: { name: 'request queue' } },
  ];
  const stepNs = meta.stepNs ?? 1;
  /** Context id → its track: its own, the shared hardirq track, or setup's. */
  const track = new Map<number, number>();
  const ctxName = new Map<number, string>();
  let irqTrack: number | null = null;
  const syscalls = new Map<number, Array<{ name: string; ts: number }>>();
  const waits = new Map<number, { on: string; ts: number }>();
  const holds: Hold[] = [];
  const pendingHandoffs = new Map<string, number[]>();
  let nextHold = 1;
  let nextFlow = 1;
  let inflight = 0;
  let ts = 0;

  const slice = (tid: number, name: string, cat: string, start: number, end: number, extra: Out = {}): void => {
    out.push({ ph: 'X', pid: PID, tid, ts: start, dur: Math.max(end - start, 0.001), name, cat, ...extra });
  };
  let ctxArgs: Out = {};
  /** The context of the event being converted. */
  let current = -1;
  const instant = (tid: number, name: string, cat: string, args: Out = {}): void => {
    out.push({ ph: 'i', s: 't', pid: PID, tid, ts, name, cat, args: { ...ctxArgs, ...args } });
  };
  const holdName = (h: Hold): string => h.lock;
  const begin = (lock: string, mode: 'read' | 'write', owner: number): void => {
    const h: Hold = { id: nextHold++, lock, mode, owner };
    holds.push(h);
    out.push({ ph: 'b', pid: PID, id: `hold${h.id}`, ts, name: holdName(h), cat: 'lock', args: { mode, taken_by: ctxName.get(current) ?? 'setup' } });
  };
  const end = (h: Hold): void => {
    holds.splice(holds.indexOf(h), 1);
    out.push({ ph: 'e', pid: PID, id: `hold${h.id}`, ts, name: holdName(h), cat: 'lock' });
  };
  const findHold = (lock: string, mode: 'read' | 'write', ctx: number): Hold | undefined =>
    holds.find((h) => h.lock === lock && h.mode === mode && h.owner === ctx) ??
    holds.find((h) => h.lock === lock && h.mode === mode && h.owner === null) ??
    holds.find((h) => h.lock === lock && h.mode === mode);

  events.forEach((e, i) => {
    ts = (e.t + i * stepNs) / 1000;
    if (e.type === 'ctx-start') {
      ctxName.set(e.ctx, `${e.name}/${e.ctx}`);
      if (e.kind === 'irq' && irqTrack !== null) track.set(e.ctx, irqTrack);
      else {
        track.set(e.ctx, e.ctx);
        if (e.kind === 'irq') irqTrack = e.ctx;
        const name = e.kind === 'irq' ? 'hardirq (bio completions)' : `${e.name}/${e.ctx} (${e.kind})`;
        out.push({ ph: 'M', pid: PID, tid: e.ctx, name: 'thread_name', args: { name } });
      }
    }
    current = e.ctx;
    const tid = track.get(e.ctx) ?? SETUP_TID;
    ctxArgs = tid === irqTrack ? { ctx: ctxName.get(e.ctx) } : {};
    switch (e.type) {
      case 'ctx-start':
        break;
      case 'syscall-enter': {
        const stack = syscalls.get(tid) ?? [];
        stack.push({ name: e.name, ts });
        syscalls.set(tid, stack);
        break;
      }
      case 'syscall-exit': {
        const open = syscalls.get(tid)?.pop();
        if (open) slice(tid, `${open.name}() = ${e.ret}`, 'syscall', open.ts, ts);
        break;
      }
      case 'block':
        waits.set(tid, { on: e.on, ts });
        break;
      case 'wake': {
        const w = waits.get(tid);
        if (w) slice(tid, `wait: ${w.on}`, 'wait', w.ts, ts, { args: { woken_by: e.by } });
        waits.delete(tid);
        break;
      }
      case 'lock': {
        const { lock, mode, op } = e;
        switch (op) {
          case 'acquire':
          case 'steal':
            begin(lock, mode, tid);
            break;
          case 'release': {
            const h = findHold(lock, mode, tid);
            if (h) end(h);
            break;
          }
          case 'downgrade': {
            const h = findHold(lock, 'write', tid);
            if (h) end(h);
            begin(lock, 'read', tid);
            break;
          }
          case 'handoff-exit': {
            const h = findHold(lock, mode, tid);
            if (h) h.owner = null;
            const flow = nextFlow++;
            pendingHandoffs.set(lock, [...(pendingHandoffs.get(lock) ?? []), flow]);
            slice(tid, `hand off ${lock}`, 'lock', ts, ts, { bind_id: flow, flow_out: true });
            break;
          }
          case 'handoff-enter': {
            const h = holds.find((x) => x.lock === lock && x.mode === mode && x.owner === null);
            if (h) h.owner = tid;
            const flow = pendingHandoffs.get(lock)?.shift();
            slice(tid, `take over ${lock}`, 'lock', ts, ts, flow ? { bind_id: flow, flow_in: true } : {});
            break;
          }
          case 'abandon': {
            const h = findHold(lock, 'write', tid);
            if (h) end(h);
            instant(tid, `abandon writer of ${lock}`, 'lock');
            break;
          }
          case 'contend':
          case 'grant':
          case 'trylock-fail':
          case 'handoff-bit':
            instant(tid, `${op} ${lock} [${mode}]`, 'lock');
            break;
          default:
            unreachable(op, 'lock op');
        }
        break;
      }
      case 'bio': {
        const id = e.id;
        const name = `${e.dir} block ${e.block}+${e.offset} (${e.length} B) for ${e.by}`;
        if (e.op === 'submit') {
          inflight++;
          slice(tid, `submit_bio #${id}`, 'io', ts, ts, { bind_id: 100_000 + id, flow_out: true, args: { by: e.by } });
          out.push({ ph: 'b', pid: DEVICE, id: `bio${id}`, ts, name, cat: 'device' });
        } else {
          inflight--;
          slice(tid, `bio #${id} complete`, 'io', ts, ts, { bind_id: 100_000 + id, flow_in: true });
          out.push({ ph: 'e', pid: DEVICE, id: `bio${id}`, ts, name, cat: 'device' });
        }
        out.push({ ph: 'C', pid: DEVICE, ts, name: 'requests in flight', args: { inflight } });
        break;
      }
      case 'i_size':
        out.push({ ph: 'C', pid: PID, ts, name: `i_size ino ${e.ino}`, args: { bytes: e.size } });
        break;
      case 'dio-count':
        out.push({ ph: 'C', pid: PID, ts, name: e.name, args: { count: e.count } });
        break;
      case 'ki_complete':
        instant(tid, `ki_complete ${e.iocb} = ${e.result}`, 'io');
        break;
      case 'i_size-read':
        instant(tid, `i_size_read ino ${e.ino} = ${e.size} (${e.by})`, 'size', { size: e.size });
        break;
      case 'freeze':
        out.push({ ph: 'i', s: 'g', pid: PID, tid, ts, name: e.frozen ? 'file system frozen' : 'file system thawed', cat: 'freeze' });
        break;
      case 'alloc':
        instant(tid, `${e.op} block ${e.block} (ino ${e.ino} fb ${e.fileBlock})`, 'alloc');
        break;
      case 'verdict': {
        const v = e.verdict;
        out.push({ ph: 'i', s: 'g', pid: PID, tid, ts, name: `VERDICT ${verdictLabel(v)}`, cat: 'verdict', args: { message: v.message } });
        break;
      }
      case 'ctx-exit': {
        for (const open of (syscalls.get(tid) ?? []).reverse()) slice(tid, `${open.name}() (unfinished)`, 'syscall', open.ts, ts);
        syscalls.delete(tid);
        break;
      }
      case 'switch':
        break; // tracks show who ran by their slices
      default:
        unreachable(e, 'trace event');
    }
  });
  // Holds still open at the end (leaked, or the run stopped): close them so the slice shows.
  for (const h of [...holds]) end(h);
  // Slices are pushed when they end, so push order is not time order: metadata first, then by ts (stable).
  const at = (x: Out): number => (x.ph === 'M' ? -1 : (x.ts as number));
  out.sort((x, y) => at(x) - at(y));
  return { traceEvents: out, otherData: { scenario: meta.scenario, fs: meta.fs, schedule: meta.schedule } };
}
