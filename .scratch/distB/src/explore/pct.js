/**
 * PCT — Probabilistic Concurrency Testing (Burckhardt, Kothari, Musuvathi, Nagarakatte,
 * ASPLOS 2010). Every context gets a random priority when it is created; the enabled context
 * with the highest priority always runs; at d−1 randomly chosen steps the running context's
 * priority drops below every initial one. A bug of depth d (d ordering constraints) is found
 * with probability at least 1/(n·k^(d−1)) per execution, for n contexts and k steps — far better
 * than a random walk for bugs that need a few specific preemptions.
 *
 * Adaptation: enabled contexts include sleepers (time is ignored, as in `random`), so an I/O
 * completion is a context like any other; `k` is the expected number of choice points, which
 * the explorer learns from earlier executions.
 */
import { Prng } from '../sim/prng.js';
export function pctStrategy(seed, depth, expectedSteps) {
    const prng = new Prng(seed);
    const priority = new Map();
    const changePoints = new Map(); // step → new (low) priority
    for (let i = 1; i < depth; i++)
        changePoints.set(prng.int(1, Math.max(1, expectedSteps)), depth - i);
    let step = 0;
    return {
        name: `pct(d=${depth})`,
        pickContext(enabled) {
            step++;
            let best = 0;
            let bestPriority = -Infinity;
            for (let i = 0; i < enabled.length; i++) {
                const id = enabled[i].id;
                let p = priority.get(id);
                if (p === undefined)
                    priority.set(id, (p = depth + prng.int(0, 1 << 30)));
                if (p > bestPriority) {
                    bestPriority = p;
                    best = i;
                }
            }
            const drop = changePoints.get(step);
            if (drop !== undefined)
                priority.set(enabled[best].id, drop);
            return best;
        },
        sample: (min, max) => prng.int(min, max),
    };
}
