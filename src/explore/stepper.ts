/**
 * The interactive stepper's engine (`aiosim step`): the user decides which context runs next,
 * the way The Deadlock Empire does, but on real kernel semantics. State is the list of choices
 * so far; every view re-executes the scenario from the start with those choices, so undo is
 * exact and the schedule can be saved at any point and replayed. Sampled latencies take their
 * minimum: in stepping, the user orders completions by choosing their interrupt contexts.
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
 * re-stepped it is never asked to pick, and samples take their minimum.
 */
interface Deferred extends Strategy {
  /** Decides the rest of the run (null while the user's prefix is re-stepped). A field named `then` would make it a thenable. */
  rest: Strategy | null;
}

function deferred(): Deferred {
  return {
    name: 'step',
    rest: null,
    pickContext(enabled, now, last) {
      if (!this.rest) throw new UserError('stepper: asked to choose while replaying your steps');
      return this.rest.pickContext(enabled, now, last);
    },
    sample(min, max) {
      return this.rest ? this.rest.sample(min, max) : min;
    },
  };
}

export interface StepView {
  readonly world: PreparedScenario;
  readonly enabled: readonly Context[];
  /** Set once the run is over (all done, deadlock or step limit): verdicts after the final oracles. */
  readonly finished: ScenarioRun | null;
  readonly token: string;
}

export class Stepper {
  /** Ids of the contexts the user chose, in order (one per step, forced or not). */
  private readonly chosen: number[] = [];
  /** What every token of the session is bound to (the scenario and scheme do not change): hashed once. */
  private binding: TokenBinding | undefined;

  constructor(
    readonly scenario: Scenario,
    readonly scenarioRef: string,
    readonly fs: string,
  ) {}

  /**
   * Resumes a saved session: re-runs the recorded choices step by step (samples and picks in
   * the order they were recorded) until they run out, remembering which context ran each step.
   */
  resume(choices: readonly number[]): void {
    let i = 0;
    const world = prepareScenario(this.scenario, {
      strategy: { name: 'resume', pickContext: () => 0, sample: (min, max) => Math.min(max, min + (choices[i++] ?? 0)) },
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
      this.chosen.push(ctx.id);
      world.sim.stepContext(ctx);
    }
  }

  get steps(): number {
    return this.chosen.length;
  }

  /** Re-executes the choices so far (then `extra`) in a fresh world. */
  private replay(extra: readonly number[], strategy: Deferred, trace = true): PreparedScenario {
    const world = prepareScenario(this.scenario, { strategy, fs: this.fs, trace });
    for (const id of [...this.chosen, ...extra]) world.sim.stepContext(world.sim.contexts.find((c) => c.id === id)!);
    return world;
  }

  /** What the screen shows after the choices so far. */
  view(): StepView {
    const world = this.replay([], deferred());
    const enabled = world.sim.enabledContexts();
    const finished = enabled.length === 0 ? world.finish(world.sim.run()) : null;
    const schedule = encodeSchedule(world.sim.choices);
    this.binding ??= bindToken({ scenario: this.scenarioRef, fs: this.fs, schedule }, this.scenario).binding;
    const token = formatToken({ scenario: this.scenarioRef, fs: this.fs, schedule, binding: this.binding });
    return { world, enabled, finished, token };
  }

  choose(contextId: number): void {
    const v = this.view();
    if (v.finished) throw new UserError('the run is over; undo (u) or quit (q)');
    if (!v.enabled.some((c) => c.id === contextId))
      throw new UserError(`context ${contextId} cannot run now (choose one of ${v.enabled.map((c) => c.id).join(', ')})`);
    this.chosen.push(contextId);
  }

  undo(): boolean {
    return this.chosen.pop() !== undefined;
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
    const strategy = deferred();
    const world = this.replay(extra, strategy, trace);
    strategy.rest = rest;
    return world.finish(world.sim.run());
  }
}
