/**
 * The event log: the trace as lines a person reads top-down ("t=10.000µs w/2 down_write:
 * contends for sem (write)"). Scheduler bookkeeping (switches, starts) is left out; locks,
 * syscalls, waits and verdicts are what explain a run.
 */
import type { Chalk } from './colour.js';
import type { LockOp } from '../locks/events.js';
import type { TraceEvent } from '../scenario/trace-event.js';
import { unreachable } from '../sim/errors.js';

const LOCK_WORDS: Record<LockOp, string> = {
  acquire: 'acquires',
  contend: 'queues for',
  steal: 'steals (free lock, waiters queued)',
  grant: 'is granted (by the waker)',
  release: 'releases',
  downgrade: 'downgrades to read',
  'trylock-fail': 'trylock fails on',
  'handoff-bit': 'sets the handoff bit on',
  'handoff-exit': 'hands off (lockdep release, lock stays held)',
  'handoff-enter': 'takes over the handed-off',
  abandon: 'abandons the writer of',
};

/** One line for an event a person needs to follow the run; null for scheduler bookkeeping. */
export function describeEvent(e: TraceEvent, names: ReadonlyMap<number, string>, chalk: Chalk): string | null {
  const who = names.get(e.ctx) ?? 'setup';
  switch (e.type) {
    case 'lock': {
      const word = LOCK_WORDS[e.op];
      const colour = e.op === 'contend' || e.op === 'trylock-fail' ? chalk.yellow : e.mode === 'write' ? chalk.red : chalk.green;
      return `${who} ${colour(word)} ${e.lock} (${e.mode})`;
    }
    case 'block':
      return `${who} ${chalk.yellow('sleeps')} waiting for ${e.on}`;
    case 'wake':
      return `${who} is woken${e.by !== -1 ? ` by ${names.get(e.by) ?? e.by}` : ''}`;
    case 'syscall-enter':
      return `${who} enters ${e.name}()`;
    case 'syscall-exit':
      return `${who} returns ${e.ret} from ${e.name}() to user space`;
    case 'alloc':
      return `${who} ${e.op === 'alloc' ? 'allocates' : 'frees'} device block ${e.block} (ino ${e.ino} file block ${e.fileBlock})`;
    case 'bio':
      return `${e.op === 'submit' ? `${who} submits` : `${who} completes`} bio #${e.id}: ${e.dir} ${e.length} bytes at block ${e.block}+${e.offset}${e.dir === 'write' ? ` ('${e.fill === 0 ? '.' : String.fromCharCode(e.fill)}')` : ''} for ${e.by}`;
    case 'i_size':
      return `${who} sets i_size of ino ${e.ino}: ${e.old} → ${e.size}`;
    case 'i_size-read':
      return `${who} samples i_size of ino ${e.ino}: ${e.size}, kept for ${e.by}`;
    case 'ki_complete':
      return `${who} completes ${e.iocb} (result ${e.result})`;
    case 'freeze':
      return e.frozen ? `${who} ${chalk.red('froze')} the file system (freeze_super returned)` : `${who} ${chalk.green('thaws')} the file system`;
    case 'dio-count':
      return `${who} ${e.op === 'wait' ? 'waits for' : e.op === 'waited' ? 'finished waiting for' : `inode_dio_${e.op}:`} ${e.name} = ${e.count}`;
    case 'verdict':
      return chalk.bold.magenta(`VERDICT ${e.verdict.message}`);
    case 'ctx-start':
    case 'ctx-exit':
    case 'switch':
      return null;
    default:
      return unreachable(e, 'trace event');
  }
}

/** Context id → "name/id", as every report prints contexts. */
export function contextNames(events: readonly TraceEvent[]): Map<number, string> {
  const names = new Map<number, string>();
  for (const e of events) if (e.type === 'ctx-start') names.set(e.ctx, `${e.name}/${e.ctx}`);
  return names;
}

export function renderEventLog(events: readonly TraceEvent[], chalk: Chalk): string {
  const names = contextNames(events);
  const lines: string[] = [];
  for (const e of events) {
    const text = describeEvent(e, names, chalk);
    if (text) lines.push(`${chalk.gray(`${(e.t / 1000).toFixed(3).padStart(10)}µs`)}  ${text}`);
  }
  return lines.join('\n');
}
