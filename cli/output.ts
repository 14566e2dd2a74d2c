/**
 * What the commands print and write. Results go to stdout, a line at a time (`out`); the exit
 * code says whether a violation was found (design §8). Report files are written atomically (a
 * temporary file renamed into place) so that a failure never leaves a half-written report
 * behind. A path that cannot be written (no such directory, a name too long, no permission, a
 * directory or a device in the way, a full disk) is bad input: one line naming the flag and the
 * path, exit 2, and no temporary file left.
 */
import { closeSync, openSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
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

const REASONS: Record<string, string> = {
  ENOENT: 'no such directory',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
  ENAMETOOLONG: 'the name is too long',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ELOOP: 'too many symbolic links',
  EIO: 'I/O error',
};

function cannotWrite(flag: string | undefined, file: string, err: unknown): UserError {
  const code = (err as NodeJS.ErrnoException).code;
  const why = code ? `${REASONS[code] ?? 'error'} (${code})` : String((err as Error).message).split('\n')[0];
  return new UserError(`${flag ? `${flag}: ` : ''}cannot write ${JSON.stringify(file)}: ${why}`);
}

/** A short name next to the target: a long target name must not make the temporary one too long. */
const tempFor = (target: string): string => join(dirname(target), `.aiosim-${process.pid}.tmp`);

/**
 * Fails early (exit 2, nothing run or written) if `file` cannot be written: the run may take
 * minutes, and its report should not be lost at the end. A file that exists is kept as it is.
 */
export function checkWritable(flag: string, file: string | undefined): void {
  if (file === undefined) return;
  const target = resolve(file);
  try {
    if (!statSync(dirname(target)).isDirectory()) throw Object.assign(new Error(), { code: 'ENOTDIR' });
    const existing = statSync(target, { throwIfNoEntry: false });
    if (existing?.isDirectory()) throw Object.assign(new Error(), { code: 'EISDIR' });
    // Renaming over a device would replace it (/dev/null, /dev/stdout when run as root): only plain files.
    if (existing && !existing.isFile()) throw new UserError(`${flag}: cannot write ${JSON.stringify(file)}: it is not a regular file`);
    if (!existing) {
      // Create it and take it away again: the only portable test of the name, the directory's permission and quota.
      closeSync(openSync(target, 'wx'));
      rmSync(target, { force: true });
    }
    closeSync(openSync(tempFor(target), 'w'));
    rmSync(tempFor(target), { force: true });
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw cannotWrite(flag, file, err);
  }
}

/** Fails early (exit 2, nothing run or written) if a --trace or --html file cannot be created. */
export function checkReportFiles(files: ReportFiles): void {
  checkWritable('--trace', files.trace);
  checkWritable('--html', files.html);
}

/** `flag` names the option the path came from in the error line (e.g. `--trace`). */
export function writeFileAtomic(file: string, text: string, flag?: string): void {
  const target = resolve(file);
  const tmp = tempFor(target);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, target);
  } catch (err) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // Nothing was created (the name or the directory was refused): nothing to take away.
    }
    throw cannotWrite(flag, file, err);
  }
}

export interface ReportFiles {
  readonly trace?: string;
  readonly html?: string;
}

export function writeRunReports(run: ScenarioRun, files: ReportFiles, meta: { strategy: string; replay: string }): void {
  const schedule = meta.replay;
  if (files.trace) writeFileAtomic(files.trace, JSON.stringify(toPerfetto(run.events, { scenario: run.scenario.name, fs: run.fs, schedule })), '--trace');
  if (files.html) {
    const r = run.result;
    writeFileAtomic(
      files.html,
      renderHtmlReport({
        scenario: run.scenario.name,
        title: run.scenario.title,
        fs: run.fs,
        strategy: meta.strategy,
        summary: `${r.outcome} in ${r.steps} steps, ${(r.now / 1000).toFixed(1)} µs virtual`,
        events: run.events,
        verdicts: r.verdicts,
        replay: schedule,
      }),
      '--html',
    );
  }
}
