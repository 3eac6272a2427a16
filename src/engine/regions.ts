/**
 * A file as a sequence of top-level regions, each a run of whole top-level statements, found from the text alone by
 * a scanner of its language (pythonRegions.ts, javascriptRegions.ts). Each region is parsed alone (regionTrees.ts), so
 * that after an edit only the regions it touched are parsed again (issue 11: a whole-file incremental re-parse costs
 * tree-sitter a pass over every top-level statement, or in Python half a full parse next to a top-level line break).
 *
 * The regions are found in one pass, and after an edit again only from the region before the one the edit starts in
 * until the scan meets a region start of the last text past the edit: a scanner's state is the same at every region
 * start, so from there on it would find the same starts.
 */

/** How one language's text splits into top-level regions. */
export interface RegionScanner {
  /** The kind of a file's root node in the language's grammar (Python's `module`, JavaScript's `program`). */
  readonly rootType: string;
  /**
   * Whether a split must be confirmed by parsing (see RegionTrees): a region that parsed alone has syntax errors which
   * it has not when parsed joined with the next is joined with it. For a scanner that can misread the text (a regex
   * literal taken for a division, brackets in JSX text), so that a wrong split never makes good code look broken.
   */
  readonly confirmsSplits: boolean;
  /**
   * Scans `text` from `from` (a region start, or 0) and calls `found` with each later region start, until the text
   * ends or `found` returns false.
   */
  scan(text: string, from: number, found: (start: number) => boolean): void;
}

/** The offsets where the regions of `text` start, in order: the first is always 0. */
export function regionStarts(scanner: RegionScanner, text: string): number[] {
  const starts: number[] = [0];
  scanner.scan(text, 0, start => {
    starts.push(start);
    return true;
  });
  return starts;
}

/**
 * The region starts of `text`, the last text with `[from, oldEnd)` replaced by what is now `[from, newEnd)`, from the
 * last text's `previousStarts`: the same as `regionStarts(scanner, text)`, found by scanning only from the region
 * before the edit until a region start of the last text, moved past the edit, is met again.
 */
export function updatedRegionStarts(scanner: RegionScanner, previousStarts: readonly number[], text: string, from: number, oldEnd: number, newEnd: number): number[] {
  const shift = newEnd - oldEnd;
  // From the region before the one holding the edit's start: an edit of a region's first line (an `@`, `else:`, a
  // `.` or an indentation) can join it to the region before, whose start nothing after it can change.
  const first = Math.max(0, regionIndexAt(previousStarts, from) - 1);
  const kept = previousStarts.slice(0, first + 1);
  // Old starts past the edit, moved by it: meeting one again means the rest is as before.
  let next = regionIndexAt(previousStarts, oldEnd) + 1;
  let rejoinedAt = -1;
  scanner.scan(text, previousStarts[first], start => {
    while (next < previousStarts.length && previousStarts[next] + shift < start) next++;
    if (next < previousStarts.length && previousStarts[next] + shift === start) {
      rejoinedAt = next;
      return false;
    }
    kept.push(start);
    return true;
  });
  if (rejoinedAt >= 0) for (let i = rejoinedAt; i < previousStarts.length; i++) kept.push(previousStarts[i] + shift);
  return kept;
}

/** The index of the region holding `offset` (the last whose start is at or before it). */
export function regionIndexAt(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}
