/**
 * The catalog of file-system schemes (names are a contract: `--fs <name>`, scenario `fs:`).
 * Bug schemes carry the facts `aiosim list --schemes` prints: file system, commit, year, and
 * which built-in scenario shows the interleaving.
 */
import type { RequestQueue } from '../aio/blk-queue.js';
import type { SuperBlock } from '../vfs/superblock.js';
import { Diocount } from './diocount.js';
import { DiocountOverwriteShared } from './diocount-overwrite-shared.js';
import { FenceFs } from './fence.js';
import { Hold } from './hold.js';
import { HoldDowngrade } from './hold-downgrade.js';
import { HoldNaive } from './hold-naive.js';
import { BugCompleteBeforeSize } from './bugs/complete-before-size.js';
import { BugEarlyDioEnd } from './bugs/early-dio-end.js';
import { BugEofZeroNodrain } from './bugs/eof-zero-nodrain.js';
import { BugEofblocksTrim } from './bugs/eofblocks-trim.js';
import { BugFallocateIsize } from './bugs/fallocate-isize.js';
import { BugTruncateNowait } from './bugs/truncate-nowait.js';
import { BugUnalignedPastEof } from './bugs/unaligned-past-eof.js';
import { BugUnalignedRace } from './bugs/unaligned-race.js';
import { BugUnalignedSubmitOnly } from './bugs/unaligned-submit-only.js';
import { BugUnlockedRead } from './bugs/unlocked-read.js';
import { BugAioFreeze } from './bugs/aio-freeze.js';
import { BugIoDestroyNowait } from './bugs/io-destroy-nowait.js';
import { DiocountEndIoLock } from './claims/diocount-end-io-lock.js';
import { DiocountUnlockedDrain } from './claims/diocount-unlocked-drain.js';
import { FenceEndIoLock } from './claims/fence-end-io-lock.js';

/**
 * What a scheme is for, and so what the oracles must say about it:
 * - `correct`: locking in use in Linux; no verdict on any scenario.
 * - `rfc`: a proposed scheme (the RFC and its mitigations); no verdict on any scenario either.
 * - `teaching`: data stays safe but lockdep complains (hold-naive: the RFC's own problem, shown
 *   in the workshop); only lockdep verdicts.
 * - `bug`: one historic mistake; an oracle finds it in the scheme's scenario.
 * - `claim`: a variant built to measure one of Jason Gunthorpe's claims on the fenced-object
 *   pattern (not a historic bug): its scenario shows the liveness or lockdep verdict the claim
 *   predicts (docs/locks.md §8).
 * - `user`: a scheme file (`--fs ./x.mjs`, load-scheme.ts); nothing is expected of it.
 */
export type SchemeKind = 'correct' | 'rfc' | 'teaching' | 'bug' | 'claim' | 'user';

export interface SchemeInfo {
  readonly name: string;
  readonly kind: SchemeKind;
  readonly summary: string;
  /** For bugs: file system(s), fix commit(s), year. */
  readonly history?: string;
  /** Built-in scenario that exercises it. */
  readonly scenario?: string;
  readonly create: (sb: SuperBlock, q: RequestQueue) => Diocount;
}

export const SCHEMES: readonly SchemeInfo[] = [
  {
    name: 'diocount',
    kind: 'correct',
    summary: 'legacy locking: i_rwsem for submission, i_dio_count across the I/O, inode_dio_wait before every size/layout change',
    create: (sb, q) => new Diocount(sb, q),
  },
  {
    name: 'diocount-overwrite-shared',
    kind: 'correct',
    summary: 'diocount with XFS 2021 (ed1128c2d0c8): sub-block overwrites of written blocks take i_rwsem shared, no drain',
    create: (sb, q) => new DiocountOverwriteShared(sb, q),
  },
  {
    name: 'hold',
    kind: 'rfc',
    summary: 'the RFC: i_rwsem held until the AIO completes, released by the completion after a lockdep hand-off',
    create: (sb, q) => new Hold(sb, q),
  },
  {
    name: 'hold-downgrade',
    kind: 'rfc',
    summary: "Jan Kara's mitigation: exclusive for submission, downgraded to shared until completion",
    create: (sb, q) => new HoldDowngrade(sb, q),
  },
  {
    name: 'fence',
    kind: 'rfc',
    summary: "Gunthorpe's fence in place of i_dio_count: writer-biased, lockdep-tracked in-flight I/O and inode destruction",
    create: (sb, q) => new FenceFs(sb, q),
  },
  {
    name: 'hold-naive',
    kind: 'teaching',
    summary: 'hold-until-complete with plain up_read/up_write from the completion: data safe, lockdep complains',
    create: (sb, q) => new HoldNaive(sb, q),
  },
  {
    name: 'diocount-unlocked-drain',
    kind: 'claim',
    summary: "Gunthorpe's claim 1, open-coded: truncate waits for i_dio_count without i_rwsem, so new AIO keeps entering and it starves",
    scenario: 'drain-vs-aio-stream',
    create: (sb, q) => new DiocountUnlockedDrain(sb, q),
  },
  {
    name: 'diocount-end-io-lock',
    kind: 'claim',
    summary:
      "Gunthorpe's claim 2, open-coded: the completion work takes i_rwsem that truncate holds while it waits on i_dio_count; a deadlock lockdep cannot see",
    scenario: 'end-io-lock-vs-truncate',
    create: (sb, q) => new DiocountEndIoLock(sb, q),
  },
  {
    name: 'fence-end-io-lock',
    kind: 'claim',
    summary: 'claim 2 on the fence: the same deadlock, but lockdep reports the fence/i_rwsem cycle, also on schedules that complete',
    scenario: 'end-io-lock-vs-truncate',
    create: (sb, q) => new FenceEndIoLock(sb, q),
  },
  {
    name: 'bug-unaligned-race',
    kind: 'bug',
    summary: 'sub-block AIO writes to one new block not serialized; both zero the rest of the block',
    history: 'ext4 e9e3bcecf44c, xfs eda77982729b (2011); generic/240',
    scenario: 'unaligned-aio-same-block',
    create: (sb, q) => new BugUnalignedRace(sb, q),
  },
  {
    name: 'bug-unaligned-submit-only',
    kind: 'bug',
    summary: 'unaligned write drains before submission only; an overlapping aligned AIO runs while it is in flight',
    history: 'ext4 57a0da28ced8, xfs 2032a8a27b5c (2019); generic/538',
    scenario: 'unaligned-then-aligned-aio',
    create: (sb, q) => new BugUnalignedSubmitOnly(sb, q),
  },
  {
    name: 'bug-unaligned-past-eof',
    kind: 'bug',
    summary: 'unaligned write starting at EOF inside the EOF block not serialized',
    history: 'ext4 372a03e01853 (2019)',
    scenario: 'unaligned-aio-past-eof',
    create: (sb, q) => new BugUnalignedPastEof(sb, q),
  },
  {
    name: 'bug-truncate-nowait',
    kind: 'bug',
    summary: 'truncate does not wait for in-flight DIO; the I/O lands in freed blocks',
    history: 'xfs 2cf7f0da3ae2 (2008)',
    scenario: 'truncate-vs-aio-write',
    create: (sb, q) => new BugTruncateNowait(sb, q),
  },
  {
    name: 'bug-early-dio-end',
    kind: 'bug',
    summary: "end_io drops i_dio_count before the unwritten-extent conversion runs; truncate's drain returns early",
    history: 'ext4 266991b13890, 3889fd57ea3c (~2010-2012)',
    scenario: 'truncate-vs-unwritten-conversion',
    create: (sb, q) => new BugEarlyDioEnd(sb, q),
  },
  {
    name: 'bug-unlocked-read',
    kind: 'bug',
    summary: "DIO read maps blocks without i_rwsem; truncate frees them, another file's data is read",
    history: 'ext4 1c9114f9c0f1, btrfs 2e60a51e6218 (~2012-2013)',
    scenario: 'unlocked-read-vs-truncate',
    create: (sb, q) => new BugUnlockedRead(sb, q),
  },
  {
    name: 'bug-eof-zero-nodrain',
    kind: 'bug',
    summary: 'EOF zeroing for a write past EOF runs while an extending AIO is in flight',
    history: 'xfs 3136e8bb3054, 40c63fbc55a9 (2015); generic/114',
    scenario: 'eof-zeroing-vs-extending-aio',
    create: (sb, q) => new BugEofZeroNodrain(sb, q),
  },
  {
    name: 'bug-fallocate-isize',
    kind: 'bug',
    summary: 'fallocate samples i_size before inode_dio_wait and truncates the appended data back',
    history: 'xfs 249bd9087a52 (2019); generic/586',
    scenario: 'fallocate-vs-appending-aio',
    create: (sb, q) => new BugFallocateIsize(sb, q),
  },
  {
    name: 'bug-eofblocks-trim',
    kind: 'bug',
    summary: 'closing the file trims post-EOF blocks an extending AIO still writes into',
    history: 'xfs e4229d6b0bc9 (~2018); generic/299',
    scenario: 'close-trims-eofblocks',
    create: (sb, q) => new BugEofblocksTrim(sb, q),
  },
  {
    name: 'bug-aio-freeze',
    kind: 'bug',
    summary: 'an AIO write drops freeze protection when io_submit returns; its completion converts extents on a frozen fs',
    history: 'fs/aio.c 70fe2f48152e (2016)',
    scenario: 'freeze-vs-aio-write',
    create: (sb, q) => new BugAioFreeze(sb, q),
  },
  {
    name: 'bug-io-destroy-nowait',
    kind: 'bug',
    summary: 'io_destroy returns with requests in flight; a read completes into a buffer the application freed',
    history: 'fs/aio.c e02ba72aabfa (2014)',
    scenario: 'io-destroy-vs-inflight-aio',
    create: (sb, q) => new BugIoDestroyNowait(sb, q),
  },
  {
    name: 'bug-complete-before-size',
    kind: 'bug',
    summary: 'the completion is reported before i_size is updated; a read after io_getevents sees the old size',
    history: 'generic direct-io (~2006, bugzilla 6831)',
    scenario: 'extend-then-stat',
    create: (sb, q) => new BugCompleteBeforeSize(sb, q),
  },
];

export const SCHEME_NAMES = SCHEMES.map((s) => s.name);

/** True for the schemes every oracle must find clean on every scenario (kind `correct` or `rfc`). */
export function expectsNoViolation(info: SchemeInfo): boolean {
  return info.kind === 'correct' || info.kind === 'rfc';
}

/** The schemes that must give no verdict at all, in catalog order (bench's default set). */
export function cleanSchemes(): SchemeInfo[] {
  return SCHEMES.filter(expectsNoViolation);
}

/**
 * The scheme files this thread has loaded (load-scheme.ts), by the path runs name them by. It is
 * module-level state, but no run can observe it change: an entry is written once per thread,
 * before the first run that names it, and is fixed by the file's bytes (which a bound token's
 * scheme hash covers).
 */
const USER_SCHEMES = new Map<string, SchemeInfo>();

export function registerUserScheme(info: SchemeInfo): void {
  USER_SCHEMES.set(info.name, info);
}

/** The scheme files loaded so far, sorted (a parallel exploration's workers load the same ones). */
export function loadedSchemeFiles(): string[] {
  return [...USER_SCHEMES.keys()].sort();
}

/** A built-in scheme by name, or a scheme file this thread has loaded, by its path. */
export function schemeNamed(name: string): SchemeInfo | undefined {
  return SCHEMES.find((s) => s.name === name) ?? USER_SCHEMES.get(name);
}

/**
 * The schemes `compare` runs by default on `scenario`: every built-in one, except the `claim`
 * variants away from the scenario each was built for — they break the locking on purpose
 * (a completion that takes i_rwsem, a drain outside it), so elsewhere they only add rows
 * that say nothing about the scenario.
 */
export function comparedSchemes(scenario: string): string[] {
  return SCHEMES.filter((s) => s.kind !== 'claim' || s.scenario === scenario).map((s) => s.name);
}
