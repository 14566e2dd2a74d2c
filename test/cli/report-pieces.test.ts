import { describe, expect, test } from 'vitest';
import { catalog } from '../../src/scenario/catalog.js';
import { runScenario } from '../../src/scenario/runner.js';
import { validateScenario } from '../../src/scenario/validate.js';
import { randomStrategy } from '../../src/sim/strategies/random.js';
import { timelineModel } from '../../src/report/timeline-model.js';
import { toPerfetto } from '../../src/report/perfetto.js';
import { renderHtmlReport } from '../../src/report/html.js';
import type { TraceEvent } from '../../src/scenario/trace-event.js';
import { workersFor } from '../../src/explore/parallel.js';
import { timelineSize } from '../../cli/timeline-size.js';
import { jsonChunks } from '../../cli/json-chunks.js';

describe('the pieces that keep reports bounded', () => {
  test('timelineSize counts the lanes and turns timelineModel makes, for every catalog scenario under hold and hold-naive', () => {
    for (const scenario of catalog()) {
      for (const fs of ['hold', 'hold-naive']) {
        const run = runScenario(scenario, { strategy: randomStrategy(3), fs });
        const model = timelineModel(run.events, { groupInterrupts: true });
        expect([scenario.name, fs, timelineSize(run.events)]).toEqual([scenario.name, fs, { lanes: model.lanes.length, turns: model.columns.length }]);
      }
    }
  });

  test('jsonChunks gives the bytes of JSON.stringify, in pieces (a trace of 2,000+ events, and edge cases)', () => {
    const base = catalog().find((s) => s.name === 'mixed-aio-workload')!;
    const longer = {
      ...base,
      tasks: base.tasks.map((t) => ({ ...t, ops: Array.from({ length: 40 }, () => t.ops.map(({ id: _id, after: _after, ...op }) => op)).flat() })),
    };
    const scenario = validateScenario(JSON.parse(JSON.stringify(longer)), 'longer.yaml');
    const run = runScenario(scenario, { strategy: randomStrategy(1) });
    const perfetto = toPerfetto(run.events, { scenario: 'longer', fs: 'diocount', schedule: 'x' });
    expect(perfetto.traceEvents.length).toBeGreaterThan(2000);
    const pieces = [...jsonChunks(perfetto)];
    expect(pieces.length).toBeGreaterThan(5);
    expect(pieces.join('')).toBe(JSON.stringify(perfetto));
    for (const value of [{}, { a: [] }, { a: [undefined, 1], b: undefined, c: 'x' }, { n: null, o: { p: [1] } }])
      expect([...jsonChunks(value)].join('')).toBe(JSON.stringify(value));
  });

  test('the HTML report of a 150,000-turn trace renders (its i_size scale spread one argument per turn: a stack overflow past ~120,000)', () => {
    const events: TraceEvent[] = [
      { t: 0, ctx: 1, type: 'ctx-start', name: 'a', kind: 'process' },
      { t: 0, ctx: 2, type: 'ctx-start', name: 'b', kind: 'process' },
      { t: 0, ctx: 1, type: 'i_size', ino: 1, size: 4096, old: 0 },
    ];
    for (let i = 0; i < 150_000; i++) events.push({ t: i * 10, ctx: 1 + (i % 2), type: 'switch' });
    expect(timelineSize(events).turns).toBeGreaterThan(149_000);
    const html = renderHtmlReport({ scenario: 's', title: 't', fs: 'diocount', strategy: 'timed', summary: '', events, verdicts: [], replay: 'r' });
    expect(html).toContain('class="isize"');
  });

  test('workersFor: at most one thread per core and one per 500 executions, at least one', () => {
    expect(workersFor(256, 1000, 2)).toBe(2);
    expect(workersFor(256, 100_000, 8)).toBe(8);
    expect(workersFor(8, 1200, 16)).toBe(3);
    expect(workersFor(4, 300, 8)).toBe(1);
    expect(workersFor(1, 100_000, 8)).toBe(1);
  });
});
