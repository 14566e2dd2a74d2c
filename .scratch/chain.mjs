import { judgeScenario } from '/work/main/dist/src/scenario/runner.js';
import { catalog } from '/work/main/dist/src/scenario/catalog.js';
import { randomStrategy } from '/work/main/dist/src/sim/strategies/random.js';
const s = catalog().find(x => x.name === 'fence-on-eviction');
let created = 0, finalized = 0;
const reg = new FinalizationRegistry(() => finalized++);
for (let b = 0; b < 40; b++) {
  for (let i = 0; i < 500; i++) { const r = judgeScenario(s, { strategy: randomStrategy(i), trace: false }); reg.register(r.sim, 0); created++; }
  global.gc({ type: 'minor' });
  await new Promise(r => setTimeout(r, 1));
  if (b % 5 === 4) console.log('created', created, 'finalized', finalized);
}
