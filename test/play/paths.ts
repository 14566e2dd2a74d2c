/**
 * Click paths that win a level: found by the explorer's strategies, then checked by choosing the
 * same contexts in a fresh session, as a player clicking the buttons would (a player's steps take
 * the minimum latencies, so a path is kept only if it still wins that way).
 */
import { Stepper } from '../../src/explore/stepper.js';
import { strategyFor } from '../../src/explore/portfolio.js';
import { loadScenario } from '../../src/scenario/catalog.js';
import { runScenario } from '../../src/scenario/runner.js';
import { goalStatus } from '../../src/play/goal.js';
import type { Level } from '../../src/play/levels.js';
import { Session } from '../../src/play/session.js';

export interface ClickPath {
  /** Context ids in the order to choose them (one per step). */
  readonly ids: readonly number[];
  /** Their names: what `data-ctx` says. */
  readonly names: readonly string[];
}

export function winningPath(level: Level, tries = 400): ClickPath {
  const scenario = loadScenario(level.scenario);
  for (let k = 0; k < tries; k++) {
    const run = runScenario(scenario, { strategy: strategyFor('portfolio', 1, k, 30), fs: level.fs });
    const st = goalStatus(level.goal, run.events, run.result.verdicts, true);
    if (st.state !== 'won' && st.state !== 'proving') continue;
    const stepper = new Stepper(scenario, scenario.name, level.fs);
    stepper.resume(run.sim.choices);
    const log = stepper.view().log;
    const session = new Session({ ref: scenario.name, scenario }, level.fs, level);
    for (const r of log) {
      const goal = session.state().goal!;
      if (goal.state === 'won') break;
      session.choose(r.ctx.id);
    }
    const goal = session.state().goal!;
    if (goal.state === 'won' || goal.state === 'proving') {
      const taken = session.state().view.log;
      return { ids: taken.map((r) => r.ctx.id), names: taken.map((r) => r.ctx.name) };
    }
  }
  throw new Error(`no winning path for level ${level.id} in ${tries} runs`);
}
