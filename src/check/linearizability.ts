/**
 * Linearizability oracle, per file (linearizability is local, so files are checked one by
 * one). The observed history — every read's bytes, the final i_size and contents — must be
 * what SOME sequential order of the operations produces, where an operation that completed
 * before another started comes first.
 *
 * What Linux allows, and the spec therefore allows too: a direct write or read that spans
 * several blocks may tear at block boundaries (each block's part, and a write's i_size change,
 * take effect at their own instant inside the operation's interval), and a read's length is
 * fixed when it starts. So each operation is split into "pieces" — one per block, plus one for
 * the size — each placed independently within the operation's interval. The search is
 * Wing & Gong's, with memoisation on (pieces done, file state) as in Knossos and Porcupine.
 *
 * Sequential spec of one file: state = (size, contents). write: contents[off..off+n) = fill,
 * size = max(size, off+n). truncate: size = s, contents past s become zeros. fallocate:
 * allocate/zero_range grow the size to off+len; punch_hole/zero_range zero the range;
 * keep_size changes nothing visible. read: returns min(len, size-off) bytes of contents.
 * Operations that returned an error are taken to have had no effect.
 */
import { printable } from './stale-data.js';
import type { HistoryOp } from './history.js';

/** Non-zero runs [start, end, byte], sorted and disjoint; zero bytes are absent. */
type Runs = ReadonlyArray<readonly [number, number, number]>;

interface FileState {
  readonly size: number;
  readonly runs: Runs;
}

interface Piece {
  readonly op: HistoryOp;
  readonly start: number;
  readonly end: number;
  /** The new state, or null if the piece's observation contradicts `s`. */
  apply(s: FileState): FileState | null;
}

export function paint(runs: Runs, start: number, end: number, byte: number): Runs {
  if (end <= start) return runs;
  const out: Array<readonly [number, number, number]> = [];
  for (const r of runs) {
    if (r[1] <= start || r[0] >= end) out.push(r);
    else {
      if (r[0] < start) out.push([r[0], start, r[2]]);
      if (r[1] > end) out.push([end, r[1], r[2]]);
    }
  }
  if (byte !== 0) out.push([start, end, byte]);
  out.sort((a, b) => a[0] - b[0]);
  // Merge neighbours of the same byte so equal contents have one representation.
  const merged: Array<readonly [number, number, number]> = [];
  for (const r of out) {
    const last = merged[merged.length - 1];
    if (last && last[1] === r[0] && last[2] === r[2]) merged[merged.length - 1] = [last[0], r[1], r[2]];
    else merged.push(r);
  }
  return merged;
}

export function runsOf(bytes: Uint8Array, base = 0): Runs {
  let runs: Runs = [];
  for (let i = 0; i < bytes.length; ) {
    let j = i;
    while (j < bytes.length && bytes[j] === bytes[i]) j++;
    if (bytes[i] !== 0) runs = paint(runs, base + i, base + j, bytes[i]!);
    i = j;
  }
  return runs;
}

function clip(runs: Runs, size: number): Runs {
  return paint(runs, size, Number.MAX_SAFE_INTEGER, 0);
}

export function describeContents(size: number, runs: Runs): string {
  const parts = clip(runs, size).map(([a, b, c]) => `[${a},${b})='${printable(c)}'`);
  return `size ${size}${parts.length ? `, ${parts.join(' ')}` : ', all zeros'}`;
}

function stateKey(s: FileState): string {
  return `${s.size}:${s.runs.map((r) => r.join(',')).join(';')}`;
}

function piecesOf(op: HistoryOp, blockSize: number): Piece[] {
  const base = { op, start: op.start, end: op.end };
  const blocks = (from: number, to: number, each: (a: number, b: number) => Piece['apply']): Piece[] => {
    const out: Piece[] = [];
    for (let a = from; a < to; a = (Math.floor(a / blockSize) + 1) * blockSize) {
      const b = Math.min(to, (Math.floor(a / blockSize) + 1) * blockSize);
      out.push({ ...base, apply: each(a, b) });
    }
    return out;
  };
  const result = op.result ?? -1;
  if (result < 0) return [];
  switch (op.kind) {
    case 'write':
    case 'aio_write': {
      const end = op.offset + result;
      return [
        ...blocks(op.offset, end, (a, b) => (s) => ({ size: s.size, runs: paint(s.runs, a, b, op.fill) })),
        { ...base, apply: (s) => ({ size: Math.max(s.size, end), runs: s.runs }) },
      ];
    }
    case 'read':
    case 'aio_read': {
      const data = op.data ?? Buffer.alloc(0);
      const sizePiece: Piece = { ...base, apply: (s) => (result === Math.max(0, Math.min(op.length, s.size - op.offset)) ? s : null) };
      return [
        sizePiece,
        ...blocks(op.offset, op.offset + result, (a, b) => (s) => {
          for (const [ra, rb, c] of s.runs) {
            if (rb <= a || ra >= b) continue;
            for (let x = Math.max(a, ra); x < Math.min(b, rb); x++) if (data[x - op.offset] !== c) return null;
          }
          // Bytes not covered by a run must be zeros.
          for (let x = a; x < b; x++) if (data[x - op.offset] !== 0 && !s.runs.some(([ra, rb]) => ra <= x && x < rb)) return null;
          return s;
        }),
      ];
    }
    case 'truncate':
      return [{ ...base, apply: (s) => ({ size: op.size, runs: clip(s.runs, op.size) }) }];
    case 'fallocate': {
      const end = op.offset + op.length;
      return [{
        ...base,
        apply: (s) => {
          const zeroed = op.mode === 'punch_hole' || op.mode === 'zero_range' ? paint(s.runs, op.offset, end, 0) : s.runs;
          const grows = op.mode === 'allocate' || op.mode === 'zero_range';
          return { size: grows ? Math.max(s.size, end) : s.size, runs: zeroed };
        },
      }];
    }
    default:
      return [];
  }
}

export interface LinearizabilityInput {
  readonly file: string;
  readonly ops: readonly HistoryOp[];
  readonly initial: FileState;
  /** Final observed state; null when the file no longer exists (only reads are checked). */
  readonly final: FileState | null;
  readonly blockSize: number;
}

export type LinearizabilityOutcome =
  | { readonly ok: true; readonly explored: number }
  | { readonly ok: false; readonly explored: number; readonly exampleOrder: string; readonly observed: string; readonly failedRead: string | null; readonly readReturned: string | null }
  | { readonly ok: 'inconclusive'; readonly explored: number };

export const SEARCH_LIMIT = 200_000;

export function checkLinearizable(input: LinearizabilityInput): LinearizabilityOutcome {
  const pieces = input.ops.flatMap((op) => piecesOf(op, input.blockSize));
  const n = pieces.length;
  const done = new Uint8Array(n);
  const memo = new Set<string>();
  let explored = 0;
  const final = input.final;
  const matchesFinal = (s: FileState): boolean =>
    final === null || (s.size === final.size && stateKey({ size: s.size, runs: clip(s.runs, s.size) }) === stateKey({ size: final.size, runs: clip(final.runs, final.size) }));

  const dfs = (state: FileState, count: number): boolean | 'limit' => {
    if (count === n) return matchesFinal(state);
    if (++explored > SEARCH_LIMIT) return 'limit';
    const key = `${done.join('')}|${stateKey(state)}`;
    if (memo.has(key)) return false;
    memo.add(key);
    let minEnd = Infinity;
    for (let i = 0; i < n; i++) if (!done[i] && pieces[i]!.end < minEnd) minEnd = pieces[i]!.end;
    for (let i = 0; i < n; i++) {
      const p = pieces[i]!;
      if (done[i] || !(p.start < minEnd || p.end === minEnd)) continue;
      const next = p.apply(state);
      if (!next) continue;
      done[i] = 1;
      const r = dfs(next, count + 1);
      done[i] = 0;
      if (r) return r;
    }
    return false;
  };

  const r = dfs(input.initial, 0);
  if (r === 'limit') return { ok: 'inconclusive', explored };
  if (r) return { ok: true, explored };
  // Explain with the one order a person expects: by completion, then invocation.
  const order = [...pieces].sort((a, b) => a.end - b.end || a.start - b.start);
  let s: FileState = input.initial;
  let failedRead: string | null = null;
  for (const p of order) {
    const next = p.apply(s);
    if (!next) {
      failedRead ??= p.op.id;
      continue;
    }
    s = next;
  }
  const read = failedRead ? input.ops.find((o) => o.id === failedRead) : undefined;
  const returned = read?.data ? `${read.result} bytes at ${read.offset}: ${describeContents(read.offset + read.data.length, runsOf(read.data, read.offset)).replace(/^size \d+(, )?/, '') || 'all zeros'}` : null;
  return {
    ok: false,
    explored,
    exampleOrder: `${[...new Set(order.map((p) => p.op.id))].join(' → ')} gives ${describeContents(s.size, s.runs)}`,
    observed: final ? describeContents(final.size, final.runs) : '(file removed)',
    failedRead,
    readReturned: returned,
  };
}
