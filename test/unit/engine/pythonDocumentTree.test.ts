/**
 * Python is parsed for analysis a top-level region at a time (see pythonDocumentTree.ts), in the CLI and in the
 * editor alike: after edits at region boundaries (joining two regions, a letter at the start of a `def` line, an
 * unclosed bracket that swallows the rest of the file, a triple-quoted string opened at top level), the editor's
 * tree (the parse cache's, brought up to date region by region) is the tree a fresh parse gives, and its incremental
 * analysis finds what a full analysis of a fresh parse finds.
 */
import * as assert from 'assert/strict';
import { analyze } from '../../../src/engine/analyze';
import { Finding } from '../../../src/engine/finding';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { IncrementalAnalysis } from '../../../src/engine/incrementalAnalysis';
import { ParseCache } from '../../../src/engine/parseCache';
import { parseForAnalysis } from '../../../src/engine/parseForAnalysis';
import { syntaxTreeText } from '../../../src/engine/syntaxTreeText';
import { walk } from '../../../src/engine/syntax';
import { applyChange, changeAt } from './textEdits';

const grammars = new GrammarLoader(packageWasmLocator());

/** A semaphore made per task, used by two functions that gather (a finding at each gather), and a statement between. */
const program = `import asyncio


async def resize(path):
    limit = asyncio.Semaphore(4)
    async with limit:
        return path


async def fetch_all(ids):
    return await asyncio.gather(*(resize(i) for i in ids))


x = 1


async def main():
    paths = [f"photo-{i}.jpg" for i in range(40)]
    return await asyncio.gather(*(resize(p) for p in paths))
`;

interface BoundaryEdit {
  name: string;
  find: string;
  /** Where in `find` the edit starts, and how many characters it replaces. */
  offset: number;
  length: number;
  insert: string;
  /** How many findings a full analysis of the edited text has: the case means something only if it is right. */
  findings: number;
}

const edits: BoundaryEdit[] = [
  { name: 'a letter typed at the start of a def line', find: 'async def fetch_all', offset: 0, length: 0, insert: 'x', findings: 2 },
  { name: 'a space that indents a def line, joining its region to the one before', find: 'async def fetch_all', offset: 0, length: 0, insert: '    ', findings: 2 },
  { name: 'deleting the blank lines and the line break between two regions (joining them on one line)', find: '\n\n\nx = 1', offset: 0, length: 3, insert: ' ', findings: 2 },
  { name: 'an unclosed bracket that swallows the rest of the file', find: 'x = 1', offset: 4, length: 1, insert: '(1', findings: 2 },
  { name: 'a triple-quoted string opened at top level', find: 'x = 1', offset: 4, length: 1, insert: '"""', findings: 2 },
];

function summary(findings: readonly Finding[]): string[] {
  return findings.map(f => `${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column} ${f.messageId}`);
}

describe('Python parsed a region at a time, in the editor and in a full analysis alike', () => {
  for (const edit of edits) {
    it(`after ${edit.name}, and after undoing it`, async () => {
      const parser = await grammars.parserFor('python');
      const cache = new ParseCache(grammars);
      const incremental = new IncrementalAnalysis();
      let text = program;
      let parsed = await cache.parse('doc', 'python', text, 0);
      const options = { level: 'recommended' } as const;
      assert.equal(incremental.analyze({ tree: parsed.tree, text, family: 'python', options }).length, 2);
      const at = text.indexOf(edit.find) + edit.offset;
      const change = changeAt(text, at, at + edit.length, edit.insert);
      const undo = changeAt(applyChange(text, change), at, at + edit.insert.length, text.slice(at, at + edit.length));
      for (const [version, step] of [change, undo].entries()) {
        text = applyChange(text, step);
        parsed = (await cache.applyChanges('doc', [step], text, version + 1))!;
        const fresh = parseForAnalysis(parser, 'python', text);
        try {
          assert.equal(syntaxTreeText(parsed.tree.rootNode), syntaxTreeText(fresh.rootNode), 'the editor\'s tree is a fresh parse\'s');
          const expected = summary(analyze({ tree: fresh, text, family: 'python', options }));
          assert.equal(expected.length, version === 0 ? edit.findings : 2, 'findings of a full analysis');
          assert.deepEqual(summary(incremental.analyze({ tree: parsed.tree, text, family: 'python', options })), expected);
        } finally {
          fresh.delete();
        }
      }
      incremental.dispose();
      cache.dispose();
    });
  }

  it('gives the nodes of regions an edit moved the text at their new places', async () => {
    const cache = new ParseCache(grammars);
    let text = program;
    await cache.parse('doc', 'python', text, 0);
    const change = changeAt(text, 0, 0, '# a comment\n');
    text = applyChange(text, change);
    const parsed = (await cache.applyChanges('doc', [change], text, 1))!;
    let nodes = 0;
    walk(parsed.tree.rootNode, node => {
      nodes++;
      assert.equal(node.text, text.slice(node.startIndex, node.endIndex), `${node.type} at ${node.startIndex}`);
    });
    assert.ok(nodes > 50, `${nodes} nodes`);
    cache.dispose();
  });

  it('has one top-level node per statement, in order, across the regions', async () => {
    const parser = await grammars.parserFor('python');
    const tree = parseForAnalysis(parser, 'python', program);
    try {
      assert.deepEqual(tree.rootNode.namedChildren.map(node => node!.type), ['import_statement', 'function_definition', 'function_definition', 'expression_statement', 'function_definition']);
      const gather = program.lastIndexOf('gather');
      assert.equal(tree.rootNode.descendantForIndex(gather)?.text, 'gather');
      assert.equal(tree.rootNode.hasError, false);
    } finally {
      tree.delete();
    }
  });
});
