/**
 * The history keys leave out exactly the pieces whose place in the order cannot matter: checked
 * against the linearizability oracle's own pieces, for random ops, results and file states.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { type FileReach, fileReaches, projectionsOf } from '../../src/check/history-keys.js';
import type { HistoryOp } from '../../src/check/history.js';
import { piecesFor, type Projection } from '../../src/check/linearizability.js';
import { paint } from '../../src/check/runs.js';
import type { OpKind } from '../../src/scenario/schema.js';
import { validateScenario } from '../../src/scenario/validate.js';

const BS = 8;
const KINDS: OpKind[] = [
  'write',
  'aio_write',
  'read',
  'aio_read',
  'truncate',
  'fallocate',
  'fsync',
  'wait',
  'close',
  'freeze',
  'thaw',
  'io_setup',
  'io_destroy',
];
const MODES = ['allocate', 'keep_size', 'punch_hole', 'zero_range'];

/** An op, the reach of its file (consistent with the op), and a result it may have returned. */
const opInReach = fc
  .record({
    kind: fc.constantFrom(...KINDS),
    offset: fc.nat(40),
    length: fc.integer({ min: 1, max: 24 }),
    size: fc.nat(64),
    mode: fc.constantFrom(...MODES),
    minSize: fc.nat(64),
    extra: fc.nat(16),
    resultPick: fc.nat(100),
    failed: fc.boolean(),
    fill: fc.integer({ min: 1, max: 3 }),
  })
  .map((a) => {
    const truncate = a.kind === 'truncate';
    const minSize = truncate ? Math.min(a.minSize, a.size) : a.minSize;
    const reach: FileReach = { minSize, maxEnd: Math.max(minSize, a.offset + a.length, truncate ? a.size : 0) + a.extra };
    const io = ['write', 'aio_write', 'read', 'aio_read'].includes(a.kind);
    const result = a.failed ? -5 : io ? a.resultPick % (a.length + 1) : 0;
    const op: HistoryOp = {
      id: 'op',
      task: 't',
      kind: a.kind,
      file: '/a',
      ino: 12,
      offset: a.offset,
      length: a.length,
      fill: a.fill,
      size: a.size,
      mode: a.kind === 'fallocate' ? a.mode : null,
      start: 1,
      end: 2,
      startT: 0,
      endT: 0,
      result,
      data: a.kind === 'read' || a.kind === 'aio_read' ? Buffer.alloc(Math.max(0, result), a.fill) : null,
    };
    return { op, reach };
  });

/** File states the size projection can be in: sizes within the reach, a few painted ranges. */
const states = (reach: FileReach) =>
  fc.array(
    fc
      .record({
        size: fc.integer({ min: reach.minSize, max: reach.maxEnd }),
        paints: fc.array(fc.tuple(fc.nat(reach.maxEnd), fc.nat(8), fc.nat(3)), { maxLength: 3 }),
      })
      .map((s) => ({
        size: s.size,
        runs: s.paints.reduce((runs, [from, n, byte]) => paint(runs, from, from + n, byte), paint([], 0, 0, 0)),
      })),
    { minLength: 1, maxLength: 6 },
  );

const same = (a: { size: number; runs: unknown }, b: { size: number; runs: unknown }): boolean =>
  a.size === b.size && JSON.stringify(a.runs) === JSON.stringify(b.runs);

describe('history keys', () => {
  it('an op without a key for a projection has no piece there whose effect depends on the state', () => {
    fc.assert(
      fc.property(
        opInReach.chain(({ op, reach }) =>
          fc.tuple(fc.constant(op), fc.constant(reach), fc.integer({ min: -1, max: Math.ceil(reach.maxEnd / BS) - 1 }), states(reach)),
        ),
        ([op, reach, index, sample]) => {
          const projection: Projection = index < 0 ? { kind: 'size' } : { kind: 'block', index, from: index * BS, to: (index + 1) * BS };
          if (projectionsOf(op, reach, BS).includes(index < 0 ? 'size' : index)) return;
          for (const piece of piecesFor(op, projection)) {
            const outcomes = sample.map((s) => {
              const next = piece.apply(s);
              return next === null ? 'fails' : same(next, s) ? 'no change' : 'changes';
            });
            // Changing nothing in every state, or failing in every state: its place cannot matter.
            expect(outcomes).not.toContain('changes');
            expect(new Set(outcomes).size).toBe(1);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("a file's reach: its initial size lowered by truncates, 0 once created or unlinked, up to the farthest byte an op names", () => {
    const scenario = (ops: unknown[]) =>
      validateScenario(
        {
          version: 1,
          name: 'reach',
          title: 'reach',
          fs: 'diocount',
          geometry: { blockSize: 4096, blocks: 16 },
          device: { queueDepth: 4, latency: { min: 10, max: 10 } },
          files: [
            { path: '/a', size: 8192 },
            { path: '/b', size: 4096 },
          ],
          tasks: [{ name: 't', ops }],
        },
        'reach',
      );
    const reaches = fileReaches(
      scenario([
        { op: 'truncate', file: '/a', size: 4096 },
        { op: 'aio_read', file: '/a', offset: 12288, length: 4096 },
        { op: 'truncate', file: '/a', size: 20000 },
        { op: 'unlink', file: '/b' },
        { op: 'create', file: '/c' },
      ]),
    );
    expect(reaches.get('/a')).toEqual({ minSize: 4096, maxEnd: 20000 });
    expect(reaches.get('/b')).toEqual({ minSize: 0, maxEnd: 4096 });
    expect(reaches.get('/c')).toEqual({ minSize: 0, maxEnd: 0 });
  });
});
