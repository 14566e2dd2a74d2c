/** Small scenarios for tests of ops on one file: /a of two blocks, on a device with a fixed 500 µs latency. */
import type { runScenario } from '../../src/scenario/runner.js';
import { validateScenario } from '../../src/scenario/validate.js';

/** A scenario of /a (two blocks, fixed 500 µs device latency) and the given tasks. */
export function oneFileScenario(name: string, tasks: unknown[], fs = 'diocount') {
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

/** The history record of op `id` of a run. */
export function opOf(run: ReturnType<typeof runScenario>, id: string) {
  const rec = run.history.ops.find((o) => o.id === id);
  if (!rec) throw new Error(`no op ${id}`);
  return rec;
}
