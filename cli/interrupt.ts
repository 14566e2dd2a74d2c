/**
 * SIGINT and SIGTERM (Ctrl-C, `timeout`, a CI job cancelled). Until a command asks, they keep
 * their default and end the process at once, which is right while nothing is half-written. A
 * command that writes files calls `exitOnInterrupt()` first: from then on a signal waits for
 * the write under way (writes are synchronous, and a handler runs between two turns of the
 * event loop), so a report is whole or absent; output.ts removes any temporary file at exit.
 * An exploration calls `interruptible()`: the first signal stops it after the execution under
 * way and it prints what it found so far; a second one ends the process at once.
 * The exit status of a process a signal ended is 128 + the signal's number (130, 143), as a shell's.
 */
import { constants } from 'node:os';

let installed = false;
let exploration: AbortController | null = null;

export function signalStatus(signal: NodeJS.Signals): number {
  return 128 + constants.signals[signal];
}

function onSignal(signal: NodeJS.Signals): void {
  if (exploration && !exploration.signal.aborted) {
    exploration.abort(signal);
    return;
  }
  process.exit(signalStatus(signal));
}

export function exitOnInterrupt(): void {
  if (installed) return;
  installed = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, onSignal);
}

/**
 * An AbortSignal that the next SIGINT or SIGTERM aborts (its `reason` is the signal's name),
 * until `done()`: then a signal ends the process again, after the write under way.
 */
export function interruptible(): { readonly signal: AbortSignal; done(): void } {
  exitOnInterrupt();
  const controller = new AbortController();
  exploration = controller;
  return {
    signal: controller.signal,
    done() {
      if (exploration === controller) exploration = null;
    },
  };
}
