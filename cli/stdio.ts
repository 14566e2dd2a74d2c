/**
 * When stdout or stderr cannot be written. A reader that went away (`aiosim run … | head`,
 * EPIPE) ends the process quietly with the status it has, as a C tool killed by SIGPIPE would.
 * Any other error (a full disk, ENOSPC; EIO) means the result was not delivered: one line on
 * stderr (when stderr still works), exit 2 — the same as an output file that cannot be
 * written, since the user fixes it the same way — never a stack trace.
 */
import { reason } from './output.js';

export const STDOUT_FAILED = 2;

export function onStdioError(stream: 'stdout' | 'stderr', err: NodeJS.ErrnoException): never {
  if (err.code === 'EPIPE') process.exit(Number(process.exitCode ?? 0));
  if (stream === 'stdout') {
    try {
      process.stderr.write(`aiosim: cannot write the result to stdout: ${reason(err)}\n`);
    } catch {
      // stderr is gone too: the exit code is all that is left.
    }
  }
  process.exit(STDOUT_FAILED);
}

export function handleStdioErrors(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => onStdioError('stdout', err));
  process.stderr.on('error', (err: NodeJS.ErrnoException) => onStdioError('stderr', err));
}
