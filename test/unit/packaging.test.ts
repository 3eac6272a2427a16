/**
 * What `npm run package` puts in the .vsix, checked through vsce itself (`vsce ls` applies .vscodeignore exactly
 * as packaging does): only the bundles, their maps, the .wasm files, media, snippets and user documents.
 */
import * as assert from 'assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
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
    /^dist\/ThirdPartyNotices\.txt$/, /^media\//, /^snippets\//, /^(package\.json|README\.md|CHANGELOG\.md|LICENSE)$/];

  it('contains nothing but what the extension needs', () => {
    const unexpected = files.filter(file => !allowed.some(pattern => pattern.test(file)));
    assert.deepEqual(unexpected, []);
  });

  it('contains the bundles, the tree-sitter runtime and every grammar', () => {
    const required = ['dist/extension.js', 'dist/simulationWorker.js', 'dist/cli.js', 'dist/webview.js', 'media/timeline.css', 'dist/tree-sitter.wasm', 'README.md', 'CHANGELOG.md', 'LICENSE',
      ...Object.values(grammarFiles).map(grammar => `dist/grammars/${grammar.wasm}`)];
    for (const file of required) assert.ok(files.includes(file), `${file} is packaged`);
  });

  it('ships the license of every third-party package in the bundles and of every .wasm file', () => {
    assert.ok(files.includes('dist/ThirdPartyNotices.txt'), 'dist/ThirdPartyNotices.txt is packaged');
    const notices = fs.readFileSync(path.join(repoRoot, 'dist', 'ThirdPartyNotices.txt'), 'utf8');
    const titles = [...notices.matchAll(/^={78}\n(.+)\n={78}$/gm)].map(match => match[1]);
    // Read from the bundles' source maps, independently of how the build script finds them.
    const bundled = new Set<string>();
    for (const map of files.filter(file => file.endsWith('.js.map'))) {
      for (const source of JSON.parse(fs.readFileSync(path.join(repoRoot, map), 'utf8')).sources as string[]) {
        const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source);
        if (inPackage) bundled.add(inPackage[1]);
      }
    }
    assert.ok(bundled.has('web-tree-sitter'), 'the source maps name the bundled packages');
    const grammarPackages = Object.values(grammarFiles).flatMap(grammar => 'package' in grammar ? [grammar.package] : []);
    for (const name of [...bundled, ...grammarPackages]) {
      assert.ok(titles.some(title => title.startsWith(`${name} `)), `the notices carry ${name}'s license`);
    }
    for (const wasm of files.filter(file => file.startsWith('dist/grammars/'))) {
      const grammar = Object.values(grammarFiles).find(entry => wasm === `dist/grammars/${entry.wasm}`);
      assert.ok(grammar, `${wasm} is a known grammar`);
      assert.ok('package' in grammar || titles.some(title => title.includes(wasm)), `the notices carry the license of ${wasm}`);
    }
    assert.match(notices, /tree-sitter-typescript[\s\S]*MIT License|MIT License[\s\S]*tree-sitter-typescript/, 'our own grammars carry tree-sitter-typescript\'s license');
  });

  it('contains every snippet file the manifest contributes', () => {
    const manifest = require(path.join(repoRoot, 'package.json'));
    const snippetFiles: string[] = manifest.contributes.snippets.map((entry: { path: string }) => path.posix.normalize(entry.path));
    assert.ok(snippetFiles.length > 0);
    for (const file of snippetFiles) assert.ok(files.includes(file), `${file} is packaged`);
  });
});
