import { describe, expect, test } from 'vitest';
import { catalog, loadScenario } from '../../src/scenario/catalog.js';
import { replayRun } from '../../src/explore/explore.js';
import { parseToken } from '../../src/explore/replay-token.js';
import { runScenario } from '../../src/scenario/runner.js';
import { randomStrategy } from '../../src/sim/strategies/random.js';
import { timelineModel } from '../../src/report/timeline-model.js';
import { renderTimelineSvg } from '../../src/report/timeline-svg.js';

// explore truncate-vs-aio-write --fs bug-truncate-nowait: truncate runs down_write ... up_write in one turn.
const TOKEN = 'truncate-vs-aio-write@bug-truncate-nowait@1.~P10.i4@h1.a802c3cd.e609a241';

function truncateRun() {
  const t = parseToken(TOKEN);
  return replayRun(loadScenario(t.scenario), t.fs, t.schedule);
}

describe('the timeline model', () => {
  test("truncate's exclusive hold of i_rwsem (ino 12), begun and ended within one turn, is a hold of its own", () => {
    const run = truncateRun();
    const m = timelineModel(run.events, { groupInterrupts: true });
    const admin = m.lanes.find((l) => l.name === 'admin/2')!;
    const hold = m.holds.find((h) => h.lock === 'i_rwsem (ino 12)' && h.mode === 'write');
    expect(hold).toMatchObject({ lane: admin.id });
    expect(m.columnOf(hold!.from)).toBe(m.columnOf(hold!.to));
    // No column snapshot sees it: that is why the holds are kept beside the columns.
    expect(m.columns.some((c) => c.locks.get('i_rwsem (ino 12)')?.writer)).toBe(false);
    expect(m.dioNames).toEqual(['i_dio_count (ino 12)', 'i_dio_count (ino 13)']);
    expect(m.inodes).toEqual([12, 13]);
    expect(m.columns.map((c) => c.sizes.get(12))).toContain(4096);
  });

  test('every hold any lock op began is in `holds`, and the lock lane names holders and the queue in order', () => {
    for (const scenario of catalog()) {
      for (const fs of ['hold', 'diocount']) {
        const run = runScenario(scenario, { strategy: randomStrategy(3), fs });
        const m = timelineModel(run.events, { groupInterrupts: true });
        const began = run.events.filter((e) => e.type === 'lock' && ['acquire', 'steal', 'handoff-enter', 'handoff-exit', 'downgrade'].includes(e.op)).length;
        expect([scenario.name, fs, m.holds.length]).toEqual([scenario.name, fs, began]);
        for (const h of m.holds) expect(h.to).toBeGreaterThanOrEqual(h.from);
        for (const c of m.columns)
          for (const [, l] of c.locks) {
            expect(l.queue.length).toBe(l.waiters);
            if (l.writer && !l.readers) expect(l.holders.length).toBeLessThanOrEqual(1);
          }
      }
    }
  });

  test('the SVG draws that hold as a diamond in the lock lane and in the holder lane, on both axes, with a viewBox and no fixed size', () => {
    const m = timelineModel(truncateRun().events, { groupInterrupts: true });
    for (const axis of ['turn', 'time'] as const) {
      const svg = renderTimelineSvg(m, { axis, steps: new Map([[19, { n: 1, text: 'admin takes it' }]]), id: 'x' });
      expect(svg).toMatch(
        /<g class="lock" data-lock="i_rwsem \(ino 12\)">.*class="hold instant in-lock" data-lock="i_rwsem \(ino 12\)" data-holder="admin\/2" data-mode="write"/,
      );
      expect(svg).toMatch(
        /<g class="lane" data-lane="admin\/2">.*class="hold instant in-lane" data-lock="i_rwsem \(ino 12\)" data-holder="admin\/2" data-mode="write"/,
      );
      expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 [\d.]+ \d+"/);
      expect(svg).not.toMatch(/^<svg [^>]*\swidth=/);
      expect(svg).toContain('<a href="#ev-19" class="critical" data-step="1" data-event="19">');
      expect(svg).toMatch(/class="isize-label" data-ino="12"[^>]*>4096</);
      expect(svg).toContain('<g class="dio" data-dio="i_dio_count (ino 12)">');
    }
  });
});
