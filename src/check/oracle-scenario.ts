/**
 * What the oracles know of a scenario: its block size, its initial files and its ops' shapes —
 * a structural view that the scenario layer's validated `Scenario` satisfies, so that src/check
 * never imports the layer above it. `OpKind` lives here, with the history that records ops.
 */
import type { LockProgramOpKind } from '../locks/lock-api.js';
import type { InitialFile } from '../vfs/namespace.js';

/** Every op a scenario can have (scenario/schema.ts checks at compile time that its ops are these). */
export type OpKind =
  | 'aio_write'
  | 'aio_read'
  | 'write'
  | 'read'
  | 'wait'
  | 'truncate'
  | 'fallocate'
  | 'fsync'
  | 'create'
  | 'unlink'
  | 'close'
  | 'sleep'
  | 'freeze'
  | 'thaw'
  | 'io_setup'
  | 'io_destroy';

/** An op as the oracles read it: which file, which bytes, what it writes. */
export type OracleOp =
  | { readonly op: 'aio_write' | 'write'; readonly file: string; readonly offset: number; readonly length: number; readonly fill: string }
  | { readonly op: 'aio_read' | 'read'; readonly file: string; readonly offset: number; readonly length: number }
  | { readonly op: 'fallocate'; readonly file: string; readonly offset: number; readonly length: number; readonly mode: string }
  | { readonly op: 'truncate'; readonly file: string; readonly size: number }
  | { readonly op: 'fsync' | 'create' | 'unlink' | 'close'; readonly file: string }
  | { readonly op: 'wait' | 'sleep' | 'freeze' | 'thaw' | 'io_setup' | 'io_destroy' }
  /** A lock program's op: not in the history, not judged by these oracles (lockdep and the deadlock check see it). */
  | { readonly op: LockProgramOpKind };

export interface OracleScenario {
  readonly geometry: { readonly blockSize: number };
  readonly files: readonly InitialFile[];
  readonly tasks: ReadonlyArray<{ readonly ops: readonly OracleOp[] }>;
}
