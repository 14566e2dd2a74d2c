/**
 * A C program that runs a scenario on a real kernel, for a kernel developer to try a bug the
 * simulator found: the scenario's files set up with O_DIRECT in a directory of the file system
 * under test, one pthread per task, libaio (io_setup / io_submit / io_getevents) for the AIO
 * ops, the same operations in the same order per task; across tasks, the order of syscalls the
 * token's run had, forced where user space can force it (a semaphore per edge: "B starts after
 * A returned", or only "after A started" when A was still in the kernel); and afterwards the
 * checks that stand for the oracle's consequence: every byte of every file and of every read
 * is one its file could hold (another file's data means a write landed in a freed block, or a
 * read returned stale data), and for a non-linearizable run, the observation no order of the
 * ops can produce — the simulated violation's — compared byte for byte.
 *
 * What cannot be forced is said in the header: when a bio completes relative to another
 * syscall is the device's business; the program runs the scenario `runs` times. The
 * generated code compiles with `gcc -Wall -Werror -pthread … -laio` (a test checks it for
 * every catalog bug); running it needs a real kernel, and is not part of CI.
 */
import { observedFinal } from '../check/final-files.js';
import { runsOf } from '../check/runs.js';
import { schemeNamed } from '../fs-impls/schemes.js';
import { UserError } from '../sim/errors.js';
import type { ScenarioRun } from '../scenario/runner.js';
import type { ScenarioOp } from '../scenario/schema.js';
import type { Verdict } from '../sim/verdict.js';
import { criticalSteps } from './critical-steps.js';
import { opSyscalls, syscallEnterOf, syscallExitOf } from './op-syscalls.js';

export interface CReproducerOptions {
  /** The replay token of the run, quoted in the header. */
  readonly token: string;
}

/** One op of the scenario, numbered across tasks (OP_<n> in the C code). */
interface NumberedOp {
  readonly n: number;
  readonly task: number;
  readonly index: number;
  readonly op: ScenarioOp;
}

/** "B starts after A returned" (`returned`), or only after A started (A was still in the kernel). */
interface OrderEdge {
  readonly sem: number;
  readonly before: NumberedOp;
  readonly returned: boolean;
  readonly after: NumberedOp;
}

export function renderCReproducer(run: ScenarioRun, o: CReproducerOptions): string {
  const { scenario } = run;
  const ops: NumberedOp[] = scenario.tasks.flatMap((t, task) => t.ops.map((op, index) => ({ n: 0, task, index, op }))).map((x, n) => ({ ...x, n }));
  const files = filesOf(run);
  const edges = orderEdges(run, ops);
  const verdict = run.result.verdicts[0] ?? null;
  const observation = verdict ? simulatedObservation(run, verdict, ops, files) : null;
  return [
    header(run, o.token, edges, verdict, observation !== null),
    PRELUDE,
    definitions(run, ops, files, edges),
    ...scenario.tasks.map((_, task) => taskFunction(run, task, ops, files, edges)),
    setupFunction(run, files),
    checkFunction(ops, files, observation),
    mainFunction(run),
  ].join('\n');
}

/** A C comment line's text: nothing that closes the comment. */
const commentText = (s: string): string => s.replace(/\*\//g, '* /');
/** A C string literal: printable ASCII as it is, anything else as an octal escape. */
function cString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (code >= 32 && code < 127) out += ch;
    else out += `\\${code.toString(8).padStart(3, '0')}`;
  }
  return `${out}"`;
}

/** A C character constant for a fill byte (scenario fills are ASCII): 'W', or its code when it is not printable. */
function cChar(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 32 || code >= 127) return `0x${code.toString(16).padStart(2, '0')}`;
  return c === "'" || c === '\\' ? `'\\${c}'` : `'${c}'`;
}

/** A scenario path as a file name in the directory under test: /d/b is d_b. */
const flatName = (path: string): string => path.slice(1).replace(/\//g, '_');

/** Every path the scenario names, in order: setup files, then files its ops create or name. */
function filesOf(run: ScenarioRun): string[] {
  const out = run.scenario.files.map((f) => f.path);
  for (const t of run.scenario.tasks) for (const op of t.ops) if ('file' in op && !out.includes(op.file)) out.push(op.file);
  return out;
}

/** What a file may hold on a correct kernel: zeros, its initial fill, the data of every write to it (by path). */
function allowedBytes(run: ScenarioRun, path: string): string {
  const chars = new Set<string>();
  const initial = run.scenario.files.find((f) => f.path === path)?.fill;
  if (initial) chars.add(initial);
  for (const t of run.scenario.tasks) for (const op of t.ops) if ((op.op === 'write' || op.op === 'aio_write') && op.file === path) chars.add(op.fill);
  return [...chars].sort().join('');
}

/**
 * The order of syscalls across tasks in the token's run, as edges between ops: for each op B
 * and each other task U, the latest op A of U that entered its syscall before B did. Only the
 * ops of the critical path take part (those whose syscall holds a critical step of the first
 * verdict; all of them in a run without one), and an edge that a task's own order and the
 * edges already taken imply (vector clocks) is left out.
 */
function orderEdges(run: ScenarioRun, ops: readonly NumberedOp[]): OrderEdge[] {
  const { events } = run;
  const calls = opSyscalls(run.scenario, events, run.history.ops);
  const verdict = run.result.verdicts.find((v) => v.at >= 0 && events[v.at]?.type === 'verdict');
  const critical = verdict ? new Set(criticalSteps(events, verdict.at, Infinity).map((i) => syscallEnterOf(events, i))) : null;
  const span = new Map<number, { enter: number; exit: number }>();
  const byTask = new Map<string, number>(run.scenario.tasks.map((t, i) => [t.name, i]));
  for (const [enter, call] of calls) {
    if (call.opIndex === null || (critical && !critical.has(enter))) continue;
    const op = ops.find((x) => x.task === byTask.get(call.task) && x.index === call.opIndex)!;
    span.set(op.n, { enter, exit: syscallExitOf(events, enter) });
  }
  const tasks = run.scenario.tasks.length;
  // Knowledge of task T: for each task U, the position in U's ops it is ordered after (2i+1: op i started, 2i+2: returned).
  const known = Array.from({ length: tasks }, () => new Array<number>(tasks).fill(0));
  const startKnowledge = new Map<number, number[]>();
  const edges: OrderEdge[] = [];
  const timed = ops.filter((x) => span.has(x.n)).sort((a, b) => span.get(a.n)!.enter - span.get(b.n)!.enter);
  for (const b of timed) {
    const enter = span.get(b.n)!.enter;
    const mine = known[b.task]!;
    for (let u = 0; u < tasks; u++) {
      if (u === b.task) continue;
      const a = timed.filter((x) => x.task === u && span.get(x.n)!.enter < enter).pop();
      if (!a) continue;
      const returned = span.get(a.n)!.exit < enter;
      const position = 2 * a.index + (returned ? 2 : 1);
      if (mine[u]! >= position) continue;
      edges.push({ sem: edges.length, before: a, returned, after: b });
      const theirs = startKnowledge.get(a.n)!;
      for (let w = 0; w < tasks; w++) mine[w] = Math.max(mine[w]!, theirs[w]!);
      mine[u] = position;
    }
    mine[b.task] = 2 * b.index + 1;
    startKnowledge.set(b.n, [...mine]);
    mine[b.task] = 2 * b.index + 2; // what the task knows after the op: the op's own return (other tasks learn it by edges)
  }
  return edges;
}

const opName = (run: ScenarioRun, x: NumberedOp): string => `${run.scenario.tasks[x.task]!.name}'s ${x.op.op}${x.op.id ? ` (${x.op.id})` : ''}`;

/** What the check compares with: the observation the oracle judged impossible, from the simulated run. */
interface Observation {
  readonly what: string;
  /** A read op (its result) or a file (its final size and contents). */
  readonly read: NumberedOp | null;
  readonly file: number;
  readonly size: number;
  readonly runs: ReadonlyArray<readonly [number, number, number]>;
}

function simulatedObservation(run: ScenarioRun, v: Verdict, ops: readonly NumberedOp[], files: readonly string[]): Observation | null {
  if (v.kind !== 'not-linearizable') return null;
  const d = v.details as { file?: string; ino?: number; failedRead?: string | null };
  if (typeof d.file !== 'string') return null;
  const file = files.indexOf(d.file);
  if (file < 0) return null;
  if (d.failedRead) {
    const rec = run.history.ops.find((r) => r.id === d.failedRead);
    const read = ops.find((x) => x.op.id === d.failedRead);
    if (!rec?.data || !read) return null;
    return {
      what: `read ${d.failedRead} of ${d.file} returns what it returned in the simulated violation`,
      read,
      file,
      size: rec.data.length,
      runs: runsOf(rec.data),
    };
  }
  const inode = run.sb.inodes.find((i) => i.ino === d.ino);
  if (inode?.state !== 'live' || inode.nlink === 0) return null;
  const final = observedFinal(run.sb, inode);
  return { what: `${d.file} ends as it ended in the simulated violation`, read: null, file, size: final.size, runs: final.runs };
}

/** Paragraphs of the header comment, wrapped; a line that starts with two spaces is kept as it is (a command, a list item). */
function paragraphs(...blocks: ReadonlyArray<string | readonly string[]>): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    if (out.length) out.push('');
    for (const text of typeof b === 'string' ? [b] : b) {
      if (text.startsWith('  ')) {
        out.push(text);
        continue;
      }
      let line = '';
      for (const word of text.split(' ')) {
        if (line && line.length + 1 + word.length > HEADER_WIDTH) {
          out.push(line);
          line = word;
        } else line = line ? `${line} ${word}` : word;
      }
      out.push(line);
    }
  }
  return out;
}

const HEADER_WIDTH = 88;

function header(run: ScenarioRun, token: string, edges: readonly OrderEdge[], v: Verdict | null, observed: boolean): string {
  const { scenario } = run;
  const info = schemeNamed(run.fs);
  const target =
    info?.kind === 'bug'
      ? `Targets a kernel with the bug that scheme ${run.fs} models (${info.summary}): one before the fix, ${info.history}, on that file system. On a kernel with the fix every run passes.`
      : info
        ? `Models scheme ${run.fs} (${info.summary}): a kernel whose locking matches it passes every run.`
        : `Models the scheme in ${run.fs} (a scheme file): a kernel whose locking matches it passes every run.`;
  const found = v ? `It found ${v.kind}${v.subkind ? ` (${v.subkind})` : ''}: ${v.message}` : 'It found no violation.';
  const checks = [
    "Afterwards it checks that every byte of every file, and of every read, is one that file could hold: zeros, its initial data or the data of a write to it. Another file's data means a write landed in a block its file had given up, or a read returned stale data.",
    ...(observed ? [`It also checks whether ${observedText(run)}, which no order of the operations produces.`] : []),
    ...(v && !['not-linearizable', 'freed-block-write', 'stale-data'].includes(v.kind)
      ? [
          `A ${v.kind} verdict does not show in the data: look at the kernel log (lockdep needs CONFIG_PROVE_LOCKING, a use-after-free KASAN, a deadlock shows as a hung task; after an fsck verdict, run the file system checker).`,
        ]
      : []),
  ];
  const order = [
    "Order: each thread runs its task's ops in order; across threads, as in the simulated run:",
    ...(edges.length === 0
      ? ['  (nothing to force)']
      : edges.map((e) => `  ${opName(run, e.after)} starts after ${opName(run, e.before)} ${e.returned ? 'returned' : 'started'}`)),
    'What happens inside the kernel cannot be forced from here: when a bio completes, or whether a thread is still inside a syscall when the next one starts. Run it many times (the runs argument), and widen the window with a slow device (dm-delay, or null_blk with completion_nsec).',
  ];
  const sector = scenario.geometry.sectorSize ?? 512;
  const needs = [
    `Needs a file system with ${scenario.geometry.blockSize}-byte blocks on a device with ${Math.max(512, sector)}-byte logical sectors.${sector < 512 ? ` This scenario models ${sector}-byte sectors, which no device has: its direct I/O fails with EINVAL there.` : ''} The files (${filesOf(run).join(', ')}) are created in <dir> (as ${filesOf(run).map(flatName).join(', ')}) and overwritten.`,
  ];
  const lines = paragraphs(
    `aiosim reproducer: ${scenario.name} under ${run.fs}`,
    scenario.title,
    target,
    ['The simulated run it comes from:', `  aiosim replay '${token}'`, found],
    checks,
    order,
    needs,
    ['Build: gcc -Wall -Werror -pthread repro.c -o repro -laio', 'Run:   ./repro <dir on the file system under test> [runs]    (exit 1: reproduced)'],
  );
  return `/*\n${lines.map((l) => ` *${l ? ` ${commentText(l)}` : ''}`).join('\n')}\n */`;
}

function observedText(run: ScenarioRun): string {
  const v = run.result.verdicts[0]!;
  const d = v.details as { file?: string; failedRead?: string | null };
  return d.failedRead ? `read ${d.failedRead} returns what it returned in the simulated violation` : `${d.file} ends as in the simulated violation`;
}

/** Helpers every reproducer uses; the scenario-specific parts follow. */
const PRELUDE = String.raw`#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libaio.h>
#include <linux/falloc.h>
#include <linux/fs.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

/* Helpers a scenario may not need: no warning for those it does not call. */
#define __maybe_unused __attribute__((unused))

/* Direct I/O buffers: aligned for any logical sector size. */
#define ALIGN 4096
/* A run that takes longer has hung (a deadlock, or an I/O that never completes). */
#define TIMEOUT_S 60

static void die(const char *what)
{
	perror(what);
	exit(2);
}

static void *xalloc(size_t len)
{
	void *p;

	if (posix_memalign(&p, ALIGN, len ? (len + ALIGN - 1) / ALIGN * ALIGN : ALIGN))
		die("posix_memalign");
	return p;
}

static void on_timeout(int sig)
{
	static const char msg[] = "a run did not finish in 60 seconds: the kernel hung (see dmesg)\n";

	(void)sig;
	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(1);
	_exit(1);
}

/* One ordering edge between threads: posted once, waited for once. */
static __maybe_unused void post(sem_t *s)
{
	if (sem_post(s))
		die("sem_post");
}

static __maybe_unused void wait_for(sem_t *s)
{
	while (sem_wait(s))
		if (errno != EINTR)
			die("sem_wait");
}
`;

function definitions(run: ScenarioRun, ops: readonly NumberedOp[], files: readonly string[], edges: readonly OrderEdge[]): string {
  const names = files.map((f) => cString(flatName(f)));
  const allowed = files.map((f) => cString(allowedBytes(run, f)));
  const tasks = run.scenario.tasks.map((t) => `\t{ .name = ${cString(t.name)} },`);
  return [
    `enum { ${files.map((_, i) => `FILE_${i}`).join(', ')}, NFILES };`,
    `/* ${files.map((f, i) => `FILE_${i} is ${f}`).join(', ')} */`,
    `static const char *const file_name[NFILES] = { ${names.join(', ')} };`,
    '/* Besides zeros, what each file may hold on a correct kernel: its initial data, the data of writes to it. */',
    `static const char *const allowed[NFILES] = { ${allowed.join(', ')} };`,
    'static char path[NFILES][4096];',
    '',
    STRUCTS,
    `#define NOPS ${ops.length}`,
    'static struct op op[NOPS];',
    `#define NSEMS ${Math.max(1, edges.length)}`,
    'static sem_t order[NSEMS];',
    '',
    `static struct task tasks[${run.scenario.tasks.length}] = {`,
    ...tasks,
    '};',
    '',
    OP_HELPERS,
  ].join('\n');
}

const STRUCTS = `/* An AIO op of the scenario: its iocb, buffer and result. */
struct op {
	struct iocb iocb;
	void *buf;
	long res;
	int submitted, done;
	int efd;	/* written when the op ends, for an after: of another task */
};

struct task {
	const char *name;
	io_context_t ctx;
	int nr_aio;
	int fd[NFILES];	/* O_DIRECT, opened at the task's first op on the file */
	int bfd[NFILES];	/* buffered (direct: false) */
};
`;

/** Opening, the AIO calls and the sync calls, as the simulator's runner performs ops (scenario/runner.ts). */
const OP_HELPERS = `/* A task opens a file at its first op on it, as the scenario's tasks do; -1 if it does not exist. */
static __maybe_unused int fd_of(struct task *t, int f, int direct)
{
	int *fd = direct ? &t->fd[f] : &t->bfd[f];

	if (*fd < 0)
		*fd = open(path[f], O_RDWR | (direct ? O_DIRECT : 0));
	return *fd;
}

static __maybe_unused void op_end(int k, long res)
{
	uint64_t one = 1;

	op[k].res = res;
	op[k].done = 1;
	if (write(op[k].efd, &one, sizeof(one)) != sizeof(one))
		die("eventfd write");
}

static __maybe_unused void aio_rw(struct task *t, int k, int f, int is_write, long long off, size_t len, int fill)
{
	struct iocb *cb = &op[k].iocb;
	int fd = fd_of(t, f, 1);

	if (fd < 0) {
		op_end(k, -errno);
		return;
	}
	op[k].buf = xalloc(len);
	memset(op[k].buf, is_write ? fill : 0, len);
	if (is_write)
		io_prep_pwrite(cb, fd, op[k].buf, len, off);
	else
		io_prep_pread(cb, fd, op[k].buf, len, off);
	cb->data = &op[k];
	op[k].submitted = 1;
	if (io_submit(t->ctx, 1, &cb) != 1)
		op_end(k, -EIO);
}

/* io_getevents until op k has completed (k < 0: every op this task submitted). */
static __maybe_unused void aio_reap(struct task *t, int k, int first, int last)
{
	struct io_event ev;

	for (;;) {
		int pending = 0;

		for (int i = first; i <= last; i++)
			if (op[i].submitted && !op[i].done && (k < 0 || i == k))
				pending = 1;
		if (!pending)
			return;
		if (io_getevents(t->ctx, 1, 1, &ev, NULL) != 1)
			die("io_getevents");
		op_end((struct op *)ev.data - op, (long)ev.res);
	}
}

static __maybe_unused void sync_rw(struct task *t, int k, int f, int is_write, int direct, long long off, size_t len, int fill)
{
	int fd = fd_of(t, f, direct);
	ssize_t n;

	if (fd < 0) {
		op_end(k, -errno);
		return;
	}
	op[k].buf = xalloc(len);
	memset(op[k].buf, is_write ? fill : 0, len);
	n = is_write ? pwrite(fd, op[k].buf, len, off) : pread(fd, op[k].buf, len, off);
	op_end(k, n < 0 ? -errno : n);
}

/* An op that is a plain syscall: its result, -errno on failure. */
static __maybe_unused void sys_op(int k, long ret)
{
	op_end(k, ret < 0 ? -errno : ret);
}

/* The directory under test (argv[1]). */
static const char *test_dir = ".";

/* FIFREEZE / FITHAW on the file system under test (needs CAP_SYS_ADMIN); -1 with errno on failure. */
static __maybe_unused long fs_ioctl(unsigned long cmd)
{
	int d = open(test_dir, O_RDONLY | O_DIRECTORY);
	long ret;
	int err;

	if (d < 0)
		return -1;
	ret = ioctl(d, cmd, 0);
	err = errno;
	close(d);
	errno = err;
	return ret;
}

static __maybe_unused void close_file(struct task *t, int f)
{
	if (t->fd[f] >= 0)
		close(t->fd[f]);
	if (t->bfd[f] >= 0)
		close(t->bfd[f]);
	t->fd[f] = t->bfd[f] = -1;
}

/* The scenario's "after: <op>": that op of another task has ended (an AIO: completed). */
static __maybe_unused void after_op(int k)
{
	struct pollfd p = { .fd = op[k].efd, .events = POLLIN };

	while (poll(&p, 1, -1) < 0)
		if (errno != EINTR)
			die("poll");
}
`;

const FALLOC: Record<string, string> = {
  allocate: '0',
  keep_size: 'FALLOC_FL_KEEP_SIZE',
  punch_hole: 'FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE',
  zero_range: 'FALLOC_FL_ZERO_RANGE',
};

/** The C statements of one op (the edges around it are added by the caller). */
function opStatements(x: NumberedOp, ops: readonly NumberedOp[], files: readonly string[], first: number, last: number): string[] {
  const op = x.op;
  const k = x.n;
  const f = 'file' in op ? `FILE_${files.indexOf(op.file)}` : '';
  switch (op.op) {
    case 'aio_write':
    case 'aio_read':
      return [`aio_rw(t, ${k}, ${f}, ${op.op === 'aio_write' ? 1 : 0}, ${op.offset}, ${op.length}, ${op.op === 'aio_write' ? cChar(op.fill) : 0});`];
    case 'wait': {
      const target = op.for ? ops.find((o) => o.op.id === op.for)!.n : -1;
      return [`aio_reap(t, ${target}, ${first}, ${last});`, `op_end(${k}, 0);`];
    }
    case 'write':
    case 'read':
      return [
        `sync_rw(t, ${k}, ${f}, ${op.op === 'write' ? 1 : 0}, ${op.direct ? 1 : 0}, ${op.offset}, ${op.length}, ${op.op === 'write' ? cChar(op.fill) : 0});`,
      ];
    case 'truncate':
      return [`sys_op(${k}, fd_of(t, ${f}, 1) < 0 ? -1 : ftruncate(t->fd[${f}], ${op.size}));`];
    case 'fallocate':
      return [`sys_op(${k}, fd_of(t, ${f}, 1) < 0 ? -1 : fallocate(t->fd[${f}], ${FALLOC[op.mode]}, ${op.offset}, ${op.length}));`];
    case 'fsync':
      return [`sys_op(${k}, fd_of(t, ${f}, 1) < 0 ? -1 : fsync(t->fd[${f}]));`];
    case 'create':
      return [`t->fd[${f}] = open(path[${f}], O_CREAT | O_EXCL | O_RDWR | O_DIRECT, 0644);`, `sys_op(${k}, t->fd[${f}] < 0 ? -1 : 0);`];
    case 'unlink':
      return [`sys_op(${k}, unlink(path[${f}]));`];
    case 'close':
      return [`close_file(t, ${f});`, `op_end(${k}, 0);`];
    case 'sleep':
      return [`usleep(${op.us});`, `op_end(${k}, 0);`];
    case 'freeze':
      return [`sys_op(${k}, fs_ioctl(FIFREEZE));`];
    case 'thaw':
      return [`sys_op(${k}, fs_ioctl(FITHAW));`];
    case 'io_destroy':
      if (!op.ctx) return [`op_end(${k}, io_destroy(t->ctx));`];
      throw new UserError(`io_destroy of ${op.ctx}: the C reproducer has one AIO context per task (io_setup of named contexts is not written yet)`);
    case 'io_setup':
      throw new UserError(`io_setup of ${op.ctx}: the C reproducer has one AIO context per task (io_setup of named contexts is not written yet)`);
    default:
      throw new UserError(`a lock program (${op.op}) is kernel code: it has no C reproducer for user space`);
  }
}

/** An op as a comment: "aio_write /a 12288+4096 'W' (w1)". */
function describeOp(op: ScenarioOp): string {
  const id = op.id ? ` (${op.id})` : '';
  switch (op.op) {
    case 'aio_write':
    case 'aio_read':
    case 'write':
    case 'read': {
      const data = 'fill' in op ? ` '${op.fill}'` : '';
      const buffered = 'direct' in op && !op.direct ? ', buffered' : '';
      return `${op.op} ${op.file} ${op.offset}+${op.length}${data}${buffered}${id}`;
    }
    case 'wait':
      return `wait ${op.for ?? 'for all outstanding AIO'}${id}`;
    case 'truncate':
      return `truncate ${op.file} to ${op.size}${id}`;
    case 'fallocate':
      return `fallocate ${op.mode} ${op.file} ${op.offset}+${op.length}${id}`;
    case 'sleep':
      return `sleep ${op.us} us${id}`;
    default:
      return 'file' in op ? `${op.op} ${op.file}${id}` : `${op.op}${id}`;
  }
}

function taskFunction(run: ScenarioRun, task: number, ops: readonly NumberedOp[], files: readonly string[], edges: readonly OrderEdge[]): string {
  const mine = ops.filter((x) => x.task === task);
  const first = mine[0]!.n;
  const last = mine[mine.length - 1]!.n;
  const body: string[] = [];
  for (const x of mine) {
    body.push(`\t/* ${commentText(describeOp(x.op))} */`);
    if (x.op.after) body.push(`\tafter_op(${ops.find((o) => o.op.id === x.op.after)!.n});\t/* after: ${x.op.after} */`);
    for (const e of edges.filter((e) => e.after === x))
      body.push(`\twait_for(&order[${e.sem}]);\t/* ${commentText(opName(run, e.before))} ${e.returned ? 'returned' : 'started'} */`);
    for (const e of edges.filter((e) => e.before === x && !e.returned))
      body.push(`\tpost(&order[${e.sem}]);\t/* ${commentText(opName(run, e.after))} may start */`);
    body.push(...opStatements(x, ops, files, first, last).map((s) => `\t${s}`));
    for (const e of edges.filter((e) => e.before === x && e.returned))
      body.push(`\tpost(&order[${e.sem}]);\t/* ${commentText(opName(run, e.after))} may start */`);
  }
  const name = run.scenario.tasks[task]!.name;
  return [
    `/* Task ${commentText(name)}. */`,
    `static void *task_${task}(void *arg)`,
    '{',
    '\tstruct task *t = arg;',
    '',
    ...body,
    '\t/* Process exit: outstanding AIO is waited for, every file is closed. */',
    `\taio_reap(t, -1, ${first}, ${last});`,
    '\tfor (int f = 0; f < NFILES; f++)',
    '\t\tclose_file(t, f);',
    '\treturn NULL;',
    '}',
    '',
  ].join('\n');
}

function setupFunction(run: ScenarioRun, files: readonly string[]): string {
  const sector = Math.max(512, run.scenario.geometry.sectorSize ?? 512);
  const lines = files.map((path, i) => {
    const spec = run.scenario.files.find((f) => f.path === path);
    if (!spec) return `\tunlink(path[${i}]);\t/* ${path}: the scenario creates it */`;
    return `\tmake_file(${i}, ${spec.size}, ${spec.fill ? cChar(spec.fill) : -1});\t/* ${path}: ${spec.size} bytes${spec.fill ? ` of '${commentText(spec.fill)}'` : ', sparse'} */`;
  });
  return [
    '/* A fresh file of `size` bytes of `fill` (-1: sparse), written with O_DIRECT. */',
    'static void make_file(int f, long long size, int fill)',
    '{',
    '\tint fd;',
    '',
    '\tunlink(path[f]);',
    '\tfd = open(path[f], O_CREAT | O_EXCL | O_RDWR | O_DIRECT, 0644);',
    '\tif (fd < 0)',
    '\t\tdie(path[f]);',
    '\tif (fill >= 0 && size > 0) {',
    `\t\tsize_t len = (size + ${sector - 1}) / ${sector} * ${sector};`,
    '\t\tvoid *buf = xalloc(len);',
    '',
    '\t\tmemset(buf, fill, len);',
    '\t\tif (pwrite(fd, buf, len, 0) != (ssize_t)len)',
    '\t\t\tdie("initial data");',
    '\t\tfree(buf);',
    '\t}',
    '\tif (ftruncate(fd, size) || fsync(fd) || close(fd))',
    '\t\tdie("initial size");',
    '}',
    '',
    'static void setup(void)',
    '{',
    ...lines,
    '\tfor (int k = 0; k < NOPS; k++) {',
    '\t\tfree(op[k].buf);',
    '\t\tmemset(&op[k], 0, sizeof(op[k]));',
    '\t\top[k].efd = eventfd(0, 0);',
    '\t\tif (op[k].efd < 0)',
    '\t\t\tdie("eventfd");',
    '\t}',
    '\tfor (int s = 0; s < NSEMS; s++)',
    '\t\tif (sem_init(&order[s], 0, 0))',
    '\t\t\tdie("sem_init");',
    '}',
    '',
  ].join('\n');
}

function checkFunction(ops: readonly NumberedOp[], files: readonly string[], observation: Observation | null): string {
  const reads = ops.filter((x) => x.op.op === 'read' || x.op.op === 'aio_read');
  const readChecks = reads.map((x) => {
    const op = x.op as Extract<ScenarioOp, { op: 'read' | 'aio_read' }>;
    const label = cString(`read ${op.id ?? `#${x.n}`} of ${op.file}`);
    return `\tif (op[${x.n}].res > 0)\n\t\tbad |= foreign(${label}, FILE_${files.indexOf(op.file)}, op[${x.n}].buf, op[${x.n}].res, ${op.offset});`;
  });
  const body: string[] = ['\tfor (int f = 0; f < NFILES; f++)', '\t\tbad |= check_final(f);', ...readChecks];
  if (observation) {
    const runs = observation.runs.map(([s, e, b]) => `{ ${s}, ${e}, ${b} }`);
    body.push(
      `\t/* ${commentText(observation.what)}: no order of the ops produces it. */`,
      `\tstatic const struct seg sim[] = { ${runs.length ? runs.join(', ') : '{ 0, 0, 0 }'} };`,
      observation.read
        ? `\tbad |= same_as_simulated(${cString(observation.what)}, op[${observation.read.n}].buf, op[${observation.read.n}].res, ${observation.size}, sim, ${runs.length});`
        : `\tbad |= same_final_as_simulated(${cString(observation.what)}, FILE_${observation.file}, ${observation.size}, sim, ${runs.length});`,
    );
  }
  return [
    "/* A byte its file could not hold on a correct kernel: another file's data, or garbage. */",
    'static int foreign(const char *what, int f, const unsigned char *buf, long len, long long base)',
    '{',
    '\tfor (long i = 0; i < len; i++) {',
    '\t\tif (buf[i] == 0 || strchr(allowed[f], buf[i]))',
    '\t\t\tcontinue;',
    "\t\tprintf(\"%s: byte %lld is '%c' (0x%02x), which %s never held\", what, base + i, buf[i] >= 32 && buf[i] < 127 ? buf[i] : '?', buf[i], path[f]);",
    '\t\tfor (int g = 0; g < NFILES; g++)',
    '\t\t\tif (g != f && strchr(allowed[g], buf[i]))',
    '\t\t\t\tprintf(" (%s\'s data)", path[g]);',
    '\t\tprintf("\\n");',
    '\t\treturn 1;',
    '\t}',
    '\treturn 0;',
    '}',
    '',
    "/* A file's contents as the simulator writes them: [start, end) of one byte, zeros elsewhere. */",
    'struct seg {',
    '\tlong long start, end;',
    '\tint byte;',
    '};',
    '',
    'static int expected_byte(const struct seg *segs, int n, long long at)',
    '{',
    '\tfor (int i = 0; i < n; i++)',
    '\t\tif (at >= segs[i].start && at < segs[i].end)',
    '\t\t\treturn segs[i].byte;',
    '\treturn 0;',
    '}',
    '',
    '/* Whether `buf` (len bytes) is exactly what the simulated violation observed. */',
    'static __maybe_unused int same_as_simulated(const char *what, const unsigned char *buf, long len, long long size, const struct seg *segs, int n)',
    '{',
    '\tif (len != size)',
    '\t\treturn 0;',
    '\tfor (long i = 0; i < len; i++)',
    '\t\tif (buf[i] != expected_byte(segs, n, i))',
    '\t\t\treturn 0;',
    '\tprintf("%s\\n", what);',
    '\treturn 1;',
    '}',
    '',
    '/* The whole file, read with O_DIRECT once every task is done; NULL if it does not exist. */',
    'static unsigned char *read_file(int f, long *len)',
    '{',
    '\tint fd = open(path[f], O_RDONLY | O_DIRECT);',
    '\tstruct stat st;',
    '\tunsigned char *buf;',
    '\tlong done = 0;',
    '',
    '\tif (fd < 0)',
    '\t\treturn NULL;',
    '\tif (fstat(fd, &st))',
    '\t\tdie("fstat");',
    '\tbuf = xalloc(st.st_size + ALIGN);',
    '\twhile (done < st.st_size) {',
    '\t\tssize_t n = pread(fd, buf + done, (st.st_size - done + ALIGN - 1) / ALIGN * ALIGN, done);',
    '',
    '\t\tif (n <= 0)',
    '\t\t\tbreak;',
    '\t\tdone += n;',
    '\t}',
    '\tclose(fd);',
    '\t*len = done < st.st_size ? done : st.st_size;',
    '\treturn buf;',
    '}',
    '',
    'static int check_final(int f)',
    '{',
    '\tlong len;',
    '\tunsigned char *buf = read_file(f, &len);',
    '\tchar what[4200];',
    '\tint bad;',
    '',
    '\tif (!buf)',
    '\t\treturn 0;',
    '\tsnprintf(what, sizeof(what), "final %s", path[f]);',
    '\tbad = foreign(what, f, buf, len, 0);',
    '\tfree(buf);',
    '\treturn bad;',
    '}',
    '',
    'static __maybe_unused int same_final_as_simulated(const char *what, int f, long long size, const struct seg *segs, int n)',
    '{',
    '\tlong len;',
    '\tunsigned char *buf = read_file(f, &len);',
    '\tint same;',
    '',
    '\tif (!buf)',
    '\t\treturn 0;',
    '\tsame = same_as_simulated(what, buf, len, size, segs, n);',
    '\tfree(buf);',
    '\treturn same;',
    '}',
    '',
    "/* 1 when the run shows the violation's consequence. */",
    'static int check(void)',
    '{',
    '\tint bad = 0;',
    '',
    ...body,
    '\treturn bad;',
    '}',
    '',
  ].join('\n');
}

function mainFunction(run: ScenarioRun): string {
  const n = run.scenario.tasks.length;
  const aio = run.scenario.tasks.map((t) => t.ops.filter((o) => o.op === 'aio_write' || o.op === 'aio_read').length);
  return [
    'int main(int argc, char **argv)',
    '{',
    '\tconst char *dir = argc > 1 ? argv[1] : ".";',
    '\ttest_dir = dir;',
    '\tint runs = argc > 2 ? atoi(argv[2]) : 1;',
    `\tstatic void *(*const body[${n}])(void *) = { ${run.scenario.tasks.map((_, i) => `task_${i}`).join(', ')} };`,
    `\tstatic const int nr_aio[${n}] = { ${aio.join(', ')} };`,
    '\tstruct statvfs vfs;',
    '',
    '\tfor (int f = 0; f < NFILES; f++)',
    '\t\tsnprintf(path[f], sizeof(path[f]), "%s/%s", dir, file_name[f]);',
    '\tif (statvfs(dir, &vfs))',
    '\t\tdie(dir);',
    `\tif (vfs.f_bsize != ${run.scenario.geometry.blockSize})`,
    `\t\tfprintf(stderr, "note: %s has %lu-byte blocks; the scenario assumes ${run.scenario.geometry.blockSize}\\n", dir, vfs.f_bsize);`,
    '\tsignal(SIGALRM, on_timeout);',
    '\tfor (int r = 1; r <= runs; r++) {',
    `\t\tpthread_t thread[${n}];`,
    '',
    '\t\tsetup();',
    '\t\talarm(TIMEOUT_S);',
    `\t\tfor (int i = 0; i < ${n}; i++) {`,
    '\t\t\tstruct task *t = &tasks[i];',
    '',
    '\t\t\tmemset(&t->ctx, 0, sizeof(t->ctx));',
    '\t\t\tif (io_setup(nr_aio[i] > 0 ? nr_aio[i] : 1, &t->ctx))',
    '\t\t\t\tdie("io_setup");',
    '\t\t\tfor (int f = 0; f < NFILES; f++)',
    '\t\t\t\tt->fd[f] = t->bfd[f] = -1;',
    `\t\t}`,
    `\t\tfor (int i = 0; i < ${n}; i++)`,
    '\t\t\tif (pthread_create(&thread[i], NULL, body[i], &tasks[i]))',
    '\t\t\t\tdie("pthread_create");',
    `\t\tfor (int i = 0; i < ${n}; i++)`,
    '\t\t\tpthread_join(thread[i], NULL);',
    '\t\talarm(0);',
    `\t\tfor (int i = 0; i < ${n}; i++)`,
    '\t\t\tio_destroy(tasks[i].ctx);',
    '\t\tif (check()) {',
    '\t\t\tprintf("REPRODUCED in run %d of %d\\n", r, runs);',
    '\t\t\treturn 1;',
    '\t\t}',
    '\t\tfor (int k = 0; k < NOPS; k++)',
    '\t\t\tclose(op[k].efd);',
    '\t}',
    '\tprintf("not reproduced in %d run(s): the race window was missed, or the kernel has the fix\\n", runs);',
    '\treturn 0;',
    '}',
  ].join('\n');
}
