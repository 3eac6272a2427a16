/**
 * What `npm run package` puts in the .vsix, checked through vsce itself (`vsce ls` applies .vscodeignore exactly
 * as packaging does): only the bundles, their maps, the .wasm files, media, snippets and user documents.
 */
import * as assert from 'assert/strict';
import { execFileSync } from 'child_process';
import * as path from 'path';
import grammarFiles from '../../src/engine/grammars.json';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

describe('packaging', () => {
  let files: string[];
  before(function () {
    this.timeout(60000);
    const vsce = require.resolve('@vscode/vsce/vsce');
    files = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: repoRoot, encoding: 'utf8' })
      .split('\n')
      .map(line => line.trim())
      .filter(Boolean);
  });

  const allowed = [/^dist\/(extension|simulationWorker|cli|webview)\.js(\.map)?$/, /^dist\/tree-sitter\.wasm$/, /^dist\/grammars\/[\w-]+\.wasm$/,
    /^media\//, /^snippets\//, /^(package\.json|README\.md|CHANGELOG\.md|LICENSE)$/];

  it('contains nothing but what the extension needs', () => {
    const unexpected = files.filter(file => !allowed.some(pattern => pattern.test(file)));
    assert.deepEqual(unexpected, []);
  });

  it('contains the bundles, the tree-sitter runtime and every grammar', () => {
    const required = ['dist/extension.js', 'dist/simulationWorker.js', 'dist/cli.js', 'dist/webview.js', 'media/timeline.css', 'dist/tree-sitter.wasm', 'README.md', 'CHANGELOG.md', 'LICENSE',
      ...Object.values(grammarFiles).map(grammar => `dist/grammars/${grammar.wasm}`)];
    for (const file of required) assert.ok(files.includes(file), `${file} is packaged`);
  });

  it('contains every snippet file the manifest contributes', () => {
    const manifest = require(path.join(repoRoot, 'package.json'));
    const snippetFiles: string[] = manifest.contributes.snippets.map((entry: { path: string }) => path.posix.normalize(entry.path));
    assert.ok(snippetFiles.length > 0);
    for (const file of snippetFiles) assert.ok(files.includes(file), `${file} is packaged`);
  });
});
