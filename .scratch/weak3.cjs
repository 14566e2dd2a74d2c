(async () => {
const { judgeScenario } = await import('/work/main/dist/src/scenario/runner.js');
const { catalog } = await import('/work/main/dist/src/scenario/catalog.js');
const { randomStrategy } = await import('/work/main/dist/src/sim/strategies/random.js');
const s = catalog().find(x => x.name === (process.argv[2] ?? 'fence-on-eviction'));
let finalized = 0;
const reg = new FinalizationRegistry(() => finalized++);
for (let i = 0; i < 200; i++) { const r = judgeScenario(s, { strategy: randomStrategy(i), trace: false }); reg.register(r.sim, i); }
setTimeout(() => { global.gc({ type: 'minor' }); global.gc({ type: 'minor' });
  setTimeout(() => { console.log('finalized after 2 minor', finalized); global.gc(); setTimeout(() => { console.log('finalized after full', finalized); require('v8').writeHeapSnapshot('/tmp/w.heapsnapshot'); }, 20); }, 20);
}, 5);
})();
