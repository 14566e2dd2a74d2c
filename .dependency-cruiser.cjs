/**
 * The layering check (design §1): a layer imports only from the layers below it, type-only
 * imports included, and nothing imports in a cycle. `npm run lint` runs it with Biome.
 */
// Lowest first: each may import from those before it.
const LAYERS = ['sim', 'locks', 'vfs', 'aio', 'fs-impls', 'check', 'scenario', 'explore', 'report', 'perf', 'play'];

const upward = LAYERS.map((layer, i) => ({
  name: `layer-${layer}`,
  comment: `src/${layer} may import only from ${LAYERS.slice(0, i).map((l) => `src/${l}`).join(', ') || 'itself'} (design §1)`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: `^src/(${LAYERS.slice(i + 1).join('|')})/` },
}));

module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'import cycles hide layering mistakes (design §1)', severity: 'error', from: {}, to: { circular: true } },
    ...(upward.filter((r) => r.to.path !== '^src/()/')),
    { name: 'src-not-from-tools', comment: 'the library never imports the CLI, benchmarks or tests', severity: 'error', from: { path: '^src/' }, to: { path: '^(cli|bench|test)/' } },
    { name: 'not-to-unresolvable', severity: 'error', from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Packages with an `exports` map (pure-rand's subpaths, p-queue's ESM entry).
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
