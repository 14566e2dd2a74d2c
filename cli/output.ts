/**
 * Where the commands write. The result goes to stdout, a line at a time (`out`); the exit code
 * says whether a violation was found (design §8). Output files (--trace, --html, --svg,
 * --save-scenario) are written atomically: into a temporary file next to the target, renamed
 * into place, so a failure never leaves a half-written file behind, and the temporary file is
 * removed on every error path and at exit (a signal is taken between two writes: interrupt.ts).
 *
 * An output path is refused, in one line naming the flag and the path (exit 2), when it cannot
 * be written: no such directory, a name too long, no permission, a full disk, or anything that
 * is not a regular file — a directory, a device, a FIFO, a socket (renaming over /dev/null as
 * root would replace the device). A symbolic link is followed, as a shell's `>` follows it: the
 * file it points to is replaced and the link stays (a link to a device is refused like the
 * device). `-` is stdout: the report goes there, and the result that would have gone to stdout
 * goes to stderr instead.
 */
import { closeSync, lstatSync, openSync, readlinkSync, renameSync, rmSync, statSync, writeSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UserError } from '../src/sim/errors.js';

/** The flag that writes its report to stdout (`-`), or `--json` for the result object; null: stdout is the result's. */
let stdoutOwner: string | null = null;

/** The result: on stdout, or on stderr when a report was sent to stdout (`--html -`). */
export function out(s: string): void {
  (stdoutOwner && stdoutOwner !== '--json' ? process.stderr : process.stdout).write(`${s}\n`);
}

/** Exit code 1 when a violation was found, 0 otherwise (bad input never gets here: it throws a UserError). */
export function exitForViolations(violations: number): void {
  process.exitCode = violations > 0 ? 1 : 0;
}

/** Takes stdout for `flag`: one report, or the --json object, can have it, not two. */
export function claimStdout(flag: string): void {
  if (stdoutOwner !== null && stdoutOwner !== flag)
    throw new UserError(`${flag === '--json' ? flag : `${flag} -`}: stdout already carries ${describeOwner(stdoutOwner)}; write one of them to a file`);
  stdoutOwner = flag;
}

const describeOwner = (flag: string): string => (flag === '--json' ? 'the --json object' : `the ${flag} report (${flag} -)`);

/** Forgets who has stdout (main() runs one command; a second one in the same process starts clean). */
export function resetOutput(): void {
  stdoutOwner = null;
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
  EFBIG: 'the file is too large',
};

/** `code` as a reason a person reads: "no space left on the device (ENOSPC)". */
export function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  return code ? `${REASONS[code] ?? 'error'} (${code})` : String((err as Error).message).split('\n')[0]!;
}

function cannotWrite(flag: string | undefined, file: string, why: string): UserError {
  return new UserError(`${flag ? `${flag}: ` : ''}cannot write ${JSON.stringify(file)}: ${why}`);
}

const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(code), { code });

/** What a path that is not a regular file is, in a word. */
function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/** The file `path` names with its symbolic links followed (a dangling link names the file it would create). */
function followLinks(path: string): string {
  let p = resolve(path);
  for (let hops = 0; hops <= 40; hops++) {
    const st = lstatSync(p, { throwIfNoEntry: false });
    if (!st?.isSymbolicLink()) return p;
    p = resolve(dirname(p), readlinkSync(p));
  }
  throw errno('ELOOP'); // as the kernel's limit of 40 links in a path
}

/**
 * The regular file (existing or not) a report for `file` replaces. Throws a UserError naming
 * `flag` when it is a directory or anything else that is not a regular file.
 */
function regularTarget(flag: string | undefined, file: string): string {
  try {
    const target = followLinks(file);
    if (!statSync(dirname(target)).isDirectory()) throw errno('ENOTDIR');
    const existing = statSync(target, { throwIfNoEntry: false });
    if (existing?.isDirectory()) throw errno('EISDIR');
    if (existing && !existing.isFile()) throw cannotWrite(flag, file, `it is ${kindOf(existing)}, not a regular file (use - for stdout)`);
    return target;
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw cannotWrite(flag, file, reason(err));
  }
}

/** Temporary files of writes under way: removed if the process ends before their rename. */
const temps = new Set<string>();
let removeAtExit = false;

/** A short name next to the target: a long target name must not make the temporary one too long. */
function tempFor(target: string): string {
  if (!removeAtExit) {
    removeAtExit = true;
    process.on('exit', () => {
      for (const t of temps) rmSync(t, { force: true });
    });
  }
  const tmp = join(dirname(target), `.aiosim-${process.pid}.tmp`);
  temps.add(tmp);
  return tmp;
}

function removeTemp(tmp: string): void {
  try {
    rmSync(tmp, { force: true });
  } catch {
    // Nothing was created (the name or the directory was refused): nothing to take away.
  }
  temps.delete(tmp);
}

/**
 * Fails early (exit 2, nothing run or written) if `file` cannot be written: the run may take
 * minutes, and its report should not be lost at the end. A file that exists is kept as it is.
 * `-` takes stdout for this flag (unless `stdout` is false: a flag whose file is named elsewhere).
 */
export function checkWritable(flag: string, file: string | undefined, stdout = true): void {
  if (file === undefined) return;
  if (file === '-') {
    if (!stdout) throw new UserError(`${flag}: - (stdout) is not accepted here: the replay token printed for it names the file`);
    claimStdout(flag);
    return;
  }
  const target = regularTarget(flag, file);
  const tmp = tempFor(target);
  try {
    if (!statSync(target, { throwIfNoEntry: false })) {
      // Create it and take it away again: the only portable test of the name, the directory's permission and quota.
      closeSync(openSync(target, 'wx'));
      rmSync(target, { force: true });
    }
    closeSync(openSync(tmp, 'w'));
  } catch (err) {
    throw cannotWrite(flag, file, reason(err));
  } finally {
    removeTemp(tmp);
  }
}

/** What is written: one string, or pieces of it (a large report, without one string of the whole). */
export type Content = string | Iterable<string>;

/** `flag` names the option the path came from in the error line (e.g. `--trace`). `-` writes to stdout. */
export function writeFileAtomic(file: string, content: Content, flag?: string): void {
  if (file === '-') {
    for (const chunk of typeof content === 'string' ? [content] : content) process.stdout.write(chunk);
    return;
  }
  const target = regularTarget(flag, file);
  const tmp = tempFor(target);
  try {
    const fd = openSync(tmp, 'w');
    try {
      for (const chunk of typeof content === 'string' ? [content] : content) writeAll(fd, chunk);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
    temps.delete(tmp);
  } catch (err) {
    removeTemp(tmp);
    if (err instanceof UserError) throw err;
    // Anything else thrown while writing (a renderer's bug) is not the path's fault: it passes on.
    if ((err as NodeJS.ErrnoException).syscall === undefined) throw err;
    throw cannotWrite(flag, file, reason(err));
  }
}

function writeAll(fd: number, chunk: string): void {
  const bytes = Buffer.from(chunk);
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
}
