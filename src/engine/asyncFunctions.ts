/**
 * The async functions of a file, with the names a user calls them by: for the visualizer's CodeLens, its context
 * menu and its panel, which ask again after every edit, on the extension host's thread. The text is searched for
 * `async` and only those places are visited, by a cursor moving through each top-level statement in document order:
 * walking every node of a large file crossed into WebAssembly hundreds of thousands of times (220 ms at 20k lines),
 * asking each function for its parent walked down from the root again (seconds for thousands of nested callbacks),
 * and moving one cursor across thousands of top-level statements took 80 ms at 100k lines.
 *
 * After an edit, most statements are as they were: a statement the edit did not touch (before or after the edited
 * text, with the same extent and kind, and no syntax error) has the functions found in it last time, moved to where
 * it is now, as the incremental analysis reuses a unit's findings. A keystroke then costs a look at each statement
 * holding `async`, not a search of each.
 */
import type { Node, Tree, TreeCursor } from 'web-tree-sitter';
import { javascriptFunctionTypes } from './concurrency/javascriptModel';
import { LanguageFamily } from './languages';
import { PreviousStatements, SearchedSpans } from './previousStatements';
import { field, SyntaxIndex } from './syntax';

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

/** A function found in a top-level statement, relative to the statement's start (row and offset). */
interface FoundInStatement {
  readonly name: string;
  readonly row: number;
  readonly start: number;
  readonly end: number;
}

/** A top-level statement holding `async`, as the last call found it (its extent is in the `SearchedSpans`). */
interface SearchedStatement {
  readonly type: string;
  readonly functions: readonly FoundInStatement[];
}

/** The statements holding `async` one call searched: their extents, and what each held, in parallel. */
interface SearchedFile extends SearchedSpans {
  readonly statements: readonly SearchedStatement[];
}

/**
 * The last call's text and statements, per language family: what the next call reuses. Only the last call's are
 * kept, so memory follows the size of the file.
 */
const lastFound = new Map<LanguageFamily, SearchedFile>();

/** How many statements holding `async` the last call searched, and how many it took from the call before: for tests and the benchmark. */
export const lastAsyncFunctionsRun = { searched: 0, reused: 0 };

/** Every async function of the file, in source order, with the name a user would call it by. */
export function asyncFunctionsIn(input: AsyncFunctionsInput): AsyncFunctionInfo[] {
  const steps = asyncFunctionSteps(input);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** How many statements one step of `asyncFunctionSteps` searches at most. */
export const statementsPerStep = 200;
/**
 * How many statements taken from the last call one step visits at most: each costs a few calls into WebAssembly
 * (its kind, its errors), and a keystroke in a 100k-line file takes thousands (tens of milliseconds in one step).
 */
export const reusedStatementsPerStep = 1000;

/**
 * The same list in steps, for a caller on the editor's thread that gives it back between them (`runInSlices`): the
 * first search of a large file takes tens of milliseconds. The tree must stay alive until the last step; a run
 * dropped half-way changes nothing.
 */
export function* asyncFunctionSteps(input: AsyncFunctionsInput): Generator<void, AsyncFunctionInfo[]> {
  const { tree, text, family } = input;
  const index = SyntaxIndex.of(tree);
  const search = new StatementSearch(text, family, lastFound.get(family), tree.walk());
  try {
    yield* search.among(index.topLevelNodes(), i => index.topLevelEnd(i), 0, text.length);
  } finally {
    search.cursor.delete();
  }
  lastFound.set(family, { text, starts: search.starts, ends: search.ends, statements: search.statements });
  Object.assign(lastAsyncFunctionsRun, search.run);
  return search.found;
}

/** One search of a file's statements, in order. */
class StatementSearch {
  readonly found: AsyncFunctionInfo[] = [];
  /** The statements searched or reused, for the next call. */
  readonly starts: number[] = [];
  readonly ends: number[] = [];
  readonly statements: SearchedStatement[] = [];
  readonly run = { searched: 0, reused: 0 };

  private readonly previous: PreviousStatements;

  constructor(private readonly text: string, private readonly family: LanguageFamily, private readonly last: SearchedFile | undefined, readonly cursor: TreeCursor) {
    this.previous = new PreviousStatements(last, text);
  }

  /** The functions of the last call's statement that this one is (the same kind too), if the edit left it alone. */
  private reusedFunctions(start: number, end: number, type: string): readonly FoundInStatement[] | undefined {
    const same = this.previous.sameAs(start, end);
    const statement = same >= 0 ? this.last!.statements[same] : undefined;
    return statement?.type === type ? statement.functions : undefined;
  }

  /**
   * The functions in `nodes` (statements in order, `endOf` their ends) between `from` and `to`. A top-level syntax
   * error can hold half the file while a bracket is open: its children are searched as statements (as the analysis
   * reads them as units), so that those the edit left alone are reused.
   */
  *among(nodes: readonly Node[], endOf: (i: number) => number, from: number, to: number): Generator<void> {
    const keyword = /\basync\b/g;
    keyword.lastIndex = from;
    for (let match = keyword.exec(this.text); match && match.index < to; match = keyword.exec(this.text)) {
      const i = indexHolding(nodes, endOf, match.index);
      if (i < 0) continue; // between statements: whitespace
      const statement = nodes[i];
      const start = statement.startIndex;
      const end = endOf(i);
      keyword.lastIndex = Math.max(keyword.lastIndex, end); // the statement's other keywords are read with it
      const type = statement.type;
      if (type === 'ERROR' && statement.childCount > 0) {
        const children = statement.children.filter((child): child is Node => child !== null);
        const ends = new Int32Array(children.length).fill(-1);
        const childEnd = (j: number) => (ends[j] >= 0 ? ends[j] : (ends[j] = children[j].endIndex));
        yield* this.among(children, childEnd, start, end);
        continue;
      }
      // The same statement (text, extent and kind) parsed without an error is the same tree: its functions are known.
      const broken = statement.hasError;
      let functions = broken ? undefined : this.reusedFunctions(start, end, type);
      if (!functions) {
        if (this.run.searched > 0 && this.run.searched % statementsPerStep === 0) yield;
        functions = functionsOf(this.cursor, statement, this.text, end, this.family);
        this.run.searched++;
      } else if (++this.run.reused % reusedStatementsPerStep === 0) yield;
      if (!broken) {
        this.starts.push(start);
        this.ends.push(end);
        this.statements.push({ type, functions });
      }
      const row = statement.startPosition.row;
      for (const fn of functions) this.found.push({ name: fn.name, line: row + fn.row + 1, startIndex: start + fn.start, endIndex: start + fn.end });
    }
  }
}

/**
 * The position of the statement holding `offset` among statements in order, or -1: where two touch, the one that
 * starts there (as `SyntaxIndex.topLevelIndexAt` chooses).
 */
function indexHolding(nodes: readonly Node[], endOf: (i: number) => number, offset: number): number {
  let low = 0;
  let high = nodes.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const start = nodes[middle].startIndex;
    const end = endOf(middle);
    if (end < offset || (end === offset && start < end)) low = middle + 1;
    else if (start > offset) high = middle - 1;
    else return middle;
  }
  return -1;
}

/** The async functions of one top-level statement, by its `async` keywords in order. */
function functionsOf(cursor: TreeCursor, statement: Node, text: string, end: number, family: LanguageFamily): FoundInStatement[] {
  const found: FoundInStatement[] = [];
  const start = statement.startIndex;
  const row = statement.startPosition.row;
  // The cursor goes no higher than the statement: a function's holder is inside it, or the function is the statement.
  cursor.reset(statement);
  const keyword = /\basync\b/g;
  keyword.lastIndex = start;
  for (let match = keyword.exec(text); match && match.index < end; match = keyword.exec(text)) {
    // In a string, a comment or a longer name, or `async` as a name (`async(x)` in JS), it makes no function.
    if (!seek(cursor, match.index) || cursor.nodeType !== 'async') continue;
    if (!cursor.gotoParent()) continue;
    const fn = cursor.currentNode;
    const name = family === 'python' ? pythonAsyncName(fn, match.index) : javascriptAsyncName(fn, () => cursor.gotoParent() ? cursor.currentNode : undefined);
    if (name !== undefined) found.push({ name, row: fn.startPosition.row - row, start: fn.startIndex - start, end: fn.endIndex - start });
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
