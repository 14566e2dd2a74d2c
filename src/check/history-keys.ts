/**
 * Which orders of ops' starts and ends the oracles can tell apart, as footprint keys
 * (footprint.ts) for dfs's sleep sets.
 *
 * The linearizability oracle checks each file's size and each of its blocks on its own (a
 * projection; linearizability.ts), and within a projection it only compares one op's end with
 * another op's start. So an op records `begin` and `end` on one key per projection it may have a
 * piece in — `history:/a:size`, `history:/a:3` — and two ops that share no key can have the end
 * of one and the start of the other swapped without changing any projection's real-time order.
 * No other oracle reads the order: the stale-data check looks at a read's bytes alone.
 *
 * A piece whose place in the order cannot matter gets no key. Every size the size projection
 * goes through is at least the file's smallest possible size: its initial size (0 if the
 * scenario creates or unlinks it), lowered by each truncate of it. A write or fallocate that ends
 * at or below that size never changes the size, and a read that ends there expects its whole
 * length in every state. A piece that changes nothing fits into any valid order of the others
 * (right after everything that ended before it started), and an observation that is the same in
 * every state fits everywhere or nowhere: either way the verdict does not depend on its interval.
 * Blocks stop at the farthest byte the file's initial size and the scenario's ops reach; the
 * oracle checks no block past it.
 */
import type { OracleScenario as Scenario } from './oracle-scenario.js';
import type { HistoryOp } from './history.js';
import { type OpShape, blocksOf, opReach } from './op-reach.js';

export type { OpShape } from './op-reach.js';

/** What the scenario lets a file's size be: never below `minSize`, never past `maxEnd` (nor any op's bytes). */
export interface FileReach {
  readonly minSize: number;
  readonly maxEnd: number;
}

/** The projections `op` may have a piece whose place matters in: 'size', or block indexes (before it runs: its whole length). */
export function projectionsOf(op: OpShape, reach: FileReach, blockSize: number): Array<'size' | number> {
  const r = opReach(op, op.length);
  const size: Array<'size'> = r.size && r.sizeBelow > reach.minSize ? ['size'] : [];
  return r.bytes ? [...size, ...blocksOf(r.bytes, blockSize, reach.maxEnd)] : size;
}

/** Per path, what the scenario lets the file's size be (see the header). */
export function fileReaches(scenario: Scenario): Map<string, FileReach> {
  const reach = new Map<string, { minSize: number; maxEnd: number }>();
  const of = (path: string): { minSize: number; maxEnd: number } => {
    let r = reach.get(path);
    if (!r) {
      const size = scenario.files.find((f) => f.path === path)?.size ?? 0;
      reach.set(path, (r = { minSize: size, maxEnd: size }));
    }
    return r;
  };
  for (const op of scenario.tasks.flatMap((t) => t.ops)) {
    if (!('file' in op)) continue;
    const r = of(op.file);
    if (op.op === 'create' || op.op === 'unlink') r.minSize = 0;
    if (op.op === 'truncate') {
      r.minSize = Math.min(r.minSize, op.size);
      r.maxEnd = Math.max(r.maxEnd, op.size);
    }
    if ('length' in op) r.maxEnd = Math.max(r.maxEnd, op.offset + op.length);
  }
  return reach;
}

const reachCache = new WeakMap<Scenario, Map<string, FileReach>>();

/** The history keys of an op of `scenario` (see the header). */
export function historyKeys(scenario: Scenario, op: OpShape & Pick<HistoryOp, 'file'>): string[] {
  let reaches = reachCache.get(scenario);
  if (!reaches) reachCache.set(scenario, (reaches = fileReaches(scenario)));
  const reach = op.file === null ? undefined : reaches.get(op.file);
  return reach ? projectionsOf(op, reach, scenario.geometry.blockSize).map((p) => `history:${op.file}:${p}`) : [];
}
