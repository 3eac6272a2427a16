/**
 * The shape of one rule, after ESLint's `{ meta, create }`: metadata as data, and a check that reports
 * through its context using message ids. One rule per file under `rules/`, registered in `rules/index.ts`.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { Finding, MatchedRole, RelatedLocation, Severity } from './finding';
import { LanguageFamily } from './languages';

export interface RuleMeta {
  /** kebab-case id, shared by the rule's file, its tests and `docs/rules/<id>.md`. */
  id: string;
  /** One sentence, for tables and SARIF. */
  description: string;
  languages: readonly LanguageFamily[];
  defaultSeverity: Severity;
  /** Message templates by id; `{name}` placeholders are filled from the report's data. */
  messages: Readonly<Record<string, string>>;
}

/**
 * How much evidence unbounded-fanout wants before it reports, as typescript-eslint's configs: `recommended` (the
 * default) reports a fan-out only when the collection is data-driven, each task reaches an external resource and
 * nothing bounds them; `strict` reports any fan-out over a collection of unknown size.
 */
export type FanoutLevel = 'recommended' | 'strict';
export const fanoutLevels: readonly FanoutLevel[] = ['recommended', 'strict'];

export interface AnalysisOptions {
  /** Collections known to be larger than this are treated as unbounded fan-out. */
  maxConcurrency: number;
  /** unbounded-fanout's level (see FanoutLevel). */
  level: FanoutLevel;
  /**
   * The analyzed file's path (or URI path), when there is one: lets a rule tell test code (`test_*.py`,
   * `*.test.ts`, `__tests__/`) from application code. Undefined for untitled documents and strings.
   */
  filePath?: string;
}

export const defaultAnalysisOptions: AnalysisOptions = { maxConcurrency: 16, level: 'recommended' };

export interface Report {
  node: Node;
  messageId: string;
  data?: Readonly<Record<string, string | number>>;
  related?: RelatedLocation[];
  /** Other nodes the rule matched, by role: they reach the fixes as the finding's `nodes`. */
  nodes?: Readonly<Partial<Record<MatchedRole, Node>>>;
}

export interface RuleContext {
  readonly tree: Tree;
  readonly text: string;
  readonly family: LanguageFamily;
  readonly options: AnalysisOptions;
  /**
   * When set, only these text ranges (the top-level statements, or pieces of a top-level syntax error, that changed)
   * need checking: findings elsewhere are reused from the previous analysis. Rules report only within them.
   */
  readonly ranges?: readonly TextRange[];
  report(report: Report): void;
  /**
   * Says that what was decided at `offset` depends on the module-level (file-level) definition of `name`, so a
   * change to that definition elsewhere re-checks it. Rules that follow names across top-level statements call it.
   * `name` may also be a FileFact's name, a NameFact's key (`nameFactKey`), or `wholeFile`.
   */
  noteDependency(offset: number, name: string): void;
}

/**
 * Something a rule reads from the text of the whole file rather than through a name (JS: "the file imports a limiter
 * package"). A verdict that used it notes a dependency on `name`. After an edit that adds or removes text matching
 * `mayChange` (a match always lies within one statement), the incremental analysis computes `valueIn` of the new
 * text and checks those verdicts again if the value changed.
 */
export interface FileFact {
  readonly name: string;
  /** The language whose files the fact is read from (a search of the whole text costs ~20 ms at 100k lines). */
  readonly family: LanguageFamily;
  readonly mayChange: RegExp;
  valueIn(text: string): string;
}

/**
 * One question a rule asks of a name's file-level definitions, answered for every use that reaches them (JS: "do the
 * definitions of `createLimit` make it a limiter factory?"). A verdict that read the definitions only to answer it
 * notes a dependency on `nameFactKey(fact, name)` instead of on the name. After an edit that adds, removes or changes
 * a definition of the name, the incremental analysis computes `valueIn` for the new tree and checks those verdicts
 * again only if the answer changed: a renamed import whose old name still reads as a limiter factory re-checks
 * nothing that only asked that. The answer must not depend on where the name is used (where it would, the value is
 * one that equals no other).
 */
export interface NameFact {
  readonly name: string;
  /**
   * The answer for `name`; `detail` is the rest of the question when it asks more than the name (Python: the
   * attributes of a chain, `gather` of `asyncio.gather`), else ''. A change to the name's definitions asks every
   * question about it again.
   */
  valueIn(tree: Tree, text: string, name: string, detail: string): string;
}

/** The dependency a verdict notes for `fact`'s answer about `name` (and `detail`: see NameFact; no NUL in either). */
export function nameFactKey(fact: { readonly name: string }, name: string, detail = ''): string {
  return detail ? `${fact.name}\u0000${name}\u0000${detail}` : `${fact.name}\u0000${name}`;
}

/** The fact and the name a NameFact's key is about (`fact\0name`), or undefined for any other dependency. */
export function nameFactQuestionOf(key: string): string | undefined {
  const first = key.indexOf('\u0000');
  if (first <= 0) return undefined;
  const second = key.indexOf('\u0000', first + 1);
  return second < 0 ? key : key.slice(0, second);
}

/** A dependency on everything: a verdict that notes it is checked again after every edit. */
export const wholeFile = '\u0000whole file';

export interface TextRange {
  startIndex: number;
  endIndex: number;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
  /** What the rule reads from the whole file's text (see FileFact). */
  fileFacts?: readonly FileFact[];
  /** The questions it asks of file-level definitions (see NameFact). */
  nameFacts?: readonly NameFact[];
  /**
   * The work on the whole file the rule's first check of a tree would do (indexes of its names, searches of its text),
   * one piece per step, so that the editor can give the thread back in between. `manyChecks`: most of the file is to
   * be checked, so whole-file indexes pay off. A step may say what it did (the benchmark names it so).
   */
  prepare?(tree: Tree, text: string, family: LanguageFamily, manyChecks: boolean): Iterable<string | void>;
}

export type { Finding };
