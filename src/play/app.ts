/**
 * The playground page's controller: reads the data `aiosim play` embedded, opens a level (or a
 * scenario for free play, or the token in the address), and redraws every panel after each
 * step from the session's state. Hints and proofs go to a web worker started from the page's own
 * script; the address fragment follows every step; progress and the projector setting are kept
 * in localStorage. Nothing is fetched and nothing leaves the machine.
 */
import { SCHEMES } from '../fs-impls/schemes.js';
import { parseToken } from '../explore/replay-token.js';
import { renderHtmlReport } from '../report/html.js';
import type { GoalStatus } from './goal.js';
import { LEVELS, type Level } from './levels.js';
import type { PageData } from './page.js';
import { type Hints, type ProofResult, esc, renderBlocks, renderContexts, renderFiles, renderIo, renderLocks, renderVerdicts, renderWin } from './render.js';
import { type PlayScenario, Session, type SessionState, parseFragment } from './session.js';
import { type WorkerReply, type WorkerRequest, type WorkerTask, answer } from './worker.js';

const STORE = 'aiosim-playground';
const HINT_TRIES = 100;
const PROOF_BUDGET = 200_000;

interface Progress {
  won: Record<string, { steps: number; token: string }>;
  projector: boolean;
}

function loadProgress(): Progress {
  try {
    const p = JSON.parse(localStorage.getItem(STORE) ?? '{}') as Partial<Progress>;
    return { won: p.won ?? {}, projector: p.projector ?? false };
  } catch {
    return { won: {}, projector: false }; // storage refused (some file:// settings) or damaged: start afresh
  }
}

function saveProgress(p: Progress): void {
  try {
    localStorage.setItem(STORE, JSON.stringify(p));
  } catch {
    // Storage refused: progress lasts as long as the page.
  }
}

const $ = <T extends Element = HTMLElement>(sel: string): T => {
  const el = document.querySelector<T>(sel);
  if (!el) throw new Error(`the page has no ${sel}`);
  return el;
};

/** A proof search under way or done, per level. */
type Proof = { readonly running: true; executions: number } | { readonly running: false; readonly result: ProofResult };

export class App {
  private session: Session | null = null;
  private level: Level | null = null;
  private hints: { token: string; map: Hints } | null = null;
  private hintPending: string | null = null;
  private readonly proofs = new Map<string, Proof>();
  private readonly progress = loadProgress();
  private readonly levels: readonly Level[];
  /** One worker per kind of request, so a hint never waits behind a proof; null: the browser refused, requests run here. */
  private readonly workers = new Map<WorkerTask['kind'], Worker | null>();
  private nextId = 1;
  private readonly pending = new Map<number, (r: WorkerReply) => void>();
  /** The token whose win screen the player closed (it stays closed until the state changes). */
  private dismissed: string | null = null;
  private lastHash = '';

  constructor(private readonly data: PageData) {
    this.levels = LEVELS.filter((l) => data.scenarios.some((s) => s.ref === l.scenario));
  }

  start(): void {
    document.body.classList.toggle('projector', this.progress.projector);
    this.fillPickers();
    this.wire();
    if (!this.openFragment(location.hash)) {
      const start = this.data.start;
      if (start) this.openFree(start.ref, start.fs);
      else {
        const first = this.levels.find((l) => !this.progress.won[l.id]) ?? this.levels[0];
        if (first) this.openLevel(first);
        else if (this.data.scenarios[0]) this.openFree(this.data.scenarios[0].ref, this.data.scenarios[0].scenario.fs);
      }
    }
    this.render();
    performance.mark('aiosim-ready'); // the page is interactive (tests read it)
  }

  // ── opening things ─────────────────────────────────────────────────────────

  private scenario(ref: string): PlayScenario {
    const play = this.data.scenarios.find((s) => s.ref === ref);
    if (!play) throw new Error(`this page does not carry scenario ${ref} (it has ${this.data.scenarios.map((s) => s.ref).join(', ')})`);
    return play;
  }

  private reset(): void {
    this.hints = null;
    this.hintPending = null;
    this.dismissed = null;
  }

  openLevel(level: Level): void {
    this.reset();
    this.level = level;
    this.session = new Session(this.scenario(level.scenario), level.fs, level);
    this.startProof(level, true); // a prove level's search starts now, while the player plays
  }

  openFree(ref: string, fs: string): void {
    this.reset();
    this.level = null;
    this.session = new Session(this.scenario(ref), fs, null);
  }

  /** Opens what the address says (a token and step, a level); false when it says nothing. */
  private openFragment(hash: string): boolean {
    const f = parseFragment(hash);
    try {
      if (f.token) {
        const t = parseToken(f.token);
        const level = this.levels.find((l) => l.id === f.level && l.scenario === t.scenario && l.fs === t.fs) ?? null;
        this.reset();
        this.level = level;
        this.session = Session.fromToken(this.scenario(t.scenario), f.token, f.step, level);
        if (level) this.startProof(level, true);
        return true;
      }
      const level = this.levels.find((l) => l.id === f.level);
      if (level) this.openLevel(level);
      return level !== undefined;
    } catch (err) {
      this.showError(`cannot open the link: ${(err as Error).message}`);
      return false;
    }
  }

  // ── input ──────────────────────────────────────────────────────────────────

  private wire(): void {
    document.addEventListener('click', (e) => {
      const target = (e.target as Element).closest('button');
      if (!target) return;
      this.guard(() => this.click(target));
    });
    document.addEventListener('keydown', (e) => {
      if (e.ctrlKey || e.metaKey || e.altKey || (e.target as Element).closest('select, input, textarea')) return;
      this.guard(() => {
        if (this.key(e.key)) e.preventDefault();
      });
    });
    $<HTMLSelectElement>('#pick-scenario').addEventListener('change', (e) =>
      this.guard(() => {
        const ref = (e.target as HTMLSelectElement).value;
        this.openFree(ref, this.scenario(ref).scenario.fs);
        this.render();
      }),
    );
    $<HTMLSelectElement>('#pick-fs').addEventListener('change', (e) =>
      this.guard(() => {
        if (!this.session) return;
        this.openFree(this.session.play.ref, (e.target as HTMLSelectElement).value);
        this.render();
      }),
    );
    window.addEventListener('hashchange', () =>
      this.guard(() => {
        if (location.hash === this.lastHash) return;
        if (this.openFragment(location.hash)) this.render();
      }),
    );
  }

  private guard(f: () => void): void {
    try {
      $('#error').textContent = '';
      f();
    } catch (err) {
      this.showError((err as Error).message);
    }
  }

  private showError(message: string): void {
    $('#error').textContent = message;
  }

  private click(b: HTMLButtonElement): void {
    const ctx = b.dataset.ctxId;
    if (ctx !== undefined) {
      this.choose(Number(ctx));
      return;
    }
    const level = b.dataset.level;
    if (level !== undefined) {
      const l = this.levels.find((x) => x.id === level);
      if (l) this.openLevel(l);
      this.render();
      return;
    }
    const actions: Record<string, () => void> = {
      undo: () => this.session?.undo(),
      redo: () => this.session?.redo(),
      restart: () => this.session?.restart(),
      'run-to-end': () => this.session?.runToEnd(),
      hint: () => this.askHint(),
      projector: () => this.toggleProjector(),
      'help-button': () => {
        $('#help').hidden = !$('#help').hidden;
      },
      'keep-playing': () => {
        this.dismissed = this.session?.token() ?? null;
      },
      'next-level': () => this.nextLevel(),
      forget: () => {
        this.progress.won = {};
        saveProgress(this.progress);
      },
    };
    const act = actions[b.id];
    if (!act) return;
    act();
    this.render();
  }

  /** Keys: 1–9 choose, u/← undo, r/→ redo, 0 step 0, e run to end, h hint, p projector, ? help, Esc close. */
  private key(key: string): boolean {
    if (/^[1-9]$/.test(key)) {
      const ctx = this.session?.state().view.enabled[Number(key) - 1];
      if (ctx) this.choose(ctx.id);
      return true;
    }
    const map: Record<string, string> = {
      u: 'undo',
      ArrowLeft: 'undo',
      Backspace: 'undo',
      r: 'redo',
      ArrowRight: 'redo',
      '0': 'restart',
      e: 'run-to-end',
      h: 'hint',
      p: 'projector',
      '?': 'help-button',
    };
    if (key === 'Escape') {
      $('#help').hidden = true;
      if (!$('#win').hidden) this.dismissed = this.session?.token() ?? null;
      this.render();
      return true;
    }
    const id = map[key];
    if (!id) return false;
    const b = document.getElementById(id) as HTMLButtonElement | null;
    if (b && !b.disabled) this.click(b);
    return true;
  }

  private choose(id: number): void {
    if (!this.session) return;
    this.session.choose(id);
    this.render();
  }

  private toggleProjector(): void {
    this.progress.projector = !this.progress.projector;
    document.body.classList.toggle('projector', this.progress.projector);
    saveProgress(this.progress);
  }

  private nextLevel(): void {
    const i = this.level ? this.levels.indexOf(this.level) : -1;
    const next = this.levels.slice(i + 1).find((l) => !this.progress.won[l.id]) ?? this.levels[i + 1];
    if (next) this.openLevel(next);
    else this.dismissed = this.session?.token() ?? null;
  }

  // ── the worker ─────────────────────────────────────────────────────────────

  /** The page's own script, started as a worker from a Blob URL; null when the browser refuses (then requests run here). */
  private startWorker(kind: WorkerTask['kind']): Worker | null {
    if (this.workers.has(kind)) return this.workers.get(kind)!;
    let worker: Worker | null = null;
    try {
      const source = document.getElementById('aiosim-app')?.textContent ?? '';
      worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
      worker.onmessage = (e: MessageEvent<WorkerReply>) => this.reply(e.data);
    } catch {
      worker = null;
    }
    this.workers.set(kind, worker);
    return worker;
  }

  private request(req: WorkerTask, onReply: (r: WorkerReply) => void): void {
    const id = this.nextId++;
    const full = { ...req, id } as WorkerRequest;
    this.pending.set(id, onReply);
    const w = this.startWorker(req.kind);
    if (w) w.postMessage(full);
    else setTimeout(() => answer(full, (r) => this.reply(r)), 0); // no worker: the same engine, on this thread
  }

  private reply(r: WorkerReply): void {
    const on = this.pending.get(r.id);
    if (!on) return;
    if (r.kind !== 'progress') this.pending.delete(r.id);
    this.guard(() => on(r));
  }

  private askHint(): void {
    const s = this.session;
    if (!s || s.state().view.finished) return;
    const token = s.token();
    this.hintPending = token;
    this.request({ kind: 'hint', scenario: s.play.scenario, token, tries: HINT_TRIES }, (r) => {
      if (r.kind === 'error') throw new Error(`hint: ${r.message}`);
      if (r.kind !== 'hint') return;
      if (this.hintPending === token) this.hintPending = null;
      this.hints = { token, map: new Map(r.choices.map((c) => [c.ctx, c])) };
      this.render();
    });
  }

  /** `early`: before the player needs it, so only in a worker (on this thread it would freeze the page). */
  private startProof(level: Level, early = false): void {
    if (level.goal.kind !== 'prove' || this.proofs.has(level.id)) return;
    if (early && this.startWorker('prove') === null) return;
    const proof: Proof = { running: true, executions: 0 };
    this.proofs.set(level.id, proof);
    const play = this.scenario(level.scenario);
    this.request({ kind: 'prove', scenario: play.scenario, ref: play.ref, fs: level.fs, preemptions: level.goal.preemptions, budget: PROOF_BUDGET }, (r) => {
      if (r.kind === 'progress') {
        proof.executions = r.executions;
        const span = document.getElementById('proof-progress');
        if (span) span.textContent = String(r.executions); // a tick redraws only its number
        return;
      }
      if (r.kind === 'proof') this.proofs.set(level.id, { running: false, result: r.proof });
      else if (r.kind === 'error') {
        this.proofs.delete(level.id);
        throw new Error(`proof: ${r.message}`);
      }
      this.render();
    });
  }

  // ── drawing ────────────────────────────────────────────────────────────────

  private fillPickers(): void {
    $('#pick-scenario').innerHTML = this.data.scenarios.map((s) => `<option value="${esc(s.ref)}">${esc(s.ref)}</option>`).join('');
    const groups = ['correct', 'rfc', 'teaching', 'claim', 'bug'] as const;
    $('#pick-fs').innerHTML = groups
      .map(
        (g) =>
          `<optgroup label="${g}">${SCHEMES.filter((x) => x.kind === g)
            .map((x) => `<option value="${x.name}" title="${esc(x.summary)}">${x.name}</option>`)
            .join('')}</optgroup>`,
      )
      .join('');
  }

  /** Whether the level is won: the oracles said so, or (prove levels) the exhaustive search did. */
  private won(level: Level, goal: GoalStatus): ProofResult | 'won' | null {
    if (goal.state === 'won') return 'won';
    if (goal.state !== 'proving') return null;
    const proof = this.proofs.get(level.id);
    return proof && !proof.running && proof.result.complete && proof.result.violations.length === 0 ? proof.result : null;
  }

  render(): void {
    const s = this.session;
    if (!s) return;
    const st = s.state();
    const level = this.level;
    $<HTMLSelectElement>('#pick-scenario').value = s.play.ref;
    $<HTMLSelectElement>('#pick-fs').value = s.fs;
    $('#projector').setAttribute('aria-pressed', String(this.progress.projector));
    this.renderLevels();
    let won: ProofResult | 'won' | null = null;
    if (level && st.goal) {
      if (st.goal.state === 'proving') this.startProof(level);
      won = this.won(level, st.goal);
      if (won && !this.progress.won[level.id]) {
        this.progress.won[level.id] = { steps: st.step, token: st.view.token };
        saveProgress(this.progress);
        this.renderLevels();
      }
    }
    this.renderGoal(st, level, won);
    $('[data-step]').textContent = String(st.step);
    $('#narration .line').textContent = st.narration.at(-1) ?? `${s.play.ref} under ${s.fs}: choose which context runs first.`;
    this.renderControls(st);
    const hints = this.hints?.token === st.view.token ? this.hints.map : null;
    const goalKinds = level?.goal.kind === 'verdict' ? level.goal.verdicts.map((v) => (v.subkind ? `${v.kind}/${v.subkind}` : v.kind)) : [];
    $('#contexts').innerHTML = renderContexts(st, hints, goalKinds);
    $('#locks .body').innerHTML = renderLocks(st);
    $('#files .body').innerHTML = renderFiles(st);
    $('#io .body').innerHTML = renderIo(st);
    $('#verdicts .body').innerHTML = renderVerdicts(st);
    $('#blocks .body').innerHTML = renderBlocks(st);
    this.renderTimeline(s, st);
    $('#log ol').innerHTML = st.narration.map((n, k) => `<li${k === st.narration.length - 1 ? ' class="current"' : ''}>${esc(n)}</li>`).join('');
    this.renderWinScreen(st, level, won);
    const hash = s.fragment();
    if (hash !== location.hash) history.replaceState(null, '', hash);
    this.lastHash = hash;
    $<HTMLInputElement>('#share').value = location.href;
  }

  private renderLevels(): void {
    const tracks: Array<[string, string]> = [
      ['workshop', 'Workshop'],
      ['bugs', 'Historic bugs'],
      ['proofs', 'Prove it'],
      ['locks', 'Lock programs'],
    ];
    $('#levels').innerHTML = tracks
      .map(([track, title]) => {
        const items = this.levels.filter((l) => l.track === track);
        if (items.length === 0) return '';
        const lis = items.map(
          (l) =>
            `<li><button data-level="${esc(l.id)}" class="${this.progress.won[l.id] ? 'won' : ''}" aria-current="${l === this.level}">${esc(l.title)}</button></li>`,
        );
        return `<h2>${title}</h2><ol>${lis.join('')}</ol>`;
      })
      .join('');
  }

  private renderGoal(st: SessionState, level: Level | null, won: ProofResult | 'won' | null): void {
    const s = this.session!;
    if (!level || !st.goal) {
      $('#goal').innerHTML =
        `<h2>Free play: ${esc(s.play.scenario.title)}</h2><p class="story">${esc(s.play.ref)} under <b>${esc(s.fs)}</b>. Choose who runs next; the oracles watch every step.</p>`;
      return;
    }
    const g = st.goal;
    const proof = this.proofs.get(level.id);
    let status: string;
    if (won) status = `<div class="status won" data-won="${esc(level.id)}">✓ Level won in ${st.step} steps.</div>`;
    else if (g.state === 'proving')
      status = `<div class="status proving">Searching every interleaving with at most ${level.goal.kind === 'prove' ? level.goal.preemptions : 0} preemptions… ${proof?.running ? `<span id="proof-progress">${proof.executions}</span> executions` : proof && !proof.running ? `stopped: ${proof.result.violations.join(', ') || 'budget spent'}` : ''}</div>`;
    else if (g.state === 'failed') status = `<div class="status failed">Not this time: ${esc(g.why)}. Undo and try another order.</div>`;
    else {
      const searching = proof?.running ? ` (The exhaustive search runs meanwhile: <span id="proof-progress">${proof.executions}</span> executions.)` : '';
      const note = g.state === 'playing' && g.note ? esc(g.note) : `Goal not reached yet${this.progress.won[level.id] ? ' (won before)' : ''}.`;
      status = `<div class="status">${note}${searching}</div>`;
    }
    const goal = $('#goal');
    const tipOpen = goal.dataset.level === level.id && goal.querySelector('details')?.hasAttribute('open') ? ' open' : '';
    goal.dataset.level = level.id;
    $('#goal').innerHTML = `<h2>${esc(level.title)} <small>· ${esc(level.scenario)} under ${esc(level.fs)}</small></h2>
<p class="story">${esc(level.story)}</p><p class="task">Goal: ${esc(level.task)}</p>${status}
<details${tipOpen}><summary>tip</summary>${esc(level.tip)}</details>`;
  }

  private renderControls(st: SessionState): void {
    const over = st.view.finished !== null;
    ($('#undo') as HTMLButtonElement).disabled = st.step === 0;
    ($('#restart') as HTMLButtonElement).disabled = st.step === 0;
    ($('#redo') as HTMLButtonElement).disabled = st.redoable === 0;
    ($('#run-to-end') as HTMLButtonElement).disabled = over;
    ($('#hint') as HTMLButtonElement).disabled = over;
    const t = st.view.world.sim.now;
    $('#info').textContent =
      `${this.hintPending === st.view.token ? `hint: trying ${HINT_TRIES} continuations per choice… · ` : ''}t = ${(t / 1000).toFixed(1)} µs virtual · ${st.view.enabled.length} choice${st.view.enabled.length === 1 ? '' : 's'}${over ? ' · the run is over' : ''}`;
  }

  /** The HTML report's timeline (src/report/html.ts), in a shadow root so its stylesheet stays its own. */
  private renderTimeline(s: Session, st: SessionState): void {
    const html = renderHtmlReport({
      scenario: s.play.ref,
      title: s.play.scenario.title,
      fs: s.fs,
      strategy: 'playground',
      summary: `step ${st.step}`,
      events: st.events,
      verdicts: st.verdicts,
      replay: st.view.token,
    });
    const doc = new DOMParser().parseFromString(html, 'text/html');
    const section = doc.querySelector('#timeline') ?? doc.querySelector('svg');
    const host = $('#timeline-host');
    const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    root.innerHTML = `<style>${doc.querySelector('style')?.textContent ?? ''} h2 { display: none; }</style>${section?.innerHTML ?? ''}`;
  }

  private renderWinScreen(st: SessionState, level: Level | null, won: ProofResult | 'won' | null): void {
    const win = $('#win');
    const show = level !== null && st.goal !== null && won !== null && this.dismissed !== st.view.token;
    win.hidden = !show;
    if (show) {
      win.setAttribute('data-won', level.id);
      $('#win .body').innerHTML = renderWin(level, st.goal!, st, won === 'won' ? null : won);
    } else win.removeAttribute('data-won');
  }
}

/** For scripts and tests: the trace a token gives in this page, and its digest (sha-256, 16 hex digits, as test/golden prints). */
export function pageApi(data: PageData): Record<string, unknown> {
  const trace = (token: string): string => {
    const t = parseToken(token);
    const play = data.scenarios.find((s) => s.ref === t.scenario);
    if (!play) throw new Error(`no scenario ${t.scenario} in this page`);
    return Session.fromToken(play, token, null).state().view.world.sim.trace.serialize();
  };
  return {
    trace,
    async traceDigest(token: string): Promise<string> {
      const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(trace(token))));
      return [...bytes]
        .map((b) => b.toString(16).padStart(2, '0'))
        .join('')
        .slice(0, 16);
    },
  };
}
