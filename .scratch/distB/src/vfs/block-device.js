/**
 * The block device: `blocks × blockSize` bytes in one file on a memfs volume, so the simulated
 * disk is real bytes read and written through an fs API, and a late write into a block that now
 * belongs to another file really lands in that file's data.
 *
 * Contents are single-byte fill characters ('a', 'W', …) and zeros; reports print a zero as '.'.
 * Data moves only when a request completes (see blk-queue.ts): the model picks the latest
 * instant a real device could perform the transfer, which gives races their widest window.
 */
import { Volume } from 'memfs';
import { InvariantError, UserError } from '../sim/errors.js';
import { filled } from './fill-bytes.js';
/**
 * Disk images on one memfs volume. Creating a volume costs about 50 µs, more than a whole small
 * execution, so an exploration keeps one arena per thread and gives each execution's image back
 * when the execution has been judged; the next execution gets it emptied. A single run gets an
 * arena of its own.
 */
export class DiskArena {
    vol = new Volume();
    free = [];
    images = 0;
    acquire() {
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
    release(fd) {
        this.free.push(fd);
    }
    read(fd, into, intoOffset, length, position) {
        const got = this.vol.readSync(fd, into, intoOffset, length, position);
        // Past the image's end the device has never been written: zeros.
        if (got < length)
            into.fill(0, intoOffset + got, intoOffset + length);
    }
    write(fd, data, length, position) {
        this.vol.writeSync(fd, data, 0, length, position);
    }
}
const ZERO = Buffer.alloc(1);
export class BlockDevice {
    blockSize;
    blocks;
    arena;
    fd;
    constructor(blockSize, blocks, arena = new DiskArena()) {
        this.blockSize = blockSize;
        this.blocks = blocks;
        this.arena = arena;
        if (!Number.isInteger(blockSize) || blockSize < 512 || (blockSize & (blockSize - 1)) !== 0) {
            throw new UserError(`geometry.blockSize: expected a power of two ≥ 512, got ${blockSize}`);
        }
        this.fd = arena.acquire();
    }
    /** Copies `length` bytes at (block, offset) into `into` at `intoOffset`. */
    readInto(block, offset, length, into, intoOffset) {
        this.arena.read(this.image(), into, intoOffset, length, block * this.blockSize + offset);
    }
    /** Writes `length` copies of `byte` (the device's only kind of payload in aiosim). */
    fill(block, offset, length, byte) {
        this.arena.write(this.image(), filled(byte, length), length, block * this.blockSize + offset);
    }
    /** Gives the image back to its arena; the device must not be used afterwards. */
    release() {
        if (this.fd !== null)
            this.arena.release(this.fd);
        this.fd = null;
    }
    image() {
        if (this.fd === null)
            throw new InvariantError('block device used after its run released it');
        return this.fd;
    }
}
