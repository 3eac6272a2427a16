/**
 * Applies each finding's preferred quick fix, one at a time, re-parsing in between so every fix sees the code the
 * previous one left. Bounded: each finding is offered for fixing once (a finding without a fix costs one question,
 * not a re-analysis of the file), there are at most findings + 1 rounds, and text that does not parse, before or
 * after a fix, stops the loop with nothing to write. A finding is known across rounds by its rule and where it
 * starts, moved along with each round's edits. Each finding left keeps the reason it has no automatic fix, when the
 * actions give one (`Promise.race`).
 */
import type { Node, Tree } from 'web-tree-sitter';
import { quickFixesFor } from '../engine/actions';
import { ActionContext, analysisOptionsOf, applyEdits, CodeActionProposal, TextEdit } from '../engine/actions/action';
import { fileKindOf } from '../engine/actions/fileKind';
import { analyze } from '../engine/analyze';
import { Finding } from '../engine/finding';
import { GrammarLoader, WasmLocator } from '../engine/grammarLoader';
import { familyOf, GrammarId } from '../engine/languages';
import { dependenciesNear } from '../engine/projectDependencies';
import { defaultAnalysisOptions, FanoutLevel, Rule } from '../engine/rule';
import { parseForAnalysis } from '../engine/parseForAnalysis';

export interface FixRequest {
  file: string;
  /** The text to fix, with '\n' line ends. */
  text: string;
  grammar: GrammarId;
  rules: readonly Rule[];
  maxConcurrency?: number;
  /** unbounded-fanout's level: only findings of this level are fixed (default: recommended). */
  level?: FanoutLevel;
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
    /** Why a finding left has no automatic fix, where the actions say (`Promise.race`). */
    noFixReasons: ReadonlyMap<Finding, string>;
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
  // Every analysis of the loop, and the fixes' own checks, see the file as `check` would with the same options.
  const settings = { maxConcurrency: request.maxConcurrency ?? defaultAnalysisOptions.maxConcurrency, level: request.level ?? defaultAnalysisOptions.level, filePath: request.file };
  const options = analysisOptionsOf(settings);
  const dependencies = dependenciesNear(request.file);
  const quickFixes = request.quickFixes ?? quickFixesFor;
  const parse = (text: string): Tree => {
    return parseForAnalysis(parser, family, text);
  };

  let text = request.text;
  let tree = parse(text);
  try {
    if (tree.rootNode.hasError) return { kind: 'syntax-errors', line: firstErrorLine(tree.rootNode) };
    let findings = analyze({ tree, text, family, options, rules: request.rules });
    const initialCount = findings.length;
    // Each finding offered for fixing, and why it has no automatic fix when the actions say.
    let asked = new Map<string, string | undefined>();
    const rounds: TextEdit[][] = [];
    while (rounds.length <= initialCount) {
      const context = { tree, text, family, grammar: request.grammar, ...settings, dependencies, ...fileKindOf(request.file) };
      const next = firstFixable(findings, text, asked, finding => quickFixes({ ...context, finding }));
      if (!next) break;
      text = applyEdits(text, next.fix.edits);
      rounds.push(next.fix.edits);
      asked = keysAfterEdits(asked, next.fix.edits);
      tree.delete();
      tree = parse(text);
      if (tree.rootNode.hasError) return { kind: 'fix-broke-syntax', ruleId: next.finding.ruleId, line: next.finding.range.start.line + 1 };
      findings = analyze({ tree, text, family, options, rules: request.rules });
    }
    const noFixReasons = new Map<Finding, string>();
    for (const finding of findings) {
      const reason = asked.get(findingKey(finding.ruleId, offsetOf(text, finding)));
      if (reason) noFixReasons.set(finding, reason);
    }
    return { kind: 'fixed', text, fixedCount: Math.max(0, initialCount - findings.length), remaining: findings, noFixReasons, rounds };
  } finally {
    tree.delete();
  }
}

/**
 * The first finding not offered before that has a fix; every finding looked at is marked as offered, with the reason
 * it has no automatic fix if the actions give one.
 */
function firstFixable(
  findings: readonly Finding[],
  text: string,
  asked: Map<string, string | undefined>,
  fixesFor: (finding: Finding) => CodeActionProposal[],
): { finding: Finding; fix: CodeActionProposal } | undefined {
  for (const finding of findings) {
    const key = findingKey(finding.ruleId, offsetOf(text, finding));
    if (asked.has(key)) continue;
    const proposals = fixesFor(finding);
    asked.set(key, proposals.find(proposal => proposal.disabledReason)?.disabledReason);
    const fix = proposals.find(proposal => proposal.isPreferred);
    if (fix) return { finding, fix };
  }
  return undefined;
}

/**
 * A finding across rounds is its rule and where it starts, carried through each round's edits (positions move as
 * fixes land; identical lines stay distinct findings).
 */
function findingKey(ruleId: string, offset: number): string {
  return `${ruleId}\0${offset}`;
}

/**
 * The keys of findings already offered, moved to where they start after `edits`. One whose start an edit rewrote is
 * dropped: its code is new, and asked for again if it is still a finding.
 */
function keysAfterEdits(asked: ReadonlyMap<string, string | undefined>, edits: readonly TextEdit[]): Map<string, string | undefined> {
  const moved = new Map<string, string | undefined>();
  const sorted = [...edits].sort((a, b) => a.startIndex - b.startIndex);
  for (const [key, reason] of asked) {
    const [ruleId, offsetText] = key.split('\0');
    let offset: number | undefined = Number(offsetText);
    let shift = 0;
    for (const edit of sorted) {
      if (offset < edit.startIndex) break;
      if (offset < edit.endIndex) {
        offset = undefined;
        break;
      }
      shift += edit.newText.length - (edit.endIndex - edit.startIndex);
    }
    if (offset !== undefined) moved.set(findingKey(ruleId, offset + shift), reason);
  }
  return moved;
}

function offsetOf(text: string, finding: Finding): number {
  let offset = 0;
  for (let line = 0; line < finding.range.start.line; line++) offset = text.indexOf('\n', offset) + 1;
  return offset + finding.range.start.column;
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
