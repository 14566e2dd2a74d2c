#!/usr/bin/env node
/** The `aiosim` executable (package.json `bin`): runs the program of program.ts and exits with its status. */
import { main } from './program.js';

// `aiosim run … | head`: when the reader goes away, stop quietly, as a C tool killed by SIGPIPE
// would, instead of dying on an unhandled EPIPE with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    process.exit(Number(process.exitCode ?? 0));
  });
}

process.exitCode = await main(process.argv);
