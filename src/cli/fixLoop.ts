/**
 * Applies each finding's preferred quick fix, one at a time, re-parsing in between so every fix sees the code the
 * previous one left. Bounded: each finding is offered for fixing once (a finding without a fix costs one question,
 * not a re-analysis of the file), there are at most findings + 1 rounds, and text that does not parse, before or
 * after a fix, stops the loop with nothing to write.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { quickFixesFor } from '../engine/actions';
import { ActionContext, applyEdits, CodeActionProposal, TextEdit } from '../engine/actions/action';
import { analyze } from '../engine/analyze';
import { Finding } from '../engine/finding';
import { GrammarLoader, WasmLocator } from '../engine/grammarLoader';
import { familyOf, GrammarId } from '../engine/languages';
import { dependenciesNear } from '../engine/projectDependencies';
import { defaultAnalysisOptions, Rule } from '../engine/rule';

export interface FixRequest {
  file: string;
  /** The text to fix, with '\n' line ends. */
  text: string;
  grammar: GrammarId;
  rules: readonly Rule[];
  maxConcurrency?: number;
  locateWasm: WasmLocator;
  /** The quick fixes for a finding (tests put doubles here). */
  quickFixes?: (context: ActionContext) => CodeActionProposal[];
}

export type FixOutcome =
  | {
    kind: 'fixed';
    text: string;
    /** How many fewer findings the text has than before. */
    fixedCount: number;
    /** The findings left, at their positions in `text`. */
    remaining: Finding[];
    /** The edits of each round in order, each against the text the round before left (to map positions back). */
    rounds: TextEdit[][];
  }
  /** The text did not parse before any fix; `line` is 1-based. */
  | { kind: 'syntax-errors'; line: number }
  /** A fix made the text unparsable: our bug, stopped before it reaches the disk. */
  | { kind: 'fix-broke-syntax'; ruleId: string; line: number };

export async function fixText(request: FixRequest): Promise<FixOutcome> {
  const parser = await new GrammarLoader(request.locateWasm).parserFor(request.grammar);
  const family = familyOf(request.grammar);
  const maxConcurrency = request.maxConcurrency ?? defaultAnalysisOptions.maxConcurrency;
  const dependencies = dependenciesNear(request.file);
  const quickFixes = request.quickFixes ?? quickFixesFor;
  const parse = (text: string): Tree => {
    const tree = parser.parse(text);
    if (!tree) throw new Error(`tree-sitter returned no tree for ${request.file}`);
    return tree;
  };

  let text = request.text;
  let tree = parse(text);
  try {
    if (tree.rootNode.hasError) return { kind: 'syntax-errors', line: firstErrorLine(tree.rootNode) };
    let findings = analyze({ tree, text, family, options: { maxConcurrency }, rules: request.rules });
    const initialCount = findings.length;
    const asked = new Set<string>();
    const rounds: TextEdit[][] = [];
    while (rounds.length <= initialCount) {
      const context = { tree, text, family, grammar: request.grammar, maxConcurrency, dependencies };
      const next = firstFixable(findings, text, asked, finding => quickFixes({ ...context, finding }).find(proposal => proposal.isPreferred));
      if (!next) break;
      text = applyEdits(text, next.fix.edits);
      rounds.push(next.fix.edits);
      tree.delete();
      tree = parse(text);
      if (tree.rootNode.hasError) return { kind: 'fix-broke-syntax', ruleId: next.finding.ruleId, line: next.finding.range.start.line + 1 };
      findings = analyze({ tree, text, family, options: { maxConcurrency }, rules: request.rules });
    }
    return { kind: 'fixed', text, fixedCount: Math.max(0, initialCount - findings.length), remaining: findings, rounds };
  } finally {
    tree.delete();
  }
}

/** The first finding not offered before that has a fix; every finding looked at is marked as offered. */
function firstFixable(
  findings: readonly Finding[],
  text: string,
  asked: Set<string>,
  preferredFix: (finding: Finding) => CodeActionProposal | undefined,
): { finding: Finding; fix: CodeActionProposal } | undefined {
  const keys = findingKeys(findings, text);
  for (const [i, finding] of findings.entries()) {
    if (asked.has(keys[i])) continue;
    asked.add(keys[i]);
    const fix = preferredFix(finding);
    if (fix) return { finding, fix };
  }
  return undefined;
}

/**
 * Identifies findings across rounds by rule and the text of their line (positions move as fixes land), plus how
 * many identical (rule, line) pairs came before, so identical lines stay distinct findings.
 */
function findingKeys(findings: readonly Finding[], text: string): string[] {
  const lines = text.split('\n');
  const seen = new Map<string, number>();
  return findings.map(finding => {
    const key = `${finding.ruleId}\0${lines[finding.range.start.line]}`;
    const occurrence = (seen.get(key) ?? 0) + 1;
    seen.set(key, occurrence);
    return `${key}\0${occurrence}`;
  });
}

/** The 1-based line of the first error or missing node (the tree says it has one). */
function firstErrorLine(node: Node): number {
  if (node.isError || node.isMissing) return node.startPosition.row + 1;
  const child = node.children.find(c => c?.hasError || c?.isMissing);
  return child ? firstErrorLine(child) : node.startPosition.row + 1;
}

/**
 * Where an offset of the fixed text was before the fixes: undoes each round's edits, last round first. An offset
 * inside inserted text maps to where the insertion was made.
 */
export function offsetBeforeFixes(offset: number, rounds: readonly TextEdit[][]): number {
  let result = offset;
  for (const edits of [...rounds].reverse()) result = offsetBeforeEdits(result, edits);
  return result;
}

function offsetBeforeEdits(offset: number, edits: readonly TextEdit[]): number {
  let shift = 0;
  for (const edit of [...edits].sort((a, b) => a.startIndex - b.startIndex)) {
    const start = edit.startIndex + shift;
    if (offset < start) break;
    if (offset < start + edit.newText.length) return edit.startIndex;
    shift += edit.newText.length - (edit.endIndex - edit.startIndex);
  }
  return offset - shift;
}
