/**
 * Workload generators for `aiosim bench`: N submitters keeping D asynchronous direct I/Os each
 * in flight, as scenarios (so every run is still judged by the oracles). Offsets come from a
 * seeded PRNG: the same parameters give the same workload.
 *
 *   aligned-overwrite   4 KiB overwrites of written blocks
 *   subblock-overwrite  512-byte overwrites of written blocks (the RFC's "serialized" case)
 *   append              extending writes: each submitter appends past EOF
 *   mixed               70 % reads / 30 % writes, while an admin punches holes and truncates
 */
import { Prng } from '../sim/prng.js';
import type { Scenario } from '../scenario/schema.js';
import { validateScenario } from '../scenario/validate.js';

export const WORKLOADS = ['aligned-overwrite', 'subblock-overwrite', 'append', 'mixed'] as const;
export type Workload = (typeof WORKLOADS)[number];

export interface WorkloadParams {
  readonly submitters: number;
  /** I/Os each submitter keeps in flight. */
  readonly depth: number;
  /** I/Os per submitter. */
  readonly ios: number;
  readonly queueDepth: number;
  readonly latency: {
    readonly min: number;
    readonly max: number;
    readonly distribution: 'uniform' | 'fixed' | 'exponential' | 'lognormal';
    readonly mean?: number;
  };
  readonly cpu: { readonly submit: number; readonly handoff: number; readonly completion: number };
}

const BS = 4096;
const FILE_BLOCKS = 256;

type Op = Record<string, unknown>;

/** One submitter's ops: D in flight, then wait for the oldest before each new one. */
function submitter(prefix: string, params: WorkloadParams, io: (k: number) => Op): Op[] {
  const ops: Op[] = [];
  for (let k = 0; k < params.ios; k++) {
    if (k >= params.depth) ops.push({ op: 'wait', for: `${prefix}${k - params.depth}` });
    ops.push({ ...io(k), id: `${prefix}${k}` });
  }
  ops.push({ op: 'wait' });
  return ops;
}

export function workloadScenario(workload: Workload, params: WorkloadParams, seed = 42): Scenario {
  const prng = new Prng(seed);
  const fill = (t: number) => String.fromCharCode(65 + (t % 26));
  const n = params.submitters;
  const tasks: Array<{ name: string; ops: Op[] }> = [];
  for (let t = 0; t < n; t++) {
    const prefix = `t${t}i`;
    const mixedWriter = (k: number): Op =>
      prng.int(0, 9) < 3
        ? { op: 'aio_write', file: '/f', offset: prng.int(0, FILE_BLOCKS - 1) * BS, length: BS, fill: fill(t) }
        : { op: 'aio_read', file: '/f', offset: prng.int(0, FILE_BLOCKS - 1) * BS, length: BS, _k: k };
    const io: (k: number) => Op =
      workload === 'aligned-overwrite'
        ? () => ({ op: 'aio_write', file: '/f', offset: prng.int(0, FILE_BLOCKS - 1) * BS, length: BS, fill: fill(t) })
        : workload === 'subblock-overwrite'
          ? () => ({ op: 'aio_write', file: '/f', offset: prng.int(0, FILE_BLOCKS * 8 - 2) * 512, length: 512, fill: fill(t) })
          : workload === 'append'
            ? (k) => ({ op: 'aio_write', file: '/f', offset: (FILE_BLOCKS + k * n + t) * BS, length: BS, fill: fill(t) })
            : mixedWriter;
    tasks.push({ name: `submitter${t}`, ops: submitter(prefix, params, io).map(({ _k, ...op }) => op) });
  }
  if (workload === 'mixed') {
    const admin: Op[] = [];
    for (let r = 0; r < 6; r++) {
      admin.push({ op: 'sleep', us: 60 });
      admin.push({ op: 'fallocate', file: '/f', mode: 'punch_hole', offset: prng.int(0, FILE_BLOCKS - 1) * BS, length: BS, id: `punch${r}` });
      admin.push({ op: 'sleep', us: 60 });
      admin.push({ op: 'truncate', file: '/f', size: FILE_BLOCKS * BS, id: `truncate${r}` });
    }
    tasks.push({ name: 'admin', ops: admin });
  }
  return validateScenario(
    {
      version: 1,
      name: `bench-${workload}`,
      title: `${workload}: ${n} submitters × ${params.ios} I/Os, ${params.depth} in flight each`,
      geometry: { blockSize: BS, blocks: FILE_BLOCKS + n * params.ios + 64 },
      device: { queueDepth: params.queueDepth, latency: params.latency },
      cpu: params.cpu,
      files: [{ path: '/f', size: FILE_BLOCKS * BS, fill: 'a' }],
      tasks,
    },
    `workload ${workload}`,
  );
}
