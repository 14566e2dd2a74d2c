import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { decodeSchedule, encodeSchedule } from '../../src/sim/schedule.js';
import { UserError } from '../../src/sim/errors.js';

describe('schedule strings', () => {
  test('schedule: any choice list survives encode → decode', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.nat(40), fc.nat(5_000_000)), { maxLength: 300 }), (choices) => {
        expect(decodeSchedule(encodeSchedule(choices))).toEqual(choices);
      }),
    );
  });

  test('schedule: small choices take one character each and long runs are compressed', () => {
    expect(encodeSchedule([0, 1, 2, 31])).toMatch(/^1\.012v\.[0-9a-v]{2}$/);
    const zeros = encodeSchedule(new Array(10_000).fill(0));
    expect(zeros.length).toBeLessThan(16);
  });

  test('schedule: a damaged string is refused with a clear error, not replayed', () => {
    const s = encodeSchedule([3, 1, 4, 1, 5, 9, 2, 6]);
    const damaged = s.replace('.3', '.4');
    expect(() => decodeSchedule(damaged)).toThrow(UserError);
    expect(() => decodeSchedule(damaged)).toThrow(/damaged/);
    expect(() => decodeSchedule('2.00.00')).toThrow(/version/);
    expect(() => decodeSchedule('hello')).toThrow(/expected/);
  });
});
