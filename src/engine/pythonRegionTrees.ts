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
import type { Edit, Node, Parser, Point, Tree } from 'web-tree-sitter';
import { pythonRegionStarts, regionIndexAt, updatedPythonRegionStarts } from './pythonRegions';
import { TextChange } from './textChange';

export interface PythonRegion {
  readonly startIndex: number;
  readonly endIndex: number;
  readonly tree: Tree;
  /** What the analysis reads of the region's tree on every run, read from WebAssembly once (see RegionTopLevel). */
  readonly topLevel: RegionTopLevel;
}

/**
 * A region's top-level nodes (the root itself when tree-sitter could not make a module of the region) and whether
 * its tree has errors: the analysis reads them for every region after every edit, and reading them from WebAssembly
 * (the root, its children, each one's end and kind) was most of the fixed cost of a keystroke in a large file. They
 * are read once when the region is parsed; when an edit before the region moves its tree (`Tree.edit`), they are
 * moved here in JavaScript, as tree-sitter moves the nodes: the tree's subtrees stay the same objects (the region
 * trees are never copied, so `Tree.edit` changes them in place), so a node's id and the handle it is made from stay
 * valid, and only its position changes.
 */
export class RegionTopLevel {
  private made: Node[] | undefined;

  private constructor(
    readonly hasError: boolean,
    private readonly tree: Tree,
    /** Their positions counted from the region's start (offset and row: a region starts at column 0). */
    private readonly nodes: readonly TopLevelNode[],
    /** Where the region starts now. */
    private readonly startIndex: number,
    private readonly startRow: number,
  ) {}

  /** Read from the region's tree, just parsed; the region starts at `startIndex`, on `startRow`. */
  static read(tree: Tree, startIndex: number, startRow: number): RegionTopLevel {
    const root = tree.rootNode;
    const nodes = root.type === 'module' ? root.children.filter((child): child is Node => child !== null) : [root];
    return new RegionTopLevel(root.hasError, tree, nodes.map(node => ({
      id: node.id,
      handle: (node as unknown as { 0: number })[0],
      start: node.startIndex - startIndex,
      length: node.endIndex - node.startIndex,
      row: node.startPosition.row - startRow,
      column: node.startPosition.column,
      type: node.type,
      isNamed: node.isNamed,
    })), startIndex, startRow);
  }

  /**
   * The same nodes once an edit wholly before the region (`Tree.edit`) moved it to start at `startIndex`, on
   * `startRow`: every node moves as far as the region's start (the region starts a line, so no column changes).
   */
  movedTo(startIndex: number, startRow: number): RegionTopLevel {
    return new RegionTopLevel(this.hasError, this.tree, this.nodes, startIndex, startRow);
  }

  /**
   * The nodes as tree-sitter's Node objects of the region's tree, made once (in JavaScript) and shared by every
   * document tree of these regions until the region moves: a Node keeps its children once read, which stay right
   * while the tree does not move.
   */
  topLevelNodes(): Node[] {
    if (!this.made) {
      // Asked of a root once: the root is a call into WebAssembly, and every moved region's nodes are made again.
      const prototype = (nodePrototype ??= Object.getPrototypeOf(this.tree.rootNode) as object);
      this.made = this.nodes.map(data => nodeOf(prototype, this.tree, data, this.startIndex, this.startRow));
    }
    return this.made;
  }

  /** For each of `topLevelNodes()`, its end offset, kind and whether it is named, by position. */
  addFactsTo(ends: number[], types: string[], named: boolean[]): void {
    for (const node of this.nodes) {
      ends.push(this.startIndex + node.start + node.length);
      types.push(node.type);
      named.push(node.isNamed);
    }
  }
}

/** The prototype of web-tree-sitter's Node objects (one library, one class). */
let nodePrototype: object | undefined;

/** What makes a top-level node, as tree-sitter marshals a node (id, handle, start), with its extent and kind. */
interface TopLevelNode {
  readonly id: number;
  /** What web-tree-sitter keeps in a Node's slot 0 (the rest of the node's context in WebAssembly). */
  readonly handle: number;
  /** Offset and row from the region's start. */
  readonly start: number;
  readonly row: number;
  readonly column: number;
  readonly length: number;
  readonly type: string;
  readonly isNamed: boolean;
}

/**
 * A Node of `tree`, made as web-tree-sitter makes one from what WebAssembly gives (its constructor takes a token the
 * library keeps private): the same fields, which its methods hand to WebAssembly on every call.
 */
function nodeOf(prototype: object, tree: Tree, data: TopLevelNode, regionStart: number, regionRow: number): Node {
  const node = Object.create(prototype) as Record<string | number, unknown>;
  node[0] = data.handle;
  node._children = undefined;
  node._namedChildren = undefined;
  node.id = data.id;
  node.startIndex = regionStart + data.start;
  node.startPosition = { row: regionRow + data.row, column: data.column };
  node.tree = tree;
  return node as unknown as Node;
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
    /** Each region's top-level nodes, read once (see RegionTopLevel). */
    private topLevels: RegionTopLevel[],
  ) {}

  /** Parses `text` a region at a time. */
  static parse(parser: Parser, text: string): PythonRegionTrees {
    const starts = pythonRegionStarts(text);
    const rows = rowsOf(text, starts, 0, 0);
    const regions = new PythonRegionTrees(parser, text, starts, rows, [], []);
    regions.trees = starts.map((_, i) => regions.parseRegion(i));
    regions.topLevels = regions.trees.map((tree, i) => RegionTopLevel.read(tree, starts[i], rows[i]));
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
    return this.starts.map((startIndex, i) => ({ startIndex, endIndex: this.endOf(i), tree: this.trees[i], topLevel: this.topLevels[i] }));
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
    const previousTopLevels = this.topLevels;
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
    this.topLevels = previousTopLevels.slice(0, before);
    for (let i = firstNew; i < lastNew; i++) {
      const tree = this.parseRegion(i);
      this.trees.push(tree);
      this.topLevels.push(RegionTopLevel.read(tree, starts[i], rows[i]));
    }
    // A tree after the edit is moved by it; one before it is left alone (an edit past a tree's end changes nothing).
    // A tree another holder keeps (the document tree the last analysis read) is moved too: what that holder keeps of
    // it is its nodes' ids (see UnitReader.reusedUnit), which stay the same subtrees', as with a whole-file tree.
    for (let i = lastNew; i < starts.length; i++) {
      const tree = previousTrees[i + moved];
      tree.edit(edit);
      readsText(tree, newText);
      this.trees.push(tree);
      this.topLevels.push(previousTopLevels[i + moved].movedTo(starts[i], rows[i]));
    }
    this.lastParsed = lastNew - firstNew;
  }

  /** Frees the trees (they live in the WebAssembly heap). */
  delete(): void {
    for (const tree of this.trees) releaseTree(tree);
    this.trees = [];
    this.topLevels = [];
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

