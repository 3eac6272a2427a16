/**
 * Suppression comments, in each language's habit:
 *   JS/TS:  `// async-patterns-disable-next-line unbounded-fanout` (on the line before)
 *           `// async-patterns-disable-line unbounded-fanout`      (on the same line)
 *   Python: `# async-patterns: ignore[unbounded-fanout]`           (on the same line, or alone on the line before)
 * Without a rule list (`// async-patterns-disable-next-line`, `# async-patterns: ignore`) every rule is suppressed.
 * Comments are found by a text scan of comment-looking lines; a match inside a string is harmless (it could only
 * hide a finding the user wrote the directive next to).
 */
import { Finding } from './finding';
import { unchangedEnds } from './analysisUnits';
import { LanguageFamily } from './languages';

/** Rule ids suppressed on each 0-based line; an empty set means every rule. */
export type SuppressedLines = Map<number, Set<string>>;

const javascriptDirective = /\/\/\s*async-patterns-disable-(next-line|line)\b([^\n]*)/g;
const pythonDirective = /#\s*async-patterns:\s*ignore(?:\[([^\]\n]*)\])?/g;

export function findSuppressions(text: string, family: LanguageFamily): SuppressedLines {
  return suppressionsOf(scanDirectives(text, family));
}

/** The directives of a text: where each match of the family's pattern starts and ends, and its rule list. */
export interface DirectiveScan {
  readonly text: string;
  readonly family: LanguageFamily;
  readonly matches: readonly DirectiveMatch[];
}

interface DirectiveMatch {
  readonly start: number;
  readonly end: number;
  /** `next-line` or `line` (JS/TS); undefined for Python. */
  readonly kind: string | undefined;
  readonly rules: string;
}

/**
 * The directives of `text`, the same as a scan of the whole text (`matchAll`), from `last`, the scan of an earlier
 * text: the editor asks after every keystroke, and the scan of a large file cost most of a millisecond. Only the part
 * the edit changed is scanned, with a margin that no match attempt reaching the change can start before; the
 * matches before it are kept and those after it moved (a match depends only on the text from where it starts).
 */
export function scanDirectives(text: string, family: LanguageFamily, last?: DirectiveScan): DirectiveScan {
  const pattern = new RegExp(family === 'javascript' ? javascriptDirective : pythonDirective);
  const take = (match: RegExpExecArray): DirectiveMatch => ({
    start: match.index,
    end: match.index + match[0].length,
    kind: family === 'javascript' ? match[1] : undefined,
    rules: (family === 'javascript' ? match[2] : match[1]) ?? '',
  });
  if (!last || last.family !== family) return { text, family, matches: [...text.matchAll(pattern)].map(take) };
  if (last.text === text) return last;
  const { prefix, suffix } = unchangedEnds(last.text, text);
  const shift = text.length - last.text.length;
  // Matches before `from` are the last scan's: none of them, and no attempt to match before it, reads the changed text.
  let from = scanSafeStart(text, prefix);
  const kept: DirectiveMatch[] = [];
  for (const match of last.matches) {
    if (match.start >= from) break;
    if (match.end > from) {
      from = match.start; // a match across the margin is scanned again
      break;
    }
    kept.push(match);
  }
  // Scan the new text from there until the scan reaches the unchanged end, where the last scan's matches resume.
  const changedEnd = text.length - suffix;
  let resume = from;
  // Every match starts with the comment mark: the pattern is tried only there (a scan of the pattern runs on to the
  // next match, often the end of a large file, which cost more than the rest of the directives' part of an edit).
  const mark = family === 'javascript' ? '//' : '#';
  const sticky = new RegExp(pattern.source, 'y');
  for (let at = text.indexOf(mark, from); at !== -1 && at < changedEnd; ) {
    sticky.lastIndex = at;
    const match = sticky.exec(text);
    if (match) {
      kept.push(take(match));
      resume = at + match[0].length;
      at = text.indexOf(mark, resume);
    } else {
      at = text.indexOf(mark, at + 1);
    }
  }
  resume = Math.max(resume, changedEnd);
  // From `resume` on the text is the last text's from `resume - shift`: the scans agree unless a last match crosses it.
  const crossing = last.matches.some(match => match.start < resume - shift && match.end > resume - shift);
  if (crossing) {
    pattern.lastIndex = resume;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) kept.push(take(match));
  } else {
    for (const match of last.matches) if (match.start >= resume - shift) kept.push({ ...match, start: match.start + shift, end: match.end + shift });
  }
  return { text, family, matches: kept };
}

/**
 * An offset at or before `changeStart` from which a scan finds the same matches before the change as a scan of the
 * whole text: a match attempt reads at most three lines with more than whitespace on them (the comment mark, the
 * directive's name and, in Python, `ignore`, with any whitespace between), so one starting above the fourth such line
 * before the change cannot reach it. One line more, for margin.
 */
function scanSafeStart(text: string, changeStart: number): number {
  let lineStart = changeStart > 0 ? text.lastIndexOf('\n', changeStart - 1) + 1 : 0;
  let linesWithText = 0;
  while (lineStart > 0) {
    // (lastIndexOf takes a negative start as 0, where a text starting with a line break would hold the search)
    const previousStart = lineStart >= 2 ? text.lastIndexOf('\n', lineStart - 2) + 1 : 0;
    if (/\S/.test(text.slice(previousStart, lineStart))) linesWithText++;
    lineStart = previousStart;
    if (linesWithText >= 4) break;
  }
  return lineStart;
}

/** The lines each directive suppresses. */
export function suppressionsOf(scan: DirectiveScan): SuppressedLines {
  const { text, family } = scan;
  const suppressed: SuppressedLines = new Map();
  const lines = new LineCounter(text);
  const suppress = (line: number, rules: string[]) => {
    const existing = suppressed.get(line);
    if (existing && existing.size === 0) return;
    if (rules.length === 0) suppressed.set(line, new Set());
    else suppressed.set(line, new Set([...(existing ?? []), ...rules]));
  };
  for (const match of scan.matches) {
    const line = lines.lineOf(match.start);
    if (family === 'javascript') {
      const rules = parseRuleList(match.rules.replace(/\*\/.*$/, '').replace(/--.*$/, ''));
      suppress(match.kind === 'next-line' ? line + 1 : line, rules);
      continue;
    }
    const rules = parseRuleList(match.rules);
    suppress(line, rules);
    // A directive alone on its line speaks for the next line.
    const lineText = text.slice(text.lastIndexOf('\n', match.start - 1) + 1, match.start);
    if (lineText.trim() === '') suppress(line + 1, rules);
  }
  return suppressed;
}

export function isSuppressed(finding: Finding, suppressed: SuppressedLines): boolean {
  const rules = suppressed.get(finding.range.start.line);
  return rules !== undefined && (rules.size === 0 || rules.has(finding.ruleId));
}

function parseRuleList(list: string): string[] {
  return list.split(/[\s,]+/).map(rule => rule.trim()).filter(rule => /^[a-z][a-z0-9-]*$/.test(rule));
}

/**
 * Line numbers of offsets met in increasing order, counted on the way: nothing is computed for a file without
 * directives (most files), and a file with some is scanned once. Lines end at '\n' only, as tree-sitter's rows do:
 * the findings' lines are rows, so a lone '\r' must not shift the directives' lines against them.
 */
class LineCounter {
  private offset = 0;
  private line = 0;
  constructor(private readonly text: string) {}
  lineOf(offset: number): number {
    if (offset < this.offset) {
      this.offset = 0;
      this.line = 0;
    }
    for (let i = this.text.indexOf('\n', this.offset); i !== -1 && i < offset; i = this.text.indexOf('\n', i + 1)) this.line++;
    this.offset = offset;
    return this.line;
  }
}
