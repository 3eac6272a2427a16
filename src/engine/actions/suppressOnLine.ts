/**
 * suppress-on-line: adds the rule's suppression comment for this finding, in the language's habit.
 *
 * Offered for every finding. JS/TS: a `// async-patterns-disable-next-line <rule>` line above, indented like the
 * flagged line. Python: `# async-patterns: ignore[<rule>]` at the end of the flagged line, or alone on the line
 * above when the line already ends in a comment.
 *
 * Before:
 *     await $0asyncio.gather(*[fetch(u) for u in urls])
 * After:
 *     await asyncio.gather(*[fetch(u) for u in urls])  # async-patterns: ignore[unbounded-fanout]
 */
import { CodeActionProposal, lineAround, offsetAt, QuickFixProvider } from './action';

export const suppressOnLine: QuickFixProvider = {
  id: 'suppress-on-line',
  ruleIds: ['unbounded-fanout'],
  provide({ tree, text, family, finding }): CodeActionProposal | undefined {
    const offset = offsetAt(text, finding.range.start.line, finding.range.start.column);
    const line = lineAround(text, offset);
    const title = `Suppress ${finding.ruleId} on this line`;
    if (family === 'javascript') {
      return { id: this.id, title, kind: 'quickfix', isPreferred: false,
        edits: [{ startIndex: line.start, endIndex: line.start, newText: `${line.indent}// async-patterns-disable-next-line ${finding.ruleId}\n` }] };
    }
    const directive = `# async-patterns: ignore[${finding.ruleId}]`;
    // Ask the tree, not the text, whether the line ends in a comment: a `#` inside a string ("#done") is not one.
    const row = finding.range.start.line;
    const endsInComment = tree.rootNode.descendantsOfType('comment', { row, column: 0 }, { row, column: line.end - line.start })
      .some(comment => comment !== null && comment.startPosition.row === row);
    if (!endsInComment) {
      return { id: this.id, title, kind: 'quickfix', isPreferred: false, edits: [{ startIndex: line.end, endIndex: line.end, newText: `  ${directive}` }] };
    }
    return { id: this.id, title, kind: 'quickfix', isPreferred: false, edits: [{ startIndex: line.start, endIndex: line.start, newText: `${line.indent}${directive}\n` }] };
  },
};
