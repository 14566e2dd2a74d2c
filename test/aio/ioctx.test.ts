import { describe, expect, test } from 'vitest';
import { explore } from '../../src/explore/explore.js';
import { loadScenario } from '../../src/scenario/catalog.js';
import { runScenario } from '../../src/scenario/runner.js';
import { validateScenario } from '../../src/scenario/validate.js';
import { timedStrategy } from '../../src/sim/strategies/timed.js';
import { cleanSchemes } from '../../src/fs-impls/schemes.js';

/** A scenario of /a (two blocks, fixed 500 µs device latency) and the given tasks. */
function scenario(name: string, tasks: unknown[], fs = 'diocount') {
  return validateScenario(
    {
      version: 1,
      name,
      title: name,
      fs,
      geometry: { blockSize: 4096, blocks: 16 },
      device: { queueDepth: 4, latency: { min: 500, max: 500, distribution: 'fixed' } },
      files: [{ path: '/a', size: 8192, fill: 'a' }],
      tasks,
    },
    `${name}.yaml`,
  );
}

function op(run: ReturnType<typeof runScenario>, id: string) {
  const rec = run.history.ops.find((o) => o.id === id);
  if (!rec) throw new Error(`no op ${id}`);
  return rec;
}

const read = (id: string, ctx?: string) => ({ op: 'aio_read', file: '/a', offset: 0, length: 4096, id, ...(ctx ? { ctx } : {}) });

describe('AIO contexts', () => {
  test('io_destroy returns only after the requests in flight on its context completed (kill_ioctx + rq_wait)', () => {
    for (const ctx of ['c1', undefined]) {
      const ops = [...(ctx ? [{ op: 'io_setup', ctx }] : []), read('r1', ctx), { op: 'io_destroy', ...(ctx ? { ctx } : {}), id: 'd' }];
      const run = runScenario(scenario('destroy-waits', [{ name: 'app', ops }]), { strategy: timedStrategy(1) });
      expect(run.result.verdicts).toEqual([]);
      expect(op(run, 'd').result).toBe(0);
      expect(op(run, 'd').end).toBeGreaterThan(op(run, 'r1').end);
    }
  });

  test('bug-io-destroy-nowait: io_destroy returns first, and the read completing later is a use-after-free of its buffer', () => {
    const s = scenario(
      'destroy-waits',
      [{ name: 'app', ops: [{ op: 'io_setup', ctx: 'c1' }, read('r1', 'c1'), { op: 'io_destroy', ctx: 'c1', id: 'd' }] }],
      'bug-io-destroy-nowait',
    );
    const run = runScenario(s, { strategy: timedStrategy(1) });
    expect(op(run, 'd').end).toBeLessThan(op(run, 'r1').end);
    expect(run.result.verdicts.map((v) => v.kind)).toEqual(['use-after-free']);
  });

  test('process exit (exit_aio) waits for a context left alive, even under bug-io-destroy-nowait (exit_aio waits since 2014)', () => {
    const s = scenario('exit-waits', [{ name: 'app', ops: [{ op: 'io_setup', ctx: 'c1' }, read('r1', 'c1')] }], 'bug-io-destroy-nowait');
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
    const bad = (ops: unknown[]) => () => scenario('bad', [{ name: 'app', ops }]);
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
