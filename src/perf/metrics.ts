/**
 * Performance metrics of one run, computed from its trace and history (virtual time): I/O
 * throughput and latency, how long contexts waited for locks (by mode), how long i_rwsem was
 * held exclusive, how busy the device was, and how long truncate/fallocate took.
 */
import type { ScenarioRun } from '../scenario/runner.js';
import { unreachable } from '../sim/errors.js';
import { verdictLabel } from '../sim/verdict-label.js';

export interface RunMetrics {
  readonly ios: number;
  /** First I/O submitted to last completed, µs. */
  readonly spanUs: number;
  readonly iops: number;
  /** Per-I/O latencies (submission to completion), µs. */
  readonly latenciesUs: number[];
  readonly lockWaitUs: { read: number; write: number };
  readonly exclusiveHoldUs: { total: number; max: number };
  readonly deviceUtilisation: number;
  /** truncate / fallocate latencies, µs. */
  readonly adminLatenciesUs: number[];
  readonly verdicts: string[];
}

export function runMetrics(run: ScenarioRun): RunMetrics {
  const io = run.history.ops.filter((o) => ['aio_write', 'aio_read', 'write', 'read'].includes(o.kind) && (o.result ?? -1) >= 0 && Number.isFinite(o.endT));
  const latenciesUs = io.map((o) => (o.endT - o.startT) / 1000);
  const first = io.reduce((m, o) => Math.min(m, o.startT), Infinity);
  const last = io.reduce((m, o) => Math.max(m, o.endT), -Infinity);
  const spanUs = io.length ? Math.max(1, (last - first) / 1000) : 0;
  const adminLatenciesUs = run.history.ops
    .filter((o) => (o.kind === 'truncate' || o.kind === 'fallocate') && Number.isFinite(o.endT))
    .map((o) => (o.endT - o.startT) / 1000);

  const waiting = new Map<string, number>();
  const lockWaitUs = { read: 0, write: 0 };
  const writeHeld = new Map<string, number>();
  const exclusiveHoldUs = { total: 0, max: 0 };
  let inflight = 0;
  let busySince = 0;
  let busy = 0;
  for (const e of run.events) {
    switch (e.type) {
      case 'lock': {
        const key = `${e.ctx}|${e.lock}|${e.mode}`;
        if (e.op === 'contend') waiting.set(key, e.t);
        if ((e.op === 'acquire' || e.op === 'grant') && waiting.has(key)) {
          lockWaitUs[e.mode] += (e.t - waiting.get(key)!) / 1000;
          waiting.delete(key);
        }
        if (e.mode === 'write' && (e.op === 'acquire' || e.op === 'steal')) writeHeld.set(e.lock, e.t);
        if ((e.op === 'release' && e.mode === 'write') || e.op === 'downgrade' || e.op === 'abandon') {
          const since = writeHeld.get(e.lock);
          if (since !== undefined) {
            const held = (e.t - since) / 1000;
            exclusiveHoldUs.total += held;
            exclusiveHoldUs.max = Math.max(exclusiveHoldUs.max, held);
            writeHeld.delete(e.lock);
          }
        }
        break;
      }
      case 'bio':
        if (e.op === 'submit' && inflight++ === 0) busySince = e.t;
        if (e.op === 'complete' && --inflight === 0) busy += e.t - busySince;
        break;
      // Latencies come from the history; these events cost no lock wait and no device time.
      case 'ctx-start':
      case 'ctx-exit':
      case 'switch':
      case 'block':
      case 'wake':
      case 'syscall-enter':
      case 'syscall-exit':
      case 'verdict':
      case 'dio-count':
      case 'alloc':
      case 'i_size':
      case 'i_size-read':
      case 'ki_complete':
      case 'freeze':
        break;
      default:
        unreachable(e, 'trace event');
    }
  }
  return {
    ios: io.length,
    spanUs,
    iops: spanUs ? (io.length / spanUs) * 1e6 : 0,
    latenciesUs,
    lockWaitUs,
    exclusiveHoldUs,
    deviceUtilisation: spanUs ? Math.min(1, busy / 1000 / spanUs) : 0,
    adminLatenciesUs,
    verdicts: run.result.verdicts.map(verdictLabel),
  };
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
