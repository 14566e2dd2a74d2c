import { describe, expect, test } from 'vitest';
import { loadScenario } from '../../src/scenario/catalog.js';
import { replayRun } from '../../src/explore/explore.js';
import { parseToken } from '../../src/explore/replay-token.js';
import { runScenario } from '../../src/scenario/runner.js';
import { timedStrategy } from '../../src/sim/strategies/timed.js';
import { plain } from '../../src/report/colour.js';
import { renderSwimlane } from '../../src/report/swimlane.js';
import { timelineModel } from '../../src/report/timeline-model.js';
import type { TraceEvent } from '../../src/scenario/trace-event.js';

const TOKEN = 'truncate-vs-aio-write@bug-truncate-nowait@1.~P10.i4@h1.a802c3cd.e609a241';
const truncate = () => {
  const t = parseToken(TOKEN);
  return replayRun(loadScenario(t.scenario), t.fs, t.schedule).events;
};
const row = (text: string, label: string) => text.split('\n').find((l) => l.startsWith(label))!;

describe('the terminal swimlane', () => {
  test("names each lock in its row and marks truncate's within-turn exclusive hold there and in admin's lane", () => {
    const text = renderSwimlane(truncate(), { chalk: plain, width: 80, groupInterrupts: true });
    expect(row(text, 'i_rwsem (ino 12)')).toMatch(/^i_rwsem \(ino 12\) +◇◆ *$/);
    expect(row(text, 'admin/2')).toContain('◆');
    expect(row(text, 'legend')).toContain('◆/◇ held within the turn');
  });

  test('a run wider than the terminal wraps into bands that start at turn 0 and fit the width', () => {
    const events = runScenario(loadScenario('mixed-aio-workload'), { strategy: timedStrategy(1), fs: 'diocount' }).events;
    const turns = timelineModel(events, { groupInterrupts: true }).columns.length;
    const text = renderSwimlane(events, { chalk: plain, width: 160, terminalWidth: 50, groupInterrupts: true });
    const lines = text.split('\n');
    const bands = lines.filter((l) => l.startsWith('band '));
    expect(bands[0]).toMatch(/^band 1\/\d+: turns 0–\d+ of \d+$/);
    expect(bands.at(-1)).toMatch(new RegExp(`turns \\d+–${turns - 1} of ${turns}$`));
    expect(lines.filter((l) => !l.startsWith('legend')).every((l) => [...l].length <= 50)).toBe(true);
    // Every turn is drawn once: the lane rows of all bands add up to the whole run.
    const cells = lines.filter((l) => l.startsWith('aligned/1')).reduce((n, l) => n + [...l].length - 'hardirq (bio completions) '.length, 0);
    expect(cells).toBe(turns);
  });

  test('a run of thousands of bands draws the first and last three and names the turns left out in one line', () => {
    const events: TraceEvent[] = [
      { t: 0, ctx: 1, type: 'ctx-start', name: 'a', kind: 'process' },
      { t: 0, ctx: 2, type: 'ctx-start', name: 'b', kind: 'process' },
    ];
    for (let i = 0; i < 2000; i++) events.push({ t: i * 10, ctx: 1 + (i % 2), type: 'switch' });
    const text = renderSwimlane(events, { chalk: plain, width: 10, groupInterrupts: true });
    const bands = text.split('\n').filter((l) => l.startsWith('band '));
    expect(bands).toHaveLength(6);
    expect(bands[0]).toMatch(/^band 1\/\d+: turns 0–9 of/);
    expect(text).toMatch(/\n… bands 4–\d+ left out \(turns 30–\d+\): --axis time --column-us <n> draws the whole run coarser, --html in full\n/);
  });

  test('--axis time: a column per µs bucket, headed by its time range; a within-turn hold is marked where its turn began', () => {
    const text = renderSwimlane(truncate(), { chalk: plain, width: 80, axis: 'time', columnUs: 5, groupInterrupts: true });
    expect(text.split('\n')[0]).toBe('0 µs–105 µs of 100 µs, 5 µs per column');
    expect(row(text, 'i_rwsem (ino 12)')).toMatch(/^i_rwsem \(ino 12\) +◆ *$/);
    expect(row(text, 'admin/2')).toMatch(/^admin\/2 +◆░{9}▓░{9}▓$/);
  });
});
