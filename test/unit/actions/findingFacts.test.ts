/**
 * Findings carry their facts to their fixes (issue 13): the flagged node's exact extent and the other nodes the rule
 * matched, kept through the incremental analysis, so a fix acts on what the rule saw instead of on whatever call
 * starts at the finding's first character.
 */
import * as assert from 'assert/strict';
import { flaggedNode, matchedNode } from '../../../src/engine/actions/action';
import { limitWithSemaphore } from '../../../src/engine/actions/limitWithSemaphore';
import { analyze } from '../../../src/engine/analyze';
import { Finding } from '../../../src/engine/finding';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { IncrementalAnalysis } from '../../../src/engine/incrementalAnalysis';
import { Rule } from '../../../src/engine/rule';
import { rangeOf, SyntaxIndex } from '../../../src/engine/syntax';
import { checkAction } from './actionTester';
import { instrumentedPythonFetch, runProgram } from './execution';

const grammars = new GrammarLoader(packageWasmLocator());

async function parsePython(text: string) {
  return (await grammars.parserFor('python')).parse(text)!;
}

/** Reports each `gather(...)` call, with its first argument as the collection: a rule that says what it matched. */
const reportsNodes: Rule = {
  meta: { id: 'reports-nodes', description: 'test double', languages: ['python'], defaultSeverity: 'warning', messages: { found: 'found' } },
  check(context) {
    for (const call of context.tree.rootNode.descendantsOfType('call')) {
      if (!call || !call.childForFieldName('function')?.text.endsWith('gather')) continue;
      if (context.ranges && !context.ranges.some(range => range.startIndex <= call.startIndex && call.startIndex < range.endIndex)) continue;
      const collection = call.childForFieldName('arguments')?.namedChildren[0] ?? undefined;
      context.report({ node: call, messageId: 'found', nodes: { collection } });
    }
  },
};

const loopCallee = `
  import asyncio

  async def main(ids):
      for i in ids:
          $0asyncio.get_running_loop().create_task(fetch(i))
`;

describe('findings carry their facts to their fixes', () => {
  it('limit-with-semaphore fixes the flagged call when its callee is itself a call (it starts where that call does)', async () => {
    const result = await checkAction(limitWithSemaphore, 'python', loopCallee, `
      import asyncio

      async def main(ids):
          semaphore = asyncio.Semaphore(16)

          async def run_limited(awaitable):
              async with semaphore:
                  return await awaitable

          for i in ids:
              asyncio.get_running_loop().create_task(run_limited(fetch(i)))
    `);
    const run = (program: string) => runProgram('python3', `${instrumentedPythonFetch}\n${program.replace('import asyncio\n', '')}\n\nasync def run():\n    await main(range(50))\n    while len(asyncio.all_tasks()) > 1:\n        await asyncio.sleep(0.01)\n    print(peak)\n\n\nasyncio.run(run())\n`);
    const before = loopCallee.replace('$0', '').replace(/^ {2}/gm, '').trim();
    assert.deepEqual(run(before), ['50'], 'before: every task at once');
    assert.deepEqual(run(result), ['16'], 'after: at most 16');
  });

  it('flaggedNode takes the node spanning the finding\'s range; a finding rebuilt from a bare position gets the innermost one starting there', async () => {
    const text = 'import asyncio\n\nasync def main(ids):\n    for i in ids:\n        asyncio.get_running_loop().create_task(fetch(i))\n';
    const tree = await parsePython(text);
    try {
      const index = new SyntaxIndex(tree);
      const outer = index.nodeAt(text.indexOf('.create_task'))!.parent!.parent!;
      assert.equal(outer.text, 'asyncio.get_running_loop().create_task(fetch(i))', 'the premise: the whole call');
      const finding: Finding = { ruleId: 'unbounded-fanout', messageId: 'unknownSize', message: '', severity: 'warning', range: rangeOf(outer), related: [], data: {} };
      assert.equal(flaggedNode(index, text, finding, 'call')?.text, outer.text);
      const atPosition = { ...finding, range: { start: finding.range.start, end: finding.range.start } };
      assert.equal(flaggedNode(index, text, atPosition, 'call')?.text, 'asyncio.get_running_loop()');
    } finally {
      tree.delete();
    }
  });

  it('a finding\'s matched nodes reach the fixes as ranges, and matchedNode finds them again', async () => {
    const text = 'import asyncio\n\nasync def main(jobs):\n    await asyncio.gather(*jobs)\n';
    const tree = await parsePython(text);
    try {
      const [finding] = analyze({ tree, text, family: 'python', rules: [reportsNodes] });
      assert.deepEqual(finding.nodes, { collection: { start: { line: 3, column: 25 }, end: { line: 3, column: 30 } } });
      assert.equal(matchedNode(new SyntaxIndex(tree), text, finding, 'collection')?.text, '*jobs');
      assert.equal(matchedNode(new SyntaxIndex(tree), text, finding, 'task'), undefined, 'a role the rule did not fill');
    } finally {
      tree.delete();
    }
  });

  it('the incremental analysis moves matched nodes with their statement, as a full analysis places them', async () => {
    const before = 'import asyncio\n\n\nasync def main(jobs):\n    await asyncio.gather(*jobs)\n';
    const after = `import asyncio\n\nLIMIT = 3\n\n\n${before.slice('import asyncio\n\n\n'.length)}`;
    const analysis = new IncrementalAnalysis();
    for (const text of [before, after]) {
      const tree = await parsePython(text);
      try {
        const incremental = analysis.analyze({ tree, text, family: 'python', rules: [reportsNodes] });
        assert.deepEqual(incremental, analyze({ tree, text, family: 'python', rules: [reportsNodes] }));
      } finally {
        tree.delete();
      }
    }
    assert.deepEqual(analysis.lastRun, { checked: 1, reused: 2 }, 'the premise: the function\'s finding was reused, moved');
  });
});
