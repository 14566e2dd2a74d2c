/**
 * Simulator speed on whole scenarios: executions per second and scheduling steps per second
 * (random strategy, trace off, oracles on), as `aiosim explore` runs them.
 */
import { performance } from 'node:perf_hooks';
import { judgeScenario } from '../src/scenario/runner.js';
import { randomStrategy } from '../src/sim/strategies/random.js';
export function scenarioSpeed(scenario, executions, fs) {
    for (let i = 0; i < Math.min(50, executions); i++)
        judgeScenario(scenario, { strategy: randomStrategy(i), fs, trace: false }); // warm up
    let steps = 0;
    let contexts = 0;
    const start = performance.now();
    for (let i = 0; i < executions; i++) {
        const run = judgeScenario(scenario, { strategy: randomStrategy(1000 + i), fs, trace: false, stepLimit: 10_000_000 });
        steps += run.result.steps;
        contexts += run.sim.contexts.length;
    }
    const seconds = (performance.now() - start) / 1000;
    return { name: scenario.name, contexts: contexts / executions, stepsPerExecution: steps / executions, executionsPerSecond: executions / seconds, stepsPerSecond: steps / seconds };
}
