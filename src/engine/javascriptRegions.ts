/**
 * A JavaScript or TypeScript file (JSX and TSX too) as a sequence of top-level regions (see regions.ts). A region
 * starts on a line whose first character, at column 0 and outside brackets, strings, template literals (with their
 * `${...}`), comments and regular expressions, begins a statement that nothing before it can continue:
 * - the line starts with an identifier character or `@` (a line starting with `(`, `[`, a backtick, `.`, `,` or an
 *   operator can continue the statement before it: `a\n(b)` is a call);
 * - its first word is no keyword that continues a statement (`else`, `catch`, `finally`, `while` of a `do`, `extends`,
 *   `as`, `in`, `from`, ... listed below);
 * - the last code before it (past blank lines and comments) is a `;` or a `}`, so that no operator, keyword or
 *   unclosed `if (x)` is left waiting for it.
 * Decorators belong to what they decorate (a decorator's line ends in no `;` or `}`); comments and blank lines belong
 * to the region before them.
 *
 * The scan cannot always tell a regular expression from a division (`a / b / c` against `x = /b/`): it guesses from
 * the code before the slash, and since neither spans lines, a wrong guess misreads at most the rest of its line. JSX
 * text can hold quotes and brackets that are no code (`<p>Don't (yet)</p>`): a quote is read as a string to the end
 * of its line, a bracket can throw the depth off. Both can make a wrong split, which is why the regions' splits are
 * confirmed by parsing (`confirmsSplits`, see regionTrees.ts): a region that has syntax errors parsed alone, but none
 * joined with the next, is joined with it.
 */
import type { RegionScanner } from './regions';

/** JavaScript's and TypeScript's regions: a file's root is a `program`, and a split is confirmed by parsing. */
export const javascriptRegions: RegionScanner = { rootType: 'program', confirmsSplits: true, scan: scanRegions };

const newline = 10;
const carriageReturn = 13;
const backslash = 92;
const slash = 47;
const star = 42;
const singleQuote = 39;
const doubleQuote = 34;
const backtick = 96;
const dollar = 36;
const semicolon = 59;
const openBrace = 123;
const closeBrace = 125;
const closeParen = 41;
const closeBracket = 93;
const lessThan = 60;
const at = 64;
const underscore = 95;
const openBracket = 91;

/**
 * Words that, first on a line, can continue the statement before it: clauses (`else`, `catch`, `finally`, the
 * `while` of a `do`), binary keywords (`in`, `instanceof`, `as`, `satisfies`, `is`), the heritage and `from` and
 * `with` clauses of a class or an import or export. A line starting with one is never split from the line before
 * (a top-level `while` loop then joins the region before it: no harm).
 */
const continuationKeywords = new Set(['else', 'catch', 'finally', 'while', 'extends', 'implements', 'as', 'satisfies', 'in', 'of', 'instanceof', 'is', 'from', 'with', 'assert', 'keyof', 'typeof']);

/** Words after which a slash starts a regular expression, not a division. */
const keywordsBeforeExpression = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await', 'extends']);

/** Characters that can change the scan's state in code. */
const inCode = /["'`/()[\]{}\n]/g;
const inSingleQuotes = /['\\\n]/g;
const inDoubleQuotes = /["\\\n]/g;
const inTemplate = /[`\\$]/g;

/**
 * Scans `text` from `from` (a region start, or 0) and calls `found` with each later region start, until the text
 * ends or `found` returns false.
 */
function scanRegions(text: string, from: number, found: (start: number) => boolean): void {
  const length = text.length;
  /** Open brackets, counting the `${` of template literals. */
  let depth = 0;
  /** For each template literal's `${` the scan is in, the depth its `{` opened (its `}` goes back into the template). */
  const substitutions: number[] = [];
  /** The last character of code before the scan's place (0 when none: the file's start), and where it is. */
  let last = 0;
  let lastAt = -1;
  /** Where the code not yet looked at for `last` starts (past the last string, comment or line end). */
  let unread = from;
  let lineStart = false;
  let i = from;

  /** Brings `last` up to `end`: the last non-space character of the code in `[unread, end)`, if any. */
  const readCode = (end: number) => {
    for (let k = end - 1; k >= unread; k--) {
      const code = text.charCodeAt(k);
      if (!isSpace(code)) {
        last = code;
        lastAt = k;
        break;
      }
    }
    unread = end;
  };

  /**
   * Reads a template literal's text from `from` to its end or its next `${` (the scan then goes on in that code);
   * returns where the scan goes on.
   */
  const readTemplate = (from: number) => {
    const end = templatePart(text, from);
    if (text.charCodeAt(end - 1) === openBrace && text.charCodeAt(end - 2) === dollar) {
      depth++;
      substitutions.push(depth);
      last = openBrace;
    } else {
      last = backtick;
    }
    lastAt = end - 1;
    unread = end;
    return end;
  };

  // A hashbang line is a comment to tree-sitter (`hash_bang_line`): the first statement can follow it.
  if (from === 0 && text.startsWith('#!')) {
    const end = text.indexOf('\n');
    i = unread = end < 0 ? length : end;
  }
  while (i < length) {
    if (lineStart) {
      lineStart = false;
      if (depth === 0 && i > from && (last === 0 || last === semicolon || last === closeBrace) && startsStatement(text, i) && !found(i)) return;
    }
    inCode.lastIndex = i;
    const next = inCode.exec(text)?.index ?? -1;
    if (next < 0) return;
    i = next;
    const code = text.charCodeAt(i);
    switch (code) {
      case newline:
        readCode(i);
        lineStart = true;
        i++;
        unread = i;
        continue;
      case singleQuote:
      case doubleQuote:
        readCode(i);
        last = code;
        lastAt = i;
        i = unread = stringEnd(text, i, code);
        continue;
      case backtick:
        readCode(i);
        i = readTemplate(i + 1);
        continue;
      case slash: {
        readCode(i);
        const after = text.charCodeAt(i + 1);
        if (after === slash) {
          const end = text.indexOf('\n', i);
          i = unread = end < 0 ? length : end;
        } else if (after === star) {
          const end = text.indexOf('*/', i + 2);
          i = unread = end < 0 ? length : end + 2;
        } else if (startsRegularExpression(text, last, lastAt)) {
          i = unread = regularExpressionEnd(text, i);
          // A regular expression is a value: a slash after it divides.
          last = closeParen;
          lastAt = i - 1;
        } else {
          i++;
        }
        continue;
      }
      case 40: // (
      case openBracket:
      case openBrace:
        depth++;
        break;
      case closeBrace:
        if (substitutions.length > 0 && substitutions[substitutions.length - 1] === depth) {
          // The end of a template literal's `${...}`: back into its text.
          readCode(i);
          substitutions.pop();
          depth--;
          i = readTemplate(i + 1);
          continue;
        }
        if (depth > 0) depth--;
        break;
      case closeParen:
      case closeBracket:
        // A stray closing bracket is a syntax error of its own line: it does not reopen the top level.
        if (depth > 0) depth--;
        break;
    }
    i++;
  }
}

/**
 * The end of the string opened by the quote at `open`: past its closing quote, or at its line's end (unterminated:
 * tree-sitter goes on from there too). A backslash escapes the next character, a line break too (the string goes on).
 */
function stringEnd(text: string, open: number, quote: number): number {
  const pattern = quote === singleQuote ? inSingleQuotes : inDoubleQuotes;
  let i = open + 1;
  for (;;) {
    pattern.lastIndex = i;
    const next = pattern.exec(text)?.index ?? -1;
    if (next < 0) return text.length;
    const code = text.charCodeAt(next);
    if (code === quote) return next + 1;
    if (code === newline) return next;
    i = next + (text.charCodeAt(next + 1) === carriageReturn && text.charCodeAt(next + 2) === newline ? 3 : 2);
  }
}

/**
 * From `i` in a template literal's text, past its closing backtick or the `${` of its next substitution (told apart
 * by the character before the place returned), or the text's end.
 */
function templatePart(text: string, i: number): number {
  for (;;) {
    inTemplate.lastIndex = i;
    const next = inTemplate.exec(text)?.index ?? -1;
    if (next < 0) return text.length;
    const code = text.charCodeAt(next);
    if (code === backtick) return next + 1;
    if (code === backslash) i = next + 2;
    else if (text.charCodeAt(next + 1) === openBrace) return next + 2;
    else i = next + 1;
  }
}

/**
 * Whether a slash after the code character `last` (at `lastAt`) starts a regular expression: after an operator, an
 * opening bracket, a comma or a keyword such as `return`; not after a value (a name, a number, a closing bracket, a
 * string) and not after `<` (JSX's `</div>`).
 */
function startsRegularExpression(text: string, last: number, lastAt: number): boolean {
  if (last === 0) return true;
  if (isIdentifierCharacter(last)) {
    let start = lastAt;
    while (start > 0 && isIdentifierCharacter(text.charCodeAt(start - 1))) start--;
    return keywordsBeforeExpression.has(text.slice(start, lastAt + 1));
  }
  return !(last === closeParen || last === closeBracket || last === closeBrace || last === singleQuote || last === doubleQuote || last === backtick || last === lessThan);
}

/** The end of the regular expression whose opening slash is at `open`: past its flags, or at its line's end. */
function regularExpressionEnd(text: string, open: number): number {
  let inClass = false;
  let i = open + 1;
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === newline || code === carriageReturn) return i;
    if (code === backslash) {
      if (text.charCodeAt(i + 1) === newline || text.charCodeAt(i + 1) === carriageReturn) return i + 1;
      i++;
    } else if (code === openBracket) {
      inClass = true;
    } else if (code === closeBracket) {
      inClass = false;
    } else if (code === slash && !inClass) {
      i++;
      break;
    }
  }
  while (i < text.length && isIdentifierCharacter(text.charCodeAt(i))) i++;
  return i;
}

/** Whether the line at `i` starts a statement that nothing before it can continue (given the code before ends it). */
function startsStatement(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code === at) return true;
  if (!isIdentifierCharacter(code) || (code >= 48 && code <= 57) || isSpace(code)) return false;
  let end = i + 1;
  while (end < text.length && isIdentifierCharacter(text.charCodeAt(end))) end++;
  return !continuationKeywords.has(text.slice(i, end));
}

function isIdentifierCharacter(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === underscore || code === dollar || (code > 127 && !isSpace(code));
}

/** White space and line ends as JavaScript counts them (the byte order mark too). */
function isSpace(code: number): boolean {
  if (code <= 32) return code === 32 || code === 9 || code === 10 || code === 13 || code === 11 || code === 12;
  return code === 0xa0 || code === 0xfeff || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000;
}
