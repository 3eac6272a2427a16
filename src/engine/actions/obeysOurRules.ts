/**
 * "Our output obeys our rules": a proposal is offered only when the code it writes leaves no finding of ours that was
 * not there before, the one it fixes gone. Checked on the statements the edits touch (the rules report only there,
 * see RuleContext.ranges), after an incremental re-parse, so a lightbulb on a large file stays quick.
 */
import { Parser, Tree } from 'web-tree-sitter';
import { analyze } from '../analyze';
import { Finding } from '../finding';
import { LanguageFamily } from '../languages';
import { TextRange } from '../rule';
import { parseForAnalysis } from '../parseForAnalysis';
import { isPythonDocumentTree } from '../pythonDocumentTree';
import { treeSitterEditOf } from '../textChange';
import { AnalysisSettings, analysisOptionsOf, applyEdits, CodeActionProposal } from './action';

/** The text, and how it was analyzed: the check analyzes with the same level, path and limit. */
export interface OwnRulesCheck extends AnalysisSettings {
  tree: Tree;
  text: string;
  family: LanguageFamily;
}

/** Whether `proposal`'s result has no finding the text did not have in the statements it touches, less `fixed`. */
export function obeysOurRules(check: OwnRulesCheck, proposal: CodeActionProposal, fixed?: Finding): boolean {
  if (proposal.edits.length === 0) return true;
  const { tree, text, family } = check;
  const result = applyEdits(text, proposal.edits);
  // Python is parsed for analysis a region at a time (see pythonDocumentTree.ts): the result is parsed the same way.
  const python = isPythonDocumentTree(tree);
  const edited = python ? undefined : tree.copy();
  const parser = new Parser();
  try {
    parser.setLanguage(tree.language);
    let after: Tree | null;
    if (edited) {
      // From the last edit to the first: each one's offsets and positions are still those of the original text.
      for (const edit of [...proposal.edits].sort((a, b) => b.startIndex - a.startIndex)) {
        const start = positionOf(text, edit.startIndex);
        const end = positionOf(text, edit.endIndex);
        edited.edit(treeSitterEditOf({ rangeOffset: edit.startIndex, rangeLength: edit.endIndex - edit.startIndex, range: { start, end }, text: edit.newText }));
      }
      after = parser.parse(result, edited);
    } else {
      after = parseForAnalysis(parser, family, result);
    }
    if (!after) return false;
    try {
      const options = analysisOptionsOf(check);
      const before = analyze({ tree, text, family, options, ranges: touched(tree, editedRanges(proposal, false)) });
      const now = analyze({ tree: after, text: result, family, options, ranges: touched(after, editedRanges(proposal, true)) });
      const expected = before.map(keyOf);
      if (fixed) {
        const at = expected.indexOf(keyOf(fixed));
        if (at >= 0) expected.splice(at, 1);
      }
      for (const finding of now) {
        const at = expected.indexOf(keyOf(finding));
        if (at < 0) return false;
        expected.splice(at, 1);
      }
      return true;
    } finally {
      after.delete();
    }
  } finally {
    edited?.delete();
    parser.delete();
  }
}

/** A finding apart from where it is (the edits move it): its rule, message and what the message says. */
function keyOf(finding: Finding): string {
  return JSON.stringify([finding.ruleId, finding.messageId, finding.data]);
}

/** The ranges the edits replace, in the text before (`after` false) or after them. */
function editedRanges(proposal: CodeActionProposal, after: boolean): TextRange[] {
  let shift = 0;
  return [...proposal.edits].sort((a, b) => a.startIndex - b.startIndex).map(edit => {
    const range = after
      ? { startIndex: edit.startIndex + shift, endIndex: edit.startIndex + shift + edit.newText.length }
      : { startIndex: edit.startIndex, endIndex: edit.endIndex };
    shift += edit.newText.length - (edit.endIndex - edit.startIndex);
    return range;
  });
}

/** The top-level statements that overlap or touch `ranges`. */
function touched(tree: Tree, ranges: readonly TextRange[]): TextRange[] {
  const statements: TextRange[] = [];
  for (const node of tree.rootNode.children) {
    if (!node) continue;
    if (ranges.some(range => range.startIndex <= node.endIndex && node.startIndex <= range.endIndex)) {
      statements.push({ startIndex: node.startIndex, endIndex: node.endIndex });
    }
  }
  return statements;
}

function positionOf(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) {
    line++;
    lineStart = at + 1;
  }
  return { line, character: offset - lineStart };
}
