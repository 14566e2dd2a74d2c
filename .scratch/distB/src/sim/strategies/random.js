/**
 * `random`: every enabled action is equally likely, whatever its time (time only orders the
 * clock, not the choice). This is the uniform random walk fast-check's scheduler also does;
 * it is the baseline the explorer's smarter strategies are measured against.
 */
import { Prng } from '../prng.js';
export function randomStrategy(seed) {
    const prng = new Prng(seed);
    return {
        name: 'random',
        pickContext: (enabled) => prng.int(0, enabled.length - 1),
        sample: (min, max) => prng.int(min, max),
    };
}
