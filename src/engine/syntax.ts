/** Small helpers over web-tree-sitter nodes, shared by the language analyses. */
import type { Node } from 'web-tree-sitter';
import { SourceRange } from './finding';

/** Node objects are recreated on every access, so identity is by `id`. */
export function sameNode(a: Node | null | undefined, b: Node | null | undefined): boolean {
  return !!a && !!b && a.id === b.id;
}

export function contains(outer: Node, inner: Node): boolean {
  return outer.startIndex <= inner.startIndex && inner.endIndex <= outer.endIndex;
}

export function* ancestors(node: Node): Generator<Node> {
  for (let current = node.parent; current; current = current.parent) yield current;
}

export function closestAncestor(node: Node, types: ReadonlySet<string>, stopAt?: ReadonlySet<string>): Node | undefined {
  for (const ancestor of ancestors(node)) {
    if (types.has(ancestor.type)) return ancestor;
    if (stopAt?.has(ancestor.type)) return undefined;
  }
  return undefined;
}

export function namedChildren(node: Node): Node[] {
  return node.namedChildren.filter((child): child is Node => child !== null);
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
