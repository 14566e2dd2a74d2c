/**
 * The two kinds of failure aiosim distinguishes (style guide: "one error type for users").
 *
 * - UserError: bad input from a person — a scenario field, a CLI flag, a schedule string that
 *   does not fit, an API misused by a script. The CLI prints its one-line message and exits 2.
 * - InvariantError: the simulator itself is wrong. It is a bug in aiosim and says so.
 */
export class UserError extends Error {
    name = 'UserError';
}
export class InvariantError extends Error {
    name = 'InvariantError';
    constructor(message) {
        super(`internal invariant broken (a bug in aiosim): ${message}`);
    }
}
export function invariant(condition, message) {
    if (!condition)
        throw new InvariantError(message);
}
