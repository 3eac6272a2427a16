/**
 * What a call's callee is in the catalogue, for code that starts from a call node (the code actions): the resolver
 * gives its qualified name, the catalogue its entry. Two readings beyond the resolver's, both as the rule reads code:
 * - Python: a module the file never imported still names that module (`asyncio.gather(...)` in a snippet or a file
 *   being written: the rule flags it, so its fix must see it too); a name the file binds to anything else does not.
 * - A method called on a receiver nobody can type (`tg.create_task(c)`, `self._loop.create_task(c)`) is the
 *   catalogue's method of that name on a class (`asyncio.TaskGroup.create_task`), when the roles asked for allow it.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { JavaScriptScopes } from '../fanout/javascriptScopes';
import { PythonScopes } from '../fanout/pythonScopes';
import { LanguageFamily } from '../languages';
import { field, SyntaxIndex, unwrap } from '../syntax';
import { Catalog, CatalogEntry, catalogFor, Role } from './catalog';
import { JavaScriptNames } from './javascriptNames';
import { PythonNames } from './pythonNames';

export class Callees {
  readonly catalog: Catalog;
  readonly python: PythonNames | undefined;
  readonly javascript: JavaScriptNames | undefined;

  /**
   * `scopes`: the name resolution of the caller when it has one (the fan-out analysis's, which hears which
   * file-level names a verdict looked up); one of its own otherwise.
   */
  constructor(readonly family: LanguageFamily, index: SyntaxIndex, text: string, scopes?: PythonScopes | JavaScriptScopes) {
    this.catalog = catalogFor(family);
    if (family === 'python') this.python = new PythonNames(index, text, scopes instanceof PythonScopes ? scopes : new PythonScopes(index, text));
    else this.javascript = new JavaScriptNames(scopes instanceof JavaScriptScopes ? scopes : new JavaScriptScopes(index, text));
  }

  static of(tree: Tree, text: string, family: LanguageFamily): Callees {
    return new Callees(family, new SyntaxIndex(tree), text);
  }

  /** The qualified name of what an expression names (`aio.gather` → `asyncio.gather`), if it leads to a library or a global. */
  qualifiedName(expression: Node): string | undefined {
    if (this.javascript) return this.javascript.qualifiedName(expression);
    return this.python!.qualifiedNameOfChain(expression, true);
  }

  /** The qualified name of a call's callee. */
  calleeName(call: Node): string | undefined {
    const callee = field(call, 'function');
    return callee ? this.qualifiedName(callee) : undefined;
  }

  /**
   * The catalogue's entry for a call's callee when it has one of `roles`: by its qualified name, or (a method on a
   * receiver of unknown type) by the method's name among the catalogue's methods of classes with those roles.
   */
  entryOfCall(call: Node, ...roles: Role[]): CatalogEntry | undefined {
    const callee = field(call, 'function');
    if (!callee) return undefined;
    const byName = this.catalog.withRole(this.qualifiedName(callee), ...roles);
    if (byName) return byName;
    const method = unwrap(callee);
    if (method.type !== 'attribute' && method.type !== 'member_expression') return undefined;
    const receiver = field(method, 'object');
    const name = field(method, method.type === 'attribute' ? 'attribute' : 'property')?.text;
    if (!receiver || !name || this.qualifiedName(receiver) !== undefined) return undefined;
    return this.catalog.entriesWithRole(...roles).find(entry => isClassMethod(entry.name, name));
  }
}

/** `asyncio.TaskGroup.create_task` is a method `create_task` of a class (a capitalised segment before it). */
function isClassMethod(qualifiedName: string, method: string): boolean {
  const segments = qualifiedName.split('.');
  return segments.length >= 3 && segments[segments.length - 1] === method && /^[A-Z]/.test(segments[segments.length - 2]);
}
