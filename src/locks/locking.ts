/** A simulator with lockdep attached: the smallest world in which locks can be used. */
import { Simulator, type SimulatorOptions } from '../sim/simulator.js';
import { Lockdep } from './lockdep.js';

export interface Locking {
  readonly sim: Simulator;
  readonly lockdep: Lockdep;
}

export function createLocking(options: SimulatorOptions & { lockdep?: boolean }): Locking {
  const sim = new Simulator(options);
  const lockdep = new Lockdep(sim);
  lockdep.enabled = options.lockdep ?? true;
  return { sim, lockdep };
}
