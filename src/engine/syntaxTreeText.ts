/**
 * A syntax tree written out: as an S-expression (what the incremental analysis compares to tell two parses of the
 * same text apart) and for people ("Show Syntax Tree").
 *
 * web-tree-sitter's `Node.toString()` writes the S-expression recursively inside WebAssembly, on a small stack of
 * its own in the module's memory: a few hundred nested parentheses (or arrow functions, or `+`) overflow it, and it
 * writes over the heap ("memory access out of bounds", and every tree of every parser broken after it). A user
 * makes such a tree by typing, so the tree is walked here with a cursor, in a loop.
 */
import type { Node, TreeCursor } from 'web-tree-sitter';
import { isRegionsRoot } from './pythonDocumentTree';

/**
 * The S-expression `Node.toString()` writes for `node`: named nodes, with their field names, missing nodes as
 * `(MISSING ...)` and unexpected characters as `(UNEXPECTED ...)`; at any depth.
 */
export function syntaxTreeText(node: Node): string {
  // The root of a Python document read a region at a time (see pythonDocumentTree.ts): its children are trees' own.
  if (isRegionsRoot(node)) return `(module${node.namedChildren.map(child => (child ? ` ${syntaxTreeText(child)}` : '')).join('')})`;
  const cursor = node.walk();
  try {
    return writeFrom(cursor);
  } finally {
    cursor.delete();
  }
}

function writeFrom(cursor: TreeCursor): string {
  let out = '';
  /** For each node from the root to the cursor: whether it was written (and so needs its ")"). */
  const written: boolean[] = [];
  for (;;) {
    const missing = cursor.nodeIsMissing;
    const named = cursor.nodeIsNamed;
    const root = written.length === 0;
    const visible = named || missing;
    if (visible || root) {
      if (!root) {
        out += ' ';
        const fieldName = cursor.currentFieldName;
        if (fieldName) out += `${fieldName}: `;
      }
      out += opening(cursor, named, missing);
    }
    written.push(visible || root);
    if (cursor.gotoFirstChild()) continue;
    for (;;) {
      if (written.pop()) out += ')';
      if (written.length === 0) return out;
      if (cursor.gotoNextSibling()) break;
      cursor.gotoParent();
    }
  }
}

/** How a node starts: `(type`, `(MISSING type)` (quoted when anonymous), `(UNEXPECTED 'c')`, `("(")`. */
function opening(cursor: TreeCursor, named: boolean, missing: boolean): string {
  const type = cursor.nodeType;
  if (missing) return `(MISSING ${named ? type : `"${type}"`}`;
  if (type === 'ERROR' && cursor.endIndex > cursor.startIndex) {
    // An ERROR without children is a character the grammar could not take (tree-sitter writes which one).
    const node = cursor.currentNode;
    if (node.childCount === 0) return `(UNEXPECTED ${unexpectedCharacter(node.text.codePointAt(0))}`;
  }
  return named ? `(${type}` : `("${type}"`;
}

/** A character as tree-sitter writes the one it did not expect. */
function unexpectedCharacter(code: number | undefined): string {
  if (code === undefined) return 'INVALID';
  const escaped: Record<number, string> = { 0: "'\\0'", 10: "'\\n'", 9: "'\\t'", 13: "'\\r'" };
  if (escaped[code]) return escaped[code];
  return code >= 32 && code < 127 ? `'${String.fromCharCode(code)}'` : String(code);
}

/**
 * Indentation stops deepening here: a tree thousands of levels deep (nested parentheses) would otherwise be written
 * with millions of spaces. The parentheses still say where each node ends.
 */
export const maxIndentedDepth = 100;

/**
 * One node a line, indented by depth: the S-expression on one line is unreadable for any real file. In one pass,
 * a line at a time (a large file's tree has hundreds of thousands of nodes).
 */
export function indentSyntaxTree(sExpression: string): string {
  const lines: string[] = [];
  let depth = 0;
  let lineStart = 0;
  for (let i = 0; i < sExpression.length; i++) {
    const char = sExpression[i];
    if (char === '(') {
      if (i > 0) {
        lines.push(sExpression.slice(lineStart, i).trimEnd());
        lines.push('\n', '  '.repeat(Math.min(depth, maxIndentedDepth)));
        lineStart = i;
      }
      depth++;
    } else if (char === ')') depth--;
  }
  lines.push(sExpression.slice(lineStart), '\n');
  return lines.join('');
}
