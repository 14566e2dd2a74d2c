/**
 * The block device: `blocks × blockSize` bytes, so a late write into a block that now belongs
 * to another file really lands in that file's data. A block is described until a partial write
 * needs its bytes: blocks that hold one byte throughout (zeros of a new device, an initial
 * file's fill, a whole-block write) are runs of a description; the others are materialized,
 * each in a slot of one file on a memfs volume, in the order they were first written, so a
 * run's disk costs the blocks it wrote, not the device's size.
 *
 * Contents are single-byte fill characters ('a', 'W', …) and zeros; reports print a zero as '.'.
 * Data moves only when a request completes (see blk-queue.ts): the model picks the latest
 * instant a real device could perform the transfer, which gives races their widest window.
 */
import { Volume } from 'memfs';
import { InvariantError, UserError } from '../sim/errors.js';
import { filled } from './fill-bytes.js';
import { RunMap, type RunValue } from './run-map.js';

/**
 * Disk images on one memfs volume. Creating a volume costs about 50 µs, more than a whole small
 * execution, so an exploration keeps one arena per thread and gives each execution's image back
 * when the execution has been judged; the next execution gets it emptied. A single run gets an
 * arena of its own.
 */
export class DiskArena {
  private readonly vol = new Volume();
  private readonly free: number[] = [];
  private images = 0;

  acquire(): number {
    const fd = this.free.pop();
    if (fd === undefined) {
      const path = `/disk${this.images++}`;
      // The image starts empty: memfs zero-fills when a write extends the file, and a read past
      // the end reads zeros (see read), so untouched blocks read as zeros without allocating
      // the whole device for every run.
      this.vol.writeFileSync(path, '');
      return this.vol.openSync(path, 'r+');
    }
    // Emptied to one zero byte rather than to nothing: memfs then keeps the file's buffer, and
    // the next execution's writes do not grow it again from scratch.
    this.vol.ftruncateSync(fd, 1);
    this.vol.writeSync(fd, ZERO, 0, 1, 0);
    return fd;
  }

  release(fd: number): void {
    this.free.push(fd);
  }

  read(fd: number, into: Buffer, intoOffset: number, length: number, position: number): void {
    const got = this.vol.readSync(fd, into, intoOffset, length, position);
    // Past the image's end the device has never been written: zeros.
    if (got < length) into.fill(0, intoOffset + got, intoOffset + length);
  }

  write(fd: number, data: Buffer, length: number, position: number): void {
    this.vol.writeSync(fd, data, 0, length, position);
  }
}

const ZERO = Buffer.alloc(1);

/**
 * What a device block holds, as runs over block numbers: a value v ≥ 0 says every byte of the
 * block is v (described, never written out: a new device is zeros, an initial file is its fill
 * character); v < 0 says the block is materialized in the image at slot -v-1, and the slots of
 * a run are consecutive (so the value shifts by -1 per block).
 */
const BLOCK_RUNS: RunValue<number> = { shift: (v, d) => (v >= 0 ? v : v - d), same: (a, b) => a === b };

/** A stretch of device blocks: all one byte (`byte`), or in the image from `slot` on. */
export type DeviceRun = { readonly start: number; readonly end: number } & ({ readonly byte: number } | { readonly slot: number });

export class BlockDevice {
  private fd: number | null;
  private readonly blockMap = new RunMap(BLOCK_RUNS);
  private slots = 0;

  constructor(
    readonly blockSize: number,
    readonly blocks: number,
    private readonly arena = new DiskArena(),
  ) {
    if (!Number.isInteger(blockSize) || blockSize < 512 || (blockSize & (blockSize - 1)) !== 0) {
      throw new UserError(`geometry.blockSize: expected a power of two ≥ 512, got ${blockSize}`);
    }
    this.fd = arena.acquire();
  }

  /** Copies `length` bytes at (block, offset) into `into` at `intoOffset`. */
  readInto(block: number, offset: number, length: number, into: Buffer, intoOffset: number): void {
    const image = this.image();
    const v = this.blockMap.get(block) ?? 0;
    if (v >= 0) into.fill(v, intoOffset, intoOffset + length);
    else this.arena.read(image, into, intoOffset, length, (-v - 1) * this.blockSize + offset);
  }

  /** Writes `length` copies of `byte` (the device's only kind of payload in aiosim). */
  fill(block: number, offset: number, length: number, byte: number): void {
    const image = this.image();
    const v = this.blockMap.get(block) ?? 0;
    if (v >= 0 && offset === 0 && length === this.blockSize) {
      // A whole block of one byte stays a description.
      this.blockMap.set(block, block + 1, byte);
      return;
    }
    const slot = v >= 0 ? this.materialize(block, v) : -v - 1;
    this.arena.write(image, filled(byte, length), length, slot * this.blockSize + offset);
  }

  /** Describes blocks [from, to) as holding `byte` throughout (a scenario's initial file), writing nothing. */
  describe(from: number, to: number, byte: number): void {
    this.blockMap.set(from, to, byte);
  }

  /** What blocks [from, to) hold, as runs: the byte they are all, or where they are in the image. */
  *contents(from: number, to: number): Generator<DeviceRun, void, void> {
    let at = from;
    for (const r of this.blockMap.runs(from, to)) {
      if (r.start > at) yield { start: at, end: r.start, byte: 0 };
      yield r.value >= 0 ? { start: r.start, end: r.end, byte: r.value } : { start: r.start, end: r.end, slot: -r.value - 1 };
      at = r.end;
    }
    if (at < to) yield { start: at, end: to, byte: 0 };
  }

  /** Copies `length` bytes of the image from slot `slot` on into `into` (a materialized stretch of `contents`). */
  readSlots(slot: number, length: number, into: Buffer, intoOffset: number): void {
    this.arena.read(this.image(), into, intoOffset, length, slot * this.blockSize);
  }

  /** Blocks written out to the image so far (what the run's disk costs). */
  get materialized(): number {
    return this.slots;
  }

  /** Gives the image back to its arena; the device must not be used afterwards. */
  release(): void {
    if (this.fd !== null) this.arena.release(this.fd);
    this.fd = null;
  }

  /** Gives `block` the next slot of the image, holding its described byte. */
  private materialize(block: number, byte: number): number {
    const slot = this.slots++;
    // The arena hands images back emptied, so a slot past the image's end reads zeros already.
    if (byte !== 0) this.arena.write(this.image(), filled(byte, this.blockSize), this.blockSize, slot * this.blockSize);
    this.blockMap.set(block, block + 1, -slot - 1);
    return slot;
  }

  private image(): number {
    if (this.fd === null) throw new InvariantError('block device used after its run released it');
    return this.fd;
  }
}
