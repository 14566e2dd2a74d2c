// A/B: node ab.mjs <distA> <distB> scenario n rounds — alternates rounds, reports best and median per side.
const [A, B, name = 'fence-on-eviction', nS = '2000', rS = '12'] = process.argv.slice(2);
const load = async (root) => {
  const r = await import(`${root}/src/scenario/runner.js`);
  const c = await import(`${root}/src/scenario/catalog.js`);
  const s = await import(`${root}/src/sim/strategies/random.js`);
  const scen = c.catalog().find(x => x.name === name);
  return () => { const t = performance.now(); for (let i = 0; i < n; i++) r.judgeScenario(scen, { strategy: s.randomStrategy(1000 + i), trace: false }); return (performance.now() - t) * 1000 / n; };
};
const n = Number(nS);
const a = await load(A), b = await load(B);
const ra = [], rb = [];
for (let i = 0; i < Number(rS); i++) { ra.push(a()); rb.push(b()); }
const med = x => [...x].sort((p, q) => p - q)[x.length >> 1];
console.log(`${name}: A best ${Math.min(...ra).toFixed(1)} med ${med(ra).toFixed(1)} µs | B best ${Math.min(...rb).toFixed(1)} med ${med(rb).toFixed(1)} µs | B/A med ${(med(rb)/med(ra)).toFixed(3)}`);
