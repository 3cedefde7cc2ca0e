/**
 * Builds the extension into dist/ so the .vsix is self-contained:
 * - dist/extension.cjs: src/extension.ts with everything but `vscode` bundled;
 * - dist/server.cjs: the Rubric language server (apps/language-server's built
 *   main.js) with all its dependencies, started by the client over stdio;
 * - dist/schema/: core's JSON Schemas, read by the server's lint and
 *   contributed to VS Code's JSON support through jsonValidation.
 * `--tests` also bundles the mocha suites run inside VS Code (dist/test/).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const repo = join(root, '..', '..');
const dist = join(root, 'dist');
const withTests = process.argv.includes('--tests');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  // Keeps stack traces readable in the Output channel; the bundles are small enough.
  minify: false,
  logLevel: 'warning',
  // Some dependencies (jsonc-parser) ship a UMD `main` that esbuild cannot follow; their ESM build bundles fine.
  mainFields: ['module', 'main'],
};

/**
 * @rubric/core reads its JSON Schemas at `new URL('../../schema/<name>', import.meta.url)`
 * from dist/lint/json-schema.js. In the CJS bundle import.meta.url is replaced by a URL
 * two folders below dist/, so that lookup lands in dist/schema/, where they are copied.
 */
const importMetaUrl = {
  define: { 'import.meta.url': 'importMetaUrl' },
  banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(require('node:path').join(__dirname, 'core', 'lint', 'bundle.js')).href;" },
};

/**
 * Rubric's own packages are plain modules whose top level only defines things,
 * but their package.json files do not say `"sideEffects": false`. Saying it
 * here lets esbuild drop what the client does not use: it needs a few protocol
 * names and the page shell, not the language service or the renderer
 * (2 MB of bundle, read on every activation).
 * @type {import('esbuild').Plugin}
 */
const rubricPackagesArePure = {
  name: 'rubric-packages-are-pure',
  setup(b) {
    b.onResolve({ filter: /^@rubric\// }, async (args) => {
      if (args.pluginData === 'rubric-pure') return undefined;
      const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'rubric-pure' });
      return { ...resolved, sideEffects: false };
    });
    b.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.pluginData === 'rubric-pure' || !/[\\/]packages[\\/][^\\/]+[\\/]dist[\\/]/.test(args.importer)) return undefined;
      const resolved = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'rubric-pure' });
      return { ...resolved, sideEffects: false };
    });
  },
};

const serverMain = join(repo, 'apps', 'language-server', 'dist', 'main.js');
if (!existsSync(serverMain)) {
  console.error(`build: ${serverMain} is missing: build the language server first (\`npx turbo run build --filter=rubric-vscode\` builds it as a dependency)`);
  process.exit(1);
}

rmSync(dist, { recursive: true, force: true });
await Promise.all([
  build({ ...common, ...importMetaUrl, entryPoints: [join(root, 'src', 'extension.ts')], outfile: join(dist, 'extension.cjs'), external: ['vscode'], plugins: [rubricPackagesArePure] }),
  build({ ...common, ...importMetaUrl, entryPoints: [serverMain], outfile: join(dist, 'server.cjs') }),
  ...(withTests ? [build({ ...common, entryPoints: [join(root, 'test', 'suite', 'index.ts')], outfile: join(dist, 'test', 'index.cjs'), external: ['vscode'] })] : []),
]);

const schemas = join(repo, 'packages', 'core', 'schema');
mkdirSync(join(dist, 'schema'), { recursive: true });
for (const name of readdirSync(schemas)) {
  if (name.endsWith('.json')) copyFileSync(join(schemas, name), join(dist, 'schema', name));
}
