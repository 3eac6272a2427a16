/**
 * The async functions of a file, with the names a user calls them by: for the visualizer's CodeLens, its context
 * menu and its panel, which ask again after every edit. The text is searched for `async` and only those places are
 * visited, by one cursor moving through the tree in document order: walking every node of a large file crossed into
 * WebAssembly hundreds of thousands of times (220 ms at 20k lines), and asking each function for its parent walked
 * down from the root again (seconds for thousands of nested callbacks).
 */
import type { Node, Tree, TreeCursor } from 'web-tree-sitter';
import { javascriptFunctionTypes } from './concurrency/javascriptModel';
import { LanguageFamily } from './languages';
import { field } from './syntax';

export interface AsyncFunctionInfo {
  name: string;
  /** 1-based line of the definition (of `async def` / `async function` / the declaration holding an arrow). */
  line: number;
  /** The definition's extent, in UTF-16 offsets. */
  startIndex: number;
  endIndex: number;
}

export interface AsyncFunctionsInput {
  tree: Tree;
  text: string;
  family: LanguageFamily;
}

/** Every async function of the file, in source order, with the name a user would call it by. */
export function asyncFunctionsIn(input: AsyncFunctionsInput): AsyncFunctionInfo[] {
  const found: AsyncFunctionInfo[] = [];
  const cursor = input.tree.walk();
  try {
    for (const match of input.text.matchAll(/\basync\b/g)) {
      // In a string, a comment or a longer name, or `async` as a name (`async(x)` in JS), it makes no function.
      if (!seek(cursor, match.index) || cursor.nodeType !== 'async') continue;
      if (!cursor.gotoParent()) continue;
      const fn = cursor.currentNode;
      const name = input.family === 'python' ? pythonAsyncName(fn, match.index) : javascriptAsyncName(fn, () => cursor.gotoParent() ? cursor.currentNode : undefined);
      if (name !== undefined) found.push({ name, line: fn.startPosition.row + 1, startIndex: fn.startIndex, endIndex: fn.endIndex });
    }
  } finally {
    cursor.delete();
  }
  return found;
}

/**
 * Moves the cursor to the leaf that starts at `offset`, from wherever it is: forward across siblings and up until a
 * node holds the offset, then down. Keywords are sought in order, so the moves add up to about one pass over the
 * tree, even among thousands of nested callbacks. (`gotoFirstChildForIndex` cannot say whether it found the first
 * child: web-tree-sitter reads the child's index as a boolean.)
 */
function seek(cursor: TreeCursor, offset: number): boolean {
  for (;;) {
    if (cursor.startIndex > offset) return false; // between two nodes: whitespace
    if (offset < cursor.endIndex) break;
    if (!cursor.gotoNextSibling() && !cursor.gotoParent()) return false;
  }
  while (cursor.gotoFirstChild()) {
    while (cursor.endIndex <= offset && cursor.gotoNextSibling()) { /* forward */ }
    if (cursor.startIndex > offset || cursor.endIndex <= offset) return false;
  }
  return cursor.startIndex === offset;
}

function pythonAsyncName(fn: Node, keywordStart: number): string | undefined {
  if (fn.type !== 'function_definition' || fn.startIndex !== keywordStart) return undefined;
  return field(fn, 'name')?.text;
}

/** The name a JS function is called by: its own, or that of the declaration, property or assignment holding it. */
function javascriptAsyncName(fn: Node, holderOf: () => Node | undefined): string | undefined {
  if (!javascriptFunctionTypes.has(fn.type)) return undefined;
  const own = field(fn, 'name')?.text;
  if (own !== undefined) return own;
  const holder = holderOf();
  if (holder?.type === 'variable_declarator') return field(holder, 'name')?.text;
  if (holder?.type === 'pair') return field(holder, 'key')?.text;
  if (holder?.type === 'assignment_expression') return field(holder, 'left')?.text;
  return undefined;
}
