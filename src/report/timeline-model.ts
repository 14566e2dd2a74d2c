/**
 * The timeline model both swimlanes draw (terminal and SVG), computed from the trace only:
 * lanes (contexts; hard-irq contexts and kworkers optionally grouped), and columns — one per
 * scheduling turn (a context switch, or virtual time moving) — holding each lane's state, each
 * lock's state and each inode's i_size at that moment.
 */
import type { TraceEvent } from '../scenario/trace-event.js';
import { unreachable } from '../sim/errors.js';

export type CellState = 'idle' | 'runnable' | 'waiting' | 'read' | 'write';

export interface Lane {
  readonly id: number;
  readonly name: string;
  readonly kind: string;
}

export interface LockState {
  readonly writer: boolean;
  readonly readers: number;
  readonly waiters: number;
}

export interface Column {
  /** Lane that ran in this turn (-1 before the first). */
  readonly running: number;
  readonly cells: ReadonlyMap<number, CellState>;
  readonly locks: ReadonlyMap<string, LockState>;
  readonly sizes: ReadonlyMap<number, number>;
  /** Index of the first trace event of the turn, and its virtual time (ns). */
  readonly event: number;
  readonly t: number;
}

export interface TimelineModel {
  readonly lanes: readonly Lane[];
  readonly columns: readonly Column[];
  /** Trace event index → column index (to place markers). */
  readonly columnOf: (eventIndex: number) => number;
}

interface LaneState {
  started: boolean;
  done: boolean;
  blocked: boolean;
  write: number;
  read: number;
}

export function timelineModel(events: readonly TraceEvent[], options: { groupInterrupts?: boolean } = {}): TimelineModel {
  const lanes: Lane[] = [];
  const state = new Map<number, LaneState>();
  const laneOf = new Map<number, number>();
  const groupLane = new Map<string, number>();
  const locks = new Map<string, { writer: boolean; readers: number; waiting: Set<number> }>();
  const sizes = new Map<number, number>();
  const columns: Column[] = [];
  const columnStart: number[] = [];
  const IN_FLIGHT = -2;
  let running = -1;
  let lastT = 0;

  const laneState = (id: number): LaneState => {
    let s = state.get(id);
    if (!s) state.set(id, (s = { started: true, done: false, blocked: false, write: 0, read: 0 }));
    return s;
  };
  const lockState = (name: string) => {
    let l = locks.get(name);
    if (!l) locks.set(name, (l = { writer: false, readers: 0, waiting: new Set<number>() }));
    return l;
  };
  const snapshot = (eventIndex: number, t: number): void => {
    const cells = new Map<number, CellState>();
    for (const lane of lanes) {
      const s = state.get(lane.id)!;
      let cell: CellState = 'idle';
      const holding = s.write > 0 ? 'write' : s.read > 0 ? 'read' : null;
      if (s.started && !s.done) cell = s.blocked ? 'waiting' : (holding ?? 'runnable');
      else if (s.done && holding) cell = holding; // exited still holding (handed off, or leaked)
      cells.set(lane.id, cell);
    }
    columns.push({
      running,
      cells,
      locks: new Map([...locks].map(([k, v]) => [k, { writer: v.writer, readers: v.readers, waiters: v.waiting.size }])),
      sizes: new Map(sizes),
      event: eventIndex,
      t,
    });
    columnStart.push(eventIndex);
  };

  events.forEach((e, i) => {
    if (e.t !== lastT && e.type !== 'switch') {
      snapshot(i, lastT);
      lastT = e.t;
    }
    if (e.type === 'ctx-start') {
      const group = options.groupInterrupts && (e.kind === 'irq' || e.kind === 'worker') ? (e.kind === 'irq' ? 'hardirq (bio completions)' : 'kworkers') : null;
      const existing = group ? groupLane.get(group) : undefined;
      if (existing !== undefined) {
        laneOf.set(e.ctx, existing);
        const shared = laneState(existing);
        shared.done = false;
        shared.blocked = false;
      } else {
        laneOf.set(e.ctx, e.ctx);
        if (group) groupLane.set(group, e.ctx);
        lanes.push({ id: e.ctx, name: group ?? `${e.name}/${e.ctx}`, kind: e.kind });
        laneState(e.ctx);
      }
      return;
    }
    const laneId = laneOf.get(e.ctx) ?? e.ctx;
    const lane = state.get(laneId);
    switch (e.type) {
      case 'switch':
        if (columns.length > 0 || running !== -1) snapshot(i, e.t);
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
      case 'i_size':
        sizes.set(e.ino, e.size);
        break;
      case 'lock': {
        const l = lockState(e.lock);
        const write = e.mode === 'write';
        const op = e.op;
        switch (op) {
          case 'contend':
            l.waiting.add(e.ctx);
            break;
          case 'grant':
            l.waiting.delete(e.ctx);
            if (lane) lane.blocked = false;
            break;
          case 'acquire':
          case 'steal':
            l.waiting.delete(e.ctx);
            if (write) l.writer = true;
            else l.readers++;
            if (lane) write ? lane.write++ : lane.read++;
            break;
          case 'release':
            if (write) l.writer = false;
            else l.readers = Math.max(0, l.readers - 1);
            if (lane) {
              if (write) lane.write = Math.max(0, lane.write - 1);
              else if (lane.read > 0) lane.read--;
              else {
                const inFlight = state.get(IN_FLIGHT);
                if (inFlight && inFlight.read > 0) inFlight.read--;
              }
            }
            break;
          case 'downgrade':
            l.writer = false;
            l.readers++;
            if (lane) {
              lane.write = Math.max(0, lane.write - 1);
              lane.read++;
            }
            break;
          case 'handoff-exit': {
            if (!state.has(IN_FLIGHT)) {
              lanes.push({ id: IN_FLIGHT, name: '(in flight)', kind: 'hold' });
              laneState(IN_FLIGHT);
            }
            const inFlight = state.get(IN_FLIGHT)!;
            if (lane) write ? (lane.write = Math.max(0, lane.write - 1)) : (lane.read = Math.max(0, lane.read - 1));
            write ? inFlight.write++ : inFlight.read++;
            break;
          }
          case 'handoff-enter': {
            const inFlight = state.get(IN_FLIGHT);
            if (inFlight) write ? (inFlight.write = Math.max(0, inFlight.write - 1)) : (inFlight.read = Math.max(0, inFlight.read - 1));
            if (lane) write ? lane.write++ : lane.read++;
            break;
          }
          case 'abandon':
            if (lane) lane.write = Math.max(0, lane.write - 1);
            break;
          case 'trylock-fail':
          case 'handoff-bit':
            break;
          default:
            unreachable(op, 'lock op');
        }
        break;
      }
      // Drawn by other views (the event log, Perfetto); they change no lane, lock or size.
      case 'syscall-enter':
      case 'syscall-exit':
      case 'verdict':
      case 'dio-count':
      case 'alloc':
      case 'bio':
      case 'ki_complete':
      case 'freeze':
        break;
      default:
        unreachable(e, 'trace event');
    }
  });
  snapshot(events.length, lastT);
  const columnOf = (eventIndex: number): number => {
    let lo = 0;
    for (let c = 0; c < columnStart.length; c++) if (columnStart[c]! <= eventIndex) lo = c;
    return Math.min(lo + 1, columns.length - 1);
  };
  return { lanes, columns, columnOf };
}
