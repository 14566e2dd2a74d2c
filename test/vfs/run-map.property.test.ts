import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RunMap, type RunValue, constantRuns } from '../../src/vfs/run-map.js';

/** An affine value like an extent's block: v at a run's start, v + d d positions on. */
const AFFINE: RunValue<number> = { shift: (v, d) => v + d, same: (a, b) => a === b };

const ops = fc.array(fc.tuple(fc.nat(40), fc.nat(12), fc.option(fc.nat(3), { nil: undefined })), { maxLength: 40 });

function check(kind: RunValue<number>, at: (v: number, d: number) => number, list: ReadonlyArray<readonly [number, number, number | undefined]>): void {
  const map = new RunMap(kind);
  const model: Array<number | undefined> = new Array(60).fill(undefined);
  for (const [from, len, v] of list) {
    map.set(from, from + len, v);
    for (let k = from; k < from + len; k++) model[k] = v === undefined ? undefined : at(v, k - from);
  }
  expect(model.map((_, k) => map.get(k))).toEqual(model);
  expect(map.size).toBe(model.filter((v) => v !== undefined).length);
  // Runs are sorted, disjoint and maximal: no two neighbours would merge.
  const runs = [...map.runs()];
  for (let i = 1; i < runs.length; i++) {
    const a = runs[i - 1]!;
    const b = runs[i]!;
    expect(a.end).toBeLessThanOrEqual(b.start);
    if (a.end === b.start) expect(kind.same(kind.shift(a.value, a.end - a.start), b.value)).toBe(false);
  }
}

describe('run map', () => {
  it('run map: lookups, size and runs agree with a position-by-position model (constant values)', () => {
    fc.assert(fc.property(ops, (list) => check(constantRuns<number>(), (v) => v, list)));
  });

  it('run map: affine values shift along a run and merge only when they continue each other', () => {
    fc.assert(fc.property(ops, (list) => check(AFFINE, (v, d) => v + d, list)));
  });

  it('run map: a value set over a whole range is one run, and clipping shifts it', () => {
    const map = new RunMap(AFFINE);
    map.set(0, 1 << 20, 100);
    expect(map.runCount).toBe(1);
    expect([...map.runs(5, 7)]).toEqual([{ start: 5, end: 7, value: 105 }]);
    map.set(10, 11, undefined);
    expect(map.runCount).toBe(2);
    map.set(10, 11, 110);
    expect(map.runCount).toBe(1);
    expect([...map.runs(7, 7)]).toEqual([]); // an empty range meets no run, not an empty piece of one
  });
});
