/**
 * What one operation may touch in its file, in the terms the linearizability oracle projects
 * on (linearizability.ts): the file's size, and a range of bytes (so: the blocks it overlaps).
 * The one definition behind the oracle's pieces, its list of touched blocks and the history's
 * footprint keys (history-keys.ts), so the three cannot disagree.
 *
 *   write, aio_write   size (grows it)        bytes [offset, offset + transferred)
 *   read, aio_read     size (observes it)     bytes [offset, offset + transferred)
 *   truncate           size (sets it)         bytes [size, ∞): zeroed past the new size
 *   fallocate          size if it grows it    bytes [offset, offset + length) if it zeroes them
 *   anything else      nothing
 */
import type { HistoryOp } from './history.js';

/** The fields of an op that decide what it may touch. */
export type OpShape = Pick<HistoryOp, 'kind' | 'offset' | 'length' | 'size' | 'mode'>;

export interface OpReach {
  /** It has a piece in the size projection. */
  readonly size: boolean;
  /** Its size piece can matter only while the size may be below this (Infinity: always). */
  readonly sizeBelow: number;
  /** The bytes it has pieces in, [from, to); null: none. */
  readonly bytes: readonly [number, number] | null;
}

const NOTHING: OpReach = { size: false, sizeBelow: 0, bytes: null };

/**
 * `transferred`: the bytes a read or write moved (its result once it ran; its length before).
 * A write or read that ends at E changes or observes the size only while it is below E.
 */
export function opReach(op: OpShape, transferred: number): OpReach {
  switch (op.kind) {
    case 'write':
    case 'aio_write':
    case 'read':
    case 'aio_read': {
      const end = op.offset + transferred;
      return { size: true, sizeBelow: end, bytes: [op.offset, end] };
    }
    case 'truncate':
      return { size: true, sizeBelow: Infinity, bytes: [op.size, Infinity] };
    case 'fallocate': {
      const end = op.offset + op.length;
      const grows = op.mode === 'allocate' || op.mode === 'zero_range';
      const zeroes = op.mode === 'punch_hole' || op.mode === 'zero_range';
      return { size: grows, sizeBelow: end, bytes: zeroes ? [op.offset, end] : null };
    }
    default:
      return NOTHING;
  }
}

/** The indexes of the `blockSize` blocks that [from, to) overlaps, below `limit` bytes. */
export function blocksOf(bytes: readonly [number, number], blockSize: number, limit: number): number[] {
  const to = Math.min(bytes[1], limit);
  const out: number[] = [];
  for (let b = Math.floor(bytes[0] / blockSize); b * blockSize < to; b++) out.push(b);
  return out;
}
