/**
 * A parsed Python document: the trees of its top-level regions (see pythonRegions.ts and pythonRegionTrees.ts), in
 * order, read as one tree. This is how Python text is parsed for analysis everywhere (the CLI, the editor's
 * incremental analysis, the fix actions, the simulator's model), so that the two always agree, also with syntax
 * errors: each region is parsed alone, and tree-sitter's error recovery never reaches from one region into another.
 * After an edit only the regions whose text changed are parsed again (tree-sitter-python reuses no node past a
 * letter typed at the start of a top-level line, so a whole-file re-parse cost half a full parse there).
 *
 * The analysis reads a tree through `rootNode` (its top-level statements, a node at an offset, whether it has errors),
 * `walk()` (a cursor reset to one statement at a time), `copy()` and `delete()`: this class gives those over the
 * region trees, with a root of its own (a `module` whose children are every region's top-level statements in order),
 * so that the rules, which take a `Tree`, read it unchanged. Every other node is a node of a region's tree, and
 * `node.parent` of a top-level statement is its region's `module`, which has the same kind. A region whose whole text
 * tree-sitter could not make a module of (its root is an ERROR) is one top-level node: that ERROR.
 *
 * The region trees are shared between the copies (counted: see retainTree); a copy costs no call into WebAssembly.
 */
import type { Language, Node, Parser, Point, Tree, TreeCursor } from 'web-tree-sitter';
import { PythonRegion, PythonRegionTrees, releaseTree, retainTree } from './pythonRegionTrees';
import { regionIndexAt } from './pythonRegions';

/** Ids of our roots: negative, so never a node's of tree-sitter (those are addresses in the WebAssembly heap). */
let lastRootId = 0;

export class PythonDocumentTree {
  readonly rootNode: Node;
  private readonly starts: number[];
  private deleted = false;

  constructor(readonly regions: readonly PythonRegion[], readonly text: string) {
    for (const region of regions) retainTree(region.tree);
    this.starts = regions.map(region => region.startIndex);
    this.rootNode = new RegionsRoot(this) as unknown as Node;
  }

  /** `text` parsed a region at a time, as a tree. */
  static parse(parser: Parser, text: string): Tree {
    const regions = PythonRegionTrees.parse(parser, text);
    const tree = PythonDocumentTree.of(regions);
    regions.delete(); // the tree holds the region trees now
    return tree;
  }

  /** The current regions of `regions`, as a tree (sharing their trees until they change). */
  static of(regions: PythonRegionTrees): Tree {
    return new PythonDocumentTree(regions.regions(), regions.text) as unknown as Tree;
  }

  get language(): Language {
    return this.regions[0].tree.language;
  }

  /** The index of the region holding `offset`. */
  regionAt(offset: number): number {
    return regionIndexAt(this.starts, offset);
  }

  copy(): Tree {
    return new PythonDocumentTree(this.regions, this.text) as unknown as Tree;
  }

  delete(): void {
    if (this.deleted) return;
    this.deleted = true;
    for (const region of this.regions) releaseTree(region.tree);
  }

  walk(): TreeCursor {
    return new RegionsCursor(this) as unknown as TreeCursor;
  }

  edit(): void {
    throw new Error('a Python document tree is brought up to date by its region trees, not edited');
  }
}

/** Whether `tree` is a Python document read a region at a time. */
export function isPythonDocumentTree(tree: unknown): tree is PythonDocumentTree {
  return tree instanceof PythonDocumentTree;
}

/** Whether `node` is the root of a Python document tree (no node of tree-sitter's). */
export function isRegionsRoot(node: unknown): boolean {
  return node instanceof RegionsRoot;
}

/** The root of a Python document tree: a `module` whose children are every region's top-level nodes. */
class RegionsRoot {
  readonly id = --lastRootId;
  readonly type = 'module';
  readonly grammarType = 'module';
  readonly isNamed = true;
  readonly isError = false;
  readonly isMissing = false;
  readonly isExtra = false;
  readonly hasChanges = false;
  readonly parent = null;
  readonly nextSibling = null;
  readonly previousSibling = null;
  readonly nextNamedSibling = null;
  readonly previousNamedSibling = null;
  readonly startIndex = 0;
  readonly startPosition: Point = { row: 0, column: 0 };
  private allChildren: Node[] | undefined;
  private named: Node[] | undefined;
  private errors: boolean | undefined;
  private end: Point | undefined;

  constructor(readonly tree: PythonDocumentTree) {}

  get endIndex(): number {
    return this.tree.text.length;
  }

  get endPosition(): Point {
    if (!this.end) {
      const text = this.tree.text;
      const lastBreak = text.lastIndexOf('\n');
      let rows = 0;
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) rows++;
      this.end = { row: rows, column: text.length - lastBreak - 1 };
    }
    return this.end;
  }

  get text(): string {
    return this.tree.text;
  }

  get hasError(): boolean {
    return (this.errors ??= this.tree.regions.some(region => region.topLevel.hasError));
  }

  get children(): Node[] {
    if (!this.allChildren) {
      // Read from WebAssembly once per region parse, not once per document tree (see RegionTopLevel).
      const children: Node[] = [];
      for (const region of this.tree.regions) for (const child of region.topLevel.topLevelNodes()) children.push(child);
      this.allChildren = children;
    }
    return this.allChildren;
  }

  /**
   * The end and kind of each of `children`, known without asking WebAssembly (see RegionTopLevel): the analysis reads
   * them for every top-level statement after every edit.
   */
  topLevelFacts(): { ends: Int32Array<ArrayBuffer>; types: string[] } {
    const { ends, types } = this.facts();
    return { ends: new Int32Array(ends), types };
  }

  get namedChildren(): Node[] {
    if (!this.named) {
      const { named } = this.facts();
      this.named = this.children.filter((_, i) => named[i]);
    }
    return this.named;
  }

  get childCount(): number {
    return this.children.length;
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  get firstChild(): Node | null {
    return this.children[0] ?? null;
  }

  get lastChild(): Node | null {
    return this.children[this.children.length - 1] ?? null;
  }

  get firstNamedChild(): Node | null {
    return this.namedChildren[0] ?? null;
  }

  get lastNamedChild(): Node | null {
    return this.namedChildren[this.namedChildren.length - 1] ?? null;
  }

  child(index: number): Node | null {
    return this.children[index] ?? null;
  }

  namedChild(index: number): Node | null {
    return this.namedChildren[index] ?? null;
  }

  childForFieldName(): Node | null {
    return null;
  }

  childrenForFieldName(): Node[] {
    return [];
  }

  fieldNameForChild(): string | null {
    return null;
  }

  equals(other: Node): boolean {
    return other.id === this.id;
  }

  private facts(): { ends: number[]; types: string[]; named: boolean[] } {
    const facts = { ends: [] as number[], types: [] as string[], named: [] as boolean[] };
    for (const region of this.tree.regions) region.topLevel.addFactsTo(facts.ends, facts.types, facts.named);
    return facts;
  }

  /** The smallest node spanning [start, end]: found in the region holding `start`, this root when none is smaller. */
  descendantForIndex(start: number, end = start): Node {
    return this.inRegion(start, end, root => root.descendantForIndex(start, end));
  }

  namedDescendantForIndex(start: number, end = start): Node {
    return this.inRegion(start, end, root => root.namedDescendantForIndex(start, end));
  }

  /** The top-level node holding `node` (null for this root). */
  childWithDescendant(node: Node): Node | null {
    if (node.id === this.id) return null;
    const region = this.tree.regions[this.regionOf(node)];
    const root = region.tree.rootNode;
    if (root.type !== 'module') return root;
    return root.id === node.id ? null : root.childWithDescendant(node);
  }

  descendantsOfType(types: string | string[], startPosition?: Point, endPosition?: Point): (Node | null)[] {
    const found: (Node | null)[] = [];
    for (const region of this.tree.regions) for (const node of region.tree.rootNode.descendantsOfType(types, startPosition, endPosition)) found.push(node);
    return found;
  }

  walk(): TreeCursor {
    throw new Error('walk the top-level nodes of a Python document tree one at a time');
  }

  toString(): string {
    const inner = this.tree.regions.map(region => region.tree.rootNode.toString().replace(/^\(module ?|\)$/g, '')).filter(Boolean);
    return `(module${inner.map(part => ` ${part}`).join('')})`;
  }

  /** The region of a node of one of the region trees. */
  private regionOf(node: Node): number {
    const regions = this.tree.regions;
    const at = this.tree.regionAt(node.startIndex);
    if (regions[at].tree === node.tree) return at;
    const same = regions.findIndex(region => region.tree === node.tree);
    return same >= 0 ? same : at;
  }

  private inRegion(start: number, end: number, find: (root: Node) => Node | null): Node {
    const region = this.tree.regions[this.tree.regionAt(start)];
    if (end > region.endIndex) return this as unknown as Node;
    const root = region.tree.rootNode;
    const found = find(root);
    return !found || (found.id === root.id && root.type === 'module') ? (this as unknown as Node) : found;
  }
}

/**
 * A cursor over a Python document tree, for a caller that resets it to one top-level statement at a time (see
 * asyncFunctions.ts): a cursor of the statement's region tree (a cursor of one tree reset to a node of another would
 * make nodes that name the wrong tree).
 */
class RegionsCursor {
  private cursor: TreeCursor | undefined;
  private cursorTree: Tree | undefined;

  constructor(private readonly document: PythonDocumentTree) {}

  reset(node: Node): void {
    if (this.cursorTree !== node.tree) {
      this.cursor?.delete();
      this.cursorTree = node.tree;
      this.cursor = node.tree.walk();
    }
    this.cursor!.reset(node);
  }

  private get inner(): TreeCursor {
    if (!this.cursor) this.reset(this.document.regions[0].tree.rootNode);
    return this.cursor!;
  }

  get nodeType(): string {
    return this.inner.nodeType;
  }

  get nodeIsNamed(): boolean {
    return this.inner.nodeIsNamed;
  }

  get nodeIsMissing(): boolean {
    return this.inner.nodeIsMissing;
  }

  get currentNode(): Node {
    return this.inner.currentNode;
  }

  get currentFieldName(): string | null {
    return this.inner.currentFieldName;
  }

  get startIndex(): number {
    return this.inner.startIndex;
  }

  get endIndex(): number {
    return this.inner.endIndex;
  }

  get startPosition(): Point {
    return this.inner.startPosition;
  }

  get endPosition(): Point {
    return this.inner.endPosition;
  }

  gotoFirstChild(): boolean {
    return this.inner.gotoFirstChild();
  }

  gotoNextSibling(): boolean {
    return this.inner.gotoNextSibling();
  }

  gotoParent(): boolean {
    return this.inner.gotoParent();
  }

  delete(): void {
    this.cursor?.delete();
    this.cursor = undefined;
    this.cursorTree = undefined;
  }
}
