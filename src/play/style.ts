/**
 * The playground's stylesheet. System fonts only (nothing is fetched). Colour is never the only
 * cue: modes are written out and carry shapes (■ write, ▲ read); text colours keep WCAG AA
 * contrast (4.5:1) on their backgrounds. Projector mode enlarges the type, drops the side bar
 * and the story, and puts the narration first in black on white.
 */
export const STYLE = `
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.4 system-ui, sans-serif; color: #1a1a1a; background: #f6f7f9; }
code, kbd, pre { font: 0.92em ui-monospace, SFMono-Regular, Menlo, monospace; }
button, select { font: inherit; }
button { cursor: pointer; border: 1px solid #5b6573; background: #fff; color: #1a1a1a; border-radius: 4px; padding: 3px 9px; }
button:hover:not(:disabled) { background: #e8eef7; }
button:disabled { color: #6b6b6b; border-color: #c4c4c4; cursor: default; }
button:focus-visible, select:focus-visible { outline: 3px solid #1f5fbf; outline-offset: 1px; }
kbd { border: 1px solid #8a8f98; border-bottom-width: 2px; border-radius: 3px; padding: 0 4px; background: #fff; color: #1a1a1a; }
h1, h2, h3, h4 { margin: 0; }
.label { color: #4a4f57; font-size: 0.85em; text-transform: uppercase; letter-spacing: 0.03em; margin-right: 4px; }
.quiet { color: #4a4f57; margin: 2px 0; }
#top { display: flex; align-items: center; gap: 14px; padding: 6px 12px; background: #1d2733; color: #fff; flex-wrap: wrap; }
#top h1 { font-size: 17px; }
#top label { display: flex; gap: 6px; align-items: center; font-size: 14px; }
#top select { max-width: 260px; }
#top .spacer { flex: 1; }
#app { display: grid; grid-template-columns: 230px minmax(0, 1fr); min-height: calc(100vh - 44px); }
#levels { border-right: 1px solid #cfd4da; background: #fff; padding: 8px; overflow-y: auto; max-height: calc(100vh - 44px); position: sticky; top: 0; }
#levels h2 { font-size: 13px; text-transform: uppercase; color: #4a4f57; margin: 10px 0 4px; }
#levels ol { list-style: none; padding: 0; margin: 0; }
#levels li button { width: 100%; text-align: left; border: 0; border-radius: 3px; padding: 3px 6px; font-size: 13.5px; }
#levels li button[aria-current="true"] { background: #dbe7f8; font-weight: 600; }
#levels .won::before { content: "✓ "; color: #1e6b2e; font-weight: 700; }
#play { padding: 8px 14px 40px; min-width: 0; }
#goal { background: #fff; border: 1px solid #cfd4da; border-radius: 6px; padding: 6px 10px; margin-bottom: 6px; }
#goal h2 { font-size: 16px; }
#goal .story { color: #33373d; margin: 2px 0; }
#goal .task { font-weight: 600; margin: 2px 0; }
#goal .status { margin-top: 2px; }
#goal .status.won { color: #1e6b2e; font-weight: 700; }
#goal .status.failed { color: #9c1f17; font-weight: 600; }
#goal .status.proving { color: #6a4a00; font-weight: 600; }
#narration { display: flex; gap: 10px; align-items: baseline; background: #fff8db; border: 1px solid #d9c36a; border-left: 6px solid #8a6d00; border-radius: 4px; padding: 5px 10px; margin-bottom: 6px; font-size: 16px; }
#narration .stepno { font-weight: 700; white-space: nowrap; }
#narration .line { min-width: 0; overflow-wrap: anywhere; }
#controls { display: flex; gap: 6px; flex-wrap: wrap; align-items: center; margin-bottom: 8px; }
#controls .info { color: #4a4f57; font-size: 13px; }
#error:not(:empty) { background: #fde7e5; color: #7a1610; border: 1px solid #c94a40; padding: 4px 8px; border-radius: 4px; margin-bottom: 6px; }
#stage { display: grid; grid-template-columns: minmax(0, 3fr) minmax(280px, 2fr); gap: 10px; align-items: start; }
.panel { background: #fff; border: 1px solid #cfd4da; border-radius: 6px; padding: 6px 10px; margin-bottom: 10px; min-width: 0; }
.panel > h3 { font-size: 14px; text-transform: uppercase; letter-spacing: 0.03em; color: #33373d; margin-bottom: 4px; }
#contexts { display: flex; flex-wrap: wrap; gap: 8px; }
.ctx { flex: 0 1 212px; min-width: 170px; background: #fff; border: 1px solid #cfd4da; border-top: 5px solid #5b6573; border-radius: 6px; padding: 5px 8px; font-size: 13.5px; }
.ctx[data-kind="irq"] { border-top-color: #8a5a00; }
.ctx[data-kind="worker"] { border-top-color: #5a3d91; }
.ctx[data-state="blocked"] { background: #fbf3dc; }
.ctx h3 { font-size: 14px; } .ctx h3 small { font-weight: 400; color: #4a4f57; }
.ctx .next code { font-weight: 600; overflow-wrap: anywhere; }
.ctx .blockers { color: #6a4a00; }
.ctx .choice { display: block; width: 100%; margin-top: 5px; font-weight: 600; border-width: 2px; border-color: #1f5fbf; color: #123d7a; }
.ctx .choice[data-hint-leads] { border-color: #9c1f17; color: #7a1610; }
.ctx .hint { font-size: 12.5px; margin-top: 3px; } .hint.leads { color: #7a1610; font-weight: 600; } .hint.safe { color: #1e6b2e; }
.done-count { border-style: dashed; color: #4a4f57; display: flex; align-items: center; justify-content: center; }
.lock { border-top: 1px solid #e3e6ea; padding: 4px 0; } .lock:first-of-type { border-top: 0; }
.lock h4 { font-size: 14px; }
.lock ul, .lock ol { margin: 0; padding-left: 22px; }
.state { font-size: 12px; padding: 0 5px; border-radius: 3px; border: 1px solid; font-weight: 600; }
.state.free { color: #33373d; border-color: #8a8f98; } .state.read-held { color: #1e6b2e; border-color: #1e6b2e; } .state.write-held { color: #9c1f17; border-color: #9c1f17; }
.hold.write .mode { color: #9c1f17; font-weight: 700; } .hold.read .mode { color: #1e6b2e; font-weight: 700; }
.handoff { font-size: 12px; color: #6a4a00; font-weight: 600; }
.file { border-top: 1px solid #e3e6ea; padding: 4px 0; } .file:first-of-type { border-top: 0; }
.file h4 { font-size: 14px; } .extents { margin: 0; padding-left: 20px; font-size: 13px; }
.blocks { display: flex; flex-wrap: wrap; gap: 3px; }
.block { width: 46px; border: 1px solid #8a8f98; border-radius: 3px; text-align: center; font: 11px/1.2 ui-monospace, monospace; padding: 1px 0; background: #fff; }
.block .n { display: block; color: #4a4f57; } .block .data { display: block; font-size: 15px; font-weight: 700; } .block .own { display: block; }
.block.free { border-style: dashed; color: #4a4f57; }
.block.ino-0 { background: #e3eefb; } .block.ino-1 { background: #fdf0d8; } .block.ino-2 { background: #eee5fa; } .block.ino-3 { background: #dff3ef; }
#lower { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr) minmax(0, 1.3fr); gap: 10px; }
.verdict { border-left: 4px solid #8a2270; background: #fbf1f8; padding: 3px 8px; margin: 4px 0; overflow-wrap: anywhere; }
.verdict pre { white-space: pre-wrap; font-size: 12px; background: #fff; padding: 4px; }
.over { font-weight: 600; }
#log ol { font-size: 13px; margin: 4px 0; padding-left: 36px; max-height: 280px; overflow-y: auto; }
#log li.current { background: #fff8db; }
#timeline-host { overflow-x: auto; }
#win { position: fixed; inset: 0; background: rgba(20, 24, 30, 0.55); display: flex; align-items: center; justify-content: center; z-index: 10; }
#win[hidden] { display: none; }
#win .card { background: #fff; max-width: 860px; max-height: 90vh; overflow-y: auto; border-radius: 8px; padding: 16px 20px; border-top: 8px solid #1e6b2e; }
#win h2 { font-size: 20px; color: #1e6b2e; margin-bottom: 6px; }
#win .critical li { margin: 2px 0; } #win .fix { background: #eef5ee; padding: 4px 10px; border-radius: 4px; margin: 8px 0; }
#win .buttons { display: flex; gap: 8px; margin-top: 10px; }
#help { position: fixed; right: 16px; top: 52px; background: #fff; border: 1px solid #5b6573; border-radius: 6px; padding: 8px 14px; z-index: 9; max-width: 420px; box-shadow: 0 4px 14px rgba(0,0,0,0.2); }
#help[hidden] { display: none; }
#share { width: 100%; font: 12px ui-monospace, monospace; }
body.projector { font-size: 21px; background: #fff; color: #000; }
body.projector #app { grid-template-columns: minmax(0, 1fr); }
body.projector #levels, body.projector #goal .story, body.projector #lower, body.projector #log { display: none; }
body.projector #narration { font-size: 27px; font-weight: 600; background: #fff; border: 3px solid #000; border-left-width: 12px; color: #000; }
body.projector .ctx { flex-basis: 300px; font-size: 19px; border-color: #000; }
body.projector .ctx h3, body.projector .lock h4 { font-size: 21px; }
body.projector .panel { border-color: #000; }
body.projector .label, body.projector .quiet, body.projector .ctx h3 small { color: #222; }
body.projector #stage { grid-template-columns: minmax(0, 3fr) minmax(340px, 2fr); }
`;
