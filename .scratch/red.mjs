import { explore } from '/work/main/dist/src/explore/explore.js';
import { loadScenario } from '/work/main/dist/src/scenario/catalog.js';
import { SCHEMES } from '/work/main/dist/src/fs-impls/schemes.js';
for (const s of SCHEMES.filter(x => x.kind === 'bug')) {
  const t = performance.now();
  const r = explore(loadScenario(s.scenario), { scenarioRef: s.scenario, fs: s.name, strategy: 'portfolio', seed: 1, budget: 2000 });
  console.log(s.name.padEnd(28), r.violations[0]?.kind.padEnd(20), r.reduced ? `${r.reduced.before} → ${r.reduced.after} ops: ${r.reduced.scenario.tasks.flatMap(t => t.ops.map(o => t.name + ':' + (o.id ?? o.op))).join(', ')}` : 'not reduced', `${(performance.now() - t).toFixed(0)} ms`);
}
