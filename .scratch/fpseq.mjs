import { runScenario } from '/work/main/dist/src/scenario/runner.js';
import { catalog } from '/work/main/dist/src/scenario/catalog.js';
import { randomStrategy } from '/work/main/dist/src/sim/strategies/random.js';
const s = catalog().find(x => x.name === (process.argv[2] ?? 'truncate-vs-aio-write'));
const r = randomStrategy(1);
const run = runScenario(s, { fs: process.argv[3] ?? 'hold', strategy: { ...r, name: 'x', pickContext: r.pickContext, sample: r.sample, observe: (ctx, fp) => console.log(ctx.id, ctx.name.padEnd(28), ctx.next?.slice(0, 30).padEnd(30), [...fp].filter(([k]) => k !== `ctx:${ctx.id}`).map(([k, m]) => (m ? m + ':' : '') + k).join(' ')) } });
