/**
 * Scheme files (`--fs ./my-scheme.mjs`, scenario `fs: ./my-scheme.mjs`): how a scheme reference
 * that is a path is told from a built-in name, and how a scenario's relative path is resolved.
 * Loading one is load-scheme.ts; the registry of loaded ones is in schemes.ts.
 */
import { dirname, isAbsolute, relative, resolve } from 'node:path';

/** A scheme reference is a file when it has a path separator or ends like a module file; built-in names never do. */
export function isSchemePath(fs: string): boolean {
  return /[/\\]/.test(fs) || /\.(mjs|cjs|js|mts|ts)$/.test(fs);
}

/**
 * A scenario file's `fs: ./x.mjs` is relative to the scenario file; the scheme reference a run
 * carries (and a token prints) is relative to where aiosim runs, as `--fs` paths are.
 */
export function resolveSchemePath(fs: string, scenarioFile: string): string {
  if (!isSchemePath(fs) || isAbsolute(fs)) return fs;
  return cwdRelative(resolve(dirname(scenarioFile), fs));
}

/** `./x/y.mjs` from an absolute path: relative to the working directory, absolute if that is shorter. */
export function cwdRelative(abs: string): string {
  const rel = relative(process.cwd(), abs);
  if (rel === '' || isAbsolute(rel)) return abs;
  const shown = rel.startsWith('..') ? rel : `./${rel}`;
  return shown.length <= abs.length ? shown : abs;
}
