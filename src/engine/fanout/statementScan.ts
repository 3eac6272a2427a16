/**
 * A search of a file's text one top-level statement at a time, for what a rule reads from the whole text (the names
 * a file assigns a limiter to). Searched as one text, a 100k-line file costs ~80 ms after every edit; searched by
 * statement, an edit costs the statements it changed: those it left alone (the same text, so the same matches) keep
 * the last search's matches. The result depends only on the text and its statements, never on the edits before it,
 * so the incremental analysis and a full one read the same.
 *
 * The statements are those the analysis checks as units (analysisUnits.ts): the top-level nodes, and the children of
 * a top-level syntax error (one can hold half the file while a bracket is open, and its statements are unchanged).
 */
import type { Node, Tree } from 'web-tree-sitter';
import { PreviousStatements } from '../previousStatements';
import { SyntaxIndex } from '../syntax';

/** Something a statement's text holds, and where that statement starts. */
export interface FoundIn<T> {
  readonly statementStart: number;
  readonly item: T;
}

/** A statement searched, and what its text holds. Plain data: the tree it was read from may be gone. */
interface SearchedStatement<T> {
  readonly start: number;
  readonly end: number;
  readonly found: readonly T[];
}

/** About how many characters of statements one step searches (a longer statement is searched alone). */
export const charactersPerScanStep = 100_000;
/** How many statements taken from the last search one step visits at most. */
const reusedPerStep = 2_000;

export class StatementScan<T> {
  /** The last search: its text and statements (only the last, so memory follows the size of one file). */
  private last: { text: string; statements: SearchedStatement<T>[] } | undefined;
  /** How many statements the last search read, and how many it took from the one before: for tests. */
  lastRun = { searched: 0, reused: 0 };

  /**
   * `search`: what a piece of one statement's text holds, read from that piece alone; `offset` is where the piece
   * starts in its statement (a statement longer than a step is searched in pieces that start at a line's start, so
   * that no single search holds the host: a class a bracket left open can hold the rest of a 100k-line file).
   */
  constructor(private readonly search: (pieceText: string, offset: number) => T[]) {}

  /** What every statement of the text holds, in order, in steps of about `charactersPerScanStep` characters. */
  *steps(tree: Tree, text: string): Generator<void, FoundIn<T>[]> {
    const previous = new PreviousStatements(this.last, text);
    const index = SyntaxIndex.of(tree);
    const statements: SearchedStatement<T>[] = [];
    const found: FoundIn<T>[] = [];
    const run = { searched: 0, reused: 0 };
    let characters = 0;
    let reused = 0;
    const anyErrors = tree.rootNode.hasError;
    const self = this;
    function* among(nodes: readonly Node[], endOf: (i: number) => number): Generator<void> {
      for (let i = 0; i < nodes.length; i++) {
        const node = nodes[i];
        // Only a tree with errors has ERROR nodes: asking each node its kind costs a call into WebAssembly, so the
        // index's (the units read most, see unitsOf) is asked.
        if (anyErrors && index.typeOf(node) === 'ERROR' && node.childCount > 0) {
          const children = node.children.filter((child): child is Node => child !== null);
          yield* among(children, j => children[j].endIndex);
          continue;
        }
        const start = node.startIndex;
        const end = endOf(i);
        let held = previous.sameAs(start, end)?.found;
        if (held) {
          run.reused++;
          if (++reused >= reusedPerStep) {
            reused = 0;
            yield;
          }
        } else {
          const searched: T[] = [];
          for (const [pieceStart, pieceEnd] of pieces(text, start, end)) {
            if (characters > 0 && characters + pieceEnd - pieceStart > charactersPerScanStep) {
              characters = 0;
              yield;
            }
            searched.push(...self.search(text.slice(pieceStart, pieceEnd), pieceStart - start));
            characters += pieceEnd - pieceStart;
          }
          held = searched;
          run.searched++;
        }
        statements.push({ start, end, found: held });
        for (const item of held) found.push({ statementStart: start, item });
      }
    }
    yield* among(index.topLevelNodes(), i => index.topLevelEnd(i));
    this.last = { text, statements };
    this.lastRun = run;
    return found;
  }

  /** The same in one go. */
  all(tree: Tree, text: string): FoundIn<T>[] {
    const steps = this.steps(tree, text);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }
}

/**
 * `[start, end)` cut into pieces of about `charactersPerScanStep` characters, each ending after a line break (a search
 * anchored at `^` sees each piece's first line as it would in the whole). A match that spans two lines at a cut is
 * not seen: the cuts depend only on the statement's text, so a full analysis and an incremental one still agree.
 */
function pieces(text: string, start: number, end: number): Array<[number, number]> {
  const cuts: Array<[number, number]> = [];
  let from = start;
  while (end - from > charactersPerScanStep) {
    const lineBreak = text.indexOf('\n', from + charactersPerScanStep);
    if (lineBreak < 0 || lineBreak + 1 >= end) break;
    cuts.push([from, lineBreak + 1]);
    from = lineBreak + 1;
  }
  cuts.push([from, end]);
  return cuts;
}
