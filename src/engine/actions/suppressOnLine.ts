/**
 * suppress-on-line: adds the rule's suppression comment for this finding, in the language's habit.
 *
 * Offered for every finding. JS/TS: a `// async-patterns-disable-next-line <rule>` line above, indented like the
 * flagged line. Python: `# async-patterns: ignore[<rule>]` at the end of the flagged line, or alone on the line
 * above when the line already ends in a comment, goes on after a `\`, or ends inside a multi-line string. Not
 * offered when the line begins inside a multi-line string (a line above would be part of the string).
 *
 * Before:
 *     await $0asyncio.gather(*[fetch(u) for u in urls])
 * After:
 *     await asyncio.gather(*[fetch(u) for u in urls])  # async-patterns: ignore[unbounded-fanout]
 */
import { SyntaxIndex } from '../syntax';
import { CodeActionProposal, lineAround, offsetAt, QuickFixProvider } from './action';

/** Literals that can span lines: a comment written inside one would be text of the string. */
const multilineLiterals = new Set(['string', 'template_string']);

export const suppressOnLine: QuickFixProvider = {
  id: 'suppress-on-line',
  ruleIds: ['unbounded-fanout'],
  provide({ tree, text, family, finding }): CodeActionProposal | undefined {
    const offset = offsetAt(text, finding.range.start.line, finding.range.start.column);
    const line = lineAround(text, offset);
    const title = `Suppress ${finding.ruleId} on this line`;
    const index = new SyntaxIndex(tree);
    const lineAbove = { startIndex: line.start, endIndex: line.start, newText: '' };
    const canGoAbove = line.start === 0 || !insideLiteral(index, line.start - 1);
    if (family === 'javascript') {
      if (!canGoAbove) return undefined;
      return { id: this.id, title, kind: 'quickfix', isPreferred: false,
        edits: [{ ...lineAbove, newText: `${line.indent}// async-patterns-disable-next-line ${finding.ruleId}\n` }] };
    }
    const directive = `# async-patterns: ignore[${finding.ruleId}]`;
    // Ask the tree, not the text, whether the line ends in a comment: a `#` inside a string ("#done") is not one.
    const row = finding.range.start.line;
    const endsInComment = tree.rootNode.descendantsOfType('comment', { row, column: 0 }, { row, column: line.end - line.start })
      .some(comment => comment !== null && comment.startPosition.row === row);
    const continues = /\\\r?$/.test(text.slice(line.start, line.end)) || insideLiteral(index, line.end);
    if (!endsInComment && !continues) {
      const end = text[line.end - 1] === '\r' ? line.end - 1 : line.end;
      return { id: this.id, title, kind: 'quickfix', isPreferred: false, edits: [{ startIndex: end, endIndex: end, newText: `  ${directive}` }] };
    }
    if (!canGoAbove) return undefined;
    return { id: this.id, title, kind: 'quickfix', isPreferred: false, edits: [{ ...lineAbove, newText: `${line.indent}${directive}\n` }] };
  },
};

/** Whether the character at `offset` (a line break) is inside a string or template literal. */
function insideLiteral(index: SyntaxIndex, offset: number): boolean {
  const node = index.nodeAt(offset);
  return !!node && index.ancestry(node).some(candidate => multilineLiterals.has(candidate.type) && candidate.startIndex < offset && offset < candidate.endIndex);
}
