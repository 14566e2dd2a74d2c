import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { checkLinearizable } from '../../src/check/linearizability.js';
import { paint, runsOf } from '../../src/check/runs.js';
import type { HistoryOp } from '../../src/check/history.js';

const BS = 4096;
const W = 'W'.charCodeAt(0);
const V = 'V'.charCodeAt(0);

function op(partial: Partial<HistoryOp> & Pick<HistoryOp, 'id' | 'kind' | 'start' | 'end' | 'result'>): HistoryOp {
  return { task: 't', file: '/a', ino: 12, offset: 0, length: 0, fill: 0, size: 0, mode: null, data: null, startT: 0, endT: 0, ...partial };
}
const bytes = (n: number, c: number) => Buffer.alloc(n, c);
const state = (size: number, fill = 0) => ({ size, runs: fill ? runsOf(bytes(size, fill)) : [] });
const check = (ops: HistoryOp[], initial: ReturnType<typeof state>, final: ReturnType<typeof state> | null) =>
  checkLinearizable({ file: '/a', ops, initial, final, blockSize: BS }).ok;

describe('linearizability oracle', () => {
  test('a read after a completed write must see it (else not linearizable)', () => {
    const write = op({ id: 'w', kind: 'write', offset: 0, length: BS, fill: W, start: 1, end: 5, result: BS });
    const good = op({ id: 'r', kind: 'read', offset: 0, length: BS, start: 6, end: 9, result: BS, data: bytes(BS, W) });
    const stale = op({ ...good, data: bytes(BS, 0) });
    expect(check([write, good], state(BS), state(BS, W))).toBe(true);
    expect(check([write, stale], state(BS), state(BS, W))).toBe(false);
  });

  test('a read concurrent with a write may see either value', () => {
    const write = op({ id: 'w', kind: 'aio_write', offset: 0, length: BS, fill: W, start: 1, end: 10, result: BS });
    for (const seen of [0, W]) {
      const read = op({ id: 'r', kind: 'read', offset: 0, length: BS, start: 2, end: 8, result: BS, data: bytes(BS, seen) });
      expect(check([write, read], state(BS), state(BS, W))).toBe(true);
    }
  });

  test('a concurrent multi-block write may tear at a block boundary, but not inside a block', () => {
    const write = op({ id: 'w', kind: 'aio_write', offset: 0, length: 2 * BS, fill: W, start: 1, end: 10, result: 2 * BS });
    const torn = Buffer.concat([bytes(BS, W), bytes(BS, 0)]);
    const read = op({ id: 'r', kind: 'read', offset: 0, length: 2 * BS, start: 2, end: 8, result: 2 * BS, data: torn });
    expect(check([write, read], state(2 * BS), state(2 * BS, W))).toBe(true);
    const tornInside = Buffer.concat([bytes(100, W), bytes(2 * BS - 100, 0)]);
    expect(check([write, op({ ...read, data: tornInside })], state(2 * BS), state(2 * BS, W))).toBe(false);
  });

  test('overlapping concurrent writes: either order of the final block is fine, a mix inside one block is not', () => {
    const w1 = op({ id: 'w1', kind: 'aio_write', offset: 0, length: BS, fill: W, start: 1, end: 10, result: BS });
    const w2 = op({ id: 'w2', kind: 'aio_write', offset: 0, length: BS, fill: V, start: 2, end: 9, result: BS });
    expect(check([w1, w2], state(BS), state(BS, W))).toBe(true);
    expect(check([w1, w2], state(BS), state(BS, V))).toBe(true);
    expect(check([w1, w2], state(BS), { size: BS, runs: paint(runsOf(bytes(BS, W)), 0, 512, V) })).toBe(false);
  });

  test('a block no operation touched must keep its bytes, and the report names it', () => {
    // Eight blocks of 'a'; one write to block 0. A stray write into block 5 (from another file's late I/O) must be caught.
    const A = 'a'.charCodeAt(0);
    const write = op({ id: 'w', kind: 'write', offset: 0, length: BS, fill: W, start: 1, end: 5, result: BS });
    const initial = state(8 * BS, A);
    const good = { size: 8 * BS, runs: paint(initial.runs, 0, BS, W) };
    expect(check([write], initial, good)).toBe(true);
    const stray = { size: 8 * BS, runs: paint(good.runs, 5 * BS + 100, 5 * BS + 200, V) };
    const r = checkLinearizable({ file: '/a', ops: [write], initial, final: stray, blockSize: BS });
    expect(r.ok).toBe(false);
    expect(r.ok === false && r.observed).toMatch(/^block 5 /);
    // Blocks below a truncate's new size are untouched by it too.
    const truncate = op({ id: 't', kind: 'truncate', size: 6 * BS, start: 6, end: 7, result: 0 });
    const truncated = { size: 6 * BS, runs: paint(good.runs, 6 * BS, 8 * BS, 0) };
    expect(check([write, truncate], initial, truncated)).toBe(true);
    expect(check([write, truncate], initial, { ...truncated, runs: paint(truncated.runs, 2 * BS, 2 * BS + 1, V) })).toBe(false);
  });

  test('sub-block writes that both completed leave both bytes ranges (zeros over one are a lost write)', () => {
    const a = op({ id: 'a', kind: 'aio_write', offset: 0, length: 512, fill: W, start: 1, end: 10, result: 512 });
    const b = op({ id: 'b', kind: 'aio_write', offset: 1024, length: 512, fill: V, start: 2, end: 9, result: 512 });
    const both = paint(paint([], 0, 512, W), 1024, 1536, V);
    expect(check([a, b], state(BS), { size: BS, runs: both })).toBe(true);
    expect(check([a, b], state(BS), { size: BS, runs: paint([], 1024, 1536, V) })).toBe(false);
  });

  test('the final size cannot shrink below a completed extending write unless something truncated', () => {
    const append = op({ id: 'w', kind: 'aio_write', offset: 0, length: 2 * BS, fill: W, start: 1, end: 5, result: 2 * BS });
    const falloc = op({ id: 'f', kind: 'fallocate', mode: 'allocate', offset: 0, length: BS, start: 2, end: 9, result: 0 });
    expect(check([append, falloc], state(0), state(2 * BS, W))).toBe(true);
    expect(check([append, falloc], state(0), state(BS, W))).toBe(false);
    const truncate = op({ id: 't', kind: 'truncate', size: BS, start: 2, end: 9, result: 0 });
    expect(check([append, truncate], state(0), state(BS, W))).toBe(true);
  });

  test('a read that started after an extending write completed must see the new size', () => {
    const append = op({ id: 'w', kind: 'aio_write', offset: BS, length: BS, fill: W, start: 1, end: 5, result: BS });
    const shortRead = op({ id: 'r', kind: 'read', offset: 0, length: 2 * BS, start: 6, end: 8, result: BS, data: bytes(BS, 'a'.charCodeAt(0)) });
    const initial = state(BS, 'a'.charCodeAt(0));
    const final = { size: 2 * BS, runs: paint(runsOf(bytes(BS, 'a'.charCodeAt(0))), BS, 2 * BS, W) };
    expect(check([append, shortRead], initial, final)).toBe(false);
    expect(check([append, op({ ...shortRead, start: 3 })], initial, final)).toBe(true);
  });

  test('property: any sequential history is linearizable', () => {
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('write' as const),
        offset: fc.nat(3 * BS),
        length: fc.integer({ min: 1, max: 2 * BS }),
        fill: fc.integer({ min: 65, max: 70 }),
      }),
      fc.record({ kind: fc.constant('truncate' as const), size: fc.nat(4 * BS) }),
      fc.record({ kind: fc.constant('read' as const), offset: fc.nat(4 * BS), length: fc.integer({ min: 1, max: 2 * BS }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 8 }), (steps) => {
        // Execute the steps on a plain byte array, record what a sequential file would return.
        let content = Buffer.alloc(0);
        const ops: HistoryOp[] = steps.map((s, i) => {
          const t = { start: 2 * i, end: 2 * i + 1 };
          if (s.kind === 'write') {
            const end = s.offset + s.length;
            if (content.length < end) content = Buffer.concat([content, Buffer.alloc(end - content.length)]);
            content.fill(s.fill, s.offset, end);
            return op({ id: `w${i}`, kind: 'write', offset: s.offset, length: s.length, fill: s.fill, result: s.length, ...t });
          }
          if (s.kind === 'truncate') {
            content = s.size <= content.length ? Buffer.from(content.subarray(0, s.size)) : Buffer.concat([content, Buffer.alloc(s.size - content.length)]);
            return op({ id: `t${i}`, kind: 'truncate', size: s.size, result: 0, ...t });
          }
          const n = Math.max(0, Math.min(s.length, content.length - s.offset));
          return op({
            id: `r${i}`,
            kind: 'read',
            offset: s.offset,
            length: s.length,
            result: n,
            data: Buffer.from(content.subarray(s.offset, s.offset + n)),
            ...t,
          });
        });
        expect(check(ops, state(0), { size: content.length, runs: runsOf(content) })).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('linearizability oracle: stretches of alike blocks', () => {
  const A = 'a'.charCodeAt(0);
  const GiB = 2 ** 30;

  test('a 1 GiB file overwritten and truncated concurrently is judged per stretch: the allowed outcome passes, a lost write is flagged in its first block', () => {
    const initial = { size: GiB, runs: paint([], 0, GiB, A) };
    const write = op({ id: 'w', kind: 'aio_write', offset: 0, length: GiB / 2, fill: W, start: 1, end: 10, result: GiB / 2 });
    const truncate = op({ id: 't', kind: 'truncate', size: GiB / 4, start: 2, end: 8, result: 0 });
    const kept = { size: GiB / 4, runs: paint([], 0, GiB / 4, W) };
    expect(checkLinearizable({ file: '/a', ops: [write, truncate], initial, final: kept, blockSize: BS }).ok).toBe(true);
    const lost = { size: GiB / 4, runs: paint([], 0, GiB / 4, A) };
    const r = checkLinearizable({ file: '/a', ops: [write, truncate], initial, final: lost, blockSize: BS });
    expect(r.ok).toBe(false);
    expect(r.ok === false && r.observed).toMatch(/^block 0 /);
  });

  test('blocks a read reaches are never taken as alike: each block of what it returned is judged', () => {
    const write = op({ id: 'w', kind: 'aio_write', offset: 0, length: 2 * BS, fill: W, start: 1, end: 10, result: 2 * BS });
    const read = (data: Buffer) => op({ id: 'r', kind: 'read', offset: 0, length: 2 * BS, start: 2, end: 8, result: 2 * BS, data });
    const initial = { size: 2 * BS, runs: paint([], 0, 2 * BS, A) };
    const final = { size: 2 * BS, runs: paint([], 0, 2 * BS, W) };
    expect(checkLinearizable({ file: '/a', ops: [write, read(Buffer.concat([bytes(BS, W), bytes(BS, A)]))], initial, final, blockSize: BS }).ok).toBe(true);
    const foreign = checkLinearizable({ file: '/a', ops: [write, read(Buffer.concat([bytes(BS, W), bytes(BS, V)]))], initial, final, blockSize: BS });
    expect(foreign.ok).toBe(false);
    expect(foreign.ok === false && foreign.observed).toMatch(/^block 1 /);
  });
});
