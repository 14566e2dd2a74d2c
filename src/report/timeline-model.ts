/**
 * The timeline model both swimlanes draw (terminal and SVG), computed from the trace only:
 * lanes (contexts; hard-irq contexts and kworkers optionally grouped), and columns — one per
 * scheduling turn (a context switch, or virtual time moving) — holding each lane's state, each
 * lock's state (holders and wait queue), each i_dio_count and each inode's i_size at the end of
 * that turn. Beside the columns, `holds` lists every lock hold as an interval of trace events,
 * so a hold that begins and ends inside one turn (truncate's down_write ... up_write, run
 * without a switch) is still drawn: a column snapshot alone never sees it.
 *
 * Simplification: a hold starts at the holder's own `acquire` (or `steal`, `handoff-enter`),
 * not at the waker's `grant` (a reader granted by rwsem_mark_wake owns the lock a little
 * earlier, from the waker's step); the lock lane shows the granted waiter as queued until then.
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
  /** Lane names of the holders (write holder, or readers) in the order they took it. */
  readonly holders: readonly string[];
  /** Context names of the waiters, in the order they queued. */
  readonly queue: readonly string[];
}

/** One lock hold: from the event that took it to the one that let it go (events.length: held at the end). */
export interface Hold {
  readonly lock: string;
  /** The lane that held it (the "(in flight)" lane while a handed-off hold rides an I/O). */
  readonly lane: number;
  readonly mode: 'read' | 'write';
  readonly from: number;
  readonly to: number;
}

export interface Column {
  /** Lane that ran in this turn (-1 before the first). */
  readonly running: number;
  readonly cells: ReadonlyMap<number, CellState>;
  readonly locks: ReadonlyMap<string, LockState>;
  readonly sizes: ReadonlyMap<number, number>;
  /** i_dio_count (by its name, "i_dio_count (ino 12)") at the end of the turn. */
  readonly dio: ReadonlyMap<string, number>;
  /** Index of the first trace event of the next turn, and the virtual time (ns) then. */
  readonly event: number;
  readonly t: number;
  /** Virtual time (ns) when this turn began: the time axis draws the turn from t0 to the next turn's t0. */
  readonly t0: number;
}

export interface TimelineModel {
  readonly lanes: readonly Lane[];
  readonly columns: readonly Column[];
  /** Trace event index → column index (to place markers). */
  readonly columnOf: (eventIndex: number) => number;
  /** Every lock hold, in the order they began, including those within one turn. */
  readonly holds: readonly Hold[];
  /** Names in order of first appearance: locks, i_dio_counts, inodes with an i_size. */
  readonly lockNames: readonly string[];
  readonly dioNames: readonly string[];
  readonly inodes: readonly number[];
  /** Lane id → name, for titles. */
  readonly laneName: (id: number) => string;
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
  /** Context id → "name/id" (the wait queue names contexts, not grouped lanes). */
  const ctxName = new Map<number, string>();
  const groupLane = new Map<string, number>();
  const locks = new Map<string, { writer: boolean; readers: number; waiting: Set<number> }>();
  const sizes = new Map<number, number>();
  const dio = new Map<string, number>();
  const holds: { lock: string; lane: number; mode: 'read' | 'write'; from: number; to: number }[] = [];
  /** Open holds by lock, oldest first: indexes into `holds`. */
  const open = new Map<string, number[]>();
  const names = new Map<number, string>();
  const columns: Column[] = [];
  const columnStart: number[] = [];
  const IN_FLIGHT = -2;
  let running = -1;
  let lastT = 0;
  let turnBegan = 0;

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
  const openHold = (lock: string, lane: number, mode: 'read' | 'write', at: number): void => {
    let list = open.get(lock);
    if (!list) open.set(lock, (list = []));
    list.push(holds.push({ lock, lane, mode, from: at, to: events.length }) - 1);
  };
  /** Closes the oldest open hold of `lock` in `mode` by `lane`, else (a non-owner release) any in that mode. */
  const closeHold = (lock: string, lane: number, mode: 'read' | 'write', at: number): void => {
    const list = open.get(lock);
    if (!list) return;
    let k = list.findIndex((h) => holds[h]!.lane === lane && holds[h]!.mode === mode);
    if (k < 0) k = list.findIndex((h) => holds[h]!.mode === mode);
    if (k < 0) return;
    holds[list[k]!]!.to = at;
    list.splice(k, 1);
  };
  const holdersOf = (lock: string): string[] => (open.get(lock) ?? []).map((h) => `${names.get(holds[h]!.lane) ?? holds[h]!.lane} (${holds[h]!.mode})`);
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
      locks: new Map(
        [...locks].map(([k, v]) => [
          k,
          { writer: v.writer, readers: v.readers, waiters: v.waiting.size, holders: holdersOf(k), queue: [...v.waiting].map((c) => ctxName.get(c) ?? `${c}`) },
        ]),
      ),
      sizes: new Map(sizes),
      dio: new Map(dio),
      event: eventIndex,
      t,
      t0: turnBegan,
    });
    turnBegan = eventIndex < events.length ? events[eventIndex]!.t : t;
    columnStart.push(eventIndex);
  };

  events.forEach((e, i) => {
    if (e.t !== lastT && e.type !== 'switch') {
      snapshot(i, lastT);
      lastT = e.t;
    }
    if (e.type === 'ctx-start') {
      ctxName.set(e.ctx, `${e.name}/${e.ctx}`);
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
        names.set(e.ctx, group ?? `${e.name}/${e.ctx}`);
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
            openHold(e.lock, laneId, e.mode, i);
            break;
          case 'release':
            closeHold(e.lock, laneId, e.mode, i);
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
            closeHold(e.lock, laneId, 'write', i);
            openHold(e.lock, laneId, 'read', i);
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
              names.set(IN_FLIGHT, '(in flight)');
              laneState(IN_FLIGHT);
            }
            const inFlight = state.get(IN_FLIGHT)!;
            if (lane) write ? (lane.write = Math.max(0, lane.write - 1)) : (lane.read = Math.max(0, lane.read - 1));
            write ? inFlight.write++ : inFlight.read++;
            closeHold(e.lock, laneId, e.mode, i);
            openHold(e.lock, IN_FLIGHT, e.mode, i);
            break;
          }
          case 'handoff-enter': {
            const inFlight = state.get(IN_FLIGHT);
            if (inFlight) write ? (inFlight.write = Math.max(0, inFlight.write - 1)) : (inFlight.read = Math.max(0, inFlight.read - 1));
            if (lane) write ? lane.write++ : lane.read++;
            closeHold(e.lock, IN_FLIGHT, e.mode, i);
            openHold(e.lock, laneId, e.mode, i);
            break;
          }
          case 'abandon':
            if (lane) lane.write = Math.max(0, lane.write - 1);
            closeHold(e.lock, laneId, 'write', i);
            break;
          case 'trylock-fail':
          case 'handoff-bit':
            break;
          default:
            unreachable(op, 'lock op');
        }
        break;
      }
      case 'dio-count':
        dio.set(e.name, e.count);
        break;
      // Drawn by other views (the event log, Perfetto); they change no lane, lock or size.
      case 'syscall-enter':
      case 'syscall-exit':
      case 'i_size-read':
      case 'verdict':
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
  // The turn an event belongs to is the first snapshot taken after it: one past the last column
  // taken at or before it, or column 0 when none was (events of the first turn, which used to be
  // drawn in the second). A binary search: every hold and every critical step asks.
  const columnOf = (eventIndex: number): number => {
    if (columnStart[0]! > eventIndex) return 0;
    let lo = 0;
    let hi = columnStart.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (columnStart[mid]! <= eventIndex) lo = mid;
      else hi = mid - 1;
    }
    return Math.min(lo + 1, columns.length - 1);
  };
  const last = columns[columns.length - 1]!;
  return {
    lanes,
    columns,
    columnOf,
    holds,
    lockNames: [...locks.keys()],
    dioNames: [...last.dio.keys()],
    inodes: [...last.sizes.keys()],
    laneName: (id) => names.get(id) ?? String(id),
  };
}
