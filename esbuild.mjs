// Bundles the client, the server, the CLI and the in-editor test suite.
// unified/remark are ESM-only; bundling turns them into CommonJS that VS Code can load.
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
};

const builds = [
  { ...common, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist' },
  { ...common, entryPoints: { server: 'server/main.ts' }, outdir: 'dist' },
  {
    ...common,
    entryPoints: { cli: 'server/cli/main.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    // The integration suite runs inside the extension host; mocha is loaded from node_modules.
    ...common,
    entryPoints: { index: 'test/integration/index.ts' },
    outdir: 'out/test/integration',
    external: ['vscode', 'mocha'],
  },
];

if (watch) {
  for (const options of builds) {
    const ctx = await esbuild.context(options);
    await ctx.watch();
  }
  console.log('esbuild: watching');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  console.log(`esbuild: built ${builds.length} bundles`);
}
