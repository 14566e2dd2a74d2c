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
import type { HistoryOp } from './history.js';
import { opReach } from './op-reach.js';
import { type Runs, paint, runsOf } from './runs.js';
import { printable } from './stale-data.js';

interface FileState {
  readonly size: number;
  readonly runs: Runs;
}

interface Piece {
  readonly op: HistoryOp;
  readonly start: number;
  readonly end: number;
  /** Reads observe and never change the state, which lets the search place them greedily. */
  readonly observes: boolean;
  /** The new state, or null if the piece's observation contradicts `s`. */
  apply(s: FileState): FileState | null;
}

function clip(runs: Runs, size: number): Runs {
  return paint(runs, size, Number.MAX_SAFE_INTEGER, 0);
}

/** "size 8192, [0,4096)='a' [4096,8192)='W'"; with `size: false`, the bytes alone. */
export function describeContents(size: number, runs: Runs, options: { readonly size?: boolean } = {}): string {
  const parts = clip(runs, size).map(([a, b, c]) => `[${a},${b})='${printable(c)}'`);
  const bytes = parts.length ? parts.join(' ') : 'all zeros';
  return options.size === false ? bytes : `size ${size}, ${bytes}`;
}

function stateKey(s: FileState): string {
  return `${s.size}:${s.runs.map((r) => r.join(',')).join(';')}`;
}

/** What one projection of the file looks at: its size, or the bytes of one block. */
export type Projection = { readonly kind: 'size' } | { readonly kind: 'block'; readonly index: number; readonly from: number; readonly to: number };

function describeProjection(p: Projection): string {
  return p.kind === 'size' ? 'its size' : `block ${p.index} (bytes ${p.from}-${p.to - 1})`;
}

/** The pieces `op` has in projection `p` (where opReach says it may touch; none for a failed op). */
export function piecesFor(op: HistoryOp, p: Projection): Piece[] {
  const base = { op, start: op.start, end: op.end, observes: false };
  const result = op.result ?? -1;
  if (result < 0) return [];
  const reach = opReach(op, result);
  if (p.kind === 'size' ? !reach.size : !reach.bytes) return [];
  // The part of the op's bytes inside the block (block projections only).
  let r: [number, number] = [0, 0];
  if (p.kind === 'block') {
    r = [Math.max(reach.bytes![0], p.from), Math.min(reach.bytes![1], p.to)];
    if (r[0] >= r[1]) return [];
  }
  switch (op.kind) {
    case 'write':
    case 'aio_write': {
      const end = op.offset + result;
      if (p.kind === 'size') return [{ ...base, apply: (s) => ({ size: Math.max(s.size, end), runs: s.runs }) }];
      return [{ ...base, apply: (s) => ({ size: s.size, runs: paint(s.runs, r[0], r[1], op.fill) }) }];
    }
    case 'read':
    case 'aio_read': {
      if (p.kind === 'size') {
        return [{ ...base, observes: true, apply: (s) => (result === Math.max(0, Math.min(op.length, s.size - op.offset)) ? s : null) }];
      }
      // What the read returned for this block, as runs, computed once; each check compares run slices.
      const returned = slice(runsOf((op.data ?? Buffer.alloc(0)).subarray(r[0] - op.offset, r[1] - op.offset), r[0]), r[0], r[1]);
      return [{ ...base, observes: true, apply: (s) => (slice(s.runs, r[0], r[1]) === returned ? s : null) }];
    }
    case 'truncate':
      if (p.kind === 'size') return [{ ...base, apply: (s) => ({ size: op.size, runs: s.runs }) }];
      // Zeroes the block's bytes past the new size (a block wholly below it got no range above).
      return [{ ...base, apply: (s) => ({ size: s.size, runs: paint(s.runs, r[0], r[1], 0) }) }];
    case 'fallocate': {
      const end = op.offset + op.length;
      if (p.kind === 'size') return [{ ...base, apply: (s) => ({ size: Math.max(s.size, end), runs: s.runs }) }];
      return [{ ...base, apply: (s) => ({ size: s.size, runs: paint(s.runs, r[0], r[1], 0) }) }];
    }
    default:
      return [];
  }
}

/** The bytes [from, to) of `runs`, as a comparable key. */
function slice(runs: Runs, from: number, to: number): string {
  return paint(paint(runs, 0, from, 0), to, Number.MAX_SAFE_INTEGER, 0)
    .map((r) => r.join(','))
    .join(';');
}

export interface LinearizabilityInput {
  readonly file: string;
  readonly ops: readonly HistoryOp[];
  readonly initial: FileState;
  /** Final observed state; null when the file no longer exists (only reads are checked). */
  readonly final: FileState | null;
  readonly blockSize: number;
  /** States the search may visit per projection before it gives up, inconclusive (default SEARCH_LIMIT). */
  readonly searchLimit?: number;
}

export type LinearizabilityOutcome =
  | { readonly ok: true; readonly explored: number }
  | {
      readonly ok: false;
      readonly explored: number;
      readonly exampleOrder: string;
      readonly observed: string;
      readonly failedRead: string | null;
      readonly readReturned: string | null;
    }
  | { readonly ok: 'inconclusive'; readonly explored: number };

export const SEARCH_LIMIT = 200_000;

interface SearchOutcome {
  readonly found: boolean | 'limit';
  readonly explored: number;
}

/** Wing & Gong search over one projection, memoised on (pieces done, state). */
function search(pieces: readonly Piece[], initial: FileState, matchesFinal: (s: FileState) => boolean, limit: number): SearchOutcome {
  const n = pieces.length;
  const done = new Uint8Array(n);
  const memo = new Set<string>();
  let explored = 0;
  const dfs = (state: FileState, count: number): boolean | 'limit' => {
    // Observations that hold now are placed now (see the header); undone on backtrack.
    const greedy: number[] = [];
    for (let progress = true; progress; ) {
      progress = false;
      const minEnd = minPendingEnd(pieces, done);
      for (let i = 0; i < n; i++) {
        const p = pieces[i]!;
        if (done[i] || !p.observes || !(p.start < minEnd || p.end === minEnd) || !p.apply(state)) continue;
        done[i] = 1;
        greedy.push(i);
        progress = true;
      }
    }
    const undo = (r: boolean | 'limit'): boolean | 'limit' => {
      for (const i of greedy) done[i] = 0;
      return r;
    };
    const total = count + greedy.length;
    if (total === n) return undo(matchesFinal(state));
    if (++explored > limit) return undo('limit');
    const key = `${done.join('')}|${stateKey(state)}`;
    if (memo.has(key)) return undo(false);
    memo.add(key);
    const minEnd = minPendingEnd(pieces, done);
    for (let i = 0; i < n; i++) {
      const p = pieces[i]!;
      if (done[i] || !(p.start < minEnd || p.end === minEnd)) continue;
      const next = p.apply(state);
      if (!next) continue;
      done[i] = 1;
      const r = dfs(next, total + 1);
      done[i] = 0;
      if (r) return undo(r);
    }
    return undo(false);
  };
  const found = dfs(initial, 0);
  return { found, explored };
}

/** Pieces by completion, then invocation: an order the real-time constraint always allows. */
function completionOrder(pieces: readonly Piece[]): Piece[] {
  return [...pieces].sort((a, b) => a.end - b.end || a.start - b.start);
}

/**
 * The order most runs are explained by, tried before the search: finding one valid order
 * proves the projection linearizable, and it costs one pass instead of a search.
 */
function completionOrderExplains(pieces: readonly Piece[], initial: FileState, matchesFinal: (s: FileState) => boolean): boolean {
  let s: FileState | null = initial;
  for (const piece of completionOrder(pieces)) if (!(s = piece.apply(s))) return false;
  return matchesFinal(s);
}

function minPendingEnd(pieces: readonly Piece[], done: Uint8Array): number {
  let minEnd = Infinity;
  for (let i = 0; i < pieces.length; i++) if (!done[i] && pieces[i]!.end < minEnd) minEnd = pieces[i]!.end;
  return minEnd;
}

/**
 * Checks the size projection and every block's projection. A sequential order of the whole
 * history projects onto a valid order of each, so this never flags what the joint check would
 * accept; every consequence the historic bugs have (lost or zeroed data, a wrong size, a read
 * that saw an old size or foreign bytes) shows in one projection.
 */
export function checkLinearizable(input: LinearizabilityInput): LinearizabilityOutcome {
  const bs = input.blockSize;
  const ops = input.ops;
  // A removed file that nobody read leaves nothing to observe: any order explains it.
  if (!input.final && !ops.some((op) => op.kind === 'read' || op.kind === 'aio_read')) return { ok: true, explored: 0 };
  let extent = Math.max(input.initial.size, input.final?.size ?? 0);
  for (const op of ops)
    if ((op.result ?? -1) > 0 && (op.kind === 'write' || op.kind === 'aio_write' || op.kind === 'read' || op.kind === 'aio_read'))
      extent = Math.max(extent, op.offset + op.result!);
  const blocks = Math.ceil(extent / bs);
  const final = input.final;
  // Blocks no operation touches must simply keep their initial bytes: checked a range at a time.
  // The work follows the stretches of blocks the operations reach, never the file's size.
  const unchanged = (from: number, to: number): boolean => {
    if (!final) return true;
    const end = Math.min(to, final.size);
    return end <= from || slice(input.initial.runs, from, end) === slice(final.runs, from, end);
  };
  const projections: Array<{ readonly p: Projection; readonly ops: readonly HistoryOp[]; readonly count: number }> = [{ p: { kind: 'size' }, ops, count: 1 }];
  const block = (k: number, list: readonly HistoryOp[], count = 1): void => {
    projections.push({ p: { kind: 'block', index: k, from: k * bs, to: (k + 1) * bs }, ops: list, count });
  };
  const untouched = (b: number, e: number): void => {
    // A range that changed is checked block by block, to name the block in the report.
    if (e > b && !unchanged(b * bs, e * bs)) for (let k = b; k < e; k++) block(k, []);
  };
  let at = 0;
  for (const st of stretches(ops, bs, blocks)) {
    untouched(at, st.from);
    // Blocks whose projections are the same up to where they lie are checked once (see stretches).
    const from = st.from * bs;
    const to = st.to * bs;
    const alike =
      st.to - st.from > 1 &&
      st.whole &&
      uniform(input.initial.runs, from, to) &&
      (!final || from >= final.size || (to <= final.size && uniform(final.runs, from, to)));
    if (alike) block(st.from, st.ops, st.to - st.from);
    else for (let k = st.from; k < st.to; k++) block(k, st.ops);
    at = st.to;
  }
  untouched(at, blocks);
  let explored = 0;
  for (const { p, ops: reaching, count } of projections) {
    // Only the ops that reach a block can have pieces in its projection (in history order, as before).
    const pieces = reaching.flatMap((op) => piecesFor(op, p));
    const matchesFinal = (s: FileState): boolean => {
      if (!final) return true;
      if (p.kind === 'size') return s.size === final.size;
      const to = Math.min(p.to, final.size);
      return to <= p.from || slice(s.runs, p.from, to) === slice(final.runs, p.from, to);
    };
    if (completionOrderExplains(pieces, input.initial, matchesFinal)) continue;
    const r = search(pieces, input.initial, matchesFinal, input.searchLimit ?? SEARCH_LIMIT);
    explored += r.explored;
    if (r.found === 'limit') return { ok: 'inconclusive', explored };
    if (r.found) {
      explored += r.explored * (count - 1); // the alike blocks' searches, which would have gone the same way
      continue;
    }
    return explain(input, p, pieces, explored);
  }
  return { ok: true, explored };
}

/** Whether the bytes [from, to) of `runs` are one value throughout (zeros included). */
function uniform(runs: Runs, from: number, to: number): boolean {
  const inside = paint(paint(runs, 0, from, 0), to, Number.MAX_SAFE_INTEGER, 0);
  return inside.length === 0 || (inside.length === 1 && inside[0]![0] === from && inside[0]![1] === to);
}

/**
 * A stretch of blocks [from, to) that the same ops reach, every block of it (in history order).
 * `whole`: none of them is a read and each covers every block of the stretch entirely — then,
 * over initial and final contents that are one value throughout the stretch, every block's
 * projection is the same search up to where it lies, and checking one checks them all.
 */
interface Stretch {
  readonly from: number;
  readonly to: number;
  readonly ops: readonly HistoryOp[];
  readonly whole: boolean;
}

/** The stretches, ascending, by a sweep over where each op's reach starts and ends (the blocks blocksOf gives). */
function stretches(ops: readonly HistoryOp[], bs: number, blocks: number): Stretch[] {
  const limit = blocks * bs;
  const reaches: Array<{ readonly i: number; readonly first: number; readonly end: number; readonly wholeFrom: number; readonly wholeTo: number }> = [];
  const cuts = new Set<number>();
  ops.forEach((op, i) => {
    const result = op.result ?? -1;
    const bytes = result < 0 ? null : opReach(op, result).bytes;
    if (!bytes) return;
    const first = Math.floor(bytes[0] / bs);
    const to = Math.min(bytes[1], limit);
    if (first * bs >= to) return;
    const end = Math.ceil(to / bs);
    // The blocks it covers entirely, and a read never: observations differ block by block.
    const reads = op.kind === 'read' || op.kind === 'aio_read';
    const wholeFrom = reads ? end : Math.min(end, Math.ceil(bytes[0] / bs));
    const wholeTo = reads ? end : Math.max(wholeFrom, Math.floor(bytes[1] / bs));
    reaches.push({ i, first, end, wholeFrom, wholeTo: Math.min(wholeTo, end) });
    for (const c of [first, end, wholeFrom, Math.min(wholeTo, end)]) cuts.add(c);
  });
  const points = [...cuts].sort((a, b) => a - b);
  const starting = new Map<number, number[]>();
  for (const r of reaches) {
    const list = starting.get(r.first);
    if (list) list.push(r.i);
    else starting.set(r.first, [r.i]);
  }
  const byIndex = new Map(reaches.map((r) => [r.i, r]));
  const active = new Set<number>();
  const out: Stretch[] = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const from = points[k]!;
    const to = points[k + 1]!;
    for (const i of starting.get(from) ?? []) active.add(i);
    for (const i of [...active]) if (byIndex.get(i)!.end <= from) active.delete(i);
    if (active.size === 0) continue;
    const here = [...active].sort((a, b) => a - b);
    const whole = here.every((i) => {
      const r = byIndex.get(i)!;
      return r.wholeFrom <= from && to <= r.wholeTo;
    });
    out.push({ from, to, ops: here.map((i) => ops[i]!), whole });
  }
  return out;
}

/** Explains a failure with the one order a person expects: by completion, then invocation. */
function explain(input: LinearizabilityInput, p: Projection, pieces: readonly Piece[], explored: number): LinearizabilityOutcome {
  const order = completionOrder(pieces);
  let s: FileState = input.initial;
  let failedRead: string | null = null;
  for (const piece of order) {
    const next = piece.apply(s);
    if (!next) {
      failedRead ??= piece.op.id;
      continue;
    }
    s = next;
  }
  const final = input.final;
  const read = failedRead ? input.ops.find((o) => o.id === failedRead) : undefined;
  const returned = read?.data
    ? `${read.result} bytes at ${read.offset}: ${describeContents(read.offset + read.data.length, runsOf(read.data, read.offset), { size: false })}`
    : null;
  // A block projection does not track the size: show the block's bytes (the observed ones up to the real EOF).
  const view = (st: FileState, upTo = p.kind === 'block' ? p.to : 0): string =>
    p.kind === 'size' ? `size ${st.size}` : describeContents(Math.min(p.to, upTo), paint(st.runs, 0, p.from, 0), { size: false });
  return {
    ok: false,
    explored,
    exampleOrder: `${[...new Set(order.map((x) => x.op.id))].join(' → ')} gives ${view(s)}`,
    observed: final ? `${describeProjection(p)}: ${view(final, final.size)}` : '(file removed)',
    failedRead,
    readReturned: returned,
  };
}
