/**
 * Bundles the browser playground (src/play/main.ts and the simulator it runs) into one script
 * with esbuild: `npm run build` writes dist/play/bundle.js, which `aiosim play` inlines into
 * its page. The simulator runs unchanged; only what a page cannot have is swapped at bundle
 * time (src/play/shims/): Node's Buffer (injected where the code names it), memfs (the disk
 * image's store), and the node: built-ins the CLI paths import but the page never calls.
 *
 *   node scripts/build-play.mjs            # writes dist/play/bundle.js
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shims = join(root, 'src/play/shims');

/** The bundle's text, and its size in bytes. */
export async function bundlePlay() {
  const result = await build({
    entryPoints: [join(root, 'src/play/main.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    write: false,
    legalComments: 'none',
    inject: [join(shims, 'buffer.ts')],
    alias: { memfs: join(shims, 'memfs.ts') },
    logLevel: 'error',
    plugins: [
      {
        name: 'node-builtins',
        setup(b) {
          b.onResolve({ filter: /^node:/ }, () => ({ path: join(shims, 'node-builtins.ts') }));
        },
      },
    ],
  });
  return result.outputFiles[0].text;
}

export const BUNDLE = join(root, 'dist/play/bundle.js');

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const code = await bundlePlay();
  mkdirSync(dirname(BUNDLE), { recursive: true });
  writeFileSync(BUNDLE, code);
  process.stdout.write(`dist/play/bundle.js: ${(code.length / 1024).toFixed(0)} KiB\n`);
}
