/**
 * lockdep_assert_held* and WARN_ON_ONCE (src/locks/assert.ts): a scheme that states "i_size
 * moves only under i_rwsem", as ext4_handle_inode_extension does with
 * lockdep_assert_held_write(), gets a `warn` verdict when its extending AIO completes without
 * the lock (diocount's completion), and none when the lock is held until completion (hold).
 */
import { describe, expect, test } from 'vitest';
import { Diocount, type SchemeDio, heldMode, ioOf, unlock } from '../../src/fs-impls/diocount.js';
import { rwsem_reenter_hold } from '../../src/locks/rwsem.js';
import { Hold } from '../../src/fs-impls/hold.js';
import { registerUserScheme } from '../../src/fs-impls/schemes.js';
import { WARN_ON_ONCE, lockdep_assert_held_write } from '../../src/locks/assert.js';
import { renderCommitDiagram } from '../../src/report/commit-diagram.js';
import { criticalSteps } from '../../src/report/critical-steps.js';
import { renderEventLog } from '../../src/report/event-log.js';
import { toPerfetto } from '../../src/report/perfetto.js';
import { terminalChalk } from '../../src/report/colour.js';
import { explore, replayRun } from '../../src/explore/explore.js';
import { parseToken } from '../../src/explore/replay-token.js';
import { loadScenario } from '../../src/scenario/catalog.js';
import type { Sim } from '../../src/sim/sim.js';

class SizeUnderLock extends Diocount {
  override *updateSize(dio: SchemeDio): Sim<void> {
    lockdep_assert_held_write(dio.inode.i_rwsem, 'ext4_handle_inode_extension');
    yield* super.updateSize(dio);
  }
}
/** hold, with the completion taking the hold over before it moves i_size (not at release): the assertion then holds. */
class HoldSizeUnderLock extends Hold {
  override *updateSize(dio: SchemeDio): Sim<void> {
    const io = ioOf(dio.iocb);
    if (io.handoff) {
      rwsem_reenter_hold(dio.inode.i_rwsem, io.handoff, 'iomap_dio_complete');
      io.handoff = null;
    }
    lockdep_assert_held_write(dio.inode.i_rwsem, 'ext4_handle_inode_extension');
    yield* super.updateSize(dio);
  }

  override *releaseAfterIo(dio: SchemeDio): Sim<void> {
    const io = ioOf(dio.iocb);
    if (io.handoff) yield* super.releaseAfterIo(dio);
    else yield* unlock(dio.inode, heldMode(io, dio.iocb.id));
  }
}
/** WARN_ON_ONCE fires once per message however often its condition holds. */
class WarnsEveryIo extends Diocount {
  override *updateSize(dio: SchemeDio): Sim<void> {
    WARN_ON_ONCE(this.sb.sim, true, 'ext4: i_disksize moved at completion');
    yield* super.updateSize(dio);
  }
}
for (const [name, cls] of [
  ['test-size-under-lock', SizeUnderLock],
  ['test-hold-size-under-lock', HoldSizeUnderLock],
  ['test-warns-every-io', WarnsEveryIo],
] as const)
  registerUserScheme({ name, kind: 'user', summary: name, create: (sb, q) => new cls(sb, q) });

const scenario = loadScenario('extend-then-stat');
const exploreUnder = (fs: string) => explore(scenario, { scenarioRef: scenario.name, fs, strategy: 'portfolio', seed: 1, budget: 200 });

describe('lockdep_assert_held_write on a completion that moves i_size', () => {
  test('fires when the extending AIO completes without i_rwsem (diocount), with critical steps and in every report', () => {
    const r = exploreUnder('test-size-under-lock');
    const warn = r.violations.find((v) => v.kind === 'warn');
    expect(warn?.details).toMatchObject({ check: 'lockdep_assert_held_write', lock: 'i_rwsem (ino 12)', call: 'ext4_handle_inode_extension', held: [] });
    expect(warn?.message).toMatch(
      /^WARNING: lockdep_assert_held_write\(i_rwsem \(ino 12\)\) failed in ext4_handle_inode_extension: .* does not hold it for write/,
    );
    const run = replayRun(scenario, 'test-size-under-lock', parseToken(r.schedule).schedule);
    const at = run.result.verdicts.find((v) => v.kind === 'warn')!.at;
    // The lock's operations before it: the submitter's down_write and up_write of i_rwsem.
    expect(criticalSteps(run.events, at).length).toBeGreaterThan(1);
    expect(renderEventLog(run.events, terminalChalk())).toContain('lockdep_assert_held_write');
    expect(renderCommitDiagram(run)).toContain('lockdep_assert_held_write');
    expect(JSON.stringify(toPerfetto(run.events, { scenario: scenario.name, fs: run.fs, schedule: r.schedule }))).toContain('lockdep_assert_held_write');
  });

  test('stays silent when the lock is held until the completion (hold: handed off, re-entered by the completion)', () => {
    expect(exploreUnder('test-hold-size-under-lock').violations).toEqual([]);
  });

  test('WARN_ON_ONCE reports once per message in a run', () => {
    const r = replayRun(scenario, 'test-warns-every-io', parseToken(exploreUnder('test-warns-every-io').schedule).schedule);
    const warns = r.result.verdicts.filter((v) => v.kind === 'warn');
    expect(warns).toHaveLength(1);
    expect(warns[0]!.message).toMatch(/^WARNING: ext4: i_disksize moved at completion \(WARN_ON_ONCE in /);
  });
});
