/**
 * What `aiosim replay` takes: everything needed to re-run one execution exactly —
 * `<scenario>@<scheme>@<schedule string>`, e.g.
 * `truncate-vs-aio-write@bug-truncate-nowait@1.0120~k0.3g`. The scenario is a built-in name or
 * a file path (relative paths resolve from where you run aiosim).
 */
import { UserError } from '../sim/errors.js';
import { decodeSchedule } from '../sim/schedule.js';
export function formatToken(t) {
    return `${t.scenario}@${t.fs}@${t.schedule}`;
}
export function parseToken(text) {
    const parts = text.trim().split('@');
    if (parts.length < 3)
        throw new UserError(`schedule: expected "<scenario>@<scheme>@<choices>" as printed by run or explore, got "${text.length > 60 ? `${text.slice(0, 57)}...` : text}"`);
    const schedule = parts.pop();
    const fs = parts.pop();
    decodeSchedule(schedule); // validates, with a clear error if damaged
    return { scenario: parts.join('@'), fs, schedule };
}
