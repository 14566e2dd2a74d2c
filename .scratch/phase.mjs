import { prepareScenario } from '/work/main/dist/src/scenario/runner.js';
import { catalog } from '/work/main/dist/src/scenario/catalog.js';
import { randomStrategy } from '/work/main/dist/src/sim/strategies/random.js';
import { DiskArena } from '/work/main/dist/src/vfs/block-device.js';
const names = process.argv[2] ? process.argv[2].split(',') : ['fence-on-eviction','unaligned-aio-past-eof','truncate-vs-aio-write'];
const n = Number(process.argv[3] ?? 3000);
const arena = new DiskArena();
for (const name of names) {
const s = catalog().find(x => x.name === name);
let best = null;
for (let w = 0; w < 10; w++) { let tp=0, tr=0, tf=0;
for (let i = 0; i < n; i++) {
  const a = performance.now();
  const p = prepareScenario(s, { strategy: randomStrategy(1000+i), trace: false }, arena);
  const b = performance.now();
  const r = p.sim.run();
  const c = performance.now();
  p.finish(r);
  p.sb.dev.release();
  const d = performance.now();
  tp += b-a; tr += c-b; tf += d-c;
}
 if (!best || tp+tr+tf < best[0]+best[1]+best[2]) best = [tp,tr,tf];
}
const [tp,tr,tf] = best;
console.log(name.padEnd(28), 'us/exec prepare', (1000*tp/n).toFixed(1), 'run', (1000*tr/n).toFixed(1), 'finish', (1000*tf/n).toFixed(1), 'total', (1000*(tp+tr+tf)/n).toFixed(1), 'exec/s', Math.round(n/((tp+tr+tf)/1000)));
}
