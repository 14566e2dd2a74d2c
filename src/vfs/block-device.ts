/**
 * The block device: `blocks × blockSize` bytes on a memfs volume (one file, /disk), so the
 * simulated disk is real bytes read and written through an fs API, and a late write into a
 * block that now belongs to another file really lands in that file's data.
 *
 * Contents are single-byte fill characters ('a', 'W', …) and zeros; reports print a zero as '.'.
 * Data moves only when a request completes (see blk-queue.ts): the model picks the latest
 * instant a real device could perform the transfer, which gives races their widest window.
 */
import { Volume } from 'memfs';
import { UserError } from '../sim/errors.js';

export class BlockDevice {
  private readonly vol = new Volume();
  private readonly fd: number;

  constructor(
    readonly blockSize: number,
    readonly blocks: number,
  ) {
    if (!Number.isInteger(blockSize) || blockSize < 512 || (blockSize & (blockSize - 1)) !== 0) {
      throw new UserError(`geometry.blockSize: expected a power of two ≥ 512, got ${blockSize}`);
    }
    // The disk starts empty: memfs zero-fills when a write extends the file, and a read past
    // the end leaves the (zeroed) destination as it is — so untouched blocks read as zeros
    // without allocating the whole device for every run.
    this.vol.writeFileSync('/disk', '');
    this.fd = this.vol.openSync('/disk', 'r+');
  }

  read(block: number, offset: number, length: number): Buffer {
    const buf = Buffer.alloc(length);
    this.vol.readSync(this.fd, buf, 0, length, block * this.blockSize + offset);
    return buf;
  }

  /** Writes `length` copies of `byte` (the device's only kind of payload in aiosim). */
  fill(block: number, offset: number, length: number, byte: number): void {
    this.vol.writeSync(this.fd, filled(byte, length), 0, length, block * this.blockSize + offset);
  }

  write(block: number, offset: number, data: Buffer): void {
    this.vol.writeSync(this.fd, data, 0, data.length, block * this.blockSize + offset);
  }
}

/** Shared read-only buffers of one repeated byte: bios write fills, so none needs its own copy. */
const fills = new Map<number, Buffer>();
function filled(byte: number, length: number): Buffer {
  let buf = fills.get(byte);
  if (!buf || buf.length < length) fills.set(byte, (buf = Buffer.alloc(Math.max(length, 65536), byte)));
  return buf;
}
