/**
 * Lets a scheme file outside this package write `import { Diocount } from 'aiosim'`: a Node
 * module resolve hook (module.register, Node ≥ 20.6) that maps the bare specifier `aiosim` to
 * this package's public entry (dist/src/api.js), wherever the scheme file lives. Inside the
 * package, package.json `exports` does the same (self-reference). Hooks are per thread, so the
 * main thread and each explore worker register it (load-scheme.ts does, once per thread).
 *
 * The hook is a data: URL so that it runs unbuilt (vitest) and built alike: the loader thread
 * runs plain JavaScript.
 */
import { existsSync } from 'node:fs';
import { register } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HOOK = `
let api;
export function initialize(data) { api = data.api; }
export async function resolve(specifier, context, next) {
  if (specifier === 'aiosim') return { url: api, shortCircuit: true };
  return next(specifier, context);
}`;

let registered = false;

/** The built public entry: dist/src/api.js under the package root (found from this file, in src/ or dist/src/). */
export function apiEntryUrl(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package root not found');
    dir = up;
  }
  return pathToFileURL(join(dir, 'dist', 'src', 'api.js')).href;
}

/** Registers the `aiosim` resolve hook in this thread, once. */
export function registerSchemeHooks(): void {
  if (registered) return;
  registered = true;
  register(`data:text/javascript,${encodeURIComponent(HOOK)}`, { data: { api: apiEntryUrl() } });
}
