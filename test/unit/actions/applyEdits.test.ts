/**
 * A proposal's edits apply to the text it was made for: when an insertion and a replacement start at one offset
 * (`import asyncio` inserted at the top, the first statement wrapped in `async with asyncio.timeout(...)`), the
 * insertion comes first and the replacement replaces exactly its range. Applying the insertion first shifted the
 * text under the replacement: `fix --write` and the fuzz test's check wrote a line twice (found by the fuzz test,
 * seed 20251111).
 */
import * as assert from 'assert/strict';
import { refactoringsAt } from '../../../src/engine/actions';
import { applyEdits, TextEdit } from '../../../src/engine/actions/action';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';

const grammars = new GrammarLoader(packageWasmLocator());

const cases: Array<{ name: string; text: string; edits: TextEdit[]; result: string }> = [
  {
    name: 'an insertion and a replacement at the start of the text',
    text: 'x = f()\ny = 2\n',
    edits: [{ startIndex: 0, endIndex: 0, newText: 'import a\n' }, { startIndex: 0, endIndex: 7, newText: 'with t:\n    x = f()' }],
    result: 'import a\nwith t:\n    x = f()\ny = 2\n',
  },
  {
    name: 'the same edits in the other order',
    text: 'x = f()\ny = 2\n',
    edits: [{ startIndex: 0, endIndex: 7, newText: 'with t:\n    x = f()' }, { startIndex: 0, endIndex: 0, newText: 'import a\n' }],
    result: 'import a\nwith t:\n    x = f()\ny = 2\n',
  },
  {
    name: 'an insertion at the end of a replaced range stays after it',
    text: 'abc',
    edits: [{ startIndex: 3, endIndex: 3, newText: '!' }, { startIndex: 0, endIndex: 3, newText: 'xyz' }],
    result: 'xyz!',
  },
];

describe('applying the edits of a proposal', () => {
  for (const c of cases) it(c.name, () => assert.equal(applyEdits(c.text, c.edits), c.result));

  it('add-timeout on the first statement of a file without `import asyncio` writes each line once, and selects its number', async () => {
    const parser = await grammars.parserFor('python');
    const text = 'x = await asyncio.gather(*[f(r) for r in rows])\n';
    const tree = parser.parse(text)!;
    try {
      const proposal = refactoringsAt({ tree, text, family: 'python', grammar: 'python', maxConcurrency: 7, selection: { startIndex: 10, endIndex: 10 }, dependencies: new Set(), pythonVersion: '3.12' })
        .find(candidate => candidate.id === 'add-timeout');
      assert.ok(proposal, 'offered');
      const result = applyEdits(text, proposal.edits);
      assert.equal(result, 'import asyncio\nasync with asyncio.timeout(10):\n    x = await asyncio.gather(*[f(r) for r in rows])\n');
      assert.equal(result.slice(proposal.limit!.startIndex, proposal.limit!.endIndex), '10', 'the editable number is selected');
    } finally {
      tree.delete();
    }
  });
});
