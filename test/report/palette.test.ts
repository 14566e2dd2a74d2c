import { describe, expect, test } from 'vitest';
import { BACKGROUND, CELL, INK, SIZE_LINES, contrastRatio } from '../../src/report/palette.js';

describe('the timeline palette meets WCAG AA on the white page', () => {
  test('the contrast ratio is computed as WCAG 2 defines it', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2); // the lightest grey that passes AA text
    expect(() => contrastRatio('red', '#ffffff')).toThrow(/#rrggbb/);
  });

  test('every shape colour has 3:1 against the background (WCAG 1.4.11), every text colour 4.5:1 (1.4.3)', () => {
    for (const [state, s] of Object.entries(CELL)) expect([state, contrastRatio(s.colour, BACKGROUND) >= 3]).toEqual([state, true]);
    for (const l of SIZE_LINES) expect([l.colour, contrastRatio(l.colour, BACKGROUND) >= 3]).toEqual([l.colour, true]);
    for (const [name, c] of Object.entries(INK)) expect([name, contrastRatio(c, BACKGROUND) >= 4.5]).toEqual([name, true]);
    // The step numbers are white on the critical colour.
    expect(contrastRatio('#ffffff', INK.critical)).toBeGreaterThanOrEqual(4.5);
  });

  test('colour is not the only cue: each cell state has its own pattern, each i_size line its own dash', () => {
    const patterns = Object.values(CELL).map((s) => s.pattern);
    expect(new Set(patterns).size).toBe(patterns.length);
    const dashes = SIZE_LINES.map((l) => l.dash ?? 'solid');
    expect(new Set(dashes).size).toBe(dashes.length);
  });
});
