/**
 * The interactive stepper's engine (`aiosim step`, the playground): the user decides which
 * context runs next, the way The Deadlock Empire does, but on real kernel semantics. State is
 * the list of moves so far; every view re-executes the scenario from the start with those moves,
 * so undo is exact and the schedule can be saved at any point and replayed. Undone moves stay on
 * a redo line until a different choice replaces them. Sampled latencies take their minimum in
 * the steps the user chose (the user orders completions by choosing their interrupt contexts);
 * the steps of a resumed schedule keep the samples it recorded, so a resumed run is the run the
 * schedule describes, byte for byte.
 */
import type { Scenario } from '../scenario/schema.js';
import { type PreparedScenario, type ScenarioRun, prepareScenario } from '../scenario/runner.js';
import type { Context } from '../sim/context.js';
import type { Strategy } from '../sim/strategy.js';
import { timedStrategy } from '../sim/strategies/timed.js';
import { encodeSchedule } from '../sim/schedule.js';
import { UserError } from '../sim/errors.js';
import { verdictLabel } from '../sim/verdict-label.js';
import { type TokenBinding, bindToken, formatToken } from './replay-token.js';
import { strategyFor } from './portfolio.js';

/**
 * A strategy whose decisions are handed to `rest` once it is set: while the user's prefix is
 * re-stepped it is never asked to pick, and samples come from `recorded` (then take their minimum).
 */
interface Deferred extends Strategy {
  /** Decides the rest of the run (null while the user's prefix is re-stepped). A field named `then` would make it a thenable. */
  rest: Strategy | null;
  /** Sample offsets (value − min) still to hand out, in the order the prefix draws them. */
  readonly recorded: number[];
}

function deferred(recorded: readonly number[]): Deferred {
  return {
    name: 'step',
    rest: null,
    recorded: [...recorded].reverse(),
    pickContext(enabled, now, last) {
      if (!this.rest) throw new UserError('stepper: asked to choose while replaying your steps');
      return this.rest.pickContext(enabled, now, last);
    },
    sample(min, max) {
      if (this.rest) return this.rest.sample(min, max);
      return Math.min(max, min + (this.recorded.pop() ?? 0));
    },
  };
}

/** One step: the context that ran it, and the sample offsets drawn while it ran (empty when the user chose it). */
interface Move {
  readonly id: number;
  readonly samples: readonly number[];
}

/** What one step of the view did, for narration. */
export interface StepRecord {
  readonly ctx: Context;
  /** What the context was about to do (its `next` before the step): the kernel function the step ran. */
  readonly label: string;
  /** Index of the step's first trace event; its events end where the next step's begin. */
  readonly event: number;
}

export interface StepView {
  readonly world: PreparedScenario;
  readonly enabled: readonly Context[];
  /** Set once the run is over (all done, deadlock or step limit): verdicts after the final oracles. */
  readonly finished: ScenarioRun | null;
  readonly token: string;
  /** One record per step so far, in order. */
  readonly log: readonly StepRecord[];
}

export class Stepper {
  /** The steps so far, in order (one per step, forced or not). */
  private readonly moves: Move[] = [];
  /** Undone steps, the next to redo last. */
  private readonly undone: Move[] = [];
  /** lineToken()'s answer while the line stays the same (undo and redo walk it; only a new choice changes it). */
  private line: string | null = null;
  /** What every token of the session is bound to (the scenario and scheme do not change): hashed once. */
  private binding: TokenBinding | undefined;

  constructor(
    readonly scenario: Scenario,
    readonly scenarioRef: string,
    readonly fs: string,
  ) {}

  /**
   * Resumes a saved session: re-runs the recorded choices step by step (samples and picks in
   * the order they were recorded) until they run out, remembering which context ran each step
   * and what it sampled.
   */
  resume(choices: readonly number[]): void {
    let i = 0;
    let drawn: number[] = [];
    const world = prepareScenario(this.scenario, {
      strategy: {
        name: 'resume',
        pickContext: () => 0,
        sample: (min, max) => {
          const v = Math.min(max, min + (choices[i++] ?? 0));
          drawn.push(v - min);
          return v;
        },
      },
      fs: this.fs,
    });
    for (;;) {
      const enabled = world.sim.enabledContexts();
      if (enabled.length === 0 || (enabled.length > 1 && i >= choices.length)) return;
      const index = enabled.length > 1 ? choices[i++]! : 0;
      const ctx = enabled[index];
      if (!ctx)
        throw new UserError(
          `--schedule: choice ${i - 1} is ${index} but only ${enabled.length} contexts can run there; it was saved for another scenario or scheme`,
        );
      world.sim.stepContext(ctx);
      this.line = null;
      this.moves.push({ id: ctx.id, samples: drawn });
      drawn = [];
    }
  }

  get steps(): number {
    return this.moves.length;
  }

  /** Steps that redo() can bring back. */
  get redoable(): number {
    return this.undone.length;
  }

  /** Re-executes the moves so far (then the contexts `extra`) in a fresh world; `log` receives a record per step. */
  private replay(extra: readonly number[], strategy: Deferred, trace = true, log: StepRecord[] = [], moves = this.moves): PreparedScenario {
    const world = prepareScenario(this.scenario, { strategy, fs: this.fs, trace });
    for (const id of [...moves.map((m) => m.id), ...extra]) {
      const ctx = world.sim.contexts.find((c) => c.id === id)!;
      log.push({ ctx, label: ctx.next, event: world.events.length });
      world.sim.stepContext(ctx);
    }
    return world;
  }

  private recorded(moves = this.moves): number[] {
    return moves.flatMap((m) => m.samples);
  }

  /** What the screen shows after the moves so far. */
  view(): StepView {
    const log: StepRecord[] = [];
    const world = this.replay([], deferred(this.recorded()), true, log);
    const enabled = world.sim.enabledContexts();
    const finished = enabled.length === 0 ? world.finish(world.sim.run()) : null;
    const schedule = encodeSchedule(world.sim.choices);
    this.binding ??= bindToken({ scenario: this.scenarioRef, fs: this.fs, schedule }, this.scenario).binding;
    const token = formatToken({ scenario: this.scenarioRef, fs: this.fs, schedule, binding: this.binding });
    return { world, enabled, finished, token, log };
  }

  /** The token of the whole line: the moves so far and the undone ones after them (what redo would replay). */
  lineToken(): string {
    if (this.line !== null) return this.line;
    const line = [...this.moves, ...[...this.undone].reverse()];
    const world = this.replay([], deferred(this.recorded(line)), false, [], line);
    const schedule = encodeSchedule(world.sim.choices);
    this.binding ??= bindToken({ scenario: this.scenarioRef, fs: this.fs, schedule }, this.scenario).binding;
    this.line = formatToken({ scenario: this.scenarioRef, fs: this.fs, schedule, binding: this.binding });
    return this.line;
  }

  /**
   * Runs `contextId` next. Choosing the step redo would bring back keeps the rest of the redo line; any other choice drops it.
   * `v` is the current view, if the caller has it (it saves a re-execution).
   */
  choose(contextId: number, v: StepView = this.view()): void {
    if (v.finished) throw new UserError('the run is over; undo (u) or quit (q)');
    if (!v.enabled.some((c) => c.id === contextId))
      throw new UserError(`context ${contextId} cannot run now (choose one of ${v.enabled.map((c) => c.id).join(', ')})`);
    if (this.undone.at(-1)?.id === contextId) this.moves.push(this.undone.pop()!);
    else {
      this.undone.length = 0;
      this.line = null;
      this.moves.push({ id: contextId, samples: [] });
    }
  }

  undo(): boolean {
    const move = this.moves.pop();
    if (move) this.undone.push(move);
    return move !== undefined;
  }

  redo(): boolean {
    const move = this.undone.pop();
    if (move) this.moves.push(move);
    return move !== undefined;
  }

  /** Runs the rest with the timed strategy (what usually happens) and returns the finished run. */
  finishTimed(seed: number): ScenarioRun {
    return this.continueWith([], timedStrategy(seed), true);
  }

  /**
   * Which next choice can lead to a violation? For each enabled context, `tries` continuations
   * after choosing it (the explorer's portfolio: random and timed alternately); how many
   * violated, and with which verdict kinds.
   */
  hint(tries = 150, seed = 1): Array<{ context: Context; found: number; kinds: string[] }> {
    return this.view().enabled.map((context) => {
      const kinds = new Set<string>();
      let found = 0;
      for (let k = 0; k < tries; k++) {
        const run = this.continueWith([context.id], strategyFor('portfolio', seed, k), false);
        if (run.result.verdicts.length === 0) continue;
        found++;
        for (const v of run.result.verdicts) kinds.add(verdictLabel(v));
      }
      return { context, found, kinds: [...kinds] };
    });
  }

  private continueWith(extra: readonly number[], rest: Strategy, trace: boolean): ScenarioRun {
    const strategy = deferred(this.recorded());
    const world = this.replay(extra, strategy, trace);
    strategy.rest = rest;
    return world.finish(world.sim.run());
  }
}
