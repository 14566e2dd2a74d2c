/**
 * The run's only source of randomness: xoroshiro128+ from pure-rand, seeded by the user.
 * Nothing in the simulated world may use a platform random source; strategies draw from a Prng they own.
 */
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
export class Prng {
    seed;
    rng;
    constructor(seed) {
        this.seed = seed;
        this.rng = xoroshiro128plus(seed | 0);
    }
    /** Uniform integer in [min, max], both included. */
    int(min, max) {
        return min === max ? min : uniformInt(this.rng, min, max);
    }
}
