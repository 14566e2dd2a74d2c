/**
 * The two kinds of failure aiosim distinguishes (style guide: "one error type for users").
 *
 * - UserError: bad input from a person — a scenario field, a CLI flag, a schedule string that
 *   does not fit, an API misused by a script. The CLI prints its one-line message and exits 2.
 * - InvariantError: the simulator itself is wrong. It is a bug in aiosim and says so.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}

export class InvariantError extends Error {
  override readonly name = 'InvariantError';
  constructor(message: string) {
    super(`internal invariant broken (a bug in aiosim): ${message}`);
  }
}

export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InvariantError(message);
}

/**
 * The `default` of an exhaustive switch: the compiler proves it unreachable, so adding a member
 * to the union (a trace event, a verdict kind) makes `tsc` name every switch that must handle it.
 */
export function unreachable(value: never, what: string): never {
  throw new InvariantError(`unhandled ${what}: ${JSON.stringify(value)}`);
}
