/**
 * The files a command writes besides its result (--trace, --html, --svg, --save-scenario), and
 * what a failing one does to the exit code. They are written after the result is printed, one
 * after the other, each atomically (output.ts): a report that cannot be written or rendered is
 * one line on stderr, the others are still written, and a violation found stays exit 1 with its
 * token printed. Without a violation, a failed report is the exit code of its error: 2 for a
 * path or a run too large to draw, 3 for a bug in a renderer.
 */
import { failure } from './errors.js';
import { exitOnInterrupt } from './interrupt.js';
import { type Content, checkWritable, writeFileAtomic } from './output.js';
import { jsonChunks } from './json-chunks.js';
import { tooLargeToDraw } from './timeline-size.js';
import { UserError } from '../src/sim/errors.js';
import { renderHtmlReport } from '../src/report/html.js';
import { toPerfetto } from '../src/report/perfetto.js';
import type { ScenarioRun } from '../src/scenario/runner.js';

export interface Report {
  /** The option it came from, for the error line (`--html`). */
  readonly flag: string;
  readonly file: string;
  /** Rendered only when its turn comes: a report is never held in memory beside another. */
  readonly content: () => Content;
}

/**
 * Writes `reports` in order; the worst exit status of the ones that failed (0: none did). A
 * signal waits for the write under way (interrupt.ts), so a report is whole or absent, and ends
 * the process before the next one.
 */
export async function writeReports(reports: readonly (Report | null)[]): Promise<number> {
  exitOnInterrupt();
  let status = 0;
  for (const r of reports) {
    if (!r) continue;
    await new Promise<void>((resolve) => setImmediate(resolve)); // a signal that came during the last write ends the process here
    try {
      writeFileAtomic(r.file, r.content(), r.flag);
    } catch (err) {
      const f = failure(
        err instanceof UserError ? err : new Error(`${r.flag}: rendering the report failed: ${err instanceof Error ? err.message : String(err)}`),
      );
      process.stderr.write(`${f.line}\n`);
      status = Math.max(status, f.status);
    }
  }
  return status;
}

/** The exit code of a command that found `violations` and whose reports ended with `reportStatus`. */
export function exitFor(violations: number, reportStatus: number): void {
  process.exitCode = violations > 0 ? 1 : reportStatus;
}

export interface RunReportFiles {
  readonly trace?: string;
  readonly html?: string;
  /** --perfetto-step-ns */
  readonly perfettoStepNs?: number;
}

/** Fails early (exit 2, nothing run or written) if a --trace or --html file cannot be created. */
export function checkReportFiles(files: RunReportFiles): void {
  checkWritable('--trace', files.trace);
  checkWritable('--html', files.html);
}

/** --trace and --html of one run (what `run` and `replay` show, and the violating run of `explore`). */
export function runReports(run: ScenarioRun, files: RunReportFiles, meta: { strategy: string; replay: string }): Report[] {
  const schedule = meta.replay;
  const reports: Report[] = [];
  if (files.trace) {
    reports.push({
      flag: '--trace',
      file: files.trace,
      content: () => jsonChunks(toPerfetto(run.events, { scenario: run.scenario.name, fs: run.fs, schedule, stepNs: files.perfettoStepNs })),
    });
  }
  if (files.html) {
    reports.push({
      flag: '--html',
      file: files.html,
      content: () => {
        const tooLarge = tooLargeToDraw(run.events);
        if (tooLarge) throw new UserError(`--html: not written: ${tooLarge}; --trace <file> writes it for ui.perfetto.dev`);
        const r = run.result;
        return renderHtmlReport({
          scenario: run.scenario.name,
          title: run.scenario.title,
          fs: run.fs,
          strategy: meta.strategy,
          summary: `${r.outcome} in ${r.steps} steps, ${(r.now / 1000).toFixed(1)} µs virtual`,
          events: run.events,
          verdicts: r.verdicts,
          replay: schedule,
        });
      },
    });
  }
  return reports;
}
