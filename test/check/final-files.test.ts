import { describe, expect, test } from 'vitest';
import { checkFilesLinearizable } from '../../src/check/final-files.js';
import type { HistoryOp } from '../../src/check/history.js';
import { volume } from '../vfs/world.js';

const BS = 4096;
const W = 'W'.charCodeAt(0);
const V = 'V'.charCodeAt(0);

function op(partial: Partial<HistoryOp> & Pick<HistoryOp, 'id' | 'kind' | 'start' | 'end' | 'result'>): HistoryOp {
  return { task: 't', file: '/a', ino: 12, offset: 0, length: BS, fill: 0, size: 0, mode: null, data: null, startT: 0, endT: 0, ...partial };
}

/** /a holds one block of 'V' after two overlapping writes: only an order against completion order explains it. */
function overlapping() {
  const v = volume();
  const a = v.sb.newInode('/a');
  const block = v.sb.alloc.alloc({ ino: a.ino, fileBlock: 0 })!;
  a.extents.set(0, { block, state: 'mapped' });
  v.sb.dev.fill(block, 0, BS, V);
  v.sb.i_size_write(a, BS);
  const ops = [
    op({ id: 'w1', kind: 'aio_write', fill: W, start: 1, end: 10, result: BS, ino: a.ino }),
    op({ id: 'w2', kind: 'aio_write', fill: V, start: 2, end: 9, result: BS, ino: a.ino }),
  ];
  return { ...v, ops };
}

describe('the end-of-run linearizability check of every file', () => {
  test('explained by a search: no verdict, no note', () => {
    const { sim, sb, ops } = overlapping();
    expect(checkFilesLinearizable(sb, sim, ops, new Map())).toEqual([]);
    expect(sim.verdicts).toEqual([]);
  });

  test('a search that stops at its limit is a note naming the file, never a verdict', () => {
    const { sim, sb, ops } = overlapping();
    const notes = checkFilesLinearizable(sb, sim, ops, new Map(), 0);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ oracle: 'linearizability', details: { file: '/a' } });
    expect(notes[0]!.message).toMatch(/^linearizability of \/a not decided/);
    expect(sim.verdicts).toEqual([]);
  });
});
