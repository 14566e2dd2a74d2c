import { describe, expect, test } from 'vitest';
import { explore } from '../../src/explore/explore.js';
import { loadScenario } from '../../src/scenario/catalog.js';
import { runScenario } from '../../src/scenario/runner.js';
import { oneFileScenario, opOf } from '../scenario/one-file.js';
import { timedStrategy } from '../../src/sim/strategies/timed.js';
import { cleanSchemes } from '../../src/fs-impls/schemes.js';

const read = (id: string, ctx?: string) => ({ op: 'aio_read', file: '/a', offset: 0, length: 4096, id, ...(ctx ? { ctx } : {}) });

describe('AIO contexts', () => {
  test('io_destroy returns only after the requests in flight on its context completed (kill_ioctx + rq_wait)', () => {
    for (const ctx of ['c1', undefined]) {
      const ops = [...(ctx ? [{ op: 'io_setup', ctx }] : []), read('r1', ctx), { op: 'io_destroy', ...(ctx ? { ctx } : {}), id: 'd' }];
      const run = runScenario(oneFileScenario('destroy-waits', [{ name: 'app', ops }]), { strategy: timedStrategy(1) });
      expect(run.result.verdicts).toEqual([]);
      expect(opOf(run, 'd').result).toBe(0);
      expect(opOf(run, 'd').end).toBeGreaterThan(opOf(run, 'r1').end);
    }
  });

  test('bug-io-destroy-nowait: io_destroy returns first, and the read completing later is a use-after-free of its buffer', () => {
    const s = oneFileScenario(
      'destroy-waits',
      [{ name: 'app', ops: [{ op: 'io_setup', ctx: 'c1' }, read('r1', 'c1'), { op: 'io_destroy', ctx: 'c1', id: 'd' }] }],
      'bug-io-destroy-nowait',
    );
    const run = runScenario(s, { strategy: timedStrategy(1) });
    expect(opOf(run, 'd').end).toBeLessThan(opOf(run, 'r1').end);
    expect(run.result.verdicts.map((v) => v.kind)).toEqual(['use-after-free']);
  });

  test('process exit (exit_aio) waits for a context left alive, even under bug-io-destroy-nowait (exit_aio waits since 2014)', () => {
    const s = oneFileScenario('exit-waits', [{ name: 'app', ops: [{ op: 'io_setup', ctx: 'c1' }, read('r1', 'c1')] }], 'bug-io-destroy-nowait');
    const run = runScenario(s, { strategy: timedStrategy(1) });
    expect(run.result.outcome).toBe('completed');
    expect(run.result.verdicts).toEqual([]);
  });

  test('io-destroy-vs-inflight-aio: dfs bound 2 proves every correct and rfc scheme clean, and finds bug-io-destroy-nowait', () => {
    const s = loadScenario('io-destroy-vs-inflight-aio');
    for (const { name: fs } of cleanSchemes()) {
      const r = explore(s, { scenarioRef: s.name, fs, strategy: 'dfs', seed: 1, budget: 100_000, preemptions: 2, shrink: false });
      expect({ fs, violations: r.violations, complete: r.dfs?.complete }).toEqual({ fs, violations: [], complete: true });
    }
    const bug = explore(s, { scenarioRef: s.name, fs: 'bug-io-destroy-nowait', strategy: 'dfs', seed: 1, budget: 100_000, preemptions: 2, shrink: false });
    expect(bug.violations.map((v) => v.kind)).toContain('use-after-free');
  });

  test('validation: a context set up twice, an AIO on an unknown or destroyed context, a double io_destroy, and a wait after the destroy are one-line errors', () => {
    const bad = (ops: unknown[]) => () => oneFileScenario('bad', [{ name: 'app', ops }]);
    expect(
      bad([
        { op: 'io_setup', ctx: 'c' },
        { op: 'io_setup', ctx: 'c' },
      ]),
    ).toThrow(/ops\[1\]\.ctx.*set up twice/);
    expect(bad([read('r', 'c')])).toThrow(/ops\[0\]\.ctx.*no earlier io_setup/);
    expect(bad([{ op: 'io_destroy' }, read('r')])).toThrow(/ops\[1\]\.op.*destroyed/);
    expect(
      bad([
        { op: 'io_setup', ctx: 'c' },
        { op: 'io_destroy', ctx: 'c' },
        { op: 'io_destroy', ctx: 'c' },
      ]),
    ).toThrow(/ops\[2\]\.ctx.*already destroyed/);
    expect(bad([read('r'), { op: 'io_destroy' }, { op: 'wait', for: 'r' }])).toThrow(/ops\[2\]\.for.*destroyed before this wait/);
    expect(bad([{ op: 'io_setup', ctx: 'c' }, read('r', 'c'), { op: 'wait', for: 'r' }, { op: 'io_destroy', ctx: 'c' }])).not.toThrow();
  });
});
