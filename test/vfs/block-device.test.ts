import { describe, expect, test } from 'vitest';
import { BlockDevice, DiskArena } from '../../src/vfs/block-device.js';
import { InvariantError, UserError } from '../../src/sim/errors.js';

const read = (dev: BlockDevice, block: number, offset: number, length: number): string => {
  const buf = Buffer.alloc(length, '?');
  dev.readInto(block, offset, length, buf, 0);
  return buf.toString('latin1').replaceAll('\0', '.');
};

describe('block device', () => {
  test('a block never written reads as zeros, also past the highest block written', () => {
    const dev = new BlockDevice(512, 4);
    expect(read(dev, 0, 0, 512)).toBe('.'.repeat(512));
    dev.fill(1, 0, 512, 'a'.charCodeAt(0));
    expect(read(dev, 3, 500, 12)).toBe('.'.repeat(12));
  });

  test('fill writes the byte at (block, offset) and nothing around it', () => {
    const dev = new BlockDevice(512, 4);
    dev.fill(1, 100, 10, 'W'.charCodeAt(0));
    expect(read(dev, 1, 98, 14)).toBe('..WWWWWWWWWW..');
    expect(read(dev, 0, 0, 512)).toBe('.'.repeat(512));
  });

  test('readInto copies into the buffer at the given offset only', () => {
    const dev = new BlockDevice(512, 2);
    dev.fill(0, 0, 512, 'a'.charCodeAt(0));
    const buf = Buffer.alloc(8, '-');
    dev.readInto(0, 0, 4, buf, 2);
    expect(buf.toString('latin1')).toBe('--aaaa--');
  });

  test('a block size that is not a power of two of at least 512 is a user error naming the field', () => {
    for (const bad of [256, 1000, 4095]) expect(() => new BlockDevice(bad, 4)).toThrow(UserError);
    expect(() => new BlockDevice(1000, 4)).toThrow(/geometry\.blockSize/);
  });

  test('a device given back to its arena cannot be used; the next device on the arena starts zeroed', () => {
    const arena = new DiskArena();
    const first = new BlockDevice(512, 4, arena);
    first.fill(2, 0, 512, 'x'.charCodeAt(0));
    first.release();
    expect(() => read(first, 2, 0, 1)).toThrow(InvariantError);
    const second = new BlockDevice(512, 4, arena); // reuses the image
    expect(read(second, 2, 0, 512)).toBe('.'.repeat(512));
  });
});
