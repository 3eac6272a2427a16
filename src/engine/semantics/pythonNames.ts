/**
 * Python's half of the one resolver of imports and aliases: the qualified name an expression refers to, as the
 * catalogue writes it. `import asyncio as aio` makes `aio.gather` `asyncio.gather`; `from asyncio import gather as g`
 * makes `g` `asyncio.gather`; a local that shadows an import resolves to nothing; an unbound builtin such as `open`
 * is `builtins.open`.
 */
import type { Node } from 'web-tree-sitter';
import { ModuleLevel, PythonBinding, PythonScopes } from '../fanout/pythonScopes';
import { nameFactKey } from '../rule';
import { field, namedChildren, SyntaxIndex, unwrap } from '../syntax';
import { pythonCatalog } from './catalog';

/**
 * Builtins the analyses speak of, and those the catalogue lists (`builtins.ConnectionError`); other unbound names
 * stay unresolved.
 */
const builtinNames = new Set([
  'open', 'len', 'map', 'range', 'list', 'tuple', 'set', 'dict', 'iter', 'enumerate', 'zip', 'sorted', 'reversed', 'filter', 'min', 'max', 'print', 'input',
  ...pythonCatalog.entriesWithRole('exception').map(entry => entry.name).filter(name => name.startsWith('builtins.')).map(name => name.slice('builtins.'.length)),
]);

export class PythonNames {
  /** The offset of each name an import binds → the qualified name it binds. */
  private importedAt: Map<number, string> | undefined;

  constructor(private readonly index: SyntaxIndex, private readonly text: string, private readonly scopes: PythonScopes) {}

  /** The qualified name of a name or attribute chain (`aio.gather`, `session.get` → undefined unless imported). */
  qualifiedName(expression: Node): string | undefined {
    return this.qualifiedNameOfChain(expression, false);
  }

  /**
   * The qualified name of a name or attribute chain; `unimportedModules`: also a module the file never imported
   * (`asyncio.gather` with `asyncio` bound by nothing), when the catalogue knows that name (see Callees).
   *
   * The answer depends only on the chain's text and the binding its first name reaches. When that is a module-level
   * binding reached from inside a function (the same from every place), the verdict depends on the answer, noted as a
   * question about that name (see `moduleChainQuestion`), not on the name: `import asyncio` edited to `import
   * asynciox` leaves `asyncio.gather` `asyncio.gather`, and nothing that only asked that is checked again.
   */
  qualifiedNameOfChain(expression: Node, unimportedModules: boolean): string | undefined {
    const chain = chainOf(expression);
    if (!chain) return undefined;
    const name = chain.head.text;
    const found = this.scopes.lookupBelowModule(name, chain.head);
    if (!(found instanceof ModuleLevel)) return this.qualifiedNameBoundTo(name, found, chain.parts, unimportedModules);
    this.scopes.noteModuleQuestion(moduleChainQuestionKey(name, chain.parts, unimportedModules));
    return this.qualifiedNameBoundTo(name, this.scopes.moduleBinding(found.module, name), chain.parts, unimportedModules);
  }

  /**
   * The answer to a `moduleChainQuestion` in this file: the qualified name of `name.parts` written in a function
   * that binds none of it, as a string ('' for none).
   */
  answerModuleChainQuestion(module: Node, name: string, detail: string): string {
    const unimportedModules = detail.startsWith('+');
    const path = unimportedModules ? detail.slice(1) : detail;
    const parts = path ? path.split('.') : [];
    const binding = module.type === 'module' ? this.scopes.moduleBinding(module, name) : undefined;
    return this.qualifiedNameBoundTo(name, binding, parts, unimportedModules) ?? '';
  }

  /** The qualified name of `name.parts` with `name` bound to `binding` (undefined: to nothing). */
  private qualifiedNameBoundTo(name: string, binding: PythonBinding | undefined, parts: readonly string[], unimportedModules: boolean): string | undefined {
    let base: string | undefined;
    if (!binding) base = builtinNames.has(name) ? `builtins.${name}` : undefined;
    else if (binding.kind === 'opaque') base = this.imports().get(binding.node.startIndex) ?? this.importAround(binding.node);
    if (base !== undefined) return [base, ...parts].join('.');
    // A module the file never imported still names that module, as the rule reads code (see Callees).
    if (!unimportedModules || binding || parts.length === 0) return undefined;
    const qualified = `${name}.${parts.join('.')}`;
    return pythonCatalog.entry(qualified) ? qualified : undefined;
  }

  /** Whether the file imports `module` (or something from it) anywhere. */
  importsModule(module: string): boolean {
    for (const name of this.imports().values()) if (name === module || name.startsWith(`${module}.`)) return true;
    return false;
  }

  /** The local name the module itself is bound to by a plain `import module [as name]`, if any. */
  localNameOfModule(module: string): string | undefined {
    for (const [offset, name] of this.imports()) {
      if (name !== module) continue;
      const identifier = this.index.nodeAt(offset);
      if (identifier?.type === 'identifier') return identifier.text;
    }
    return undefined;
  }

  /**
   * The local name a plain `import module [as name]` binds that is visible at `use` (an import inside another
   * function is not), if any: what code inserted at `use` may write to reach the module.
   */
  localNameOfModuleAt(module: string, use: Node): string | undefined {
    for (const [offset, name] of this.imports()) {
      if (name !== module) continue;
      const identifier = this.index.nodeAt(offset);
      if (identifier?.type !== 'identifier') continue;
      const binding = this.scopes.lookup(identifier.text, use);
      if (binding?.kind === 'opaque' && binding.node.startIndex === offset) return identifier.text;
    }
    return undefined;
  }

  /** Whether `name` is bound at `use` (by anything: an import, an assignment, a parameter). */
  isBoundAt(name: string, use: Node): boolean {
    return this.scopes.lookup(name, use) !== undefined;
  }

  /** Reads the file's imports now (a first check prepares what it will need, a piece per step). */
  readImports(): void {
    this.imports();
  }

  /**
   * The import a binding sits in when the text scan did not find it: a statement not at the start of its line, as
   * a syntax error can leave one (`do import asyncio`), still binds its names for the scopes, so it does here too.
   */
  private importAround(name: Node): string | undefined {
    let node: Node | undefined = name;
    for (let hops = 0; node && hops < 4 && node.type !== 'import_statement' && node.type !== 'import_from_statement'; hops++) node = this.index.parent(node);
    if (node?.type === 'import_statement') readImport(node, this.imports());
    else if (node?.type === 'import_from_statement') readFromImport(node, this.imports());
    return this.imports().get(name.startIndex);
  }

  private imports(): Map<number, string> {
    if (this.importedAt) return this.importedAt;
    const table = new Map<number, string>();
    // Imports may sit in functions too (`import json` inside a def): the text finds them all, cheaply.
    for (const match of importLines(this.text)) {
      const start = match.index + match[0].length - match[0].trimStart().length;
      const statement = this.index.nodeAt(start);
      const node = statement && (statement.type === 'import_statement' || statement.type === 'import_from_statement' ? statement : this.index.parent(statement));
      if (node?.type === 'import_statement') readImport(node, table);
      else if (node?.type === 'import_from_statement') readFromImport(node, table);
    }
    this.importedAt = table;
    return table;
  }
}

/** A line that starts an import: `import x`, or `from m import x` (spaces and tabs before either). */
const importLine = /[ \t]*(?:from[ \t]+[\w.]+[ \t]+import|import)\b/y;

/**
 * The matches of `^[ \t]*(?:from[ \t]+[\w.]+[ \t]+import|import)\b` (multiline) in `text`, in order, found from the
 * occurrences of `import`: every match holds one on its line. A multiline scan tries the pattern at every offset of
 * the text (a tenth of a Python edit's time in a 10k-line file); a file has few lines with `import`.
 */
export function* importLines(text: string): Generator<RegExpExecArray> {
  let line = -1;
  let previous = 0;
  for (let at = text.indexOf('import'); at !== -1; previous = at, at = text.indexOf('import', at + 1)) {
    // Back to the last line terminator (those `^` knows in JavaScript), not past the last occurrence: its line is known.
    let start = -1;
    for (let i = at - 1; i >= previous; i--) {
      const c = text.charCodeAt(i);
      if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) {
        start = i + 1;
        break;
      }
    }
    if (start === -1) {
      if (line !== -1) continue;
      start = 0;
    }
    line = start;
    importLine.lastIndex = start;
    const match = importLine.exec(text);
    if (match) yield match;
  }
}

/** `import a.b.c` binds `a` to `a`; `import a.b as c` binds `c` to `a.b`. */
function readImport(statement: Node, table: Map<number, string>): void {
  for (const name of namedChildren(statement)) {
    if (name.type === 'dotted_name') {
      const head = namedChildren(name)[0];
      if (head) table.set(head.startIndex, head.text);
    } else if (name.type === 'aliased_import') {
      const alias = field(name, 'alias');
      const module = field(name, 'name');
      if (alias && module) table.set(alias.startIndex, module.text);
    }
  }
}

/** `from a.b import c as d` binds `d` to `a.b.c`; relative modules keep their dots (`.c`). */
function readFromImport(statement: Node, table: Map<number, string>): void {
  const module = field(statement, 'module_name')?.text.replace(/\s+/g, '') ?? '';
  const prefix = module.endsWith('.') ? module : `${module}.`;
  for (const name of statement.childrenForFieldName('name')) {
    if (!name) continue;
    if (name.type === 'aliased_import') {
      const alias = field(name, 'alias');
      const imported = field(name, 'name');
      if (alias && imported) table.set(alias.startIndex, `${prefix}${imported.text}`);
    } else if (name.type === 'dotted_name') {
      table.set(name.startIndex, `${prefix}${name.text}`);
    }
  }
}

/**
 * The NameFact (see rule.ts) a chain's qualified name is noted as: its name is the question, the chain's first name
 * the name asked about, and the rest of the chain (with `+` first when unimported modules count) its detail.
 */
export const moduleChainQuestion = 'python: the qualified name of an attribute chain on a module-level name';

function moduleChainQuestionKey(name: string, parts: readonly string[], unimportedModules: boolean): string {
  return nameFactKey({ name: moduleChainQuestion }, name, `${unimportedModules ? '+' : ''}${parts.join('.')}`);
}

/** A name followed by attributes (`aio.tasks.gather`, parentheses allowed around each part), or undefined. */
function chainOf(expression: Node): { head: Node; parts: string[] } | undefined {
  const parts: string[] = [];
  let node = unwrap(expression);
  while (node.type === 'attribute') {
    const object = field(node, 'object');
    const attribute = field(node, 'attribute');
    if (!object || !attribute) return undefined;
    parts.unshift(attribute.text);
    node = unwrap(object);
  }
  return node.type === 'identifier' ? { head: node, parts } : undefined;
}
