/**
 * The playground's panels as HTML strings, from a session's state: one column per live context
 * with its kernel function and its choice button, every lock (holders, mode, queue, handoff),
 * each file (i_size, i_dio_count, extents), the device's blocks and their owners, the I/O in
 * flight, and the verdicts. Pure functions: the page puts them in place, the tests read them.
 *
 * Test hooks (a contract for scripts): a choice button has `data-ctx="<context name>"` (and
 * `data-ctx-id`), the step number is in `[data-step]`, a verdict is `[data-verdict="<kind>"]`.
 */
import { describeEvent } from '../report/event-log.js';
import { plain } from '../report/colour.js';
import { criticalSteps } from '../report/critical-steps.js';
import { schemeNamed } from '../fs-impls/schemes.js';
import type { Context } from '../sim/context.js';
import { taskName } from '../sim/context.js';
import type { Verdict } from '../sim/verdict.js';
import { verdictLabel } from '../sim/verdict-label.js';
import type { GoalStatus } from './goal.js';
import type { Level } from './levels.js';
import { lockBoard } from './lock-board.js';
import type { SessionState } from './session.js';

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const us = (ns: number): string => `${(ns / 1000).toFixed(1)} µs`;

/** What a context does next, in kernel terms. */
function doing(c: Context, now: number): string {
  if (c.state === 'blocked') return `waits: ${c.blockedOn?.describeWait(c) ?? '?'}`;
  const label = c.next === 'start' ? (c.kind === 'process' ? 'start' : c.kind === 'irq' ? 'bio completion interrupt' : 'work item') : c.next;
  return c.state === 'sleeping' && c.wakeAt > now ? `${label} (at ${us(c.wakeAt)})` : label;
}

/** Hint results by context id: how many continuations violated, and with what. */
export type Hints = ReadonlyMap<number, { readonly found: number; readonly tries: number; readonly kinds: readonly string[] }>;

/** One column per live context; the enabled ones carry a numbered choice button (keys 1–9). */
export function renderContexts(s: SessionState, hints: Hints | null, goalKinds: readonly string[]): string {
  const { sim } = s.view.world;
  const enabled = s.view.enabled;
  const live = sim.contexts.filter((c) => c.state !== 'done');
  const cards = live.map((c) => {
    const n = enabled.indexOf(c);
    const held = c.held.map((h) => `${esc(h.lock.name)} <b>${h.mode}</b>`).join('<br>') || '—';
    const blockers = c.state === 'blocked' ? (c.blockedOn?.blockers(c) ?? []) : [];
    const hint = hints?.get(c.id);
    const leads = hint ? hint.kinds.filter((k) => goalKinds.length === 0 || goalKinds.some((g) => k === g || k.startsWith(`${g}/`))) : [];
    const hintHtml = hint
      ? `<div class="hint ${leads.length ? 'leads' : 'safe'}">${leads.length ? `⚠ ${hint.found}/${hint.tries} continuations end in ${esc(leads.join(', '))}` : `✓ no ${goalKinds.length ? 'goal verdict' : 'violation'} in ${hint.tries} tries`}</div>`
      : '';
    const button =
      n >= 0
        ? `<button class="choice" data-ctx="${esc(c.name)}" data-ctx-id="${c.id}"${leads.length ? ` data-hint-leads="${esc(leads.join(' '))}"` : ''} title="key ${n + 1}"><kbd>${n + 1}</kbd> run ${esc(taskName(c))}</button>`
        : '';
    return `<div class="ctx" data-state="${c.state}" data-kind="${c.kind}">
<h3>${esc(taskName(c))} <small>${c.kind}</small></h3>
<div class="where">${c.syscall ? `in <code>${esc(c.syscall)}()</code>` : c.kind === 'process' ? 'user space' : c.kind === 'irq' ? 'hard irq' : 'kworker'}</div>
<div class="next"><span class="label">next</span> <code>${esc(doing(c, sim.now))}</code></div>
${blockers.length ? `<div class="blockers">held by ${esc(blockers.join(', '))}</div>` : ''}
<div class="held"><span class="label">holds</span> ${held}</div>
${button}${hintHtml}</div>`;
  });
  const done = sim.contexts.length - live.length;
  return `${cards.join('')}${done ? `<div class="ctx done-count">${done} context${done === 1 ? '' : 's'} finished</div>` : ''}`;
}

/** Every lock the trace has named: holders with their mode, the wait queue in order, the handoff bit. */
export function renderLocks(s: SessionState): string {
  const board = lockBoard(s.events);
  if (board.length === 0) return '<p class="quiet">no lock taken yet</p>';
  const who = (id: number): string => esc(s.names.get(id) ?? `context ${id}`);
  const rows = board.map((l) => {
    const holders = l.holders.map((h) => {
      const by = h.abandoned ? `abandoned by ${who(h.ctx)}` : h.inFlight ? `the I/O in flight (handed off by ${who(h.ctx)})` : who(h.ctx);
      return `<li class="hold ${h.mode}"><span class="mode">${h.mode === 'write' ? '■ write' : '▲ read'}</span> ${by}</li>`;
    });
    const queue = l.waiters.map((w) => `<li class="wait ${w.mode}">${who(w.ctx)} <span class="mode">(${w.mode})</span></li>`);
    const state = l.holders.length === 0 ? 'free' : l.holders.some((h) => h.mode === 'write') ? 'write-held' : 'read-held';
    return `<div class="lock" data-lock="${esc(l.name)}" data-lock-state="${state}">
<h4>${esc(l.name)} <span class="state ${state}">${state}</span>${l.handoff ? ' <span class="handoff">handoff bit set</span>' : ''}</h4>
<div class="holders"><span class="label">held by</span>${holders.length ? `<ul>${holders.join('')}</ul>` : ' nobody'}</div>
<div class="queue"><span class="label">wait queue</span>${queue.length ? `<ol>${queue.join('')}</ol>` : ' empty'}</div></div>`;
  });
  return rows.join('');
}

/** Each file: i_size, i_dio_count and what it counts, the extent map. */
export function renderFiles(s: SessionState): string {
  const inodes = s.view.world.sb.inodes;
  if (inodes.length === 0) return '<p class="quiet">no files</p>';
  return inodes
    .map((i) => {
      const extents = [...i.extents.entries()].map(
        ([fb, e]) => `<li>file block ${fb} → block ${e.block}${e.state === 'unwritten' ? ' <i>unwritten</i>' : ''}</li>`,
      );
      return `<div class="file" data-ino="${i.ino}">
<h4>${esc(i.path)} <small>ino ${i.ino}${i.state !== 'live' ? `, ${i.state}` : ''}${i.nlink === 0 ? ', unlinked' : ''}</small></h4>
<div><span class="label">i_size</span> <b data-isize="${i.ino}">${i.i_size}</b></div>
<div><span class="label">i_dio_count</span> <b data-diocount="${i.ino}">${i.i_dio.count}</b>${i.i_dio.inFlight.length ? ` <small>${esc(i.i_dio.inFlight.join(', '))}</small>` : ''}</div>
<div><span class="label">extents</span>${extents.length ? `<ul class="extents">${extents.join('')}</ul>` : ' none (a hole)'}</div></div>`;
    })
    .join('');
}

/** The device's blocks: owner (inode, file block) and the byte they hold, so a late write shows in someone else's block. */
export function renderBlocks(s: SessionState): string {
  const { sb } = s.view.world;
  const byte = Buffer.alloc(1);
  const cells = Array.from({ length: sb.alloc.blocks }, (_, b) => {
    const o = sb.alloc.ownerOf(b);
    sb.dev.readInto(b, 0, 1, byte, 0);
    const c = byte[0]!;
    const data = c === 0 ? '·' : String.fromCharCode(c);
    const cls = o ? `owned ino-${o.ino % 4}` : 'free';
    return `<div class="block ${cls}" data-block="${b}" title="block ${b}: ${o ? `ino ${o.ino} file block ${o.fileBlock}` : 'free'}; first byte '${esc(data)}'"><span class="n">${b}</span><span class="data">${esc(data)}</span><span class="own">${o ? `${o.ino}:${o.fileBlock}` : 'free'}</span></div>`;
  });
  return `<div class="blocks">${cells.join('')}</div>`;
}

/** Bios submitted and not completed yet, from the trace. */
export function renderIo(s: SessionState): string {
  const inFlight = new Map<number, string>();
  for (const e of s.events) {
    if (e.type !== 'bio') continue;
    if (e.op === 'submit') inFlight.set(e.id, `bio #${e.id}: ${e.dir} ${e.length} B at block ${e.block}${e.offset ? `+${e.offset}` : ''} for ${e.by}`);
    else inFlight.delete(e.id);
  }
  return inFlight.size ? `<ul>${[...inFlight.values()].map((t) => `<li>${esc(t)}</li>`).join('')}</ul>` : '<p class="quiet">none</p>';
}

function verdictHtml(v: Verdict): string {
  const splat = typeof v.details.splat === 'string' ? `<details><summary>the splat</summary><pre>${esc(v.details.splat)}</pre></details>` : '';
  return `<div class="verdict" data-verdict="${v.kind}"${v.subkind ? ` data-subkind="${v.subkind}"` : ''}><b>${esc(verdictLabel(v))}</b> ${esc(v.message)}${splat}</div>`;
}

export function renderVerdicts(s: SessionState): string {
  const over = s.view.finished ? `<p class="over">The run is over (${s.view.finished.result.outcome}).</p>` : '';
  return `${s.verdicts.length ? s.verdicts.map(verdictHtml).join('') : '<p class="quiet">no verdict yet</p>'}${over}`;
}

/** Numbered critical steps: the few events that explain `status`'s evidence (critical-steps.ts for verdicts). */
function criticalList(s: SessionState, evidence: readonly number[], verdicts: readonly Verdict[]): string {
  const picked = new Set<number>(evidence);
  for (const v of verdicts) if (v.at >= 0 && v.at < s.events.length) for (const i of criticalSteps(s.events, v.at, 8)) picked.add(i);
  const items = [...picked]
    .sort((a, b) => a - b)
    .map((i) => {
      const text = describeEvent(s.events[i]!, s.names, plain) ?? s.events[i]!.type;
      return `<li data-event="${i}"><code>${us(s.events[i]!.t)}</code> ${esc(text)}</li>`;
    });
  return items.length ? `<ol class="critical">${items.join('')}</ol>` : '';
}

/** A proof's outcome from the exhaustive search, for a `prove` level's win screen. */
export interface ProofResult {
  readonly complete: boolean;
  readonly executions: number;
  readonly pruned: number;
  readonly bound: number;
  readonly violations: readonly string[];
  readonly token: string | null;
}

/** The win screen: what happened, the critical steps, why it matters, and the kernel's fix. */
export function renderWin(level: Level, status: GoalStatus, s: SessionState, proof: ProofResult | null): string {
  const evidence = status.state === 'won' || status.state === 'proving' ? status.evidence : [];
  const verdicts = status.state === 'won' ? status.verdicts : [];
  const scheme = schemeNamed(level.fs);
  const found = level.goal.kind === 'prove' && verdicts.length > 0;
  const proofHtml =
    proof && !found
      ? `<p class="proof">Exhaustive search: every interleaving with at most ${proof.bound} preemption${proof.bound === 1 ? '' : 's'} — ${proof.executions} executions run, ${proof.pruned} pruned as equivalent — and none of them ${level.goal.kind === 'prove' ? `ends in ${esc(level.goal.forbidden.join(', '))}` : 'violates'}.</p>`
      : '';
  const fix =
    level.fix && scheme?.history
      ? `<div class="fix"><h4>The kernel's fix</h4><p>${esc(level.fix)}</p><p>Commit: <code>${esc(scheme.history)}</code></p></div>`
      : '';
  return `<h2>${found ? 'A counterexample!' : 'Level won'}: ${esc(level.title)}</h2>
${found ? '<p>You found an order in which the scheme damages data: that is a bug in aiosim or in the scheme. Please report the token below.</p>' : ''}
<p>${esc(level.explain)}</p>${proofHtml}
${verdicts.map(verdictHtml).join('')}
<h4>Critical steps</h4>${criticalList(s, evidence, verdicts)}
${fix}
<p class="token">${s.view.finished ? 'Replay' : 'Continue in a terminal'}: <code>${s.view.finished ? `aiosim replay '${esc(s.view.token)}'` : `aiosim step ${esc(s.ref)} --schedule '${esc(s.view.token)}'`}</code>${level.exercise ? ` · workshop page docs/workshop/${esc(level.exercise)}.md` : ''}</p>`;
}
