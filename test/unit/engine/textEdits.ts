/**
 * Editor changes as VS Code reports them, and trees written out in full, for the tests that replay typing
 * through the parse cache and compare the result with a fresh parse.
 */
import type { Node } from 'web-tree-sitter';
import { TextChange, TextPosition } from '../../../src/engine/textChange';

/** Line and character of a UTF-16 offset, with VS Code's line breaks (\r\n, \n, \r). */
export function positionAt(text: string, offset: number): TextPosition {
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length - 1, character: before[before.length - 1].length };
}

/** The change VS Code reports for replacing text[start, end) by `newText`: offsets and positions in UTF-16 units. */
export function changeAt(text: string, start: number, end: number, newText: string): TextChange {
  return { rangeOffset: start, rangeLength: end - start, range: { start: positionAt(text, start), end: positionAt(text, end) }, text: newText };
}

export function applyChange(text: string, change: TextChange): string {
  return text.slice(0, change.rangeOffset) + change.text + text.slice(change.rangeOffset + change.rangeLength);
}

/**
 * Every node, named or not, with its offsets and positions. `toString()` leaves positions out, so a wrong
 * `Tree.edit` can give an incremental tree of the right shape whose reused nodes sit at the wrong place.
 */
export function describeTree(root: Node): string {
  const lines: string[] = [];
  const visit = (node: Node, depth: number) => {
    const { startPosition: s, endPosition: e } = node;
    const flags = `${node.isMissing ? ' missing' : ''}${node.isError ? ' error' : ''}`;
    lines.push(`${'  '.repeat(depth)}${node.type}${flags} [${node.startIndex}, ${node.endIndex}) ${s.row}:${s.column}-${e.row}:${e.column}`);
    for (const child of node.children) if (child) visit(child, depth + 1);
  };
  visit(root, 0);
  return lines.join('\n');
}
