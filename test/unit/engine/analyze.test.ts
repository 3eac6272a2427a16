import * as assert from 'assert/strict';
import { analyze, fillTemplate } from '../../../src/engine/analyze';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { Rule } from '../../../src/engine/rule';

const grammars = new GrammarLoader(packageWasmLocator());

/** A rule that reports every `await`, to test the machinery around rules rather than any one rule. */
const everyAwait: Rule = {
  meta: { id: 'every-await', description: 'test', languages: ['python'], defaultSeverity: 'information', messages: { found: 'await of `{what}` #{n}' } },
  check(context) {
    let n = 0;
    const visit = (node: import('web-tree-sitter').Node) => {
      if (node.type === 'await') context.report({ node, messageId: 'found', data: { what: node.namedChildren[0]!.text, n: ++n } });
      for (const child of node.namedChildren) if (child) visit(child);
    };
    visit(context.tree.rootNode);
  },
};

describe('analyze', () => {
  it('runs a rule for its language, fills its message, and sorts findings by position', async () => {
    const text = 'async def f():\n    await b()\n    await a()\n';
    const tree = (await grammars.parserFor('python')).parse(text)!;
    const findings = analyze({ tree, text, family: 'python', rules: [everyAwait] });
    assert.deepEqual(findings.map(f => [f.range.start.line, f.message, f.severity, f.ruleId, f.messageId]), [
      [1, 'await of `b()` #1', 'information', 'every-await', 'found'],
      [2, 'await of `a()` #2', 'information', 'every-await', 'found'],
    ]);
    assert.deepEqual(findings[0].data, { what: 'b()', n: 1 });
    tree.delete();
  });

  it('does not run a rule on a language it is not for', async () => {
    const text = 'async function f() { await g(); }';
    const tree = (await grammars.parserFor('typescript')).parse(text)!;
    assert.deepEqual(analyze({ tree, text, family: 'javascript', rules: [everyAwait] }), []);
    tree.delete();
  });

  it('refuses a report with a message id the rule does not declare', async () => {
    const broken: Rule = { ...everyAwait, check: context => context.report({ node: context.tree.rootNode, messageId: 'nope' }) };
    const tree = (await grammars.parserFor('python')).parse('x = 1\n')!;
    assert.throws(() => analyze({ tree, text: 'x = 1\n', family: 'python', rules: [broken] }), /has no message 'nope'/);
    tree.delete();
  });

  const templates: Array<[string, Record<string, string | number>, string]> = [
    ['{a} and {b}', { a: 1, b: 'two' }, '1 and two'],
    ['{missing} stays', {}, '{missing} stays'],
  ];
  for (const [template, data, expected] of templates) {
    it(`fills '${template}'`, () => assert.equal(fillTemplate(template, data), expected));
  }
});
