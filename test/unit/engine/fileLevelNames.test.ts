/**
 * File-level names are answered one name at a time, or from one index of the whole text once many names were
 * asked: both ways must give the same places, for every name of every example and fixture, broken ones included.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { FileLevelNames } from '../../../src/engine/fanout/fileLevelNames';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { familyOf, grammarForFileName } from '../../../src/engine/languages';
import { SyntaxIndex } from '../../../src/engine/syntax';
import { random, randomEdit } from './randomEdits';
import { applyChange } from './textEdits';

const grammars = new GrammarLoader(packageWasmLocator());
const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const files = [path.join(repoRoot, 'examples'), path.join(repoRoot, 'test', 'fixtures', 'rules', 'unbounded-fanout')]
  .flatMap(folder => fs.readdirSync(folder).map(name => path.join(folder, name)))
  .filter(file => grammarForFileName(file) !== undefined);

/** The same syntax the scopes use, read through them: a name asked of a fresh index, and of one forced to index all. */
function bothWays(names: (text: string, index: SyntaxIndex) => FileLevelNames, text: string, index: SyntaxIndex): void {
  const indexed = names(text, index);
  for (let i = 0; i < 30; i++) indexed.offsetsOf(`\u0000no such name ${i}`); // past the number of names searched one by one
  for (const name of new Set(text.match(/[A-Za-z_$][\w$]*/g) ?? [])) {
    assert.deepEqual(indexed.offsetsOf(name), names(text, index).offsetsOf(name), name);
  }
}

describe('file-level names', () => {
  for (const file of files) {
    it(`are the same asked one by one or indexed at once: ${path.basename(file)}, as it is and after random edits`, async () => {
      const grammar = grammarForFileName(file)!;
      const family = familyOf(grammar);
      const parser = await grammars.parserFor(grammar);
      const scopes = family === 'python'
        ? (await import('../../../src/engine/fanout/pythonScopes')).pythonFileLevel
        : (await import('../../../src/engine/fanout/javascriptScopes')).javascriptFileLevel;
      const names = (text: string, index: SyntaxIndex) => new FileLevelNames(index, text, scopes);
      let text = fs.readFileSync(file, 'utf8');
      const next = random(files.indexOf(file) + 1);
      const history = [text];
      for (let version = 0; version <= 6; version++) {
        const tree = parser.parse(text)!;
        bothWays(names, text, new SyntaxIndex(tree));
        tree.delete();
        text = applyChange(text, randomEdit(text, family, history, next).change);
        history.push(text);
      }
    });
  }
});
