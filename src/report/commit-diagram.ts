/**
 * The interleaving of a run as kernel commit messages draw a race: one column per task, the
 * hard-irq bio completions and the kworkers each in a column of their own, time going down,
 * one event per line, calls nested by indentation — as in 1c9114f9c0f1 ("ext4: serialize
 * unlocked dio reads with truncate") or 249bd9087a52 ("xfs: properly serialise fallocate
 * against AIO+DIO"):
 *
 *   qemu                            admin                      irq            kworker
 *   ----                            -----                      ---            -------
 *   io_submit(PWRITE, 0, 8192)
 *     down_read(i_rwsem)
 *     inode_dio_begin()  i_dio_count=1
 *                                   fallocate(0, 0, 4096)
 *                                     down_write(i_rwsem)
 *                                     inode_dio_wait()  i_dio_count=1
 *                                     <sleeps: i_dio_count to reach 0>
 *                                                              bio#1 WRITE lands in pblk 0
 *
 * Syscalls carry the scenario's arguments (op-syscalls.ts), drains the value of i_dio_count at
 * that moment, blocks are device blocks (pblk) with the file block (lblk) they hold, and a bio
 * that lands in a block its file no longer owns says whose it is now. By default only the
 * critical path: the critical steps (critical-steps.ts), the syscall each happened in with
 * that syscall's locks, drains, allocations and sleeps, and the whole of every completion
 * context that took part; `full` draws every step. Then the verdict. A text wider than the
 * space right of its column runs over the columns to its right (no other text is on its line)
 * and wraps at `width`.
 */
import type { HistoryOp } from '../check/history.js';
import type { ScenarioRun } from '../scenario/runner.js';
import type { ScenarioOp } from '../scenario/schema.js';
import type { TraceEvent } from '../scenario/trace-event.js';
import { unreachable } from '../sim/errors.js';
import type { Verdict } from '../sim/verdict.js';
import { criticalSteps } from './critical-steps.js';
import { type OpSyscall, opSyscalls, syscallEnterOf, syscallExitOf } from './op-syscalls.js';

export interface CommitDiagramOptions {
  /** Every step, not only the critical path. */
  readonly full?: boolean;
  /** Fit this many columns (wrapping long lines); default: as wide as the texts need. */
  readonly width?: number;
}

/** A column: a task (by context name), or all contexts of one kind. */
type ColumnKey = string;
interface Line {
  readonly column: ColumnKey;
  readonly depth: number;
  readonly text: string;
}

const GAP = 2;
/** The narrowest a column may get before the texts of the next one would look like its nesting. */
const MIN_COLUMN = 14;

export function renderCommitDiagram(run: ScenarioRun, o: CommitDiagramOptions = {}): string {
  const { events, scenario } = run;
  const verdict = run.result.verdicts.find((v) => v.at >= 0 && events[v.at]?.type === 'verdict') ?? null;
  const picked = o.full || !verdict ? everyStep(events) : criticalPath(events, run.history.ops, verdict.at);
  const lines = describe(run, picked);
  const columns = columnsOf(run, lines);
  const width = o.width;
  const out: string[] = [];
  const scheme = run.fs;
  out.push(...wrap(`${scenario.name} under ${scheme}: ${scenario.title}`, width ?? Infinity, 0, 2));
  for (const f of initialFiles(run)) out.push(...wrap(f, width ?? Infinity, 0, 2));
  out.push('');
  out.push(...layout(columns, lines, width));
  out.push('');
  if (run.result.verdicts.length === 0) out.push('no violation: every oracle is satisfied');
  for (const v of run.result.verdicts) out.push(...wrap(`${verdictTitle(v)}: ${v.message}`, width ?? Infinity, 0, 2));
  return `${out.join('\n')}\n`;
}

const verdictTitle = (v: Verdict): string => (v.subkind ? `${v.kind} (${v.subkind})` : v.kind);

/** Scheduler bookkeeping is never drawn; setup (ctx -1) is the preamble. */
function drawn(e: TraceEvent): boolean {
  return e.ctx >= 0 && e.type !== 'switch' && e.type !== 'ctx-start' && e.type !== 'ctx-exit' && e.type !== 'verdict';
}

function everyStep(events: readonly TraceEvent[]): Set<number> {
  const out = new Set<number>();
  events.forEach((e, i) => {
    if (drawn(e)) out.add(i);
  });
  return out;
}

/** Events a process context runs inside one syscall's kernel code that explain what it did there. */
const SPAN_EVENTS: ReadonlySet<TraceEvent['type']> = new Set([
  'syscall-enter',
  'syscall-exit',
  'lock',
  'dio-count',
  'block',
  'wake',
  'alloc',
  'bio',
  'i_size',
  'i_size-read',
]);

/**
 * The critical steps, widened to what a reader needs around them: the syscall each happened
 * in (from entry to return) with its locks, drains, sleeps, allocations and bios; every step of
 * a completion context (irq, kworker) with a critical step in it; and the io_getevents that
 * reaps an AIO whose completion is drawn (when user space learns of it).
 */
function criticalPath(events: readonly TraceEvent[], history: readonly HistoryOp[], at: number): Set<number> {
  // Every related step, not only the last ten: a diagram shows each op the verdict involves.
  const steps = criticalSteps(events, at, Infinity).filter((i) => events[i]!.ctx >= 0);
  const kinds = new Map<number, string>();
  for (const e of events) if (e.type === 'ctx-start') kinds.set(e.ctx, e.kind);
  const out = new Set<number>();
  const completionContexts = new Set<number>();
  for (const s of steps) {
    const ctx = events[s]!.ctx;
    if (kinds.get(ctx) !== 'process') {
      completionContexts.add(ctx);
      continue;
    }
    const enter = syscallEnterOf(events, s);
    const [from, to] = enter === null ? [s, s] : [enter, syscallExitOf(events, enter)];
    for (let i = from; i <= to && i < events.length; i++) if (events[i]!.ctx === ctx && SPAN_EVENTS.has(events[i]!.type)) out.add(i);
    out.add(s);
  }
  events.forEach((e, i) => {
    if (completionContexts.has(e.ctx) && drawn(e)) out.add(i);
  });
  // When user space learns that an AIO of the path completed: the io_getevents that reaps it.
  for (const i of [...out]) {
    const e = events[i]!;
    if (e.type !== 'ki_complete') continue;
    const ctx = contextOf(events, history.find((r) => r.id === e.iocb)?.task);
    const exit = events.findIndex((x, j) => j > i && x.ctx === ctx && x.type === 'syscall-exit' && x.name === 'io_getevents');
    const enter = exit < 0 ? null : syscallEnterOf(events, exit);
    if (enter === null) continue;
    for (let j = enter; j <= exit; j++) if (events[j]!.ctx === ctx && SPAN_EVENTS.has(events[j]!.type)) out.add(j);
  }
  for (const i of [...out]) if (!drawn(events[i]!)) out.delete(i);
  return out;
}

/** The process context of task `name`. */
function contextOf(events: readonly TraceEvent[], name: string | undefined): number | undefined {
  for (const e of events) if (e.type === 'ctx-start' && e.kind === 'process' && e.name === name) return e.ctx;
  return undefined;
}

/** What a reader calls each inode: its path. */
function pathsOf(run: ScenarioRun): Map<number, string> {
  const paths = new Map<number, string>();
  for (const r of run.history.ops) if (r.ino !== null && r.file !== null && !paths.has(r.ino)) paths.set(r.ino, r.file);
  for (const inode of run.sb.inodes) if (!paths.has(inode.ino)) paths.set(inode.ino, inode.path);
  return paths;
}

/** "/a: 16384 bytes of 'a' (pblk 0-3)": each scenario file as the run starts. */
function initialFiles(run: ScenarioRun): string[] {
  const blocks = new Map<number, number[]>();
  for (const e of run.events) if (e.ctx < 0 && e.type === 'alloc' && e.op === 'alloc') blocks.set(e.ino, [...(blocks.get(e.ino) ?? []), e.block]);
  const inoOf = new Map([...pathsOf(run)].map(([ino, path]) => [path, ino] as const));
  return run.scenario.files.map((f) => {
    const pblks = blocks.get(inoOf.get(f.path) ?? -1) ?? [];
    const what = f.size === 0 ? 'empty' : f.fill ? `${f.size} bytes of '${f.fill}'` : `${f.size} bytes, sparse`;
    return `${f.path}: ${what}${pblks.length ? ` (pblk ${numberList(pblks)})` : ''}`;
  });
}

/** 0,1,2,3,7 → "0-3, 7". */
function numberList(ns: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < ns.length; ) {
    let j = i;
    while (j + 1 < ns.length && ns[j + 1] === ns[j]! + 1) j++;
    parts.push(j - i >= 2 ? `${ns[i]}-${ns[j]}` : ns.slice(i, j + 1).join(', '));
    i = j + 1;
  }
  return parts.join(', ');
}

const FALLOC_MODE: Record<string, string> = { allocate: '0', keep_size: 'KEEP_SIZE', punch_hole: 'PUNCH_HOLE|KEEP_SIZE', zero_range: 'ZERO_RANGE' };

/** A syscall with the scenario's arguments: `fallocate(PUNCH_HOLE|KEEP_SIZE, 4096, 8192)`; the file first when the scenario has several. */
function syscallText(name: string, s: OpSyscall | undefined, manyFiles: boolean): string {
  const op: ScenarioOp | null | undefined = s?.op;
  const file = (f: string): string => (manyFiles ? `${f}, ` : '');
  if (!s || !op) return s?.file ? `close(${s.file})  [exit]` : name === 'io_getevents' ? 'io_getevents(all)  [exit]' : `${name}()`;
  switch (op.op) {
    case 'aio_write':
    case 'aio_read':
      return `io_submit(${file(op.file)}${op.op === 'aio_write' ? 'PWRITE' : 'PREAD'}, ${op.offset}, ${op.length})${op.id ? `  [${op.id}]` : ''}`;
    case 'wait':
      return `io_getevents(${op.for ?? 'all'})`;
    case 'write':
    case 'read':
      return `${name}(${file(op.file)}${op.offset}, ${op.length}${op.direct ? '' : ', buffered'})${op.id ? `  [${op.id}]` : ''}`;
    case 'truncate':
      return `ftruncate(${file(op.file)}${op.size})`;
    case 'fallocate':
      return `fallocate(${file(op.file)}${FALLOC_MODE[op.mode]}, ${op.offset}, ${op.length})`;
    case 'fsync':
      return `fsync(${manyFiles ? op.file : ''})`;
    case 'create':
      return `open(${op.file}, O_CREAT)`;
    case 'unlink':
      return `unlink(${op.file})`;
    case 'close':
      return `close(${op.file})`;
    case 'sleep':
      return `nanosleep(${op.us} us)`;
    case 'freeze':
      return 'ioctl(FIFREEZE)';
    case 'thaw':
      return 'ioctl(FITHAW)';
    case 'io_setup':
      return `io_setup(${op.ctx})`;
    case 'io_destroy':
      return `io_destroy(${op.ctx ?? ''})`;
    default:
      return `${op.op}()`; // a lock program's op: kernel code, no syscall
  }
}

/** A fill byte as the diagram shows data: 'W', zeros, or the code of a byte that does not print. */
const printable = (fill: number): string =>
  fill === 0 ? 'zeros' : fill < 32 || fill >= 127 ? `0x${fill.toString(16).padStart(2, '0')}` : `'${String.fromCharCode(fill)}'`;

/** One block of an allocation or bio line: folded with its neighbours when they follow on. */
interface BlockItem {
  readonly pblk: number;
  /** For allocations: the file block; for bios: the byte range in the block, when not all of it. */
  readonly lblk?: number;
  readonly range?: string;
  readonly data?: string;
}

/** "pblk 1-3 (/b lblk 0-2)", "pblk 0 [0,512) 'A', 0 [512,4096) zeros", "pblk 0-3 'b'". */
function blockItems(items: readonly BlockItem[], file: string | null): string {
  if (file !== null) {
    const sorted = [...items].sort((a, b) => a.lblk! - b.lblk!);
    return `pblk ${numberList(sorted.map((i) => i.pblk))} (${file} lblk ${numberList(sorted.map((i) => i.lblk!))})`;
  }
  const parts: string[] = [];
  for (let i = 0; i < items.length; ) {
    let j = i;
    const same = (a: BlockItem, b: BlockItem) => a.range === b.range && a.data === b.data && b.pblk === a.pblk + 1;
    while (j + 1 < items.length && same(items[j]!, items[j + 1]!)) j++;
    const it = items[i]!;
    // Parts of the block just named need not name it again: "pblk 0 [0,512) 'A', [512,4096) zeros".
    const again = it.range !== undefined && j === i && i > 0 && items[i - 1]!.pblk === it.pblk;
    const blocks = again ? '' : j > i ? `${it.pblk}-${items[j]!.pblk} ` : `${it.pblk} `;
    parts.push(`${blocks}${it.range ? `${it.range} ` : ''}${it.data ?? ''}`.trimEnd());
    i = j + 1;
  }
  return `pblk ${parts.join(', ')}`;
}

/** A line of the diagram while it is built: folded lines keep their items until the end. */
interface Draft {
  readonly line: Line;
  readonly fold?: { readonly head: string; readonly items: BlockItem[]; readonly file: string | null; readonly close: string };
}

/** The picked events as lines in their columns; runs of allocations and bio submissions of one context are folded into a line each. */
function describe(run: ScenarioRun, picked: ReadonlySet<number>): Line[] {
  const { events } = run;
  const paths = pathsOf(run);
  const manyFiles = new Set(run.history.ops.map((r) => r.ino).filter((i) => i !== null)).size > 1;
  const calls = opSyscalls(run.scenario, events, run.history.ops);
  const column = new Map<number, ColumnKey>();
  for (const e of events) if (e.type === 'ctx-start') column.set(e.ctx, e.kind === 'process' ? e.name : e.kind);
  const pathOf = (ino: number): string => paths.get(ino) ?? `ino ${ino}`;
  /** "i_rwsem (ino 12)" → "i_rwsem", or "/a i_rwsem" when the diagram has several files. */
  const named = (lock: string): string =>
    lock.replace(/^(.*) \(ino (\d+)\)$/, (_m, what: string, ino: string) => `${manyFiles ? `${pathOf(Number(ino))} ` : ''}${what}`);
  const inoOf = new Map([...paths].map(([ino, path]) => [path, ino] as const));
  const inSyscall = new Set<number>();
  // The state the run has reached, for what a line says about it: who owns each device block
  // (a bio that lands where its file no longer is says whose it is now), each file's i_size.
  const owner = new Map<number, { ino: number; lblk: number }>();
  const size = new Map<number, number>();
  const contended = new Set<string>();
  const drafts: Draft[] = [];
  // Allocations and bio submissions of one context with nothing drawn in between: one line per kind.
  let folding: { ctx: number; byKind: Map<string, Draft> } = { ctx: -1, byKind: new Map() };
  const push = (ctx: number, text: string): void => {
    drafts.push({ line: { column: column.get(ctx)!, depth: inSyscall.has(ctx) ? 1 : 0, text } });
    folding = { ctx: -1, byKind: new Map() };
  };
  const fold = (ctx: number, kind: string, item: BlockItem, head: string, file: string | null, close = ''): void => {
    const open = folding.ctx === ctx ? folding.byKind.get(kind) : undefined;
    if (open) {
      open.fold!.items.push(item);
      return;
    }
    const kept = folding.ctx === ctx ? folding.byKind : new Map<string, Draft>();
    const draft = { line: { column: column.get(ctx)!, depth: inSyscall.has(ctx) ? 1 : 0, text: '' }, fold: { head, items: [item], file, close } };
    drafts.push(draft);
    folding = { ctx, byKind: kept.set(kind, draft) };
  };
  /** Whether a write starts past EOF or extends the file: what EOF zeroing and i_size updates depend on. */
  const eofNote = (op: ScenarioOp | null | undefined): string => {
    if (!op || (op.op !== 'aio_write' && op.op !== 'write')) return '';
    const now = size.get(inoOf.get(op.file) ?? -1);
    if (now === undefined) return '';
    if (op.offset > now) return `  # i_size ${now}, past EOF`;
    return op.offset + op.length > now ? `  # i_size ${now}, extending` : '';
  };
  events.forEach((e, i) => {
    const shown = picked.has(i);
    if (!shown) {
      if (e.type === 'syscall-enter') inSyscall.add(e.ctx);
      if (e.type === 'syscall-exit') inSyscall.delete(e.ctx);
    }
    if (shown) draw(e, i);
    if (e.type === 'alloc') {
      if (e.op === 'alloc') owner.set(e.block, { ino: e.ino, lblk: e.fileBlock });
      else owner.delete(e.block);
    }
    if (e.type === 'i_size') size.set(e.ino, e.size);
  });
  function draw(e: TraceEvent, i: number): void {
    switch (e.type) {
      case 'syscall-enter': {
        const call = calls.get(i);
        push(e.ctx, `${syscallText(e.name, call, manyFiles)}${eofNote(call?.op)}`);
        inSyscall.add(e.ctx);
        return;
      }
      case 'syscall-exit':
        inSyscall.delete(e.ctx);
        push(e.ctx, `= ${e.ret}${e.name === 'io_submit' && e.ret > 0 ? ': returns with the I/O in flight' : ''}`);
        return;
      case 'lock': {
        const key = `${e.ctx} ${e.lock}`;
        push(e.ctx, lockText(e.op, e.mode, named(e.lock), contended.has(key)));
        if (e.op === 'contend') contended.add(key);
        if (e.op === 'acquire' || e.op === 'grant') contended.delete(key);
        return;
      }
      case 'dio-count': {
        const ino = /\(ino (\d+)\)/.exec(e.name);
        const of = ino && manyFiles ? pathOf(Number(ino[1])) : '';
        const call = { begin: `inode_dio_begin(${of})`, end: `inode_dio_end(${of})`, wait: `inode_dio_wait(${of})`, waited: '<drained>' }[e.op];
        push(e.ctx, `${call}  i_dio_count=${e.count}`);
        return;
      }
      case 'block':
        // Waiting for its own AIO needs no words: the syscall is io_getevents.
        if (e.on.startsWith('io_getevents of ')) push(e.ctx, '<sleeps>');
        else push(e.ctx, `<sleeps: ${e.on.replace(/ \(ino (\d+)\)/g, (_m, ino: string) => (manyFiles ? ` of ${pathOf(Number(ino))}` : ''))}>`);
        return;
      case 'wake':
        push(e.ctx, '<wakes>');
        return;
      case 'alloc':
        fold(e.ctx, `${e.op} ${e.ino}`, { pblk: e.block, lblk: e.fileBlock }, `${e.op} `, pathOf(e.ino));
        return;
      case 'bio': {
        const range = e.offset === 0 && e.length === run.sb.blockSize ? undefined : `[${e.offset},${e.offset + e.length})`;
        if (e.op === 'submit') {
          const data = e.dir === 'write' ? printable(e.fill) : undefined;
          fold(
            e.ctx,
            `bio ${e.dir}`,
            { pblk: e.block, ...(range ? { range } : {}), ...(data ? { data } : {}) },
            `submit_bio(${e.dir.toUpperCase()} `,
            null,
            ')',
          );
          return;
        }
        const now = owner.get(e.block);
        const moved = now?.ino === e.ino ? '' : now ? `  # now ${pathOf(now.ino)} lblk ${now.lblk}!` : '  # a free block!';
        const what = e.dir === 'write' ? `${printable(e.fill)} ${e.fill === 0 ? 'land' : 'lands'} in` : 'reads';
        push(e.ctx, `bio#${e.id} ${e.by}: ${what} pblk ${e.block}${range ? ` ${range}` : ''}${moved}`);
        return;
      }
      case 'i_size':
        push(e.ctx, `${manyFiles ? `${pathOf(e.ino)} ` : ''}i_size ${e.old} -> ${e.size}`);
        return;
      case 'i_size-read':
        push(e.ctx, `${manyFiles ? `${pathOf(e.ino)} ` : ''}i_size_read() = ${e.size}  # kept for ${e.by}`);
        return;
      case 'ki_complete':
        push(e.ctx, `ki_complete(${e.iocb}, ${e.result})`);
        return;
      case 'freeze':
        push(e.ctx, e.frozen ? 'SB_FREEZE_COMPLETE' : 'SB_UNFROZEN');
        return;
      case 'ctx-start':
      case 'ctx-exit':
      case 'switch':
      case 'verdict':
        return; // never picked (drawn() leaves them out): the verdicts follow the diagram
      default:
        unreachable(e, 'trace event');
    }
  }
  return drafts.map(({ line, fold: f }) => (f ? { ...line, text: `${f.head}${blockItems(f.items, f.file)}${f.close}` } : line));
}

function lockText(op: string, mode: 'read' | 'write', lock: string, wasContended: boolean): string {
  switch (op) {
    case 'acquire':
      return wasContended ? `<gets ${lock} (${mode})>` : `down_${mode}(${lock})`;
    case 'grant':
      return `<granted ${lock} (${mode}) by the waker>`;
    case 'contend':
      return `down_${mode}(${lock})  contended`;
    case 'steal':
      return `down_read(${lock})  steals it past waiters`;
    case 'release':
      return `up_${mode}(${lock})`;
    case 'downgrade':
      return `downgrade_write(${lock})`;
    case 'trylock-fail':
      return `down_${mode}_trylock(${lock}) fails`;
    case 'handoff-bit':
      return `sets the handoff bit of ${lock}`;
    case 'handoff-exit':
      return `${lock}: lockdep hand-off, stays held (${mode})`;
    case 'handoff-enter':
      return `${lock}: takes over the held lock (${mode})`;
    case 'abandon':
      return `abandons ${lock} (${mode})`;
    default:
      return `${op} ${lock} (${mode})`;
  }
}

interface Column {
  readonly key: ColumnKey;
  readonly label: string;
}

/** Tasks in the scenario's order, then irq, kworker and timer work: only the columns with a line. */
function columnsOf(run: ScenarioRun, lines: readonly Line[]): Column[] {
  const used = new Set(lines.map((l) => l.column));
  const tasks = run.scenario.tasks.map((t) => ({ key: t.name, label: t.name }));
  const others = [
    { key: 'irq', label: 'irq' },
    { key: 'worker', label: 'kworker' },
    { key: 'timer', label: 'timer' },
  ];
  return [...tasks, ...others].filter((c) => used.has(c.key));
}

/**
 * Column offsets: as wide as their texts; squeezed into `width`, the last column keeps what it
 * needs (as far as the others keep MIN_COLUMN) and the others share the rest equally, none
 * wider than it needs.
 */
function offsets(columns: readonly Column[], lines: readonly Line[], width: number | undefined): number[] {
  const need = columns.map((c) => Math.max(c.label.length, ...lines.filter((l) => l.column === c.key).map((l) => 2 * l.depth + l.text.length)) + GAP);
  const n = columns.length;
  const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
  let steps = need.slice(0, -1);
  if (width !== undefined && sum(steps) + need[n - 1]! - GAP > width && n > 1) {
    const floor = Math.min(MIN_COLUMN, Math.floor(width / n));
    const last = Math.min(need[n - 1]! - GAP, width - (n - 1) * floor);
    const share = Math.max(floor, Math.floor((width - last) / (n - 1)));
    steps = steps.map((w) => Math.min(w, share));
  }
  return columns.map((_, i) => sum(steps.slice(0, i)));
}

function layout(columns: readonly Column[], lines: readonly Line[], width: number | undefined): string[] {
  if (columns.length === 0) return ['(no step to draw)'];
  const at = offsets(columns, lines, width);
  const offsetOf = new Map(columns.map((c, i) => [c.key, at[i]!] as const));
  const limit = width ?? Infinity;
  const row = (cells: readonly string[]): string => cells.reduce((s, text, i) => s.padEnd(at[i]!) + text, '').trimEnd();
  const out = [row(columns.map((c) => c.label)), row(columns.map((c) => '-'.repeat(c.label.length)))];
  for (const l of lines) out.push(...wrap(l.text, limit, offsetOf.get(l.column)! + 2 * l.depth, 2));
  return out;
}

/** `text` at column `indent`, broken at spaces to fit `width`; continuation lines `hang` further in. */
function wrap(text: string, width: number, indent: number, hang: number): string[] {
  const room = Math.max(12, width - indent);
  if (text.length <= room) return [' '.repeat(indent) + text];
  const out: string[] = [];
  let rest = text;
  let first = true;
  while (rest.length > 0) {
    const space = first ? room : Math.max(12, room - hang);
    if (rest.length <= space) {
      out.push(' '.repeat(indent + (first ? 0 : hang)) + rest);
      break;
    }
    let cut = rest.lastIndexOf(' ', space);
    if (cut <= 0) cut = space;
    out.push(' '.repeat(indent + (first ? 0 : hang)) + rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
    first = false;
  }
  return out;
}
