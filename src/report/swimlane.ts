/**
 * The terminal swimlane: the timeline model (timeline-model.ts) drawn as one text row per
 * lane and one per lock, one character per scheduling turn (or, with `axis: 'time'`, per
 * `columnUs` µs of virtual time). A run wider than the terminal is wrapped into bands, each
 * headed by the turns (or times) it shows: the start of a run is never dropped. Rendered from
 * the trace only.
 *
 *   lanes:  █ holds a lock for write  ▓ for read  ░ waits (blocked)  · runnable / in flight
 *           ◆ took and let go of a lock (write) within the turn, ◇ (read)
 *           ▔ under a cell: that lane was the one running (on the time axis: began a turn there;
 *           CPU work takes no virtual time, so a turn runs at its start and then waits)
 *   locks:  █ write-held  ▓ read-held  ◆/◇ held within the turn only  ░ free, waiters queued
 *           a digit under a cell: how many wait
 */
import type { Chalk } from './colour.js';
import type { TraceEvent } from '../scenario/trace-event.js';
import { type CellState, type Column, type TimelineModel, timelineModel } from './timeline-model.js';

export interface SwimlaneOptions {
  readonly chalk: Chalk;
  /** Maximum columns for the lanes (terminal width minus the label): wider runs wrap into bands. */
  readonly width?: number;
  /** The terminal's width: when given, the lanes get what the labels leave of it (at most `width`). */
  readonly terminalWidth?: number;
  /** Draw all hard-irq contexts on one lane and all kworkers on another (scenario runs spawn many). */
  readonly groupInterrupts?: boolean;
  /** One column per turn (default), or per `columnUs` of virtual time. */
  readonly axis?: 'turn' | 'time';
  /** With axis 'time': µs per column (default: the run fits one band). */
  readonly columnUs?: number;
}

/** More bands than this: the first and last three are drawn, the middle named in one line. */
const MAX_BANDS = 12;

/** Strongest first: a bucket of several turns shows the strongest state any of them had. */
const RANK: Record<CellState, number> = { write: 4, read: 3, waiting: 2, runnable: 1, idle: 0 };

/** The turns each printed column stands for: one each, or those overlapping a time bucket. */
interface Bucket {
  /** Turns under way in the column. */
  readonly turns: number[];
  /** Turns that began in it: where a within-turn hold is marked (virtual time does not move within a turn). */
  readonly starting: number[];
  readonly label: number;
}

function buckets(model: TimelineModel, axis: 'turn' | 'time', columnNs: number): Bucket[] {
  const cols = model.columns;
  if (axis === 'turn') return cols.map((_, c) => ({ turns: [c], starting: [c], label: c }));
  const end = cols.length ? cols[cols.length - 1]!.t : 0;
  const out: Bucket[] = [];
  let c = 0;
  for (let b = 0; b * columnNs <= end; b++) {
    const lo = b * columnNs;
    const hi = lo + columnNs;
    const turns: number[] = [];
    // Turns that begin inside the bucket, or the one already under way at its start.
    while (c + 1 < cols.length && cols[c + 1]!.t0 < hi) {
      if (cols[c]!.t0 >= lo || cols[c + 1]!.t0 > lo) turns.push(c);
      c++;
    }
    turns.push(c);
    const under = [...new Set(turns)];
    out.push({ turns: under, starting: under.filter((t) => cols[t]!.t0 >= lo && cols[t]!.t0 < hi), label: lo });
  }
  return out;
}

export function renderSwimlane(events: readonly TraceEvent[], options: SwimlaneOptions): string {
  const { chalk } = options;
  const model = timelineModel(events, { groupInterrupts: options.groupInterrupts });
  const axis = options.axis ?? 'turn';
  const names = [...model.lanes.map((l) => l.name), ...model.lockNames];
  const labelWidth = names.reduce((m, l) => Math.max(m, l.length), 6) + 1;
  const width = Math.max(10, Math.min(options.width ?? 80, options.terminalWidth !== undefined ? options.terminalWidth - labelWidth - 1 : Infinity));
  const end = model.columns.length ? model.columns[model.columns.length - 1]!.t : 0;
  const columnNs = Math.max(1, Math.round((options.columnUs ?? niceUs(end / 1000 / width)) * 1000));
  const glyph: Record<CellState, string> = {
    idle: ' ',
    runnable: chalk.gray('·'),
    waiting: chalk.yellow('░'),
    read: chalk.green('▓'),
    write: chalk.red('█'),
  };
  const cols = model.columns;
  const all = buckets(model, axis, columnNs);
  // Within-turn holds by turn, for the lock rows and the holder's lane.
  const instant = new Map<string, 'read' | 'write'>();
  for (const h of model.holds) {
    const c = model.columnOf(h.from);
    if (c !== model.columnOf(h.to)) continue;
    for (const key of [`${h.lock}\u0000${c}`, `#${h.lane}\u0000${c}`]) if (instant.get(key) !== 'write') instant.set(key, h.mode);
  }
  const stronger = (a: 'read' | 'write' | undefined, b: 'read' | 'write' | undefined) => (a === 'write' || b === 'write' ? 'write' : (a ?? b));
  const mark = (mode: 'read' | 'write' | undefined): string | null => (mode === 'write' ? chalk.red('◆') : mode === 'read' ? chalk.green('◇') : null);
  const strongest = (turns: number[], state: (c: Column) => CellState): CellState =>
    turns.map((t) => state(cols[t]!)).reduce((a, b) => (RANK[b] > RANK[a] ? b : a), 'idle' as CellState);

  const rows: string[] = [];
  const bands = Math.ceil(all.length / width);
  // A very long run (10⁵ turns) would be thousands of bands: the first and last few are drawn,
  // and one line says which turns are left out and where to see them (never silently).
  const drawn = bands <= MAX_BANDS ? null : new Set([0, 1, 2, bands - 3, bands - 2, bands - 1]);
  for (let band = 0; band < bands; band++) {
    if (drawn && !drawn.has(band)) {
      if (band === 3) {
        const from = all[3 * width]!.label;
        const to = all[(bands - 3) * width - 1]!.label;
        rows.push(
          chalk.yellow(
            `… bands 4–${bands - 3} left out (${axis === 'turn' ? `turns ${from}–${to}` : `${fmtUs(from)}–${fmtUs(to + columnNs)}`}): --axis time --column-us <n> draws the whole run coarser, --html in full`,
          ),
        );
      }
      continue;
    }
    const shown = all.slice(band * width, (band + 1) * width);
    const first = shown[0]!;
    const last = shown[shown.length - 1]!;
    const range =
      axis === 'turn'
        ? `turns ${first.label}–${last.label} of ${all.length}`
        : `${fmtUs(first.label)}–${fmtUs(last.label + columnNs)} of ${fmtUs(end)}, ${fmtUs(columnNs)} per column`;
    if (bands > 1 || axis === 'time') rows.push(chalk.gray(`${bands > 1 ? `band ${band + 1}/${bands}: ` : ''}${range}`));
    for (const lane of model.lanes) {
      const cells = shown.map((b) => {
        const state = strongest(b.turns, (c) => c.cells.get(lane.id) ?? 'idle');
        const within = b.starting.map((t) => instant.get(`#${lane.id}\u0000${t}`)).reduce(stronger, undefined);
        return state === 'write' || state === 'read' ? glyph[state] : (mark(within) ?? glyph[state]);
      });
      rows.push(`${lane.name.padEnd(labelWidth)}${cells.join('')}`);
      rows.push(`${' '.repeat(labelWidth)}${chalk.gray(shown.map((b) => (b.starting.some((t) => cols[t]!.running === lane.id) ? '▔' : ' ')).join(''))}`);
    }
    for (const name of model.lockNames) {
      const cells = shown.map((b) => {
        const state = strongest(b.turns, (c) => {
          const l = c.locks.get(name);
          return !l ? 'idle' : l.writer ? 'write' : l.readers > 0 ? 'read' : l.waiters > 0 ? 'waiting' : 'idle';
        });
        const within = b.starting.map((t) => instant.get(`${name}\u0000${t}`)).reduce(stronger, undefined);
        return state === 'write' || state === 'read' ? glyph[state] : (mark(within) ?? glyph[state]);
      });
      const waiting = shown.map((b) => {
        const n = b.turns.reduce((m, t) => Math.max(m, cols[t]!.locks.get(name)?.waiters ?? 0), 0); // not Math.max(...): a bucket may hold 10⁵ turns
        return n === 0 ? ' ' : n > 9 ? '+' : String(n);
      });
      rows.push(`${name.padEnd(labelWidth)}${cells.join('')}`);
      if (waiting.some((w) => w !== ' ')) rows.push(`${'  waiting'.padEnd(labelWidth)}${chalk.yellow(waiting.join(''))}`);
    }
  }
  rows.push(chalk.gray(`${'legend'.padEnd(labelWidth)}█ write-held  ▓ read-held  ◆/◇ held within the turn  ░ waiting  · runnable  ▔ on CPU`));
  return rows.join('\n');
}

/** A round number of µs at least `us` (1, 2, 5 × 10ⁿ). */
function niceUs(us: number): number {
  if (us <= 1) return 1;
  const mag = 10 ** Math.floor(Math.log10(us));
  return [1, 2, 5, 10].map((k) => k * mag).find((s) => s >= us)!;
}

function fmtUs(ns: number): string {
  return `${Math.round(ns / 10) / 100} µs`;
}
