/**
 * A map from integer positions (blocks) to values, held as runs: sorted, disjoint half-open
 * ranges [start, end) that each carry one value, merged with their neighbours whenever the
 * values continue each other. It is how the disk model stays proportional to what a run
 * touches: a 1 GiB file written once at creation is one run of its extent map, one run of the
 * allocator's owner records and one run of the device's description, not a quarter of a
 * million entries of each.
 *
 * Values may be affine: an extent's device block, or an owner's file block, grows by one per
 * position, so a run stores the value at its start and `shift(v, d)` gives the value d
 * positions later. Constant values (a fill byte) use the identity. Positions that no run covers
 * are absent (a hole, a free block).
 *
 * Cost: lookups are a binary search; a change splices the arrays, O(runs).
 */
export interface RunValue<V> {
  /** The value `d` positions after one holding `v` (constant values: `v`). */
  shift(v: V, d: number): V;
  /** Whether two values are the same (after shifting): equal neighbours merge into one run. */
  same(a: V, b: V): boolean;
}

/** One run as seen from outside: [start, end) holding `value` at `start`. */
export interface Run<V> {
  readonly start: number;
  readonly end: number;
  readonly value: V;
}

export class RunMap<V> {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly values: V[] = [];
  /** Positions covered by some run. */
  private covered = 0;

  constructor(private readonly kind: RunValue<V>) {}

  /** Number of positions that hold a value. */
  get size(): number {
    return this.covered;
  }

  /** Number of runs (what the structure costs). */
  get runCount(): number {
    return this.starts.length;
  }

  get(k: number): V | undefined {
    const i = this.indexOf(k);
    return i < 0 ? undefined : this.kind.shift(this.values[i]!, k - this.starts[i]!);
  }

  has(k: number): boolean {
    return this.indexOf(k) >= 0;
  }

  /** Gives [from, to) the value `v` (at `from`, shifted along), or makes it absent. */
  set(from: number, to: number, v: V | undefined): void {
    if (to <= from) return;
    const { starts, ends, values, kind } = this;
    // The runs that overlap [from, to), and the neighbours that touch it (they may merge).
    let lo = this.firstEndingAfter(from);
    let hi = lo;
    while (hi < starts.length && starts[hi]! < to) hi++;
    if (lo > 0 && ends[lo - 1] === from) lo--;
    if (hi < starts.length && starts[hi] === to) hi++;
    const pieces: Array<[number, number, V]> = [];
    for (let i = lo; i < hi; i++) {
      const s = starts[i]!;
      const e = ends[i]!;
      if (s < from) pieces.push([s, Math.min(e, from), values[i]!]);
      if (e > to) {
        const ps = Math.max(s, to);
        pieces.push([ps, e, kind.shift(values[i]!, ps - s)]);
      }
      this.covered -= e - s;
    }
    if (v !== undefined) pieces.push([from, to, v]);
    pieces.sort((a, b) => a[0] - b[0]);
    const merged: Array<[number, number, V]> = [];
    for (const piece of pieces) {
      const prev = merged[merged.length - 1];
      if (prev && prev[1] === piece[0] && kind.same(kind.shift(prev[2], piece[0] - prev[0]), piece[2])) prev[1] = piece[1];
      else merged.push(piece);
    }
    for (const piece of merged) this.covered += piece[1] - piece[0];
    starts.splice(lo, hi - lo, ...merged.map((p) => p[0]));
    ends.splice(lo, hi - lo, ...merged.map((p) => p[1]));
    values.splice(lo, hi - lo, ...merged.map((p) => p[2]));
  }

  /** The runs that meet [from, to), clipped to it, in ascending order. */
  *runs(from = -Infinity, to = Infinity): Generator<Run<V>, void, void> {
    if (to <= from) return; // an empty range meets nothing (a clipped run is never empty)
    const { starts, ends, values, kind } = this;
    for (let i = this.firstEndingAfter(from); i < starts.length && starts[i]! < to; i++) {
      const s = Math.max(starts[i]!, from);
      yield { start: s, end: Math.min(ends[i]!, to), value: s === starts[i] ? values[i]! : kind.shift(values[i]!, s - starts[i]!) };
    }
  }

  /** Index of the run holding k, or -1. */
  private indexOf(k: number): number {
    const i = this.firstEndingAfter(k);
    return i < this.starts.length && this.starts[i]! <= k ? i : -1;
  }

  /** The first run whose end is past k (binary search). */
  private firstEndingAfter(k: number): number {
    let lo = 0;
    let hi = this.ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ends[mid]! <= k) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Values that are the same all along a run (a fill byte). */
export const constantRuns = <V>(): RunValue<V> => ({ shift: (v) => v, same: (a, b) => a === b });
