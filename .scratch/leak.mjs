import { judgeScenario } from '/work/main/dist/src/scenario/runner.js';
import { catalog } from '/work/main/dist/src/scenario/catalog.js';
import { randomStrategy } from '/work/main/dist/src/sim/strategies/random.js';
import v8 from 'node:v8';
const s = catalog().find(x => x.name === (process.argv[2] ?? 'fence-on-eviction'));
for (let r = 0; r < 5; r++) {
  for (let i = 0; i < 10000; i++) judgeScenario(s, { strategy: randomStrategy(i), trace: false });
  global.gc();
  console.log('heap used MB', (v8.getHeapStatistics().used_heap_size / 1e6).toFixed(1));
}
v8.writeHeapSnapshot('/tmp/leak.heapsnapshot');
