/**
 * The playground page: one self-contained HTML file. It holds the bundled simulator and app
 * (`bundle`, built by scripts/build-play.mjs), the scenarios as data (validated by the CLI, so the
 * page parses no YAML), and the stylesheet. Nothing is fetched: it opens from file://.
 */
import type { PlayScenario } from './session.js';
import { STYLE } from './style.js';

export interface PageData {
  readonly scenarios: readonly PlayScenario[];
  /** What `aiosim play <scenario> --fs <scheme>` asked to open; null: the levels. */
  readonly start: { readonly ref: string; readonly fs: string } | null;
}

export function playPage(bundle: string, data: PageData): string {
  // In JSON, `<` only occurs inside strings, where \u003c is the same character.
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  // In the bundle, "</script" can only be inside a string, a template or a regular expression, where "<\/script" means the same.
  const code = bundle.replace(/<\/(script)/gi, '<\\/$1');
  // "<!--" would change how the HTML parser reads the rest of the script; esbuild's output has none.
  if (code.includes('<!--')) throw new Error('the playground bundle contains "<!--": it cannot be inlined in a <script> element');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>aiosim playground</title>
<style>${STYLE}</style></head>
<body>
<header id="top"><h1>aiosim playground</h1>
<label>scenario <select id="pick-scenario"></select></label>
<label>scheme <select id="pick-fs"></select></label>
<span class="spacer"></span>
<button id="projector" aria-pressed="false" title="projector mode (p)">Projector</button>
<button id="help-button" title="keys (?)">Keys</button></header>
<div id="help" hidden><h3>Keys</h3><ul>
<li><kbd>1</kbd>–<kbd>9</kbd> run that choice</li><li><kbd>u</kbd> or <kbd>←</kbd> undo · <kbd>r</kbd> or <kbd>→</kbd> redo</li>
<li><kbd>e</kbd> run to the end (timed) · <kbd>0</kbd> back to step 0</li><li><kbd>h</kbd> hint: which choices can lead to a violation</li>
<li><kbd>p</kbd> projector mode · <kbd>Esc</kbd> close</li></ul>
<p>The address is the replay token: share it to show this step. Progress stays in this browser (localStorage); nothing leaves the machine.</p>
<button id="forget">Forget the levels won</button></div>
<div id="app"><nav id="levels" aria-label="levels"></nav>
<main id="play">
<section id="goal"></section>
<div id="narration" aria-live="polite"><span class="stepno">step <span data-step>0</span></span><span class="line"></span></div>
<div id="controls">
<button id="undo" title="u">Undo</button><button id="redo" title="r">Redo</button><button id="restart" title="0">Step 0</button>
<button id="run-to-end" title="e">Run to end</button><button id="hint" title="h">Hint</button>
<span class="info" id="info"></span></div>
<div id="error" role="alert"></div>
<div id="stage"><section class="panel" id="contexts-panel"><h3>Contexts</h3><div id="contexts"></div></section>
<div><section class="panel" id="locks" data-panel="locks"><h3>Locks</h3><div class="body"></div></section>
<section class="panel" id="files"><h3>Files</h3><div class="body"></div></section></div></div>
<div id="lower"><section class="panel" id="io"><h3>I/O in flight</h3><div class="body"></div></section>
<section class="panel" id="verdicts"><h3>Verdicts</h3><div class="body"></div></section>
<section class="panel" id="blocks"><h3>Device blocks (owner ino:file block, first byte)</h3><div class="body"></div></section></div>
<section class="panel" id="timeline"><h3>Timeline</h3><div id="timeline-host"></div></section>
<section class="panel" id="log"><h3>Narration</h3><ol></ol></section>
<section class="panel" id="link"><h3>Share</h3><input id="share" readonly aria-label="link to this step"></section>
</main></div>
<section id="win" hidden><div class="card"><div class="body"></div><div class="buttons"><button id="next-level">Next level</button><button id="keep-playing">Keep playing</button></div></div></section>
<noscript>The playground needs JavaScript.</noscript>
<script type="application/json" id="aiosim-data">${json}</script>
<script id="aiosim-app">${code}</script>
</body></html>
`;
}
