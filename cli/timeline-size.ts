/**
 * How large a run's timeline picture would be, counted from the trace in one pass without
 * building it. The timeline model (src/report/timeline-model.ts) holds a cell per lane per
 * scheduling turn, about 60 bytes each, and the HTML report draws one SVG element per cell; a
 * run of 1,024 tasks has ~1,000 lanes over ~140,000 turns, which no terminal shows and no
 * heap holds. Above `TIMELINE_CELLS` the text report leaves the swimlane out and the HTML report
 * is refused, each in one line that points to what scales: --trace (Perfetto) and --json.
 */
import type { TraceEvent } from '../src/scenario/trace-event.js';

/** Lane-turn cells a timeline may have: about 120 MB of model, and an HTML report of a few hundred MB. */
export const TIMELINE_CELLS = 2_000_000;

export interface TimelineSize {
  /** Lanes as the swimlanes draw them: one per task, one for all hard-irq contexts, one for all kworkers, one for holds in flight. */
  readonly lanes: number;
  /** Columns: scheduling turns (a context switch, or virtual time moving). */
  readonly turns: number;
}

/** Counts lanes and turns the way timelineModel(events, { groupInterrupts: true }) makes them. */
export function timelineSize(events: readonly TraceEvent[]): TimelineSize {
  let lanes = 0;
  let turns = 0;
  let irq = false;
  let worker = false;
  let inFlight = false;
  let switched = false;
  let lastT = 0;
  for (const e of events) {
    if (e.t !== lastT && e.type !== 'switch') {
      turns++;
      lastT = e.t;
    }
    if (e.type === 'ctx-start') {
      if (e.kind === 'irq' ? !irq : e.kind === 'worker' ? !worker : true) lanes++;
      if (e.kind === 'irq') irq = true;
      if (e.kind === 'worker') worker = true;
    } else if (e.type === 'switch') {
      if (turns > 0 || switched) turns++;
      switched = true;
      lastT = e.t;
    } else if (e.type === 'lock' && e.op === 'handoff-exit' && !inFlight) {
      inFlight = true;
      lanes++;
    }
  }
  return { lanes, turns: turns + 1 };
}

/** Whether the timeline can be drawn; when not, why, in words that point to --trace. */
export function tooLargeToDraw(events: readonly TraceEvent[]): string | null {
  const { lanes, turns } = timelineSize(events);
  if (lanes * turns <= TIMELINE_CELLS) return null;
  const n = (x: number) => x.toLocaleString('en');
  return `its timeline, ${n(lanes)} lanes over ${n(turns)} turns, is too large to draw (the limit is ${n(TIMELINE_CELLS)} lane-turns)`;
}
