/**
 * Runs the rules for a document's language over its syntax tree. Synchronous and side-effect free, so the
 * editor and the CLI share it, and a tree is never read after the parse cache replaces it.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { Finding, MatchedNodes, MatchedRole, SourceRange } from './finding';
import { LanguageFamily } from './languages';
import { AnalysisOptions, defaultAnalysisOptions, Report, Rule, TextRange } from './rule';
import { allRules } from './rules';
import { rangeOf } from './syntax';
import { DirectiveScan, findSuppressions, isSuppressed, suppressionsOf } from './suppressions';

export interface AnalyzeInput {
  tree: Tree;
  text: string;
  family: LanguageFamily;
  options?: Partial<AnalysisOptions>;
  /** Which rules run (default: all for the language); the editor passes the ones the user left on. */
  rules?: readonly Rule[];
  /** Only check these ranges (see RuleContext.ranges); the incremental analysis passes the changed statements. */
  ranges?: readonly TextRange[];
  /** Receives RuleContext.noteDependency calls. */
  noteDependency?: (offset: number, name: string) => void;
}

export function analyze(input: AnalyzeInput): Finding[] {
  return withoutSuppressed(locatedFindings(input).map(located => located.finding), input.text, input.family);
}

/** A finding with the offset its flagged node starts at: the incremental analysis files findings by offset. */
export interface LocatedFinding {
  finding: Finding;
  offset: number;
}

/** The rules' findings, unsuppressed and unsorted, each with the offset of the node it flags. */
export function locatedFindings(input: AnalyzeInput): LocatedFinding[] {
  const options = { ...defaultAnalysisOptions, ...input.options };
  const findings: LocatedFinding[] = [];
  for (const rule of input.rules ?? allRules) {
    if (!rule.meta.languages.includes(input.family)) continue;
    const report = (r: Report) => findings.push({ finding: findingOf(rule, r), offset: r.node.startIndex });
    rule.check({
      tree: input.tree,
      text: input.text,
      family: input.family,
      options,
      ranges: input.ranges,
      report,
      noteDependency: input.noteDependency ?? (() => {}),
    });
  }
  return findings;
}

/** Drops findings the user suppressed with a comment, and sorts the rest by position. */
export function withoutSuppressed(findings: Finding[], text: string, family: LanguageFamily): Finding[] {
  if (findings.length === 0) return findings;
  const suppressed = findSuppressions(text, family);
  return findings.filter(finding => !isSuppressed(finding, suppressed)).sort(byPosition);
}

/** The same, with the text's directives already found (see scanDirectives). */
export function withoutSuppressedBy(findings: Finding[], directives: DirectiveScan): Finding[] {
  if (findings.length === 0) return findings;
  const suppressed = suppressionsOf(directives);
  return findings.filter(finding => !isSuppressed(finding, suppressed)).sort(byPosition);
}

function findingOf(rule: Rule, report: Report): Finding {
  const template = rule.meta.messages[report.messageId];
  if (template === undefined) throw new Error(`rule ${rule.meta.id} has no message '${report.messageId}'`);
  return {
    ruleId: rule.meta.id,
    messageId: report.messageId,
    message: fillTemplate(template, report.data ?? {}),
    severity: rule.meta.defaultSeverity,
    range: rangeOf(report.node),
    related: report.related ?? [],
    data: report.data ?? {},
    ...(report.nodes ? { nodes: matchedRanges(report.nodes) } : {}),
  };
}

function matchedRanges(nodes: NonNullable<Report['nodes']>): MatchedNodes {
  const ranges: Partial<Record<MatchedRole, SourceRange>> = {};
  for (const [role, node] of Object.entries(nodes) as Array<[MatchedRole, Node | undefined]>) if (node) ranges[role] = rangeOf(node);
  return ranges;
}

export function fillTemplate(template: string, data: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in data ? String(data[name]) : whole));
}

function byPosition(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.column - b.range.start.column;
}
