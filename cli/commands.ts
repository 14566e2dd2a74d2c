/**
 * The scenario commands: list, run, explore, replay, compare (design §8). Exit code 1 when a
 * violation was found, 0 otherwise; bad input raises a UserError (exit 2 in main.ts).
 */
import type { ChalkInstance } from 'chalk';
import { Command, Option } from 'commander';
import { stringify as stringifyYaml } from 'yaml';
import type { Scenario } from '../src/scenario/schema.js';
import { terminalChalk } from '../src/report/colour.js';
import { catalog, loadScenario } from '../src/scenario/catalog.js';
import { runScenario } from '../src/scenario/runner.js';
import { SCHEMES } from '../src/fs-impls/schemes.js';
import { type DfsSummary, EXPLORE_STRATEGIES, type ExploreStrategy, explore, replayRun } from '../src/explore/explore.js';
import { formatToken, parseToken } from '../src/explore/replay-token.js';
import { decodeSchedule } from '../src/sim/schedule.js';
import { randomStrategy } from '../src/sim/strategies/random.js';
import { replayStrategy } from '../src/sim/strategies/replay.js';
import { timedStrategy } from '../src/sim/strategies/timed.js';
import { UserError } from '../src/sim/errors.js';
import { explainVerdict, jsonResult, renderRun } from './render.js';
import { fsOption, jsonOption, parsePreemptions, seedOption, stepLimitOption, terminalWidth, wholeNumber } from './options.js';
import { checkReportFiles, checkWritable, writeFileAtomic, writeRunReports } from './output.js';
import { renderHtmlCompare } from '../src/report/html.js';
import { Stepper } from '../src/explore/stepper.js';
import { runStepper } from './step.js';
import { progressReporter } from './progress.js';
import { exploreParallel } from '../src/explore/parallel.js';
import { availableParallelism } from 'node:os';

const out = (s: string): void => {
  process.stdout.write(`${s}\n`);
};

function setExit(violations: number): void {
  process.exitCode = violations > 0 ? 1 : 0;
}

export function addScenarioCommands(program: Command): void {
  program
    .command('list')
    .description('list the built-in scenarios (or, with --schemes, the file-system schemes)')
    .option('--schemes', 'list the file-system schemes and the historic bugs instead')
    .option('--json', 'print JSON')
    .action((o: { schemes?: boolean; json?: boolean }) => {
      const chalk = terminalChalk();
      if (o.schemes) {
        if (o.json) return out(JSON.stringify(SCHEMES.map(({ create: _c, ...info }) => info)));
        for (const s of SCHEMES) {
          out(`${chalk.bold(s.name.padEnd(26))}${chalk.gray(s.kind.padEnd(9))}${s.summary}`);
          if (s.history) out(`${' '.repeat(35)}${chalk.gray(`${s.history} · scenario: ${s.scenario}`)}`);
        }
        return;
      }
      const all = catalog();
      if (o.json) return out(JSON.stringify(all.map((s) => ({ name: s.name, title: s.title, fs: s.fs, references: s.references }))));
      for (const s of all) out(`${chalk.bold(s.name.padEnd(34))}${s.title}`);
    });

  program
    .command('run')
    .description('run one execution of a scenario and show its timeline and verdicts')
    .argument('<scenario>', 'built-in scenario name (see `aiosim list`) or a .yaml/.json file')
    .addOption(fsOption())
    .addOption(seedOption())
    .addOption(new Option('--strategy <name>', 'timed: virtual time decides, ties by seed; random: any enabled action').choices(['timed', 'random']).default('timed'))
    .option('--schedule <choices>', 'replay these choices (a schedule string, or a token printed by run/explore)')
    .option('--explain', 'print the scenario description first')
    .option('--events', 'print the event log under the timeline')
    .addOption(jsonOption())
    .addOption(stepLimitOption())
    .option('--trace <file>', 'write the run as Perfetto / Chrome trace JSON (open in ui.perfetto.dev)')
    .option('--html <file>', 'write a self-contained HTML report')
    .addHelpText('after', '\nExamples:\n  $ aiosim run truncate-vs-aio-write --fs bug-truncate-nowait --seed 3\n  $ aiosim run my-scenario.yaml --strategy random --events\n  $ aiosim run extend-then-stat --html report.html --trace trace.json')
    .action((ref: string, o: { fs?: string; seed: number; strategy: string; schedule?: string; explain?: boolean; events?: boolean; json?: boolean; stepLimit: number; trace?: string; html?: string }) => {
      checkReportFiles(o);
      const scenario = loadScenario(ref);
      const fs = o.fs ?? scenario.fs;
      const choices = o.schedule ? decodeSchedule(o.schedule.includes('@') ? parseToken(o.schedule).schedule : o.schedule) : null;
      const strategy = choices ? replayStrategy(choices) : o.strategy === 'random' ? randomStrategy(o.seed) : timedStrategy(o.seed);
      const run = runScenario(scenario, { strategy, fs, stepLimit: o.stepLimit });
      const token = formatToken({ scenario: ref, fs, schedule: run.result.schedule });
      const strategyName = choices ? 'replay' : o.strategy;
      writeRunReports(run, o, { strategy: strategyName, replay: token });
      if (o.json) {
        out(jsonResult({ scenario: scenario.name, fs, strategy: strategyName, seed: choices ? null : o.seed, executions: 1, violations: run.result.verdicts, schedule: token }));
      } else {
        const chalk = terminalChalk();
        if (o.explain) out(`${chalk.bold(scenario.title)}\n\n${scenario.description}\n${scenario.references.map((r) => chalk.gray(`  · ${r}`)).join('\n')}\n`);
        out(renderRun(run, { chalk, width: Math.min(terminalWidth() - 30, 160), events: !!o.events, strategy: strategyName, seed: choices ? null : o.seed, replay: token }));
      }
      setExit(run.result.verdicts.length);
    });

  program
    .command('explore')
    .description('run many executions of a scenario and report the first violation, with a schedule that replays it')
    .argument('<scenario>', 'built-in scenario name or a .yaml/.json file')
    .addOption(fsOption())
    .addOption(seedOption())
    .addOption(new Option('--strategy <name>', 'portfolio cycles random, timed, PCT d=2 and PCT d=3 (chosen from measurements: docs/exploration.md); dfs searches every interleaving within a preemption bound').choices([...EXPLORE_STRATEGIES]).default('portfolio'))
    .addOption(new Option('--depth <d>', 'bug depth for --strategy pct (d-1 priority change points)').argParser(wholeNumber(1, 20)).default(3))
    .addOption(new Option('--preemptions <k>', 'preemption bound for --strategy dfs (a number, or unbounded); bounds 0, 1, … are searched in turn, so a bug is found with the fewest preemptions it needs').argParser(parsePreemptions).default(2))
    .option('--no-por', 'dfs: run every interleaving, even those equivalent to one already run (no sleep sets)')
    .addOption(new Option('--budget <executions>', 'at most this many executions (default 1000; 1,000,000 for dfs)').argParser(wholeNumber(1, 100_000_000)))
    .option('--no-shrink', 'report the violating schedule as found, without shrinking it')
    .addOption(new Option('--workers <n>', 'worker threads (results are identical for any number; budgets up to 500 run in-process)').argParser(wholeNumber(1, 256)).default(availableParallelism()))
    .addOption(jsonOption())
    .addOption(stepLimitOption())
    .option('--trace <file>', 'write the first violating run (or the last run) as Perfetto JSON')
    .option('--html <file>', 'write an HTML report of the first violating run (or the last run)')
    .option('--save-scenario <file>', 'write the scenario without the operations the violation does not need (YAML), to replay or share')
    .addHelpText('after', '\nExamples:\n  $ aiosim explore fallocate-vs-appending-aio --fs bug-fallocate-isize\n  $ aiosim explore truncate-vs-aio-write --fs hold --budget 5000 --json\n  $ aiosim explore unaligned-aio-same-block --fs hold --strategy dfs --preemptions 2')
    .action(async (ref: string, o: { fs?: string; seed: number; strategy: ExploreStrategy; depth: number; preemptions: number; por: boolean; budget?: number; shrink: boolean; workers: number; json?: boolean; stepLimit: number; trace?: string; html?: string; saveScenario?: string }) => {
      checkReportFiles(o);
      checkWritable('--save-scenario', o.saveScenario);
      const scenario = loadScenario(ref);
      const dfs = o.strategy === 'dfs';
      const budget = o.budget ?? (dfs ? 1_000_000 : 1000);
      // dfs does not know its total in advance: its progress shows counts, not a fraction.
      const progress = progressReporter(dfs ? null : budget, !o.json);
      const exploreOptions = { scenarioRef: ref, fs: o.fs, strategy: o.strategy, seed: o.seed, budget, stepLimit: o.stepLimit, depth: o.depth, preemptions: o.preemptions, por: o.por, shrink: o.shrink, onProgress: progress.tick };
      // Worker threads pay a start-up cost; small budgets are faster in-process (same results
      // either way). dfs is one search tree, explored in-process.
      const r = !dfs && o.workers > 1 && budget > 500 ? await exploreParallel(scenario, { ...exploreOptions, workers: o.workers }) : explore(scenario, exploreOptions);
      progress.done();
      if ((o.trace || o.html) && r.schedule) {
        const run = r.run ?? replayRun(scenario, r.fs, parseToken(r.schedule).schedule, o.stepLimit);
        writeRunReports(run, o, { strategy: `${r.strategy} (execution ${r.executions})`, replay: r.schedule });
      }
      const reducedToken = r.reduced && o.saveScenario ? saveReduced(r.reduced.scenario, o.saveScenario, r.fs, r.reduced.schedule) : null;
      if (o.json) {
        const reduced = r.reduced ? { reduced: { before: r.reduced.before, after: r.reduced.after, ops: keptOps(r.reduced.scenario), ...(reducedToken ? { file: o.saveScenario, schedule: reducedToken } : {}) } } : {};
        out(jsonResult({ scenario: r.scenario, fs: r.fs, strategy: r.strategy, seed: r.seed, executions: r.executions, violations: r.violations, schedule: r.schedule, ...(r.shrink ? { shrink: r.shrink } : {}), ...reduced, ...(r.dfs ? { dfs: { ...r.dfs, bound: jsonBound(r.dfs.bound), reached: jsonBound(r.dfs.reached), proven: r.dfs.proven === null ? null : jsonBound(r.dfs.proven) } } : {}) }));
      } else {
        const chalk = terminalChalk();
        if (r.violations.length === 0 && r.dfs) {
          out(dfsVerdict(r.scenario, r.fs, r.dfs, budget, chalk));
        } else if (r.violations.length === 0) {
          out(chalk.green(`✓ ${r.executions} executions of ${r.scenario} under ${r.fs} (${r.strategy}, seed ${r.seed}): no violation found`));
        } else {
          out(chalk.bold(`${r.scenario} under ${r.fs}: violation found in execution ${r.executions}${dfs ? '' : ` of ${budget}`} (${r.dfs ? dfsFoundAt(r.dfs) : `${r.strategy}, seed ${r.seed}`})`));
          out('');
          for (const v of r.violations) out(explainVerdict(v, chalk, r.run?.events));
          out('');
          if (r.shrink) out(chalk.gray(`shrunk: ${r.shrink.before.switches} → ${r.shrink.after.switches} context switches, ${r.shrink.before.choices} → ${r.shrink.after.choices} explicit choices (${r.shrink.attempts} executions)`));
          if (r.reduced) {
            out(chalk.gray(`the violation needs ${r.reduced.after} of the ${r.reduced.before} operations: ${keptOps(r.reduced.scenario).join(', ')} (${r.reduced.attempts} executions)`));
            if (reducedToken) out(`replay the smaller scenario: aiosim replay '${reducedToken}'`);
            else out(chalk.gray('write that smaller scenario with --save-scenario <file>'));
          }
          out(`replay it: aiosim replay '${r.schedule}'`);
        }
      }
      setExit(r.violations.length);
    });

  program
    .command('replay')
    .description('re-run exactly the execution a schedule (as printed by run or explore) describes')
    .argument('<schedule>', '<scenario>@<scheme>@<choices>')
    .option('--events', 'print the event log under the timeline')
    .addOption(jsonOption())
    .addOption(stepLimitOption())
    .option('--trace <file>', 'write the run as Perfetto / Chrome trace JSON')
    .option('--html <file>', 'write a self-contained HTML report')
    .action((text: string, o: { events?: boolean; json?: boolean; stepLimit: number; trace?: string; html?: string }) => {
      checkReportFiles(o);
      const token = parseToken(text);
      const scenario = loadScenario(token.scenario);
      let run;
      try {
        run = replayRun(scenario, token.fs, token.schedule, o.stepLimit);
      } catch (err) {
        if (err instanceof UserError && err.message.includes('ran out of choices')) {
          throw new UserError(`${err.message.replace(/; it was recorded.*/, '')}: this schedule stops mid-run (saved while stepping?); continue it with: aiosim step ${token.scenario} --schedule '${text.trim()}'`);
        }
        throw err;
      }
      writeRunReports(run, o, { strategy: 'replay', replay: text.trim() });
      if (o.json) out(jsonResult({ scenario: scenario.name, fs: token.fs, strategy: 'replay', seed: null, executions: 1, violations: run.result.verdicts, schedule: text.trim() }));
      else out(renderRun(run, { chalk: terminalChalk(), width: Math.min(terminalWidth() - 30, 160), events: !!o.events, strategy: 'replay', seed: null, replay: text.trim() }));
      setExit(run.result.verdicts.length);
    });

  program
    .command('step')
    .description('walk through a scenario one step at a time: you choose which context (or which I/O completion) runs next')
    .argument('<scenario>', 'built-in scenario name or a .yaml/.json file')
    .addOption(fsOption())
    .addHelpText('after', `\nKeys (typed, then enter): a context number runs it; enter alone runs the only runnable one;
u undoes the last step; h tries random continuations after each possible next step and says which lead to a violation;
c runs the rest with the timed strategy; s prints the schedule (s <file> saves it); q quits.

Example:\n  $ aiosim step truncate-vs-aio-write --fs bug-truncate-nowait`)
    .option('--schedule <token>', 'resume a session saved with s (or start from any schedule string)')
    .action(async (ref: string, o: { fs?: string; schedule?: string }) => {
      const scenario = loadScenario(ref);
      const token = o.schedule?.includes('@') ? parseToken(o.schedule) : null;
      const stepper = new Stepper(scenario, ref, o.fs ?? token?.fs ?? scenario.fs);
      if (o.schedule) stepper.resume(decodeSchedule(token ? token.schedule : o.schedule));
      process.exitCode = await runStepper(stepper, terminalChalk(), process.stdin, (s) => process.stdout.write(s));
    });

  program
    .command('compare')
    .description('explore one scenario under every scheme with the same budget and seed; one row per scheme')
    .argument('<scenario>', 'built-in scenario name or a .yaml/.json file')
    .addOption(seedOption())
    .addOption(new Option('--budget <executions>', 'executions per scheme').argParser(wholeNumber(1, 1_000_000)).default(300))
    .option('--schemes <names>', 'comma-separated subset of schemes (default: all)')
    .addOption(jsonOption())
    .addOption(stepLimitOption())
    .option('--html <file>', 'write the table as a self-contained HTML page')
    .action((ref: string, o: { seed: number; budget: number; schemes?: string; json?: boolean; stepLimit: number; html?: string }) => {
      checkWritable('--html', o.html);
      const scenario = loadScenario(ref);
      const names = o.schemes ? o.schemes.split(',').map((s) => s.trim()) : SCHEMES.map((s) => s.name);
      for (const n of names) if (!SCHEMES.some((s) => s.name === n)) throw new UserError(`--schemes: unknown scheme "${n}"`);
      const rows = names.map((fs) => explore(scenario, { scenarioRef: ref, fs, strategy: 'portfolio', seed: o.seed, budget: o.budget, stepLimit: o.stepLimit }));
      if (o.html) {
        const kindOf = (fs: string) => SCHEMES.find((x) => x.name === fs)!.kind;
        writeFileAtomic(o.html, renderHtmlCompare(scenario.name, scenario.title, o.budget, rows.map((r) => ({ fs: r.fs, kind: kindOf(r.fs), executions: r.executions, violations: r.violations, schedule: r.violations.length ? r.schedule : null }))));
      }
      if (o.json) {
        out(JSON.stringify({ scenario: scenario.name, budget: o.budget, seed: o.seed, rows: rows.map((r) => ({ fs: r.fs, executions: r.executions, violations: r.violations, schedule: r.violations.length ? r.schedule : null })) }));
      } else {
        const chalk = terminalChalk();
        out(chalk.bold(`${scenario.name}: every scheme, ${o.budget} executions each (portfolio, seed ${o.seed})`));
        out(`${'scheme'.padEnd(27)}${'verdicts'.padEnd(44)}first violating schedule`);
        for (const r of rows) {
          const kinds = [...new Set(r.violations.map((v) => (v.subkind ? `${v.kind}/${v.subkind}` : v.kind)))].join(', ');
          out(`${r.fs.padEnd(27)}${(kinds ? chalk.red(kinds.padEnd(44)) : chalk.green('none'.padEnd(44)))}${kinds ? r.schedule : '-'}`);
        }
      }
      setExit(rows.some((r) => r.violations.length > 0) ? 1 : 0);
    });
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
function dfsVerdict(scenario: string, fs: string, d: DfsSummary, budget: number, chalk: ChalkInstance): string {
  const counts = `${d.executions} executions run, ${d.pruned} pruned as equivalent${d.por ? '' : ' (reduction off)'}, preemption bound ${boundName(d.bound)}`;
  if (d.complete) return chalk.green(`✓ ${scenario} under ${fs}: no violation within bound ${boundName(d.bound)} (${counts})`);
  const proven = d.proven === null ? 'no violation found' : `no violation within bound ${d.proven}`;
  return chalk.yellow(`? ${scenario} under ${fs}: ${proven}, but the search at bound ${boundName(d.reached)} did not finish: the budget of ${budget} executions ran out (${counts}); raise --budget or lower --preemptions`);
}

/** The ops of a (shrunk) scenario, as "task:id" for the ones with an id and "task:op" otherwise. */
function keptOps(scenario: Scenario): string[] {
  return scenario.tasks.flatMap((t) => t.ops.map((o) => `${t.name}:${o.id ?? o.op}`));
}

/** Writes the shrunk scenario as YAML and returns the replay token that names the file. */
function saveReduced(scenario: Scenario, file: string, fs: string, schedule: string): string {
  writeFileAtomic(file, stringifyYaml({ ...scenario, name: `${scenario.name}-shrunk`, title: `${scenario.title} (only what the violation needs)`, description: `Written by aiosim explore --save-scenario: ${scenario.name} without the operations the violation does not need.\n\n${scenario.description ?? ''}` }));
  return formatToken({ scenario: file, fs, schedule });
}
