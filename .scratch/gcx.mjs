import { judgeScenario } from '/work/main/dist/src/scenario/runner.js';
import { catalog } from '/work/main/dist/src/scenario/catalog.js';
import { randomStrategy } from '/work/main/dist/src/sim/strategies/random.js';
import { DiskArena } from '/work/main/dist/src/vfs/block-device.js';
if (process.argv[3] === 'nomemfs') { DiskArena.prototype.write = function(){}; DiskArena.prototype.read = function(fd, into, o, l){ into.fill(0, o, o+l); }; DiskArena.prototype.acquire = function(){ return 0; }; }
const s = catalog().find(x => x.name === (process.argv[2] ?? 'fence-on-eviction'));
const t = performance.now();
for (let i = 0; i < 20000; i++) judgeScenario(s, { strategy: randomStrategy(i), trace: false });
console.error('exec/s', Math.round(20000 / ((performance.now() - t) / 1000)));
