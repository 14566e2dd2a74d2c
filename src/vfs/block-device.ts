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
    this.vol.writeFileSync('/disk', Buffer.alloc(blockSize * blocks));
    this.fd = this.vol.openSync('/disk', 'r+');
  }

  read(block: number, offset: number, length: number): Buffer {
    const buf = Buffer.alloc(length);
    this.vol.readSync(this.fd, buf, 0, length, block * this.blockSize + offset);
    return buf;
  }

  write(block: number, offset: number, data: Buffer): void {
    this.vol.writeSync(this.fd, data, 0, data.length, block * this.blockSize + offset);
  }
}
