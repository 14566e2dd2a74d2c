/**
 * `aiosim step`: walk a room through an interleaving one step at a time. The screen shows every
 * live context with its next action (or what it waits for) and its held locks, the lock owners
 * and waiters, each file's i_size and i_dio_count, the bios in flight, and the verdicts so far.
 * Above them, the narration of the step just taken (src/play/narrate.ts, the playground's). Input
 * is line by line, so it works over any terminal and from a script; on a TTY each screen replaces
 * the last (cleared, drawn from the top), elsewhere screens are appended.
 */
import { useScheme } from '../src/fs-impls/load-scheme.js';
import type { Command } from 'commander';
import { createInterface } from 'node:readline';
import { type Chalk, terminalChalk } from '../src/report/colour.js';
import { loadScenario } from '../src/scenario/catalog.js';
import { taskName } from '../src/sim/context.js';
import { UserError } from '../src/sim/errors.js';
import { decodeSchedule } from '../src/sim/schedule.js';
import { type StepView, Stepper } from '../src/explore/stepper.js';
import { boundToken, checkTokenScenario, parseScheduleArgument, replayScheme } from '../src/explore/replay-token.js';
import type { RwSemaphore } from '../src/locks/rwsem.js';
import { explainVerdict } from './render.js';
import { fsOption, valueOption } from './options.js';
import { writeFileAtomic } from './output.js';
import { checkScheduleToken } from './replay.js';
import { terminalWidth } from './options.js';
import { contextNames } from '../src/report/event-log.js';
import { narrateStep } from '../src/play/narrate.js';
import { timelineModel } from '../src/report/timeline-model.js';

export interface StepCommandOptions {
  readonly fs?: string;
  /** A token, a schedule string, or a file holding one (what `s <file>` saves). */
  readonly schedule?: string;
}

export function addStepCommand(program: Command): void {
  program
    .command('step')
    .description('walk through a scenario one step at a time: you choose which context (or which I/O completion) runs next')
    .argument('<scenario>', 'built-in scenario name or a .yaml/.json file')
    .addOption(fsOption())
    .addHelpText(
      'after',
      `\nKeys (typed, then enter): a context number runs it; enter alone runs the only runnable one;
u undoes the last step; h tries random continuations after each possible next step and says which lead to a violation;
c runs the rest with the timed strategy; s prints the schedule (s <file> saves it); q quits.
--schedule takes what s printed or the file s <file> saved; --fs may repeat the token's scheme, not change it.

Example:\n  $ aiosim step truncate-vs-aio-write --fs bug-truncate-nowait`,
    )
    .addOption(valueOption('--schedule <token>', 'resume a session saved with s (or start from any schedule string)'))
    .action(async (ref: string, o: StepCommandOptions) => {
      const scenario = loadScenario(ref);
      const resume = o.schedule === undefined ? null : parseScheduleArgument(o.schedule, '--schedule');
      checkTokenScenario(resume?.token ?? null, ref, scenario.name);
      const fs = replayScheme(resume?.token ?? null, o.fs, scenario.fs);
      await useScheme(fs);
      const stepper = new Stepper(scenario, ref, fs);
      checkScheduleToken(resume?.token ?? null, scenario, stepper.fs);
      if (resume) stepper.resume(decodeSchedule(resume.schedule));
      process.exitCode = await runStepper(stepper, terminalChalk(), process.stdin, (s) => process.stdout.write(s), {
        tty: process.stdout.isTTY === true,
        width: process.stdout.isTTY === true ? terminalWidth() : Number.POSITIVE_INFINITY, // a pipe or a script gets whole lines
      });
    });
}

const KEYS = 'keys: <n> run context n · enter: the only one · u undo · h hint · c continue (timed) · s [file] save schedule · q quit · ? help';

function lockLine(sem: RwSemaphore): string | null {
  if (!sem.isLocked() && sem.waiters.length === 0) return null;
  const holders = sem.writer
    ? [`${sem.writer.ctx ? taskName(sem.writer.ctx) : sem.writer.note} (write)`]
    : sem.readers.map((h) => (h.ctx ? taskName(h.ctx) : h.note));
  const waiting = sem.waiters.map((w) => `${taskName(w.ctx)} (${w.type})`);
  return `${sem.name}: ${holders.length ? `held by ${holders.join(', ')}` : 'free'}${waiting.length ? ` · waiting: ${waiting.join(', ')}` : ''}`;
}

/** What the last step did, in one line (the playground's narration), or null before the first. */
function lastNarration(v: StepView): string | null {
  const last = v.log.at(-1);
  if (!last) return null;
  const events = v.world.events;
  return narrateStep(events, { ctx: last.ctx.id, label: last.label, from: last.event, to: events.length }, contextNames(events));
}

/** Cuts a line to the screen's width (a line that wraps breaks the redraw). */
const fitWidth = (line: string, width: number): string => ([...line].length > width ? `${[...line].slice(0, width - 1).join('')}…` : line);

export function renderStep(v: StepView, steps: number, chalk: Chalk, width = 100): string {
  const { sim, sb } = v.world;
  const lines = [chalk.bold(fitWidth(`── ${v.world.scenario.name} under ${v.world.fs} · step ${steps} · t=${(sim.now / 1000).toFixed(1)} µs ──`, width))];
  const said = lastNarration(v);
  if (said) lines.push(fitWidth(`last step: ${said}`, width));
  lines.push(chalk.gray(fitWidth(' #   context                      state      next action · waiting for · held (lockdep)', width)));
  for (const c of sim.contexts.filter((x) => x.state !== 'done')) {
    const enabled = v.enabled.includes(c);
    // A lock being waited for is on lockdep's held stack already (lock_acquire comes before the
    // wait, as in the kernel): it is shown as waited for, not as held.
    const waitingOn = c.state === 'blocked' ? c.blockedOn : null;
    const doing =
      c.state === 'blocked'
        ? `waiting for ${c.blockedOn?.describeWait(c) ?? '?'}`
        : c.state === 'sleeping'
          ? `next ${c.next} (at ${(c.wakeAt / 1000).toFixed(1)} µs)`
          : `next ${c.next}`;
    const held = c.held.filter((h) => (h.lock as unknown) !== waitingOn).map((h) => `${h.lock.name}[${h.mode}]`);
    const row = `${String(c.id).padStart(2)}  ${`${c.name}/${c.id} (${c.kind})`.padEnd(28)} ${c.state.padEnd(10)} ${doing}${held.length ? ` · held ${held.join(', ')}` : ''}`;
    lines.push(enabled ? fitWidth(row, width) : chalk.gray(fitWidth(row, width)));
  }
  const locks = sb.inodes.flatMap((i) => [i.i_rwsem, ...(i.i_private?.locks ?? [])].map(lockLine)).filter((l): l is string => l !== null);
  // A lock program's own locks (scenario `locks:`) are not an inode's: their state comes from the trace (timeline-model.ts).
  const board = timelineModel(v.world.events).columns.at(-1)?.locks ?? new Map();
  const inodeLocks = new Set(sb.inodes.flatMap((i) => [i.i_rwsem, ...(i.i_private?.locks ?? [])].map((l) => l.name)));
  for (const [name, l] of board) {
    if (inodeLocks.has(name) || (l.holders.length === 0 && l.queue.length === 0)) continue;
    locks.push(`${name}: ${l.holders.length ? `held by ${l.holders.join(', ')}` : 'free'}${l.queue.length ? ` · waiting: ${l.queue.join(', ')}` : ''}`);
  }
  lines.push(fitWidth(`locks: ${locks.length ? locks.join(' | ') : 'all free'}`, width));
  lines.push(
    fitWidth(
      `files: ${sb.inodes.map((i) => `${i.path} (ino ${i.ino}${i.state !== 'live' ? `, ${i.state}` : ''}) i_size ${i.i_size} · i_dio_count ${i.i_dio.count}`).join(' | ')}`,
      width,
    ),
  );
  const inFlight = new Map<number, string>();
  for (const e of v.world.events) {
    if (e.type !== 'bio') continue;
    if (e.op === 'submit') inFlight.set(e.id, `#${e.id} ${e.dir} block ${e.block}+${e.offset} for ${e.by}`);
    else inFlight.delete(e.id);
  }
  lines.push(fitWidth(`I/O in flight: ${inFlight.size ? [...inFlight.values()].join(' | ') : 'none'}`, width));
  const verdicts = v.finished ? v.finished.result.verdicts : sim.verdicts;
  lines.push(verdicts.length ? verdicts.map((x) => explainVerdict(x, chalk)).join('\n') : 'verdicts: none yet');
  if (v.finished) lines.push(chalk.bold(`the run is over (${v.finished.result.outcome}). replay: aiosim replay '${v.token}'`));
  return lines.join('\n');
}

/** Clear the screen and go to its top (ED 2, CUP): a TTY redraws in place. */
const CLEAR = '\x1b[H\x1b[2J';

export async function runStepper(
  stepper: Stepper,
  chalk: Chalk,
  input: NodeJS.ReadableStream,
  write: (s: string) => void,
  screen: { readonly tty: boolean; readonly width: number } = { tty: false, width: 100 },
): Promise<number> {
  const rl = createInterface({ input, terminal: false });
  let v = stepper.view();
  // On a TTY, what a key printed (a hint, "undone.") is shown at the top of the next screen.
  let said = '';
  const say = (text: string): void => {
    if (screen.tty) said += text;
    else write(text);
  };
  const draw = (): void => {
    write(`${screen.tty ? `${CLEAR}${said}` : ''}${renderStep(v, stepper.steps, chalk, screen.width)}\n${chalk.gray(fitWidth(KEYS, screen.width))}\n> `);
    said = '';
  };
  draw();
  for await (const raw of rl) {
    const line = raw.trim();
    const [cmd, arg] = line.split(/\s+/, 2);
    try {
      if (cmd === 'q') break;
      else if (cmd === '?') say(`${KEYS}\nA number runs that context to its next scheduling point. Contexts in grey cannot run now.\n`);
      else if (cmd === 'u') say(stepper.undo() ? 'undone.\n' : 'nothing to undo.\n');
      else if (cmd === 's') {
        if (arg) {
          writeFileAtomic(arg, `${v.token}\n`);
          say(`schedule saved to ${arg}\n`);
        } else say(`schedule: ${v.token}\n`);
      } else if (cmd === 'h') {
        write('hint: trying 150 continuations (random and timed) after each possible next step…\n'); // at once: the search takes a while
        for (const h of stepper.hint()) {
          say(
            `  ${h.context.id} ${h.context.name}: ${h.found ? chalk.red(`${h.found} of 150 continuations end in ${h.kinds.join(', ')}`) : chalk.green('no violation in 150 continuations')}\n`,
          );
        }
      } else if (cmd === 'c') {
        const run = stepper.finishTimed(1);
        write(
          `${run.result.verdicts.length ? run.result.verdicts.map((x) => explainVerdict(x, chalk)).join('\n') : chalk.green('✓ no violation')}\nreplay: aiosim replay '${boundToken({ scenario: stepper.scenarioRef, fs: run.fs, schedule: run.result.schedule }, stepper.scenario)}'\n`,
        );
        rl.close();
        return run.result.verdicts.length ? 1 : 0;
      } else if (cmd === '' || /^\d+$/.test(cmd ?? '')) {
        const id = cmd ? Number(cmd) : v.enabled.length === 1 ? v.enabled[0]!.id : NaN;
        if (Number.isNaN(id)) say(`several contexts can run: type one of ${v.enabled.map((c) => c.id).join(', ')}\n`);
        else stepper.choose(id);
      } else say(`unknown key "${line}". ${KEYS}\n`);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      say(`${err.message}\n`);
    }
    v = stepper.view();
    draw();
  }
  rl.close();
  write(`${said}\n`);
  return v.finished?.result.verdicts.length ? 1 : 0;
}
