/**
 * The pieces the incremental analysis keeps findings for ("units"): the top-level statements of a file (a function,
 * a class, an assignment), and, inside a top-level syntax error, the statements tree-sitter could not fit (an ERROR
 * node can hold half the file while a bracket is unbalanced, and those statements are unchanged by the edit). A unit
 * is known by where it sits, its kind, its exact text and the rest of the lines it starts and ends on; and it names
 * what it may define at file level, so that its change re-checks the statements that looked those names up.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { field, namedChildren, SyntaxIndex } from './syntax';
import { syntaxTreeText } from './syntaxTreeText';

export interface Unit {
  /**
   * Context, kind, structure (for units with syntax errors), text and line context: equal keys have equal analyses.
   * The rules read some things from the lines of the text, not from the tree: an import is a line that starts with
   * `import` (`^[ \t]*import`), and what follows `import asyncio as aio` up to the line's end must be nothing. So
   * `try: import os`, `a = 1; import os` and `import os` (the same node, with the same text) are analysed
   * differently, and an edit that only changes what shares a unit's line can change its analysis. The line context
   * is what such a reading can see: whether the unit starts its line (only spaces and tabs before it) and the
   * character before it; and the rest of its last line.
   */
  readonly key: string;
  readonly node: Node;
  readonly startIndex: number;
  readonly endIndex: number;
  /** 0-based row and column of the unit's first character. */
  readonly startRow: number;
  readonly startColumn: number;
  readonly type: string;
  /**
   * `ERROR root/` when the whole file is one syntax error (there is no module scope), else empty: a statement inside a
   * top-level ERROR is analysed as if it stood at top level (ERROR is no scope in either language), so when a broken
   * line makes the rest of the file one ERROR, its statements are still the units of the last run.
   */
  readonly context: string;
  /** The unit's syntax tree written out, when it has syntax errors (else empty). */
  readonly structure: string;
}

/** The units of the last run and the text they were read from: most units of the next run are the same. */
export interface UnitsSnapshot {
  readonly text: string;
  readonly units: readonly Unit[];
  /**
   * Whether the tree the units were read from is still alive (the caller holds a copy): then a node of the new tree
   * with the id of one of them is that same subtree, reused by tree-sitter (see UnitReader.reusedUnit).
   */
  readonly treeAlive?: boolean;
}

/** A unit as read from the tree, with the index of the same unit in the last run's snapshot (-1: none). */
export interface ReadUnit {
  readonly unit: Unit;
  readonly previous: number;
}

/**
 * The units of a tree, in order. Reading a node costs calls into WebAssembly, so each top-level node is read once,
 * and the children only of top-level ERROR nodes. A unit whose text the edit did not touch, and that tree-sitter
 * parsed the same way, is the unit of the last run: it keeps its key, so no text is copied or hashed for it.
 */
export function* unitsOf(tree: Tree, text: string, previous?: UnitsSnapshot): Generator<ReadUnit> {
  const root = tree.rootNode;
  const reader = new UnitReader(text, root.hasError, previous);
  // The rules read the same top-level nodes: they are read from WebAssembly once, through the tree's shared index.
  const index = SyntaxIndex.of(tree);
  const topLevel = index.topLevelNodes();
  // When tree-sitter cannot make a module of the file at all, the root itself is an ERROR: there is no module scope.
  yield* reader.unitsAmong(topLevel, root.type === 'ERROR' ? 'ERROR root/' : '', i => index.topLevelEnd(i), index);
}

/** Above this many characters, a unit with syntax errors is not written out (see unitsAmong). */
const largeBrokenUnit = 8_000;
/**
 * At most this many characters after a unit on its last line are part of its key (a minified file is one line of
 * thousands of statements): beyond, the key only notes that the line goes on.
 */
const lineContextLength = 256;
let oneRunUnits = 0;

class UnitReader {
  /** Text before this offset, and text from `unchangedFrom` on, is the same as last time (shifted by `shift`). */
  private readonly unchangedUntil: number;
  private readonly unchangedFrom: number;
  private readonly shift: number;
  private readonly previousText: string;
  private readonly previousUnits: readonly Unit[];
  private cursor = 0;
  private lastMatched = -1;
  private readonly treeAlive: boolean;

  constructor(private readonly text: string, private readonly anyErrors: boolean, previous: UnitsSnapshot | undefined) {
    this.previousUnits = previous?.units ?? [];
    this.treeAlive = previous?.treeAlive === true;
    const before = previous?.text ?? '';
    this.previousText = before;
    const { prefix, suffix } = previous ? unchangedEnds(before, text) : { prefix: 0, suffix: 0 };
    this.unchangedUntil = prefix;
    this.unchangedFrom = text.length - suffix;
    this.shift = text.length - before.length;
  }

  /**
   * `topLevel`: the index whose top-level statements `nodes` are. A node's kind is a call into WebAssembly: the
   * index's is read once per tree for the units and the rules' statement searches (see StatementScan) together.
   */
  *unitsAmong(nodes: (Node | null)[], context: string, endOf: (i: number) => number = i => nodes[i]!.endIndex, topLevel?: SyntaxIndex): Generator<ReadUnit> {
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      if (!node) continue;
      if (topLevel && this.treeAlive) {
        const reused = this.reusedUnit(node, nodes[i + 1]?.startIndex ?? this.text.length, context);
        if (reused) {
          topLevel.knowTopLevel(i, reused.unit.endIndex, reused.unit.type);
          yield reused;
          continue;
        }
      }
      const type = topLevel ? topLevel.topLevelType(i) : node.type;
      if (type === 'ERROR' && node.childCount > 0) {
        // ERROR is no scope in either language: what it holds is analysed as if it stood at top level.
        yield* this.unitsAmong(node.children, context);
        continue;
      }
      const startIndex = node.startIndex;
      const endIndex = endOf(i);
      // With syntax errors, the same text can be parsed another way when what follows it changes: the tree, written
      // out, is part of the key. Writing out a large one (an unclosed bracket can swallow half the file) costs more
      // than checking it again, so a large one is a unit of this run only, never the same as another run's.
      const broken = this.anyErrors && node.hasError;
      const structure = !broken ? '' : endIndex - startIndex > largeBrokenUnit ? `\u0001${++oneRunUnits}` : syntaxTreeText(node);
      const line = lineContextOf(this.text, startIndex, endIndex);
      const previous = structure.startsWith('\u0001') ? -1 : this.previousUnitLike(startIndex, endIndex, line, type, context, structure);
      const unit: Unit = {
        key: previous >= 0 ? this.previousUnits[previous].key : keyOf(`${context}${type}\u0000${structure}`, this.text, startIndex, endIndex, line),
        node,
        startIndex,
        endIndex,
        startRow: node.startPosition.row,
        startColumn: node.startPosition.column,
        type,
        context,
        structure,
      };
      yield { unit, previous };
    }
  }

  /**
   * The last run's unit `node` is, read without asking WebAssembly for its end, kind or errors (three calls per
   * statement, most of the fixed cost of an edit in a large file): a node with the id of the last run's unit at the
   * place the edit moved it to is the subtree tree-sitter reused from the last tree (a node's id is its subtree's, and
   * the last tree is alive, so no other subtree has that id), with the same end, kind and errors. Its text and line
   * context must be ones the edit left alone, as for any unit of the last run.
   */
  private reusedUnit(node: Node, nextStart: number, context: string): ReadUnit | undefined {
    const start = node.startIndex;
    const previousStart = start < this.unchangedUntil ? start : start >= this.unchangedFrom ? start - this.shift : -1;
    if (previousStart < 0) return undefined;
    const index = this.previousAt(previousStart);
    const candidate = this.previousUnits[index];
    if (!candidate || candidate.startIndex !== previousStart || candidate.node.id !== node.id || candidate.context !== context) return undefined;
    const end = start + candidate.endIndex - candidate.startIndex;
    if (end > nextStart || candidate.structure.startsWith('\u0001') || index === this.lastMatched) return undefined;
    if (this.previousStartOf(start, lineContextOf(this.text, start, end)) !== previousStart) return undefined;
    this.lastMatched = index;
    // Written out as the units read from the tree are (one shape for all: a spread made each one a slow object).
    const unit: Unit = {
      key: candidate.key,
      node,
      startIndex: start,
      endIndex: end,
      startRow: node.startPosition.row,
      startColumn: node.startPosition.column,
      type: candidate.type,
      context: candidate.context,
      structure: candidate.structure,
    };
    return { unit, previous: index };
  }

  /** Where a unit at `start` with this line context started in the last text, if the edit left them alone; else -1. */
  private previousStartOf(start: number, line: LineContext): number {
    if (line.end < this.unchangedUntil || (line.end === this.text.length && this.unchangedUntil === this.previousText.length && this.shift === 0)) return start;
    if (line.start > this.unchangedFrom || (line.start === this.unchangedFrom && this.sameCharacterBefore(line.start))) return start - this.shift;
    return -1;
  }

  /** The position of the first of the last run's units starting at or after `previousStart` (asked in order). */
  private previousAt(previousStart: number): number {
    const units = this.previousUnits;
    while (this.cursor < units.length && units[this.cursor].startIndex < previousStart) this.cursor++;
    return this.cursor;
  }

  /**
   * The index of the last run's unit with this text, extent, kind and structure, if the edit left its text and its
   * line context alone: with the character on each side of the context (a line break, or the line going on).
   */
  private previousUnitLike(start: number, end: number, line: LineContext, type: string, context: string, structure: string): number {
    const previousStart = this.previousStartOf(start, line);
    if (previousStart < 0) return -1;
    const units = this.previousUnits;
    this.previousAt(previousStart);
    const candidate = units[this.cursor];
    if (!candidate || candidate.startIndex !== previousStart || candidate.endIndex !== end - start + previousStart) return -1;
    if (this.cursor === this.lastMatched) return -1; // two empty units at one place: only one is the old one
    if (candidate.type !== type || candidate.context !== context || candidate.structure !== structure) return -1;
    this.lastMatched = this.cursor;
    return this.cursor;
  }

  /**
   * Whether the character before `at` (in the unchanged end of the text) was there before the edit too, or both are
   * the text's start. The unchanged end is measured only up to the unchanged start, so that character can be equal.
   */
  private sameCharacterBefore(at: number): boolean {
    const previousAt = at - this.shift;
    if (at === 0 || previousAt === 0) return at === previousAt;
    return previousAt > 0 && this.previousText.charCodeAt(previousAt - 1) === this.text.charCodeAt(at - 1);
  }
}

/**
 * How many characters `before` and `after` share at their start, and at their end (not counting those of the start
 * again). Each edit's units, statement searches and name index compare the same two texts: the last answers are kept
 * (a comparison of a 100k-line text costs ~0.1 ms each time).
 */
export function unchangedEnds(before: string, after: string): { readonly prefix: number; readonly suffix: number } {
  for (const known of lastComparisons) if (known.before === before && known.after === after) return known.ends;
  const prefix = commonPrefixLength(before, after);
  const suffix = commonSuffixLength(before, after, Math.min(before.length, after.length) - prefix);
  lastComparisons.unshift({ before, after, ends: { prefix, suffix } });
  lastComparisons.length = Math.min(lastComparisons.length, 2);
  return lastComparisons[0].ends;
}

/** The last comparisons of `unchangedEnds`, newest first (two: the editor may analyse two files in turn). */
const lastComparisons: Array<{ readonly before: string; readonly after: string; readonly ends: { readonly prefix: number; readonly suffix: number } }> = [];

/** How many characters two texts share at their start (compared in chunks: a file can have megabytes). */
export function commonPrefixLength(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  for (let size = 65536; size >= 1; size >>= 4) {
    while (i + size <= max && a.slice(i, i + size) === b.slice(i, i + size)) i += size;
  }
  return i;
}

/** How many characters two texts share at their end, at most `max`. */
export function commonSuffixLength(a: string, b: string, max: number): number {
  let i = 0;
  for (let size = 65536; size >= 1; size >>= 4) {
    while (i + size <= max && a.slice(a.length - i - size, a.length - i) === b.slice(b.length - i - size, b.length - i)) i += size;
  }
  return i;
}

/**
 * The part of the text around a unit its line context is read from: the spaces and tabs before it on its line and
 * the rest of its last line (up to `lineContextLength` characters). Which character precedes `start` tells whether
 * the unit starts its line; which character is at `end`, whether the line goes on.
 */
interface LineContext {
  readonly start: number;
  readonly end: number;
}

function lineContextOf(text: string, startIndex: number, endIndex: number): LineContext {
  let start = startIndex;
  for (let code = text.charCodeAt(start - 1); code === space || code === tab; code = text.charCodeAt(start - 1)) start--;
  let end = endIndex;
  while (end < text.length && end - endIndex < lineContextLength && text.charCodeAt(end) !== newline) end++;
  return { start, end };
}

const newline = 10;
const space = 32;
const tab = 9;

/**
 * A unit's key: `head` (context, kind, structure: no NUL in them); the character before the unit's spaces and tabs
 * (none at the text's start), whether there are any, and the lengths that split what follows into the unit's text
 * and the rest of its line (a text can hold NUL), with whether that rest was cut short; then those texts.
 */
function keyOf(head: string, text: string, startIndex: number, endIndex: number, line: LineContext): string {
  const before = `${line.start > 0 ? text.charCodeAt(line.start - 1) : ''}${line.start < startIndex ? 'w' : ''}`;
  const cut = line.end < text.length && text.charCodeAt(line.end) !== newline ? '+' : '';
  const context = `${before},${endIndex - startIndex},${line.end - endIndex}${cut}`;
  return `${head}\u0000${context}\u0000${text.slice(startIndex, endIndex)}${text.slice(endIndex, line.end)}`;
}

/** The text part of a unit's key (the unit's own text, without its line context). */
export function textOfKey(key: string): string {
  const contextAt = key.indexOf('\u0000', key.indexOf('\u0000') + 1) + 1;
  const textAt = key.indexOf('\u0000', contextAt) + 1;
  return key.slice(textAt, textAt + parseInt(key.slice(contextAt, textAt - 1).split(',')[1], 10));
}

const definitionTypes = new Set([
  'function_definition', 'class_definition', 'function_declaration', 'generator_function_declaration', 'class_declaration',
  'abstract_class_declaration',
]);
const functionValueTypes = new Set(['arrow_function', 'function_expression', 'function', 'generator_function', 'class']);

/**
 * The names a unit may define or change at file level, a superset of what the rules resolve there. A definition
 * (`def f`, `function f`, `class C`, `const f = () => ...`) defines its name, plus any name its body assigns, mutates
 * (`xs.push(...)`) or imports: the rules read those from anywhere in the file (a `let` reassigned in a function, a
 * limiter stored in a class field, `import asyncio as aio` inside a function). That holds for a definition with a
 * syntax error inside too: what its node holds is in its own scope. Any other statement may define every name
 * written in it, outside the string literals that hold no code (see codeOf).
 */
export function namesDefinedBy(unit: Node, unitText: string): Set<string> {
  const steps = namesDefinedBySteps(unit, unitText);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** About how many characters of a unit's text one step of `namesDefinedBySteps` searches. */
export const charactersOfNamesPerStep = 50_000;

/**
 * `namesDefinedBy` in steps of about `charactersOfNamesPerStep` characters: a unit can hold most of the file (a
 * bracket left open while typing makes the rest of the file one function), and its names took 35-50 ms at 100k lines.
 * Each search goes on where the last step stopped, so the names are those of one search of the whole text.
 */
export function* namesDefinedBySteps(unit: Node, unitText: string): Generator<void, Set<string>> {
  const declared = declaredNames(unit);
  if (!declared) {
    const names = new Set<string>();
    yield* matchesInSteps(new RegExp(identifier.source, 'g'), codeOf(unit, unitText), match => names.add(match[0]));
    return names;
  }
  const names = new Set(declared);
  yield* matchesInSteps(new RegExp(writtenName.source, 'g'), unitText, match => names.add(match[1] ?? match[2]));
  yield* matchesInSteps(new RegExp(importStatement.source, 'gm'), unitText, match => {
    for (const name of match[0].match(identifier) ?? []) names.add(name);
  });
  return names;
}

/** Every match of the global `pattern` in `text`, in order, as `text.matchAll` gives them, yielding between stretches. */
function* matchesInSteps(pattern: RegExp, text: string, take: (match: RegExpExecArray) => void): Generator<void> {
  let stepEnd = charactersOfNamesPerStep;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match.index > stepEnd) {
      yield;
      stepEnd = match.index + charactersOfNamesPerStep;
    }
    take(match);
    if (match[0].length === 0) pattern.lastIndex++;
  }
}

const identifier = /[A-Za-z_$][\w$]*/g;
/** `x = ...`, `x: T = ...`, `x += ...`, `x := ...`, `x++`, `++x`, `xs.push(...)`, `xs.append(...)`. */
const writtenName = new RegExp([
  String.raw`(?<![\w$])([A-Za-z_$][\w$]*)(?=\s*(?::[^=;\n]*)?(?:[-+*/%&|^@]|\*\*|\/\/|<<|>>>?|\?\?|&&|\|\|)?=(?![=>])|\s*(?:\+\+|--)|\s*\.\s*(?:push|unshift|splice|concat|append|extend|insert)\s*\()`,
  String.raw`(?:\+\+|--)\s*([A-Za-z_$][\w$]*)`,
].join('|'), 'g');
/** An import line, with the parenthesized names of a Python import that spans lines. */
const importStatement = /^[ \t]*(?:import|from)\b(?:[^\n(]*\([^)]*\)|[^\n]*)/gm;

const importTypes = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

/**
 * A statement's text with the string literals of an import (`'p-limit'`) or of a statement that is one string (a
 * docstring, or `'p-limit';` when a broken import line falls apart) blanked out: those hold no code, and a name in
 * them (`limit`) defines nothing, so an edit of the import line does not re-check everything that uses `limit`. Read
 * from the tree: a quote in a comment or a regular expression would mislead a search of the text. A string with a
 * `{` may be a template or an f-string, which holds code: it stays.
 */
function codeOf(unit: Node, unitText: string): string {
  const only = unit.type === 'expression_statement' && unit.namedChildCount === 1 ? unit.namedChild(0) : null;
  const strings = importTypes.has(unit.type) ? unit.descendantsOfType('string') : only?.type === 'string' ? [only] : [];
  let code = '';
  let from = 0;
  for (const string of strings) {
    if (!string || string.text.includes('{')) continue;
    const start = string.startIndex - unit.startIndex;
    const end = string.endIndex - unit.startIndex;
    code += `${unitText.slice(from, start)}${' '.repeat(end - start)}`;
    from = end;
  }
  return from === 0 ? unitText : code + unitText.slice(from);
}

/** The names a definition declares at file level, or undefined for any other statement. */
function declaredNames(node: Node): string[] | undefined {
  let definition: Node | undefined = node;
  if (definition.type === 'export_statement') definition = field(definition, 'declaration');
  if (definition?.type === 'decorated_definition') definition = field(definition, 'definition');
  if (!definition) return undefined;
  if (definitionTypes.has(definition.type)) {
    const name = field(definition, 'name');
    return name ? [name.text] : undefined;
  }
  if (definition.type !== 'lexical_declaration' && definition.type !== 'variable_declaration') return undefined;
  // `const load = async (ids) => ...`: only when every declarator holds a function or class.
  const names: string[] = [];
  for (const declarator of namedChildren(definition)) {
    if (declarator.type === 'comment') continue;
    const name = field(declarator, 'name');
    const value = field(declarator, 'value');
    if (declarator.type !== 'variable_declarator' || name?.type !== 'identifier' || !value || !functionValueTypes.has(value.type)) return undefined;
    names.push(name.text);
  }
  return names.length > 0 ? names : undefined;
}
