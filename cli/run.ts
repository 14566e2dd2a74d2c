/** `aiosim run`: one execution of a scenario — its timeline, its verdicts explained, and the token that replays it. */
import { useScheme } from '../src/fs-impls/load-scheme.js';
import { type Command, Option } from 'commander';
import { terminalChalk } from '../src/report/colour.js';
import { loadScenario } from '../src/scenario/catalog.js';
import { runScenario } from '../src/scenario/runner.js';
import { boundToken, checkTokenScenario, parseScheduleArgument, replayScheme } from '../src/explore/replay-token.js';
import { decodeSchedule } from '../src/sim/schedule.js';
import { randomStrategy } from '../src/sim/strategies/random.js';
import { replayStrategy } from '../src/sim/strategies/replay.js';
import { timedStrategy } from '../src/sim/strategies/timed.js';
import { jsonResult, notesJson, renderRun } from './render.js';
import {
  REPORT_FILES_HELP,
  embedOption,
  fsOption,
  jsonOption,
  seedOption,
  stepLimitOption,
  terminalWidth,
  valueOption,
  perfettoStepOption,
  axisOption,
  columnUsOption,
} from './options.js';
import { checkScheduleToken } from './replay.js';
import { claimStdout, out } from './output.js';
import { checkReportFiles, exitFor, runReports, writeReports } from './reports.js';

export interface RunCommandOptions {
  readonly fs?: string;
  readonly seed: number;
  readonly strategy: 'timed' | 'random';
  readonly schedule?: string;
  readonly explain?: boolean;
  readonly events?: boolean;
  readonly json?: boolean;
  readonly stepLimit?: number;
  readonly trace?: string;
  readonly perfettoStepNs?: number;
  readonly axis?: 'turn' | 'time';
  readonly columnUs?: number;
  readonly html?: string;
  readonly embed?: boolean;
}

/** The first example shows a bug: under bug-truncate-nowait, seed 2's timing lets the write land in freed blocks. */
export const RUN_EXAMPLE = 'aiosim run truncate-vs-aio-write --fs bug-truncate-nowait --seed 2';

export function addRunCommand(program: Command): void {
  program
    .command('run')
    .description('run one execution of a scenario and show its timeline and verdicts')
    .argument('<scenario>', 'built-in scenario name (see `aiosim list`) or a .yaml/.json file')
    .addOption(fsOption())
    .addOption(seedOption())
    .addOption(
      new Option('--strategy <name>', 'timed: virtual time decides, ties by seed; random: any enabled action').choices(['timed', 'random']).default('timed'),
    )
    .addOption(valueOption('--schedule <choices>', 'replay these choices (a schedule string, or a token printed by run/explore)'))
    .option('--explain', 'print the scenario description first')
    .option('--events', 'print the event log under the timeline')
    .addOption(axisOption())
    .addOption(columnUsOption())
    .addOption(jsonOption())
    .addOption(stepLimitOption())
    .addOption(valueOption('--trace <file>', 'write the run as Perfetto / Chrome trace JSON (open in ui.perfetto.dev); - for stdout'))
    .addOption(perfettoStepOption())
    .addOption(valueOption('--html <file>', 'write a self-contained HTML report; - for stdout'))
    .addOption(embedOption())
    .addHelpText(
      'after',
      [
        '',
        '--schedule also takes a file holding a token or a schedule (what `aiosim step` saves with s <file>).',
        REPORT_FILES_HELP,
        '',
        'Examples:',
        `  $ ${RUN_EXAMPLE}`,
        '  $ aiosim run my-scenario.yaml --strategy random --events',
        '  $ aiosim run extend-then-stat --html report.html --trace trace.json',
      ].join('\n'),
    )
    .action(async (ref: string, o: RunCommandOptions) => {
      if (o.json) claimStdout('--json');
      checkReportFiles(o);
      const scenario = loadScenario(ref);
      const replay = o.schedule === undefined ? null : parseScheduleArgument(o.schedule, '--schedule');
      checkTokenScenario(replay?.token ?? null, ref, scenario.name);
      const fs = replayScheme(replay?.token ?? null, o.fs, scenario.fs);
      await useScheme(fs);
      checkScheduleToken(replay?.token ?? null, scenario, fs);
      const strategy = replay ? replayStrategy(decodeSchedule(replay.schedule)) : o.strategy === 'random' ? randomStrategy(o.seed) : timedStrategy(o.seed);
      const run = runScenario(scenario, { strategy, fs, stepLimit: o.stepLimit });
      const token = boundToken({ scenario: ref, fs, schedule: run.result.schedule }, scenario, { embed: o.embed });
      const strategyName = replay ? 'replay' : o.strategy;
      if (o.json) {
        out(
          jsonResult({
            scenario: scenario.name,
            fs,
            strategy: strategyName,
            seed: replay ? null : o.seed,
            executions: 1,
            violations: run.result.verdicts,
            schedule: token,
            ...notesJson(run),
          }),
        );
      } else {
        const chalk = terminalChalk();
        if (o.explain) out(`${chalk.bold(scenario.title)}\n\n${scenario.description}\n${scenario.references.map((r) => chalk.gray(`  · ${r}`)).join('\n')}\n`);
        out(
          renderRun(run, {
            chalk,
            width: 160,
            terminalWidth: terminalWidth(),
            axis: o.axis,
            columnUs: o.columnUs,
            events: !!o.events,
            strategy: strategyName,
            seed: replay ? null : o.seed,
            replay: token,
          }),
        );
      }
      exitFor(run.result.verdicts.length, await writeReports(runReports(run, o, { strategy: strategyName, replay: token })));
    });
}
