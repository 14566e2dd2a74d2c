/**
 * `aiosim explore`: many executions of a scenario until a violation, then the violation shrunk,
 * explained and given a replay token; with `--strategy dfs`, a bounded exhaustive search that
 * says what it proved.
 */
import { useScheme } from '../src/fs-impls/load-scheme.js';
import type { Command } from 'commander';
import { Option } from 'commander';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { availableParallelism } from 'node:os';
import type { Scenario } from '../src/scenario/schema.js';
import { type Chalk, terminalChalk } from '../src/report/colour.js';
import { loadScenario } from '../src/scenario/catalog.js';
import { type DfsSummary, EXPLORE_STRATEGIES, type ExploreResult, type ExploreStrategy, defaultBudget, replayRun } from '../src/explore/explore.js';
import { IN_PROCESS_BUDGET, exploreWith, workersFor } from '../src/explore/parallel.js';
import { boundToken, parseToken } from '../src/explore/replay-token.js';
import { validateScenario } from '../src/scenario/validate.js';
import { UserError } from '../src/sim/errors.js';
import { explainVerdict, jsonResult } from './render.js';
import {
  REPORT_FILES_HELP,
  embedOption,
  fsOption,
  jsonOption,
  parsePreemptions,
  seedOption,
  stepLimitOption,
  valueOption,
  wholeNumber,
  perfettoStepOption,
} from './options.js';
import { checkWritable, claimStdout, out } from './output.js';
import { type Report, checkReportFiles, exitFor, runReports, writeReports } from './reports.js';
import { interruptible, signalStatus } from './interrupt.js';
import { progressReporter } from './progress.js';

export interface ExploreCommandOptions {
  readonly fs?: string;
  readonly seed: number;
  readonly strategy: ExploreStrategy;
  readonly depth: number;
  readonly preemptions: number;
  readonly por: boolean;
  readonly audit?: boolean;
  readonly budget?: number;
  readonly from?: number;
  readonly shrink: boolean;
  readonly workers: number;
  readonly json?: boolean;
  readonly stepLimit?: number;
  readonly trace?: string;
  readonly perfettoStepNs?: number;
  readonly html?: string;
  readonly saveScenario?: string;
  readonly embed?: boolean;
}

export function addExploreCommand(program: Command): void {
  program
    .command('explore')
    .description('run many executions of a scenario and report the first violation, with a schedule that replays it')
    .argument('<scenario>', 'built-in scenario name or a .yaml/.json file')
    .addOption(fsOption())
    .addOption(seedOption())
    .addOption(
      new Option(
        '--strategy <name>',
        'portfolio cycles random, timed, PCT d=2 and PCT d=3 (chosen from measurements: docs/exploration.md); dfs searches every interleaving within a preemption bound',
      )
        .choices([...EXPLORE_STRATEGIES])
        .default('portfolio'),
    )
    .addOption(new Option('--depth <d>', 'bug depth for --strategy pct (d-1 priority change points)').argParser(wholeNumber(1, 20)).default(3))
    .addOption(
      new Option(
        '--preemptions <k>',
        'preemption bound for --strategy dfs (a number, or unbounded); bounds 0, 1, … are searched in turn, so a bug is found with the fewest preemptions it needs',
      )
        .argParser(parsePreemptions)
        .default(2),
    )
    .option('--no-por', 'dfs: run every interleaving, even those equivalent to one already run (no sleep sets)')
    .option(
      '--audit',
      'dfs: after a search without violation, search the same bound again without reduction (within --budget) and report what the reduced search missed',
    )
    .addOption(
      new Option('--budget <executions>', `at most this many executions (default ${defaultBudget('portfolio')}; 1,000,000 for dfs)`).argParser(
        wholeNumber(1, 100_000_000),
      ),
    )
    .addOption(
      new Option('--from <execution>', 'skip the executions before this one (0-based): resumes an interrupted exploration, as it prints').argParser(
        wholeNumber(0, 100_000_000),
      ),
    )
    .option('--no-shrink', 'report the violating schedule as found, without shrinking it')
    .addOption(
      new Option(
        '--workers <n>',
        `worker threads (results are identical for any number); at most one per core and one per ${IN_PROCESS_BUDGET} executions, so budgets up to ${IN_PROCESS_BUDGET} run in-process`,
      )
        .argParser(wholeNumber(1, 256))
        .default(availableParallelism()),
    )
    .addOption(jsonOption())
    .addOption(stepLimitOption())
    .addOption(valueOption('--trace <file>', 'write the first violating run (or the last run) as Perfetto JSON; - for stdout'))
    .addOption(perfettoStepOption())
    .addOption(valueOption('--html <file>', 'write an HTML report of the first violating run (or the last run); - for stdout'))
    .addOption(valueOption('--save-scenario <file>', 'write the scenario without the operations the violation does not need (YAML), to replay or share'))
    .addOption(embedOption())
    .addHelpText(
      'after',
      `\nSIGINT or SIGTERM (Ctrl-C, timeout) stops the exploration after the execution under way: it prints what it found so\nfar (with --json, an object with "partial": true) and the command that resumes it, and exits 130 or 143 (1 if a\nviolation was found). A second signal ends it at once.\n${REPORT_FILES_HELP}\n` +
        '\n--fs also takes a scheme file (./my-scheme.mjs, see docs/schemes.md); dfs then checks it for state footprints cannot see\nbefore it claims a proof.\n' +
        '\nExamples:\n  $ aiosim explore fallocate-vs-appending-aio --fs bug-fallocate-isize\n  $ aiosim explore truncate-vs-aio-write --fs hold --budget 5000 --json\n  $ aiosim explore unaligned-aio-same-block --fs hold --strategy dfs --preemptions 2\n  $ aiosim explore truncate-vs-aio-write --fs ./my-punch/my-punch.mjs --strategy dfs --audit',
    )
    .action(async (ref: string, o: ExploreCommandOptions, command: Command) => {
      if (o.json) claimStdout('--json');
      checkReportFiles(o);
      checkWritable('--save-scenario', o.saveScenario, false);
      const scenario = loadScenario(ref);
      await useScheme(o.fs ?? scenario.fs);
      const dfs = o.strategy === 'dfs';
      const budget = o.budget ?? defaultBudget(o.strategy);
      if (o.audit && !dfs) throw new UserError('--audit: only a dfs search has a reduction to audit; add --strategy dfs');
      if (o.from !== undefined && dfs) throw new UserError('--from: a dfs search cannot start midway; run it again (a lower --preemptions finishes sooner)');
      if (o.from !== undefined && o.from >= budget) throw new UserError(`--from: ${o.from} is not below the budget of ${budget} executions; raise --budget`);
      if (command.getOptionValueSource('workers') === 'cli' && !dfs) {
        const note = workersNote(o.workers, budget - (o.from ?? 0));
        if (note) process.stderr.write(`explore: ${note}\n`);
      }
      // dfs does not know its total in advance: its progress shows counts, not a fraction.
      const progress = progressReporter(dfs ? null : budget, !o.json);
      const interrupt = interruptible();
      let r: ExploreResult;
      try {
        r = await exploreWith(scenario, {
          scenarioRef: ref,
          fs: o.fs,
          strategy: o.strategy,
          seed: o.seed,
          budget,
          from: o.from,
          stepLimit: o.stepLimit,
          depth: o.depth,
          preemptions: o.preemptions,
          por: o.por,
          audit: o.audit,
          shrink: o.shrink,
          onProgress: progress.tick,
          workers: o.workers,
          signal: interrupt.signal,
        });
      } finally {
        interrupt.done();
        progress.done();
      }
      const signal = r.interrupted ? (interrupt.signal.reason as NodeJS.Signals) : null;
      const resume = signal && !dfs && r.violations.length === 0 ? resumeCommand(ref, r, o, budget) : null;
      // Tokens are printed bound to the scenario and scheme (replay-token.ts); with --embed they carry the scenario.
      const token = r.schedule ? boundToken(parseToken(r.schedule), scenario, { embed: o.embed }) : '';
      const bound: ExploreResult = { ...r, schedule: token };
      const reducedToken =
        r.reduced && (o.saveScenario || o.embed) ? reducedReplay(r.reduced.scenario, o.saveScenario, r.fs, r.reduced.schedule, o.embed) : null;
      if (o.json) out(exploreJson(bound, o, reducedToken, signal, resume));
      else printResult(bound, { budget, reducedToken, signal, resume });
      const reports: Report[] = [];
      if ((o.trace || o.html) && r.schedule) {
        const run = r.run ?? replayRun(scenario, r.fs, parseToken(r.schedule).schedule, o.stepLimit);
        reports.push(...runReports(run, o, { strategy: `${r.strategy} (execution ${r.executions})`, replay: token }));
      }
      const reduced = r.reduced;
      if (reduced && o.saveScenario) reports.push({ flag: '--save-scenario', file: o.saveScenario, content: () => reducedYaml(reduced.scenario) });
      const reportStatus = await writeReports(reports);
      if (signal && r.violations.length === 0) process.exitCode = signalStatus(signal);
      else exitFor(r.violations.length, reportStatus);
    });
}

/** The one line that says --workers was capped, and why; null when it was not. */
function workersNote(requested: number, budget: number): string | null {
  const used = workersFor(requested, budget);
  if (used >= requested) return null;
  const cores = availableParallelism();
  if (used === cores)
    return `${used === 1 ? 'runs in this thread' : `${used} worker threads`}, not ${requested}: this machine has ${cores} core${cores === 1 ? '' : 's'}`;
  if (used === 1)
    return `runs in this thread, not on ${requested} worker threads: budgets up to ${IN_PROCESS_BUDGET} executions do (threads would cost more than they save)`;
  return `${used} worker threads, not ${requested}: a budget of ${budget} executions keeps ${used} busy (at least ${IN_PROCESS_BUDGET} executions each)`;
}

/** The command that goes on where an interrupted sampling exploration stopped (--from: the executions that all ran). */
function resumeCommand(ref: string, r: ExploreResult, o: ExploreCommandOptions, budget: number): string {
  const quote = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const flags = [`--fs ${r.fs}`, `--strategy ${r.strategy}`, `--seed ${r.seed}`, `--budget ${budget}`, `--from ${r.executions}`];
  if (r.strategy === 'pct') flags.push(`--depth ${o.depth}`);
  if (o.stepLimit !== undefined) flags.push(`--step-limit ${o.stepLimit}`);
  if (!o.shrink) flags.push('--no-shrink');
  return `aiosim explore ${quote(ref)} ${flags.join(' ')}`;
}

/** The --json object (design §8 and its extensions); an interrupted exploration adds partial, interrupted and resume. */
function exploreJson(r: ExploreResult, o: ExploreCommandOptions, reducedToken: string | null, signal: NodeJS.Signals | null, resume: string | null): string {
  const reduced = r.reduced
    ? {
        reduced: {
          before: r.reduced.before,
          after: r.reduced.after,
          ops: keptOps(r.reduced.scenario),
          ...(reducedToken ? { file: o.saveScenario, schedule: reducedToken } : {}),
        },
      }
    : {};
  const dfsJson = r.dfs
    ? {
        dfs: {
          ...r.dfs,
          bound: jsonBound(r.dfs.bound),
          reached: jsonBound(r.dfs.reached),
          proven: r.dfs.proven === null ? null : jsonBound(r.dfs.proven),
        },
      }
    : {};
  return jsonResult({
    scenario: r.scenario,
    fs: r.fs,
    strategy: r.strategy,
    seed: r.seed,
    executions: r.executions,
    violations: r.violations,
    schedule: r.schedule,
    ...(r.shrink ? { shrink: r.shrink } : {}),
    ...reduced,
    ...dfsJson,
    ...(r.undecided > 0 ? { undecided: r.undecided } : {}),
    ...(r.stepLimited > 0 ? { stepLimited: r.stepLimited } : {}),
    ...(signal ? { partial: true, interrupted: signal, ...(resume ? { resume } : {}) } : {}),
  });
}

function printResult(r: ExploreResult, at: { budget: number; reducedToken: string | null; signal: NodeJS.Signals | null; resume: string | null }): void {
  const chalk = terminalChalk();
  const { budget, reducedToken, signal } = at;
  if (signal && r.violations.length === 0) {
    out(chalk.yellow(interruptedLine(r, budget, signal)));
    if (r.dfs) out(chalk.gray('a dfs search cannot resume midway: run it again to finish it (a lower --preemptions finishes sooner)'));
    if (at.resume) out(`go on from there: ${at.resume}`);
  } else if (r.violations.length === 0 && r.dfs) {
    out(dfsVerdict(r.scenario, r.fs, r.dfs, budget, chalk));
  } else if (r.violations.length === 0) {
    out(chalk.green(`✓ ${r.executions} executions of ${r.scenario} under ${r.fs} (${r.strategy}, seed ${r.seed}): no violation found`));
  }
  if (r.violations.length === 0 && r.undecided > 0) out(chalk.yellow(undecidedLine(r.undecided)));
  if (r.violations.length === 0 && r.stepLimited > 0) out(chalk.yellow(stepLimitedLine(r.stepLimited)));
  if (r.violations.length === 0) return;
  const where = r.dfs ? dfsFoundAt(r.dfs) : `${r.strategy}, seed ${r.seed}`;
  out(chalk.bold(`${r.scenario} under ${r.fs}: violation found in execution ${r.executions}${r.dfs ? '' : ` of ${budget}`} (${where})`));
  if (signal) out(chalk.gray(`(${signal}: the exploration was stopped; this violation is reported as found, not shrunk)`));
  out('');
  for (const v of r.violations) out(explainVerdict(v, chalk, r.run?.events));
  out('');
  if (r.shrink) {
    const { before, after, attempts } = r.shrink;
    out(
      chalk.gray(
        `shrunk: ${before.switches} → ${after.switches} context switches, ${before.choices} → ${after.choices} explicit choices (${attempts} executions)`,
      ),
    );
  }
  if (r.reduced) {
    out(
      chalk.gray(
        `the violation needs ${r.reduced.after} of the ${r.reduced.before} operations: ${keptOps(r.reduced.scenario).join(', ')} (${r.reduced.attempts} executions)`,
      ),
    );
    if (reducedToken) out(`replay the smaller scenario: aiosim replay '${reducedToken}'`);
    else out(chalk.gray('write that smaller scenario with --save-scenario <file>'));
  }
  out(`replay it: aiosim replay '${r.schedule}'`);
}

/** What an interrupted exploration that found nothing says: how far it got. */
function interruptedLine(r: ExploreResult, budget: number, signal: NodeJS.Signals): string {
  const head = `${signal}: stopped after ${r.executions}${r.dfs ? '' : ` of ${budget}`} executions of ${r.scenario} under ${r.fs}`;
  if (!r.dfs) return `${head} (${r.strategy}, seed ${r.seed}): no violation found so far`;
  const proven = r.dfs.proven === null ? 'nothing proven yet' : `no violation within bound ${boundName(r.dfs.proven)}`;
  return `${head} (dfs, searching bound ${boundName(r.dfs.reached)}): no violation found so far; ${proven}`;
}

/** What a "no violation" leaves out: executions an oracle could not decide. */
function undecidedLine(n: number): string {
  return `? in ${n} execution${n === 1 ? '' : 's'} the linearizability search stopped at its limit: they are not covered by "no violation"`;
}

/** What else a "no violation" leaves out: executions cut short by their step limit. */
function stepLimitedLine(n: number): string {
  return `? ${n} execution${n === 1 ? '' : 's'} reached the step limit (a livelock, or a scenario longer than the limit: raise it with --step-limit N): they are not covered by "no violation"`;
}

/** A preemption bound as the user wrote it: a number, or `unbounded`. */
function jsonBound(bound: number): number | 'unbounded' {
  return Number.isFinite(bound) ? bound : 'unbounded';
}

function boundName(bound: number): string {
  return String(jsonBound(bound));
}

/** Where a dfs search found its violation: with iterative bounding, the fewest preemptions it needs. */
function dfsFoundAt(d: DfsSummary): string {
  if (!Number.isFinite(d.reached)) return 'dfs, unbounded';
  return `dfs, bound ${d.reached}: ${d.reached === 0 ? 'no preemption needed' : `it needs ${d.reached} preemption${d.reached === 1 ? '' : 's'}, none was found with fewer`}`;
}

/** What a dfs search that found nothing proved, or why it proved nothing. */
function dfsVerdict(scenario: string, fs: string, d: DfsSummary, budget: number, chalk: Chalk): string {
  const counts = `${d.executions} executions run, ${d.pruned} pruned as equivalent${d.por ? '' : ' (reduction off)'}, preemption bound ${boundName(d.bound)}`;
  const audit = d.audit
    ? `; --audit: ${d.audit.executions} executions without reduction${d.audit.complete ? '' : ' (budget ran out)'}, ${d.audit.missed} outcome(s) missed`
    : '';
  if (d.refused) return chalk.yellow(`? ${scenario} under ${fs}: no violation found, but ${d.refused} (${counts}${audit})`);
  if (d.complete) return chalk.green(`✓ ${scenario} under ${fs}: no violation within bound ${boundName(d.bound)} (${counts}${audit})`);
  const proven = d.proven === null ? 'no violation found' : `no violation within bound ${d.proven}`;
  return chalk.yellow(
    `? ${scenario} under ${fs}: ${proven}, but the search at bound ${boundName(d.reached)} did not finish: the budget of ${budget} executions ran out (${counts}); raise --budget or lower --preemptions`,
  );
}

/** The ops of a (shrunk) scenario, as "task:id" for the ones with an id and "task:op" otherwise. */
function keptOps(scenario: Scenario): string[] {
  return scenario.tasks.flatMap((t) => t.ops.map((o) => `${t.name}:${o.id ?? o.op}`));
}

/**
 * The shrunk scenario as YAML: descriptions are kept as written (no re-wrapping of long lines,
 * which would break a sentence in the middle and a Markdown list). Returns the scenario's YAML.
 */
export function reducedYaml(scenario: Scenario): string {
  const note = `Written by aiosim explore --save-scenario: ${scenario.name} without the operations the violation does not need.`;
  const shrunk = {
    ...scenario,
    name: `${scenario.name}-shrunk`,
    title: `${scenario.title} (only what the violation needs)`,
    description: `${note}\n\n${scenario.description ?? ''}`,
  };
  return stringifyYaml(shrunk, { lineWidth: 0 });
}

/**
 * The replay token of the shrunk scenario: naming the file it will be written to, or carrying
 * the scenario (`embed`). It is bound to the scenario as a reload of the file gives it.
 */
function reducedReplay(scenario: Scenario, file: string | undefined, fs: string, schedule: string, embed?: boolean): string {
  const saved = validateScenario(parseYaml(reducedYaml(scenario)), file ?? 'the shrunk scenario');
  return boundToken({ scenario: file ?? saved.name, fs, schedule }, saved, { embed });
}
