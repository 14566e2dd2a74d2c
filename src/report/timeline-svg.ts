/**
 * The timeline model (timeline-model.ts) drawn as an SVG: one lane per context, then per lock
 * a lane of holds (every hold, a diamond for one that begins and ends within a turn) over a
 * strip of its wait queue, one lane per i_dio_count, and one per inode's i_size with its values
 * written at each change. Numbered circles on top mark the critical steps, each a link to its
 * line in the event log (`#ev-<index>`). The x axis is the scheduling turn, or virtual time
 * (`axis: 'time'`). The picture has a viewBox and no fixed size, so it scales to the window.
 */
import { CELL, INK, SIZE_LINES, fill, patternDefs } from './palette.js';
import { el, esc, fmt, title } from './svg.js';
import type { Column, Hold, TimelineModel } from './timeline-model.js';

export type TimelineAxis = 'turn' | 'time';

export interface TimelineSvgOptions {
  readonly axis: TimelineAxis;
  /** Critical steps: trace event index → its number and what it says. */
  readonly steps: ReadonlyMap<number, { readonly n: number; readonly text: string }>;
  /** id of the <svg> element. */
  readonly id: string;
  /** Whether to define the fill patterns (false for a second picture in the same page: ids are per page). */
  readonly defs?: boolean;
}

const LANE_H = 22;
const LOCK_H = 46;
const DIO_H = 24;
const SIZE_H = 44;
const AXIS_H = 34;
const PLOT_W = 1100;
const CHAR_W = 7;
/** Widest turn column: wide enough to write an i_size value in, narrow enough that a short run is not a poster. */
const MAX_TURN_W = 44;
/** Width of a character of the 10px labels. */
const SMALL_W = 6.2;

/**
 * Places labels of one row left to right, leaving out one that would overlap the last placed
 * at the same height (the hover title of the shape still says it).
 */
function labelRow(): (x: number, y: number | readonly number[], text: string, attrs: Record<string, string | number>) => string {
  const ends = new Map<number, number>();
  return (x, ys, text, attrs) => {
    for (const y of typeof ys === 'number' ? [ys] : ys) {
      const key = Math.round(y / 6);
      if (x < (ends.get(key) ?? Number.NEGATIVE_INFINITY) + 3) continue;
      ends.set(key, x + text.length * SMALL_W);
      return el('text', { ...attrs, x, y }, text);
    }
    return '';
  };
}

/** A hold narrower than this is drawn as a diamond: it would not be seen as a bar. */
const INSTANT = 5;

const us = (ns: number): string => `${fmt(ns / 1000)} µs`;

/** The virtual time the time axis spans: the run, and a margin so the last turn has a width. */
function timeSpan(cols: readonly Column[]): number {
  const end = cols.length ? cols[cols.length - 1]!.t : 0;
  return Math.max(end * 1.04, end + 1000, 1);
}

/** Where each column starts and how wide it is, for either axis. */
function geometry(cols: readonly Column[], axis: TimelineAxis, left: number): { x: number[]; w: number[]; width: number } {
  const x: number[] = [];
  const w: number[] = [];
  if (axis === 'turn') {
    const cw = Math.max(3, Math.min(MAX_TURN_W, Math.floor(PLOT_W / Math.max(cols.length, 1))));
    cols.forEach((_, c) => {
      x.push(left + c * cw);
      w.push(cw);
    });
    return { x, w, width: cols.length * cw };
  }
  // Virtual time: a column spans from its time to the next column's; the last one gets a margin.
  const span = timeSpan(cols);
  const scale = PLOT_W / span;
  cols.forEach((c, i) => {
    const next = i + 1 < cols.length ? cols[i + 1]!.t0 : span;
    x.push(left + c.t0 * scale);
    w.push((next - c.t0) * scale);
  });
  return { x, w, width: PLOT_W };
}

/** Axis ticks: every so many turns, or round microseconds. */
function axisTicks(cols: readonly Column[], axis: TimelineAxis, g: { x: number[]; width: number }, left: number, y: number): string {
  const out: string[] = [];
  if (axis === 'turn') {
    const every = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000].find((k) => (g.width / cols.length) * k >= 40) ?? 10_000;
    for (let c = 0; c < cols.length; c += every)
      out.push(
        el('line', { x1: g.x[c]!, x2: g.x[c]!, y1: y, y2: y + 5, stroke: INK.muted }),
        el('text', { x: g.x[c]! + 2, y: y + 14, class: 'tick' }, String(c)),
      );
    out.push(el('text', { x: 4, y: y + 14, class: 'tick' }, 'turn'));
  } else {
    const span = timeSpan(cols);
    const raw = span / 8;
    const mag = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 5, 10].map((k) => k * mag).find((s) => s >= raw)!;
    for (let t = 0; t <= span; t += step) {
      const x = left + (t / span) * g.width;
      out.push(el('line', { x1: x, x2: x, y1: y, y2: y + 5, stroke: INK.muted }), el('text', { x: x + 2, y: y + 14, class: 'tick' }, us(t)));
    }
    out.push(el('text', { x: 4, y: y + 14, class: 'tick' }, 'virtual time'));
  }
  return el('g', { class: 'axis', 'data-axis': axis }, out.join(''));
}

export function renderTimelineSvg(model: TimelineModel, options: TimelineSvgOptions): string {
  const cols = model.columns;
  const labels = [...model.lanes.map((l) => l.name), ...model.lockNames, ...model.dioNames, ...model.inodes.map((i) => `i_size (ino ${i})`)];
  const left = CHAR_W * labels.reduce((m, l) => Math.max(m, l.length), 10) + 12;
  const g = geometry(cols, options.axis, left);
  const colX = (c: number) => g.x[c]!;
  const colW = (c: number) => g.w[c]!;
  // Where a moment of turn c is drawn: the middle of its column, or on the time axis the turn's
  // start (virtual time does not move within a turn: a change of time starts a new one).
  const at = (c: number) => (options.axis === 'time' ? colX(c) : colX(c) + colW(c) / 2);
  const parts: string[] = options.defs === false ? [] : [`<defs>${patternDefs()}</defs>`];
  let y = AXIS_H;
  const laneY = new Map<number, number>();

  // Where a hold starts and ends on the x axis: from its first column's left to its last's right.
  // A hold within one turn (or, on the time axis, too short to see) is a diamond, not a bar.
  const span = (h: Hold): { x: number; w: number; instant: boolean; mid: number } => {
    const a = model.columnOf(h.from);
    const b = model.columnOf(h.to);
    const x = colX(a);
    const w = colX(b) + colW(b) - x;
    return { x, w, instant: a === b || w < INSTANT, mid: a === b ? at(a) : x + w / 2 };
  };
  const holdTitle = (h: Hold): string => `${model.laneName(h.lane)} holds ${h.lock} (${h.mode}), trace events ${h.from} to ${h.to}`;
  const diamond = (cx: number, cy: number, r: number, h: Hold, cls: string): string =>
    el(
      'polygon',
      {
        class: `hold instant ${cls}`,
        'data-lock': h.lock,
        'data-holder': model.laneName(h.lane),
        'data-mode': h.mode,
        points: `${fmt(cx)},${fmt(cy - r)} ${fmt(cx + r)},${fmt(cy)} ${fmt(cx)},${fmt(cy + r)} ${fmt(cx - r)},${fmt(cy)}`,
        fill: h.mode === 'write' ? CELL.write.colour : '#ffffff',
        stroke: h.mode === 'write' ? CELL.write.colour : CELL.read.colour,
        'stroke-width': 2,
      },
      title(`${holdTitle(h)}: begins and ends within one turn`),
    );

  // Context lanes: state per turn, the running context underlined, and a strip per hold naming its lock.
  for (const lane of model.lanes) {
    laneY.set(lane.id, y);
    const cells: string[] = [el('text', { x: 4, y: y + 15 }, lane.name)];
    cols.forEach((c, i) => {
      const state = c.cells.get(lane.id) ?? 'idle';
      if (state !== 'idle' && colW(i) > 0) {
        const s = CELL[state];
        const line = s.pattern === 'line';
        cells.push(
          el(
            'rect',
            { class: `cell ${state}`, x: colX(i), y: line ? y + 10 : y + 4, width: colW(i), height: line ? 2 : LANE_H - 10, fill: fill(s) },
            title(`${lane.name}: ${state} in turn ${i} (from ${us(c.t0)})`),
          ),
        );
      }
      if (c.running === lane.id && colW(i) > 0) cells.push(el('rect', { x: colX(i), y: y + LANE_H - 4, width: colW(i), height: 2, fill: INK.text }));
    });
    for (const h of model.holds) {
      if (h.lane !== lane.id) continue;
      const { x, w, instant, mid } = span(h);
      if (instant) cells.push(diamond(mid, y + LANE_H / 2 - 1, 5, h, 'in-lane'));
      else
        cells.push(
          el(
            'rect',
            {
              class: 'hold in-lane',
              'data-lock': h.lock,
              'data-holder': lane.name,
              'data-mode': h.mode,
              x,
              y: y + 1,
              width: w,
              height: 2,
              fill: fill(CELL[h.mode]),
            },
            title(holdTitle(h)),
          ),
        );
    }
    parts.push(el('g', { class: 'lane', 'data-lane': lane.name }, cells.join('')));
    y += LANE_H;
  }

  // Lock lanes: each hold as a bar (a diamond within a turn) labelled with its holder; the queue below.
  for (const name of model.lockNames) {
    const out: string[] = [el('text', { x: 4, y: y + 22 }, name)];
    const label = labelRow();
    for (const h of model.holds) {
      if (h.lock !== name) continue;
      const { x, w, instant, mid } = span(h);
      const holder = model.laneName(h.lane);
      if (instant) {
        out.push(diamond(mid, y + 19, 6, h, 'in-lock'));
        out.push(label(mid - 6, [y + 9, y + 36], `${holder} (${h.mode})`, { class: 'holder' }));
      } else {
        out.push(
          el(
            'rect',
            {
              class: 'hold in-lock',
              'data-lock': name,
              'data-holder': holder,
              'data-mode': h.mode,
              x,
              y: y + 13,
              width: w,
              height: 12,
              fill: fill(CELL[h.mode]),
            },
            title(holdTitle(h)),
          ),
        );
        out.push(label(x + 2, [y + 9, y + 36], `${holder} (${h.mode})`, { class: 'holder' }));
      }
    }
    cols.forEach((c, i) => {
      const l = c.locks.get(name);
      if (!l || l.queue.length === 0 || colW(i) <= 0) return;
      out.push(
        el(
          'rect',
          { class: 'queue', 'data-queue': l.queue.join(' '), x: colX(i), y: y + 39, width: colW(i), height: 6, fill: fill(CELL.waiting) },
          title(`${name} in turn ${i}: held by ${l.holders.join(', ') || 'nobody'}; queue: ${l.queue.join(' → ')}`),
        ),
      );
    });
    parts.push(el('g', { class: 'lock', 'data-lock': name }, out.join('')));
    y += LOCK_H;
  }

  // i_dio_count lanes: a bar while the count is above 0, its value written at each change.
  for (const name of model.dioNames) {
    const out: string[] = [el('text', { x: 4, y: y + 17 }, name)];
    const label = labelRow();
    let last = 0;
    cols.forEach((c, i) => {
      const n = c.dio.get(name) ?? 0;
      if (n > 0 && colW(i) > 0) out.push(el('rect', { x: colX(i), y: y + 12, width: colW(i), height: 8, fill: INK.dio }, title(`${name} = ${n} in turn ${i}`)));
      if (n !== last) out.push(label(colX(i) + 1, y + 10, String(n), { class: 'dio-value' }));
      last = n;
    });
    parts.push(el('g', { class: 'dio', 'data-dio': name }, out.join('')));
    y += DIO_H;
  }

  // i_size: a step line per inode, each value written where it changes.
  let max = 1; // a loop, not Math.max(...): one argument per turn overflows the stack past ~120,000 turns
  for (const c of cols) for (const v of c.sizes.values()) max = Math.max(max, v);
  model.inodes.forEach((ino, k) => {
    const style = SIZE_LINES[k % SIZE_LINES.length]!;
    const top = y + 12;
    const h = SIZE_H - 16;
    const yOf = (v: number) => top + h - (v / max) * h;
    const pts: string[] = [];
    const out: string[] = [el('text', { x: 4, y: y + 24 }, `i_size (ino ${ino})`)];
    const label = labelRow();
    let last: number | undefined;
    cols.forEach((c, i) => {
      const v = c.sizes.get(ino);
      if (v === undefined) return;
      pts.push(`${fmt(colX(i))},${fmt(yOf(v))}`, `${fmt(colX(i) + colW(i))},${fmt(yOf(v))}`);
      if (v !== last) out.push(label(colX(i) + 2, Math.max(y + 9, yOf(v) - 3), String(v), { class: 'isize-label', 'data-ino': ino }));
      last = v;
    });
    out.push(
      el(
        'polyline',
        { class: 'isize', 'data-ino': ino, points: pts.join(' '), fill: 'none', stroke: style.colour, 'stroke-width': 2, 'stroke-dasharray': style.dash },
        title(`i_size of ino ${ino}`),
      ),
    );
    parts.push(el('g', { class: 'size', 'data-ino': ino }, out.join('')));
    y += SIZE_H;
  });

  // Critical steps: numbers in a pill on top of their turn (several steps of one turn share
  // it), a dashed line down through the lanes; each number links to its event-log line.
  const bottom = y;
  const byX = new Map<number, [number, { n: number; text: string }][]>();
  for (const [event, step] of options.steps) {
    const c = model.columnOf(event);
    const cx = Math.round(at(c));
    byX.set(cx, [...(byX.get(cx) ?? []), [event, step]]);
  }
  for (const [cx, group] of byX) {
    const pill = group.length * 16 + 4;
    const x0 = cx - pill / 2;
    parts.push(
      el('line', { class: 'critical-line', x1: cx, x2: cx, y1: 22, y2: bottom, stroke: INK.critical, 'stroke-width': 1.5, 'stroke-dasharray': '3 3' }),
      el('rect', { x: x0, y: 2, width: pill, height: 18, rx: 9, fill: INK.critical }),
      ...group.map(([event, step], k) =>
        el(
          'a',
          { href: `#ev-${event}`, class: 'critical', 'data-step': step.n, 'data-event': event },
          el('text', { x: x0 + 10 + k * 16, y: 15, 'text-anchor': 'middle', class: 'step-n' }, String(step.n)),
          title(`${step.n}. ${step.text}`),
        ),
      ),
    );
  }
  parts.unshift(axisTicks(cols, options.axis, g, left, bottom + 4));
  const width = left + g.width + 24;
  const height = bottom + 24;
  return `<svg id="${esc(options.id)}" class="timeline" data-axis="${options.axis}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${fmt(width)} ${height}" preserveAspectRatio="xMinYMin meet" role="img" aria-label="${esc(`timeline by ${options.axis}`)}">${parts.join('')}</svg>`;
}
