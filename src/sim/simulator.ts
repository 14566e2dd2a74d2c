/**
 * The simulation kernel: one scheduler that owns every nondeterministic choice.
 *
 * Each step it lists the enabled contexts (runnable, or sleeping until a virtual time), asks
 * the Strategy which one runs when there is a choice, records that choice, and advances the
 * chosen context's generator to its next `yield`. Code between two yields is atomic, so the set
 * of possible interleavings is exactly the set of choice lists; replaying a list (a schedule
 * string) re-executes the same run byte for byte. Virtual time moves only here: picking a
 * sleeper moves the clock to its wake time (never backwards).
 *
 * When nothing is enabled but someone is blocked, the run ends in a `deadlock` verdict that
 * carries the wait-for graph; a run longer than its step limit ends in `step-limit`. Nothing
 * can hang.
 *
 * This layer knows nothing of locks or files: locks describe themselves through `Waitable`,
 * lockdep hooks the return to user space through `onUserReturn`.
 */
import { type Context, type ContextKind, type Waitable, taskName } from './context.js';
import { InvariantError, UserError, invariant } from './errors.js';
import { initialIrqState } from './irq-state.js';
import { encodeSchedule } from './schedule.js';
import type { Sim } from './sim.js';
import { type AccessMode, type AccessRecorder, EXCLUSIVE } from './footprint.js';
import type { StepRecorder } from './step-recorder.js';
import { PRUNE, type Strategy } from './strategy.js';
import {
  type CtxBlockEvent,
  type CtxExitEvent,
  type CtxStartEvent,
  type SwitchEvent,
  Trace,
  type TraceEventBase,
  type VerdictEvent,
  type WakeEvent,
} from './trace.js';
import type { LockdepSubkind, Verdict, VerdictKind } from './verdict.js';

export interface SimulatorOptions {
  readonly strategy: Strategy;
  /** The run ends with a `step-limit` verdict after this many steps. */
  readonly stepLimit?: number;
  /** Record the trace (default true). Verdicts are kept either way. */
  readonly trace?: boolean;
  /** End the run at the first verdict (exploration wants only "is there a bug"). */
  readonly stopAtFirstVerdict?: boolean;
}

/** `pruned`: the strategy ended an execution equivalent to one it had explored (see PRUNE). */
export type RunOutcome = 'completed' | 'deadlock' | 'step-limit' | 'stopped' | 'pruned';

export interface RunResult {
  readonly outcome: RunOutcome;
  readonly steps: number;
  /** Virtual time at the end, ns. */
  readonly now: number;
  readonly verdicts: readonly Verdict[];
  /** Schedule string that replays this run. */
  readonly schedule: string;
}

export interface WaitForEdge {
  readonly waiter: string;
  readonly waitsFor: string;
  readonly blockers: readonly string[];
}

/**
 * The least default step limit: a run's default grows with its scenario (scenario/step-limit.ts);
 * a Simulator made without one (unit tests) uses this.
 */
export const DEFAULT_STEP_LIMIT = 100_000;
/** The largest step limit there is (`--step-limit`'s range). */
export const STEP_LIMIT_MAX = 1_000_000_000;

export class Simulator implements AccessRecorder {
  /** Virtual time, integer nanoseconds. */
  now = 0;
  steps = 0;
  /** Context switches so far: steps whose context differs from the previous step's. */
  switches = 0;
  readonly trace: Trace;
  readonly verdicts: Verdict[] = [];
  /** Every choice made, in order: the run's schedule. */
  readonly choices: number[] = [];
  /** Called when a process context returns to user space (lockdep's check lives here). */
  readonly onUserReturn: Array<(ctx: Context, syscall: string) => void> = [];
  /**
   * Called when a work item's function returns (process_one_work's checks): each work item runs in a
   * kworker of its own (workqueue.ts), so it started holding nothing.
   */
  readonly onWorkDone: Array<(ctx: Context, depthBefore: number, workfn: string) => void> = [];

  /**
   * Whether steps record footprints (see footprint.ts): only for a strategy that brings a
   * recorder (dfs). Shared objects created in such a run are wrapped so that every access is recorded.
   */
  readonly footprints: boolean;
  private readonly recorder: StepRecorder | null;
  private readonly strategy: Strategy;
  private readonly stepLimit: number;
  private readonly stopAtFirstVerdict: boolean;
  private readonly all: Context[] = [];
  /** Contexts not yet done, in creation order (the order choices index into). */
  private readonly live: Context[] = [];
  private readonly enabled: Context[] = [];
  private running: Context | null = null;
  private lastRun: Context | null = null;
  private stopped = false;

  constructor(options: SimulatorOptions) {
    this.strategy = options.strategy;
    this.stepLimit = options.stepLimit ?? DEFAULT_STEP_LIMIT;
    this.stopAtFirstVerdict = options.stopAtFirstVerdict ?? false;
    this.trace = new Trace(options.trace ?? true);
    this.recorder = this.strategy.recorder ?? null;
    this.footprints = this.recorder !== null;
  }

  /** The running step touched the shared object `key` (no-op unless footprints are on). */
  access(key: string, mode: AccessMode = EXCLUSIVE): void {
    this.recorder?.access(key, mode);
  }

  /** The running step looked at another context's own state: the locks it holds, whether it has finished. */
  readContext(ctx: Context): void {
    if (this.footprints) this.access(contextKey(ctx), 'read');
  }

  /**
   * The running step read the clock, or moved it (`max`). A clock-blind recorder leaves it out of
   * footprints: its strategy then relies on `clockMayDecide` being false after each of its runs.
   */
  accessClock(mode: AccessMode = 'read'): void {
    if (this.recorder?.clockTracked) this.recorder.access('clock', mode);
  }

  /** Code is about to decide something by whether `ns` of virtual time have passed since some earlier moment. */
  clockCompared(ns: number): void {
    this.recorder?.compared(ns);
  }

  /** Whether the clock may have decided anything in this run (StepRecorder.clockMayDecide; false without one). */
  get clockMayDecide(): boolean {
    return this.recorder?.clockMayDecide ?? false;
  }

  /** The context being stepped (the kernel's `current`). */
  get current(): Context {
    const ctx = this.running;
    if (!ctx) throw new InvariantError('`current` used outside a running context');
    return ctx;
  }

  /** Id of the running context, or -1 outside a step (for trace events). */
  get currentId(): number {
    return this.running?.id ?? -1;
  }

  get contexts(): readonly Context[] {
    return this.all;
  }

  get strategyName(): string {
    return this.strategy.name;
  }

  /**
   * Creates an execution context. With `at` in the future it starts sleeping until then
   * (a timer, a device completion interrupt).
   */
  spawn(kind: ContextKind, name: string, body: Sim<unknown>, options: { at?: number } = {}): Context {
    const at = options.at ?? this.now;
    // Two creations commute up to the numbering of the new contexts, which nothing observes
    // (names come from op ids and bio numbers); a start time reads the clock.
    this.access('spawn', 'spawn');
    if (options.at !== undefined) {
      this.accessClock();
      this.recorder?.scheduled(Math.max(0, at - this.now));
    }
    const ctx: Context = {
      id: this.all.length + 1,
      name,
      kind,
      state: at > this.now ? 'sleeping' : 'runnable',
      wakeAt: at,
      blockedOn: null,
      next: 'start',
      held: [],
      irq: initialIrqState(kind),
      syscall: null,
      body,
    };
    this.all.push(ctx);
    this.live.push(ctx);
    this.emit({ t: this.now, ctx: ctx.id, type: 'ctx-start', name, kind } satisfies CtxStartEvent);
    return ctx;
  }

  /**
   * Marks the current context blocked on `on`. The caller must `yield` right after; the context
   * is not scheduled again until someone calls wake().
   */
  block(on: Waitable, label: string): void {
    const ctx = this.current;
    ctx.state = 'blocked';
    ctx.blockedOn = on;
    if (this.trace.recording) this.emit({ t: this.now, ctx: ctx.id, type: 'block', on: label } satisfies CtxBlockEvent);
  }

  /** Makes a blocked context runnable again. Waking a context that is not blocked is a no-op. */
  wake(ctx: Context): void {
    if (this.footprints) this.access(contextKey(ctx), 'wake');
    if (ctx.state !== 'blocked') return;
    ctx.state = 'runnable';
    ctx.blockedOn = null;
    if (this.trace.recording) this.emit({ t: this.now, ctx: ctx.id, type: 'wake', by: this.currentId } satisfies WakeEvent);
  }

  /** Puts the current context to sleep for `ns` of virtual time; the caller must `yield` next. */
  sleepFor(ns: number): void {
    const ctx = this.current;
    this.accessClock();
    const delay = Math.max(0, Math.round(ns));
    this.recorder?.scheduled(delay);
    ctx.state = 'sleeping';
    ctx.wakeAt = this.now + delay;
  }

  /** A sampled value in [min, max], chosen by the strategy and recorded (latencies). */
  sample(min: number, max: number): number {
    invariant(Number.isInteger(min) && Number.isInteger(max) && min <= max, `bad sample range [${min}, ${max}]`);
    if (min === max) return min;
    const v = this.strategy.sample(min, max);
    invariant(v >= min && v <= max, `strategy ${this.strategy.name} sampled ${v} outside [${min}, ${max}]`);
    this.choices.push(v - min);
    return v;
  }

  emit<E extends TraceEventBase>(event: E): number {
    return this.trace.emit(event);
  }

  /** Records a verdict (and a trace event for it); returns it with its `at` filled in. */
  report(kind: VerdictKind, message: string, details: Record<string, unknown> = {}, subkind?: LockdepSubkind): Verdict {
    const at = this.trace.recording ? this.trace.length : this.steps;
    const verdict: Verdict = subkind ? { kind, subkind, message, at, details } : { kind, message, at, details };
    this.verdicts.push(verdict);
    this.emit({ t: this.now, ctx: this.currentId, type: 'verdict', verdict } satisfies VerdictEvent);
    if (this.stopAtFirstVerdict) this.stopped = true;
    return verdict;
  }

  /** Runs until every context is done, a deadlock, the step limit, or (if asked) a verdict. */
  run(): RunResult {
    const outcome = this.loop();
    const choices = this.choices;
    // Encoded on demand: an exploration asks for the schedule of a few executions only.
    return {
      outcome,
      steps: this.steps,
      now: this.now,
      verdicts: this.verdicts,
      get schedule() {
        return encodeSchedule(choices);
      },
    };
  }

  /** The contexts that could run now, in the order choices index into. */
  enabledContexts(): Context[] {
    return this.collectEnabled([]);
  }

  /** Fills `into` with the enabled contexts (the loop reuses one array: no allocation per step). */
  private collectEnabled(into: Context[]): Context[] {
    into.length = 0;
    for (const ctx of this.live) if (ctx.state === 'runnable' || ctx.state === 'sleeping') into.push(ctx);
    return into;
  }

  /**
   * Steps one chosen context, recording the choice as if the strategy had made it: for the
   * interactive stepper and for tests that need an exact order. The recorded schedule replays.
   */
  stepContext(ctx: Context): void {
    const enabled = this.enabledContexts();
    const index = enabled.indexOf(ctx);
    if (index < 0) throw new UserError(`${taskName(ctx)} cannot run now (it is ${ctx.state})`);
    if (enabled.length > 1) this.choices.push(index);
    this.step(ctx);
  }

  private loop(): RunOutcome {
    const enabled = this.enabled;
    for (;;) {
      if (this.stopped) return 'stopped';
      this.collectEnabled(enabled);
      if (enabled.length === 0) {
        if (this.live.length === 0) return 'completed';
        this.reportDeadlock();
        return 'deadlock';
      }
      if (this.steps >= this.stepLimit) {
        this.reportStepLimit(enabled);
        return 'step-limit';
      }
      let index = 0;
      if (this.footprints && enabled.length === 1 && this.strategy.asleep?.(enabled[0]!)) return 'pruned';
      if (enabled.length > 1) {
        index = this.strategy.pickContext(enabled, this.now, this.lastRun);
        if (index === PRUNE) return 'pruned';
        invariant(index >= 0 && index < enabled.length, `strategy ${this.strategy.name} picked ${index} of ${enabled.length}`);
        this.choices.push(index);
      }
      this.step(enabled[index]!);
    }
  }

  /**
   * The limit is reached with contexts still able to run: those are the ones that kept running
   * (a livelock spins in them; a scenario longer than its limit is still working in them).
   */
  private reportStepLimit(enabled: readonly Context[]): void {
    const keptRunning = enabled.map((c) => ({ context: taskName(c), at: c.next }));
    const who = keptRunning.map((k) => `${k.context} (at ${k.at})`).join(', ');
    this.report(
      'step-limit',
      `the run did not finish within its step limit of ${this.stepLimit} steps; still running: ${who}. A livelock, or a scenario longer than the limit: raise it with --step-limit ${Math.min(this.stepLimit * 10, STEP_LIMIT_MAX)}`,
      { limit: this.stepLimit, keptRunning },
    );
  }

  private step(ctx: Context): void {
    this.steps++;
    // A step touches its own context; footprints.ts lists what else is recorded.
    if (this.recorder) this.recorder.beginStep(contextKey(ctx));
    if (ctx.state === 'sleeping') {
      if (ctx.wakeAt > this.now) {
        this.accessClock('max'); // now = max(now, wakeAt): commutes with other moves
        this.now = ctx.wakeAt;
      }
      ctx.state = 'runnable';
    }
    if (ctx !== this.lastRun) {
      if (this.lastRun) this.switches++;
      this.lastRun = ctx;
      if (this.trace.recording) this.emit({ t: this.now, ctx: ctx.id, type: 'switch' } satisfies SwitchEvent);
    }
    this.running = ctx;
    let r: IteratorResult<string, unknown>;
    try {
      r = ctx.body.next();
    } finally {
      this.running = null;
    }
    if (r.done) {
      if (ctx.kind === 'worker') this.workDone(ctx);
      ctx.state = 'done';
      this.live.splice(this.live.indexOf(ctx), 1);
      if (this.trace.recording) this.emit({ t: this.now, ctx: ctx.id, type: 'ctx-exit' } satisfies CtxExitEvent);
    } else {
      ctx.next = r.value;
    }
    this.recorder?.endStep(ctx);
  }

  private workDone(ctx: Context): void {
    this.running = ctx;
    try {
      for (const hook of this.onWorkDone) hook(ctx, 0, ctx.name.replace(/^kworker\//, ''));
    } finally {
      this.running = null;
    }
  }

  /** Who waits for whom, for every blocked context. */
  waitForGraph(): WaitForEdge[] {
    return this.live
      .filter((c) => c.state === 'blocked' && c.blockedOn)
      .map((c) => ({ waiter: taskName(c), waitsFor: c.blockedOn!.describeWait(c), blockers: c.blockedOn!.blockers(c) }));
  }

  private reportDeadlock(): void {
    const graph = this.waitForGraph();
    const cycle = findCycle(graph);
    const lines = graph.map((e) => `${e.waiter} waits for ${e.waitsFor}${e.blockers.length ? ` held by ${e.blockers.join(', ')}` : ''}`);
    const summary = cycle ? `cycle ${cycle.join(' → ')}` : `${graph.length} context(s) blocked forever`;
    this.report('deadlock', `deadlock: no context can run (${summary}). ${lines.join('; ')}.`, { waitFor: graph, cycle });
  }
}

/** The footprint key of a context: its own state (run, block, wake). */
function contextKey(ctx: Context): string {
  return `ctx:${ctx.id}`;
}

/** A cycle in the wait-for graph, as names ending where it starts, or null. */
function findCycle(graph: readonly WaitForEdge[]): string[] | null {
  const next = new Map(graph.map((e) => [e.waiter, e.blockers]));
  for (const start of next.keys()) {
    const path: string[] = [];
    const seen = new Set<string>();
    const visit = (node: string): string[] | null => {
      if (node === start && path.length > 0) return [...path, node];
      if (seen.has(node)) return null;
      seen.add(node);
      path.push(node);
      for (const b of next.get(node) ?? []) {
        const found = visit(b);
        if (found) return found;
      }
      path.pop();
      return null;
    };
    const cycle = visit(start);
    if (cycle) return cycle;
  }
  return null;
}
