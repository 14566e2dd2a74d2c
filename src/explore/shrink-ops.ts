/**
 * Shrinking the scenario: dropping the operations a violation does not need. Each op is tried
 * once, from the last to the first; the scenario without it is kept when it still shows a
 * verdict of the same kind — first by replaying the current schedule leniently, else by a short
 * exploration (the removal can shift every later choice). An op another op names (`after:`,
 * `wait for:`) stays while it is named, and a task left without ops goes. The schedule is then
 * shrunk again on the smaller scenario.
 */
import { DiskArena } from '../vfs/block-device.js';
import { UserError } from '../sim/errors.js';
import { replayStrategy } from '../sim/strategies/replay.js';
import { type Verdict, sameKindAs } from '../sim/verdict.js';
import { judgeScenario } from '../scenario/runner.js';
import type { Scenario, ScenarioOp } from '../scenario/schema.js';
import { validateScenario } from '../scenario/validate.js';
import { strategyFor } from './portfolio.js';

export interface OpsShrinkResult {
  readonly scenario: Scenario;
  /** Choices of a run of `scenario` that shows the verdict. */
  readonly choices: readonly number[];
  readonly before: number;
  readonly after: number;
  /** Executions spent. */
  readonly attempts: number;
}

/** Executions the op shrinker may spend in all. */
export const OPS_SHRINK_ATTEMPTS = 600;
/** Executions of the short exploration that looks for the verdict again after a removal. */
const REFIND_BUDGET = 40;

export function opCount(scenario: Scenario): number {
  return scenario.tasks.reduce((n, t) => n + t.ops.length, 0);
}

export function shrinkScenarioOps(scenario: Scenario, fs: string, choices: readonly number[], verdict: Verdict, stepLimit?: number): OpsShrinkResult {
  let attempts = 0;
  const sameKind = sameKindAs(verdict);
  const arena = new DiskArena();
  const shows = (candidate: Scenario, strategy: Parameters<typeof judgeScenario>[1]['strategy']): readonly number[] | null => {
    attempts++;
    const run = judgeScenario(candidate, { strategy, fs, trace: false, stepLimit, arena });
    return run.result.verdicts.some(sameKind) ? [...run.sim.choices] : null;
  };
  let current = scenario;
  let currentChoices = choices;
  const slots = scenario.tasks.flatMap((t, ti) => t.ops.map((_, oi) => [ti, oi] as const)).reverse();
  for (const [ti, oi] of slots) {
    if (attempts >= OPS_SHRINK_ATTEMPTS) break;
    const candidate = without(current, scenario.tasks[ti]!.name, scenario.tasks[ti]!.ops[oi]!);
    if (!candidate) continue;
    let found = shows(candidate, replayStrategy(currentChoices, { lenient: true }));
    for (let i = 0; !found && i < REFIND_BUDGET && attempts < OPS_SHRINK_ATTEMPTS; i++) found = shows(candidate, strategyFor('portfolio', 1, i));
    if (found) {
      current = candidate;
      currentChoices = found;
    }
  }
  return { scenario: current, choices: currentChoices, before: opCount(scenario), after: opCount(current), attempts };
}

/**
 * `scenario` without the op `op` of task `task` (matched by identity, so earlier removals do not
 * shift it), or null when another op names it or what is left is not a valid scenario.
 */
function without(scenario: Scenario, task: string, op: ScenarioOp): Scenario | null {
  const owner = scenario.tasks.find((t) => t.name === task);
  if (!owner?.ops.includes(op)) return null;
  if (op.id && scenario.tasks.some((t) => t.ops.some((o) => o.after === op.id || (o.op === 'wait' && o.for === op.id)))) return null;
  const tasks = scenario.tasks.map((t) => (t === owner ? { ...t, ops: t.ops.filter((o) => o !== op) } : t)).filter((t) => t.ops.length > 0);
  if (tasks.length === 0) return null;
  try {
    return validated({ ...scenario, tasks }, scenario);
  } catch (err) {
    if (err instanceof UserError) return null;
    throw err;
  }
}

/** Re-validates a derived scenario (its semantic checks), keeping the original's op objects. */
function validated(candidate: Scenario, original: Scenario): Scenario {
  validateScenario(JSON.parse(JSON.stringify(candidate)), `${original.name} (shrunk)`);
  return candidate;
}
