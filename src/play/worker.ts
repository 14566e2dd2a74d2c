/**
 * The exploration engine behind the page, run in a web worker so the page stays responsive:
 * - `hint`: which next choices can still lead to a violation — the stepper's hint (random and
 *   timed continuations after each enabled context) from the steps so far;
 * - `prove`: the bounded exhaustive search (dfs, iterative preemption bounding) of a "prove it
 *   can't happen" level, with progress.
 * The page starts the worker from its own script (a Blob URL, nothing fetched) and posts the
 * scenario with each request; `answer` is also what the page calls when no worker can start.
 */
import { explore } from '../explore/explore.js';
import { parseToken } from '../explore/replay-token.js';
import { Stepper } from '../explore/stepper.js';
import type { Scenario } from '../scenario/schema.js';
import { decodeSchedule } from '../sim/schedule.js';
import { verdictLabel } from '../sim/verdict-label.js';
import type { ProofResult } from './render.js';

export type WorkerRequest =
  | { readonly id: number; readonly kind: 'hint'; readonly scenario: Scenario; readonly token: string; readonly tries: number }
  | {
      readonly id: number;
      readonly kind: 'prove';
      readonly scenario: Scenario;
      readonly ref: string;
      readonly fs: string;
      readonly preemptions: number;
      readonly budget: number;
    };

/** A request before the page numbers it. */
export type WorkerTask = WorkerRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

export interface HintChoice {
  readonly ctx: number;
  readonly name: string;
  readonly found: number;
  readonly tries: number;
  readonly kinds: readonly string[];
}

export type WorkerReply =
  | { readonly id: number; readonly kind: 'hint'; readonly choices: readonly HintChoice[] }
  | { readonly id: number; readonly kind: 'progress'; readonly executions: number }
  | { readonly id: number; readonly kind: 'proof'; readonly proof: ProofResult }
  | { readonly id: number; readonly kind: 'error'; readonly message: string };

/** Answers one request; `post` receives progress replies, then the answer. */
export function answer(req: WorkerRequest, post: (r: WorkerReply) => void): void {
  try {
    if (req.kind === 'hint') {
      const t = parseToken(req.token);
      const stepper = new Stepper(req.scenario, t.scenario, t.fs);
      stepper.resume(decodeSchedule(t.schedule));
      const choices = stepper.hint(req.tries).map((h) => ({ ctx: h.context.id, name: h.context.name, found: h.found, tries: req.tries, kinds: h.kinds }));
      post({ id: req.id, kind: 'hint', choices });
      return;
    }
    let last = 0;
    const r = explore(req.scenario, {
      scenarioRef: req.ref,
      fs: req.fs,
      strategy: 'dfs',
      seed: 1,
      budget: req.budget,
      preemptions: req.preemptions,
      shrink: false,
      onProgress: (n) => {
        if (n - last >= 100) post({ id: req.id, kind: 'progress', executions: (last = n) });
      },
    });
    const dfs = r.dfs!;
    post({
      id: req.id,
      kind: 'proof',
      proof: {
        complete: dfs.complete,
        executions: dfs.executions,
        pruned: dfs.pruned,
        bound: dfs.bound,
        violations: r.violations.map(verdictLabel),
        token: r.violations.length ? r.schedule : null,
      },
    });
  } catch (err) {
    post({ id: req.id, kind: 'error', message: err instanceof Error ? err.message : String(err) });
  }
}

/** Inside the worker: answer every message. */
export function startWorker(scope: { onmessage: ((e: MessageEvent<WorkerRequest>) => void) | null; postMessage(r: WorkerReply): void }): void {
  scope.onmessage = (e) => answer(e.data, (r) => scope.postMessage(r));
}
