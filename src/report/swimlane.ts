/**
 * The terminal swimlane: the timeline model (timeline-model.ts) drawn as one text row per
 * lane, one character per scheduling turn. Rendered from the trace only.
 *
 *   █ holds a lock for write   ▓ holds for read   ░ waits (blocked)   · runnable / in flight
 *   ▔ under a cell: that lane was the one running in that turn
 */
import type { Chalk } from './colour.js';
import type { TraceEvent } from '../scenario/trace-event.js';
import { type CellState, timelineModel } from './timeline-model.js';

export interface SwimlaneOptions {
  readonly chalk: Chalk;
  /** Maximum columns for the lanes (terminal width minus the label). */
  readonly width?: number;
  /** Draw all hard-irq contexts on one lane and all kworkers on another (scenario runs spawn many). */
  readonly groupInterrupts?: boolean;
}

export function renderSwimlane(events: readonly TraceEvent[], options: SwimlaneOptions): string {
  const { chalk } = options;
  const model = timelineModel(events, { groupInterrupts: options.groupInterrupts });
  const glyph: Record<CellState, string> = {
    idle: ' ',
    runnable: chalk.gray('·'),
    waiting: chalk.yellow('░'),
    read: chalk.green('▓'),
    write: chalk.red('█'),
  };
  const width = Math.max(10, options.width ?? 80);
  const all = model.columns;
  const shown = all.length > width ? all.slice(all.length - width) : all;
  const labelWidth = model.lanes.reduce((m, l) => Math.max(m, l.name.length), 4) + 1;
  const rows: string[] = [];
  if (all.length > width) rows.push(chalk.gray(`(last ${width} of ${all.length} turns)`));
  for (const lane of model.lanes) {
    rows.push(`${lane.name.padEnd(labelWidth)}${shown.map((c) => glyph[c.cells.get(lane.id) ?? 'idle']).join('')}`);
    rows.push(`${' '.repeat(labelWidth)}${chalk.gray(shown.map((c) => (c.running === lane.id ? '▔' : ' ')).join(''))}`);
  }
  rows.push(chalk.gray(`${'legend'.padEnd(labelWidth)}█ write-held  ▓ read-held  ░ waiting  · running/runnable  ▔ on CPU`));
  return rows.join('\n');
}
