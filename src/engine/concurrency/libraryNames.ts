/**
 * The lowering's view of the one resolver of imports and aliases (semantics/pythonNames.ts, javascriptNames.ts)
 * and of the catalogue (semantics/catalog.ts): which library entry a name or attribute chain stands for, however
 * it was imported. The simulator keeps no table of library names of its own.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { JavaScriptScopes } from '../fanout/javascriptScopes';
import { PythonScopes } from '../fanout/pythonScopes';
import type { LanguageFamily } from '../languages';
import { Catalog, CatalogEntry, catalogFor } from '../semantics/catalog';
import { JavaScriptNames } from '../semantics/javascriptNames';
import { PythonNames } from '../semantics/pythonNames';
import { SyntaxIndex, unwrap } from '../syntax';

export class LibraryNames {
  readonly catalog: Catalog;
  private readonly resolver: { qualifiedName(node: Node): string | undefined };

  constructor(tree: Tree, text: string, readonly family: LanguageFamily) {
    const index = new SyntaxIndex(tree);
    this.catalog = catalogFor(family);
    this.resolver = family === 'python'
      ? new PythonNames(index, text, new PythonScopes(index, text))
      : new JavaScriptNames(new JavaScriptScopes(index, text));
  }

  /** The qualified name of a name or attribute chain (`aio.sleep` → `asyncio.sleep`), if it leads to a library or a global. */
  qualifiedName(node: Node): string | undefined {
    const inner = unwrap(node);
    if (inner.type !== 'identifier' && inner.type !== 'attribute' && inner.type !== 'member_expression' && inner.type !== 'sequence_expression') return undefined;
    return this.resolver.qualifiedName(inner);
  }

  /** The catalogue's entry for what `node` names, if it has one. */
  entry(node: Node): CatalogEntry | undefined {
    return this.catalog.entry(this.qualifiedName(node));
  }
}
