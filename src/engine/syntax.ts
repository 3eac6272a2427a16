/** Small helpers over web-tree-sitter nodes, shared by the language analyses. */
import type { Node, Tree } from 'web-tree-sitter';
import { SourceRange } from './finding';
import { isRegionsRoot } from './pythonDocumentTree';

/** Node objects are recreated on every access, so identity is by `id`. */
export function sameNode(a: Node | null | undefined, b: Node | null | undefined): boolean {
  return !!a && !!b && a.id === b.id;
}

export function contains(outer: Node, inner: Node): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

export function namedChildren(node: Node): Node[] {
  return node.namedChildren.filter((child): child is Node => child !== null);
}

/** The first named child that is code, not a comment (a bundler's PURE annotation between `return` and its value). */
export function firstCodeChild(node: Node): Node | undefined {
  return node.namedChildren.find((child): child is Node => child !== null && child.type !== 'comment');
}

export function field(node: Node, name: string): Node | undefined {
  return node.childForFieldName(name) ?? undefined;
}

/** Strips wrappers that do not change a value: parentheses, and in TS `as`, `!` and `satisfies`. */
export function unwrap(node: Node): Node {
  let current = node;
  for (;;) {
    if (current.type === 'parenthesized_expression' || current.type === 'non_null_expression' ||
        current.type === 'as_expression' || current.type === 'satisfies_expression' || current.type === 'type_assertion') {
      const inner = current.namedChildren.find(child => child !== null && child.type !== 'comment' && !child.type.endsWith('type') && child.type !== 'type_arguments');
      if (!inner) return current;
      current = inner;
      continue;
    }
    return current;
  }
}

/** Visits the subtree depth-first; `enter` returns false to skip a node's children. */
export function walk(node: Node, enter: (node: Node) => boolean | void): void {
  if (isRegionsRoot(node)) {
    // The root of a Python document read a region at a time (see pythonDocumentTree.ts): its children are trees' own.
    if (enter(node) !== false) for (const child of node.children) if (child) walk(child, enter);
    return;
  }
  const cursor = node.walk();
  try {
    let descend = true;
    for (;;) {
      if (descend && enter(cursor.currentNode) !== false && cursor.gotoFirstChild()) continue;
      descend = true;
      if (cursor.gotoNextSibling()) continue;
      let climbed = false;
      while (cursor.gotoParent()) {
        if (cursor.currentNode.id === node.id) return;
        if (cursor.gotoNextSibling()) {
          climbed = true;
          break;
        }
      }
      if (!climbed) return;
    }
  } finally {
    cursor.delete();
  }
}

/** Source text shortened for a message: one line, at most `max` characters. */
export function shortText(node: Node, max = 40): string {
  const oneLine = node.text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

export function rangeOf(node: Node): SourceRange {
  return {
    start: { line: node.startPosition.row, column: node.startPosition.column },
    end: { line: node.endPosition.row, column: node.endPosition.column },
  };
}

/**
 * Fast ways up and across one tree. tree-sitter nodes keep no parent pointer, so `node.parent` and
 * `root.descendantForIndex` scan the root's children, which are thousands in a large module: here that step is a
 * binary search over the top-level statements, and each node's chain of ancestors is computed once.
 */
/** One index per tree, shared by every analysis of it (a tree is never changed after parsing). */
const indexes = new WeakMap<Tree, SyntaxIndex>();

export class SyntaxIndex {
  /** The index of a tree, made on first use and shared by every analysis of that tree. */
  static of(tree: Tree): SyntaxIndex {
    let index = indexes.get(tree);
    if (!index) indexes.set(tree, (index = new SyntaxIndex(tree)));
    return index;
  }

  private topLevel: Node[] | undefined;
  private readonly chains = new Map<number, Node[]>();
  private chainsTop = -1;
  /** The chain computed last, with its nodes' extents: the next lookup is usually near it, and starts from it. */
  private lastChain: Node[] = [];
  private lastStarts: number[] = [];
  private lastEnds: number[] = [];
  private readonly root: Node;
  private readonly types = new Map<number, string>();

  constructor(readonly tree: Tree) {
    this.root = tree.rootNode;
  }

  /** The smallest node that starts at or spans `offset`. */
  nodeAt(offset: number): Node | undefined {
    const top = this.topLevelAt(offset);
    return (top ?? this.root).descendantForIndex(offset) ?? undefined;
  }

  /** The nodes from the root down to `node`, inclusive. */
  ancestry(node: Node): Node[] {
    const cached = this.chains.get(node.id);
    if (cached) return cached;
    const root = this.root;
    let chain: Node[] = [root];
    if (node.id !== root.id) {
      const start = node.startIndex;
      const end = node.endIndex;
      const top = start === end ? root.childWithDescendant(node) ?? undefined : this.topLevelAt(start, end);
      // Lookups mostly stay within one top-level statement: keeping chains of others only feeds the garbage collector.
      if (top && top.id !== this.chainsTop) {
        this.chains.clear();
        this.chainsTop = top.id;
        this.lastChain = [];
      }
      chain = this.sharedPrefix(node) ?? (top ? [root, top] : [root]);
      const last = chain[chain.length - 1];
      let current: Node | null = last.id === node.id ? null : last.childWithDescendant(node);
      while (current) {
        chain.push(current);
        if (current.id === node.id) break;
        current = current.childWithDescendant(node);
      }
      this.remember(chain);
    }
    this.chains.set(node.id, chain);
    return chain;
  }

  /**
   * The part of the last chain that certainly leads to `node`: its nodes whose extent holds `node`'s and is larger
   * (siblings never overlap on a non-empty extent). Each step down from there costs a walk over a node's children,
   * so in deeply nested code (callbacks in callbacks) starting from the root each time would be quadratic.
   */
  private sharedPrefix(node: Node): Node[] | undefined {
    const start = node.startIndex;
    const end = node.endIndex;
    if (start === end) return undefined;
    for (let i = this.lastChain.length - 1; i >= 1; i--) {
      if (this.lastChain[i].id === node.id) return this.lastChain.slice(0, i + 1);
      if (this.lastStarts[i] <= start && end <= this.lastEnds[i] && (this.lastStarts[i] < start || end < this.lastEnds[i])) return this.lastChain.slice(0, i + 1);
    }
    return undefined;
  }

  private remember(chain: Node[]): void {
    // Extents of the shared prefix are known already; endIndex is a call into WebAssembly.
    let shared = 0;
    while (shared < chain.length && shared < this.lastChain.length && this.lastChain[shared].id === chain[shared].id) shared++;
    const newStarts = this.lastStarts.slice(0, shared);
    const newEnds = this.lastEnds.slice(0, shared);
    for (let i = shared; i < chain.length; i++) {
      newStarts.push(chain[i].startIndex);
      newEnds.push(chain[i].endIndex);
    }
    this.lastChain = chain.slice(); // callers may reorder the chain they were given
    this.lastStarts = newStarts;
    this.lastEnds = newEnds;
  }

  /**
   * A node's type, read once per node: `type` is a call into WebAssembly, and name lookups test the type of every
   * ancestor (thousands of them, in deeply nested callbacks).
   */
  typeOf(node: Node): string {
    let type = this.types.get(node.id);
    if (type === undefined) this.types.set(node.id, (type = node.type));
    return type;
  }

  parent(node: Node): Node | undefined {
    const chain = this.ancestry(node);
    return chain.length >= 2 ? chain[chain.length - 2] : undefined;
  }

  /** The nearest ancestor of one of `types`, not looking past one of `stopAt`. */
  closest(node: Node, types: ReadonlySet<string>, stopAt?: ReadonlySet<string>): Node | undefined {
    const chain = this.ancestry(node);
    for (let i = chain.length - 2; i >= 0; i--) {
      if (types.has(this.typeOf(chain[i]))) return chain[i];
      if (stopAt?.has(this.typeOf(chain[i]))) return undefined;
    }
    return undefined;
  }

  /** The top-level statements (children of the root), once. */
  topLevelNodes(): Node[] {
    this.loadTopLevel();
    return this.topLevel!;
  }

  /** Where the top-level statement at `index` (in `topLevelNodes()`) ends. */
  topLevelEnd(index: number): number {
    this.loadTopLevel();
    let end = this.topLevelEnds[index];
    if (end < 0) this.topLevelEnds[index] = end = this.topLevel![index].endIndex;
    return end;
  }

  /**
   * Records the end and kind of the top-level statement at `index`, known without asking WebAssembly: a statement
   * tree-sitter reused from the last tree analysed is the one read then (see unitsOf).
   */
  knowTopLevel(index: number, end: number, type: string): void {
    this.loadTopLevel();
    this.topLevelEnds[index] = end;
    this.topLevelTypes[index] = type;
  }

  /** The kind of the top-level statement at `index` (in `topLevelNodes()`), read once. */
  topLevelType(index: number): string {
    this.loadTopLevel();
    return (this.topLevelTypes[index] ??= this.typeOf(this.topLevel![index]));
  }

  /** The position in `topLevelNodes()` of the statement holding `offset`, or -1. */
  topLevelIndexAt(offset: number): number {
    return this.topLevelIndexOf(offset, offset);
  }

  /** Where each top-level statement ends, -1 until read. */
  private topLevelEnds = new Int32Array(0);
  /**
   * The kind of each top-level statement, once known (kept by position: a Map by id cost more than the rest of
   * knowing a reused statement, a thousand per edit at 10k lines).
   */
  private topLevelTypes: (string | undefined)[] = [];

  private loadTopLevel(): void {
    if (this.topLevel) return;
    const root = this.tree.rootNode;
    this.topLevel = root.children.filter((child): child is Node => child !== null);
    if (isRegionsRoot(root)) {
      // A Python document read a region at a time knows each statement's end and kind (see RegionTopLevel).
      const { ends, types } = (root as unknown as { topLevelFacts(): { ends: Int32Array<ArrayBuffer>; types: string[] } }).topLevelFacts();
      this.topLevelEnds = ends;
      this.topLevelTypes = types;
      return;
    }
    // endIndex is computed by WebAssembly on every read: each is read once, when first asked (a search reads a few,
    // the units are read a thousand per step), not all in the step that reads the statements (tens of milliseconds).
    this.topLevelEnds = new Int32Array(this.topLevel.length).fill(-1);
    this.topLevelTypes = new Array<string | undefined>(this.topLevel.length);
  }

  /**
   * The top-level node holding [start, end), chosen as tree-sitter's `descendantForIndex` chooses: where two nodes
   * touch (`a;b`, or an ERROR right before a statement), an offset belongs to the node that starts there. Empty
   * ranges at such a point are ambiguous: the caller asks tree-sitter for those.
   */
  private topLevelAt(start: number, end = start): Node | undefined {
    const index = this.topLevelIndexOf(start, end);
    return index >= 0 ? this.topLevel![index] : undefined;
  }

  /** The position in `topLevelNodes()` of the node topLevelAt chooses, or -1 (a binary search over their extents). */
  private topLevelIndexOf(start: number, end: number): number {
    this.loadTopLevel();
    const nodes = this.topLevel!;
    let low = 0;
    let high = nodes.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const nodeStart = nodes[middle].startIndex;
      const nodeEnd = this.topLevelEnd(middle);
      if (nodeEnd < end || (nodeEnd === start && nodeStart < nodeEnd)) low = middle + 1;
      else if (nodeStart > start) high = middle - 1;
      else return middle;
    }
    return -1;
  }
}
