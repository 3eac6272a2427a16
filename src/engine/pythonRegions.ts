/**
 * A Python file as a sequence of top-level regions: each starts on a line that starts a new top-level statement
 * (at column 0, outside brackets, strings and backslash continuations), with decorators belonging to the definition
 * they decorate and the clauses of a compound statement (`else:`, `elif`, `except`, `finally`) to the statement they
 * continue. Comments and blank lines belong to the region before them.
 *
 * This is the first piece of parsing Python per region (issue 11: tree-sitter-python re-reads the whole rest of the
 * file after an edit next to a top-level line break, so one keystroke costs half a full parse). On a file without
 * syntax errors, each region parsed alone gives the top-level nodes the whole file's parse gives there (the unit
 * tests check it against tree-sitter). With syntax errors it does not: tree-sitter's error recovery can reach across
 * hundreds of lines on both sides of a broken line, so a region parse is not the same as a whole-file parse there.
 *
 * The regions are found from the text alone, in one pass, and after an edit again only from the region the edit
 * starts in until the scan meets a region start of the last text past the edit.
 */

/** The offsets where the regions start, in order: the first is always 0. */
export function pythonRegionStarts(text: string): number[] {
  const starts: number[] = [0];
  scanRegions(text, 0, start => {
    starts.push(start);
    return true;
  });
  return starts;
}

/**
 * The region starts of `text`, the last text with `[from, oldEnd)` replaced by what is now `[from, newEnd)`, from the
 * last text's `previousStarts`: the same as `pythonRegionStarts(text)`, found by scanning only from the region before
 * the edit until a region start of the last text, moved past the edit, is met again (the scan's state is the same at
 * every region start, so from there on it would find the same starts).
 */
export function updatedPythonRegionStarts(previousStarts: readonly number[], text: string, from: number, oldEnd: number, newEnd: number): number[] {
  const shift = newEnd - oldEnd;
  // From the region before the one holding the edit's start: an edit of a region's first line (an `@`, `else:`, an
  // indentation) can join it to the region before, whose start nothing before it can change.
  const first = Math.max(0, regionIndexAt(previousStarts, from) - 1);
  const kept = previousStarts.slice(0, first + 1);
  // Old starts past the edit, moved by it: meeting one again means the rest is as before.
  let next = regionIndexAt(previousStarts, oldEnd) + 1;
  let rejoinedAt = -1;
  scanRegions(text, previousStarts[first], start => {
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

const newline = 10;
const carriageReturn = 13;
const space = 32;
const tab = 9;
const formFeed = 12;
const hash = 35;
const backslash = 92;
const at = 64;
const byteOrderMark = 0xfeff;
const singleQuote = 39;
const doubleQuote = 34;

/** Words that, at the start of a line, continue the compound statement before them. */
const clauseKeywords = ['else', 'elif', 'except', 'finally'];

/**
 * Scans `text` from `from` (a region start, or 0) and calls `found` with each later region start, until the text
 * ends or `found` returns false.
 */
function scanRegions(text: string, from: number, found: (start: number) => boolean): void {
  const length = text.length;
  let depth = 0;
  /** The quote character of the string the scan is in, or 0; and whether that string is triple-quoted. */
  let quote = 0;
  let triple = false;
  /** Whether the last line ended in a backslash (outside strings), so the next line continues it. */
  let continued = false;
  /** Whether the last line that held a statement was a decorator: the next definition belongs with it. */
  let decorated = false;
  let i = from;
  let lineStart = true;
  while (i < length) {
    if (lineStart) {
      lineStart = false;
      if (depth > 0 && quote === 0 && !continued && startsDefinition(text, i)) {
        // A bracket left open (its closing one just deleted, or not typed yet) would make the rest of the file one
        // region, parsed again after every keystroke (1.8 s at 100k lines). A `def` or `class` at column 0 can never
        // continue an expression, so the bracket is a syntax error before it either way: the definition starts a
        // region of its own. A file without syntax errors has no such line.
        depth = 0;
      }
      if (depth === 0 && quote === 0 && !continued) {
        // A byte order mark is no character of the first line (tree-sitter skips it too).
        const first = i === 0 && text.charCodeAt(0) === byteOrderMark ? 1 : i;
        const code = text.charCodeAt(first);
        if (isStatementStart(code)) {
          if (i > from && !decorated && !isClause(text, first) && !found(i)) return;
          decorated = code === at;
        }
      }
      continued = false;
    }
    // Skip to the next character that can change the state: most of a file is none of them.
    const next = quote === 0 ? nextSpecial(outsideStrings, text, i) : nextSpecial(quote === singleQuote ? inSingleQuotes : inDoubleQuotes, text, i);
    if (next < 0) return;
    i = next;
    const code = text.charCodeAt(i);
    if (quote !== 0) {
      if (code === backslash) {
        i += 2;
      } else if (code === quote && (!triple || (text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote))) {
        i += triple ? 3 : 1;
        quote = 0;
      } else {
        if (code === newline) {
          // A string in one pair of quotes ends at its line's end (unterminated): tree-sitter goes on from there too.
          if (!triple) quote = 0;
          lineStart = true;
        }
        i++;
      }
      continue;
    }
    switch (code) {
      case newline:
        lineStart = true;
        break;
      case hash: {
        const end = text.indexOf('\n', i);
        i = end < 0 ? length : end;
        continue;
      }
      case backslash:
        if (text.charCodeAt(i + 1) === newline || (text.charCodeAt(i + 1) === carriageReturn && text.charCodeAt(i + 2) === newline)) {
          continued = true;
          i = text.indexOf('\n', i) + 1;
          lineStart = true;
          continue;
        }
        break;
      case singleQuote:
      case doubleQuote:
        quote = code;
        triple = text.charCodeAt(i + 1) === code && text.charCodeAt(i + 2) === code;
        i += triple ? 3 : 1;
        continue;
      case 40: // (
      case 91: // [
      case 123: // {
        depth++;
        break;
      case 41: // )
      case 93: // ]
      case 125: // }
        // A stray closing bracket is a syntax error of its own line: it does not reopen the top level.
        if (depth > 0) depth--;
        break;
    }
    i++;
  }
}

/** Characters that can change the scan's state outside strings, and inside strings of each quote. */
const outsideStrings = /["'#\\()[\]{}\n]/g;
const inSingleQuotes = /['\\\n]/g;
const inDoubleQuotes = /["\\\n]/g;

/** The offset of the next match of the global `pattern` at or after `from`, or -1. */
function nextSpecial(pattern: RegExp, text: string, from: number): number {
  pattern.lastIndex = from;
  return pattern.exec(text)?.index ?? -1;
}

/** Whether a line whose first character is `code` holds a statement at column 0 (not indented, blank, or a comment). */
function isStatementStart(code: number): boolean {
  return !Number.isNaN(code) && code !== space && code !== tab && code !== formFeed && code !== newline && code !== carriageReturn && code !== hash;
}

/** Whether the line at `i` starts with `def`, `class` or `async def` followed by a space or tab. */
function startsDefinition(text: string, i: number): boolean {
  let at = i;
  if (text.startsWith('async', at) && isBlank(text.charCodeAt(at + 5))) {
    at += 5;
    while (isBlank(text.charCodeAt(at))) at++;
    return text.startsWith('def', at) && isBlank(text.charCodeAt(at + 3));
  }
  return (text.startsWith('def', at) && isBlank(text.charCodeAt(at + 3))) || (text.startsWith('class', at) && isBlank(text.charCodeAt(at + 5)));
}

function isBlank(code: number): boolean {
  return code === space || code === tab;
}

/** Whether the line at `i` starts with `else`, `elif`, `except` or `finally` as a word. */
function isClause(text: string, i: number): boolean {
  for (const keyword of clauseKeywords) {
    if (!text.startsWith(keyword, i)) continue;
    const after = text.charCodeAt(i + keyword.length);
    if (!isIdentifierCharacter(after)) return true;
  }
  return false;
}

function isIdentifierCharacter(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code > 127;
}
