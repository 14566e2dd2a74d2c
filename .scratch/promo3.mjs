import { prepareScenario } from '/work/main/dist/src/scenario/runner.js';
import { catalog } from '/work/main/dist/src/scenario/catalog.js';
import { randomStrategy } from '/work/main/dist/src/sim/strategies/random.js';
import { DiskArena } from '/work/main/dist/src/vfs/block-device.js';
const s = catalog().find(x => x.name === (process.argv[3] ?? 'fence-on-eviction'));
const arena = new DiskArena();
const mode = process.argv[2];
const t = performance.now();
for (let i = 0; i < 30000; i++) {
  const p = prepareScenario(s, { strategy: randomStrategy(i), trace: false }, arena);
  if (mode === 'nolockdep') p.sb.lockdep.enabled = false;
  if (mode === 'noown') p.sb.onDeviceWrite.length = 0;
  if (mode.startsWith('stop')) p.sim.stepLimit = Number(mode.slice(4));
  const r = p.sim.run();
  p.sb.dev.release();
}
console.error(mode, 'us/exec', ((performance.now() - t) * 1000 / 30000).toFixed(1));
