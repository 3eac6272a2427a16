/**
 * A proposal's edits apply to the text it was made for: when an insertion and a replacement start at one offset
 * (`import asyncio` inserted at the top, the first statement wrapped in `async with asyncio.timeout(...)`), the
 * insertion comes first and the replacement replaces exactly its range. Applying the insertion first shifted the
 * text under the replacement: `fix --write` and the fuzz test's check wrote a line twice (found by the fuzz test,
 * seed 20251111).
 */
import * as assert from 'assert/strict';
import { refactoringsAt } from '../../../src/engine/actions';
import { applyEdits, editsApply, TextEdit } from '../../../src/engine/actions/action';
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

  const applicable: Array<[string, TextEdit[], boolean]> = [
    ['edits side by side', [{ startIndex: 0, endIndex: 2, newText: 'a' }, { startIndex: 2, endIndex: 4, newText: 'b' }], true],
    ['an insertion where a replacement starts', [{ startIndex: 0, endIndex: 0, newText: 'a' }, { startIndex: 0, endIndex: 3, newText: 'b' }], true],
    ['two replacements that overlap', [{ startIndex: 0, endIndex: 3, newText: 'a' }, { startIndex: 2, endIndex: 5, newText: 'b' }], false],
    ['an edit past the end of the text', [{ startIndex: 4, endIndex: 12, newText: 'a' }], false],
    ['an edit that ends before it starts', [{ startIndex: 3, endIndex: 1, newText: 'a' }], false],
  ];
  for (const [what, edits, apply] of applicable) it(`${apply ? 'applies' : 'does not apply'} ${what}`, () => assert.equal(editsApply(edits, 10), apply));

  it('offers no refactoring whose edits overlap, at any offset of a file error recovery parses oddly (fuzz seed 1301)', async () => {
    const parser = await grammars.parserFor('typescript');
    const text = [
      'const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));',
      '',
      'async function fetchData(x: number): Promise<string> {',
      '  await sleep(1000);',
      '  return `Data ${x}`;',
      '}',
      '',
      'async function main(): Promise<void> {',
      '  const tasks = [0.000001, 1, 2].map(i => fetchDatat results = await Promise.all(tasks);',
      '  console.log(results);',
      '}',
      '',
    ].join('\n');
    const tree = parser.parse(text)!;
    try {
      let offered = 0;
      for (let offset = 0; offset <= text.length; offset++) {
        for (const proposal of refactoringsAt({ tree, text, family: 'javascript', grammar: 'typescript', maxConcurrency: 7, selection: { startIndex: offset, endIndex: offset }, dependencies: new Set() })) {
          offered++;
          assert.ok(editsApply(proposal.edits, text.length), `${proposal.id} at ${offset}: ${JSON.stringify(proposal.edits)}`);
        }
      }
      assert.ok(offered > 0, 'some refactoring is still offered in the file');
    } finally {
      tree.delete();
    }
  });

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
