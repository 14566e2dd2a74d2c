/**
 * The history of a run: every scenario operation with its real-time interval (the scheduler
 * step at which it was invoked, and the step at which it completed — ki_complete for an AIO)
 * and what it returned. The oracles judge the run from this and from the final disk state,
 * never from the scheme or from what the scenario "expects".
 */
import type { OpKind } from './oracle-scenario.js';

export type { OpKind } from './oracle-scenario.js';

export interface HistoryOp {
  readonly id: string;
  readonly task: string;
  readonly kind: OpKind;
  readonly file: string | null;
  /** The inode the op addressed (set at open, or by a successful create); null if none. */
  ino: number | null;
  readonly offset: number;
  readonly length: number;
  /** Byte written (writes). */
  readonly fill: number;
  /** truncate target size. */
  readonly size: number;
  readonly mode: string | null;
  readonly start: number;
  /** Infinity while the operation has not completed. */
  end: number;
  /** Virtual time (ns) of the invocation and of the completion (for latencies). */
  readonly startT: number;
  endT: number;
  /** Return value: bytes, 0, or -errno; null while running. */
  result: number | null;
  /** Bytes returned by a read. */
  data: Buffer | null;
}

export class History {
  readonly ops: HistoryOp[] = [];

  begin(op: Omit<HistoryOp, 'end' | 'endT' | 'result' | 'data'>): HistoryOp {
    // Field by field rather than by spread: one object shape for every record (a hot path).
    const rec: HistoryOp = {
      id: op.id,
      task: op.task,
      kind: op.kind,
      file: op.file,
      ino: op.ino,
      offset: op.offset,
      length: op.length,
      fill: op.fill,
      size: op.size,
      mode: op.mode,
      start: op.start,
      end: Infinity,
      startT: op.startT,
      endT: Infinity,
      result: null,
      data: null,
    };
    this.ops.push(rec);
    return rec;
  }
}
