/**
 * A file parsed a region at a time (see regionTrees.ts), Python and TypeScript: after each change the region trees,
 * node by node and position by position, are the ones a fresh region parse of the new text gives, and on a text
 * without syntax errors they are the whole file's parse's; an edit parses again only the regions it touched.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import type { Node, Parser } from 'web-tree-sitter';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { pythonRegions } from '../../../src/engine/pythonRegions';
import { RegionTrees } from '../../../src/engine/regionTrees';
import { RegionScanner } from '../../../src/engine/regions';
import { javascriptRegions } from '../../../src/engine/javascriptRegions';
import { GrammarId } from '../../../src/engine/languages';
import { TextChange } from '../../../src/engine/textChange';
import { regionEditBase, regionEdits } from './pythonRegionEdits';
import { random } from './randomEdits';
import { applyChange, changeAt, describeTree } from './textEdits';

const grammars = new GrammarLoader(packageWasmLocator());
const root = path.resolve(__dirname, '..', '..', '..', '..');
const seedSemaphore = fs.readFileSync(path.join(root, 'examples', 'seed_2_semaphore.py'), 'utf8');

/** The regions' top-level nodes, every node written with its offsets and positions. */
function regionNodes(regions: RegionTrees): string {
  return regions.regions().flatMap(region => topLevel(region.tree.rootNode)).join('\n');
}

function topLevel(node: Node): string[] {
  return node.children.filter((child): child is Node => child !== null).map(describeTree);
}

/**
 * The top-level nodes each region keeps between edits (see RegionTopLevel), written out with their descendants, and
 * the end, kind and whether named the region keeps for each; with whether the region has errors.
 */
function keptTopLevel(regions: RegionTrees): string {
  return regions.regions().flatMap(region => {
    const ends: number[] = [];
    const types: string[] = [];
    const named: boolean[] = [];
    region.topLevel.addFactsTo(ends, types, named);
    const nodes = region.topLevel.topLevelNodes();
    return [`region errors ${region.topLevel.hasError}`, ...nodes.map((node, i) => `${describeTree(node)}\nend ${ends[i]} ${types[i]}${named[i] ? ' named' : ''}`)];
  }).join('\n');
}

/** The same read from the region trees now (the root itself for a region whose root is not of the language's kind). */
function readTopLevel(regions: RegionTrees): string {
  return regions.regions().flatMap(region => {
    const root = region.tree.rootNode;
    const nodes = root.type === regions.rootType ? root.children.filter((child): child is Node => child !== null) : [root];
    return [`region errors ${root.hasError}`, ...nodes.map(node => `${describeTree(node)}\nend ${node.endIndex} ${node.type}${node.isNamed ? ' named' : ''}`)];
  }).join('\n');
}

/** Applies `changes` (one event) and checks the regions against a fresh region parse, and a whole-file parse. */
function checkAfter(parser: Parser, regions: RegionTrees, changes: TextChange[], what: string, scanner: RegionScanner = pythonRegions): string {
  const text = changes.reduce(applyChange, regions.text);
  regions.applyChanges(changes, text);
  const fresh = RegionTrees.parse(parser, scanner, text);
  try {
    assert.equal(regionNodes(regions), regionNodes(fresh), `${what}: as a fresh region parse`);
    assert.equal(keptTopLevel(regions), readTopLevel(regions), `${what}: the top-level nodes kept across edits`);
    const whole = parser.parse(text)!;
    if (!whole.rootNode.hasError) assert.equal(regionNodes(regions), topLevel(whole.rootNode).join('\n'), `${what}: as a whole-file parse`);
    whole.delete();
  } finally {
    fresh.delete();
  }
  return text;
}

const base = regionEditBase;

describe('Python parsed a region at a time', () => {
  let parser: Parser;
  before(async () => {
    parser = await grammars.parserFor('python');
  });

  it('gives the whole file\'s top-level nodes on a text without syntax errors', () => {
    const regions = RegionTrees.parse(parser, pythonRegions, seedSemaphore);
    const whole = parser.parse(seedSemaphore)!;
    assert.equal(whole.rootNode.hasError, false);
    assert.equal(regionNodes(regions), topLevel(whole.rootNode).join('\n'));
    whole.delete();
    regions.delete();
  });

  for (const { name, text = base, find, replace } of regionEdits) {
    it(`after an edit, are a fresh region parse of the new text: ${name}`, () => {
      const from = text.lastIndexOf(find);
      assert.ok(from >= 0, `${JSON.stringify(find)} is in the text`);
      const regions = RegionTrees.parse(parser, pythonRegions, text);
      try {
        checkAfter(parser, regions, [changeAt(text, from, from + find.length, replace)], name);
      } finally {
        regions.delete();
      }
    });
  }

  it('keeps no node of a region an edit moved where it was: the kept nodes, read before the edit, are moved with it', () => {
    const text = 'import asyncio\n\ndef f(a):\n    return [a, (a + 1)]\n\nclass C:\n    x = 1\n';
    const regions = RegionTrees.parse(parser, pythonRegions, text);
    try {
      // Read before the edit: a node keeps the children it read, with their positions then.
      const before = keptTopLevel(regions);
      assert.equal(before, readTopLevel(regions));
      const edited = checkAfter(parser, regions, [changeAt(text, 0, 0, '\n\n')], 'two line breaks at the very start');
      assert.notEqual(keptTopLevel(regions), before);
      checkAfter(parser, regions, [changeAt(edited, 0, 2, '')], 'and taken away again');
      assert.equal(keptTopLevel(regions), before);
    } finally {
      regions.delete();
    }
  });

  it('after an event of several changes (typing at two cursors, the later first, as VS Code reports them)', () => {
    const regions = RegionTrees.parse(parser, pythonRegions, base);
    try {
      const first = base.indexOf('def g');
      const second = base.indexOf('def h');
      const later = changeAt(base, second, second, 'x');
      const earlier = changeAt(applyChange(base, later), first, first + 3, 'async def');
      checkAfter(parser, regions, [later, earlier], 'two changes');
    } finally {
      regions.delete();
    }
  });

  it('after random edit sessions, are a fresh region parse of the text', () => {
    const pieces = ['x', ' ', '\n', '(', ')', '[', '"', "'", '"""', '#', '\\', '@dec\n', 'else:', '    ', 'def f():\n    pass\n', '\r\n', 'é'];
    const next = random(20251130);
    let text = base + seedSemaphore;
    const regions = RegionTrees.parse(parser, pythonRegions, text);
    try {
      for (let step = 0; step < 300; step++) {
        const from = next(text.length + 1);
        const to = Math.min(text.length, from + (next(3) === 0 ? next(40) : 0));
        const inserted = next(4) === 0 ? '' : pieces[next(pieces.length)];
        text = checkAfter(parser, regions, [changeAt(text, from, to, inserted)], `step ${step}: ${JSON.stringify(text.slice(from, to))} -> ${JSON.stringify(inserted)} at ${from}`);
      }
    } finally {
      regions.delete();
    }
  });

  describe('parses again only the regions an edit touched', () => {
    const definitions = Array.from({ length: 2_000 }, (_, i) => `def f${i}(a):\n    return a + ${i}\n`).join('\n');
    const table: TouchingEdit[] = [
      // The region before is scanned again (an edit can join a line to it), but its text is the same: not parsed.
      { name: 'a letter at the start of a def line', anchor: 'def f1000(', deleted: 0, inserted: 'x', parsed: 1 },
      { name: 'a letter in a def\'s body', anchor: 'a + 1000', deleted: 0, inserted: 'x', parsed: 1 },
      // The blank line belongs to the def before: its region changed, the next one only moved.
      { name: 'a blank line deleted between two defs', anchor: '\ndef f1000(', deleted: 1, inserted: '', parsed: 1 },
      { name: 'a def indented into the one before: the two are one region', anchor: 'def f1000(', deleted: 0, inserted: '    ', parsed: 1 },
      { name: 'a new def typed between two', anchor: 'def f1000(', deleted: 0, inserted: 'def new():\n    pass\n\n', parsed: 1 },
      { name: 'a bracket opened: the rest of the file is one region', anchor: 'a + 1000', deleted: 0, inserted: '(', parsed: 1 },
    ];
    itParsesOnlyWhatEachEditTouched(table, definitions, 'python', pythonRegions);
  });
});

describe('TypeScript and TSX parsed a region at a time', () => {
  const sessions: { name: string; grammar: 'typescript' | 'tsx'; file: string }[] = [
    { name: 'a TypeScript example', grammar: 'typescript', file: path.join(root, 'examples', 'unbounded_fanout.ts') },
    { name: 'a TSX fixture', grammar: 'tsx', file: path.join(root, 'test', 'fixtures', 'rules', 'unbounded-fanout', 'inventory_dashboard.tsx') },
    { name: 'a JavaScript module', grammar: 'tsx', file: path.join(root, 'examples', 'seed_3_queue.mjs') },
  ];
  const pieces = ['x', ' ', '\n', '(', ')', '{', '}', '[', '"', "'", '`', '${', '/', '/*', '*/', '//', ';', '.', '@dec\n', 'else ', 'as ', '<div>', '</div>', 'function f() {}\n', 'const a = 1;\n', '\r\n', 'é'];
  for (const { name, grammar, file } of sessions) {
    it(`after random edit sessions, are a fresh region parse of the text: ${name}`, async () => {
      const parser = await grammars.parserFor(grammar);
      const next = random(20261201);
      let text = fs.readFileSync(file, 'utf8');
      const regions = RegionTrees.parse(parser, javascriptRegions, text);
      try {
        for (let step = 0; step < 150; step++) {
          const from = next(text.length + 1);
          const to = Math.min(text.length, from + (next(3) === 0 ? next(40) : 0));
          const inserted = next(4) === 0 ? '' : pieces[next(pieces.length)];
          text = checkAfter(parser, regions, [changeAt(text, from, to, inserted)], `step ${step}: ${JSON.stringify(text.slice(from, to))} -> ${JSON.stringify(inserted)} at ${from}`, javascriptRegions);
        }
      } finally {
        regions.delete();
      }
    });
  }

  describe('parses again only the regions an edit touched', () => {
    const functions = Array.from({ length: 1_000 }, (_, i) => `export function f${i}(a: number): number {\n  return a + ${i};\n}\n`).join('\n');
    const table: TouchingEdit[] = [
      { name: 'a letter in a function\'s body', anchor: 'a + 500', deleted: 0, inserted: 'x', parsed: 1 },
      // The function is broken alone and joined with the next alike: the split stays.
      { name: 'a letter at the start of a function line', anchor: 'export function f500(', deleted: 0, inserted: 'x', parsed: 1 },
      { name: 'a new function typed between two', anchor: 'export function f500(', deleted: 0, inserted: 'function g() {}\n', parsed: 1 },
      // Until it is closed, the rest of the file is one region.
      { name: 'a bracket opened', anchor: 'a + 500', deleted: 0, inserted: '(', parsed: 1 },
      // A closing brace taken away: the function is broken alone and joined with the next too (`export` in a body).
      { name: 'a closing brace deleted', anchor: '}\n\nexport function f501(', deleted: 1, inserted: '', parsed: 1 },
      // A line split off by the scanner inside JSX text: broken alone, whole with the line after, so joined to it.
      { name: 'a wrong split in JSX text, confirmed away', anchor: 'export function f500(', deleted: 0, inserted: 'const p = <p>\na;\nb\n</p>;\n', parsed: 1 },
    ];
    itParsesOnlyWhatEachEditTouched(table, functions, 'tsx', javascriptRegions);
  });
});

/** An edit at where the text `anchor` starts: `deleted` characters taken away, `inserted` typed; `parsed` regions. */
interface TouchingEdit {
  name: string;
  anchor: string;
  deleted: number;
  inserted: string;
  parsed: number;
}

/** One test per edit of `table` on `text`: the regions after it are a fresh parse's, and it parsed `parsed` regions. */
function itParsesOnlyWhatEachEditTouched(table: TouchingEdit[], text: string, grammar: GrammarId, scanner: RegionScanner): void {
  for (const { name, anchor, deleted, inserted, parsed } of table) {
    it(name, async () => {
      const parser = await grammars.parserFor(grammar);
      const regions = RegionTrees.parse(parser, scanner, text);
      try {
        const at = text.indexOf(anchor);
        checkAfter(parser, regions, [changeAt(text, at, at + deleted, inserted)], name, scanner);
        assert.equal(regions.lastParsed, parsed);
      } finally {
        regions.delete();
      }
    });
  }
}
