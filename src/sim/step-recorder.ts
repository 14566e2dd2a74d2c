/**
 * The footprint recorder of one run, created only by a strategy that reduces by footprints (the
 * dfs explorer): it collects what each step touches (footprint.ts), hands the step's footprint
 * to the strategy once the step is over, and keeps the clock bookkeeping that tells whether the
 * clock may have decided anything. A run without one records nothing and pays nothing.
 */
import type { Context } from './context.js';
import { type AccessMode, type AccessRecorder, EXCLUSIVE, type Footprint, record } from './footprint.js';

export interface FootprintObserver {
  /** Leave the clock out of footprints; the strategy then checks `clockMayDecide` after each run. */
  readonly clockBlind: boolean;
  /** Called after each step with what it touched. */
  observe(ctx: Context, footprint: Footprint): void;
}

export class StepRecorder implements AccessRecorder {
  readonly footprints = true;
  private footprint: Map<string, AccessMode> | null = null;
  /**
   * Every delay scheduled so far (sleeps, timed spawns), summed: the clock never exceeds it, since
   * it only moves to a wake time, which is the clock then plus a delay.
   */
  private scheduledTime = 0;
  /** The shortest elapsed time that code compared the clock against (the rwsem handoff timeout). */
  private clockHorizon = Infinity;

  constructor(readonly observer: FootprintObserver) {}

  /** Whether footprints record the clock. */
  get clockTracked(): boolean {
    return !this.observer.clockBlind;
  }

  access(key: string, mode: AccessMode = EXCLUSIVE): void {
    if (this.footprint) record(this.footprint, key, mode);
  }

  /** A step of the context keyed `self` starts: it touches its own context. */
  beginStep(self: string): void {
    this.footprint = new Map([[self, EXCLUSIVE]]);
  }

  /** The step is over: the strategy learns its footprint. */
  endStep(ctx: Context): void {
    const footprint = this.footprint;
    this.footprint = null;
    if (footprint) this.observer.observe(ctx, footprint);
  }

  /** A delay was scheduled (a sleep, a timed spawn). */
  scheduled(ns: number): void {
    this.scheduledTime += ns;
  }

  /** Code is about to decide something by whether `ns` of virtual time have passed. */
  compared(ns: number): void {
    if (ns < this.clockHorizon) this.clockHorizon = ns;
  }

  /**
   * Whether the clock may have decided anything in this run. When false, every comparison of
   * an elapsed time came out "not yet" and would in any order of the same steps: the delays
   * are the same steps' delays (latencies are sampled by the strategy, sleeps are fixed), their
   * sum bounds the clock, and it stayed below every threshold compared against. The clock then
   * only stamps times on the trace and the history.
   */
  get clockMayDecide(): boolean {
    return this.scheduledTime >= this.clockHorizon;
  }
}
