/**
 * Reuse across edits for searches that go statement by statement (the async functions of a file, the rule's text
 * searches): the last search's statements, asked in order for those the edit left alone. A statement is the same as
 * last time when it lies wholly in the text before the edit, or wholly in the text after it (moved by the edit's
 * change in length), and has the same length there.
 */
import { unchangedEnds } from './analysisUnits';

export interface SearchedStatementSpan {
  start: number;
  end: number;
}

export class PreviousStatements<S extends SearchedStatementSpan> {
  /** Text before this offset, and text from `unchangedFrom` on, is the same as last time (shifted by `shift`). */
  private readonly unchangedUntil: number;
  private readonly unchangedFrom: number;
  private readonly shift: number;
  private readonly statements: readonly S[];
  private cursor = 0;

  constructor(last: { text: string; statements: readonly S[] } | undefined, text: string) {
    this.statements = last?.statements ?? [];
    const before = last?.text ?? '';
    const { prefix, suffix } = last ? unchangedEnds(before, text) : { prefix: 0, suffix: 0 };
    this.unchangedUntil = prefix;
    this.unchangedFrom = text.length - suffix;
    this.shift = text.length - before.length;
  }

  /** The last search's statement that the one at [start, end) is, if the edit left it alone. Ask in text order. */
  sameAs(start: number, end: number): S | undefined {
    let previousStart: number;
    if (end <= this.unchangedUntil) previousStart = start;
    else if (start >= this.unchangedFrom) previousStart = start - this.shift;
    else return undefined;
    const statements = this.statements;
    while (this.cursor < statements.length && statements[this.cursor].start < previousStart) this.cursor++;
    const candidate = statements[this.cursor];
    return candidate && candidate.start === previousStart && candidate.end - candidate.start === end - start ? candidate : undefined;
  }
}
