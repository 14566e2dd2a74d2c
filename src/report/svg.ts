/**
 * The few SVG/HTML helpers the reports share: escaping text and attribute values, and an
 * element builder that escapes every attribute, so no renderer concatenates unescaped input
 * (scenario names, context names and lock names come from user files).
 */

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export type Attrs = Readonly<Record<string, string | number | undefined>>;

/** `<name a="…">children</name>`, or self-closing without children; undefined attributes are left out. */
export function el(name: string, attrs: Attrs, ...children: string[]): string {
  let a = '';
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) a += ` ${k}="${esc(typeof v === 'number' ? fmt(v) : v)}"`;
  return children.length ? `<${name}${a}>${children.join('')}</${name}>` : `<${name}${a}/>`;
}

/** A `<title>` child: the hover text of an SVG shape (and what a screen reader says). */
export const title = (text: string): string => `<title>${esc(text)}</title>`;

/** Coordinates with at most two decimals: short and byte-stable. */
export function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}
