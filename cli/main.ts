#!/usr/bin/env node
/** The `aiosim` executable (package.json `bin`): runs the program of program.ts and exits with its status. */
import { main } from './program.js';
import { handleStdioErrors } from './stdio.js';

handleStdioErrors();
process.exitCode = await main(process.argv);
