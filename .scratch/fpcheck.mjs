import { runScenario } from '/work/main/dist/src/scenario/runner.js';
import { catalog } from '/work/main/dist/src/scenario/catalog.js';
import { randomStrategy } from '/work/main/dist/src/sim/strategies/random.js';
import { SCHEME_NAMES } from '/work/main/dist/src/fs-impls/schemes.js';
let n = 0, bad = 0, keys = new Set();
for (const s of catalog()) for (const fs of SCHEME_NAMES) for (let seed = 0; seed < 5; seed++) {
  const a = runScenario(s, { strategy: randomStrategy(seed), fs });
  const r = randomStrategy(seed);
  const b = runScenario(s, { strategy: { ...r, name: r.name, pickContext: r.pickContext, sample: r.sample, observe: (ctx, fp) => { for (const [k, m] of fp) keys.add(m + ":" + k); if (0) keys.add(k.replace(/\d+/g, 'N')); } }, fs });
  n++;
  if (a.sim.trace.serialize() !== b.sim.trace.serialize()) { bad++; if (bad < 4) console.log('differs', s.name, fs, seed); }
}
console.log(n, 'runs,', bad, 'differ'); console.log([...keys].sort().join(' '));
