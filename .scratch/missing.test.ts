import { it } from 'vitest';
import { DfsSearch } from '../src/explore/dfs.js';
import { runsOf } from '../src/check/runs.js';
import { loadScenario } from '../src/scenario/catalog.js';
import { observedFinal, runScenario, type ScenarioRun } from '../src/scenario/runner.js';
import { encodeSchedule } from '../src/sim/schedule.js';
function signature(run: ScenarioRun): string {
  const verdicts = [...new Set(run.result.verdicts.map((v) => `${v.kind}/${v.subkind ?? ''}`))].sort().join(',');
  const ops = run.history.ops.map((o) => `${o.id}=${o.result}${o.data ? `:${JSON.stringify(runsOf(o.data))}` : ''}`).join(' ');
  const files = run.sb.inodes.filter((i) => i.nlink > 0 && i.state === 'live').map((i) => `${i.path}:${JSON.stringify(observedFinal(run.sb, i))}`).join(' ');
  return `${verdicts} | ${ops} | ${files}`;
}
function outcomes(por: boolean) {
  const search = new DfsSearch({ preemptions: Infinity, por });
  const sigs = new Map<string, string>();
  for (let more = true; more; ) {
    const run = runScenario(loadScenario('fence-on-eviction'), { strategy: search.strategy(), fs: 'diocount', trace: false });
    const pruned = run.result.outcome === 'pruned';
    if (!pruned && !sigs.has(signature(run))) sigs.set(signature(run), encodeSchedule(run.sim.choices));
    more = search.advance(pruned ? 'pruned' : 'ran');
  }
  return sigs;
}
it('diff', () => {
  const full = outcomes(false), red = outcomes(true);
  for (const [s, sch] of full) if (!red.has(s)) console.log('MISSING', s, sch);
  for (const s of red.keys()) console.log('HAVE', s);
}, 120000);
