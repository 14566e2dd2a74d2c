/**
 * Byte contents as runs: [start, end, byte] triples, sorted and disjoint, zero bytes absent.
 * Scenario data is written in single-byte fills, so a file of any size is a handful of runs:
 * cheap to copy, compare and hash in the linearizability search.
 */
/** Non-zero runs [start, end, byte], sorted and disjoint; zero bytes are absent. */
export type Runs = ReadonlyArray<readonly [number, number, number]>;

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
  const runs: Array<readonly [number, number, number]> = [];
  for (let i = 0; i < bytes.length; ) {
    const c = bytes[i]!;
    let j = i + 1;
    while (j < bytes.length && bytes[j] === c) j++;
    if (c !== 0) runs.push([base + i, base + j, c]);
    i = j;
  }
  return runs;
}

