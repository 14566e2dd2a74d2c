/**
 * `aiosim bench <workload>`: the timed performance model — every scheme on one workload,
 * metrics in virtual time, verdicts marked. (`npm run bench` is different: it measures the
 * simulator's own speed.)
 */
import { Argument, type Command, Option } from 'commander';
import { terminalChalk } from '../src/report/colour.js';
import { SCHEMES, cleanSchemes } from '../src/fs-impls/schemes.js';
import { UserError } from '../src/sim/errors.js';
import { bench } from '../src/perf/bench.js';
import { benchSvg } from '../src/perf/chart.js';
import { WORKLOADS, type Workload } from '../src/perf/workloads.js';
import { checkWritable, claimStdout, out } from './output.js';
import { exitFor, writeReports } from './reports.js';
import { jsonOption, valueOption, wholeNumber } from './options.js';

/** Every scheme expected clean (kind correct or rfc): the ones whose speed is worth comparing. */
const DEFAULT_SCHEMES = cleanSchemes().map((s) => s.name);

export interface BenchCommandOptions {
  schemes?: string;
  submitters: number;
  depth: number;
  ios: number;
  queueDepth: number;
  latency: string;
  distribution: 'uniform' | 'fixed' | 'exponential' | 'lognormal';
  cpuSubmit: number;
  cpuHandoff: number;
  cpuCompletion: number;
  seeds: number;
  check: number;
  json?: boolean;
  svg?: string;
}

function parseLatency(value: string): { min: number; max: number } {
  const m = /^(\d+)(?:-(\d+))?$/.exec(value);
  if (!m || (m[2] !== undefined && Number(m[2]) < Number(m[1])))
    throw new UserError(`--latency: expected MIN-MAX or a single value in µs (e.g. 50-150), got "${value}"`);
  return { min: Number(m[1]), max: Number(m[2] ?? m[1]) };
}

export function addBenchCommand(program: Command): void {
  const us = wholeNumber(0, 1_000_000);
  program
    .command('bench')
    .description(
      'performance model: run one workload under every scheme (timed strategy) and compare IOPS, latency, lock waits, exclusive hold time and device utilisation',
    )
    .addArgument(new Argument('<workload>', WORKLOADS.join(' | ')).choices([...WORKLOADS]))
    .addOption(valueOption('--schemes <names>', `comma-separated schemes (default: ${DEFAULT_SCHEMES.join(',')})`))
    .addOption(new Option('--submitters <n>', 'tasks issuing I/O').argParser(wholeNumber(1, 64)).default(4))
    .addOption(new Option('--depth <n>', 'I/Os each submitter keeps in flight').argParser(wholeNumber(1, 256)).default(4))
    .addOption(new Option('--ios <n>', 'I/Os per submitter').argParser(wholeNumber(1, 100_000)).default(64))
    .addOption(new Option('--queue-depth <n>', 'device request queue depth').argParser(wholeNumber(1, 1024)).default(32))
    .option('--latency <us>', 'device service time in µs, MIN-MAX', '50-150')
    .addOption(new Option('--distribution <name>', 'service time distribution').choices(['uniform', 'fixed', 'exponential', 'lognormal']).default('uniform'))
    .addOption(new Option('--cpu-submit <us>', 'CPU µs per bio submitted (while holding the submission lock)').argParser(us).default(2))
    .addOption(new Option('--cpu-handoff <us>', 'CPU µs per lockdep hand-off (hold schemes)').argParser(us).default(1))
    .addOption(new Option('--cpu-completion <us>', 'CPU µs of completion work per I/O').argParser(us).default(5))
    .addOption(new Option('--seeds <n>', 'timed runs per scheme (seeds 1..n)').argParser(wholeNumber(1, 1000)).default(3))
    .addOption(
      new Option('--check <executions>', 'also explore a 6-I/O copy of the workload this many times per scheme, to mark schemes that corrupt data (0: off)')
        .argParser(wholeNumber(0, 100_000))
        .default(100),
    )
    .addOption(jsonOption())
    .addOption(valueOption('--svg <file>', 'write a chart of IOPS and p99 latency per scheme (atomically; - for stdout)'))
    .addHelpText(
      'after',
      '\nWorkloads: aligned-overwrite, subblock-overwrite (512 B), append (extending), mixed (reads, writes, hole punches and truncates).\n\nExamples:\n  $ aiosim bench subblock-overwrite\n  $ aiosim bench append --submitters 8 --depth 8 --svg append.svg',
    )
    .action(async (workload: Workload, o: BenchCommandOptions) => {
      if (o.json) claimStdout('--json');
      checkWritable('--svg', o.svg);
      const schemes = o.schemes ? o.schemes.split(',').map((s) => s.trim()) : DEFAULT_SCHEMES;
      for (const s of schemes) if (!SCHEMES.some((x) => x.name === s)) throw new UserError(`--schemes: unknown scheme "${s}"`);
      const latency = { ...parseLatency(o.latency), distribution: o.distribution };
      const params = {
        submitters: o.submitters,
        depth: o.depth,
        ios: o.ios,
        queueDepth: o.queueDepth,
        latency,
        cpu: { submit: o.cpuSubmit, handoff: o.cpuHandoff, completion: o.cpuCompletion },
      };
      const result = bench(workload, params, schemes, o.seeds, o.check);
      if (o.json) {
        out(JSON.stringify(result));
      } else {
        const chalk = terminalChalk();
        const num = (n: number) => Math.round(n).toLocaleString('en').padStart(9);
        out(
          `${chalk.bold(`aiosim bench ${workload}`)}: ${o.submitters} submitters × ${o.ios} I/Os, ${o.depth} in flight each; device depth ${o.queueDepth}, ${latency.min}-${latency.max} µs ${latency.distribution}; ${o.seeds} seed(s), virtual time\n`,
        );
        out(
          `${'scheme'.padEnd(27)}${'IOPS'.padStart(9)}${'p50 µs'.padStart(9)}${'p99 µs'.padStart(9)}${'max µs'.padStart(9)}${'rd-wait µs'.padStart(11)}${'wr-wait µs'.padStart(11)}${'excl max'.padStart(9)}${'dev util'.padStart(9)}${'admin p50'.padStart(10)}  verdicts`,
        );
        for (const r of result.rows) {
          const line = `${r.fs.padEnd(27)}${num(r.iops)}${num(r.p50)}${num(r.p99)}${num(r.max)}${num(r.lockWaitReadUs).padStart(11)}${num(r.lockWaitWriteUs).padStart(11)}${num(r.exclusiveHoldMaxUs)}${`${Math.round(r.deviceUtilisation * 100)}%`.padStart(9)}${(r.adminP50Us === null ? '-' : String(Math.round(r.adminP50Us))).padStart(10)}  ${r.verdicts.length ? chalk.red(`✗ ${r.verdicts.join(', ')}`) : chalk.green('none')}`;
          out(line);
        }
        out(
          chalk.gray(
            `\nrd/wr-wait: total time contexts waited for i_rwsem per run; excl max: longest exclusive hold; admin: truncate/fallocate latency.\nverdicts: from the timed runs and from exploring a ${6}-I/O copy of the workload ${o.check} times per scheme (--check).`,
          ),
        );
      }
      const svg = o.svg ? { flag: '--svg', file: o.svg, content: () => benchSvg(result) } : null;
      exitFor(result.rows.some((r) => r.verdicts.length > 0) ? 1 : 0, await writeReports([svg]));
    });
}
