/**
 * A level's goal and how the oracles decide it. Goals are data (levels.ts), in three kinds:
 * - `verdict`: make the oracles report these verdicts (a bug level: "make w1's write land in
 *   another file's block" is a freed-block-write), optionally without some others by the end
 *   ("report ABBA without deadlocking");
 * - `reach`: make these events happen in this order (a lock state the lesson is about), and,
 *   when `clean`, finish the run with no verdict;
 * - `prove`: try the attack (`attempt`, events in order) and finish with none of the
 *   `forbidden` verdicts; the page then runs the bounded exhaustive search (dfs) and the level
 *   is won when it covers every interleaving within `preemptions` without one: "you can't".
 * Event patterns match a trace event's fields and, optionally, the context that emitted it and
 * the state its lock was in just before it (the lock board).
 */
import type { TraceEvent, TraceEventType } from '../scenario/trace-event.js';
import type { LockdepSubkind, Verdict, VerdictKind } from '../sim/verdict.js';
import { verdictLabel } from '../sim/verdict-label.js';
import { type LockMode, lockBoard } from './lock-board.js';

export interface VerdictPattern {
  readonly kind: VerdictKind;
  readonly subkind?: LockdepSubkind;
}

export interface EventPattern {
  /** The event's type and the fields that must be equal (e.g. `{ type: 'lock', op: 'contend', mode: 'write' }`). */
  readonly match: { readonly type: TraceEventType } & { readonly [field: string]: string | number | boolean };
  /** Name of the context that emitted it (a task's name, as in the scenario). */
  readonly by?: string;
  /** For lock events: the lock, just before the event, is held only in this mode, and someone queues in `queued` mode. */
  readonly lock?: { readonly heldBy?: LockMode; readonly queued?: LockMode };
}

export type Goal =
  | { readonly kind: 'verdict'; readonly verdicts: readonly VerdictPattern[]; readonly without?: readonly VerdictKind[] }
  | { readonly kind: 'reach'; readonly events: readonly EventPattern[]; readonly clean: boolean }
  | {
      readonly kind: 'prove';
      readonly forbidden: readonly VerdictKind[];
      readonly attempt: readonly EventPattern[];
      /** dfs preemption bound of the proof: small enough to finish in seconds in the page. */
      readonly preemptions: number;
    };

/**
 * Where a run stands against a goal. `proving`: a prove level's run did everything asked; the
 * exhaustive search decides. `failed`: this run cannot win any more (undo and try another order).
 * `evidence`: the trace events that show it (critical steps of the win screen).
 */
export type GoalStatus =
  | { readonly state: 'playing'; readonly note: string | null }
  | { readonly state: 'won'; readonly evidence: readonly number[]; readonly verdicts: readonly Verdict[] }
  | { readonly state: 'proving'; readonly evidence: readonly number[] }
  | { readonly state: 'failed'; readonly why: string; readonly verdicts: readonly Verdict[] };

export function verdictMatches(p: VerdictPattern, v: Verdict): boolean {
  return v.kind === p.kind && (p.subkind === undefined || v.subkind === p.subkind);
}

function eventMatches(p: EventPattern, events: readonly TraceEvent[], i: number, names: ReadonlyMap<number, string>): boolean {
  const e = events[i]!;
  const fields = e as unknown as Readonly<Record<string, unknown>>;
  for (const [k, v] of Object.entries(p.match)) if (fields[k] !== v) return false;
  if (p.by !== undefined && names.get(e.ctx) !== p.by) return false;
  if (p.lock && e.type === 'lock') {
    const l = lockBoard(events, i).find((x) => x.name === e.lock);
    const holders = l?.holders ?? [];
    if (p.lock.heldBy && (holders.length === 0 || holders.some((h) => h.mode !== p.lock!.heldBy))) return false;
    if (p.lock.queued && !(l?.waiters ?? []).some((w) => w.mode === p.lock!.queued && w.ctx !== e.ctx)) return false;
  } else if (p.lock) return false;
  return true;
}

/** Indexes of events matching `patterns` in order (each after the previous), or null. */
export function matchSequence(patterns: readonly EventPattern[], events: readonly TraceEvent[]): number[] | null {
  const names = new Map<number, string>();
  for (const e of events) if (e.type === 'ctx-start') names.set(e.ctx, e.name);
  const found: number[] = [];
  let i = 0;
  for (const p of patterns) {
    while (i < events.length && !eventMatches(p, events, i, names)) i++;
    if (i === events.length) return null;
    found.push(i++);
  }
  return found;
}

/**
 * The goal's status after some steps: `events` and `verdicts` so far, `finished` once the run is
 * over (the end-of-run oracles have spoken).
 */
export function goalStatus(goal: Goal, events: readonly TraceEvent[], verdicts: readonly Verdict[], finished: boolean): GoalStatus {
  const at = (vs: readonly Verdict[]): number[] => vs.map((v) => v.at).filter((i) => i >= 0);
  switch (goal.kind) {
    case 'verdict': {
      const hit = goal.verdicts.map((p) => verdicts.find((v) => verdictMatches(p, v)));
      const missing = goal.verdicts.filter((_, k) => !hit[k]);
      const spoilers = verdicts.filter((v) => goal.without?.includes(v.kind));
      if (spoilers.length > 0) return { state: 'failed', why: `the run ended in ${spoilers.map(verdictLabel).join(', ')}`, verdicts };
      const got = hit.filter((v): v is Verdict => v !== undefined);
      if (missing.length === 0) {
        if (goal.without && !finished) return { state: 'playing', note: `found; now finish the run without ${goal.without.join(', ')}` };
        return { state: 'won', evidence: at(got), verdicts: got };
      }
      if (finished) return { state: 'failed', why: `the run ended without ${missing.map(verdictLabel).join(', ')}`, verdicts };
      return { state: 'playing', note: got.length ? `${got.length} of ${goal.verdicts.length} found` : null };
    }
    case 'reach': {
      const found = matchSequence(goal.events, events);
      if (found && goal.clean && verdicts.length > 0) return { state: 'failed', why: `a verdict: ${verdicts.map(verdictLabel).join(', ')}`, verdicts };
      if (found && (!goal.clean || finished)) return { state: 'won', evidence: found, verdicts: [] };
      if (found) return { state: 'playing', note: 'there it is; now finish the run' };
      if (finished) return { state: 'failed', why: 'the run ended before that happened', verdicts };
      return { state: 'playing', note: null };
    }
    case 'prove': {
      const bad = verdicts.filter((v) => goal.forbidden.includes(v.kind));
      if (bad.length > 0) return { state: 'won', evidence: at(bad), verdicts: bad }; // a counterexample: better than a proof
      if (!finished) return { state: 'playing', note: matchSequence(goal.attempt, events) ? 'attack under way; finish the run' : null };
      const found = matchSequence(goal.attempt, events);
      if (!found) return { state: 'failed', why: 'the run ended without the attack: undo and try it', verdicts };
      return { state: 'proving', evidence: found };
    }
  }
}
