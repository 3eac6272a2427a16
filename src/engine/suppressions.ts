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
import { LanguageFamily } from './languages';

/** Rule ids suppressed on each 0-based line; an empty set means every rule. */
export type SuppressedLines = Map<number, Set<string>>;

const javascriptDirective = /\/\/\s*async-patterns-disable-(next-line|line)\b([^\n]*)/g;
const pythonDirective = /#\s*async-patterns:\s*ignore(?:\[([^\]\n]*)\])?/g;

export function findSuppressions(text: string, family: LanguageFamily): SuppressedLines {
  const suppressed: SuppressedLines = new Map();
  const lines = new LineCounter(text);
  const suppress = (line: number, rules: string[]) => {
    const existing = suppressed.get(line);
    if (existing && existing.size === 0) return;
    if (rules.length === 0) suppressed.set(line, new Set());
    else suppressed.set(line, new Set([...(existing ?? []), ...rules]));
  };
  if (family === 'javascript') {
    for (const match of text.matchAll(javascriptDirective)) {
      const line = lines.lineOf(match.index);
      const rules = parseRuleList(match[2].replace(/\*\/.*$/, '').replace(/--.*$/, ''));
      suppress(match[1] === 'next-line' ? line + 1 : line, rules);
    }
  } else {
    for (const match of text.matchAll(pythonDirective)) {
      const line = lines.lineOf(match.index);
      const rules = parseRuleList(match[1] ?? '');
      suppress(line, rules);
      // A directive alone on its line speaks for the next line.
      const lineText = text.slice(text.lastIndexOf('\n', match.index - 1) + 1, match.index);
      if (lineText.trim() === '') suppress(line + 1, rules);
    }
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
