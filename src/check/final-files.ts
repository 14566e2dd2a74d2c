/**
 * The end-of-run judgement of every file's history: one linearizability check per inode (a
 * path unlinked and created again names two files), with the verdict's wording. A file from the
 * scenario starts with its initial contents, one created during the run starts empty; a file
 * that is no longer linked is judged by its reads only.
 */
import type { Simulator } from '../sim/simulator.js';
import type { Inode } from '../vfs/inode.js';
import type { InitialFile } from '../vfs/namespace.js';
import type { SuperBlock } from '../vfs/superblock.js';
import type { HistoryOp } from './history.js';
import { SEARCH_LIMIT, checkLinearizable } from './linearizability.js';
import { type Runs, paint, runsOf } from './runs.js';

/** What an oracle could not decide: said to the user, never a verdict (it is not a violation). */
export interface OracleNote {
  readonly oracle: 'linearizability';
  readonly message: string;
  readonly details: Record<string, unknown>;
}

/**
 * Final state of a live file as a user would read it: i_size bytes, holes and unwritten as zeros.
 * Built from runs: a described stretch of the device is one run of its byte, and only the
 * blocks the run materialized are read.
 */
export function observedFinal(sb: SuperBlock, inode: Inode): { size: number; runs: Runs } {
  const bs = sb.blockSize;
  const size = inode.i_size;
  const out: Array<readonly [number, number, number]> = [];
  const lastBlock = Math.ceil(size / bs);
  for (const ext of inode.extents.runs(0, lastBlock)) {
    if (ext.value.state !== 'mapped') continue;
    const b0 = ext.value.block;
    for (const d of sb.dev.contents(b0, b0 + (ext.end - ext.start))) {
      const from = (ext.start + (d.start - b0)) * bs;
      const to = Math.min((ext.start + (d.end - b0)) * bs, size);
      if ('byte' in d) {
        if (d.byte !== 0) out.push([from, to, d.byte]);
        continue;
      }
      const bytes = Buffer.alloc(to - from);
      sb.dev.readSlots(d.slot, to - from, bytes, 0);
      out.push(...runsOf(bytes, from));
    }
  }
  return { size, runs: mergeRuns(out) };
}

/** Sorted runs with equal neighbours merged: the one representation runsOf gives of the bytes. */
function mergeRuns(runs: ReadonlyArray<readonly [number, number, number]>): Runs {
  const merged: Array<readonly [number, number, number]> = [];
  for (const r of runs) {
    const last = merged[merged.length - 1];
    if (last && last[1] === r[0] && last[2] === r[2]) merged[merged.length - 1] = [last[0], r[1], r[2]];
    else merged.push(r);
  }
  return merged;
}

/** Reports `not-linearizable` for each file no order explains; returns what it could not decide. */
export function checkFilesLinearizable(
  sb: SuperBlock,
  sim: Simulator,
  ops: readonly HistoryOp[],
  initialFiles: ReadonlyMap<number, InitialFile>,
  searchLimit = SEARCH_LIMIT,
): OracleNote[] {
  const notes: OracleNote[] = [];
  for (const inode of sb.inodes) {
    const mine = ops.filter((o) => o.ino === inode.ino && o.kind !== 'create');
    if (mine.length === 0) continue;
    const path = inode.path;
    const spec = initialFiles.get(inode.ino);
    const initial = spec ? { size: spec.size, runs: spec.fill ? paint([], 0, spec.size, spec.fill.charCodeAt(0)) : [] } : { size: 0, runs: [] };
    const final = inode.nlink > 0 && inode.state === 'live' ? observedFinal(sb, inode) : null;
    const outcome = checkLinearizable({ file: path, ops: mine, initial, final, blockSize: sb.blockSize, searchLimit });
    if (outcome.ok === 'inconclusive') {
      notes.push({
        oracle: 'linearizability',
        message: `linearizability of ${path} not decided: the search stopped at its limit after ${outcome.explored} states; no verdict either way`,
        details: { file: path, ino: inode.ino, explored: outcome.explored },
      });
    } else if (outcome.ok === false) {
      const what = outcome.failedRead ? `what read ${outcome.failedRead} returned (${outcome.readReturned})` : `the final file (${outcome.observed})`;
      sim.report(
        'not-linearizable',
        `no order of the ${mine.length} operations on ${path} that respects their real-time order explains ${what}; in completion order: ${outcome.exampleOrder}`,
        { file: path, ino: inode.ino, observed: outcome.observed, example: outcome.exampleOrder, failedRead: outcome.failedRead, explored: outcome.explored },
      );
    }
  }
  return notes;
}
