/**
 * The lowering's view of the one resolver of imports and aliases (semantics/pythonNames.ts, javascriptNames.ts)
 * and of the catalogue (semantics/catalog.ts): which library a name or attribute chain stands for, however it was
 * imported. The simulator keeps no table of library names of its own.
 *
 * Resolving a name costs a look at its scopes, so only names that can lead to a library are resolved: those an
 * import binds, and the catalogue's globals (`Promise`, `setTimeout`, `fetch`, Python's `open`).
 */
import type { Node, Tree } from 'web-tree-sitter';
import { JavaScriptScopes } from '../fanout/javascriptScopes';
import { PythonScopes } from '../fanout/pythonScopes';
import type { LanguageFamily } from '../languages';
import { Catalog, CatalogEntry, catalogFor } from '../semantics/catalog';
import { JavaScriptNames } from '../semantics/javascriptNames';
import { PythonNames } from '../semantics/pythonNames';
import { field, SyntaxIndex, unwrap } from '../syntax';

/** The first name of each catalogue entry that is reachable without an import, per language. */
const globalHeads = new Map<LanguageFamily, Set<string>>();

function globalHeadsOf(family: LanguageFamily, catalog: Catalog): Set<string> {
  let heads = globalHeads.get(family);
  if (!heads) {
    heads = new Set();
    for (const entry of catalog.allEntries()) {
      if (family === 'python') {
        if (entry.name.startsWith('builtins.')) heads.add(entry.name.split('.')[1]);
      } else {
        const head = entry.name.split('.')[0];
        if (/^[A-Za-z_$][\w$]*$/.test(head)) heads.add(head);
      }
    }
    globalHeads.set(family, heads);
  }
  return heads;
}

export class LibraryNames {
  readonly catalog: Catalog;
  private readonly resolver: { qualifiedName(node: Node): string | undefined };
  /** Names some import or require of the file binds. */
  private readonly imported = new Set<string>();
  private readonly heads: Set<string>;

  constructor(tree: Tree, text: string, readonly family: LanguageFamily) {
    const index = new SyntaxIndex(tree);
    this.catalog = catalogFor(family);
    this.heads = globalHeadsOf(family, this.catalog);
    this.resolver = family === 'python'
      ? new PythonNames(index, text, new PythonScopes(index, text))
      : new JavaScriptNames(new JavaScriptScopes(index, text));
  }

  /** Told by the lowering as it meets imports: only names bound by one (or catalogue globals) are resolved. */
  noteImported(name: string): void {
    this.imported.add(name);
  }

  /** The qualified name of a name or attribute chain (`aio.sleep` → `asyncio.sleep`), if it leads to a library or a global. */
  qualifiedName(node: Node): string | undefined {
    const inner = unwrap(node);
    const head = headOf(inner);
    if (head === undefined || (!this.imported.has(head) && !this.heads.has(head))) return undefined;
    return this.resolver.qualifiedName(inner);
  }

  /** The catalogue's entry for what `node` names, if it has one. */
  entry(node: Node): CatalogEntry | undefined {
    return this.catalog.entry(this.qualifiedName(node));
  }
}

/** The name an attribute chain starts from (`a` of `a.b.c`), or undefined for anything else. */
function headOf(node: Node): string | undefined {
  let current: Node | undefined = node;
  for (let depth = 0; current && depth < 16; depth++) {
    if (current.type === 'identifier') return current.text;
    if (current.type === 'attribute' || current.type === 'member_expression') current = field(current, 'object');
    else if (current.type === 'sequence_expression') current = current.lastNamedChild ?? undefined;
    else if (current.type === 'parenthesized_expression') current = unwrap(current);
    else if (current.type === 'call_expression') current = field(current, 'function');
    else return undefined;
  }
  return undefined;
}
