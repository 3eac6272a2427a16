/**
 * The parse cache's incremental trees must be the trees a fresh parse gives, whatever the user types: checked by
 * replaying edits as VS Code reports them and comparing with a full parse of the final text.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { GrammarId } from '../../../src/engine/languages';
import { ParseCache } from '../../../src/engine/parseCache';
import { TextChange } from '../../../src/engine/textChange';

const grammars = new GrammarLoader(packageWasmLocator());

/** The change VS Code reports for replacing text[start, end) by `inserted`, positions in UTF-16 units. */
function changeAt(text: string, start: number, end: number, inserted: string): TextChange {
  const position = (offset: number) => {
    const before = text.slice(0, offset).split(/\r\n|\r|\n/);
    return { line: before.length - 1, character: before[before.length - 1].length };
  };
  return { rangeOffset: start, rangeLength: end - start, range: { start: position(start), end: position(end) }, text: inserted };
}

function apply(text: string, change: TextChange): string {
  return text.slice(0, change.rangeOffset) + change.text + text.slice(change.rangeOffset + change.rangeLength);
}

async function freshTree(grammar: GrammarId, text: string): Promise<string> {
  const tree = (await grammars.parserFor(grammar)).parse(text)!;
  const sExpression = tree.rootNode.toString();
  tree.delete();
  return sExpression;
}

/** The seed's semaphore example, as the user would type it. */
const seedSemaphore = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'examples', 'seed_2_semaphore.py'), 'utf8');

interface EditScript {
  name: string;
  grammar: GrammarId;
  text: string;
  /** Each step is one change event: its changes in the order VS Code sends them (later positions first). */
  steps: Array<(text: string) => TextChange[]>;
}

const scripts: EditScript[] = [
  { name: 'a character typed in a Python call', grammar: 'python', text: seedSemaphore,
    steps: [t => [changeAt(t, t.indexOf('gather'), t.indexOf('gather'), 'x')]] },
  { name: 'a deleted range in TypeScript', grammar: 'typescript', text: 'const a = await Promise.all(ids.map(f));\nconst b = 2;\n',
    steps: [t => [changeAt(t, t.indexOf('.map'), t.indexOf('));'), '')]] },
  { name: 'a replacement across lines', grammar: 'python', text: seedSemaphore,
    steps: [t => [changeAt(t, t.indexOf('async with'), t.indexOf('await asyncio.sleep'), 'if sem:\n        ')]] },
  { name: 'a multi-line paste with \\n', grammar: 'tsx', text: 'export function App() {\n  return <div/>;\n}\n',
    steps: [t => [changeAt(t, t.indexOf('  return'), t.indexOf('  return'), '  const rows = items.map(i => <li>{i}</li>);\n')]] },
  { name: 'a multi-line paste with \\r\\n', grammar: 'python', text: 'x = 1\r\ny = 2\r\n',
    steps: [t => [changeAt(t, t.indexOf('y'), t.indexOf('y'), 'async def f():\r\n    await g()\r\n')]] },
  { name: 'edits next to astral and accented characters', grammar: 'typescript', text: 'const s = "é😀";\nconst n = 1;\n',
    steps: [t => [changeAt(t, t.indexOf('😀') + 2, t.indexOf('😀') + 2, '🎉x')], t => [changeAt(t, t.indexOf('n ='), t.indexOf('n ='), 'const m = 0; ')]] },
  { name: 'several changes in one event (multi-cursor), later positions first', grammar: 'python', text: 'a = 1\nb = 2\nc = 3\n',
    steps: [t => [changeAt(t, t.indexOf('3'), t.indexOf('3') + 1, '30'), changeAt(t, t.indexOf('1'), t.indexOf('1') + 1, '10')]] },
];

describe('incremental parsing', () => {
  for (const script of scripts) {
    it(`matches a fresh parse after ${script.name}`, async () => {
      const cache = new ParseCache(grammars);
      let text = script.text;
      let version = 1;
      await cache.parse('doc', script.grammar, text, version);
      for (const step of script.steps) {
        const changes = step(text);
        for (const change of changes) text = apply(text, change);
        const before = cache.stats.incremental;
        const parsed = await cache.applyChanges('doc', changes, text, ++version);
        assert.ok(parsed);
        assert.equal(parsed.parsedBy, 'incremental');
        assert.equal(cache.stats.incremental, before + 1);
        assert.equal(parsed.tree.rootNode.toString(), await freshTree(script.grammar, text));
      }
      assert.equal(cache.stats.full, 1, 'only the first parse was from scratch');
      cache.dispose();
    });
  }

  it('types the seed example one character at a time without ever throwing', async () => {
    const cache = new ParseCache(grammars);
    let text = '';
    await cache.parse('doc', 'python', text, 0);
    let sawErrors = false;
    for (let i = 0; i < seedSemaphore.length; i++) {
      const change = changeAt(text, text.length, text.length, seedSemaphore[i]);
      text = apply(text, change);
      const parsed = await cache.applyChanges('doc', [change], text, i + 1);
      sawErrors ||= parsed!.tree.rootNode.hasError;
    }
    const final = cache.get('doc')!;
    assert.ok(sawErrors, 'half-typed code has syntax errors along the way');
    assert.equal(final.tree.rootNode.hasError, false);
    assert.equal(final.tree.rootNode.toString(), await freshTree('python', seedSemaphore));
    assert.equal(cache.stats.full, 1);
    cache.dispose();
  });

  it('returns the cached tree for the same version, and nothing to edit for an unknown document', async () => {
    const cache = new ParseCache(grammars);
    const first = await cache.parse('doc', 'python', 'x = 1\n', 1);
    assert.equal(await cache.parse('doc', 'python', 'x = 1\n', 1), first);
    assert.equal(cache.stats.full, 1);
    assert.equal(await cache.applyChanges('other', [], '', 2), undefined);
    cache.close('doc');
    assert.equal(cache.get('doc'), undefined);
    assert.equal(cache.size, 0);
  });
});
