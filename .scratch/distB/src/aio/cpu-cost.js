export const NO_CPU_COST = { submit: 0, handoff: 0, completion: 0 };
/**
 * Spends `us` of virtual CPU time in the current context (a scheduling point). CPUs are not a
 * contended resource in the model: every context has its own, so this only lengthens what the
 * context holds meanwhile — which is what lock hold times are about.
 */
export function* cpu(sim, us, what) {
    if (us <= 0)
        return;
    sim.sleepFor(us * 1000);
    yield what;
}
