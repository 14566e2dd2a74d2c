/**
 * Progress of a long exploration, on stderr so that stdout stays the result: on a terminal a
 * line redrawn at most 10 times a second (executions, executions/s, elapsed); elsewhere a plain
 * line every 2 seconds; nothing at all with --json. Real time is read here, in the CLI — never
 * inside the simulation.
 */
import { performance } from 'node:perf_hooks';

/** `budget` null: the total is not known in advance (dfs), so no fraction is shown. */
export function progressReporter(budget: number | null, enabled: boolean): { tick: (executions: number) => void; done: () => void } {
  const stream = process.stderr;
  const tty = stream.isTTY === true && (stream.columns ?? 0) > 0 && !process.env.CI;
  const start = performance.now();
  let last = start;
  let drawn = false;
  let count = 0;
  const line = (n: number, tail = 'no violation yet'): string => {
    const seconds = (performance.now() - start) / 1000;
    return `explore: ${budget === null ? n : `${n} / ${budget}`} executions · ${Math.round(n / Math.max(seconds, 1e-3))}/s · ${seconds.toFixed(1)} s · ${tail}`;
  };
  return {
    tick(n: number): void {
      count = n;
      if (!enabled) return;
      const now = performance.now();
      if (now - last < (tty ? 100 : 2000)) return;
      last = now;
      if (tty) stream.write(`\r\x1b[2K${line(n)}`);
      else stream.write(`${line(n)}\n`);
      drawn = true;
    },
    done(): void {
      if (enabled && tty && drawn) stream.write('\r\x1b[2K');
      // A log always ends with the totals, however short the run was.
      if (enabled && !tty && count > 0) stream.write(`${line(count, 'done')}\n`);
    },
  };
}
