/**
 * The few trace events a person must understand to see why a verdict happened, picked from
 * the trace by what the verdict names: the block and the I/O for a freed-block write, the read
 * and the blocks it read for stale data, the size changes, zeroing and data of the inode for
 * a non-linearizable file, the lock for lockdep, the waits for a deadlock. At most `limit`
 * events, the ones closest before the verdict.
 */
import type { TraceEvent } from '../scenario/trace-event.js';
import { invariant, unreachable } from '../sim/errors.js';

type E = TraceEvent;

export function criticalSteps(events: readonly TraceEvent[], verdictIndex: number, limit = 10): number[] {
  const at = events[verdictIndex];
  invariant(at?.type === 'verdict', `criticalSteps: event ${verdictIndex} is not a verdict`);
  const v = at.verdict;
  const d = v.details;
  const blocks = new Set<number>();
  let related: (e: E) => boolean;
  switch (v.kind) {
    case 'freed-block-write':
      related = (e) => (e.type === 'alloc' && e.block === d.block) || (e.type === 'bio' && (e.block === d.block || e.by === d.by));
      break;
    case 'stale-data': {
      for (const e of events) if (e.type === 'bio' && e.by === d.op) blocks.add(e.block);
      related = (e) => (e.type === 'bio' && (e.by === d.op || (blocks.has(e.block) && e.dir === 'write'))) || (e.type === 'alloc' && blocks.has(e.block));
      break;
    }
    case 'not-linearizable':
    case 'fsck':
    case 'use-after-free': {
      const ino = d.ino;
      related = (e) =>
        ((e.type === 'i_size' || e.type === 'i_size-read') && (ino === undefined || e.ino === ino)) ||
        (e.type === 'bio' && e.dir === 'write' && (ino === undefined || e.ino === ino)) ||
        (e.type === 'alloc' && e.op === 'free' && (ino === undefined || e.ino === ino)) ||
        (e.type === 'syscall-enter' && ['ftruncate', 'fallocate', 'pread64'].includes(e.name)) ||
        e.type === 'ki_complete';
      break;
    }
    case 'lockdep':
    case 'freed-while-held':
    case 'warn':
      related = (e) =>
        e.type === 'lock' && (e.lock === d.lock || e.lock === d.holding || e.lock === d.acquiring || (Array.isArray(d.held) && d.held.includes(e.lock)));
      break;
    case 'frozen-write':
      related = (e) =>
        e.type === 'freeze' ||
        (e.type === 'syscall-enter' && (e.name === 'io_submit' || e.name === 'ioctl')) ||
        (e.type === 'bio' && e.by === d.by) ||
        (e.type === 'i_size' && e.ino === d.ino) ||
        e.type === 'ki_complete';
      break;
    case 'deadlock':
      related = (e) => e.type === 'block' || (e.type === 'lock' && e.op === 'acquire');
      break;
    case 'starvation': {
      // The waiter going to sleep and the takes that passed it (details.object starts with the lock or count's name).
      const object = String(d.object ?? '');
      related = (e) => e.type === 'block' || (e.type === 'lock' && e.op === 'acquire' && object.startsWith(e.lock));
      break;
    }
    case 'step-limit':
      related = () => false;
      break;
    default:
      return unreachable(v.kind, 'verdict kind');
  }
  const picked: number[] = [];
  for (let i = verdictIndex - 1; i >= 0 && picked.length < limit; i--) if (related(events[i]!)) picked.push(i);
  return picked.reverse().concat(verdictIndex);
}
