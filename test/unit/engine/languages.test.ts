import * as assert from 'assert/strict';
import { familyOf, grammarForFileName, grammarForLanguageId } from '../../../src/engine/languages';

describe('languages', () => {
  const byFileName: Array<[string, string | undefined]> = [
    ['service.py', 'python'], ['stubs.pyi', 'python'], ['app.ts', 'typescript'], ['tool.mts', 'typescript'],
    ['tool.cts', 'typescript'], ['types.d.ts', 'typescript'], ['View.tsx', 'tsx'], ['index.js', 'tsx'],
    ['App.jsx', 'tsx'], ['module.mjs', 'tsx'], ['config.cjs', 'tsx'], ['SHOUT.PY', 'python'],
    ['Makefile', undefined], ['package.json', undefined], ['notes.txt', undefined],
  ];
  for (const [fileName, grammar] of byFileName) {
    it(`parses ${fileName} with ${grammar ?? 'nothing'}`, () => assert.equal(grammarForFileName(fileName), grammar));
  }

  const byLanguageId: Array<[string, string | undefined]> = [
    ['python', 'python'], ['typescript', 'typescript'], ['typescriptreact', 'tsx'], ['javascript', 'tsx'],
    ['javascriptreact', 'tsx'], ['json', undefined], ['toString', undefined],
  ];
  for (const [languageId, grammar] of byLanguageId) {
    it(`maps the VS Code language ${languageId} to ${grammar ?? 'nothing'}`, () => assert.equal(grammarForLanguageId(languageId), grammar));
  }

  it('puts every grammar in one of the two rule families', () => {
    assert.equal(familyOf('python'), 'python');
    assert.equal(familyOf('typescript'), 'javascript');
    assert.equal(familyOf('tsx'), 'javascript');
  });
});
