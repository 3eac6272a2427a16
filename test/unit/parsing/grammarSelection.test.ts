/**
 * `.ts` files are parsed with the TypeScript grammar and `.tsx` files with TSX, in the CLI (by file name) and in the
 * editor (by VS Code language id), and the grammars shipped in the bundle are the ones we build (grammars/).
 * Each case uses text that only its own grammar parses without errors, so a wrong choice shows.
 */
import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import grammarFiles from '../../../src/engine/grammars.json';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { grammarForLanguageId } from '../../../src/engine/languages';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), ...args], { encoding: 'utf8' });

const typescriptOnly = 'const n = <number>value;\nexport type * from "./types";\n';
const tsxOnly = 'const Title = styled.h1<{ big: boolean }>`font-size: 2em;`;\nexport const view = <Title big>{n}</Title>;\n';

/** [file name, text, what `check --verbose` must say it parsed it with]. */
const files: Array<[string, string, string]> = [
  ['cast.ts', typescriptOnly, 'typescript, no syntax errors'],
  ['cast.mts', typescriptOnly, 'typescript, no syntax errors'],
  ['cast.cts', typescriptOnly, 'typescript, no syntax errors'],
  ['types.d.ts', "export type * as Types from './types';\nexport declare const hints: import('./issues').Hint<string>[];\n", 'typescript, no syntax errors'],
  ['view.tsx', tsxOnly, 'tsx, no syntax errors'],
  ['view.jsx', 'export const view = <List items={items} />;\n', 'tsx, no syntax errors'],
  // The same texts in the other kind of file: proof that the grammar follows the file name.
  ['cast.tsx', typescriptOnly, 'tsx, has syntax errors'],
  ['view.ts', tsxOnly, 'typescript, has syntax errors'],
];

describe('grammar selection', () => {
  describe('in the CLI, by file name', () => {
    let folder: string;
    before(() => {
      folder = fs.mkdtempSync(path.join(os.tmpdir(), 'async-patterns-grammar-'));
      for (const [name, text] of files) fs.writeFileSync(path.join(folder, name), text);
    });
    after(() => fs.rmSync(folder, { recursive: true, force: true }));

    it('parses each file with the grammar of its extension', () => {
      const result = cli('check', folder, '--verbose');
      assert.equal(result.status, 0, result.stderr);
      for (const [name, , expected] of files) {
        const line = result.stderr.split('\n').find(candidate => candidate.startsWith(`parsed ${path.join(folder, name)} `));
        assert.ok(line?.startsWith(`parsed ${path.join(folder, name)} (${expected})`), `${name}: ${line}`);
      }
    });

    it('fixes a styled-components file instead of refusing it for syntax errors', () => {
      const file = path.join(folder, 'view.tsx');
      const result = cli('fix', file);
      assert.doesNotMatch(result.stderr, /syntax errors/);
      assert.equal(result.status, 0, result.stderr);
    });
  });

  describe('in the editor, by VS Code language id', () => {
    const grammars = new GrammarLoader(packageWasmLocator());
    const byLanguageId: Array<[string, string]> = [
      ['typescript', typescriptOnly],
      ['typescriptreact', tsxOnly],
      ['javascriptreact', 'export const view = <List items={items} />;\n'],
    ];
    for (const [languageId, text] of byLanguageId) {
      it(`parses a ${languageId} document without errors`, async () => {
        const grammar = grammarForLanguageId(languageId);
        assert.ok(grammar);
        const tree = (await grammars.parserFor(grammar)).parse(text)!;
        try {
          assert.equal(tree.rootNode.hasError, false, tree.rootNode.toString());
        } finally {
          tree.delete();
        }
      });
    }
  });

  it('ships the grammars we build, not the npm package’s', () => {
    const sha256 = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    for (const grammar of [grammarFiles.typescript, grammarFiles.tsx]) {
      assert.equal(sha256(path.join(repoRoot, 'dist', 'grammars', grammar.wasm)), sha256(path.join(repoRoot, grammar.folder, grammar.wasm)), grammar.wasm);
    }
  });
});
