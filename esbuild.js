// Bundles the extension (dist/extension.js), its simulation worker (dist/simulationWorker.js), the CLI (dist/cli.js) and the visualizer's page
// (dist/webview.js), and copies the tree-sitter runtime and grammar .wasm files next to them (dist/tree-sitter.wasm, dist/grammars/*.wasm),
// with the licenses of everything third-party among them (dist/ThirdPartyNotices.txt).
//   node esbuild.js [--production] [--watch]
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');
const grammars = require('./src/engine/grammars.json');
const { bundledPackages, noticesText } = require('./scripts/build/thirdPartyNotices');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const dist = path.join(__dirname, 'dist');

function copyWasmFiles() {
  fs.mkdirSync(path.join(dist, 'grammars'), { recursive: true });
  fs.copyFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), path.join(dist, 'tree-sitter.wasm'));
  // A grammar comes from its npm package, or from our own folder when we build it (scripts/grammar/build.js).
  for (const grammar of Object.values(grammars)) {
    const source = grammar.package ? require.resolve(`${grammar.package}/${grammar.wasm}`) : path.join(__dirname, grammar.folder, grammar.wasm);
    fs.copyFileSync(source, path.join(dist, 'grammars', grammar.wasm));
  }
}

/** dist/ThirdPartyNotices.txt: the licenses of the bundled packages, the tree-sitter runtime and the grammars. */
function writeThirdPartyNotices(metafiles) {
  const wasmPackages = ['web-tree-sitter', ...Object.values(grammars).filter(grammar => grammar.package).map(grammar => grammar.package)];
  const packages = [...new Set([...bundledPackages(metafiles), ...wasmPackages])].sort();
  const ownGrammars = Object.values(grammars).filter(grammar => grammar.folder);
  const extra = [...new Set(ownGrammars.map(grammar => grammar.folder))].map(folder => ({
    what: ownGrammars.filter(grammar => grammar.folder === folder).map(grammar => `dist/grammars/${grammar.wasm}`).join(', '),
    licenseFile: path.join(__dirname, folder, 'LICENSE'),
  }));
  fs.writeFileSync(path.join(dist, 'ThirdPartyNotices.txt'), noticesText(__dirname, packages, extra));
}

/** Reports build results the way VS Code's esbuild problem matcher expects. */
const problemMatcherPlugin = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd(result => {
      for (const { text, location } of [...result.errors, ...result.warnings]) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

// web-tree-sitter's ESM build finds its files through import.meta.url, which a CommonJS bundle lacks.
const importMetaUrlShim = "var __importMetaUrl = require('url').pathToFileURL(__filename).href;";

/** The rules' documentation pages, built into the CLI for SARIF help text (see src/cli/ruleDocs.ts). */
function ruleDocs() {
  const folder = path.join(__dirname, 'docs', 'rules');
  const docs = {};
  for (const file of fs.existsSync(folder) ? fs.readdirSync(folder) : []) {
    if (file.endsWith('.md') && file !== 'README.md') docs[file.slice(0, -3)] = fs.readFileSync(path.join(folder, file), 'utf8');
  }
  return docs;
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'warning',
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: importMetaUrlShim },
  plugins: watch ? [problemMatcherPlugin] : [],
};

const targets = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // A worker thread of the extension host: the visualizer's simulations run there, never on the host's thread.
  { ...common, entryPoints: ['src/extension/visualizer/simulationWorker.ts'], outfile: 'dist/simulationWorker.js' },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', define: { ...common.define, __RULE_DOCS__: JSON.stringify(ruleDocs()) }, banner: { js: `#!/usr/bin/env node\n${importMetaUrlShim}` } },
  // The webview runs in the browser: no Node shims, one self-contained script loaded by nonce.
  { bundle: true, platform: 'browser', target: 'es2022', format: 'iife', minify: production, sourcemap: true, sourcesContent: false,
    logLevel: 'warning', plugins: common.plugins, entryPoints: ['src/webview/main.ts'], outfile: 'dist/webview.js' },
];

async function main() {
  copyWasmFiles();
  if (watch) {
    const contexts = await Promise.all(targets.map(target => esbuild.context(target)));
    await Promise.all(contexts.map(context => context.watch()));
    return;
  }
  const results = await Promise.all(targets.map(target => esbuild.build({ ...target, metafile: true })));
  writeThirdPartyNotices(results.map(result => result.metafile));
  fs.chmodSync(path.join(dist, 'cli.js'), 0o755);
}

main().catch(error => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
