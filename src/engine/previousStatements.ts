/**
 * Reuse across edits for searches that go statement by statement (the async functions of a file, the rule's text
 * searches): the last search's statements, asked in order for those the edit left alone. A statement is the same as
 * last time when it lies wholly in the text before the edit, or wholly in the text after it (moved by the edit's
 * change in length), and has the same length there.
 */
import { unchangedEnds } from './analysisUnits';

/** A search's statements as parallel arrays of their starts and ends (plain numbers: the tree may be gone). */
export interface SearchedSpans {
  readonly text: string;
  readonly starts: readonly number[];
  readonly ends: readonly number[];
}

export class PreviousStatements {
  /** Text before this offset, and text from `unchangedFrom` on, is the same as last time (shifted by `shift`). */
  private readonly unchangedUntil: number;
  private readonly unchangedFrom: number;
  private readonly shift: number;
  private readonly starts: readonly number[];
  private readonly ends: readonly number[];
  private cursor = 0;

  constructor(last: SearchedSpans | undefined, text: string) {
    this.starts = last?.starts ?? [];
    this.ends = last?.ends ?? [];
    const before = last?.text ?? '';
    const { prefix, suffix } = last ? unchangedEnds(before, text) : { prefix: 0, suffix: 0 };
    this.unchangedUntil = prefix;
    this.unchangedFrom = text.length - suffix;
    this.shift = text.length - before.length;
  }

  /**
   * The position among the last search's statements of the one at [start, end), if the edit left it alone; else -1.
   * Ask in text order.
   */
  sameAs(start: number, end: number): number {
    let previousStart: number;
    if (end <= this.unchangedUntil) previousStart = start;
    else if (start >= this.unchangedFrom) previousStart = start - this.shift;
    else return -1;
    const starts = this.starts;
    while (this.cursor < starts.length && starts[this.cursor] < previousStart) this.cursor++;
    const at = this.cursor;
    return at < starts.length && starts[at] === previousStart && this.ends[at] - previousStart === end - start ? at : -1;
  }
}
