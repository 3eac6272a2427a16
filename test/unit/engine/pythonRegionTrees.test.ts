/**
 * A Python file parsed a region at a time (see pythonRegionTrees.ts): after each change the region trees, node by
 * node and position by position, are the ones a fresh region parse of the new text gives, and on a text without
 * syntax errors they are the whole file's parse's; an edit parses again only the regions it touched.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import type { Node, Parser } from 'web-tree-sitter';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { PythonRegionTrees } from '../../../src/engine/pythonRegionTrees';
import { TextChange } from '../../../src/engine/textChange';
import { regionEditBase, regionEdits } from './pythonRegionEdits';
import { random } from './randomEdits';
import { applyChange, changeAt, describeTree } from './textEdits';

const grammars = new GrammarLoader(packageWasmLocator());
const root = path.resolve(__dirname, '..', '..', '..', '..');
const seedSemaphore = fs.readFileSync(path.join(root, 'examples', 'seed_2_semaphore.py'), 'utf8');

/** The regions' top-level nodes, every node written with its offsets and positions. */
function regionNodes(regions: PythonRegionTrees): string {
  return regions.regions().flatMap(region => topLevel(region.tree.rootNode)).join('\n');
}

function topLevel(node: Node): string[] {
  return node.children.filter((child): child is Node => child !== null).map(describeTree);
}

/**
 * The top-level nodes each region keeps between edits (see RegionTopLevel), written out with their descendants, and
 * the end, kind and whether named the region keeps for each; with whether the region has errors.
 */
function keptTopLevel(regions: PythonRegionTrees): string {
  return regions.regions().flatMap(region => {
    const ends: number[] = [];
    const types: string[] = [];
    const named: boolean[] = [];
    region.topLevel.addFactsTo(ends, types, named);
    const nodes = region.topLevel.topLevelNodes();
    return [`region errors ${region.topLevel.hasError}`, ...nodes.map((node, i) => `${describeTree(node)}\nend ${ends[i]} ${types[i]}${named[i] ? ' named' : ''}`)];
  }).join('\n');
}

/** The same read from the region trees now (the root itself for a region whose root is no module). */
function readTopLevel(regions: PythonRegionTrees): string {
  return regions.regions().flatMap(region => {
    const root = region.tree.rootNode;
    const nodes = root.type === 'module' ? root.children.filter((child): child is Node => child !== null) : [root];
    return [`region errors ${root.hasError}`, ...nodes.map(node => `${describeTree(node)}\nend ${node.endIndex} ${node.type}${node.isNamed ? ' named' : ''}`)];
  }).join('\n');
}

/** Applies `changes` (one event) and checks the regions against a fresh region parse, and a whole-file parse. */
function checkAfter(parser: Parser, regions: PythonRegionTrees, changes: TextChange[], what: string): string {
  const text = changes.reduce(applyChange, regions.text);
  regions.applyChanges(changes, text);
  const fresh = PythonRegionTrees.parse(parser, text);
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
    const regions = PythonRegionTrees.parse(parser, seedSemaphore);
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
      const regions = PythonRegionTrees.parse(parser, text);
      try {
        checkAfter(parser, regions, [changeAt(text, from, from + find.length, replace)], name);
      } finally {
        regions.delete();
      }
    });
  }

  it('keeps no node of a region an edit moved where it was: the kept nodes, read before the edit, are moved with it', () => {
    const text = 'import asyncio\n\ndef f(a):\n    return [a, (a + 1)]\n\nclass C:\n    x = 1\n';
    const regions = PythonRegionTrees.parse(parser, text);
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
    const regions = PythonRegionTrees.parse(parser, base);
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
    const regions = PythonRegionTrees.parse(parser, text);
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
    /** Each edit at `at` (where the text `anchor` starts): `deleted` characters taken away, `inserted` typed. */
    const table: { name: string; anchor: string; deleted: number; inserted: string; parsed: number }[] = [
      // The region before is scanned again (an edit can join a line to it), but its text is the same: not parsed.
      { name: 'a letter at the start of a def line', anchor: 'def f1000(', deleted: 0, inserted: 'x', parsed: 1 },
      { name: 'a letter in a def\'s body', anchor: 'a + 1000', deleted: 0, inserted: 'x', parsed: 1 },
      // The blank line belongs to the def before: its region changed, the next one only moved.
      { name: 'a blank line deleted between two defs', anchor: '\ndef f1000(', deleted: 1, inserted: '', parsed: 1 },
      { name: 'a def indented into the one before: the two are one region', anchor: 'def f1000(', deleted: 0, inserted: '    ', parsed: 1 },
      { name: 'a new def typed between two', anchor: 'def f1000(', deleted: 0, inserted: 'def new():\n    pass\n\n', parsed: 1 },
      { name: 'a bracket opened: the rest of the file is one region', anchor: 'a + 1000', deleted: 0, inserted: '(', parsed: 1 },
    ];
    for (const { name, anchor, deleted, inserted, parsed } of table) {
      it(name, () => {
        const regions = PythonRegionTrees.parse(parser, definitions);
        try {
          const at = definitions.indexOf(anchor);
          checkAfter(parser, regions, [changeAt(definitions, at, at + deleted, inserted)], name);
          assert.equal(regions.lastParsed, parsed);
        } finally {
          regions.delete();
        }
      });
    }
  });
});
