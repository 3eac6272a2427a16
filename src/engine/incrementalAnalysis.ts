/**
 * Re-analysis after an edit without re-checking the whole file. Findings are kept per top-level statement
 * ("unit": a function, a class, an assignment), keyed by the unit's exact text. After an edit, a unit is checked
 * again only when its text changed, or when a file-level name its verdicts depended on (a function it calls, a
 * constant it sizes a collection by) is defined by a unit that changed, appeared or disappeared.
 * Units that did not change keep their findings, moved by as many lines as the edit moved them.
 */
import type { Tree } from 'web-tree-sitter';
import { analyze, withoutSuppressed } from './analyze';
import { Finding, SourceRange } from './finding';
import { LanguageFamily } from './languages';
import { AnalysisOptions, Rule, TextRange } from './rule';

interface UnitResult {
  /** Line of the unit's first character when these findings were computed. */
  startLine: number;
  findings: Finding[];
  /** File-level names the unit's verdicts looked up. */
  dependsOn: Set<string>;
  /** Names the unit itself defines at file level (a superset: every identifier in a statement's text). */
  defines: Set<string>;
}

export interface IncrementalInput {
  tree: Tree;
  text: string;
  family: LanguageFamily;
  options?: Partial<AnalysisOptions>;
  rules?: readonly Rule[];
}

export class IncrementalAnalysis {
  private units = new Map<string, UnitResult>();
  private settingsKey = '';
  /** How many units the last run checked and how many it reused: for tests and the benchmark. */
  lastRun = { checked: 0, reused: 0 };

  analyze(input: IncrementalInput): Finding[] {
    const { tree, text, family } = input;
    const settingsKey = JSON.stringify([family, input.options ?? {}, (input.rules ?? []).map(rule => rule.meta.id)]);
    if (settingsKey !== this.settingsKey) {
      this.units.clear();
      this.settingsKey = settingsKey;
    }

    const topLevel = tree.rootNode.children.filter(node => node !== null);
    const current = topLevel.map(node => {
      const startIndex = node.startIndex;
      const endIndex = node.endIndex;
      return { startIndex, endIndex, text: text.slice(startIndex, endIndex), node };
    });

    // Identical units (two `pass` statements, repeated comments) cannot be told apart by text: never cached.
    const occurrences = new Map<string, number>();
    for (const unit of current) occurrences.set(unit.text, (occurrences.get(unit.text) ?? 0) + 1);

    // Names defined by units that changed, appeared or disappeared: their users must be checked again.
    const seen = new Set<string>();
    const changedNames = new Set<string>();
    for (const unit of current) {
      seen.add(unit.text);
      if (!this.units.has(unit.text)) for (const name of namesDefinedBy(unit.text)) changedNames.add(name);
    }
    for (const [unitText, result] of this.units) {
      if (!seen.has(unitText)) for (const name of result.defines) changedNames.add(name);
    }

    const reusedFindings: Finding[] = [];
    const toCheck: typeof current = [];
    const next = new Map<string, UnitResult>();
    for (const unit of current) {
      const cached = this.units.get(unit.text);
      if (cached && occurrences.get(unit.text) === 1 && !dependsOnAny(cached.dependsOn, changedNames)) {
        if (cached.findings.length === 0) {
          // Most units: nothing to move, the cached result is kept as it is.
          next.set(unit.text, cached);
          continue;
        }
        const startLine = unit.node.startPosition.row;
        const moved = startLine === cached.startLine ? cached.findings : cached.findings.map(finding => moveFinding(finding, startLine - cached.startLine));
        reusedFindings.push(...moved);
        next.set(unit.text, { ...cached, startLine, findings: moved });
      } else {
        toCheck.push(unit);
      }
    }

    const fresh = new Map<string, UnitResult>();
    const unitAt = (offset: number) => toCheck.find(unit => unit.startIndex <= offset && offset <= unit.endIndex);
    for (const unit of toCheck) {
      fresh.set(unit.text, { startLine: unit.node.startPosition.row, findings: [], dependsOn: new Set(), defines: namesDefinedBy(unit.text) });
    }
    const ranges: TextRange[] = toCheck.map(unit => ({ startIndex: unit.startIndex, endIndex: unit.endIndex }));
    const findings = ranges.length === 0 ? [] : analyzeUnsuppressed(input, ranges, (offset, name) => {
      const unit = unitAt(offset);
      if (unit) fresh.get(unit.text)!.dependsOn.add(name);
    });
    for (const finding of findings) {
      const unit = toCheck.find(u => u.node.startPosition.row <= finding.range.start.line && finding.range.start.line <= u.node.endPosition.row);
      const result = unit && fresh.get(unit.text);
      // A finding whose related location lies in another unit would go stale when that unit moves: never cache it.
      if (result && finding.related.every(related => withinLines(related.range, result.startLine, unit.node.endPosition.row))) result.findings.push(finding);
      else if (result) result.dependsOn.add('\u0000always');
    }
    for (const [unitText, result] of fresh) {
      if (!result.dependsOn.has('\u0000always') && occurrences.get(unitText) === 1) next.set(unitText, result);
    }
    this.units = next;
    this.lastRun = { checked: toCheck.length, reused: current.length - toCheck.length };
    return withoutSuppressed([...reusedFindings, ...findings], text, family);
  }
}

/** The rules' findings before suppression comments are applied (a comment may be its own unit: they are applied last). */
function analyzeUnsuppressed(input: IncrementalInput, ranges: TextRange[], noteDependency: (offset: number, name: string) => void): Finding[] {
  return analyze({ ...input, ranges, noteDependency, keepSuppressed: true });
}

function dependsOnAny(names: Set<string>, changed: Set<string>): boolean {
  if (changed.size === 0) return false;
  for (const name of names) if (changed.has(name)) return true;
  return false;
}

function namesDefinedBy(unitText: string): Set<string> {
  // The header of a def or class is all it defines at file level; any other statement may define any name in it.
  const header = /^(?:@[^\n]*\n\s*)*(?:export\s+)?(?:default\s+)?(?:async\s+)?(?:def|class|function\*?)\s+(\w+)/.exec(unitText);
  if (header) return new Set([header[1]]);
  return new Set(unitText.match(/\b[A-Za-z_$][\w$]*/g) ?? []);
}

function moveFinding(finding: Finding, lines: number): Finding {
  if (lines === 0) return finding;
  const move = (range: SourceRange): SourceRange => ({
    start: { line: range.start.line + lines, column: range.start.column },
    end: { line: range.end.line + lines, column: range.end.column },
  });
  return { ...finding, range: move(finding.range), related: finding.related.map(related => ({ ...related, range: move(related.range) })) };
}

function withinLines(range: SourceRange, first: number, last: number): boolean {
  return range.start.line >= first && range.end.line <= last;
}
