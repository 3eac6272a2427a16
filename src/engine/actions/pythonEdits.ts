/** Pieces of Python rewriting shared by the actions: where set-up code can go before the statement that needs it. */
import type { Node } from 'web-tree-sitter';
import { SyntaxIndex } from '../syntax';
import { lineAround, startsLine } from './action';

/**
 * The statement to insert set-up code (a semaphore, a helper) before, on lines of its own: the innermost statement
 * around `node` that begins its line. A statement sharing its line with an `if x:`, `else:`, a one-line `def` or an
 * earlier statement and `;` is not one: the lines above it belong to another block, or to no block at all (between
 * an `if` body and its `else`). Not in a class body: a name assigned there is a class attribute, which the methods
 * cannot see (NameError); the code then goes before the class.
 */
export function statementToInsertBefore(index: SyntaxIndex, text: string, node: Node): Node | undefined {
  const chain = index.ancestry(node);
  for (let i = chain.length - 1; i > 0; i--) {
    const block = chain[i - 1];
    if (block.type !== 'block' && block.type !== 'module') continue;
    if (block.type === 'block' && chain[i - 2]?.type === 'class_definition') continue;
    // The statement itself, or the earlier one of its block that its line starts with (`x = 1; await ...`).
    const line = lineAround(text, chain[i].startIndex);
    const first = line.start + line.indent.length;
    const opening = startsLine(text, chain[i].startIndex) ? chain[i] : block.namedChildren.find(child => child?.startIndex === first);
    if (opening) return opening;
  }
  return undefined;
}
