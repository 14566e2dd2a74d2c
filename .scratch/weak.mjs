import { judgeScenario } from '/work/main/dist/src/scenario/runner.js';
import { catalog } from '/work/main/dist/src/scenario/catalog.js';
import { randomStrategy } from '/work/main/dist/src/sim/strategies/random.js';
const s = catalog().find(x => x.name === (process.argv[2] ?? 'fence-on-eviction'));
for (let i = 0; i < 3000; i++) judgeScenario(s, { strategy: randomStrategy(i), trace: false });
const refs = [];
for (let i = 0; i < 200; i++) { const r = judgeScenario(s, { strategy: randomStrategy(i), trace: false }); refs.push([new WeakRef(r.sim), new WeakRef(r.history), new WeakRef(r.sb)]); }
await new Promise(r => setTimeout(r, 10));
global.gc({ type: 'minor' }); global.gc({ type: 'minor' });
console.log('alive after 2 minor gcs', refs.filter(r => r[0].deref()).length, refs.filter(r => r[1].deref()).length, refs.filter(r => r[2].deref()).length);
global.gc();
await new Promise(r => setTimeout(r, 10));
console.log('alive after full gc', refs.filter(r => r[0].deref()).length);
import v8 from 'node:v8';
v8.writeHeapSnapshot('/tmp/w.heapsnapshot');
