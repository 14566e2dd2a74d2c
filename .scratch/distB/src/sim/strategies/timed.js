/**
 * `timed`: virtual time decides. The context that can run earliest goes next (runnable ones
 * at `now`, sleepers at their wakeAt); ties — several runnable at once, two I/Os completing
 * in the same nanosecond — are broken by the seeded PRNG. This is the strategy of `aiosim run`
 * and of performance modelling: it shows what usually happens, not what can happen.
 */
import { Prng } from '../prng.js';
import { readyAt } from '../strategy.js';
export function timedStrategy(seed) {
    const prng = new Prng(seed);
    const earliest = [];
    return {
        name: 'timed',
        pickContext(enabled, now) {
            let best = Infinity;
            earliest.length = 0;
            for (let i = 0; i < enabled.length; i++) {
                const t = readyAt(enabled[i], now);
                if (t < best) {
                    best = t;
                    earliest.length = 0;
                }
                if (t === best)
                    earliest.push(i);
            }
            return earliest[prng.int(0, earliest.length - 1)];
        },
        sample: (min, max) => prng.int(min, max),
    };
}
