/** Flag parsers shared by the commands: every bad value is a usage error (exit 2) naming the flag. */
import { InvalidArgumentError, Option } from 'commander';
import { SCHEME_NAMES } from '../src/fs-impls/schemes.js';
import { isSchemePath } from '../src/fs-impls/user-schemes.js';
import { STEP_LIMIT_MAX } from '../src/sim/simulator.js';

export function wholeNumber(min: number, max: number): (value: string) => number {
  return (value: string) => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    }
    return Number(value);
  };
}

export const parseSeed = wholeNumber(0, 0xffffffff);

/** A preemption bound: a whole number, or `unbounded`. */
export function parsePreemptions(value: string): number {
  if (value === 'unbounded') return Infinity;
  if (!/^\d+$/.test(value) || Number(value) > 1000) throw new InvalidArgumentError('expected a whole number from 0 to 1000, or unbounded');
  return Number(value);
}

/** A flag value that names something (a file, a schedule): empty is a slip of the shell (`--trace "$OUT"`), not "off". */
export function nonEmpty(value: string): string {
  if (value === '') throw new InvalidArgumentError('expected a value, got an empty string');
  return value;
}

/** `--trace <file>` and the like: a flag that takes a non-empty value. */
export const valueOption = (flags: string, description: string): Option => new Option(flags, description).argParser(nonEmpty);

/** A built-in scheme's name, or a scheme file (a path; load-scheme.ts loads and checks it before the first run). */
export function parseScheme(value: string): string {
  if (SCHEME_NAMES.includes(value) || isSchemePath(value)) return value;
  throw new InvalidArgumentError(`Allowed choices are ${SCHEME_NAMES.join(', ')}, or a scheme file (./my-scheme.mjs).`);
}

export const fsOption = (description = "file-system scheme, or a scheme file ./x.mjs (default: the scenario's own; see `aiosim list --schemes`)"): Option =>
  new Option('--fs <scheme>', description).argParser(parseScheme);
export const seedOption = (): Option => new Option('--seed <n>', 'seed of the first execution').argParser(parseSeed).default(1);
export const jsonOption = (): Option => new Option('--json', 'print one JSON object on stdout (no colour, no timeline)');
export const stepLimitOption = (): Option =>
  new Option(
    '--step-limit <n>',
    "end a run with a step-limit verdict after this many steps (default: the scenario's own, which grows with its ops, tasks and blocks)",
  ).argParser(wholeNumber(1, STEP_LIMIT_MAX));

export function terminalWidth(): number {
  const cols = process.stdout.columns;
  return cols && cols > 0 ? cols : 100; // 0 or undefined on some ptys and in pipes
}

/** `--perfetto-step-ns <n>`, beside every --trace: the CPU time each trace event takes in the Perfetto trace (src/report/perfetto.ts). */
export const perfettoStepOption = (): Option =>
  new Option(
    '--perfetto-step-ns <n>',
    'in --trace, give each trace event n ns of CPU time (default 1; 1000 makes lock activity visible without zooming)',
  ).argParser(wholeNumber(1, 1_000_000));

/** `--axis turn|time` and `--column-us <n>`: the terminal swimlane's x axis (src/report/swimlane.ts). */
export const axisOption = (): Option =>
  new Option('--axis <axis>', 'swimlane x axis: a column per scheduling turn, or per --column-us of virtual time').choices(['turn', 'time']).default('turn');
export const columnUsOption = (): Option =>
  new Option('--column-us <n>', 'with --axis time: µs of virtual time per swimlane column (default: the run fits the terminal)').argParser(
    wholeNumber(1, 1_000_000_000),
  );

/** `--embed`, wherever a token is printed: the token carries the scenario, so it replays without the file, on any machine. */
export const embedOption = (): Option =>
  new Option('--embed', 'print replay tokens that carry the scenario itself (compressed): they replay without the scenario file, on any machine');
/** `--force` (replay, explain): replay a token whose scenario or scheme changed since it was recorded. */
export const forceOption = (): Option => new Option('--force', 'replay the token even if its scenario or scheme changed since it was recorded');
/** The --help paragraph on output files (output.ts has the rules). */
export const REPORT_FILES_HELP = [
  'Output files are written after the result, each atomically (a temporary file renamed into place). A symbolic link is',
  'followed: the file it points to is replaced. Anything else that is not a regular file (a device, a FIFO, a socket, a',
  'directory) is refused. - writes the report to stdout, and then the result goes to stderr.',
].join('\n');
