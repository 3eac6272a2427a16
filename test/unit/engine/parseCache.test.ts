/**
 * The parse cache's incremental trees must be the trees a fresh parse gives, whatever the user types: checked by
 * replaying edits as VS Code reports them and comparing with a full parse of the final text, node by node and
 * position by position.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { GrammarId } from '../../../src/engine/languages';
import { ParseCache } from '../../../src/engine/parseCache';
import { TextChange } from '../../../src/engine/textChange';
import { applyChange, changeAt, describeTree } from './textEdits';
import { parseForAnalysis } from '../../../src/engine/parseForAnalysis';

const grammars = new GrammarLoader(packageWasmLocator());

async function freshTree(grammar: GrammarId, text: string): Promise<string> {
  // Python is parsed a region at a time, incrementally or not (see pythonDocumentTree.ts).
  const tree = parseForAnalysis(await grammars.parserFor(grammar), grammar, text);
  const described = describeTree(tree.rootNode);
  tree.delete();
  return described;
}

/** The seed's semaphore example, as the user would type it. */
const seedSemaphore = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'examples', 'seed_2_semaphore.py'), 'utf8');

const typeScriptGather = 'const results = await Promise.all(ids.map(id => fetchUser(id)));\nconsole.log(results);\n';

/** Where `needle` starts in `text`, failing loudly if a script's anchor went missing. */
function at(text: string, needle: string): number {
  const index = text.indexOf(needle);
  assert.ok(index >= 0, `${JSON.stringify(needle)} is in the text`);
  return index;
}

interface EditScript {
  name: string;
  grammar: GrammarId;
  text: string;
  /** Each step is one change event: its changes in the order VS Code sends them (later positions first). */
  steps: Array<(text: string) => TextChange[]>;
}

const scripts: EditScript[] = [
  { name: 'a character typed in a Python call', grammar: 'python', text: seedSemaphore,
    steps: [t => [changeAt(t, at(t, 'gather'), at(t, 'gather'), 'x')]] },
  { name: 'a character typed in a TypeScript call', grammar: 'typescript', text: typeScriptGather,
    steps: [t => [changeAt(t, at(t, 'fetchUser'), at(t, 'fetchUser'), 'q')]] },
  { name: 'a deleted range in TypeScript', grammar: 'typescript', text: 'const a = await Promise.all(ids.map(f));\nconst b = 2;\n',
    steps: [t => [changeAt(t, at(t, '.map'), at(t, '));'), '')]] },
  { name: 'a deleted range spanning two Python lines', grammar: 'python', text: seedSemaphore,
    steps: [t => [changeAt(t, at(t, '(f"Starting'), at(t, '        await asyncio.sleep'), '')]] },
  { name: 'a replacement across lines', grammar: 'python', text: seedSemaphore,
    steps: [t => [changeAt(t, at(t, 'async with'), at(t, 'await asyncio.sleep'), 'if sem:\n        ')]] },
  { name: 'a replacement across lines in TypeScript', grammar: 'typescript', text: typeScriptGather,
    steps: [t => [changeAt(t, at(t, 'Promise.all'), at(t, 'log('), 'pMap(ids, id => fetchUser(id), { concurrency: 4 });\nconsole.')]] },
  { name: 'a multi-line paste with \\n', grammar: 'tsx', text: 'export function App() {\n  return <div/>;\n}\n',
    steps: [t => [changeAt(t, at(t, '  return'), at(t, '  return'), '  const rows = items.map(i => <li>{i}</li>);\n')]] },
  { name: 'a multi-line paste with \\n into Python', grammar: 'python', text: seedSemaphore,
    steps: [t => [changeAt(t, at(t, 'asyncio.run'), at(t, 'asyncio.run'), 'async def other():\n    await main()\n\n')]] },
  { name: 'a multi-line paste with \\r\\n', grammar: 'python', text: 'x = 1\r\ny = 2\r\n',
    steps: [t => [changeAt(t, at(t, 'y'), at(t, 'y'), 'async def f():\r\n    await g()\r\n')]] },
  { name: 'a multi-line paste with \\r\\n into TypeScript', grammar: 'typescript', text: typeScriptGather.replace(/\n/g, '\r\n'),
    steps: [t => [changeAt(t, at(t, 'console'), at(t, 'console'), 'for (const r of results) {\r\n  use(r);\r\n}\r\n')]] },
  { name: 'a line break removed (lines joined) in a \\r\\n file', grammar: 'python', text: 'a = [1,\r\n     2]\r\nb = 3\r\n',
    steps: [t => [changeAt(t, at(t, ',\r\n') + 1, at(t, '2]'), ' ')]] },
  { name: 'edits next to astral and accented characters', grammar: 'typescript', text: 'const s = "é😀";\nconst n = 1;\n',
    steps: [t => [changeAt(t, at(t, '😀') + 2, at(t, '😀') + 2, '🎉x')], t => [changeAt(t, at(t, 'n ='), at(t, 'n ='), 'const m = 0; ')]] },
  { name: 'edits on Python lines holding "é" and "😀"', grammar: 'python', text: 'name = "é😀"  # café\nawait f(name)\n',
    steps: [
      t => [changeAt(t, at(t, '😀'), at(t, '😀') + 2, '😀😀')],
      t => [changeAt(t, at(t, 'café') + 4, at(t, 'café') + 4, ' ☕ déjà')],
      t => [changeAt(t, at(t, 'f(name)') + 2, at(t, 'f(name)') + 6, '"😀é", name')],
    ] },
  { name: 'a line holding an emoji deleted whole', grammar: 'python', text: 'a = 1\nb = "😀é😀"\nc = 3\n',
    steps: [t => [changeAt(t, at(t, 'b ='), at(t, 'c ='), '')]] },
  { name: 'several changes in one event (multi-cursor), later positions first', grammar: 'python', text: 'a = 1\nb = 2\nc = 3\n',
    steps: [t => [changeAt(t, at(t, '3'), at(t, '3') + 1, '30'), changeAt(t, at(t, '1'), at(t, '1') + 1, '10')]] },
  { name: 'several multi-line changes in one event, later positions first', grammar: 'typescript',
    text: 'const a = "😀";\nconst b = [1,\n  2];\nconst c = f(a);\n',
    steps: [t => [
      changeAt(t, at(t, 'f(a)'), at(t, 'f(a)') + 4, 'await Promise.all([\n  f(a),\n  g(b),\n])'),
      changeAt(t, at(t, '[1,'), at(t, '2];') + 2, '[]'),
      changeAt(t, at(t, '"😀"') + 3, at(t, '"😀"') + 3, 'é\\n'),
    ]] },
  { name: 'a rename at every use in one event, later positions first', grammar: 'python', text: seedSemaphore,
    steps: [t => [...t.matchAll(/\bsem\b/g)].map(m => m.index).reverse().map(i => changeAt(t, i, i + 3, 'limiter'))] },
];

/** Deterministic pseudo-random numbers: the same sessions every run, different ones per seed. */
function random(seed: number): (below: number) => number {
  let state = seed;
  return below => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state % below;
  };
}

/** The nearest offset at or before `offset` where VS Code can put a cursor: never inside a surrogate pair or a \r\n. */
function cursorAt(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && i < text.length && (/[\uDC00-\uDFFF]/.test(text[i]) || (text[i] === '\n' && text[i - 1] === '\r'))) i--;
  return i;
}

const typedPieces = ['x', ' ', '\n', '\r\n', '😀', 'é', '(', ')', ':', '    ', 'await ', 'async def f():\n    ', '"', '{', '}', ';', '<div>', '</div>'];

/** One change event of 1 to 3 disjoint random changes, later positions first. */
function randomEvent(text: string, next: (below: number) => number): TextChange[] {
  const count = 1 + next(3);
  const cuts = Array.from({ length: 2 * count }, () => cursorAt(text, next(text.length + 1))).sort((a, b) => a - b);
  const changes: TextChange[] = [];
  for (let i = cuts.length - 2; i >= 0; i -= 2) {
    const inserted = Array.from({ length: next(3) }, () => typedPieces[next(typedPieces.length)]).join('');
    changes.push(changeAt(text, cuts[i], cuts[i + 1], inserted));
  }
  return changes;
}

const randomSessions: Array<{ grammar: GrammarId; text: string; seed: number }> = [
  { grammar: 'python', text: seedSemaphore, seed: 1 },
  { grammar: 'python', text: seedSemaphore.replace(/\n/g, '\r\n'), seed: 2 },
  { grammar: 'typescript', text: typeScriptGather, seed: 3 },
  { grammar: 'tsx', text: 'export const F = () => <span>{await f("é😀")}</span>;\r\nconst y = 2;\r\n', seed: 4 },
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
        for (const change of changes) text = applyChange(text, change);
        const before = cache.stats.incremental;
        const parsed = await cache.applyChanges('doc', changes, text, ++version);
        assert.ok(parsed);
        assert.equal(parsed.parsedBy, 'incremental');
        assert.equal(parsed.version, version);
        assert.equal(parsed.text, text);
        assert.equal(cache.stats.incremental, before + 1);
        assert.equal(describeTree(parsed.tree.rootNode), await freshTree(script.grammar, text));
      }
      assert.equal(cache.stats.full, 1, 'only the first parse was from scratch');
      cache.dispose();
    });
  }

  for (const session of randomSessions) {
    it(`matches a fresh parse after every event of a random ${session.grammar} editing session (seed ${session.seed})`, async () => {
      const next = random(session.seed);
      const cache = new ParseCache(grammars);
      let text = session.text;
      await cache.parse('doc', session.grammar, text, 0);
      for (let version = 1; version <= 25; version++) {
        const changes = randomEvent(text, next);
        for (const change of changes) text = applyChange(text, change);
        const parsed = await cache.applyChanges('doc', changes, text, version);
        assert.equal(describeTree(parsed!.tree.rootNode), await freshTree(session.grammar, text), `event ${version}: ${JSON.stringify(changes)}`);
      }
      assert.deepEqual(cache.stats, { full: 1, incremental: 25 });
      cache.dispose();
    });
  }

  const typings: Array<{ name: string; grammar: GrammarId; program: string; keystrokes: (program: string) => string[] }> = [
    { name: 'the seed example one character at a time', grammar: 'python', program: seedSemaphore, keystrokes: p => [...p] },
    // Enter in a \r\n document inserts both characters in one change.
    { name: 'the seed example with \\r\\n line breaks, Enter as one change', grammar: 'python', program: seedSemaphore.replace(/\n/g, '\r\n'), keystrokes: p => p.match(/\r\n|[\s\S]/gu)! },
    { name: 'a TypeScript fan-out with an emoji, one code point at a time', grammar: 'typescript', program: typeScriptGather.replace('results);', 'results, "✅😀");'), keystrokes: p => [...p] },
  ];
  for (const typing of typings) {
    it(`types ${typing.name} without ever throwing, ending with the fresh parse's tree`, async () => {
      const { grammar } = typing;
      const cache = new ParseCache(grammars);
      let text = '';
      await cache.parse('doc', grammar, text, 0);
      let sawErrors = false;
      let version = 0;
      for (const keystroke of typing.keystrokes(typing.program)) {
        const change = changeAt(text, text.length, text.length, keystroke);
        text = applyChange(text, change);
        const parsed = (await cache.applyChanges('doc', [change], text, ++version))!;
        assert.equal(parsed.parsedBy, 'incremental');
        sawErrors ||= parsed.tree.rootNode.hasError;
      }
      const final = cache.get('doc')!;
      assert.equal(final.text, typing.program);
      assert.ok(sawErrors, 'half-typed code has syntax errors along the way');
      assert.equal(final.tree.rootNode.hasError, false);
      assert.equal(describeTree(final.tree.rootNode), await freshTree(grammar, typing.program));
      assert.deepEqual(cache.stats, { full: 1, incremental: version });
      cache.dispose();
    });
  }

  it('deletes the seed example with Backspace down to an empty file, always in step with a fresh parse', async () => {
    const cache = new ParseCache(grammars);
    let text = seedSemaphore;
    await cache.parse('doc', 'python', text, 0);
    let version = 0;
    while (text.length > 0) {
      const change = changeAt(text, text.length - 1, text.length, '');
      text = applyChange(text, change);
      const parsed = await cache.applyChanges('doc', [change], text, ++version);
      // Comparing at every step is slow; every 25th character and the empty end are enough to catch drift.
      if (version % 25 === 0 || text.length === 0) assert.equal(describeTree(parsed!.tree.rootNode), await freshTree('python', text));
    }
    assert.equal(cache.get('doc')!.tree.rootNode.toString(), '(module)');
    cache.dispose();
  });
});

describe('parse cache bookkeeping', () => {
  it('returns the cached tree for the same version and text, without parsing again', async () => {
    const cache = new ParseCache(grammars);
    const first = await cache.parse('doc', 'python', 'x = 1\n', 1);
    assert.equal(first.parsedBy, 'full');
    assert.equal(await cache.parse('doc', 'python', 'x = 1\n', 1), first);
    assert.equal(cache.stats.full, 1);
    cache.dispose();
  });

  const reparses: Array<{ name: string; grammar: GrammarId; text: string; version: number }> = [
    { name: 'a newer version', grammar: 'python', text: 'x = 1\n', version: 2 },
    { name: 'other text at the same version (a reverted file)', grammar: 'python', text: 'x = 2\n', version: 1 },
    { name: 'another grammar (the language mode was changed)', grammar: 'typescript', text: 'x = 1\n', version: 1 },
  ];
  for (const c of reparses) {
    it(`parses from scratch for ${c.name}`, async () => {
      const cache = new ParseCache(grammars);
      await cache.parse('doc', 'python', 'x = 1\n', 1);
      const again = await cache.parse('doc', c.grammar, c.text, c.version);
      assert.equal(again.parsedBy, 'full');
      assert.equal(again.grammar, c.grammar);
      assert.equal(cache.stats.full, 2);
      assert.equal(cache.get('doc'), again);
      assert.equal(describeTree(again.tree.rootNode), await freshTree(c.grammar, c.text));
      cache.dispose();
    });
  }

  it('has nothing to edit for a document it never parsed', async () => {
    const cache = new ParseCache(grammars);
    assert.equal(await cache.applyChanges('other', [changeAt('', 0, 0, 'x')], 'x', 2), undefined);
    assert.equal(cache.stats.incremental, 0);
  });

  it('forgets a closed document: it is gone, and edits to it are not applied', async () => {
    const cache = new ParseCache(grammars);
    await cache.parse('doc', 'python', 'x = 1\n', 1);
    await cache.parse('kept', 'python', 'y = 2\n', 1);
    cache.close('doc');
    assert.equal(cache.get('doc'), undefined);
    assert.equal(cache.size, 1);
    assert.equal(await cache.applyChanges('doc', [changeAt('x = 1\n', 0, 0, 'z')], 'zx = 1\n', 2), undefined);
    assert.equal(cache.get('kept')!.text, 'y = 2\n');
    cache.dispose();
    assert.equal(cache.size, 0);
  });

  it('keeps documents apart: an edit to one leaves the other tree as it was', async () => {
    const cache = new ParseCache(grammars);
    const other = await cache.parse('b.ts', 'typescript', typeScriptGather, 1);
    await cache.parse('a.py', 'python', 'x = 1\n', 1);
    const change = changeAt('x = 1\n', 4, 5, '2');
    await cache.applyChanges('a.py', [change], 'x = 2\n', 2);
    assert.equal(cache.get('b.ts'), other);
    assert.equal(describeTree(other.tree.rootNode), await freshTree('typescript', typeScriptGather));
    cache.dispose();
  });
});
