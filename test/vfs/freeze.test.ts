import { describe, expect, test } from 'vitest';
import { explore } from '../../src/explore/explore.js';
import { loadScenario } from '../../src/scenario/catalog.js';
import { runScenario } from '../../src/scenario/runner.js';
import { oneFileScenario, opOf } from '../scenario/one-file.js';
import { timedStrategy } from '../../src/sim/strategies/timed.js';
import { cleanSchemes } from '../../src/fs-impls/schemes.js';
import { EBUSY, EINVAL } from '../../src/vfs/kiocb.js';

const aioIntoHole = { op: 'aio_write', file: '/a', offset: 8192, length: 4096, fill: 'W', id: 'w1' };

describe('freeze protection', () => {
  test('freeze_super waits for an AIO write in flight: FIFREEZE returns only after its completion', () => {
    const s = oneFileScenario('freeze-waits', [
      { name: 'app', ops: [aioIntoHole, { op: 'wait' }] },
      {
        name: 'admin',
        ops: [
          { op: 'sleep', us: 10 },
          { op: 'freeze', id: 'f1' },
          { op: 'thaw', id: 't1' },
        ],
      },
    ]);
    const run = runScenario(s, { strategy: timedStrategy(1) });
    expect(run.result.verdicts).toEqual([]);
    expect(opOf(run, 'f1').result).toBe(0);
    // The freeze began while w1 was in flight (10 µs in, the device takes 500) and ended after it.
    expect(opOf(run, 'f1').startT).toBeLessThan(opOf(run, 'w1').endT);
    expect(opOf(run, 'f1').end).toBeGreaterThan(opOf(run, 'w1').end);
  });

  test('bug-aio-freeze: the same freeze returns while w1 is in flight, and its completion changes the frozen file system', () => {
    const s = oneFileScenario(
      'freeze-waits',
      [
        { name: 'app', ops: [aioIntoHole, { op: 'wait' }] },
        {
          name: 'admin',
          ops: [
            { op: 'sleep', us: 10 },
            { op: 'freeze', id: 'f1' },
            { op: 'sleep', us: 1000 },
            { op: 'thaw', id: 't1' },
          ],
        },
      ],
      'bug-aio-freeze',
    );
    const run = runScenario(s, { strategy: timedStrategy(1) });
    expect(opOf(run, 'f1').end).toBeLessThan(opOf(run, 'w1').end);
    expect(run.result.verdicts.map((v) => v.kind)).toContain('frozen-write');
  });

  test('a write, a truncate and a fallocate on a frozen file system sleep until the thaw', () => {
    const s = oneFileScenario('frozen-writers', [
      {
        name: 'admin',
        ops: [
          { op: 'freeze', id: 'f1' },
          { op: 'sleep', us: 1000 },
          { op: 'thaw', id: 't1' },
        ],
      },
      {
        name: 'app',
        ops: [
          { op: 'sleep', us: 10 },
          { op: 'write', file: '/a', offset: 0, length: 4096, fill: 'w', id: 'w' },
        ],
      },
      { name: 'aio', ops: [{ op: 'sleep', us: 15 }, { op: 'aio_write', file: '/a', offset: 4096, length: 4096, fill: 'x', id: 'aw' }, { op: 'wait' }] },
      {
        name: 'trunc',
        ops: [
          { op: 'sleep', us: 20 },
          { op: 'truncate', file: '/a', size: 4096, id: 'tr' },
        ],
      },
      {
        name: 'falloc',
        ops: [
          { op: 'sleep', us: 30 },
          { op: 'fallocate', file: '/a', mode: 'allocate', offset: 16384, length: 4096, id: 'fa' },
        ],
      },
    ]);
    const run = runScenario(s, { strategy: timedStrategy(1) });
    expect(run.result.outcome).toBe('completed');
    expect(run.result.verdicts).toEqual([]);
    const thawed = opOf(run, 't1').end;
    for (const id of ['w', 'aw', 'tr', 'fa']) {
      expect(opOf(run, id).startT, id).toBeLessThan(opOf(run, 't1').startT);
      expect(opOf(run, id).end, id).toBeGreaterThan(thawed);
    }
  });

  test('a freeze of a frozen file system is EBUSY, any task may thaw it, and a thaw of a thawed one is EINVAL', () => {
    const s = oneFileScenario('freeze-twice', [
      {
        name: 'admin',
        ops: [
          { op: 'freeze', id: 'f1' },
          { op: 'sleep', us: 100 },
          { op: 'thaw', id: 't1' },
        ],
      },
      {
        name: 'other',
        ops: [
          { op: 'sleep', us: 10 },
          { op: 'freeze', id: 'f2' },
          { op: 'thaw', id: 't2' },
        ],
      },
    ]);
    const run = runScenario(s, { strategy: timedStrategy(1) });
    expect(run.result.verdicts).toEqual([]);
    expect([opOf(run, 'f1').result, opOf(run, 'f2').result, opOf(run, 't2').result, opOf(run, 't1').result]).toEqual([0, EBUSY, 0, EINVAL]);
  });

  test('freeze-vs-aio-write: dfs bound 2 proves every correct and rfc scheme clean, and finds bug-aio-freeze', () => {
    const s = loadScenario('freeze-vs-aio-write');
    for (const { name: fs } of cleanSchemes()) {
      const r = explore(s, { scenarioRef: s.name, fs, strategy: 'dfs', seed: 1, budget: 100_000, preemptions: 2, shrink: false });
      expect({ fs, violations: r.violations, complete: r.dfs?.complete }).toEqual({ fs, violations: [], complete: true });
    }
    const bug = explore(s, { scenarioRef: s.name, fs: 'bug-aio-freeze', strategy: 'dfs', seed: 1, budget: 100_000, preemptions: 2, shrink: false });
    expect(bug.violations.map((v) => v.kind)).toContain('frozen-write');
  });
});

describe('scenario validation of freeze windows', () => {
  const bad = (ops: unknown[]) => () => oneFileScenario('bad', [{ name: 'admin', ops }]);
  test('a freeze without a thaw, a write inside the window, a second freeze, and after: inside it are one-line errors naming the op', () => {
    expect(bad([{ op: 'freeze' }])).toThrow(/tasks\[0\]\.ops\[0\]\.op.*must thaw it later/);
    expect(bad([{ op: 'freeze' }, { op: 'write', file: '/a', offset: 0, length: 4096, fill: 'x' }, { op: 'thaw' }])).toThrow(
      /tasks\[0\]\.ops\[1\]\.op.*would wait for the thaw forever/,
    );
    expect(bad([{ op: 'freeze' }, { op: 'freeze' }, { op: 'thaw' }])).toThrow(/ops\[1\]\.op.*freeze again/);
    expect(() =>
      oneFileScenario('bad', [
        { name: 'admin', ops: [{ op: 'freeze' }, { op: 'read', file: '/a', offset: 0, length: 4096, after: 'x' }, { op: 'thaw' }] },
        { name: 'app', ops: [{ op: 'write', file: '/a', offset: 0, length: 4096, fill: 'x', id: 'x' }] },
      ]),
    ).toThrow(/ops\[1\]\.after/);
    expect(bad([{ op: 'freeze' }, { op: 'read', file: '/a', offset: 0, length: 4096 }, { op: 'thaw' }])).not.toThrow();
  });
});
