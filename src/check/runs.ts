/**
 * Byte contents as runs: [start, end, byte] triples, sorted and disjoint, zero bytes absent.
 * Scenario data is written in single-byte fills, so a file of any size is a handful of runs:
 * cheap to copy, compare and hash in the linearizability search.
 */
import { filled } from '../vfs/fill-bytes.js';

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
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < buf.length; ) {
    const c = buf[i]!;
    const j = runEnd(buf, i, c);
    if (c !== 0) runs.push([base + i, base + j, c]);
    i = j;
  }
  return runs;
}

/**
 * The first index after `i` whose byte is not `c`. Contents are long runs of one byte (whole
 * blocks of a fill), so it gallops with native compares against a fill buffer and scans byte
 * by byte only the last few bytes before a change.
 */
function runEnd(buf: Buffer, i: number, c: number): number {
  const same = filled(c, 0);
  let j = i + 1;
  let step = 16;
  while (j < buf.length) {
    const len = Math.min(step, buf.length - j);
    if (len > same.length) {
      step = same.length;
      continue;
    }
    if (buf.compare(same, 0, len, j, j + len) === 0) {
      j += len;
      step *= 2;
    } else if (len <= 16) {
      while (buf[j] === c) j++;
      return j;
    } else step = len >> 1;
  }
  return j;
}
