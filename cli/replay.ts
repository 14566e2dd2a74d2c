/** `aiosim replay <token>`: exactly the execution a token (as printed by run, explore or step) describes. */
import { useScheme } from '../src/fs-impls/load-scheme.js';
import type { ScenarioRun } from '../src/scenario/runner.js';
import type { Scenario } from '../src/scenario/schema.js';
import type { Command } from 'commander';
import { terminalChalk } from '../src/report/colour.js';
import { replayRun } from '../src/explore/explore.js';
import { type ReplayToken, boundToken, checkTokenBinding, parseTokenArgument, replayScheme, tokenScenario } from '../src/explore/replay-token.js';
import { UserError } from '../src/sim/errors.js';
import { ScheduleExhausted } from '../src/sim/strategies/replay.js';
import { decodeSchedule } from '../src/sim/schedule.js';
import { Stepper } from '../src/explore/stepper.js';
import { jsonResult, notesJson, renderRun } from './render.js';
import {
  REPORT_FILES_HELP,
  embedOption,
  forceOption,
  fsOption,
  jsonOption,
  stepLimitOption,
  terminalWidth,
  valueOption,
  perfettoStepOption,
  axisOption,
  columnUsOption,
} from './options.js';
import { claimStdout, out } from './output.js';
import { checkReportFiles, exitFor, runReports, writeReports } from './reports.js';

export interface ReplayCommandOptions {
  /** May repeat the token's scheme; another one is an error. */
  readonly fs?: string;
  readonly events?: boolean;
  readonly json?: boolean;
  readonly stepLimit?: number;
  readonly trace?: string;
  readonly perfettoStepNs?: number;
  readonly axis?: 'turn' | 'time';
  readonly columnUs?: number;
  readonly html?: string;
  readonly embed?: boolean;
  readonly force?: boolean;
  readonly prefix?: boolean;
}

export interface ReplayedToken {
  readonly token: ReplayToken;
  readonly scenario: Scenario;
  readonly fs: string;
  readonly run: ScenarioRun;
}

/**
 * A schedule that stops mid-run (`aiosim step`'s s <file>) as far as it goes: the stepper's own
 * resume (one way to replay a saved session, not two), ended as 'stopped', so the end-of-run
 * oracles (fsck, linearizability) stay silent and only the verdicts seen so far are reported.
 */
function prefixRun(scenario: Scenario, token: ReplayToken, fs: string): ScenarioRun {
  const stepper = new Stepper(scenario, token.scenario, fs);
  stepper.resume(decodeSchedule(token.schedule));
  const v = stepper.view();
  if (v.finished) return v.finished;
  const { sim } = v.world;
  return v.world.finish({ outcome: 'stopped', steps: stepper.steps, now: sim.now, verdicts: sim.verdicts, schedule: token.schedule });
}

/** The run a token describes, replayed after its binding is checked (notes go to stderr); `what` names the command in errors. */
export async function replayToken(
  text: string,
  o: { readonly fs?: string; readonly force?: boolean; readonly stepLimit?: number; readonly prefix?: boolean },
  what: string,
): Promise<ReplayedToken> {
  const token = parseTokenArgument(text, what);
  const fs = replayScheme(token, o.fs, token.fs);
  await useScheme(fs);
  const scenario = tokenScenario(token);
  const note = checkTokenBinding(token, scenario, fs, { force: o.force, bypass: '--force replays it anyway' });
  if (note) process.stderr.write(`${note}\n`);
  try {
    return { token, scenario, fs, run: replayRun(scenario, fs, token.schedule, o.stepLimit) };
  } catch (err) {
    if (!(err instanceof ScheduleExhausted)) throw err;
    const resume = `aiosim step ${token.scenario} --schedule '${text}'`;
    if (o.prefix) return { token, scenario, fs, run: prefixRun(scenario, token, fs) };
    throw new UserError(
      `${err.summary}: this schedule stops mid-run (saved while stepping?); continue it with: ${resume}; or report it as far as it goes with --prefix`,
    );
  }
}

/** A token given to `--schedule` (run, step), checked against the scenario and scheme it will replay on; notes go to stderr. */
export function checkScheduleToken(token: ReplayToken | null, scenario: Scenario, fs: string): void {
  const note = token && checkTokenBinding(token, scenario, fs, { bypass: 'pass the bare schedule (its third field) to replay it anyway' });
  if (note) process.stderr.write(`${note}\n`);
}

export function addReplayCommand(program: Command): void {
  program
    .command('replay')
    .description('re-run exactly the execution a schedule (as printed by run or explore) describes')
    .argument('<schedule>', '<scenario>@<scheme>@<choices>[@<binding>], or a file holding it')
    .addOption(fsOption("file-system scheme: the token's (repeating it is fine; another one is an error)"))
    .option('--events', 'print the event log under the timeline')
    .addOption(axisOption())
    .addOption(columnUsOption())
    .addOption(jsonOption())
    .addOption(stepLimitOption())
    .addOption(valueOption('--trace <file>', 'write the run as Perfetto / Chrome trace JSON; - for stdout'))
    .addOption(perfettoStepOption())
    .addOption(valueOption('--html <file>', 'write a self-contained HTML report; - for stdout'))
    .addOption(embedOption())
    .addOption(forceOption())
    .option('--prefix', 'a schedule saved mid-run (aiosim step, s <file>): replay and report it as far as it goes')
    .addHelpText(
      'after',
      `
The token may also be given as a file that holds it (as \`aiosim step\` saves with s <file>).
A token is bound to the scenario and scheme it was recorded on: after an edit of either it is
refused (exit 2) unless --force. A token printed with --embed carries its scenario: it replays
without the scenario file, on any machine.
${REPORT_FILES_HELP}`,
    )
    .action(async (text: string, o: ReplayCommandOptions) => {
      if (o.json) claimStdout('--json');
      checkReportFiles(o);
      const { token, scenario, fs, run } = await replayToken(text, o, 'replay');
      // The token it replayed, bound (an old token comes out bound); embedded if it was, or if asked.
      const replay = boundToken(token, scenario, { embed: o.embed || token.binding?.payload !== undefined });
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
        out(
          renderRun(run, {
            chalk: terminalChalk(),
            width: 160,
            terminalWidth: terminalWidth(),
            axis: o.axis,
            columnUs: o.columnUs,
            events: !!o.events,
            strategy: 'replay',
            seed: null,
            replay,
          }),
        );
      exitFor(run.result.verdicts.length, await writeReports(runReports(run, o, { strategy: 'replay', replay })));
    });
}
