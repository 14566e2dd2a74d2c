/**
 * The part of Node's Buffer the simulator uses, for the browser bundle (esbuild injects it where
 * the code names the global `Buffer`). A Buffer is a Uint8Array with a few helpers; these keep
 * Node's semantics for the arguments aiosim passes, so a run in the page draws the same bytes.
 */
class ByteBuffer extends Uint8Array {
  static alloc(size: number, fill = 0): ByteBuffer {
    const buf = new ByteBuffer(size);
    if (fill !== 0) buf.fill(fill);
    return buf;
  }

  static allocUnsafe(size: number): ByteBuffer {
    return new ByteBuffer(size);
  }

  static isBuffer(value: unknown): value is ByteBuffer {
    return value instanceof ByteBuffer;
  }

  /** buf.compare(target, targetStart, targetEnd, sourceStart, sourceEnd): -1, 0 or 1 by bytes, then length. */
  compare(target: Uint8Array, targetStart = 0, targetEnd = target.length, sourceStart = 0, sourceEnd = this.length): number {
    const n = Math.min(targetEnd - targetStart, sourceEnd - sourceStart);
    for (let k = 0; k < n; k++) {
      const a = this[sourceStart + k]!;
      const b = target[targetStart + k]!;
      if (a !== b) return a < b ? -1 : 1;
    }
    const la = sourceEnd - sourceStart;
    const lb = targetEnd - targetStart;
    return la === lb ? 0 : la < lb ? -1 : 1;
  }

  equals(other: Uint8Array): boolean {
    return this.length === other.length && this.compare(other) === 0;
  }

  override toString(encoding = 'utf8', start = 0, end = this.length): string {
    const bytes = this.subarray(start, end);
    if (encoding === 'latin1' || encoding === 'binary' || encoding === 'ascii') return String.fromCharCode(...bytes);
    return new TextDecoder().decode(bytes);
  }
}

/** Buffer.from(arrayBuffer, byteOffset, length) shares the memory, as in Node; from(bytes) copies. */
function from(value: ArrayBufferLike | ArrayLike<number>, byteOffset = 0, length?: number): ByteBuffer {
  if (value instanceof ArrayBuffer || (typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer)) {
    return new ByteBuffer(value as ArrayBuffer, byteOffset, length ?? value.byteLength - byteOffset);
  }
  const bytes = value as ArrayLike<number>;
  const buf = new ByteBuffer(bytes.length);
  buf.set(bytes);
  return buf;
}

/** Node's `from` has other arguments than Uint8Array's, so it is set on the class, not declared in it. */
export const Buffer = Object.assign(ByteBuffer, { from });
