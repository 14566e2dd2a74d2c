import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runsOf } from '../../src/check/runs.js';

/** The obvious byte-by-byte definition the galloping runsOf must agree with. */
function naiveRuns(bytes: Uint8Array, base: number): Array<[number, number, number]> {
  const runs: Array<[number, number, number]> = [];
  for (let i = 0; i < bytes.length; ) {
    let j = i + 1;
    while (j < bytes.length && bytes[j] === bytes[i]) j++;
    if (bytes[i] !== 0) runs.push([base + i, base + j, bytes[i]!]);
    i = j;
  }
  return runs;
}

/** Contents as aiosim makes them: a few long single-byte stretches, of any lengths. */
const stretches = fc.array(fc.tuple(fc.constantFrom(0, 0x41, 0x57, 0x61), fc.integer({ min: 1, max: 70_000 })), { maxLength: 6 });

describe('runsOf', () => {
  it('agrees with a byte-by-byte scan on long and short stretches, at any offset of a larger buffer', () => {
    fc.assert(
      fc.property(stretches, fc.nat(7), fc.nat(1000), (parts, skip, base) => {
        const whole = Buffer.concat([Buffer.alloc(skip, 0x7a), ...parts.map(([byte, n]) => Buffer.alloc(n, byte))]);
        const bytes = whole.subarray(skip);
        expect(runsOf(bytes, base)).toEqual(naiveRuns(bytes, base));
      }),
      { numRuns: 200 },
    );
  });

  it('finds a single changed byte in the middle of a long run', () => {
    const bytes = Buffer.alloc(100_000, 0x61);
    bytes[65_537] = 0x57;
    expect(runsOf(bytes)).toEqual([
      [0, 65_537, 0x61],
      [65_537, 65_538, 0x57],
      [65_538, 100_000, 0x61],
    ]);
  });
});
