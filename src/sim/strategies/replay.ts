/**
 * `replay`: answers every question from a recorded choice list (a decoded schedule string).
 *
 * Strict replay (the default, for users) refuses a choice that does not fit — the schedule
 * belongs to another scenario — and a list that runs out. Lenient replay (for the shrinker,
 * which edits schedules) wraps out-of-range choices and, when the list is exhausted, takes the
 * context that ran last if it can go on (no context switch; else the first enabled) and the
 * minimum of every sample: the "no more preemptions" default that loom and CHESS also use.
 */
import { UserError } from '../errors.js';
import type { Strategy } from '../strategy.js';

/**
 * A strict replay asked for choice `at` of a schedule that has only `at`: the schedule belongs
 * to another scenario or scheme, or stops mid-run (a session saved while stepping).
 */
export class ScheduleExhausted extends UserError {
  /** What ran out, where: `schedule: ran out of choices at choice 7 (which context runs)`. */
  readonly summary: string;

  constructor(
    readonly at: number,
    readonly what: string,
  ) {
    const summary = `schedule: ran out of choices at choice ${at} (${what})`;
    super(`${summary}; it was recorded for another scenario or scheme`);
    this.summary = summary;
  }
}

export interface ReplayStrategy extends Strategy {
  /** How many recorded choices were consumed. */
  readonly consumed: number;
  /** Whether every recorded choice was consumed. */
  exhausted(): boolean;
}

export function replayStrategy(choices: readonly number[], options: { lenient?: boolean } = {}): ReplayStrategy {
  const lenient = options.lenient ?? false;
  let i = 0;
  const nextFor = (options: number, what: string): number | undefined => {
    if (i >= choices.length) {
      if (lenient) return undefined;
      throw new ScheduleExhausted(i, what);
    }
    const c = choices[i++]!;
    if (c < options) return c;
    if (lenient) return c % options;
    throw new UserError(`schedule: choice ${i - 1} is ${c} but only ${options} options exist (${what}); it was recorded for another scenario or scheme`);
  };
  return {
    name: 'replay',
    get consumed() {
      return i;
    },
    exhausted: () => i >= choices.length,
    pickContext: (enabled, _now, last) => nextFor(enabled.length, 'which context runs') ?? Math.max(0, last ? enabled.indexOf(last) : 0),
    sample: (min, max) => min + (nextFor(max - min + 1, 'a sampled latency') ?? 0),
  };
}
