/**
 * aiosim's public library entry (`import … from 'aiosim'`, package.json `exports`): what a
 * scheme author needs to write, run and test a file-system locking scheme, and nothing
 * internal. A scheme file default-exports a class extending one of the built-in schemes and
 * overrides its hooks (docs/schemes.md lists them in the order a write goes through them):
 *
 *   import { Diocount, inode_dio_wait } from 'aiosim';
 *   export default class MyFs extends Diocount {
 *     static summary = 'diocount, but …';
 *     *setattrDrain(inode) { yield* inode_dio_wait(inode.i_dio); }
 *   }
 *
 * Everything here is covered by the compatibility promise of design §9: names and signatures
 * change only compatibly. Anything not exported here (the scheduler, the oracles, the
 * explorer's internals) may change between versions.
 */

// ── Scheme base classes and the hooks they call ─────────────────────────────────────────────
export {
  Diocount,
  type CompletionStep,
  type LockMode,
  type SchemeDio,
  type SchemeIo,
  type SchemeKiocb,
  type UnalignedSerialization,
  exclusive,
  grownSize,
  heldMode,
  ioOf,
  lock,
  unlock,
} from './fs-impls/diocount.js';
export { DiocountOverwriteShared } from './fs-impls/diocount-overwrite-shared.js';
export { Hold } from './fs-impls/hold.js';
export { HoldDowngrade } from './fs-impls/hold-downgrade.js';
export { HoldNaive } from './fs-impls/hold-naive.js';
export { FENCE_I, FenceFs, FenceInode } from './fs-impls/fence.js';
export type { FallocateMode, FileSystemOps } from './vfs/fs-ops.js';
export {
  type CompletionStart,
  type DioCompletion,
  type IomapDio,
  type IomapDioOps,
  type IomapMapping,
  type IomapOps,
  KI_COMPLETE,
  iomap_dio_rw,
} from './aio/iomap-dio.js';
/** Block-level helpers the built-in schemes share (each yields where the kernel sleeps). */
export {
  allocateRange,
  bufferedRead,
  bufferedWrite,
  convertUnwritten,
  hasEofBlocks,
  isPureOverwrite,
  setSize,
  trimEofBlocks,
  zeroBlockRange,
  zeroRange,
} from './fs-impls/block-ops.js';

// ── The objects a hook is given ─────────────────────────────────────────────────────────────
export type { Extent, ExtentState, Inode, InodePrivate, InodeState } from './vfs/inode.js';
export { EBADF, EEXIST, EIOCBQUEUED, ENOENT, ENOSPC, type Kiocb } from './vfs/kiocb.js';
export type { SuperBlock } from './vfs/superblock.js';
export type { RequestQueue } from './aio/blk-queue.js';
/** A simulated kernel path: a generator whose every `yield` is a scheduling point (docs/schemes.md). */
export type { Sim } from './sim/sim.js';
export type { Context, ContextKind } from './sim/context.js';
export type { Simulator } from './sim/simulator.js';

// ── Lock primitives, inode_dio_*, wait queues ───────────────────────────────────────────────
export {
  RwSemaphore,
  down_read,
  down_read_trylock,
  down_write,
  down_write_trylock,
  downgrade_write,
  rwsem_exit_hold,
  rwsem_reenter_hold,
  up_read,
  up_write,
} from './locks/rwsem.js';
export { type DioCount, inode_dio_begin, inode_dio_end, inode_dio_wait } from './locks/dio-count.js';
export { type Fence, abandonWriter, beginWrite, endReader, exitReader, reenterReader, tryBeginRead } from './locks/fence.js';
export { type Mutex, mutex_lock, mutex_trylock, mutex_unlock } from './locks/mutex.js';
export { type SpinLock, spin_lock, spin_trylock, spin_unlock } from './locks/spinlock.js';
export type { HandoffToken } from './locks/lockdep.js';
export { type WaitQueue, wait_event, wake_up_all } from './sim/waitqueue.js';

// ── Assertions and verdicts ─────────────────────────────────────────────────────────────────
export { type AssertableLock, WARN_ON_ONCE, lockdep_assert_held, lockdep_assert_held_read, lockdep_assert_held_write } from './locks/assert.js';
export type { LockdepSubkind, Verdict, VerdictKind } from './sim/verdict.js';
export { InvariantError, UserError, invariant } from './sim/errors.js';

// ── Running and testing a scheme ────────────────────────────────────────────────────────────
export { useScheme } from './fs-impls/load-scheme.js';
export { SCHEMES, type SchemeInfo, type SchemeKind, schemeNamed } from './fs-impls/schemes.js';
export type { Scenario } from './scenario/schema.js';
export { loadScenario } from './scenario/catalog.js';
export { checkScheme, type SchemeCheck, type SchemeCheckOptions } from './check-scheme.js';
