/**
 * Proofs for user code (issue 16): a scheme that keeps a fast-path flag in a WeakMap, where no
 * footprint sees it, made dfs claim "no violation within bound" while the portfolio found the
 * bug at once. Now dfs under a scheme file either finds the bug or refuses the proof naming
 * why; --audit searches the bound again without reduction and reports what was missed.
 */
import { describe, expect, test } from 'vitest';
import { Diocount, type LockMode, type SchemeDio, type SchemeKiocb } from '../../src/fs-impls/diocount.js';
import { registerUserScheme } from '../../src/fs-impls/schemes.js';
import { trackedScheme } from '../../src/fs-impls/load-scheme.js';
import { explore } from '../../src/explore/explore.js';
import { auditOutcomes, hiddenStateCheck } from '../../src/explore/user-proof.js';
import { loadScenario } from '../../src/scenario/catalog.js';
import type { Sim } from '../../src/sim/sim.js';
import type { Inode, InodePrivate } from '../../src/vfs/inode.js';

/** "Is a direct write in flight?", kept beside the inode: set only after the submitter dropped i_rwsem, one step late. */
const busy = new WeakMap<Inode, boolean>();
class WeakMapFastPath extends Diocount {
  override *unlockAfterSubmit(iocb: SchemeKiocb, mode: LockMode): Sim<void> {
    yield* super.unlockAfterSubmit(iocb, mode);
    yield 'fast_path_mark';
    if (!iocb.sync) busy.set(iocb.inode, true);
    yield 'fast_path_marked';
  }

  override *dioEnd(dio: SchemeDio): Sim<void> {
    busy.delete(dio.inode);
    yield* super.dioEnd(dio);
  }

  /** The fast path: no drain when the flag says nothing is in flight. */
  override *setattrDrain(inode: Inode): Sim<void> {
    if (busy.get(inode)) yield* this.drain(inode);
  }
}
/** The same scheme with its flag on the inode's own scheme state, where footprints see it. */
interface FastPathInode extends InodePrivate {
  busy: boolean;
}
const FAST_I = (inode: Inode) => inode.i_private as FastPathInode;
class RecordedFastPath extends Diocount {
  override alloc_inode(_ino: number): FastPathInode {
    return { locks: [], busy: false };
  }

  override *unlockAfterSubmit(iocb: SchemeKiocb, mode: LockMode): Sim<void> {
    yield* super.unlockAfterSubmit(iocb, mode);
    yield 'fast_path_mark';
    if (!iocb.sync) FAST_I(iocb.inode).busy = true;
    yield 'fast_path_marked';
  }

  override *dioEnd(dio: SchemeDio): Sim<void> {
    FAST_I(dio.inode).busy = false;
    yield* super.dioEnd(dio);
  }

  override *setattrDrain(inode: Inode): Sim<void> {
    if (FAST_I(inode).busy) yield* this.drain(inode);
  }
}
// As load-scheme.ts registers a scheme file: its instance and per-inode state recorded.
const TEST_SCHEMES: ReadonlyArray<readonly [string, typeof Diocount]> = [
  ['./weakmap-fast-path.mjs', WeakMapFastPath],
  ['./recorded-fast-path.mjs', RecordedFastPath],
];
for (const [name, cls] of TEST_SCHEMES) registerUserScheme({ name, kind: 'user', summary: name, create: (sb, q) => trackedScheme(new cls(sb, q), name) });

const scenario = loadScenario('truncate-vs-aio-write');
const dfs = (fs: string, o: { por?: boolean; audit?: boolean; preemptions?: number } = {}) =>
  explore(scenario, { scenarioRef: scenario.name, fs, strategy: 'dfs', seed: 1, budget: 20_000, preemptions: o.preemptions ?? 2, ...o });

describe('dfs under a scheme file with hidden state', () => {
  test("the portfolio finds the WeakMap scheme's bug (the late flag lets truncate skip the drain)", () => {
    const r = explore(scenario, { scenarioRef: scenario.name, fs: './weakmap-fast-path.mjs', strategy: 'portfolio', seed: 1, budget: 500 });
    expect(r.violations.map((v) => v.kind)).toContain('freed-block-write');
  });

  test('dfs finds the bug, or refuses the proof naming why: never "no violation within bound"', () => {
    const r = dfs('./weakmap-fast-path.mjs');
    const refused = r.dfs?.refused;
    expect(r.violations.length > 0 || refused !== undefined).toBe(true);
    if (refused) expect(refused).toMatch(/footprints cannot see \(a module variable, a closure, a WeakMap\?\)/);
    expect(r.dfs?.complete && r.violations.length === 0).toBe(false);
  });

  test('at bound 0, where the reduced search runs out of interleavings, the proof is refused naming the two steps', () => {
    const r = dfs('./weakmap-fast-path.mjs', { preemptions: 0 });
    expect(r.violations).toEqual([]);
    expect(r.dfs?.complete).toBe(false);
    expect(r.dfs?.proven).toBeNull();
    expect(r.dfs?.refused).toMatch(/^no proof claimed under the scheme file: steps .*\(fast_path_mark\).* touch no common recorded state/);
  });

  test('the swap check finds nothing to refuse in the same scheme with its flag in inode.i_private', () => {
    expect(hiddenStateCheck(scenario, './recorded-fast-path.mjs').kind).not.toBe('refused');
    expect(hiddenStateCheck(loadScenario('extend-then-stat'), './recorded-fast-path.mjs')).toMatchObject({ kind: 'none' });
  });

  test("the audit's search without reduction reports the violation a reduced search would have missed", () => {
    const found = auditOutcomes(scenario, './weakmap-fast-path.mjs', { bound: 1, budget: 20_000, reached: new Set() });
    expect(found.violation?.result.verdicts.map((v) => v.kind)).toContain('freed-block-write');
  });

  test('the same fast path with its flag in inode.i_private is found by dfs itself', () => {
    const r = dfs('./recorded-fast-path.mjs');
    expect(r.violations.map((v) => v.kind)).toContain('freed-block-write');
  });
});

describe('--audit on a built-in scheme', () => {
  test('finds nothing missing under diocount at bound 1, and says how far it searched', () => {
    const r = explore(loadScenario('fence-on-eviction'), {
      scenarioRef: 'fence-on-eviction',
      fs: 'diocount',
      strategy: 'dfs',
      seed: 1,
      budget: 20_000,
      preemptions: 1,
      audit: true,
    });
    expect(r.violations).toEqual([]);
    expect(r.dfs?.refused).toBeUndefined();
    expect(r.dfs?.audit).toMatchObject({ complete: true, missed: 0 });
    expect(r.dfs!.audit!.executions).toBeGreaterThanOrEqual(r.dfs!.executions);
  });
});
