/**
 * The terminal swimlane: one row per execution context, one column per scheduling turn
 * (every context switch, and every time virtual time moves), each cell showing what that
 * context holds or waits for at that moment. Rendered from the trace only.
 *
 *   █ holds a lock for write   ▓ holds for read   ░ waits (blocked)   · runnable / in flight
 *   a cell is underlined (▔ marker row) when that context is the one running
 */
import type { Chalk } from './colour.js';
import type { TraceEventBase } from '../sim/trace.js';

interface LaneState {
  name: string;
  started: boolean;
  done: boolean;
  blocked: boolean;
  write: number;
  read: number;
}

interface LockLike extends TraceEventBase {
  op?: string;
  mode?: 'read' | 'write';
  name?: string;
  kind?: string;
}

export interface SwimlaneOptions {
  readonly chalk: Chalk;
  /** Maximum columns for the lanes (terminal width minus the label). */
  readonly width?: number;
  /** Draw all hard-irq contexts on one lane and all kworkers on another (scenario runs spawn many). */
  readonly groupInterrupts?: boolean;
}

export function renderSwimlane(events: readonly TraceEventBase[], options: SwimlaneOptions): string {
  const { chalk } = options;
  const lanes = new Map<number, LaneState>();
  const columns: Array<{ running: number; cells: Map<number, string> }> = [];
  let running = -1;
  /** Holds handed off to in-flight work: locked, but owned by no context (lane shown only if used). */
  const IN_FLIGHT = -2;
  const inFlight: LaneState = { name: '(in flight)', started: true, done: false, blocked: false, write: 0, read: 0 };

  const snapshotColumn = (): void => {
    const cells = new Map<number, string>();
    for (const [id, s] of lanes) {
      let cell = ' ';
      if (s.started && !s.done) {
        if (s.blocked) cell = chalk.yellow('░');
        else if (s.write > 0) cell = chalk.red('█');
        else if (s.read > 0) cell = chalk.green('▓');
        else cell = chalk.gray('·');
      } else if (s.done && (s.write > 0 || s.read > 0)) {
        // Exited with a lock still held (handed off, or leaked): keep showing it.
        cell = s.write > 0 ? chalk.red('█') : chalk.green('▓');
      }
      cells.set(id, cell);
    }
    columns.push({ running, cells });
  };

  /** Context id → lane id (grouped contexts share the lane of the first one of their kind). */
  const laneOf = new Map<number, number>();
  const groupLane = new Map<string, number>();
  let lastT = 0;
  for (const raw of events) {
    const e = raw as LockLike;
    // A new column when virtual time moves, so a context that holds a lock across a sleep shows it.
    if (e.t !== lastT && e.type !== 'switch') {
      snapshotColumn();
      lastT = e.t;
    }
    if (e.type === 'ctx-start') {
      const group = options.groupInterrupts && (e.kind === 'irq' || e.kind === 'worker') ? (e.kind === 'irq' ? 'hardirq (bio completions)' : 'kworkers') : null;
      const existing = group ? groupLane.get(group) : undefined;
      if (existing !== undefined) {
        laneOf.set(e.ctx, existing);
        const shared = lanes.get(existing)!;
        shared.done = false;
        shared.blocked = false;
      } else {
        laneOf.set(e.ctx, e.ctx);
        if (group) groupLane.set(group, e.ctx);
        lanes.set(e.ctx, { name: group ?? `${e.name}/${e.ctx}`, started: true, done: false, blocked: false, write: 0, read: 0 });
      }
      continue;
    }
    const laneId = laneOf.get(e.ctx) ?? e.ctx;
    const lane = lanes.get(laneId);
    switch (e.type) {
      case 'switch':
        if (columns.length > 0 || running !== -1) snapshotColumn();
        running = laneId;
        lastT = e.t;
        break;
      case 'ctx-exit':
        if (lane) lane.done = true;
        break;
      case 'block':
        if (lane) lane.blocked = true;
        break;
      case 'wake':
        if (lane) lane.blocked = false;
        break;
      case 'lock':
        if (!lane) break;
        if (e.op === 'grant') {
          lane.blocked = false; // granted by the waker; the hold is counted at its 'acquire'
        } else if (e.op === 'acquire' || e.op === 'steal' || e.op === 'handoff-enter') {
          if (e.op === 'handoff-enter') {
            if (e.mode === 'write') inFlight.write = Math.max(0, inFlight.write - 1);
            else inFlight.read = Math.max(0, inFlight.read - 1);
          }
          if (e.mode === 'write') lane.write++;
          else lane.read++;
        } else if (e.op === 'release') {
          if (e.mode === 'write') lane.write = Math.max(0, lane.write - 1);
          else if (lane.read > 0) lane.read--;
          else releaseElsewhere(lanes, 'read');
        } else if (e.op === 'handoff-exit') {
          // The hold leaves this context; it stays locked, owned by the I/O in flight.
          if (!lanes.has(IN_FLIGHT)) lanes.set(IN_FLIGHT, inFlight);
          if (e.mode === 'write') (lane.write = Math.max(0, lane.write - 1)), inFlight.write++;
          else (lane.read = Math.max(0, lane.read - 1)), inFlight.read++;
        } else if (e.op === 'downgrade') {
          lane.write = Math.max(0, lane.write - 1);
          lane.read++;
        }
        break;
    }
  }
  snapshotColumn();

  const width = Math.max(10, options.width ?? 80);
  const shown = columns.length > width ? columns.slice(columns.length - width) : columns;
  const labelWidth = Math.max(...[...lanes.values()].map((l) => l.name.length), 4) + 1;
  const rows: string[] = [];
  if (columns.length > width) rows.push(chalk.gray(`(last ${width} of ${columns.length} turns)`));
  for (const [id, lane] of lanes) {
    const cells = shown.map((c) => c.cells.get(id) ?? ' ').join('');
    const marks = shown.map((c) => (c.running === id ? '▔' : ' ')).join('');
    rows.push(`${lane.name.padEnd(labelWidth)}${cells}`);
    rows.push(`${' '.repeat(labelWidth)}${chalk.gray(marks)}`);
  }
  rows.push(chalk.gray(`${'legend'.padEnd(labelWidth)}█ write-held  ▓ read-held  ░ waiting  · running/runnable  ▔ on CPU`));
  return rows.join('\n');
}

/** A read hold released by a context other than the one that took it (non-owner / hand-off). */
function releaseElsewhere(lanes: Map<number, LaneState>, mode: 'read'): void {
  for (const lane of lanes.values()) {
    if (mode === 'read' && lane.read > 0 && lane.done) {
      lane.read--;
      return;
    }
  }
}
