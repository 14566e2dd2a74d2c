/**
 * `aiosim explore`: many executions of a scenario until a violation, then the violation shrunk,
 * explained and given a replay token; with `--strategy dfs`, a bounded exhaustive search that
 * says what it proved.
 */
import type { Command } from 'commander';
import { Option } from 'commander';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { availableParallelism } from 'node:os';
import type { Scenario } from '../src/scenario/schema.js';
import { type Chalk, terminalChalk } from '../src/report/colour.js';
import { loadScenario } from '../src/scenario/catalog.js';
import { type DfsSummary, EXPLORE_STRATEGIES, type ExploreStrategy, defaultBudget, replayRun } from '../src/explore/explore.js';
import { exploreWith } from '../src/explore/parallel.js';
import { boundToken, parseToken } from '../src/explore/replay-token.js';
import { validateScenario } from '../src/scenario/validate.js';
import { explainVerdict, jsonResult } from './render.js';
import { embedOption, fsOption, jsonOption, parsePreemptions, seedOption, stepLimitOption, valueOption, wholeNumber } from './options.js';
import { checkReportFiles, checkWritable, exitForViolations, out, writeFileAtomic, writeRunReports } from './output.js';
import { progressReporter } from './progress.js';

export interface ExploreCommandOptions {
  readonly fs?: string;
  readonly seed: number;
  readonly strategy: ExploreStrategy;
  readonly depth: number;
  readonly preemptions: number;
  readonly por: boolean;
  readonly budget?: number;
  readonly shrink: boolean;
  readonly workers: number;
  readonly json?: boolean;
  readonly stepLimit: number;
  readonly trace?: string;
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
    .addOption(
      new Option('--budget <executions>', `at most this many executions (default ${defaultBudget('portfolio')}; 1,000,000 for dfs)`).argParser(
        wholeNumber(1, 100_000_000),
      ),
    )
    .option('--no-shrink', 'report the violating schedule as found, without shrinking it')
    .addOption(
      new Option('--workers <n>', 'worker threads (results are identical for any number; budgets up to 500 run in-process)')
        .argParser(wholeNumber(1, 256))
        .default(availableParallelism()),
    )
    .addOption(jsonOption())
    .addOption(stepLimitOption())
    .addOption(valueOption('--trace <file>', 'write the first violating run (or the last run) as Perfetto JSON'))
    .addOption(valueOption('--html <file>', 'write an HTML report of the first violating run (or the last run)'))
    .addOption(valueOption('--save-scenario <file>', 'write the scenario without the operations the violation does not need (YAML), to replay or share'))
    .addOption(embedOption())
    .addHelpText(
      'after',
      '\nExamples:\n  $ aiosim explore fallocate-vs-appending-aio --fs bug-fallocate-isize\n  $ aiosim explore truncate-vs-aio-write --fs hold --budget 5000 --json\n  $ aiosim explore unaligned-aio-same-block --fs hold --strategy dfs --preemptions 2',
    )
    .action(async (ref: string, o: ExploreCommandOptions) => {
      checkReportFiles(o);
      checkWritable('--save-scenario', o.saveScenario);
      const scenario = loadScenario(ref);
      const dfs = o.strategy === 'dfs';
      const budget = o.budget ?? defaultBudget(o.strategy);
      // dfs does not know its total in advance: its progress shows counts, not a fraction.
      const progress = progressReporter(dfs ? null : budget, !o.json);
      const r = await exploreWith(scenario, {
        scenarioRef: ref,
        fs: o.fs,
        strategy: o.strategy,
        seed: o.seed,
        budget,
        stepLimit: o.stepLimit,
        depth: o.depth,
        preemptions: o.preemptions,
        por: o.por,
        shrink: o.shrink,
        onProgress: progress.tick,
        workers: o.workers,
      });
      progress.done();
      const token = r.schedule ? boundToken(parseToken(r.schedule), scenario, { embed: o.embed }) : '';
      if ((o.trace || o.html) && r.schedule) {
        const run = r.run ?? replayRun(scenario, r.fs, parseToken(r.schedule).schedule, o.stepLimit);
        writeRunReports(run, o, { strategy: `${r.strategy} (execution ${r.executions})`, replay: token });
      }
      const reducedToken = r.reduced && (o.saveScenario || o.embed) ? saveReduced(r.reduced.scenario, o.saveScenario, r.fs, r.reduced.schedule, o.embed) : null;
      if (o.json) {
        const reduced = r.reduced
          ? {
              reduced: {
                before: r.reduced.before,
                after: r.reduced.after,
                ops: keptOps(r.reduced.scenario),
                ...(o.saveScenario ? { file: o.saveScenario } : {}),
                ...(reducedToken ? { schedule: reducedToken } : {}),
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
        out(
          jsonResult({
            scenario: r.scenario,
            fs: r.fs,
            strategy: r.strategy,
            seed: r.seed,
            executions: r.executions,
            violations: r.violations,
            schedule: token,
            ...(r.shrink ? { shrink: r.shrink } : {}),
            ...reduced,
            ...dfsJson,
            ...(r.undecided > 0 ? { undecided: r.undecided } : {}),
          }),
        );
      } else {
        const chalk = terminalChalk();
        if (r.violations.length === 0 && r.dfs) {
          out(dfsVerdict(r.scenario, r.fs, r.dfs, budget, chalk));
        } else if (r.violations.length === 0) {
          out(chalk.green(`✓ ${r.executions} executions of ${r.scenario} under ${r.fs} (${r.strategy}, seed ${r.seed}): no violation found`));
        }
        if (r.violations.length === 0 && r.undecided > 0) out(chalk.yellow(undecidedLine(r.undecided)));
        if (r.violations.length > 0) {
          out(
            chalk.bold(
              `${r.scenario} under ${r.fs}: violation found in execution ${r.executions}${dfs ? '' : ` of ${budget}`} (${r.dfs ? dfsFoundAt(r.dfs) : `${r.strategy}, seed ${r.seed}`})`,
            ),
          );
          out('');
          for (const v of r.violations) out(explainVerdict(v, chalk, r.run?.events));
          out('');
          if (r.shrink)
            out(
              chalk.gray(
                `shrunk: ${r.shrink.before.switches} → ${r.shrink.after.switches} context switches, ${r.shrink.before.choices} → ${r.shrink.after.choices} explicit choices (${r.shrink.attempts} executions)`,
              ),
            );
          if (r.reduced) {
            out(
              chalk.gray(
                `the violation needs ${r.reduced.after} of the ${r.reduced.before} operations: ${keptOps(r.reduced.scenario).join(', ')} (${r.reduced.attempts} executions)`,
              ),
            );
            if (reducedToken) out(`replay the smaller scenario: aiosim replay '${reducedToken}'`);
            else out(chalk.gray('write that smaller scenario with --save-scenario <file>'));
          }
          out(`replay it: aiosim replay '${token}'`);
        }
      }
      exitForViolations(r.violations.length);
    });
}

/** What a "no violation" leaves out: executions an oracle could not decide. */
function undecidedLine(n: number): string {
  return `? in ${n} execution${n === 1 ? '' : 's'} the linearizability search stopped at its limit: they are not covered by "no violation"`;
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
  if (d.complete) return chalk.green(`✓ ${scenario} under ${fs}: no violation within bound ${boundName(d.bound)} (${counts})`);
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
 * Writes the shrunk scenario (when there is a file to write) and returns the replay token of
 * it: naming the file, or carrying the scenario (`embed`). It is bound to the scenario as a
 * reload of the file gives it.
 */
function saveReduced(scenario: Scenario, file: string | undefined, fs: string, schedule: string, embed?: boolean): string {
  const yaml = reducedYaml(scenario);
  if (file !== undefined) writeFileAtomic(file, yaml, '--save-scenario');
  const saved = validateScenario(parseYaml(yaml), file ?? 'the shrunk scenario');
  return boundToken({ scenario: file ?? saved.name, fs, schedule }, saved, { embed });
}
