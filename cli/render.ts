/**
 * What the CLI prints for a run: a header, the swimlane, optionally the event log, then every
 * verdict explained in a sentence or two (lockdep splats in full), and the replay command.
 * Everything is rendered from the run's trace and verdicts.
 */
import type { OracleNote } from '../src/check/final-files.js';
import type { Chalk } from '../src/report/colour.js';
import { renderEventLog } from '../src/report/event-log.js';
import { renderSwimlane } from '../src/report/swimlane.js';
import type { ScenarioRun } from '../src/scenario/runner.js';
import type { Verdict, VerdictKind } from '../src/sim/verdict.js';
import type { TraceEvent } from '../src/scenario/trace-event.js';
import { criticalSteps } from '../src/report/critical-steps.js';
import { contextNames, describeEvent } from '../src/report/event-log.js';
import { tooLargeToDraw } from './timeline-size.js';

const MEANING: Record<VerdictKind, string> = {
  'freed-block-write': 'An I/O reached the disk after its file had given the block up: free space, or another file, was overwritten.',
  'stale-data': 'A read returned bytes its file never held at that offset: an information leak from another file or a freed block.',
  'not-linearizable': 'No order of the operations could produce what was observed: data was lost, corrupted, or a completed write was not visible.',
  fsck: 'After all I/O finished, the file system metadata is inconsistent.',
  'use-after-free': 'Kernel memory was used after it was freed.',
  deadlock: 'No context could make progress.',
  'step-limit': 'The run did not finish within its step limit.',
  lockdep: "lockdep, the kernel's lock validator, reports a locking rule violation:",
  'freed-while-held':
    "Memory holding a lock was freed while another context or an in-flight I/O still held the lock (aiosim's check; lockdep sees only the freeing task).",
  warn: 'A kernel sanity check (WARN_ON) fired:',
  starvation: 'A waiter slept while later arrivals kept taking what it waits for, past it: without a writer bias it can wait forever.',
  'frozen-write': 'The file system changed while it was frozen: a snapshot taken now (what FIFREEZE is for) would be inconsistent.',
};

/** A verdict in a sentence or two; with the run's trace, also the critical steps that led to it. */
export function explainVerdict(v: Verdict, chalk: Chalk, events?: readonly TraceEvent[]): string {
  const title = chalk.bold.magenta(`✗ ${v.kind}${v.subkind ? ` (${v.subkind})` : ''}`);
  const lines = [`${title}  ${MEANING[v.kind]}`, `  ${v.message}`];
  if (typeof v.details.splat === 'string')
    lines.push(
      chalk.gray(
        v.details.splat
          .split('\n')
          .map((l) => `    ${l}`)
          .join('\n'),
      ),
    );
  if (events && v.at >= 0 && v.at < events.length && v.kind !== 'lockdep') {
    const names = contextNames(events);
    const steps = criticalSteps(events, v.at).slice(0, -1);
    if (steps.length) {
      lines.push('  critical steps:');
      for (const i of steps) {
        const e = events[i]!;
        lines.push(chalk.gray(`    ${(e.t / 1000).toFixed(1).padStart(8)} µs  ${describeEvent(e, names, chalk) ?? e.type}`));
      }
    }
  }
  return lines.join('\n');
}

export interface RenderOptions {
  readonly chalk: Chalk;
  readonly width: number;
  /** The terminal's columns: the swimlane wraps into bands that fit it. */
  readonly terminalWidth?: number;
  /** --axis and --column-us: the swimlane's x axis (swimlane.ts). */
  readonly axis?: 'turn' | 'time';
  readonly columnUs?: number;
  readonly events: boolean;
  readonly strategy: string;
  readonly seed: number | null;
  readonly replay: string;
}

export function renderRun(run: ScenarioRun, o: RenderOptions): string {
  const { chalk } = o;
  const r = run.result;
  const head = [
    chalk.bold(`${run.scenario.name}: ${run.scenario.title}`),
    chalk.gray(
      `scheme ${run.fs} · strategy ${o.strategy}${o.seed !== null ? ` · seed ${o.seed}` : ''} · ${r.outcome} in ${r.steps} steps, ${(r.now / 1000).toFixed(1)} µs virtual`,
    ),
    '',
    swimlane(run, o),
  ];
  if (o.events) head.push('', renderEventLog(run.events, chalk));
  head.push('');
  for (const v of r.verdicts) head.push(explainVerdict(v, chalk, run.events));
  if (r.verdicts.length === 0 && r.outcome === 'stopped')
    head.push(chalk.yellow('? no violation so far: the run stopped mid-way (replay --prefix), so the end-of-run oracles (fsck, linearizability) did not run'));
  else if (r.verdicts.length === 0 && run.notes.length === 0)
    head.push(chalk.green('✓ no violation: every oracle (ownership, stale data, fsck, linearizability, lockdep) is satisfied'));
  else if (r.verdicts.length === 0) head.push(chalk.yellow('? no violation found, but not every oracle could decide:'));
  for (const n of run.notes) head.push(chalk.yellow(`  ? ${n.message}`));
  head.push('', chalk.gray(`replay: aiosim replay '${o.replay}'`));
  return head.join('\n');
}

/** The swimlane, or for a run too large to draw (thousands of tasks), one line that says where the whole run can be seen. */
function swimlane(run: ScenarioRun, o: RenderOptions): string {
  const tooLarge = tooLargeToDraw(run.events);
  if (!tooLarge)
    return renderSwimlane(run.events, {
      chalk: o.chalk,
      width: o.width,
      terminalWidth: o.terminalWidth,
      axis: o.axis,
      columnUs: o.columnUs,
      groupInterrupts: true,
    });
  return o.chalk.yellow(`timeline not drawn: ${tooLarge}; the whole run: --trace <file> (ui.perfetto.dev) or --json`);
}

/** `notes` in --json (a compatible extension): only when an oracle could not decide. */
export function notesJson(run: ScenarioRun): { notes?: readonly OracleNote[] } {
  return run.notes.length > 0 ? { notes: run.notes } : {};
}

/** The `--json` object of design §8. */
export function jsonResult(fields: {
  scenario: string;
  fs: string;
  strategy: string;
  seed: number | null;
  executions: number;
  violations: readonly Verdict[];
  schedule: string;
  shrink?: unknown;
  notes?: readonly OracleNote[];
  undecided?: number;
}): string {
  return JSON.stringify(fields);
}
