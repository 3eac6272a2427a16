import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import type { Parser } from 'web-tree-sitter';
import { analyze } from '../../../src/engine/analyze';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { IncrementalAnalysis } from '../../../src/engine/incrementalAnalysis';
import { familyOf, GrammarId, grammarForFileName } from '../../../src/engine/languages';
import { indentSyntaxTree, maxIndentedDepth, syntaxTreeText } from '../../../src/engine/syntaxTreeText';

const grammars = new GrammarLoader(packageWasmLocator());

describe('syntax tree text', () => {
  it('puts one node a line, indented by depth', () => {
    assert.equal(
      indentSyntaxTree('(module (expression_statement (call function: (identifier) arguments: (argument_list))))'),
      '(module\n  (expression_statement\n    (call function:\n      (identifier) arguments:\n      (argument_list))))\n',
    );
  });

  it('indents no deeper than maxIndentedDepth levels', () => {
    const depth = maxIndentedDepth + 50;
    const lines = indentSyntaxTree(`${'(a '.repeat(depth)}(b)${')'.repeat(depth)}`).trimEnd().split('\n');
    assert.equal(lines.length, depth + 1);
    assert.equal(lines[maxIndentedDepth], `${'  '.repeat(maxIndentedDepth)}(a`);
    assert.equal(lines[depth], `${'  '.repeat(maxIndentedDepth)}(b)${')'.repeat(depth)}`);
  });

  it('writes what Node.toString() writes, for every example and fixture', async () => {
    const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
    const files = ['examples', path.join('test', 'fixtures', 'rules', 'unbounded-fanout')]
      .flatMap(folder => fs.readdirSync(path.join(repoRoot, folder)).map(name => path.join(repoRoot, folder, name)))
      .filter(file => grammarForFileName(file));
    assert.ok(files.length >= 20, `${files.length} files`);
    for (const file of files) {
      const parser = await grammars.parserFor(grammarForFileName(file)!);
      const tree = parser.parse(fs.readFileSync(file, 'utf8'))!;
      try {
        // A missing token the grammar hides (Python's `_newline`) is not a node the API can reach: the cursor
        // never stops on it.
        const expected = tree.rootNode.toString().replace(/ (?:\w+: )?\(MISSING _\w+\)/g, '');
        assert.equal(syntaxTreeText(tree.rootNode), expected, file);
      } finally {
        tree.delete();
      }
    }
  });

  it('writes the missing, unexpected and anonymous nodes of a broken file as Node.toString() does', async () => {
    const cases: Array<{ grammar: GrammarId; text: string; shows: RegExp }> = [
      { grammar: 'typescript', text: 'const x = f(1;\n', shows: /\(MISSING "\)"\)/ },
      { grammar: 'python', text: 'x = 1 $ 2\n', shows: /\(UNEXPECTED '\$'\)/ },
      { grammar: 'python', text: 'def f(:\n    pass\n', shows: /\(MISSING "\)"\)/ },
      { grammar: 'typescript', text: 'let = ;\n', shows: /\(ERROR\)/ },
    ];
    for (const c of cases) {
      const tree = (await grammars.parserFor(c.grammar)).parse(c.text)!;
      try {
        const written = syntaxTreeText(tree.rootNode);
        assert.match(written, c.shows);
        assert.equal(written, tree.rootNode.toString());
        const anonymous = tree.rootNode.descendantsOfType('(')[0];
        if (anonymous) assert.equal(syntaxTreeText(anonymous), anonymous.toString());
      } finally {
        tree.delete();
      }
    }
  });
});

/**
 * A tree thousands of levels deep, as a user can type one: web-tree-sitter's Node.toString() overflows its stack
 * in WebAssembly on it ("memory access out of bounds") and leaves the parser broken. Writing it out, showing it and
 * analysing it must work, and the parser must still work after.
 */
describe('trees thousands of levels deep', () => {
  const depth = 5_000;
  const deepTexts: Array<{ name: string; grammar: GrammarId; text: string; nested: string }> = [
    { name: 'Python, nested parentheses', grammar: 'python', text: `x = ${'('.repeat(depth)}1${')'.repeat(depth)}\n`, nested: 'parenthesized_expression' },
    { name: 'JavaScript, nested parentheses', grammar: 'tsx', text: `const x = ${'('.repeat(depth)}1${')'.repeat(depth)};\n`, nested: 'parenthesized_expression' },
    { name: 'TypeScript, nested arrow functions', grammar: 'typescript', text: `const f = ${'async () => '.repeat(depth)}1;\n`, nested: 'arrow_function' },
  ];

  async function stillParses(parser: Parser): Promise<void> {
    const tree = parser.parse('f(x)\n')!;
    try {
      assert.match(tree.rootNode.toString(), /call/);
    } finally {
      tree.delete();
    }
  }

  for (const c of deepTexts) {
    it(`${c.name}: written out and shown, ${depth} levels`, async () => {
      const parser = await grammars.parserFor(c.grammar);
      const tree = parser.parse(c.text)!;
      try {
        const written = syntaxTreeText(tree.rootNode);
        assert.equal(written.split(`(${c.nested}`).length - 1, depth);
        const shown = indentSyntaxTree(written);
        assert.ok(shown.split('\n').every(line => line.length - line.trimStart().length <= 2 * maxIndentedDepth), 'indentation bounded');
      } finally {
        tree.delete();
      }
      await stillParses(parser);
    });
  }

  // A unit with a syntax error is written out for its key (when it is not too long to be worth it): deep ones too.
  const brokenDepth = 2_000;
  const brokenTexts: Array<{ name: string; grammar: GrammarId; text: string }> = [
    { name: 'Python', grammar: 'python', text: `import asyncio\n\nx = [${'('.repeat(brokenDepth)}1${')'.repeat(brokenDepth)} 2]\n\nasync def main(ids):\n    await asyncio.gather(*[f(i) for i in ids])\n` },
    { name: 'TypeScript', grammar: 'typescript', text: `const x = ${'('.repeat(brokenDepth)}1${')'.repeat(brokenDepth)} +;\n\nasync function main(ids) {\n  return Promise.all(ids.map(id => f(id)));\n}\n` },
  ];
  for (const c of brokenTexts) {
    it(`${c.name}: a statement ${brokenDepth} levels deep with a syntax error, analysed incrementally as analyze() does`, async () => {
      const parser = await grammars.parserFor(c.grammar);
      const family = familyOf(c.grammar);
      const options = { level: 'strict' } as const;
      const tree = parser.parse(c.text)!;
      try {
        assert.ok(tree.rootNode.hasError);
        const expected = analyze({ tree, text: c.text, family, options }).map(finding => finding.message);
        assert.equal(expected.length, 1, 'the fan-out after the deep statement is found');
        assert.deepEqual(new IncrementalAnalysis().analyze({ tree, text: c.text, family, options }).map(finding => finding.message), expected);
      } finally {
        tree.delete();
      }
      await stillParses(parser);
    });
  }
});
