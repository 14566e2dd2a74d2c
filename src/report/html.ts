/**
 * The self-contained HTML report (`--html out.html`): one file, no scripts, no network. It
 * holds an SVG swimlane per context, each lock's state and each file's i_size over the same
 * turns, the verdicts with their critical steps (highlighted on the timeline), the schedule
 * string to replay, and the full event log. For `compare`, a table of schemes. Everything is
 * rendered from the trace.
 */
import { verdictLabel } from '../sim/verdict-label.js';
import type { TraceEvent } from '../scenario/trace-event.js';
import type { Verdict } from '../sim/verdict.js';
import { plain } from './colour.js';
import { criticalSteps } from './critical-steps.js';
import { contextNames, describeEvent, renderEventLog } from './event-log.js';
import { type CellState, timelineModel } from './timeline-model.js';

export interface HtmlRun {
  readonly scenario: string;
  readonly title: string;
  readonly fs: string;
  readonly strategy: string;
  readonly summary: string;
  readonly events: readonly TraceEvent[];
  readonly verdicts: readonly Verdict[];
  readonly replay: string;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const CELL_COLOUR: Record<CellState, string | null> = { idle: null, runnable: '#d9d9d9', waiting: '#f2c43d', read: '#3a9e4a', write: '#d43d3d' };

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: #222; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 24px 0 8px; }
.meta, .note { color: #666; } code, pre { font: 12px ui-monospace, monospace; }
.verdict { border-left: 4px solid #b03a8c; padding: 4px 12px; margin: 12px 0; background: #fbf4f9; }
.verdict h3 { margin: 4px 0; font-size: 15px; color: #8a2270; }
.verdict pre { background: #fff; padding: 8px; overflow-x: auto; }
.critical li { margin: 2px 0; } .ok { color: #2a7a36; font-weight: 600; }
svg text { font: 11px ui-monospace, monospace; fill: #333; }
.legend span { display: inline-block; width: 12px; height: 12px; margin: 0 4px 0 12px; vertical-align: middle; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
.bad { color: #b3261e; font-weight: 600; } .good { color: #2a7a36; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style></head><body>\n${body}\n</body></html>\n`;
}

function timelineSvg(run: HtmlRun, highlights: ReadonlyMap<number, string>): string {
  const model = timelineModel(run.events, { groupInterrupts: true });
  const cols = model.columns;
  const labelW = 8 * model.lanes.reduce((m, l) => Math.max(m, l.name.length), 10) + 12;
  const cw = Math.max(3, Math.min(14, Math.floor(1100 / Math.max(cols.length, 1))));
  const lh = 22;
  const lockNames = [...new Set(cols.flatMap((c) => [...c.locks.keys()]))];
  const inodes = [...new Set(cols.flatMap((c) => [...c.sizes.keys()]))];
  const sizeH = inodes.length ? 80 : 0;
  const height = (model.lanes.length + lockNames.length) * lh + sizeH + 40;
  const width = labelW + cols.length * cw + 20;
  const parts: string[] = [];
  model.lanes.forEach((lane, row) => {
    const y = row * lh;
    parts.push(`<g class="lane" data-lane="${esc(lane.name)}"><text x="4" y="${y + 15}">${esc(lane.name)}</text>`);
    cols.forEach((c, x) => {
      const state = c.cells.get(lane.id) ?? 'idle';
      const fill = CELL_COLOUR[state];
      if (fill)
        parts.push(
          `<rect x="${labelW + x * cw}" y="${y + 3}" width="${cw}" height="${lh - 8}" fill="${fill}"><title>${esc(`${lane.name}: ${state} at ${(c.t / 1000).toFixed(1)} µs`)}</title></rect>`,
        );
      if (c.running === lane.id) parts.push(`<rect x="${labelW + x * cw}" y="${y + lh - 4}" width="${cw}" height="2" fill="#333"/>`);
    });
    parts.push('</g>');
  });
  lockNames.forEach((name, i) => {
    const y = (model.lanes.length + i) * lh;
    parts.push(`<g class="lock" data-lock="${esc(name)}"><text x="4" y="${y + 15}">${esc(name)}</text>`);
    cols.forEach((c, x) => {
      const l = c.locks.get(name);
      if (!l || (!l.writer && l.readers === 0 && l.waiters === 0)) return;
      const fill = l.writer ? CELL_COLOUR.write : l.readers > 0 ? CELL_COLOUR.read : CELL_COLOUR.waiting;
      parts.push(
        `<rect x="${labelW + x * cw}" y="${y + 5}" width="${cw}" height="${lh - 12}" fill="${fill}" opacity="0.75"><title>${esc(`${name}: ${l.writer ? 'write-held' : `${l.readers} reader(s)`}, ${l.waiters} waiting`)}</title></rect>`,
      );
    });
    parts.push('</g>');
  });
  if (inodes.length) {
    const y0 = (model.lanes.length + lockNames.length) * lh + 8;
    let max = 1; // a loop, not Math.max(...): one argument per turn overflows the stack past ~120,000 turns
    for (const c of cols) for (const v of c.sizes.values()) max = Math.max(max, v);
    parts.push(`<text x="4" y="${y0 + 12}">i_size</text>`);
    inodes.forEach((ino, k) => {
      const pts = cols.map((c, x) => `${labelW + x * cw + cw / 2},${y0 + sizeH - 8 - ((c.sizes.get(ino) ?? 0) / max) * (sizeH - 16)}`).join(' ');
      parts.push(
        `<polyline class="isize" data-ino="${ino}" points="${pts}" fill="none" stroke="${['#2b6cb0', '#b7791f', '#6b46c1', '#2c7a7b'][k % 4]}" stroke-width="2"><title>i_size of ino ${ino}</title></polyline>`,
      );
    });
  }
  for (const [event, label] of highlights) {
    const x = labelW + model.columnOf(event) * cw;
    parts.push(
      `<rect class="critical" x="${x}" y="0" width="${cw}" height="${height - 40}" fill="none" stroke="#b03a8c" stroke-width="2"><title>${esc(label)}</title></rect>`,
    );
  }
  return `<svg id="swimlane" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg>`;
}

export function renderHtmlReport(run: HtmlRun): string {
  const names = contextNames(run.events);
  const highlights = new Map<number, string>();
  const verdictHtml = run.verdicts.map((v) => {
    const steps = v.at >= 0 && v.at < run.events.length ? criticalSteps(run.events, v.at) : [];
    const items = steps.map((i) => {
      const text = describeEvent(run.events[i]!, names, plain) ?? run.events[i]!.type;
      highlights.set(i, text);
      return `<li data-event="${i}"><code>${(run.events[i]!.t / 1000).toFixed(3)} µs</code> ${esc(text)}</li>`;
    });
    const splat = typeof v.details.splat === 'string' ? `<pre>${esc(v.details.splat)}</pre>` : '';
    return `<div class="verdict" data-kind="${v.kind}"><h3>${esc(v.kind)}${v.subkind ? ` (${esc(v.subkind)})` : ''}</h3><p>${esc(v.message)}</p>${splat}${items.length ? `<p>Critical steps:</p><ol class="critical">${items.join('')}</ol>` : ''}</div>`;
  });
  const body = [
    `<header><h1>${esc(run.scenario)}: ${esc(run.title)}</h1><p class="meta">scheme <b>${esc(run.fs)}</b> · strategy ${esc(run.strategy)} · ${esc(run.summary)}</p></header>`,
    `<section id="verdicts"><h2>Verdicts</h2>${verdictHtml.length ? verdictHtml.join('') : '<p class="ok">No violation: every oracle (ownership, stale data, fsck, linearizability, lockdep) is satisfied.</p>'}</section>`,
    `<section id="timeline"><h2>Timeline</h2><p class="legend"><span style="background:${CELL_COLOUR.write}"></span>write-held<span style="background:${CELL_COLOUR.read}"></span>read-held<span style="background:${CELL_COLOUR.waiting}"></span>waiting<span style="background:${CELL_COLOUR.runnable}"></span>runnable / in flight<span style="border:2px solid #b03a8c"></span>critical step</p><p class="note">One column per scheduling turn; lanes are execution contexts, then locks, then i_size. Hover for details.</p>${timelineSvg(run, highlights)}</section>`,
    `<section id="replay"><h2>Replay</h2><p>Schedule: <code id="schedule">${esc(run.replay)}</code></p><p><code>aiosim replay '${esc(run.replay)}'</code></p></section>`,
    `<section id="events"><details><summary>Event log (${run.events.length} trace events)</summary><pre>${esc(renderEventLog(run.events, plain))}</pre></details></section>`,
  ];
  return page(`aiosim: ${run.scenario} under ${run.fs}`, body.join('\n'));
}

export interface CompareRow {
  readonly fs: string;
  readonly kind: string;
  readonly executions: number;
  readonly violations: readonly Verdict[];
  readonly schedule: string | null;
}

export function renderHtmlCompare(scenario: string, title: string, budget: number, rows: readonly CompareRow[]): string {
  const tr = rows.map((r) => {
    const kinds = [...new Set(r.violations.map(verdictLabel))];
    return `<tr data-fs="${esc(r.fs)}"><td><b>${esc(r.fs)}</b></td><td>${esc(r.kind)}</td><td class="${kinds.length ? 'bad' : 'good'}">${kinds.length ? esc(kinds.join(', ')) : 'none'}</td><td>${r.executions}</td><td>${r.violations[0] ? esc(r.violations[0].message) : ''}</td><td>${r.schedule ? `<code>${esc(r.schedule)}</code>` : '—'}</td></tr>`;
  });
  const body = `<header><h1>${esc(scenario)}: ${esc(title)}</h1><p class="meta">every scheme, ${budget} executions each</p></header>
<table id="compare"><thead><tr><th>scheme</th><th>kind</th><th>verdicts</th><th>executions</th><th>first verdict</th><th>replay schedule</th></tr></thead><tbody>${tr.join('')}</tbody></table>`;
  return page(`aiosim compare: ${scenario}`, body);
}
