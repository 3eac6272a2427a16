/**
 * The engine's own shape of an editor change (VS Code's `TextDocumentContentChangeEvent`, minus `vscode`),
 * and its translation into a tree-sitter edit. Offsets and columns are UTF-16 code units on both sides:
 * web-tree-sitter parses JavaScript strings as UTF-16, exactly as VS Code counts characters.
 */
import type { Edit, Point } from 'web-tree-sitter';

export interface TextPosition {
  line: number;
  character: number;
}

export interface TextChange {
  /** Where the replaced text starts, in the document before this change. */
  rangeOffset: number;
  /** How long the replaced text was. */
  rangeLength: number;
  /** The replaced range, in the document before this change. */
  range: { start: TextPosition; end: TextPosition };
  /** The new text. */
  text: string;
}

const lineBreak = /\r\n|\r|\n/g;

function endPointAfterInserting(start: TextPosition, text: string): Point {
  let row = start.line;
  let lastLineStart = -1;
  for (const match of text.matchAll(lineBreak)) {
    row++;
    lastLineStart = match.index + match[0].length;
  }
  return lastLineStart < 0
    ? { row, column: start.character + text.length }
    : { row, column: text.length - lastLineStart };
}

export function treeSitterEditOf(change: TextChange): Edit {
  const { rangeOffset, rangeLength, range, text } = change;
  return {
    startIndex: rangeOffset,
    oldEndIndex: rangeOffset + rangeLength,
    newEndIndex: rangeOffset + text.length,
    startPosition: { row: range.start.line, column: range.start.character },
    oldEndPosition: { row: range.end.line, column: range.end.character },
    newEndPosition: endPointAfterInserting(range.start, text),
  };
}
