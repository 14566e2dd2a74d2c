/** A simulator with lockdep attached: the smallest world in which locks can be used. */
import { Simulator } from '../sim/simulator.js';
import { Lockdep } from './lockdep.js';
export function createLocking(options) {
    const sim = new Simulator(options);
    const lockdep = new Lockdep(sim);
    lockdep.enabled = options.lockdep ?? true;
    return { sim, lockdep };
}
