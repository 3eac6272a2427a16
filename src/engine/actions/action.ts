/**
 * Code actions as plain data, after rust-analyzer's assists: each action is one file exporting a provider whose
 * `provide` checks first whether it applies here (early returns) and then computes its edits. The editor layer turns
 * proposals into VS Code code actions; the CLI's `fix` applies the preferred one.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { Finding, MatchedRole, SourceRange } from '../finding';
import { GrammarId, LanguageFamily } from '../languages';
import { AnalysisOptions, defaultAnalysisOptions, FanoutLevel } from '../rule';
import { SyntaxIndex } from '../syntax';

/** Replace text[startIndex, endIndex) by newText; offsets into the text before any edit of the same proposal. */
export interface TextEdit {
  startIndex: number;
  endIndex: number;
  newText: string;
}

export interface CodeActionProposal {
  /** kebab-case id, shared by the action's file, its tests and its docs. */
  id: string;
  title: string;
  kind: 'quickfix' | 'refactor.rewrite';
  isPreferred: boolean;
  /** Non-overlapping edits. */
  edits: TextEdit[];
  /** The concurrency limit written into the code, when the action writes one (the editor leaves it selected). */
  limit?: { startIndex: number; endIndex: number };
  /**
   * Why there is no automatic fix here (`Promise.race`: a limit would change which task settles first). Such a
   * proposal has no edits: the editor shows it disabled with this reason, the CLI's `fix` lists the reason.
   */
  disabledReason?: string;
}

/** What kind of file the actions write into, from its name or language (not from its text). */
export interface FileKind {
  /** TypeScript (.ts, .tsx, .mts, .cts): inserted helpers carry types. Unset: only files of the `typescript` grammar. */
  typescript?: boolean;
  /**
   * How the file is loaded: `.mjs`/`.mts` are ES modules, `.cjs`/`.cts` CommonJS. Unset (`.js`, `.ts`): an ES module
   * when it has an `import` or `export` statement, else CommonJS. ESM-only packages (p-limit, p-map) go only into ES
   * modules.
   */
  moduleSystem?: 'esm' | 'commonjs';
}

/**
 * How the document was analyzed, for the actions' own analyses ("our output obeys our rules", a refactoring that
 * bounds what it wrote): the same options as the analysis that reported the finding, or a fix would be judged by
 * another level than the one the user chose.
 */
export interface AnalysisSettings {
  /** The limit to write (asyncPatterns.fanout.maxConcurrency), also the size above which a collection is large. */
  maxConcurrency: number;
  /** unbounded-fanout's level (default: recommended). */
  level?: FanoutLevel;
  /** The document's path, when it has one (see AnalysisOptions.filePath). */
  filePath?: string;
}

/** The analysis options the settings stand for. */
export function analysisOptionsOf(settings: AnalysisSettings): AnalysisOptions {
  return { maxConcurrency: settings.maxConcurrency, level: settings.level ?? defaultAnalysisOptions.level, filePath: settings.filePath };
}

export interface ActionContext extends FileKind, AnalysisSettings {
  tree: Tree;
  text: string;
  family: LanguageFamily;
  grammar: GrammarId;
  /** The finding the quick fix is for, with what it matched (see Finding.nodes): fixes act on these. */
  finding: Finding;
  /** Packages the nearest package.json depends on, for actions that use one (p-limit, p-map). */
  dependencies?: ReadonlySet<string>;
}

export interface QuickFixProvider {
  id: string;
  /** The rules whose findings it fixes. */
  ruleIds: readonly string[];
  provide(context: ActionContext): CodeActionProposal | undefined;
}

/**
 * Applies a proposal's edits to the text (from the last to the first, so offsets stay valid). Of two edits at one
 * offset, an insertion there (`import asyncio` at the top) goes before the text that replaces what starts there:
 * the replacement is applied first, while its range still holds what it replaces.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.startIndex - a.startIndex || b.endIndex - a.endIndex)) {
    result = result.slice(0, edit.startIndex) + edit.newText + result.slice(edit.endIndex);
  }
  return result;
}

/**
 * Whether a proposal's edits can be applied to a text of `length` characters as they are: each inside the text, none
 * overlapping another. An action that computes anything else (seen on text that error recovery parsed oddly, where
 * two rewrites of one call meet) would lose or duplicate bytes, so it is not offered.
 */
export function editsApply(edits: readonly TextEdit[], length: number): boolean {
  const sorted = [...edits].sort((a, b) => a.startIndex - b.startIndex || a.endIndex - b.endIndex);
  return sorted.every((edit, i) => 0 <= edit.startIndex && edit.startIndex <= edit.endIndex && edit.endIndex <= length
    && (i === 0 || sorted[i - 1].endIndex <= edit.startIndex));
}

/** Offset of a 0-based line/column in the text. */
export function offsetAt(text: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 0; current < line; current++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return offset + column;
}

/** The start of the line holding `offset`, and that line's indentation. */
export function lineAround(text: string, offset: number): { start: number; end: number; indent: string } {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const newline = text.indexOf('\n', offset);
  const end = newline < 0 ? text.length : newline;
  return { start, end, indent: /^[ \t]*/.exec(text.slice(start, end))![0] };
}

/** The file's own indentation unit (a tab, or its most common step of spaces), for code we insert. */
export function indentUnit(text: string): string {
  if (/^\t/m.test(text)) return '\t';
  const widths = new Map<number, number>();
  let previous = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const width = /^ */.exec(line)![0].length;
    if (width > previous) widths.set(width - previous, (widths.get(width - previous) ?? 0) + 1);
    previous = width;
  }
  const step = [...widths].sort((a, b) => b[1] - a[1])[0]?.[0];
  return ' '.repeat(step && step <= 8 ? step : 4);
}

/** `base`, or `base_2`, `base_3`... (JS: `base2`) whichever the text does not use yet. */
export function freshName(text: string, base: string, separator = '_'): string {
  // Plain string literals ('p-limit') name nothing; strings that may interpolate ({name}, ${name}) are kept.
  const code = text.replace(/(['"])(?:\\.|(?!\1)[^\\\n{$])*\1/g, '""');
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}${separator}${i}`;
    if (occurrencesOfName(code, name, { afterDot: true }).length === 0) return name;
  }
}

/** A character that can continue a name in either language (`$` in JS, letters of any script). */
const nameCharacter = /[\p{ID_Continue}$\u200c\u200d]/u;

/**
 * Where `name` occurs in `text` as a whole name, not inside a longer one, nor (unless `afterDot`) as a property
 * after a `.`. A plain scan: a pattern built from a name of the user's (`a$b`) would mean something else.
 */
export function occurrencesOfName(text: string, name: string, options: { afterDot?: boolean } = {}): number[] {
  const found: number[] = [];
  if (!name) return found;
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
    const before = text[at - 1] ?? '';
    const after = text[at + name.length] ?? '';
    if (nameCharacter.test(before) || nameCharacter.test(after) || (before === '.' && !options.afterDot)) continue;
    found.push(at);
  }
  return found;
}

/** The last `name = [` before the end of `text`: the offset of its `[`, to find the list assigned (Python). */
export function lastListAssignment(text: string, name: string): number | undefined {
  const assignments = occurrencesOfName(text, name).map(at => {
    listAssignmentTail.lastIndex = at + name.length;
    return listAssignmentTail.test(text) ? listAssignmentTail.lastIndex - 1 : -1;
  }).filter(bracket => bracket >= 0);
  return assignments.length ? assignments[assignments.length - 1] : undefined;
}

const listAssignmentTail = /\s*=\s*\[/y;

/**
 * Where a new Python import goes: after a module docstring and `from __future__` imports (which must come first:
 * an import before them is a SyntaxError, and a docstring after code is no longer the module's docstring), and
 * after the comments and blank lines among them. Whole lines only: a line that goes on with code after a `;` is
 * code. Undefined when a `from __future__` import comes after code (`from __future__ import x; y = 1`): no import
 * can go before it, and none after it would come before the code.
 */
export function pythonImportOffset(text: string): number | undefined {
  let offset = 0;
  for (;;) {
    pythonHeaderLine.lastIndex = offset;
    if (!pythonHeaderLine.test(text)) break;
    offset = pythonHeaderLine.lastIndex;
  }
  return /^[ \t]*from[ \t]+__future__[ \t]+import\b/m.test(text.slice(offset)) ? undefined : offset;
}

/** A comment line, a docstring or a `from __future__` import, with the blank lines before it and the rest of its line. */
const pythonHeaderLine = /(?:[ \t]*\r?\n)*(?:[ \t]*#[^\n]*\n|[rRuU]?(?:"""(?:(?!""")[\s\S])*"""|'''(?:(?!''')[\s\S])*''')[ \t]*(?:#[^\n]*)?\r?\n|from[ \t]+__future__[ \t]+import[ \t]+(?:\([^)]*\)|[\w \t,]*)[ \t]*(?:#[^\n]*)?\r?\n)/y;

/**
 * Where `offsetInNewText` (an offset into `edit.newText`) ends up once all of `edits` are applied by `applyEdits`:
 * after the edits before it have grown or shrunk the text. At one offset, an insertion ends up before a replacement,
 * and of two insertions the later in the list ends up first.
 */
export function resultOffset(edits: readonly TextEdit[], edit: TextEdit, offsetInNewText: number): number {
  const position = edits.indexOf(edit);
  let shift = 0;
  edits.forEach((other, i) => {
    // At one offset, as applyEdits orders them: an insertion before a replacement, else a later edit first.
    const before = other.endIndex < edit.endIndex || (other.endIndex === edit.endIndex && i > position);
    if (other.startIndex < edit.startIndex || (other.startIndex === edit.startIndex && before)) shift += other.newText.length - (other.endIndex - other.startIndex);
  });
  return edit.startIndex + shift + offsetInNewText;
}

/** Whether only spaces or tabs come before `offset` on its line. */
export function startsLine(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineAround(text, offset).start, offset));
}

/** The file's line ending, for lines we write into it. */
export function lineEnding(text: string): string {
  const first = text.indexOf('\n');
  return first > 0 && text[first - 1] === '\r' ? '\r\n' : '\n';
}

/**
 * The node of `type` a finding flags, taken from its facts: the one spanning exactly the finding's range (a call whose
 * callee is itself a call, `loop().create_task(...)`, starts where that inner call does). A finding rebuilt from a
 * position that no longer spans such a node (the editor before its re-analysis) gets the innermost one starting there.
 */
export function flaggedNode(index: SyntaxIndex, text: string, finding: Finding, type: string): Node | undefined {
  return nodeSpanning(index, text, finding.range, type) ?? nodeStartingAt(index, offsetAt(text, finding.range.start.line, finding.range.start.column), type);
}

/** The node of `type` a finding matched in `role` (see Finding.nodes), when the rule said. */
export function matchedNode(index: SyntaxIndex, text: string, finding: Finding, role: MatchedRole, type?: string): Node | undefined {
  const range = finding.nodes?.[role];
  return range && nodeSpanning(index, text, range, type);
}

function nodeSpanning(index: SyntaxIndex, text: string, range: SourceRange, type?: string): Node | undefined {
  const start = offsetAt(text, range.start.line, range.start.column);
  const end = offsetAt(text, range.end.line, range.end.column);
  const node = index.nodeAt(start);
  return node && [...index.ancestry(node)].reverse().find(candidate => candidate.startIndex === start && candidate.endIndex === end && (type === undefined || candidate.type === type));
}

function nodeStartingAt(index: SyntaxIndex, offset: number, type: string): Node | undefined {
  const node = index.nodeAt(offset);
  return node && [...index.ancestry(node)].reverse().find(candidate => candidate.type === type && candidate.startIndex === offset);
}
