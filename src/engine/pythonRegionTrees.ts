/**
 * A Python file parsed a top-level region at a time (see pythonRegions.ts), kept in step with the editor's changes:
 * after an edit only the regions whose text changed, or that the edit split or joined, are parsed again; the trees of
 * the others are moved by the edit (`Tree.edit`, a few microseconds each). tree-sitter-python re-reads the whole rest
 * of the file after an edit next to a top-level line break (half a full parse: 85 ms at 10k lines, 870 ms at 100k);
 * a region is parsed again in well under a millisecond.
 *
 * Each region's tree is a parse of the whole text restricted to the region (`includedRanges`), so its nodes have the
 * file's offsets, rows and columns. On a text without syntax errors, the regions' top-level nodes are the whole
 * file's parse's; with syntax errors they are not (tree-sitter's error recovery can reach across hundreds of lines).
 * The per-region parse is the definition of how Python is parsed for analysis (see pythonDocumentTree.ts), so the
 * editor's incremental analysis and a full analysis read the same trees, with or without syntax errors.
 *
 * A region's tree can be shared with the document trees made of these regions (the analysis keeps the last one): it
 * is deleted when the last of them lets it go (see retainTree).
 */
import type { Edit, Parser, Point, Tree } from 'web-tree-sitter';
import { pythonRegionStarts, regionIndexAt, updatedPythonRegionStarts } from './pythonRegions';
import { TextChange } from './textChange';

export interface PythonRegion {
  readonly startIndex: number;
  readonly endIndex: number;
  readonly tree: Tree;
}

/** How many characters the parser is given per call of its input callback. */
const inputChunk = 16_384;

export class PythonRegionTrees {
  /** How many regions the last `applyChanges` parsed (the rest it moved): for tests and the benchmark. */
  lastParsed = 0;

  private constructor(
    private readonly parser: Parser,
    private currentText: string,
    private starts: number[],
    /** The 0-based row each region starts on (regions start at column 0). */
    private rows: number[],
    private trees: Tree[],
  ) {}

  /** Parses `text` a region at a time. */
  static parse(parser: Parser, text: string): PythonRegionTrees {
    const starts = pythonRegionStarts(text);
    const rows = rowsOf(text, starts, 0, 0);
    const regions = new PythonRegionTrees(parser, text, starts, rows, []);
    regions.trees = starts.map((_, i) => regions.parseRegion(i));
    regions.lastParsed = starts.length;
    return regions;
  }

  get text(): string {
    return this.currentText;
  }

  /**
   * The regions, in order, each with its tree. The trees are this object's until the next change (which edits those
   * it moves in place, unless another holder keeps them): one who keeps one longer retains it (see retainTree).
   */
  regions(): PythonRegion[] {
    return this.starts.map((startIndex, i) => ({ startIndex, endIndex: this.endOf(i), tree: this.trees[i] }));
  }

  /**
   * Brings the regions up to date with one change event of the editor (its changes in the order it reports them, each
   * in the coordinates of the text the ones before it made), which turned the text into `newText`.
   */
  applyChanges(changes: readonly TextChange[], newText: string): void {
    if (changes.length === 0) return;
    const { from, oldEnd, newEnd } = unionOf(changes);
    const previousText = this.currentText;
    const previousStarts = this.starts;
    const previousRows = this.rows;
    const previousTrees = this.trees;
    const previousEnd = (i: number) => (i + 1 < previousStarts.length ? previousStarts[i + 1] : previousText.length);
    const shift = newEnd - oldEnd;
    const starts = updatedPythonRegionStarts(previousStarts, newText, from, oldEnd, newEnd);
    this.currentText = newText;
    this.starts = starts;

    // Regions before the edit keep their place; those after it move (old index = new index + `moved`); the others are new.
    const moved = previousStarts.length - starts.length;
    let before = 0;
    while (before < starts.length && before < previousStarts.length && starts[before] === previousStarts[before] && previousEnd(before) <= from && this.endOf(before) === previousEnd(before)) before++;
    let after = 0;
    while (after < starts.length - before && after < previousStarts.length - before) {
      const i = starts.length - 1 - after;
      const j = i + moved;
      if (previousStarts[j] < oldEnd || starts[i] !== previousStarts[j] + shift || this.endOf(i) !== previousEnd(j) + shift) break;
      after++;
    }
    const firstNew = before;
    const lastNew = starts.length - after; // exclusive

    // Rows: those before the edit stay; the new regions' are counted, and so is the first moved one's, which gives how
    // far the others moved (tree-sitter counts rows at `\n`, the editor also at a lone `\r`: counted, not taken from it).
    const rows = previousRows.slice(0, before);
    const counted = rowsOf(newText, starts.slice(firstNew, Math.min(lastNew + 1, starts.length)), firstNew > 0 ? starts[firstNew - 1] : 0, firstNew > 0 ? rows[firstNew - 1] : 0);
    for (const row of counted) rows.push(row);
    if (lastNew < starts.length) {
      const rowShift = rows[lastNew] - previousRows[lastNew + moved];
      for (let i = lastNew + 1; i < starts.length; i++) rows.push(previousRows[i + moved] + rowShift);
    }
    this.rows = rows;

    // The trees moved see one edit, the union of the changes, with points counted as tree-sitter counts them.
    const startPosition = pointAt(previousText, from, previousStarts, previousRows);
    const edit: Edit = {
      startIndex: from,
      oldEndIndex: oldEnd,
      newEndIndex: newEnd,
      startPosition,
      oldEndPosition: pointAt(previousText, oldEnd, previousStarts, previousRows),
      newEndPosition: pointAfter(newText, from, startPosition, newEnd),
    };
    for (let j = before; j < lastNew + moved; j++) releaseTree(previousTrees[j]);
    this.trees = previousTrees.slice(0, before);
    for (let i = firstNew; i < lastNew; i++) this.trees.push(this.parseRegion(i));
    // A tree after the edit is moved by it; one before it is left alone (an edit past a tree's end changes nothing).
    // A tree another holder keeps (the document tree the last analysis read) is moved too: what that holder keeps of
    // it is its nodes' ids (see UnitReader.reusedUnit), which stay the same subtrees', as with a whole-file tree.
    for (let i = lastNew; i < starts.length; i++) {
      const tree = previousTrees[i + moved];
      tree.edit(edit);
      readsText(tree, newText);
      this.trees.push(tree);
    }
    this.lastParsed = lastNew - firstNew;
  }

  /** Frees the trees (they live in the WebAssembly heap). */
  delete(): void {
    for (const tree of this.trees) releaseTree(tree);
    this.trees = [];
  }

  private endOf(i: number): number {
    return i + 1 < this.starts.length ? this.starts[i + 1] : this.currentText.length;
  }

  /** The region's tree: the text restricted to it, read only up to its end. */
  private parseRegion(i: number): Tree {
    const text = this.currentText;
    const startIndex = this.starts[i];
    const endIndex = this.endOf(i);
    const startPosition: Point = { row: this.rows[i], column: 0 };
    const endPosition: Point = i + 1 < this.starts.length ? { row: this.rows[i + 1], column: 0 } : endPointOf(text, startIndex, this.rows[i]);
    // Given the whole text as a string, the parser reads it all, whatever the range: a callback ends at the region.
    const input = (index: number) => (index >= endIndex ? '' : text.slice(index, Math.min(endIndex, index + inputChunk)));
    const tree = this.parser.parse(input, null, { includedRanges: [{ startIndex, endIndex, startPosition, endPosition }] });
    if (!tree) throw new Error('tree-sitter returned no tree for a Python region');
    readsText(tree, text);
    retainTree(tree);
    return tree;
  }
}

/**
 * How many holders each shared region tree has (the regions, document trees made of them): trees live in the
 * WebAssembly heap, so the last holder to let one go deletes it.
 */
const holders = new WeakMap<Tree, number>();

/**
 * Makes `tree`'s nodes read their text (`node.text`) from `text`: a tree reads it through the callback it was parsed
 * with, which reads the text of that time and stops at the region's end, so a tree moved by an edit would read the
 * text before the edit, at the moved places.
 */
function readsText(tree: Tree, text: string): void {
  (tree as unknown as { textCallback: (index: number) => string }).textCallback = index => text.slice(index, index + inputChunk);
}

/** One more holder of `tree`. */
export function retainTree(tree: Tree): void {
  holders.set(tree, (holders.get(tree) ?? 0) + 1);
}

/** One holder less of `tree`: deleted with the last. */
export function releaseTree(tree: Tree): void {
  const count = (holders.get(tree) ?? 1) - 1;
  if (count > 0) {
    holders.set(tree, count);
    return;
  }
  holders.delete(tree);
  tree.delete();
}

/**
 * The part of the text before the event that its changes replaced (`[from, oldEnd)`) and what replaced it in the text
 * after (`[from, newEnd)`), from changes each given in the coordinates of the text the changes before it made.
 */
function unionOf(changes: readonly TextChange[]): { from: number; oldEnd: number; newEnd: number } {
  let from = changes[0].rangeOffset;
  let oldEnd = from + changes[0].rangeLength;
  let newEnd = from + changes[0].text.length;
  for (const change of changes.slice(1)) {
    const start = change.rangeOffset;
    const end = start + change.rangeLength;
    // The end of both, in the current text; then in the text before the event (past the changed part, moved back).
    const currentEnd = Math.max(newEnd, end);
    oldEnd = currentEnd >= newEnd ? oldEnd + (currentEnd - newEnd) : oldEnd;
    from = Math.min(from, start);
    newEnd = currentEnd + change.text.length - change.rangeLength;
  }
  return { from, oldEnd, newEnd };
}

/** The rows of `starts` (in order), counted from `knownOffset`, a line start on `knownRow`, at or before the first. */
function rowsOf(text: string, starts: readonly number[], knownOffset: number, knownRow: number): number[] {
  const rows: number[] = [];
  let row = knownRow;
  let at = knownOffset;
  for (const start of starts) {
    for (let i = text.indexOf('\n', at); i >= 0 && i < start; i = text.indexOf('\n', i + 1)) row++;
    at = start;
    rows.push(row);
  }
  return rows;
}

/** The point of `offset`, counted from the start of the region holding it (`starts`, `rows`: the regions of `text`). */
function pointAt(text: string, offset: number, starts: readonly number[], rows: readonly number[]): Point {
  const i = regionIndexAt(starts, offset);
  return pointAfter(text, starts[i], { row: rows[i], column: 0 }, offset);
}

/** The point of `offset`, counted from `from`, whose point is `known`. */
function pointAfter(text: string, from: number, known: Point, offset: number): Point {
  let { row, column } = known;
  let lineStart = from - column;
  for (let i = text.indexOf('\n', from); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

/** The point at the end of the text, counted from a line start on `row` at `from`. */
function endPointOf(text: string, from: number, row: number): Point {
  let lineStart = from;
  for (let i = text.indexOf('\n', from); i >= 0; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: text.length - lineStart };
}

