/**
 * The sampling strategies of an exploration and the strategy of each execution. Execution `i`
 * depends only on (strategy, seed, i, expectedSteps, depth), so that shards on worker threads
 * compute exactly what one thread would. `dfs` is not here: it is a search, not a sampler
 * (dfs.ts), and the type system keeps it out — `strategyFor('dfs', …)` does not compile.
 */
import type { Strategy } from '../sim/strategy.js';
import { randomStrategy } from '../sim/strategies/random.js';
import { timedStrategy } from '../sim/strategies/timed.js';
import { pctStrategy } from './pct.js';

/** The strategies that draw each execution at random from a seed (`--strategy`, without dfs). */
export const SAMPLING_STRATEGIES = ['portfolio', 'random', 'timed', 'pct'] as const;
export type SamplingStrategy = (typeof SAMPLING_STRATEGIES)[number];

/**
 * The portfolio's cycle: random finds races inside CPU windows, timed finds orders of I/O
 * completions, PCT finds bugs that need a few specific preemptions (docs/exploration.md).
 */
const PORTFOLIO = ['random', 'timed', 'pct2', 'pct3'] as const;
type Member = (typeof PORTFOLIO)[number] | Exclude<SamplingStrategy, 'portfolio'>;

/**
 * The strategy of execution `i`. `expectedSteps` is PCT's k (explore.ts learns it once per
 * exploration); `depth` is PCT's d for `--strategy pct`.
 */
export function strategyFor(strategy: SamplingStrategy, seed: number, i: number, expectedSteps = 100, depth = 3): Strategy {
  const s = (seed + i) >>> 0;
  const member: Member = strategy === 'portfolio' ? PORTFOLIO[i % PORTFOLIO.length]! : strategy;
  switch (member) {
    case 'random':
      return randomStrategy(s);
    case 'timed':
      return timedStrategy(s);
    case 'pct2':
      return pctStrategy(s, 2, expectedSteps);
    case 'pct3':
      return pctStrategy(s, 3, expectedSteps);
    case 'pct':
      return pctStrategy(s, depth, expectedSteps);
    default:
      return unreachable(member);
  }
}

function unreachable(x: never): never {
  throw new Error(`unknown sampling strategy ${String(x)}`);
}
