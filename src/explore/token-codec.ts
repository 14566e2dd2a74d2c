/**
 * The portable half of replay tokens: what binds a token to its scenario and scheme, and what
 * carries a scenario inside one. Nothing here imports a Node module, so a browser (the
 * playground of issue 15) can decode an embedded token with the same code: compression is
 * passed in — Node's `zlib.inflateRawSync`, a pure-JS inflate, or the two halves below around
 * `new DecompressionStream('deflate-raw')` (which is asynchronous: `base64UrlToBytes`, then the
 * stream, then `scenarioFromJsonBytes`).
 */

/** Raw DEFLATE (RFC 1951), as `zlib.deflateRawSync` / `CompressionStream('deflate-raw')` make it. */
export type Deflate = (bytes: Uint8Array) => Uint8Array;
export type Inflate = (bytes: Uint8Array) => Uint8Array;

/**
 * `value` as JSON with every object's keys sorted and undefined members dropped: the same data
 * gives the same text whatever order a file wrote its keys in.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}

const FNV64_OFFSET = 0xcbf29ce484222325n;
const FNV64_PRIME = 0x100000001b3n;
const MASK64 = (1n << 64n) - 1n;

/**
 * A short content hash: 8 hex digits (FNV-1a 64 over the UTF-8 bytes, folded to 32 bits). It
 * tells an edited scenario or scheme from the one a token was recorded on; it is not a
 * cryptographic digest (nothing here is a secret or a signature).
 */
export function shortHash(text: string | Uint8Array): string {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  let h = FNV64_OFFSET;
  for (let i = 0; i < bytes.length; i++) h = ((h ^ BigInt(bytes[i]!)) * FNV64_PRIME) & MASK64;
  const folded = Number((h >> 32n) ^ (h & 0xffffffffn));
  return folded.toString(16).padStart(8, '0');
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const INDEX = new Map([...ALPHABET].map((c, i) => [c, i] as const));

/** URL-safe base64 (RFC 4648 §5) without padding: letters, digits, `-` and `_` only. */
export function bytesToBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) out += ALPHABET[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

/** The inverse of bytesToBase64Url; null when `text` is not one (a character outside the alphabet, a length no encoding has). */
export function base64UrlToBytes(text: string): Uint8Array<ArrayBuffer> | null {
  if (text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (const c of text) {
    const v = INDEX.get(c);
    if (v === undefined) return null;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out;
}

/** A scenario (the validated object) as the payload of an embedded token: canonical JSON, raw DEFLATE, URL-safe base64. */
export function encodeScenarioPayload(scenario: unknown, deflate: Deflate): string {
  return bytesToBase64Url(deflate(new TextEncoder().encode(canonicalJson(scenario))));
}

/** The JSON data of an embedded scenario (to validate, as any scenario file is); null when the bytes are not JSON. */
export function scenarioFromJsonBytes(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return null;
  }
}

/** The payload of an embedded token back to JSON data; null when it is damaged (not base64, not DEFLATE, not JSON). */
export function decodeScenarioPayload(payload: string, inflate: Inflate): unknown {
  const packed = base64UrlToBytes(payload);
  if (packed === null) return null;
  let bytes: Uint8Array;
  try {
    bytes = inflate(packed);
  } catch {
    return null;
  }
  return scenarioFromJsonBytes(bytes);
}
