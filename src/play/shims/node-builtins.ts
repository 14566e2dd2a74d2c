/**
 * The browser bundle's stand-in for the Node built-ins the library imports (node:fs, node:path,
 * node:url, node:worker_threads): scenario files, token files and worker threads have no place
 * in a page. The page gets its scenarios as data from `aiosim play`, so none of these is ever
 * called there; if one were, it says so instead of failing somewhere later.
 */
const absent =
  (name: string) =>
  (..._args: unknown[]): never => {
    throw new Error(`${name} is not available in the browser playground`);
  };

export const existsSync = absent('fs.existsSync');
export const readdirSync = absent('fs.readdirSync');
export const readFileSync = absent('fs.readFileSync');
export const statSync = absent('fs.statSync');
export const openSync = absent('fs.openSync');
export const closeSync = absent('fs.closeSync');
export const fstatSync = absent('fs.fstatSync');
export const readSync = absent('fs.readSync');
export const constants = {};
export const dirname = absent('path.dirname');
export const join = absent('path.join');
export const resolve = absent('path.resolve');
export const relative = absent('path.relative');
export const isAbsolute = absent('path.isAbsolute');
export const fileURLToPath = absent('url.fileURLToPath');
export const parentPort = null;
export const Worker = absent('worker_threads.Worker');
/** Embedding a scenario in a token (`--embed`) is the CLI's; the page's tokens carry none. */
export const deflateRawSync = absent('zlib.deflateRawSync');
export const inflateRawSync = absent('zlib.inflateRawSync');
