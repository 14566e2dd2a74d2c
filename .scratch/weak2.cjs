(async () => {
const { judgeScenario } = await import('/work/main/dist/src/scenario/runner.js');
const { catalog } = await import('/work/main/dist/src/scenario/catalog.js');
const { randomStrategy } = await import('/work/main/dist/src/sim/strategies/random.js');
const s = catalog().find(x => x.name === (process.argv[2] ?? 'fence-on-eviction'));
const refs = [];
setTimeout(() => {
  for (let i = 0; i < 200; i++) { const r = judgeScenario(s, { strategy: randomStrategy(i), trace: false }); refs.push(new WeakRef(r.sim)); }
  setTimeout(() => {
    global.gc({ type: 'minor' }); 
    setTimeout(() => { global.gc({ type: 'minor' });
      setTimeout(() => { console.log('alive after minor gcs', refs.filter(r => r.deref()).length); global.gc();
        setTimeout(() => { console.log('alive after full gc', refs.filter(r => r.deref()).length); require('v8').writeHeapSnapshot('/tmp/w.heapsnapshot'); }, 5); }, 5); }, 5);
  }, 5);
}, 5);
})();
