/**
 * The `--svg` chart of a bench: for each scheme, a bar of IOPS and a bar of p99 latency, each
 * scaled to its own maximum; schemes whose runs drew a verdict are drawn hatched in red.
 * Hand-written SVG: deterministic, no dependency, readable in any browser.
 */
import type { BenchResult } from './bench.js';

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function benchSvg(b: BenchResult): string {
  const rowH = 26;
  const label = 200;
  const barW = 260;
  const top = 56;
  const width = label + 2 * (barW + 90) + 20;
  const height = top + b.rows.length * rowH + 30;
  const maxIops = b.rows.reduce((m, r) => Math.max(m, r.iops), 1);
  const maxP99 = b.rows.reduce((m, r) => Math.max(m, r.p99), 1);
  const parts = [
    `<text x="10" y="20" font-weight="bold">${esc(`aiosim bench ${b.workload}: ${b.params.submitters} submitters × ${b.params.ios} I/Os, ${b.params.depth} in flight each, device depth ${b.params.queueDepth}`)}</text>`,
    `<text x="${label}" y="44">IOPS (virtual)</text>`,
    `<text x="${label + barW + 90}" y="44">p99 latency (µs)</text>`,
  ];
  b.rows.forEach((r, i) => {
    const y = top + i * rowH;
    const bad = r.verdicts.length > 0;
    const fill = bad ? 'url(#bad)' : '#2b6cb0';
    parts.push(`<text x="10" y="${y + 16}">${esc(r.fs)}${bad ? ' ✗' : ''}</text>`);
    const w1 = (r.iops / maxIops) * barW;
    const w2 = (r.p99 / maxP99) * barW;
    parts.push(
      `<rect class="iops" data-fs="${esc(r.fs)}" x="${label}" y="${y + 4}" width="${w1.toFixed(1)}" height="16" fill="${fill}"><title>${esc(`${r.fs}: ${Math.round(r.iops)} IOPS${bad ? `; verdicts: ${r.verdicts.join(', ')}` : ''}`)}</title></rect>`,
    );
    parts.push(`<text x="${(label + w1 + 6).toFixed(1)}" y="${y + 16}">${Math.round(r.iops)}</text>`);
    const x2 = label + barW + 90;
    parts.push(
      `<rect class="p99" data-fs="${esc(r.fs)}" x="${x2}" y="${y + 4}" width="${w2.toFixed(1)}" height="16" fill="${bad ? 'url(#bad)' : '#b7791f'}"><title>${esc(`${r.fs}: p99 ${Math.round(r.p99)} µs`)}</title></rect>`,
    );
    parts.push(`<text x="${(x2 + w2 + 6).toFixed(1)}" y="${y + 16}">${Math.round(r.p99)}</text>`);
  });
  parts.push(`<text x="10" y="${height - 8}" fill="#666">✗ hatched: an oracle found a violation in this scheme's runs (fast but wrong)</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="monospace" font-size="12"><defs><pattern id="bad" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="3" height="6" fill="#c53030"/></pattern></defs><rect width="100%" height="100%" fill="white"/>${parts.join('')}</svg>\n`;
}
