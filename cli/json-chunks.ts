/**
 * JSON.stringify of an object, in pieces: the same bytes, but a top-level array is written a
 * slice at a time, so a trace of millions of events never becomes one string (V8 caps a string
 * at 2^29 characters, and the heap would hold it twice).
 */

/** Elements per piece: large enough that the pieces cost nothing, small enough to stay a few MB. */
const SLICE = 2000;

export function* jsonChunks(value: object): Generator<string> {
  let sep = '{';
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue; // as JSON.stringify drops them
    yield `${sep}${JSON.stringify(key)}:`;
    sep = ',';
    if (!Array.isArray(v)) {
      yield JSON.stringify(v);
      continue;
    }
    yield '[';
    for (let i = 0; i < v.length; i += SLICE) {
      const piece = v.slice(i, i + SLICE).map((x: unknown) => JSON.stringify(x) ?? 'null');
      yield `${i > 0 ? ',' : ''}${piece.join(',')}`;
    }
    yield ']';
  }
  yield sep === '{' ? '{}' : '}';
}
