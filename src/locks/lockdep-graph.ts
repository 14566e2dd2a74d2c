/**
 * lockdep's dependency graph (kernel/locking/lockdep.c): one node per lock class (per subclass),
 * with its accumulated usage bits and, for each bit, where it was first set; edges prev → next
 * in both directions (`locks_after`, `locks_before`), each carrying the dependency types seen
 * (the DEP_*_BIT bitmask) and where it was first recorded.
 *
 * The search is lockdep's `__bfs`: breadth-first over one direction, visiting each class once,
 * following only *strong* paths — no `-(*R)->` (into a recursive reader) immediately followed
 * by `-(S*)->` (out of a shared holder), because a recursive read lock does not wait for
 * readers. Like the kernel, a class is marked visited before the strong-path test, so a class
 * first reached by a weak path is not searched again from a strong one (the kernel's own
 * imprecision, kept so that verdicts match).
 */
import type { HeldLock } from '../sim/context.js';

/** Dependency bits of an edge prev → next (lockdep.c DEP_*_BIT): bit0 prev->read == 0, bit1 next->read != 2. */
export const DEP_SR_MASK = 1 << 0;
export const DEP_ER_MASK = 1 << 1;
export const DEP_SN_MASK = 1 << 2;
export const DEP_EN_MASK = 1 << 3;

/** Where something was recorded: the context, the function, the simulated call stack (a lock_trace). */
export interface LockTrace {
  readonly task: string;
  /** The lock API function the context was in. */
  readonly fn: string;
  readonly stack: readonly string[];
}

export interface DepEdge {
  readonly cls: LockdepClass;
  dep: number;
  readonly trace: LockTrace;
}

export interface LockdepClass {
  /** The class key as printed: "name" or "name/subclass". */
  readonly key: string;
  readonly name: string;
  readonly subclass: number;
  readonly waitInner: number;
  readonly waitOuter: number;
  usage: number;
  /** usage_traces[bit]: where each usage bit was first set. */
  readonly usageTraces: Map<number, LockTrace>;
  readonly after: Map<LockdepClass, DepEdge>;
  readonly before: Map<LockdepClass, DepEdge>;
}

/** calc_dep(): the bit of a new dependency prev → next in prev's locks_after. */
export function calcDep(prev: Pick<HeldLock, 'read'>, next: Pick<HeldLock, 'read'>): number {
  return 1 << ((prev.read === 0 ? 1 : 0) + ((next.read !== 2 ? 1 : 0) << 1));
}

/** calc_depb(): the same dependency as seen from next's locks_before. */
export function calcDepb(prev: Pick<HeldLock, 'read'>, next: Pick<HeldLock, 'read'>): number {
  return 1 << ((next.read !== 2 ? 1 : 0) + ((prev.read === 0 ? 1 : 0) << 1));
}

/** A node of a search: how it was reached (lockdep's struct lock_list during __bfs). */
export interface BfsEntry {
  readonly cls: LockdepClass;
  readonly parent: BfsEntry | null;
  /** The edge that reached it (null for the root). */
  readonly edge: DepEdge | null;
  /** Only `-(*R)->` led here: the next step may not leave through `-(S*)->`. */
  onlyXr: boolean;
}

export type Direction = 'after' | 'before';

/** __bfs(): the first entry `match` accepts, visiting classes breadth-first along strong paths; or null. */
export function bfs(root: BfsEntry, dir: Direction, match: (e: BfsEntry) => boolean, skip?: (e: BfsEntry) => boolean): BfsEntry | null {
  const visited = new Set<LockdepClass>();
  const queue: BfsEntry[] = [root];
  for (let head = 0; head < queue.length; head++) {
    const entry = queue[head]!;
    if (visited.has(entry.cls)) continue;
    visited.add(entry.cls);
    if (entry.parent && entry.edge) {
      let dep = entry.edge.dep;
      if (entry.parent.onlyXr) dep &= ~(DEP_SR_MASK | DEP_SN_MASK);
      if (!dep) continue;
      entry.onlyXr = !(dep & (DEP_SN_MASK | DEP_EN_MASK));
    }
    if (skip?.(entry)) continue;
    if (match(entry)) return entry;
    for (const edge of entry.cls[dir].values()) queue.push({ cls: edge.cls, parent: entry, edge, onlyXr: false });
  }
  return null;
}

/** bfs_init_root(): a forward search from an acquisition; a recursive reader may not be left through a shared edge. */
export function rootOf(cls: LockdepClass, read: 0 | 1 | 2): BfsEntry {
  return { cls, parent: null, edge: null, onlyXr: read === 2 };
}

/** bfs_init_rootb(): a backward search from an acquisition. */
export function rootbOf(cls: LockdepClass, read: 0 | 1 | 2): BfsEntry {
  return { cls, parent: null, edge: null, onlyXr: read !== 0 };
}

/** The entries from the root (excluded) to `leaf`, in order. */
export function pathTo(leaf: BfsEntry): BfsEntry[] {
  const path: BfsEntry[] = [];
  for (let e: BfsEntry | null = leaf; e?.parent; e = e.parent) path.unshift(e);
  return path;
}
