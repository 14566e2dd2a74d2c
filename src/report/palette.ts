/**
 * The colours and shapes of the timeline pictures. Colour is never the only cue (WCAG 1.4.1):
 * a write hold is solid, a read hold is hatched, a wait is dotted, runnable is a thin line, a
 * hold within one turn is a diamond, a critical step a numbered circle. Every colour drawn on
 * the white page has at least 3:1 contrast with it (WCAG 1.4.11, non-text), and text colours
 * 4.5:1 (1.4.3, AA); test/report/palette.test.ts computes the ratios.
 */
import type { CellState } from './timeline-model.js';

export const BACKGROUND = '#ffffff';

export const INK = {
  /** Labels and values. */
  text: '#222222',
  /** Secondary text: axis ticks, notes. */
  muted: '#595959',
  /** Critical-step markers and the verdict accent. */
  critical: '#8a2270',
  /** The i_dio_count lane. */
  dio: '#1d4f91',
} as const;

export interface Swatch {
  readonly colour: string;
  /** An SVG pattern id in `patternDefs()`, or 'solid' / 'line'. */
  readonly pattern: 'solid' | 'hatch' | 'dots' | 'line';
  readonly label: string;
}

export const CELL: Record<Exclude<CellState, 'idle'>, Swatch> = {
  write: { colour: '#b3261e', pattern: 'solid', label: 'write-held (solid)' },
  read: { colour: '#1a7f37', pattern: 'hatch', label: 'read-held (hatched)' },
  waiting: { colour: '#8a5a00', pattern: 'dots', label: 'waiting (dotted)' },
  runnable: { colour: '#6e6e6e', pattern: 'line', label: 'runnable / in flight (thin line)' },
};

/** i_size lines, one per inode, with a dash pattern each so two lines differ without colour. */
export const SIZE_LINES: readonly { colour: string; dash: string | undefined }[] = [
  { colour: '#1d4f91', dash: undefined },
  { colour: '#8a4b00', dash: '6 3' },
  { colour: '#5b2e91', dash: '2 2' },
  { colour: '#0b6363', dash: '8 2 2 2' },
];

/** The fill of a swatch: a colour, or a reference to its pattern. */
export function fill(s: Swatch): string {
  return s.pattern === 'solid' || s.pattern === 'line' ? s.colour : `url(#p-${s.pattern})`;
}

/** The `<pattern>` elements the fills refer to. */
export function patternDefs(): string {
  const hatch = CELL.read.colour;
  const dots = CELL.waiting.colour;
  return [
    `<pattern id="p-hatch" width="5" height="5" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="5" height="5" fill="${BACKGROUND}"/><rect width="3" height="5" fill="${hatch}"/></pattern>`,
    `<pattern id="p-dots" width="4" height="4" patternUnits="userSpaceOnUse"><rect width="4" height="4" fill="${BACKGROUND}"/><circle cx="2" cy="2" r="1.3" fill="${dots}"/></pattern>`,
  ].join('');
}

/** WCAG 2 relative luminance of '#rrggbb'. */
export function relativeLuminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((h) => {
    const c = Number.parseInt(h, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [l1, l2] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (l1 + 0.05) / (l2 + 0.05);
}
