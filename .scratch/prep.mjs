import { prepareScenario } from '/work/main/dist/src/scenario/runner.js';
import { catalog } from '/work/main/dist/src/scenario/catalog.js';
import { randomStrategy } from '/work/main/dist/src/sim/strategies/random.js';
import { DiskArena } from '/work/main/dist/src/vfs/block-device.js';
const s = catalog().find(x => x.name === (process.argv[2] ?? 'fence-on-eviction'));
const arena = new DiskArena();
const n = 100000;
for (let w = 0; w < 2; w++) {
const t = performance.now();
for (let i = 0; i < n; i++) { const p = prepareScenario(s, { strategy: randomStrategy(i), trace: false }, arena); p.sb.dev.release(); }
console.log('prepare us', (1000*(performance.now()-t)/n).toFixed(2));
}
