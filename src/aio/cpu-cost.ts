/**
 * CPU costs of the timed performance model (scenario `cpu:`, `aiosim bench --cpu-*`): virtual
 * time a context spends per bio submitted, per lockdep hand-off and per completion.
 */
import type { Sim } from '../sim/sim.js';
import type { Simulator } from '../sim/simulator.js';

/** CPU time the model charges, in virtual µs (all 0 unless the scenario sets them). */
export interface CpuCosts {
  readonly submit: number;
  readonly handoff: number;
  readonly completion: number;
}

export const NO_CPU_COST: CpuCosts = { submit: 0, handoff: 0, completion: 0 };

/**
 * Spends `us` of virtual CPU time in the current context (a scheduling point). CPUs are not a
 * contended resource in the model: every context has its own, so this only lengthens what the
 * context holds meanwhile — which is what lock hold times are about.
 */
export function* cpu(sim: Simulator, us: number, what: string): Sim<void> {
  if (us <= 0) return;
  sim.sleepFor(us * 1000);
  yield what;
}
