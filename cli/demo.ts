/**
 * `aiosim demo` (what `npm start` runs): two short scenes that show the lock model at work.
 *
 * 1. Writer bias: r1 reads; a writer queues; r2 arrives while only a reader holds the lock and
 *    still waits, because a writer is queued; a trylock fails for the same reason; the writer
 *    gets the lock, downgrades, and r2 is granted.
 * 2. Holding i_rwsem across an asynchronous I/O (the 2020 RFC): released naively from the
 *    completion interrupt, lockdep reports two rule violations; with a hand-off it is silent.
 */
import type { Command } from 'commander';
import { traceEvents } from '../src/scenario/trace-event.js';
import { type Chalk, terminalChalk } from '../src/report/colour.js';
import { renderEventLog } from '../src/report/event-log.js';
import { renderSwimlane } from '../src/report/swimlane.js';
import { createLocking, type Locking } from '../src/locks/locking.js';
import { lockClass } from '../src/locks/lock-class.js';
import { RwSemaphore, down_read, down_read_trylock, down_write, downgrade_write, rwsem_exit_hold, rwsem_reenter_hold, up_read } from '../src/locks/rwsem.js';
import type { Sim } from '../src/sim/sim.js';
import { syscall } from '../src/sim/syscall.js';
import { timedStrategy } from '../src/sim/strategies/timed.js';
import { parseSeed, terminalWidth } from './options.js';

export interface DemoCommandOptions {
  readonly seed: number;
}

export function addDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('show the lock model at work: rwsem writer bias, and i_rwsem held across an async I/O with and without a lockdep hand-off')
    .option('--seed <n>', 'seed for tie-breaking between simultaneous events', parseSeed, 1)
    .addHelpText('after', '\nExamples:\n  $ aiosim demo\n  $ NO_COLOR=1 aiosim demo | less')
    .action((o: DemoCommandOptions) => {
      process.stdout.write(`${runDemo(o.seed, terminalChalk(), Math.min(terminalWidth() - 16, 120))}\n`);
    });
}

const US = 1000;

function* hold(l: Locking, us: number, label: string): Sim<void> {
  l.sim.sleepFor(us * US);
  yield label;
}

function writerBias(seed: number): Locking {
  const l = createLocking({ strategy: timedStrategy(seed) });
  const sem = new RwSemaphore(l.lockdep, 'i_rwsem', lockClass('&sb->s_type->i_mutex_key'));
  const { sim } = l;
  sim.spawn(
    'process',
    'r1',
    (function* () {
      yield* down_read(sem);
      yield* hold(l, 100, 'read the file');
      yield* up_read(sem);
    })(),
  );
  sim.spawn(
    'process',
    'writer',
    (function* () {
      yield* down_write(sem);
      yield* hold(l, 50, 'truncate');
      yield* downgrade_write(sem);
      yield* hold(l, 50, 'wait for I/O');
      yield* up_read(sem);
    })(),
    { at: 10 * US },
  );
  sim.spawn(
    'process',
    'r2',
    (function* () {
      yield* down_read(sem);
      yield* hold(l, 30, 'read the file');
      yield* up_read(sem);
    })(),
    { at: 20 * US },
  );
  sim.spawn(
    'process',
    'try',
    (function* () {
      if (yield* down_read_trylock(sem)) yield* up_read(sem);
    })(),
    { at: 30 * US },
  );
  sim.run();
  return l;
}

function holdAcrossAio(seed: number, handOff: boolean): Locking {
  const l = createLocking({ strategy: timedStrategy(seed) });
  const sem = new RwSemaphore(l.lockdep, 'i_rwsem', lockClass('&sb->s_type->i_mutex_key'));
  const { sim } = l;
  sim.spawn(
    'process',
    'app',
    syscall(
      sim,
      'io_submit',
      (function* (): Sim<number> {
        yield* down_read(sem);
        const token = handOff ? rwsem_exit_hold(sem) : null;
        sim.spawn(
          'irq',
          'irq/bio',
          (function* () {
            if (token) rwsem_reenter_hold(sem, token);
            yield* up_read(sem);
          })(),
          { at: sim.now + 200 * US },
        );
        return -529; // -EIOCBQUEUED: the I/O is in flight
      })(),
    ),
  );
  sim.run();
  return l;
}

function scene(title: string, l: Locking, chalk: Chalk, width: number): string {
  const splats = l.sim.verdicts.map((v) => String(v.details.splat ?? v.message)).join('\n\n');
  return [
    chalk.bold.underline(title),
    '',
    renderSwimlane(traceEvents(l.sim.trace), { chalk, width }),
    '',
    renderEventLog(traceEvents(l.sim.trace), chalk),
    ...(splats ? ['', chalk.magenta(splats)] : []),
    '',
  ].join('\n');
}

export function runDemo(seed: number, chalk: Chalk, width: number): string {
  return [
    scene('1. rwsem writer bias: a queued writer makes new readers wait', writerBias(seed), chalk, width),
    chalk.gray('r2 arrived while only r1 (a reader) held i_rwsem, yet it queued: a writer was waiting.'),
    chalk.gray('The trylock failed for the same reason. downgrade_write then let r2 in.'),
    '',
    scene('2a. i_rwsem held across an AIO, released by the completion interrupt (no hand-off)', holdAcrossAio(seed, false), chalk, width),
    scene('2b. the same with a lockdep hand-off (exit at submission, re-enter at completion)', holdAcrossAio(seed, true), chalk, width),
    chalk.gray('Same data safety, but only 2b tells lockdep the truth. See docs/locks.md.'),
  ].join('\n');
}
