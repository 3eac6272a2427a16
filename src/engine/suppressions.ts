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
  const lineStarts = lineStartOffsets(text);
  const suppress = (line: number, rules: string[]) => {
    const existing = suppressed.get(line);
    if (existing && existing.size === 0) return;
    if (rules.length === 0) suppressed.set(line, new Set());
    else suppressed.set(line, new Set([...(existing ?? []), ...rules]));
  };
  if (family === 'javascript') {
    for (const match of text.matchAll(javascriptDirective)) {
      const line = lineOf(lineStarts, match.index);
      const rules = parseRuleList(match[2].replace(/\*\/.*$/, '').replace(/--.*$/, ''));
      suppress(match[1] === 'next-line' ? line + 1 : line, rules);
    }
  } else {
    for (const match of text.matchAll(pythonDirective)) {
      const line = lineOf(lineStarts, match.index);
      const rules = parseRuleList(match[1] ?? '');
      suppress(line, rules);
      // A directive alone on its line speaks for the next line.
      const lineText = text.slice(lineStarts[line], match.index);
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

function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 10) starts.push(i + 1);
    else if (char === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

function lineOf(lineStarts: readonly number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (lineStarts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}
