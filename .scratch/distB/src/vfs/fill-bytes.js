/**
 * Shared read-only buffers of one repeated byte. Every payload in aiosim is a single-byte fill,
 * so bios write from these without a copy of their own, and the oracles compare against them.
 */
const fills = new Map();
/** At least `length` bytes of `byte`; do not write into it. */
export function filled(byte, length) {
    let buf = fills.get(byte);
    if (!buf || buf.length < length)
        fills.set(byte, (buf = Buffer.alloc(Math.max(length, 65536), byte)));
    return buf;
}
