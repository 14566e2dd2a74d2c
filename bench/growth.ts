/**
 * Growth: what one execution costs as the disk, the files and the scenario grow. Each case runs
 * in a child process of its own (executions with the random strategy, trace off, oracles on, as
 * `explore` runs them), which reports CPU time per execution and its peak resident memory, so
 * one case's memory never hides in another's. The cost should follow what an execution touches
 * (issue "Cost that grows with the work, not with the disk").
 *
 *   node dist/bench/growth.js                        this build
 *   node dist/bench/growth.js --before <dist dir>    an older build's dist/ side by side
 *
 * The older build is driven through the same modules (scenario validation, judgeScenario,
 * randomStrategy, DiskArena); a case it refuses (a device over its cap) says so.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const BS = 4096;
const MiB = 2 ** 20;

export interface GrowthCase {
  readonly group: string;
  readonly label: string;
  readonly scenario: Record<string, unknown>;
}

/** Two tasks: a write into the file and a read of it, each followed by a wait (four ops). */
function fourOps(blocks: number, file: { size: number; fill?: string }): Record<string, unknown> {
  const last = Math.max(0, Math.floor(file.size / BS) - 1) * BS;
  return {
    version: 1,
    name: 'growth',
    title: 'growth',
    fs: 'diocount',
    geometry: { blockSize: BS, blocks },
    files: [{ path: '/img', ...file }],
    tasks: [
      { name: 'writer', ops: [{ op: 'aio_write', file: '/img', offset: 0, length: BS, fill: 'W' }, { op: 'wait' }] },
      { name: 'reader', ops: [{ op: 'aio_read', file: '/img', offset: last, length: BS }, { op: 'wait' }] },
    ],
  };
}

/** `tasks` tasks of `ops - 1` aio writes into blocks of their own and a wait. */
function long(tasks: number, ops: number): Record<string, unknown> {
  return {
    version: 1,
    name: 'growth',
    title: 'growth',
    fs: 'diocount',
    geometry: { blockSize: BS, blocks: tasks * ops + 16 },
    device: { queueDepth: 32 },
    files: [{ path: '/f', size: 0 }],
    tasks: Array.from({ length: tasks }, (_, t) => ({
      name: `t${t}`,
      ops: [
        ...Array.from({ length: ops - 1 }, (_, k) => ({ op: 'aio_write', file: '/f', offset: (k * tasks + t) * BS, length: BS, fill: 'W' })),
        { op: 'wait' },
      ],
    })),
  };
}

export function growthCases(): GrowthCase[] {
  const cases: GrowthCase[] = [];
  for (const blocks of [16, 1024, 16_384, 65_536, 262_144])
    cases.push({ group: 'device blocks (4 ops, 64 KiB sparse file)', label: blocks.toLocaleString('en'), scenario: fourOps(blocks, { size: 16 * BS }) });
  for (const size of [MiB, 64 * MiB, 1024 * MiB, 4096 * MiB])
    for (const fill of [undefined, 'a']) {
      const name = size >= 1024 * MiB ? `${size / (1024 * MiB)} GiB` : `${size / MiB} MiB`;
      cases.push({
        group: 'file size (4 ops, device = file)',
        label: `${name} ${fill ? 'filled' : 'sparse'}`,
        scenario: fourOps(Math.max(16, size / BS), fill ? { size, fill } : { size }),
      });
    }
  for (const [tasks, ops] of [
    [1, 4],
    [8, 100],
    [128, 100],
    [32, 1000],
  ] as const)
    cases.push({ group: 'scenario length (tasks × ops of aio writes)', label: `${tasks} × ${ops}`, scenario: long(tasks, ops) });
  return cases;
}

export interface GrowthResult {
  readonly executions?: number;
  readonly cpuMsPerExecution?: number;
  readonly executionsPerSecond?: number;
  readonly peakMiB?: number;
  /** Verdict kinds of the executions (an old build's step limit shows here). */
  readonly verdicts?: string[];
  readonly error?: string;
}

/** Runs one case in a child process against the dist/ at `root`. */
export function measureCase(c: GrowthCase, root: string, seconds: number): GrowthResult {
  const script = fileURLToPath(import.meta.url);
  try {
    const index = growthCases().findIndex((x) => x.label === c.label && x.group === c.group);
    const out = execFileSync(process.execPath, [script, '--child', JSON.stringify({ index, root, seconds })], {
      encoding: 'utf8',
      timeout: 180_000,
      maxBuffer: 1 << 20,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return JSON.parse(out.trim().split('\n').pop()!) as GrowthResult;
  } catch (err) {
    const e = err as { signal?: string; stderr?: string; message: string };
    if (e.signal) return { error: `stopped (${e.signal}) after 180 s` };
    return {
      error:
        (e.stderr ?? e.message)
          .trim()
          .split('\n')
          .find((l) => l.includes('Error') || l.trim()) ?? 'failed',
    };
  }
}

async function child(arg: string): Promise<void> {
  const { index, root, seconds } = JSON.parse(arg) as { index: number; root: string; seconds: number };
  const data = growthCases()[index]!.scenario;
  const at = (p: string): string => pathToFileURL(resolve(root, p)).href;
  const { validateScenario } = (await import(at('src/scenario/validate.js'))) as typeof import('../src/scenario/validate.js');
  const { judgeScenario } = (await import(at('src/scenario/runner.js'))) as typeof import('../src/scenario/runner.js');
  const { randomStrategy } = (await import(at('src/sim/strategies/random.js'))) as typeof import('../src/sim/strategies/random.js');
  const { DiskArena } = (await import(at('src/vfs/block-device.js'))) as typeof import('../src/vfs/block-device.js');
  let scenario: ReturnType<typeof validateScenario>;
  try {
    scenario = validateScenario(data, 'growth.yaml');
  } catch (err) {
    console.log(JSON.stringify({ error: `refused: ${(err as Error).message.replace(/^growth\.yaml: /, '')}` }));
    return;
  }
  const arena = new DiskArena();
  const verdicts = new Set<string>();
  // Warm-up (compilation), not measured: a few executions, or half a second.
  const w0 = performance.now();
  for (let i = 0; i < 3 && performance.now() - w0 < 500; i++) judgeScenario(scenario, { strategy: randomStrategy(i), trace: false, arena });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let executions = 0;
  // At least two executions, then until `seconds` have passed.
  while (executions < 2 || (performance.now() - t0 < seconds * 1000 && executions < 100_000)) {
    const run = judgeScenario(scenario, { strategy: randomStrategy(1000 + executions), trace: false, arena });
    for (const v of run.result.verdicts) verdicts.add(v.kind);
    executions++;
  }
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  console.log(
    JSON.stringify({
      executions,
      cpuMsPerExecution: (cpu.user + cpu.system) / 1000 / executions,
      executionsPerSecond: executions / (wall / 1000),
      peakMiB: process.resourceUsage().maxRSS / 1024,
      verdicts: [...verdicts],
    } satisfies GrowthResult),
  );
}

const fmt = (r: GrowthResult): string =>
  r.error
    ? r.error.slice(0, 44)
    : `${r.cpuMsPerExecution!.toFixed(2).padStart(9)} ms ${r.executionsPerSecond!.toFixed(r.executionsPerSecond! < 10 ? 2 : 0).padStart(7)}/s ${r.peakMiB!.toFixed(0).padStart(6)} MiB${r.verdicts!.length ? ` ${r.verdicts!.join(',')}` : ''}`;

/** Prints the growth table: this build, and `before` (a dist/ directory) beside it when given. */
export function growthTable(options: { readonly before?: string; readonly seconds?: number } = {}): void {
  const here = resolve(fileURLToPath(new URL('..', import.meta.url)));
  const seconds = options.seconds ?? 1;
  let group = '';
  const head = `${'case'.padEnd(18)}${options.before ? `${'before: CPU/exec, exec/s, peak RSS'.padEnd(46)}` : ''}after: CPU/exec, exec/s, peak RSS`;
  for (const c of growthCases()) {
    if (c.group !== group) {
      group = c.group;
      console.log(`\n${group}\n${head}`);
    }
    const before = options.before ? measureCase(c, resolve(options.before), seconds) : null;
    const after = measureCase(c, here, seconds);
    console.log(`${c.label.padEnd(18)}${before ? fmt(before).padEnd(46) : ''}${fmt(after)}`);
  }
}

const argv = process.argv.slice(2);
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  if (argv[0] === '--child') await child(argv[1]!);
  else {
    const i = argv.indexOf('--before');
    console.log('growth: one child process per case; random strategy, trace off, oracles on; CPU ms per execution, executions/s, peak resident memory');
    growthTable({ before: i >= 0 ? argv[i + 1] : undefined, seconds: Number(process.env.BENCH_SECONDS ?? 1) });
  }
}
