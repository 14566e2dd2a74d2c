/**
 * The narration line of one step, from the typed trace events that step emitted: "admin/2:
 * down_write(i_rwsem (ino 12)) → acquired; frees block 3 (ino 12 file block 3)". The head is the
 * kernel function the step ran (the context's `next` before it ran); when the step's first event
 * is that context's own lock operation, the lock is the function's argument and the operation its
 * outcome. Every other event becomes a short clause, in trace order.
 */
import type { LockOp } from '../locks/events.js';
import type { TraceEvent } from '../scenario/trace-event.js';
import { unreachable } from '../sim/errors.js';

/** What a lock operation did, as the outcome of the call that made it. */
const OUTCOME: Record<LockOp, string> = {
  acquire: 'acquired',
  contend: 'must wait (queued)',
  steal: 'acquired (stolen: the lock was free, waiters queued)',
  grant: 'granted',
  release: 'released',
  downgrade: 'downgraded to read',
  'trylock-fail': 'fails (held, or someone is queued)',
  'handoff-bit': 'sets the handoff bit (waited too long: no more stealing)',
  'handoff-exit': 'handed off (lockdep forgets it; the lock stays held for the I/O)',
  'handoff-enter': 'taken over from the in-flight I/O',
  abandon: 'writer abandoned (locked forever; the object may be freed)',
};

/** The same operation as a clause of someone's step. */
const CLAUSE: Record<LockOp, string> = {
  acquire: 'takes',
  contend: 'queues for',
  steal: 'steals',
  grant: 'is granted',
  release: 'releases',
  downgrade: 'downgrades to read',
  'trylock-fail': 'fails a trylock on',
  'handoff-bit': 'sets the handoff bit of',
  'handoff-exit': 'hands off',
  'handoff-enter': 'takes over the handed-off',
  abandon: 'abandons the writer of',
};

/** One clause for an event of a step run by context `who`; null for scheduler bookkeeping. */
function clause(e: TraceEvent, who: number, names: ReadonlyMap<number, string>): string | null {
  const name = (id: number): string => names.get(id) ?? `context ${id}`;
  // Events of other contexts (a grant, a wake) say whose they are.
  const subject = e.ctx === who ? '' : `${name(e.ctx)} `;
  switch (e.type) {
    case 'lock':
      return `${subject}${CLAUSE[e.op]} ${e.lock} (${e.mode})`;
    case 'block':
      return `${subject}sleeps: waits for ${e.on}`;
    case 'wake':
      return e.by === who ? `wakes ${name(e.ctx)}` : `${name(e.ctx)} is woken`;
    case 'syscall-enter':
      return `${subject}enters ${e.name}()`;
    case 'syscall-exit':
      return `${subject}${e.name}() returns ${e.ret} to user space`;
    case 'alloc':
      return `${subject}${e.op === 'alloc' ? 'allocates' : 'frees'} block ${e.block} (ino ${e.ino} file block ${e.fileBlock})`;
    case 'bio':
      return e.op === 'submit'
        ? `${subject}submits bio #${e.id} (${e.dir} block ${e.block}${e.offset ? `+${e.offset}` : ''}, ${e.length} B, for ${e.by})`
        : `${subject}completes bio #${e.id}: ${e.dir === 'write' ? `${e.length} B of '${e.fill === 0 ? '.' : String.fromCharCode(e.fill)}' land in` : `${e.length} B read from`} block ${e.block} (for ${e.by})`;
    case 'i_size':
      return `${subject}i_size (ino ${e.ino}) ${e.old} → ${e.size}`;
    case 'i_size-read':
      return `${subject}samples i_size (ino ${e.ino}) = ${e.size}, kept for ${e.by}`;
    case 'dio-count':
      if (e.op === 'wait') return `${subject}waits for ${e.name} (= ${e.count}) to drain`;
      if (e.op === 'waited') return `${subject}${e.name} drained`;
      return `${subject}inode_dio_${e.op}: ${e.name} = ${e.count}`;
    case 'ki_complete':
      return `${subject}completes ${e.iocb} (result ${e.result})`;
    case 'freeze':
      return e.frozen ? `${subject}has frozen the file system (freeze_super returned)` : `${subject}thaws the file system`;
    case 'verdict':
      return `VERDICT ${e.verdict.kind}${e.verdict.subkind ? ` (${e.verdict.subkind})` : ''}`;
    case 'ctx-start':
      return `new context ${e.name}/${e.ctx} (${e.kind})`;
    case 'ctx-exit':
      return `${subject}exits`;
    case 'switch':
      return null;
    default:
      return unreachable(e, 'trace event');
  }
}

/** Labels of lock calls (down_write, up_read, downgrade_write, mutex_lock, spin_unlock, fence_…, rwsem_…): their first lock event is their outcome. */
const LOCK_CALL = /^(down|up)(_|$)|lock|^downgrade|^fence_|^rwsem_/;

export interface StepToNarrate {
  /** Id of the context that ran the step. */
  readonly ctx: number;
  /** The kernel function it ran (its `next` before the step). */
  readonly label: string;
  /** The step's events: [from, to) of `events`. */
  readonly from: number;
  readonly to: number;
}

/** The narration of one step, e.g. "admin/2: down_write(i_rwsem (ino 12)) → acquired; frees block 3 (ino 12 file block 3)". */
export function narrateStep(events: readonly TraceEvent[], step: StepToNarrate, names: ReadonlyMap<number, string>): string {
  const who = names.get(step.ctx) ?? `context ${step.ctx}`;
  const own = events.slice(step.from, step.to).filter((e) => e.type !== 'switch');
  const sleeping = step.label.endsWith(' (sleeping)');
  const fn = sleeping ? step.label.slice(0, -' (sleeping)'.length) : step.label;
  let head = fn === 'start' ? 'starts' : sleeping ? `${fn} (woken, retries)` : fn;
  const first = own[0];
  let rest = own;
  if (first?.type === 'lock' && first.ctx === step.ctx && LOCK_CALL.test(fn)) {
    head = `${fn}(${first.lock}) → ${OUTCOME[first.op]}`;
    rest = own.slice(1);
  } else if (first?.type === 'dio-count' && first.ctx === step.ctx && fn.startsWith('inode_dio_')) {
    head = `${fn}(${first.name}) → ${first.op === 'wait' ? `must wait (${first.count} in flight)` : first.op === 'waited' ? 'drained' : first.count}`;
    rest = own.slice(1);
  }
  // A sleep that follows a failed lock or drain is the outcome already said.
  if (rest !== own && rest[0]?.type === 'block' && rest[0].ctx === step.ctx && /must wait/.test(head)) rest = rest.slice(1);
  const clauses = rest.map((e) => clause(e, step.ctx, names)).filter((c): c is string => c !== null);
  if (own.length === 0) clauses.push(fn === 'start' ? 'runs to its first scheduling point' : 'nothing visible changes');
  return `${who}: ${head}${clauses.length ? `; ${clauses.join('; ')}` : ''}`;
}
