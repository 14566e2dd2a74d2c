/**
 * What the commands print and write. Results go to stdout, a line at a time (`out`); the exit
 * code says whether a violation was found (design §8). Report files are written atomically (a
 * temporary file renamed into place) so that a failure never leaves a half-written report
 * behind; a directory that does not exist is bad input.
 */
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UserError } from '../src/sim/errors.js';
import { renderHtmlReport } from '../src/report/html.js';
import { toPerfetto } from '../src/report/perfetto.js';
import type { ScenarioRun } from '../src/scenario/runner.js';

export function out(s: string): void {
  process.stdout.write(`${s}\n`);
}

/** Exit code 1 when a violation was found, 0 otherwise (bad input never gets here: it throws a UserError). */
export function exitForViolations(violations: number): void {
  process.exitCode = violations > 0 ? 1 : 0;
}

export function checkWritable(flag: string, file: string | undefined): void {
  if (file === undefined) return;
  if (!existsSync(dirname(resolve(file)))) throw new UserError(`${flag}: directory ${dirname(resolve(file))} does not exist`);
}

/** Fails early (exit 2, nothing run or written) if a --trace or --html file cannot be created. */
export function checkReportFiles(files: ReportFiles): void {
  checkWritable('--trace', files.trace);
  checkWritable('--html', files.html);
}

export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${resolve(file)}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, resolve(file));
  } catch (err) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing to remove: the name itself was refused (ENAMETOOLONG), or the directory is not ours
    }
    throw new UserError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

export interface ReportFiles {
  readonly trace?: string;
  readonly html?: string;
}

export function writeRunReports(run: ScenarioRun, files: ReportFiles, meta: { strategy: string; replay: string }): void {
  const schedule = meta.replay;
  if (files.trace) writeFileAtomic(files.trace, JSON.stringify(toPerfetto(run.events, { scenario: run.scenario.name, fs: run.fs, schedule })));
  if (files.html) {
    const r = run.result;
    writeFileAtomic(files.html, renderHtmlReport({
      scenario: run.scenario.name, title: run.scenario.title, fs: run.fs, strategy: meta.strategy,
      summary: `${r.outcome} in ${r.steps} steps, ${(r.now / 1000).toFixed(1)} µs virtual`,
      events: run.events, verdicts: r.verdicts, replay: schedule,
    }));
  }
}
