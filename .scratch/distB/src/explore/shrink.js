import { judgeScenario } from '../scenario/runner.js';
import { encodeSchedule } from '../sim/schedule.js';
import { replayStrategy } from '../sim/strategies/replay.js';
export const SHRINK_ATTEMPTS = 300;
export function shrinkSchedule(scenario, fs, choices, verdict, stepLimit) {
    let attempts = 0;
    const sameKind = (v) => v.kind === verdict.kind && v.subkind === verdict.subkind;
    const evaluate = (candidate) => {
        attempts++;
        const run = judgeScenario(scenario, { strategy: replayStrategy(candidate, { lenient: true }), fs, trace: false, stepLimit });
        return { ok: run.result.verdicts.some(sameKind), full: [...run.sim.choices], switches: run.sim.switches };
    };
    const original = evaluate(choices);
    let current = [...choices];
    let best = original;
    if (original.ok) {
        let lo = 0;
        let hi = current.length;
        while (lo < hi && attempts < SHRINK_ATTEMPTS) {
            const mid = (lo + hi) >> 1;
            const r = evaluate(current.slice(0, mid));
            if (r.ok)
                (hi = mid), (best = r);
            else
                lo = mid + 1;
        }
        current = current.slice(0, hi);
        for (let i = current.length - 1; i >= 0 && attempts < SHRINK_ATTEMPTS; i--) {
            const candidate = [...current.slice(0, i), ...current.slice(i + 1)];
            const r = evaluate(candidate);
            if (r.ok && r.switches <= best.switches) {
                current = candidate;
                best = r;
            }
        }
        best = evaluate(current);
    }
    return {
        schedule: encodeSchedule(best.ok ? best.full : original.full),
        before: { choices: choices.length, switches: original.switches },
        after: best.ok ? { choices: current.length, switches: best.switches } : { choices: choices.length, switches: original.switches },
        attempts,
    };
}
