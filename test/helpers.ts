/** Small builders shared by the tests: a world with lockdep, and programs as generator bodies. */
import { DEFAULT_KERNEL, type KernelConfig, createLocking, type Locking } from '../src/locks/locking.js';
import { lockClass } from '../src/locks/lock-class.js';
import { RwSemaphore } from '../src/locks/rwsem.js';
import type { ContextKind } from '../src/sim/context.js';
import type { Sim } from '../src/sim/sim.js';
import type { Strategy } from '../src/sim/strategy.js';
import { randomStrategy } from '../src/sim/strategies/random.js';
import type { Verdict } from '../src/sim/verdict.js';

export function world(strategy: Strategy = randomStrategy(1), stepLimit?: number, kernel: Partial<KernelConfig> = {}): Locking {
  const config = { ...DEFAULT_KERNEL, ...kernel };
  return createLocking(stepLimit === undefined ? { strategy, kernel: config } : { strategy, stepLimit, kernel: config });
}

export function rwsem(l: Locking, name = 'sem', cls = name): RwSemaphore {
  return new RwSemaphore(l.lockdep, name, lockClass(cls));
}

export function spawn(l: Locking, name: string, body: () => Sim<unknown>, kind: ContextKind = 'process'): void {
  l.sim.spawn(kind, name, body());
}

export function subkinds(verdicts: readonly Verdict[]): string[] {
  return verdicts.map((v) => (v.subkind ? `${v.kind}:${v.subkind}` : v.kind));
}

/** The context named `name` (contexts are looked up by name in tests). */
export function ctxNamed(l: Locking, name: string) {
  const ctx = l.sim.contexts.find((c) => c.name === name);
  if (!ctx) throw new Error(`no context ${name}`);
  return ctx;
}

/**
 * Lets `name` perform its next action: a context that has not started yet first runs to its
 * first scheduling point, then the action between that yield and the next one executes.
 */
export function act(l: Locking, name: string): void {
  const ctx = ctxNamed(l, name);
  if (ctx.next === 'start') l.sim.stepContext(ctx);
  l.sim.stepContext(ctx);
}
