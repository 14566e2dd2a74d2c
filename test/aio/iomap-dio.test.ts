/**
 * The generic direct-I/O layer against fs/iomap/direct-io.c: the submitter's bias reference
 * (`atomic_set(&dio->ref, 1)` … `atomic_dec_and_test(&dio->ref)` after submission), who runs the
 * completion (iomap_dio_done), and sub-block zeroing in iomap_dio_bio_iter.
 */
import { describe, expect, test } from 'vitest';
import type { BioEvent } from '../../src/aio/blk-queue.js';
import { EIOCBQUEUED } from '../../src/vfs/kiocb.js';
import { BS, dioWorld, prefer } from './dio-world.js';

const bios = (events: readonly { type: string }[]) =>
  (events.filter((e) => e.type === 'bio' && (e as BioEvent).op === 'submit') as BioEvent[]).map((b) => `${b.by} ${b.offset}+${b.length}`);

describe("iomap_dio_rw: the submitter's bias reference", () => {
  test('completions that all arrive during submission cannot finish the dio: the submitter drops its bias last and completes inline', () => {
    // Completions run the moment they can; the submitter only when no completion is ready.
    const w = dioWorld({ strategy: prefer('completion'), latencyUs: 0 });
    const app = w.dio('app', { pos: 0, count: 3 * BS });
    w.sim.run();
    // Every bio completed before the submitter submitted the next one …
    const order = w.sim.trace.events.filter((e) => e.type === 'bio').map((e) => `${(e as BioEvent).op} #${(e as BioEvent).id}`);
    expect(order).toEqual(['submit #1', 'complete #1', 'submit #2', 'complete #2', 'submit #3', 'complete #3']);
    // … yet the dio completes once, after before_async_return, in the submitter (kernel case (a)).
    expect(w.fs.log).toEqual(['dio_begin (process, 0 in flight)', 'before_async_return (process, 0 in flight)', 'end_io (process, 0 in flight)']);
    expect(app.returned).toBe(3 * BS); // the byte count, not -EIOCBQUEUED
    expect(w.completions).toEqual([{ id: 'app', result: 3 * BS, kind: 'process' }]);
  });

  test('with bios still in flight when the bias drops, io_submit gets -EIOCBQUEUED and the last bio completes the dio', () => {
    const w = dioWorld({ strategy: prefer('process') });
    const app = w.dio('app', { pos: 0, count: 2 * BS });
    w.sim.run();
    expect(app.returned).toBe(EIOCBQUEUED);
    // A write into new blocks needs completion work (conversion, i_size): irq part, then a kworker (kernel case (b)).
    expect(w.fs.log).toEqual([
      'dio_begin (process, 0 in flight)',
      'before_async_return (process, 2 in flight)',
      'end_io_irq (irq, 0 in flight)',
      'end_io (worker, 0 in flight)',
    ]);
    expect(w.completions).toEqual([{ id: 'app', result: 2 * BS, kind: 'worker' }]);
    expect(w.file.i_size).toBe(2 * BS);
  });

  test("an async overwrite inside EOF needs no completion work: the last bio's interrupt completes it", () => {
    const w = dioWorld({ strategy: prefer('process') });
    w.mapped(0, 'a');
    w.file.i_size = BS;
    w.dio('app', { pos: 0, count: BS });
    w.sim.run();
    expect(w.fs.log).toEqual([
      'dio_begin (process, 0 in flight)',
      'before_async_return (process, 1 in flight)',
      'end_io_irq (irq, 0 in flight)',
      'end_io (irq, 0 in flight)',
    ]);
  });

  test('a sync dio waits for its bios and runs the completion itself; the interrupt only wakes it (kernel case (c))', () => {
    const w = dioWorld({ strategy: prefer('process') });
    const app = w.dio('app', { pos: 0, count: BS, sync: true });
    w.sim.run();
    expect(app.returned).toBe(BS);
    expect(w.fs.log).toEqual(['dio_begin (process, 0 in flight)', 'end_io (process, 0 in flight)']);
    expect(w.sim.trace.events.some((e) => e.type === 'block' && (e as unknown as { on: string }).on === 'dio app to complete')).toBe(true);
  });
});

describe('iomap_dio_bio_iter: sub-block zeroing', () => {
  /** Runs one async write of [pos, pos + count) after `setup`; the bios it submitted and the device block it wrote. */
  const write = (pos: number, count: number, setup: (w: ReturnType<typeof dioWorld>) => void = () => {}) => {
    const w = dioWorld({ strategy: prefer('process') });
    setup(w);
    w.dio('app', { pos, count });
    w.sim.run();
    const block = w.file.extents.get(Math.floor(pos / BS))!.block;
    return { bios: bios(w.sim.trace.events), contents: w.contents(block) };
  };

  test("an unaligned write into a new block zeroes the head and the tail: the freed block's old bytes never show", () => {
    const r = write(1000, 1000, (w) => {
      // LIFO reuse: the write gets the block another file just freed, full of its data.
      const old = w.sb.alloc.alloc({ ino: 99, fileBlock: 0 })!;
      w.sb.dev.fill(old, 0, BS, 'x'.charCodeAt(0));
      w.sb.alloc.release(old);
    });
    expect(r.bios).toEqual(['app (zero head) 0+1000', 'app 1000+1000', 'app (zero tail) 2000+2096']);
    expect(r.contents).toBe('1000×. 1000×W 2096×.');
  });

  test('a write into an unwritten (fallocated) block zeroes head and tail too', () => {
    const r = write(512, 512, (w) => {
      const block = w.sb.alloc.alloc({ ino: w.file.ino, fileBlock: 0 })!;
      w.file.extents.set(0, { block, state: 'unwritten' });
      w.file.i_size = BS;
    });
    expect(r.bios).toEqual(['app (zero head) 0+512', 'app 512+512', 'app (zero tail) 1024+3072']);
  });

  test("a sub-block overwrite of a written block inside EOF zeroes nothing: the bytes around it are the file's", () => {
    const r = write(1000, 1000, (w) => {
      w.mapped(0, 'a');
      w.file.i_size = BS;
    });
    expect(r.bios).toEqual(['app 1000+1000']);
    expect(r.contents).toBe('1000×a 1000×W 2096×a');
  });

  test('a write into a written block that ends at or past EOF zeroes the tail only (no stale bytes past EOF)', () => {
    for (const size of [2000, 3000]) {
      const r = write(1000, 2000, (w) => {
        w.mapped(0, 'a');
        w.file.i_size = size;
      });
      expect({ size, bios: r.bios }).toEqual({ size, bios: ['app 1000+2000', 'app (zero tail) 3000+1096'] });
      expect(r.contents).toBe('1000×a 2000×W 1096×.');
    }
  });

  test('a block-aligned write into a new block needs no zeroing', () => {
    expect(write(BS, BS).bios).toEqual(['app 0+4096']);
  });
});

describe('iomap_dio_rw: reads', () => {
  test('a read is clamped at EOF and reads holes as zeros without a bio', () => {
    const w = dioWorld({ strategy: prefer('process') });
    w.mapped(1, 'a');
    w.file.i_size = 2 * BS;
    const app = w.dio('app', { dir: 'read', pos: 0, count: 4 * BS, sync: true });
    w.sim.run();
    expect(app.returned).toBe(2 * BS);
    expect(bios(w.sim.trace.events)).toEqual(['app 0+4096']); // block 1 only
    expect(app.iocb!.buffer.subarray(0, 2 * BS).toString('latin1')).toBe('\0'.repeat(BS) + 'a'.repeat(BS));
  });
});
