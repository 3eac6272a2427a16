/**
 * SyntaxIndex answers "which node is here, and what holds it" for the rules, faster than tree-sitter's own walks from
 * the root: its answers must be tree-sitter's, wherever a lookup lands and in whatever order lookups come.
 */
import * as assert from 'assert/strict';
import type { Node } from 'web-tree-sitter';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { GrammarId } from '../../../src/engine/languages';
import { SyntaxIndex } from '../../../src/engine/syntax';

const grammars = new GrammarLoader(packageWasmLocator());

async function parse(grammar: GrammarId, text: string) {
  const tree = (await grammars.parserFor(grammar)).parse(text);
  assert.ok(tree);
  return tree;
}

/** The chain of ancestors as tree-sitter computes it, one step down from the root at a time. */
function referenceAncestry(root: Node, node: Node): string[] {
  const chain = [root];
  let current: Node | null = root;
  while (current && current.id !== node.id) {
    current = current.childWithDescendant(node);
    if (current) chain.push(current);
  }
  return chain.map(spanOf);
}

function spanOf(node: Node): string {
  return `${node.type}[${node.startIndex},${node.endIndex})`;
}

function allNodes(root: Node): Node[] {
  const nodes: Node[] = [];
  const visit = (node: Node) => {
    nodes.push(node);
    for (const child of node.children) if (child) visit(child);
  };
  visit(root);
  return nodes;
}

describe('SyntaxIndex', () => {
  // An unclosed quote leaves an ERROR that ends where the next statement starts: the offset belongs to the
  // statement. The answer once depended on how many statements the file had (the path of a binary search).
  for (let statements = 0; statements <= 8; statements++) {
    it(`finds the statement that starts where an ERROR ends, with ${statements} statements after it`, async () => {
      const text = `x = 1\n'REGIONS = [1, 2]\n${'y = 2\n'.repeat(statements)}`;
      const tree = await parse('python', text);
      const index = new SyntaxIndex(tree);
      const offset = text.indexOf('REGIONS');
      const node = index.nodeAt(offset);
      assert.equal(node?.type, 'identifier');
      assert.equal(node?.text, 'REGIONS');
      assert.deepEqual(index.ancestry(node!).map(spanOf), referenceAncestry(tree.rootNode, node!));
      tree.delete();
    });
  }

  it('finds the second of two statements that share a line with no space between them', async () => {
    const text = 'a;Promise.all(ids.map(f));\n';
    const tree = await parse('typescript', text);
    const node = new SyntaxIndex(tree).nodeAt(text.indexOf('Promise'));
    assert.equal(node?.text, 'Promise');
    tree.delete();
  });

  const nested = {
    typescript: `export async function f(ids) {\n  return ${'Promise.all(ids.map(async id => '.repeat(12)}id${'))'.repeat(12)};\n}\nconst g = 1;\n`,
    python: `async def f(xs):\n    return await ${'asyncio.gather(*[g(x, '.repeat(12)}x${') for x in xs])'.repeat(12)}\n\ny = [1, 2]\n`,
  };
  for (const [grammar, text] of Object.entries(nested) as Array<[GrammarId, string]>) {
    it(`gives tree-sitter's ancestors for every node of deeply nested ${grammar}, in document order and backwards`, async () => {
      const tree = await parse(grammar, text);
      const nodes = allNodes(tree.rootNode);
      for (const order of [nodes, [...nodes].reverse()]) {
        const index = new SyntaxIndex(tree);
        for (const node of order) assert.deepEqual(index.ancestry(node).map(spanOf), referenceAncestry(tree.rootNode, node), spanOf(node));
      }
      tree.delete();
    });
  }

  it('keeps its answers when a caller reorders a chain it was given', async () => {
    const text = nested.typescript;
    const tree = await parse('typescript', text);
    const index = new SyntaxIndex(tree);
    const first = index.nodeAt(text.indexOf('ids.map'))!;
    index.ancestry(first).reverse();
    const second = index.nodeAt(text.lastIndexOf('ids.map'))!;
    assert.deepEqual(index.ancestry(second).map(spanOf), referenceAncestry(tree.rootNode, second));
    tree.delete();
  });

  it("gives each top-level statement's kind as tree-sitter does, whether told it (a reused statement) or not", async () => {
    const text = "import x from 'y';\nfunction f( {\n  return 1;\n}\nconst a = 1;\nclass C {}\n";
    const tree = await parse('typescript', text);
    const index = SyntaxIndex.of(tree);
    const nodes = index.topLevelNodes();
    assert.ok(nodes.some(node => node.type === 'ERROR'), 'a statement with a syntax error among them');
    // Half told (as unitsOf tells the statements tree-sitter reused), half read.
    for (let i = 0; i < nodes.length; i += 2) index.knowTopLevel(i, nodes[i].endIndex, nodes[i].type);
    assert.deepEqual(nodes.map((_, i) => index.topLevelType(i)), nodes.map(node => node.type));
    assert.deepEqual(nodes.map(node => index.typeOf(node)), nodes.map(node => node.type));
    tree.delete();
  });
});
