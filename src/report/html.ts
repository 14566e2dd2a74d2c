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
import { contextNames, describeEvent } from './event-log.js';
import { CELL, INK, type Swatch, fill } from './palette.js';
import { esc } from './svg.js';
import { timelineModel } from './timeline-model.js';
import { renderTimelineSvg } from './timeline-svg.js';

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

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 24px; color: ${INK.text}; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 24px 0 8px; }
.meta, .note { color: ${INK.muted}; } code, pre { font: 12px ui-monospace, monospace; }
.verdict { border-left: 4px solid ${INK.critical}; padding: 4px 12px; margin: 12px 0; background: #fbf4f9; }
.verdict h3 { margin: 4px 0; font-size: 15px; color: ${INK.critical}; }
.verdict pre { background: #fff; padding: 8px; overflow-x: auto; }
.critical li { margin: 2px 0; } .ok { color: #1a7f37; font-weight: 600; }
svg.timeline { width: 100%; height: auto; display: block; }
svg text { font: 11px ui-monospace, monospace; fill: ${INK.text}; }
svg text.tick, svg text.holder, svg text.dio-value, svg text.isize-label { font-size: 10px; fill: ${INK.muted}; }
svg text.step-n { fill: #ffffff; font-weight: 700; }
svg a.critical:focus circle, svg a.critical:hover circle { stroke: ${INK.text}; stroke-width: 2; }
.legend svg { vertical-align: middle; margin: 0 4px 0 12px; }
#log { font: 12px ui-monospace, monospace; white-space: pre; overflow-x: auto; }
#log div:target, .critical li:target { background: #fff3c4; outline: 2px solid ${INK.critical}; }
#log a, .critical a { color: ${INK.critical}; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
.bad { color: #b3261e; font-weight: 600; } .good { color: #1a7f37; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title><style>${STYLE}</style></head><body>\n${body}\n</body></html>\n`;
}

/** One legend entry: a small swatch drawn as the timeline draws it (its patterns are the timeline's), then its words. */
function swatch(body: string, label: string): string {
  return `<svg width="22" height="14" viewBox="0 0 22 14" aria-hidden="true">${body}</svg>${esc(label)}`;
}

function legend(): string {
  const cell = (s: Swatch) =>
    swatch(
      s.pattern === 'line' ? `<rect x="0" y="6" width="22" height="2" fill="${s.colour}"/>` : `<rect x="0" y="1" width="22" height="12" fill="${fill(s)}"/>`,
      s.label,
    );
  return [
    cell(CELL.write),
    cell(CELL.read),
    cell(CELL.waiting),
    cell(CELL.runnable),
    swatch(`<polygon points="11,1 17,7 11,13 5,7" fill="${CELL.write.colour}"/>`, 'hold within one turn (diamond)'),
    swatch(`<circle cx="11" cy="7" r="6" fill="${INK.critical}"/>`, 'numbered critical step (links to the event log)'),
  ].join('');
}

/** The event log, one line per event with an anchor (#ev-<index>); a critical step's line links back to it. */
function eventLogHtml(events: readonly TraceEvent[], steps: ReadonlyMap<number, { n: number }>): string {
  const names = contextNames(events);
  const lines: string[] = [];
  events.forEach((e, i) => {
    const text = describeEvent(e, names, plain);
    if (!text) return;
    const step = steps.get(i);
    const back = step ? ` <a href="#step-${step.n}">[step ${step.n}]</a>` : '';
    lines.push(`<div id="ev-${i}">${(e.t / 1000).toFixed(3).padStart(10)}µs  ${esc(text)}${back}</div>`);
  });
  return lines.join('');
}

export function renderHtmlReport(run: HtmlRun): string {
  const names = contextNames(run.events);
  const perVerdict = run.verdicts.map((v) => (v.at >= 0 && v.at < run.events.length ? criticalSteps(run.events, v.at) : []));
  // One number per critical event across all verdicts, in trace order: the same number on the
  // timeline, in the verdict's list and in the event log.
  const steps = new Map<number, { n: number; text: string }>();
  for (const i of [...new Set(perVerdict.flat())].sort((a, b) => a - b))
    steps.set(i, { n: steps.size + 1, text: describeEvent(run.events[i]!, names, plain) ?? run.events[i]!.type });
  const verdictHtml = run.verdicts.map((v, k) => {
    const items = perVerdict[k]!.map((i) => {
      const s = steps.get(i)!;
      return `<li value="${s.n}" id="step-${s.n}" data-event="${i}"><a href="#ev-${i}"><code>${(run.events[i]!.t / 1000).toFixed(3)} µs</code></a> ${esc(s.text)}</li>`;
    });
    const splat = typeof v.details.splat === 'string' ? `<pre>${esc(v.details.splat)}</pre>` : '';
    return `<div class="verdict" data-kind="${v.kind}"><h3>${esc(v.kind)}${v.subkind ? ` (${esc(v.subkind)})` : ''}</h3><p>${esc(v.message)}</p>${splat}${items.length ? `<p>Critical steps (the numbers on the timeline):</p><ol class="critical">${items.join('')}</ol>` : ''}</div>`;
  });
  const model = timelineModel(run.events, { groupInterrupts: true });
  const body = [
    `<header><h1>${esc(run.scenario)}: ${esc(run.title)}</h1><p class="meta">scheme <b>${esc(run.fs)}</b> · strategy ${esc(run.strategy)} · ${esc(run.summary)}</p></header>`,
    `<section id="verdicts"><h2>Verdicts</h2>${verdictHtml.length ? verdictHtml.join('') : '<p class="ok">No violation: every oracle (ownership, stale data, fsck, linearizability, lockdep) is satisfied.</p>'}</section>`,
    `<section id="timeline"><h2>Timeline</h2><p class="legend">${legend()}</p><p class="note">One column per scheduling turn. Lanes: execution contexts, then each lock (its holds, labelled with the holder, over its wait queue), each i_dio_count, each file's i_size with its values. Hover for details; click a numbered step to find it in the event log.</p>${renderTimelineSvg(model, { axis: 'turn', steps, id: 'swimlane' })}`,
    `<details id="by-time"><summary>The same run in virtual time</summary><p class="note">x is virtual time; turns that take no virtual time have no width, and holds within them are diamonds.</p>${renderTimelineSvg(model, { axis: 'time', steps, id: 'swimlane-time', defs: false })}</details></section>`,
    `<section id="replay"><h2>Replay</h2><p>Schedule: <code id="schedule">${esc(run.replay)}</code></p><p><code>aiosim replay '${esc(run.replay)}'</code></p></section>`,
    `<section id="events"><details open><summary>Event log (${run.events.length} trace events)</summary><div id="log">${eventLogHtml(run.events, steps)}</div></details></section>`,
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
