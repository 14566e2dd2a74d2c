/**
 * The `truncate-vs-aio-write` race written the way a fast-check user would write it: an async
 * TypeScript model driven by `fc.scheduler()`, for `npm run bench:explore`.
 *
 * It follows aiosim's kernel paths step for step, so that both explorers face the same
 * scheduling problem: every `await step(…)` is one point where fast-check may switch tasks,
 * and there is one per aiosim scheduling step, with the same labels (io_submit under a shared
 * i_rwsem; ftruncate under the exclusive one; each bio completion a task of its own that the
 * device may run at any point after submission; LIFO block reuse). The rwsem is a plain FIFO
 * reader/writer lock — enough here, as only one reader and one writer meet.
 *
 * The consequence checked is aiosim's `freed-block-write` oracle: a bio writes a device block
 * its file no longer owns. With `waitForDio` (the fixed truncate: inode_dio_wait before freeing
 * blocks) no schedule shows it.
 */
import type fc from 'fast-check';

/** A FIFO reader/writer semaphore whose wake-ups are scheduling points too. */
class RwSem {
  private readers = 0;
  private writer = false;
  private readonly queue: Array<{ write: boolean; wake: () => void }> = [];

  constructor(private readonly step: (label: string) => Promise<void>) {}

  async down(write: boolean): Promise<void> {
    await this.step(write ? 'down_write' : 'down_read');
    if (this.queue.length === 0 && (write ? !this.writer && this.readers === 0 : !this.writer)) {
      this.take(write);
      return;
    }
    await new Promise<void>((wake) => this.queue.push({ write, wake }));
    await this.step(`${write ? 'down_write' : 'down_read'} (woken)`);
  }

  async up(write: boolean): Promise<void> {
    await this.step(write ? 'up_write' : 'up_read');
    if (write) this.writer = false;
    else this.readers--;
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      if (next.write ? this.writer || this.readers > 0 : this.writer) break;
      this.queue.shift();
      this.take(next.write);
      next.wake();
      if (next.write) break;
    }
  }

  private take(write: boolean): void {
    if (write) this.writer = true;
    else this.readers++;
  }
}

/** A direct I/O in flight: its bios, and whoever waits for the last one. */
class Dio {
  private remaining = 0;
  private waiter: (() => void) | null = null;
  bio(): void {
    this.remaining++;
  }
  end(): void {
    if (--this.remaining === 0) this.waiter?.();
  }
  wait(): Promise<void> {
    return this.remaining === 0 ? Promise.resolve() : new Promise<void>((resolve) => (this.waiter = resolve));
  }
}

/** Runs the scenario once under fast-check's scheduler; true when a bio wrote a block its file no longer owns. */
export async function truncateRace(s: fc.Scheduler, options: { waitForDio: boolean }): Promise<boolean> {
  const step = (label: string): Promise<void> => s.schedule(Promise.resolve(), label);
  const owner = new Map<number, string>([
    [1, 'a:1'],
    [2, 'a:2'],
    [3, 'a:3'],
  ]); // device block → file:block
  const free: number[] = [];
  const fileA = { size: 16384, blocks: [0, 1, 2, 3], rwsem: new RwSem(step), dioCount: 0, dioIdle: [] as Array<() => void> };
  const fileB = { size: 0, blocks: [] as number[], rwsem: new RwSem(step) };
  const bios: Array<Promise<void>> = [];
  let violated = false;

  /** The device runs a bio whenever the scheduler lets it: an interrupt context of its own. */
  const submitBio = (block: number, expected: string, dio: Dio, completion: () => Promise<void>): void => {
    dio.bio();
    bios.push(
      (async () => {
        await step('irq: bio done');
        if (owner.get(block) !== expected) violated = true; // freed-block-write
        await completion();
        dio.end();
      })(),
    );
  };

  const app = async (): Promise<void> => {
    await step('openat');
    // io_submit: aio_write of /a file block 3 under a shared i_rwsem; returns -EIOCBQUEUED.
    await fileA.rwsem.down(false);
    await step('i_size_read');
    await step('i_size_read');
    await step('inode_dio_begin');
    fileA.dioCount++;
    await step('iomap_begin');
    // A truncate that ran first took the block away: the write allocates one (an extending write).
    let block = fileA.blocks[3];
    if (block === undefined) {
      block = free.pop()!;
      owner.set(block, 'a:3');
      fileA.blocks[3] = block;
    }
    const dio = new Dio();
    await step('submit_bio');
    submitBio(block, 'a:3', dio, async () => {
      await step('i_size_write');
      await step('inode_dio_end');
      if (--fileA.dioCount === 0) for (const wake of fileA.dioIdle.splice(0)) wake();
    });
    await fileA.rwsem.up(false);
    await step('io_getevents');
    await dio.wait();
    await step('xfs_release');
    await step('xfs_release');
  };

  const admin = async (): Promise<void> => {
    await step('openat');
    // ftruncate(/a, 4096)
    await fileA.rwsem.down(true);
    await step('xfs_break_layouts');
    if (options.waitForDio) {
      await step('inode_dio_wait');
      while (fileA.dioCount > 0) await new Promise<void>((resolve) => fileA.dioIdle.push(resolve));
    }
    await step('filemap_write_and_wait_range');
    await step('truncate_setsize');
    fileA.size = 4096;
    await step('truncate_pagecache');
    await step('xfs_trans_alloc');
    await step('xfs_itruncate_extents');
    for (const b of fileA.blocks.splice(1).reverse()) {
      owner.delete(b);
      free.push(b);
    }
    await fileA.rwsem.up(true);
    // creat(/b), then a 12 KiB direct write that allocates three blocks (LIFO reuse)
    await step('openat(O_CREAT|O_EXCL)');
    await step('openat');
    await fileB.rwsem.down(false);
    await step('i_size_read');
    await step('i_size_read');
    await step('inode_dio_begin');
    const dio = new Dio();
    for (let i = 0; i < 3; i++) {
      await step('iomap_begin');
      const b = free.pop()!;
      owner.set(b, `b:${i}`);
      fileB.blocks.push(b);
      await step('submit_bio');
      submitBio(b, `b:${i}`, dio, async () => {});
    }
    await step('iomap_dio_rw: wait for completion');
    await dio.wait();
    for (let i = 0; i < 3; i++) await step('convert unwritten extent');
    await step('i_size_write');
    fileB.size = 12288;
    await step('inode_dio_end');
    await fileB.rwsem.up(false);
    // read /b back with a direct read
    await fileB.rwsem.down(false);
    await step('i_size_read');
    await step('inode_dio_begin');
    const read = new Dio();
    for (let i = 0; i < 3; i++) {
      await step('iomap_begin');
      await step('submit_bio');
      submitBio(fileB.blocks[i]!, `b:${i}`, read, async () => {});
    }
    await step('iomap_dio_rw: wait for completion');
    await read.wait();
    await step('inode_dio_end');
    await fileB.rwsem.up(false);
    for (let i = 0; i < 3; i++) await step('xfs_release');
  };

  await s.waitFor(Promise.all([app(), admin()]));
  await s.waitFor(Promise.all(bios));
  return violated;
}
