/**
 * File-level names are answered one name at a time, or from one index of the whole text once many names were
 * asked: both ways must give the same places, for every name of every example and fixture, broken ones included.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { charactersPerIndexStep, FileLevelNames } from '../../../src/engine/fanout/fileLevelNames';
import { pythonFileLevel } from '../../../src/engine/fanout/pythonScopes';
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
  indexed.indexAll();
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

describe('file-level names of a large file', () => {
  const statements = 12_000;
  const text = Array.from({ length: statements }, (_, i) => (i % 2 ? `def load_${i}(ids):\n    return ids\n` : `LIMIT_${i} = ${i}\n`)).join('');

  it(`are indexed about ${charactersPerIndexStep} characters per step, with the same places as in one go`, async () => {
    const tree = (await grammars.parserFor('python')).parse(text)!;
    const index = new SyntaxIndex(tree);
    const stepped = new FileLevelNames(index, text, pythonFileLevel);
    let steps = 0;
    for (const _ of stepped.indexSteps()) steps++;
    assert.ok(text.length > 2 * charactersPerIndexStep);
    assert.equal(steps, Math.ceil(text.length / charactersPerIndexStep) - 1, 'pauses between steps');
    assert.ok(stepped.indexedAll);
    const inOneGo = new FileLevelNames(index, text, pythonFileLevel);
    for (const name of ['load_1', 'LIMIT_0', `LIMIT_${statements - 2}`, 'ids', 'def']) assert.deepEqual(stepped.offsetsOf(name), inOneGo.offsetsOf(name), name);
    assert.deepEqual([...FileLevelNames.madeFor(index)], [stepped, inOneGo]);
    tree.delete();
  });

  it('are asked one at a time, without indexing the whole file, until many names were asked', async () => {
    const tree = (await grammars.parserFor('python')).parse(text)!;
    const names = new FileLevelNames(new SyntaxIndex(tree), text, pythonFileLevel);
    for (let i = 10001; i < 10040; i += 2) assert.equal(names.offsetsOf(`load_${i}`).length, 1, `load_${i}`);
    assert.equal(names.indexedAll, false);
    for (let i = 10041; i < 10080; i += 2) names.offsetsOf(`load_${i}`); // each search reads the whole text: past a few names, indexing pays
    assert.equal(names.indexedAll, true);
    tree.delete();
  });
});

/**
 * After an edit, the index is made from the last one: the statements the edit left alone keep their names, moved.
 * It must give the places a fresh index of the new text gives, for every name, edit after edit (the last tree is
 * deleted before the next index is made, as in the editor), and its work must follow the edit, not the file.
 */
describe('file-level names made from the last index', () => {
  for (const file of files) {
    it(`are the places a fresh index finds: ${path.basename(file)}, over random edits`, async () => {
      const grammar = grammarForFileName(file)!;
      const family = familyOf(grammar);
      const parser = await grammars.parserFor(grammar);
      const syntax = family === 'python'
        ? (await import('../../../src/engine/fanout/pythonScopes')).pythonFileLevel
        : (await import('../../../src/engine/fanout/javascriptScopes')).javascriptFileLevel;
      let text = fs.readFileSync(file, 'utf8');
      const next = random(files.indexOf(file) + 101);
      const history = [text];
      let tree = parser.parse(text)!;
      for (const _ of new FileLevelNames(new SyntaxIndex(tree), text, syntax).prepareSteps()) { /* the first index */ }
      for (let version = 0; version < 12; version++) {
        text = applyChange(text, randomEdit(text, family, history, next).change);
        history.push(text);
        tree.delete();
        tree = parser.parse(text)!;
        const index = new SyntaxIndex(tree);
        const derived = new FileLevelNames(index, text, syntax);
        for (const _ of derived.prepareSteps()) { /* steps */ }
        const fresh = new FileLevelNames(index, text, syntax);
        fresh.indexAll();
        for (const name of new Set(text.match(/[A-Za-z_$][\w$]*/g) ?? [])) assert.deepEqual(derived.offsetsOf(name), fresh.offsetsOf(name), `${name}, edit ${version + 1}`);
      }
      tree.delete();
    });
  }

  it('are made from the last index edit after edit, never from the whole text again while the edits are small', async () => {
    const parser = await grammars.parserFor('python');
    let text = Array.from({ length: 3000 }, (_, i) => `def load_${i}(ids):\n    return ids\n`).join('');
    let tree = parser.parse(text)!;
    for (const _ of new FileLevelNames(new SyntaxIndex(tree), text, pythonFileLevel).prepareSteps()) { /* the whole file */ }
    // Forty edits in three places, each renaming a function (its name read again), then asked as a check would.
    for (let edit = 0; edit < 40; edit++) {
      const target = [100, 1500, 2900][edit % 3];
      const name = new RegExp(String.raw`\bload_${target}x*\(`).exec(text)!;
      text = `${text.slice(0, name.index)}${name[0].slice(0, -1)}x(${text.slice(name.index + name[0].length)}`;
      tree.delete();
      tree = parser.parse(text)!;
      const names = new FileLevelNames(new SyntaxIndex(tree), text, pythonFileLevel);
      let steps = 0;
      for (const _ of names.prepareSteps()) steps++;
      assert.equal(steps, 0, `edit ${edit + 1}: made from the last index in one short step`);
      // Names of a few statements each: a fresh index asked them searches the text, and is no last index to the next.
      for (const asked of ['load_100', 'load_1500x', `load_${target}${'x'.repeat(Math.floor(edit / 3) + 1)}`, 'load_2999']) {
        const fresh = new FileLevelNames(new SyntaxIndex(tree), text, pythonFileLevel);
        assert.deepEqual(names.offsetsOf(asked), fresh.offsetsOf(asked), `edit ${edit + 1}: ${asked}`);
      }
    }
    tree.delete();
  });

  it('reads only the statements an edit changed', async () => {
    const parser = await grammars.parserFor('python');
    let text = Array.from({ length: 6000 }, (_, i) => `def load_${i}(ids):\n    return ids\n`).join('');
    let tree = parser.parse(text)!;
    const first = new FileLevelNames(new SyntaxIndex(tree), text, pythonFileLevel);
    let steps = 0;
    for (const _ of first.prepareSteps()) steps++;
    assert.ok(steps > 0, 'no last index: the whole file indexed in steps');
    text = text.replace('def load_1000(ids)', 'def load_1000x(ids)');
    tree.delete();
    tree = parser.parse(text)!;
    const derived = new FileLevelNames(new SyntaxIndex(tree), text, pythonFileLevel);
    steps = 0;
    for (const _ of derived.prepareSteps()) steps++;
    assert.equal(steps, 0, 'made from the last index in one short step');
    assert.deepEqual(derived.offsetsOf('load_1000x'), [text.indexOf('load_1000x')]);
    assert.deepEqual(derived.offsetsOf('load_1000'), []);
    assert.deepEqual(derived.offsetsOf('load_5999'), [text.indexOf('load_5999')]);
    tree.delete();
  });
});
