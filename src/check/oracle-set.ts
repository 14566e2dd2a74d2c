/**
 * The oracles of one run, wired in one place: attached when the world is built (the ownership
 * oracle watches every device write), told when an op ends (a read's bytes are checked for
 * stale data at once), and finished when the run ends (fsck and linearizability, only if the
 * run completed: a deadlocked or cut-short run has I/O still in flight). Each oracle is
 * independent of the scheme: it judges the VFS state and the history, never what a scheme meant.
 */
import type { RunOutcome, Simulator } from '../sim/simulator.js';
import type { InitialFile } from '../vfs/namespace.js';
import type { SuperBlock } from '../vfs/superblock.js';
import { type OracleNote, checkFilesLinearizable } from './final-files.js';
import { fsck } from './fsck.js';
import type { History, HistoryOp } from './history.js';
import type { OracleScenario } from './oracle-scenario.js';
import { attachFrozenWriteOracle } from './frozen-write.js';
import { attachOwnershipOracle } from './ownership.js';
import { checkReadNotStale } from './stale-data.js';

export interface OracleSet {
  /** An op has ended with its result (and a read with its bytes). */
  onOpEnd(rec: HistoryOp): void;
  /** The run is over: end-of-run verdicts go into the simulator's; returns what could not be decided. */
  finish(outcome: RunOutcome): readonly OracleNote[];
}

export function attachOracles(
  sim: Simulator,
  sb: SuperBlock,
  scenario: OracleScenario,
  history: History,
  initialFiles: ReadonlyMap<number, InitialFile>,
): OracleSet {
  attachOwnershipOracle(sb);
  // Only a scenario that can freeze has anything to watch (and its steps then read the freeze state).
  if (scenario.tasks.some((t) => t.ops.some((o) => o.op === 'freeze'))) attachFrozenWriteOracle(sb);
  return {
    onOpEnd(rec) {
      if (rec.data) checkReadNotStale(sim, scenario, rec);
    },
    finish(outcome) {
      if (outcome !== 'completed') return [];
      fsck(sb);
      return checkFilesLinearizable(sb, sim, history.ops, initialFiles);
    },
  };
}
