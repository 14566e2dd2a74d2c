import { explore } from '/work/main/dist/src/explore/explore.js';
import { catalog } from '/work/main/dist/src/scenario/catalog.js';
const fs = process.argv[2] ?? 'hold';
const bound = process.argv[3] === 'inf' ? Infinity : Number(process.argv[3] ?? 2);
const por = process.argv[4] !== 'nopor';
const only = process.argv[5];
for (const s of catalog()) {
  if (only && s.name !== only) continue;
  const t = performance.now();
  const r = explore(s, { scenarioRef: s.name, fs, strategy: 'dfs', seed: 1, budget: Number(process.env.BUDGET ?? 300000), preemptions: bound, por, shrink: false });
  const sec = (performance.now() - t) / 1000;
  console.log(s.name.padEnd(34), `${sec.toFixed(1)}s`.padStart(7), 'exec', r.dfs.executions, 'pruned', r.dfs.pruned, 'complete', r.dfs.complete, r.violations.length ? `VIOLATION ${r.violations[0].kind}` : '');
}
