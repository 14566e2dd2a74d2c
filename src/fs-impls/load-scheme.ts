/**
 * Loads a scheme file (`--fs ./my-scheme.mjs`, scenario `fs: ./my-scheme.mjs`): an ES module
 * whose default export is a class extending a built-in scheme (`Diocount`, `Hold`, … from
 * `aiosim`), with an optional `static summary`. It is loaded before any run starts, in the main
 * thread and in every explore worker (shard-worker.ts), and registered under the path runs name
 * it by (schemes.ts), so that everything after that is synchronous as for a built-in scheme.
 *
 * Every way a scheme file can be wrong is one UserError line naming the file (exit 2): missing,
 * not a module aiosim loads (.ts: compile it first), throwing while it loads, exporting no
 * class, or a class that lacks the hooks a scheme has (it does not extend a built-in scheme).
 *
 * The module is imported under a URL that carries a hash of its bytes, so a process that loads
 * an edited file gets the edit, not Node's cached module.
 */
import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { RequestQueue } from '../aio/blk-queue.js';
import { UserError } from '../sim/errors.js';
import { shared } from '../sim/footprint.js';
import type { SuperBlock } from '../vfs/superblock.js';
import type { Diocount } from './diocount.js';
import { registerSchemeHooks } from './scheme-hooks.js';
import { type SchemeInfo, SCHEME_NAMES, registerUserScheme, schemeNamed } from './schemes.js';
import { isSchemePath } from './user-schemes.js';

/**
 * What every scheme implements (FileSystemOps, IomapOps, IomapDioOps, and the Diocount family's
 * own hooks that iomap and the VFS entry points call): a class lacking one does not extend a
 * built-in scheme, and would fail deep inside a run.
 */
const REQUIRED_HOOKS = [
  'alloc_inode',
  'write_iter',
  'read_iter',
  'setattr_size',
  'fallocate',
  'fsync',
  'release',
  'evict_inode',
  'iomap_begin',
  'dio_begin',
  'before_async_return',
  'completion',
  'end_io_step',
] as const;

const LOADABLE = new Set(['.mjs', '.js']);

/** The base's fields that never change after construction (footprints skip them). */
const SCHEME_UNTRACKED: ReadonlySet<keyof Diocount> = new Set(['sb', 'q', 'name'] as const);

type SchemeClass = new (sb: SuperBlock, q: RequestQueue) => Diocount;

/**
 * Makes `fs` usable by runs in this thread: a built-in name needs nothing; a scheme file is
 * loaded and registered (once). Anything else is a UserError listing the built-in names.
 */
export async function useScheme(fs: string, flag = '--fs'): Promise<void> {
  if (schemeNamed(fs)) return;
  if (!isSchemePath(fs)) throw new UserError(`${flag}: unknown scheme "${fs}"; expected one of ${SCHEME_NAMES.join(', ')}, or a scheme file (.mjs/.js)`);
  registerUserScheme(await loadSchemeFile(fs));
}

/** Loads and checks the scheme file `fs` (a path relative to the working directory, or absolute). */
export async function loadSchemeFile(fs: string): Promise<SchemeInfo> {
  const ext = extname(fs);
  if (ext === '.ts' || ext === '.mts')
    throw new UserError(`${fs}: a TypeScript scheme file; aiosim loads JavaScript modules (.mjs/.js): compile it first (e.g. tsc or esbuild)`);
  if (!LOADABLE.has(ext)) throw new UserError(`${fs}: not a scheme module (.mjs/.js)`);
  const abs = resolve(fs);
  let content: string;
  try {
    content = readFileSync(abs, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`${fs}: ${code === 'ENOENT' ? 'no such scheme file' : `cannot read the scheme file (${code ?? 'error'})`}`);
  }
  registerSchemeHooks();
  let mod: { default?: unknown };
  try {
    mod = (await import(`${pathToFileURL(abs).href}?sha=${contentTag(content)}`)) as { default?: unknown };
  } catch (err) {
    throw new UserError(`${fs}: the scheme module failed to load: ${oneLine(err)}`);
  }
  const Scheme = mod.default;
  if (typeof Scheme !== 'function' || !Scheme.prototype)
    throw new UserError(
      `${fs}: exports no scheme: its default export must be a class extending a built-in scheme (export default class extends Diocount { … })`,
    );
  const missing = REQUIRED_HOOKS.filter((h) => typeof (Scheme.prototype as Record<string, unknown>)[h] !== 'function');
  if (missing.length > 0)
    throw new UserError(`${fs}: the default export lacks the scheme hooks ${missing.join(', ')}: extend a built-in scheme (Diocount, Hold, …) from 'aiosim'`);
  const summary = (Scheme as { summary?: unknown }).summary;
  const cls = Scheme as SchemeClass;
  return {
    name: fs,
    kind: 'user',
    summary: typeof summary === 'string' ? summary : `scheme file ${fs}`,
    create: (sb, q) => {
      try {
        return trackedScheme(new cls(sb, q), fs);
      } catch (err) {
        throw new UserError(`${fs}: the scheme's constructor threw: ${oneLine(err)}`);
      }
    },
  };
}

/**
 * A scheme file's state, recorded by construction: under dfs, every field the scheme keeps on
 * itself (`this.x`) and on its per-inode state (what ->alloc_inode returns, inode.i_private)
 * is in the footprints of the steps that touch it. (Per-I/O state, iocb.private, is a field of
 * the kiocb, which records it.) State kept anywhere else is what user-proof.ts looks for.
 */
export function trackedScheme<S extends Diocount>(scheme: S, key: string): S {
  const sim = scheme.sb.sim;
  if (!sim.footprints) return scheme;
  const alloc = scheme.alloc_inode.bind(scheme);
  scheme.alloc_inode = (ino: number) => {
    const p = alloc(ino);
    return p !== null && typeof p === 'object' ? shared(sim, p, `ino:${ino}.i_private`, new Set(), true) : p;
  };
  return shared(sim, scheme, `fs:${key}`, SCHEME_UNTRACKED, true);
}

/** A short tag of the file's bytes (FNV-1a), so an edited file is a new module URL. */
function contentTag(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16);
}

function oneLine(err: unknown): string {
  const text = err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);
  return text.split('\n')[0]!;
}
