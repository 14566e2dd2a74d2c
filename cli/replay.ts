/** `aiosim replay <token>`: exactly the execution a token (as printed by run, explore or step) describes. */
import type { ScenarioRun } from '../src/scenario/runner.js';
import type { Command } from 'commander';
import { terminalChalk } from '../src/report/colour.js';
import { loadScenario } from '../src/scenario/catalog.js';
import { replayRun } from '../src/explore/explore.js';
import { formatToken, parseTokenArgument, replayScheme } from '../src/explore/replay-token.js';
import { UserError } from '../src/sim/errors.js';
import { ScheduleExhausted } from '../src/sim/strategies/replay.js';
import { jsonResult, notesJson, renderRun } from './render.js';
import { REPORT_FILES_HELP, fsOption, jsonOption, stepLimitOption, terminalWidth, valueOption } from './options.js';
import { claimStdout, out } from './output.js';
import { checkReportFiles, exitFor, runReports, writeReports } from './reports.js';

export interface ReplayCommandOptions {
  /** May repeat the token's scheme; another one is an error. */
  readonly fs?: string;
  readonly events?: boolean;
  readonly json?: boolean;
  readonly stepLimit: number;
  readonly trace?: string;
  readonly html?: string;
}

export function addReplayCommand(program: Command): void {
  program
    .command('replay')
    .description('re-run exactly the execution a schedule (as printed by run or explore) describes')
    .argument('<schedule>', '<scenario>@<scheme>@<choices>')
    .addOption(fsOption("file-system scheme: the token's (repeating it is fine; another one is an error)"))
    .option('--events', 'print the event log under the timeline')
    .addOption(jsonOption())
    .addOption(stepLimitOption())
    .addOption(valueOption('--trace <file>', 'write the run as Perfetto / Chrome trace JSON; - for stdout'))
    .addOption(valueOption('--html <file>', 'write a self-contained HTML report; - for stdout'))
    .addHelpText('after', `\nThe token may also be given as a file that holds it (as \`aiosim step\` saves with s <file>).\n${REPORT_FILES_HELP}`)
    .action(async (text: string, o: ReplayCommandOptions) => {
      if (o.json) claimStdout('--json');
      checkReportFiles(o);
      const token = parseTokenArgument(text, 'replay');
      const fs = replayScheme(token, o.fs, token.fs);
      const scenario = loadScenario(token.scenario);
      const replay = formatToken(token);
      let run: ScenarioRun;
      try {
        run = replayRun(scenario, fs, token.schedule, o.stepLimit);
      } catch (err) {
        if (!(err instanceof ScheduleExhausted)) throw err;
        const resume = `aiosim step ${token.scenario} --schedule '${replay}'`;
        throw new UserError(`${err.summary}: this schedule stops mid-run (saved while stepping?); continue it with: ${resume}`);
      }
      if (o.json)
        out(
          jsonResult({
            scenario: scenario.name,
            fs,
            strategy: 'replay',
            seed: null,
            executions: 1,
            violations: run.result.verdicts,
            schedule: replay,
            ...notesJson(run),
          }),
        );
      else
        out(renderRun(run, { chalk: terminalChalk(), width: Math.min(terminalWidth() - 30, 160), events: !!o.events, strategy: 'replay', seed: null, replay }));
      exitFor(run.result.verdicts.length, await writeReports(runReports(run, o, { strategy: 'replay', replay })));
    });
}
