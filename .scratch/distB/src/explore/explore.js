import { judgeScenario, runScenario } from '../scenario/runner.js';
import { decodeSchedule, encodeSchedule } from '../sim/schedule.js';
import { randomStrategy } from '../sim/strategies/random.js';
import { replayStrategy } from '../sim/strategies/replay.js';
import { timedStrategy } from '../sim/strategies/timed.js';
import { formatToken } from './replay-token.js';
import { pctStrategy } from './pct.js';
import { shrinkSchedule } from './shrink.js';
export const EXPLORE_STRATEGIES = ['portfolio', 'random', 'timed', 'pct'];
/**
 * The strategy of execution `i`: deterministic in (strategy, seed, i, expectedSteps). The
 * portfolio cycles random, timed, PCT d=2 and PCT d=3: random finds races inside CPU windows,
 * timed finds orders of I/O completions, PCT finds bugs that need a few specific preemptions.
 */
export function strategyFor(strategy, seed, i, expectedSteps = 100, depth = 3) {
    const s = (seed + i) >>> 0;
    const kind = strategy === 'portfolio' ? ['random', 'timed', 'pct2', 'pct3'][i % 4] : strategy;
    if (kind === 'random')
        return randomStrategy(s);
    if (kind === 'timed')
        return timedStrategy(s);
    if (kind === 'pct2')
        return pctStrategy(s, 2, expectedSteps);
    if (kind === 'pct3')
        return pctStrategy(s, 3, expectedSteps);
    return pctStrategy(s, depth, expectedSteps);
}
/**
 * PCT's k, the expected number of choice points, learnt once per exploration from one timed
 * run — not from the previous execution — so that execution i depends only on (strategy, seed,
 * i) and shards on worker threads compute exactly what one worker would.
 */
export function expectedChoices(scenario, fs, seed, stepLimit) {
    return Math.max(10, judgeScenario(scenario, { strategy: timedStrategy(seed), fs, trace: false, stepLimit }).sim.choices.length);
}
/** Execution `i` of an exploration, trace off. */
export function execution(scenario, fs, options, i, k) {
    return judgeScenario(scenario, { strategy: strategyFor(options.strategy, options.seed, i, k, options.depth), fs, trace: false, stepLimit: options.stepLimit });
}
export function explore(scenario, options) {
    const fs = options.fs ?? scenario.fs;
    const k = expectedChoices(scenario, fs, options.seed, options.stepLimit);
    let last = null;
    for (let i = 0; i < options.budget; i++) {
        last = execution(scenario, fs, options, i, k);
        options.onProgress?.(i + 1);
        if (last.result.verdicts.length > 0)
            return violationFound(scenario, fs, options, i + 1, last.sim.choices, last.result.verdicts[0]);
    }
    return noViolation(scenario, fs, options, options.budget, last ? last.result.schedule : null);
}
/** The result for a violation found in execution `executions` (shrunk, then replayed with its trace). */
export function violationFound(scenario, fs, options, executions, choices, first) {
    const shrunk = options.shrink === false ? null : shrinkSchedule(scenario, fs, choices, first, options.stepLimit);
    const schedule = shrunk?.schedule ?? encodeSchedule(choices);
    const replayed = replayRun(scenario, fs, schedule, options.stepLimit);
    return {
        scenario: scenario.name, fs, strategy: options.strategy, seed: options.seed, executions,
        violations: replayed.result.verdicts, schedule: formatToken({ scenario: options.scenarioRef, fs, schedule }), run: replayed,
        shrink: shrunk ? { before: shrunk.before, after: shrunk.after, attempts: shrunk.attempts } : null,
    };
}
export function noViolation(scenario, fs, options, executions, lastSchedule) {
    return {
        scenario: scenario.name, fs, strategy: options.strategy, seed: options.seed, executions, violations: [],
        schedule: lastSchedule ? formatToken({ scenario: options.scenarioRef, fs, schedule: lastSchedule }) : '', run: null, shrink: null,
    };
}
/** Re-runs an execution from its schedule string, trace on. */
export function replayRun(scenario, fs, schedule, stepLimit) {
    return runScenario(scenario, { strategy: replayStrategy(decodeSchedule(schedule)), fs, trace: true, stepLimit });
}
