/**
 * One playground session: a scenario under a scheme, stepped with the stepper's engine
 * (src/explore/stepper.ts), and optionally a level whose goal the oracles decide. It holds no
 * DOM: the page (app.ts) draws what `state()` returns, and the tests drive it directly.
 *
 * The address fragment is the replay token of the whole line walked (the steps so far and those
 * undo left to redo) plus the step shown: `#<token>&step=17`. Opening it resumes the token and
 * undoes back to step 17, so a teacher's link shows the step and can be played on from there.
 */
import type { Scenario } from '../scenario/schema.js';
import type { TraceEvent } from '../scenario/trace-event.js';
import { type StepView, Stepper } from '../explore/stepper.js';
import { parseToken } from '../explore/replay-token.js';
import { contextNames } from '../report/event-log.js';
import { decodeSchedule } from '../sim/schedule.js';
import { UserError } from '../sim/errors.js';
import type { Verdict } from '../sim/verdict.js';
import { type GoalStatus, goalStatus } from './goal.js';
import type { Level } from './levels.js';
import { narrateStep } from './narrate.js';

/** A scenario the page carries, under the name tokens use for it (a catalog name or a file path). */
export interface PlayScenario {
  readonly ref: string;
  readonly scenario: Scenario;
}

export interface SessionState {
  /** The scenario's name in tokens (a catalog name or a file path). */
  readonly ref: string;
  readonly view: StepView;
  readonly step: number;
  readonly redoable: number;
  /** Verdicts so far (the end-of-run oracles' too once the run is over). */
  readonly verdicts: readonly Verdict[];
  readonly events: readonly TraceEvent[];
  /** Context id → "name/id". */
  readonly names: ReadonlyMap<number, string>;
  /** The narration of every step so far, in order. */
  readonly narration: readonly string[];
  readonly goal: GoalStatus | null;
}

/** What the address fragment says: a token, the step to show, the level. */
export interface Fragment {
  readonly token: string | null;
  readonly step: number | null;
  readonly level: string | null;
}

export function parseFragment(hash: string): Fragment {
  const parts = hash
    .replace(/^#/, '')
    .split('&')
    .filter((p) => p !== '');
  let token: string | null = null;
  let step: number | null = null;
  let level: string | null = null;
  for (const part of parts) {
    const eq = part.indexOf('=');
    const key = eq > 0 && !part.includes('@') ? part.slice(0, eq) : null;
    const value = key === null ? decodeURIComponent(part) : decodeURIComponent(part.slice(eq + 1));
    if (key === 'step' && /^\d+$/.test(value)) step = Number(value);
    else if (key === 'level') level = value;
    else if (key === null) token = value;
  }
  return { token, step, level };
}

export function formatFragment(f: Fragment): string {
  const parts = [f.token, f.step === null ? null : `step=${f.step}`, f.level === null ? null : `level=${encodeURIComponent(f.level)}`];
  return `#${parts.filter((p) => p !== null).join('&')}`;
}

export class Session {
  private stepper: Stepper;
  private cached: SessionState | null = null;

  constructor(
    readonly play: PlayScenario,
    readonly fs: string,
    readonly level: Level | null = null,
  ) {
    this.stepper = new Stepper(play.scenario, play.ref, fs);
  }

  /** A session at step `step` of the line a token describes (all of it when `step` is null). */
  static fromToken(play: PlayScenario, token: string, step: number | null, level: Level | null = null): Session {
    const t = parseToken(token);
    if (t.scenario !== play.ref) throw new UserError(`the token is for scenario ${t.scenario}, not ${play.ref}`);
    const s = new Session(play, t.fs, level);
    s.stepper.resume(decodeSchedule(t.schedule));
    while (step !== null && s.stepper.steps > step) s.stepper.undo();
    return s;
  }

  get steps(): number {
    return this.stepper.steps;
  }

  state(): SessionState {
    if (this.cached) return this.cached;
    const view = this.stepper.view();
    const events = view.world.events;
    const names = contextNames(events);
    const narration = view.log.map((r, k) =>
      narrateStep(events, { ctx: r.ctx.id, label: r.label, from: r.event, to: view.log[k + 1]?.event ?? events.length }, names),
    );
    const verdicts = view.finished ? view.finished.result.verdicts : view.world.sim.verdicts;
    const goal = this.level ? goalStatus(this.level.goal, events, verdicts, view.finished !== null) : null;
    this.cached = { ref: this.play.ref, view, step: this.stepper.steps, redoable: this.stepper.redoable, verdicts, events, names, narration, goal };
    return this.cached;
  }

  /** Runs the context with this id next. */
  choose(contextId: number): void {
    this.stepper.choose(contextId, this.state().view);
    this.cached = null;
  }

  undo(): boolean {
    this.cached = null;
    return this.stepper.undo();
  }

  redo(): boolean {
    this.cached = null;
    return this.stepper.redo();
  }

  /** Back to step 0, keeping the steps on the redo line. */
  restart(): void {
    while (this.stepper.undo());
    this.cached = null;
  }

  /** Runs the rest as the timed strategy would (what usually happens); the steps it took can be undone. */
  runToEnd(seed = 1): void {
    const run = this.stepper.finishTimed(seed);
    const next = new Stepper(this.play.scenario, this.play.ref, this.fs);
    next.resume(run.sim.choices);
    this.stepper = next;
    this.cached = null;
  }

  /** The token of the steps so far (what `aiosim replay` or a hint worker takes). */
  token(): string {
    return this.state().view.token;
  }

  /** The address fragment of this state: the whole line's token and the step shown. */
  fragment(): string {
    const token = this.stepper.redoable > 0 ? this.stepper.lineToken() : this.token();
    return formatFragment({ token, step: this.stepper.steps, level: this.level?.id ?? null });
  }
}
