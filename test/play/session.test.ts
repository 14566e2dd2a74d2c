import { describe, expect, test } from 'vitest';
import { loadScenario } from '../../src/scenario/catalog.js';
import { levelNamed } from '../../src/play/levels.js';
import { renderContexts, renderFiles, renderLocks, renderVerdicts } from '../../src/play/render.js';
import { type PlayScenario, Session, type SessionState, formatFragment, parseFragment } from '../../src/play/session.js';

const TOKEN = 'truncate-vs-aio-write@bug-truncate-nowait@1.110001T7~h0P800V400zb2~60wd00V100O811.e2';
const play = (name: string): PlayScenario => ({ ref: name, scenario: loadScenario(name) });

/** Everything the page draws from a state, as text. */
const screen = (s: SessionState): string =>
  [s.step, s.narration.join('\n'), renderContexts(s, null, []), renderLocks(s), renderFiles(s), renderVerdicts(s), s.view.token].join('\n');

describe('session', () => {
  test('the address fragment carries the token, the step and the level, and reads back', () => {
    const f = { token: TOKEN, step: 17, level: 'missed-drain' };
    expect(formatFragment(f)).toBe(`#${TOKEN}&step=17&level=missed-drain`);
    expect(parseFragment(formatFragment(f))).toEqual(f);
    expect(parseFragment(`#${TOKEN}`)).toEqual({ token: TOKEN, step: null, level: null });
    expect(parseFragment('#level=dio-drain')).toEqual({ token: null, step: null, level: 'dio-drain' });
  });

  test('undo returns exactly the state before the step', () => {
    const s = new Session(play('truncate-vs-aio-write'), 'bug-truncate-nowait', levelNamed('missed-drain')!);
    for (const id of [2, 2, 1, 1, 1]) s.choose(id);
    const before = screen(s.state());
    s.choose(2);
    expect(screen(s.state())).not.toBe(before);
    s.undo();
    expect(screen(s.state())).toBe(before);
  });

  test('a link to step N shows what stepping to N showed, and redo plays the rest of the linked run', () => {
    const full = Session.fromToken(play('truncate-vs-aio-write'), TOKEN, null);
    const fragment = parseFragment(`#${TOKEN}&step=17`);
    const at17 = Session.fromToken(play('truncate-vs-aio-write'), fragment.token!, fragment.step);
    expect(at17.state().step).toBe(17);
    expect(at17.state().narration).toEqual(full.state().narration.slice(0, 17));
    // The page's links carry the token bound to the scenario and scheme (replay-token.ts): same run, plus its hashes.
    expect(at17.fragment()).toMatch(new RegExp(`^#${TOKEN.replace(/[.~]/g, '\\$&')}@h1\\.[0-9a-f]{8}\\.[0-9a-f]{8}&step=17$`));
    while (at17.redo());
    expect(screen(at17.state())).toBe(screen(full.state()));
  });

  test('run to end finishes as the timed strategy would, and its steps can be undone', () => {
    const s = new Session(play('truncate-vs-aio-write'), 'diocount');
    s.choose(2);
    const one = screen(s.state());
    s.runToEnd();
    expect(s.state().view.finished?.result.outcome).toBe('completed');
    while (s.steps > 1) s.undo();
    expect(screen(s.state())).toBe(one);
  });

  test('a token for another scenario is refused with a clear message', () => {
    expect(() => Session.fromToken(play('extend-then-stat'), TOKEN, null)).toThrow(/the token is for scenario truncate-vs-aio-write, not extend-then-stat/);
  });
});
