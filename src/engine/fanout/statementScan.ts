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

/**
 * One search of a text: what its statements hold. `found` is made on first use (an edit near the top of a file moves
 * every statement after it, and a caller that needs only the items, or nothing new, should not pay for the moves).
 */
export interface ScanResult<T> {
  /** Tells this search from every other search of the same scan. */
  readonly serial: number;
  /**
   * The serial of the search before this one when this one found the same items (by the scan's `itemKey`, in any
   * order: only the statements searched again and those gone are compared), else undefined. A caller that made
   * something from the items alone can keep it.
   */
  readonly sameItemsAs: number | undefined;
  /** Every item, in the order of the text. */
  items(): T[];
  /** Every item with the start of its statement, in the order of the text. */
  found(): FoundIn<T>[];
}

/**
 * The statements of one search, as parallel arrays (plain data: the tree it was read from may be gone). A statement
 * the edit left alone keeps its `held` array, so that only the statements an edit changed cost an allocation.
 */
interface SearchedStatements<T> {
  readonly text: string;
  readonly serial: number;
  readonly starts: number[];
  readonly ends: number[];
  readonly held: (readonly T[])[];
}

/** About how many characters of statements one step searches (a longer statement is searched alone). */
export const charactersPerScanStep = 100_000;
/** How many statements taken from the last search one step visits at most. */
const reusedPerStep = 2_000;
const nothing: readonly never[] = [];

export class StatementScan<T> {
  /** The last search: its text and statements (only the last, so memory follows the size of one file). */
  private last: SearchedStatements<T> | undefined;
  private serials = 0;
  /** How many statements the last search read, and how many it took from the one before: for tests. */
  lastRun = { searched: 0, reused: 0 };

  /**
   * `search`: what a piece of one statement's text holds, read from that piece alone; `offset` is where the piece
   * starts in its statement (a statement longer than a step is searched in pieces that start at a line's start, so
   * that no single search holds the host: a class a bracket left open can hold the rest of a 100k-line file).
   * `itemKey`: equal for items that are the same to a caller of `ScanResult.items` (see `sameItemsAs`).
   */
  constructor(private readonly search: (pieceText: string, offset: number) => T[], private readonly itemKey: (item: T) => string = item => JSON.stringify(item)) {}

  /** What every statement of the text holds, in order, in steps of about `charactersPerScanStep` characters. */
  *steps(tree: Tree, text: string): Generator<void, FoundIn<T>[]> {
    return (yield* this.scanSteps(tree, text)).found();
  }

  /** The same search, as a result that can say it found what the last one found (see ScanResult). */
  *scanSteps(tree: Tree, text: string): Generator<void, ScanResult<T>> {
    const last = this.last;
    const previous = new PreviousStatements(last, text);
    const index = SyntaxIndex.of(tree);
    const starts: number[] = [];
    const ends: number[] = [];
    const held: (readonly T[])[] = [];
    /** Which statements of the last search this one reused: the others are gone, and their items with them. */
    const reusedLast = new Uint8Array(last?.starts.length ?? 0);
    /** What the statements searched again hold. */
    const added: T[] = [];
    const run = { searched: 0, reused: 0 };
    let characters = 0;
    let reused = 0;
    const anyErrors = tree.rootNode.hasError;
    const self = this;
    function* among(nodes: readonly Node[], endOf: (i: number) => number, typeOf: (i: number) => string): Generator<void> {
      for (let i = 0; i < nodes.length; i++) {
        const node = nodes[i];
        // Only a tree with errors has ERROR nodes: asking each node its kind costs a call into WebAssembly, so the
        // index's (the units read most, see unitsOf) is asked.
        if (anyErrors && typeOf(i) === 'ERROR' && node.childCount > 0) {
          const children = node.children.filter((child): child is Node => child !== null);
          yield* among(children, j => children[j].endIndex, j => index.typeOf(children[j]));
          continue;
        }
        const start = node.startIndex;
        const end = endOf(i);
        const same = previous.sameAs(start, end);
        let found: readonly T[];
        if (same >= 0) {
          found = last!.held[same];
          // Two statements taken for one of the last search (empty ones at one place) hold its items twice.
          if (reusedLast[same]) for (const item of found) added.push(item);
          reusedLast[same] = 1;
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
          found = searched.length > 0 ? searched : nothing;
          for (const item of searched) added.push(item);
          run.searched++;
        }
        starts.push(start);
        ends.push(end);
        held.push(found);
      }
    }
    yield* among(index.topLevelNodes(), i => index.topLevelEnd(i), i => index.topLevelType(i));
    const serial = ++this.serials;
    const gone: T[] = [];
    if (last) for (let j = 0; j < reusedLast.length; j++) if (!reusedLast[j]) for (const item of last.held[j]) gone.push(item);
    const sameItemsAs = last && this.sameItems(gone, added) ? last.serial : undefined;
    this.last = { text, serial, starts, ends, held };
    this.lastRun = run;
    return {
      serial,
      sameItemsAs,
      items: () => held.flat() as T[],
      found: () => {
        const found: FoundIn<T>[] = [];
        for (let i = 0; i < held.length; i++) for (const item of held[i]) found.push({ statementStart: starts[i], item });
        return found;
      },
    };
  }

  /** The same in one go. */
  all(tree: Tree, text: string): FoundIn<T>[] {
    const steps = this.steps(tree, text);
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /** Whether two lists hold the same items, in any order. */
  private sameItems(a: readonly T[], b: readonly T[]): boolean {
    if (a.length !== b.length) return false;
    if (a.length === 0) return true;
    const counts = new Map<string, number>();
    for (const item of a) {
      const key = this.itemKey(item);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const item of b) {
      const key = this.itemKey(item);
      const count = counts.get(key);
      if (!count) return false;
      counts.set(key, count - 1);
    }
    return true;
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
