import { describe, expect, test } from 'vitest';
import { Stepper } from '../../src/explore/stepper.js';
import { replayRun } from '../../src/explore/explore.js';
import { parseToken } from '../../src/explore/replay-token.js';
import { loadScenario } from '../../src/scenario/catalog.js';
import { decodeSchedule } from '../../src/sim/schedule.js';

/** Exercise 4's token: a run found by explore, with sampled latencies in its schedule. */
const TOKEN = 'truncate-vs-aio-write@bug-truncate-nowait@1.110001T7~h0P800V400zb2~60wd00V100O811.e2';

function resumed(token: string): Stepper {
  const t = parseToken(token);
  const s = new Stepper(loadScenario(t.scenario), t.scenario, t.fs);
  s.resume(decodeSchedule(t.schedule));
  return s;
}

describe('stepper', () => {
  test('a resumed schedule is the run it describes: same trace and token as aiosim replay, latencies included', () => {
    const t = parseToken(TOKEN);
    const replay = replayRun(loadScenario(t.scenario), t.fs, t.schedule);
    const v = resumed(TOKEN).view();
    // The stepper prints tokens bound to the scenario and scheme (replay-token.ts): the same run, plus its hashes.
    expect(v.token).toBe(`${TOKEN}@h1.a802c3cd.e609a241`);
    expect(v.world.sim.trace.serialize()).toBe(replay.sim.trace.serialize());
    expect(v.finished?.result.verdicts.map((x) => x.kind)).toEqual(['freed-block-write']);
  });

  test('the log says which context ran each step, what it ran, and where its events begin', () => {
    const v = resumed(TOKEN).view();
    expect(v.log).toHaveLength(v.world.sim.steps);
    expect(v.log[0]!.event).toBe(v.world.events.findIndex((e) => e.type === 'switch'));
    for (let k = 1; k < v.log.length; k++) expect(v.log[k]!.event).toBeGreaterThanOrEqual(v.log[k - 1]!.event);
    expect(v.log.some((r) => r.ctx.name === 'admin' && r.label === 'down_write')).toBe(true);
  });

  test('undo keeps a redo line: redo, or choosing its next context, walks it again with its recorded latencies', () => {
    const s = resumed(TOKEN);
    const end = s.view();
    const steps = s.steps;
    for (let k = 0; k < 10; k++) s.undo();
    expect(s.redoable).toBe(10);
    expect(s.lineToken()).toBe(`${TOKEN}@h1.a802c3cd.e609a241`);
    s.redo();
    const next = end.log[steps - 9]!.ctx.id;
    s.choose(next); // the redo line's own next step: the line stays
    expect(s.redoable).toBe(8);
    while (s.redo());
    expect(s.view().world.sim.trace.serialize()).toBe(end.world.sim.trace.serialize());
  });

  test('another choice drops the redo line', () => {
    const s = resumed(TOKEN);
    const line = s.view().log;
    s.undo();
    while (s.view().enabled.length < 2) s.undo();
    const redoNext = line[s.steps]!.ctx.id;
    const other = s.view().enabled.find((c) => c.id !== redoNext)!;
    s.choose(other.id);
    expect(s.redoable).toBe(0);
    expect(s.view().log.at(-1)!.ctx.id).toBe(other.id);
  });
});
