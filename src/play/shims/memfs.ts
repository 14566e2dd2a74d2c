/**
 * The browser bundle's stand-in for memfs (esbuild aliases `memfs` here): the few synchronous
 * calls the block device's DiskArena makes (src/vfs/block-device.ts), on growable byte arrays.
 * memfs itself needs Node's streams, events and paths; the disk image only needs bytes that
 * read back as written, and zeros past the end, which is what these calls give.
 */
interface Image {
  bytes: Uint8Array;
  size: number;
}

export class Volume {
  private readonly files = new Map<string, Image>();
  private readonly fds: Image[] = [];

  writeFileSync(path: string, data: string): void {
    this.files.set(path, { bytes: new TextEncoder().encode(data), size: data.length });
  }

  openSync(path: string, _flags: string): number {
    const image = this.files.get(path);
    if (!image) throw new Error(`ENOENT: ${path}`);
    return this.fds.push(image) - 1;
  }

  ftruncateSync(fd: number, len: number): void {
    const image = this.image(fd);
    reserve(image, len);
    image.bytes.fill(0, len, Math.max(len, image.size));
    image.size = len;
  }

  /** Writes `length` bytes of `data` from `offset` at `position`, zero-filling a gap past the end. */
  writeSync(fd: number, data: Uint8Array, offset: number, length: number, position: number): number {
    const image = this.image(fd);
    reserve(image, position + length);
    image.bytes.set(data.subarray(offset, offset + length), position);
    image.size = Math.max(image.size, position + length);
    return length;
  }

  /** Reads up to `length` bytes at `position`; returns how many there were (0 past the end). */
  readSync(fd: number, into: Uint8Array, offset: number, length: number, position: number): number {
    const image = this.image(fd);
    const n = Math.max(0, Math.min(length, image.size - position));
    into.set(image.bytes.subarray(position, position + n), offset);
    return n;
  }

  private image(fd: number): Image {
    const image = this.fds[fd];
    if (!image) throw new Error(`EBADF: ${fd}`);
    return image;
  }
}

/** Grows the image's storage to at least `len` bytes; new bytes are zero. */
function reserve(image: Image, len: number): void {
  if (image.bytes.length >= len) return;
  const bytes = new Uint8Array(Math.max(len, image.bytes.length * 2, 4096));
  bytes.set(image.bytes.subarray(0, image.size));
  image.bytes = bytes;
}
