/**
 * Python's half of the one resolver of imports and aliases: the qualified name an expression refers to, as the
 * catalogue writes it. `import asyncio as aio` makes `aio.gather` `asyncio.gather`; `from asyncio import gather as g`
 * makes `g` `asyncio.gather`; a local that shadows an import resolves to nothing; an unbound builtin such as `open`
 * is `builtins.open`.
 */
import type { Node } from 'web-tree-sitter';
import { PythonScopes } from '../fanout/pythonScopes';
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
    const node = unwrap(expression);
    if (node.type === 'identifier') {
      const binding = this.scopes.lookup(node.text, node);
      if (!binding) return builtinNames.has(node.text) ? `builtins.${node.text}` : undefined;
      return binding.kind === 'opaque' ? this.imports().get(binding.node.startIndex) ?? this.importAround(binding.node) : undefined;
    }
    if (node.type === 'attribute') {
      const object = field(node, 'object');
      const attribute = field(node, 'attribute');
      const base = object && this.qualifiedName(object);
      return base && attribute ? `${base}.${attribute.text}` : undefined;
    }
    return undefined;
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
    for (const match of this.text.matchAll(/^[ \t]*(?:from[ \t]+[\w.]+[ \t]+import|import)\b/gm)) {
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
