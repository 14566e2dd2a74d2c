import { describe, expect, test } from 'vitest';
import { explore } from '../../src/explore/explore.js';
import { strategyFor } from '../../src/explore/portfolio.js';
import { runScenario } from '../../src/scenario/runner.js';
import { validateScenario } from '../../src/scenario/validate.js';
import { timedStrategy } from '../../src/sim/strategies/timed.js';
import { ENOENT } from '../../src/vfs/kiocb.js';

/** A scenario of /a (one block) and the given tasks. */
function scenario(name: string, tasks: unknown[]) {
  return validateScenario(
    {
      version: 1,
      name,
      title: name,
      fs: 'diocount',
      geometry: { blockSize: 4096, blocks: 16 },
      device: { queueDepth: 4, latency: { min: 50, max: 500 } },
      files: [{ path: '/a', size: 4096, fill: 'a' }],
      tasks,
    },
    `${name}.yaml`,
  );
}

const write = { op: 'aio_write', file: '/a', offset: 0, length: 4096, fill: 'W', id: 'w1' };
const waitW1 = { op: 'wait', for: 'w1', id: 'reap' };

/**
 * An op on a name that is gone ends with openat's -ENOENT; an AIO on it never reaches io_submit
 * (the kernel's io_submit would say -EBADF of the descriptor the application never got), so
 * there is no event to reap: `wait for:` it returns that error at once instead of reaping
 * nothing (it was exit 3, "reading 'result'" of an AIO that was never submitted).
 */
describe('ops on a file that is gone', () => {
  test('[unlink /a; aio_write /a id w1; wait for w1]: the write fails with ENOENT, the wait returns it at once, no verdict', () => {
    const s = scenario('unlink-then-aio', [{ name: 'app', ops: [{ op: 'unlink', file: '/a' }, write, waitW1] }]);
    const run = runScenario(s, { strategy: timedStrategy(1) });
    expect(run.result.outcome).toBe('completed');
    expect(run.result.verdicts).toEqual([]);
    const op = (id: string) => run.history.ops.find((o) => o.id === id)!;
    expect(op('w1').result).toBe(ENOENT);
    expect(op('reap')).toMatchObject({ result: ENOENT, start: op('reap').end });
    // Nothing was submitted: no io_submit syscall, no bio.
    expect(run.events.some((e) => e.type === 'bio' || (e.type === 'syscall-enter' && e.name === 'io_submit'))).toBe(false);
  });

  test('a racing unlink (b unlinks /a while a writes and waits): every order ends cleanly, and some order has the write fail', () => {
    const s = scenario('racing-unlink', [
      { name: 'a', ops: [write, waitW1] },
      { name: 'b', ops: [{ op: 'unlink', file: '/a' }] },
    ]);
    const results = new Set<number | null>();
    for (let i = 0; i < 40; i++) {
      const run = runScenario(s, { strategy: strategyFor('random', 1, i), trace: false });
      expect(run.result.verdicts).toEqual([]);
      const w1 = run.history.ops.find((o) => o.id === 'w1')!;
      expect(run.history.ops.find((o) => o.id === 'reap')!.result).toBe(w1.result === ENOENT ? ENOENT : 1);
      results.add(w1.result);
    }
    expect(results).toEqual(new Set([ENOENT, 4096]));
    for (const strategy of ['portfolio', 'dfs'] as const) {
      expect(explore(s, { scenarioRef: 'racing-unlink.yaml', strategy, seed: 1, budget: 300 }).violations).toEqual([]);
    }
  });
});
