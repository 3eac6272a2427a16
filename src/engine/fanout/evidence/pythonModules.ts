/**
 * A bound that only another module of the project shows: the work of a task is a call on an object
 * (`self.client.search(...)`) whose class, imported from a module of the same project (`from ..client import
 * Client`, the field typed `client: Client`), builds a limiter the catalogue knows (`aiolimiter.AsyncLimiter`,
 * `asyncio.Semaphore`): a client that throttles its own calls. A maintainer reads that module to know the fan-out is
 * bounded, so the rule reads it too, and only it: the module the import names, found next to the file being checked
 * (a package's `__init__.py` that re-exports the class is followed), parsed with the same grammar.
 *
 * Modules are read from disk, cached by path, size and modification time; the editor checks a file again when it is
 * edited, so a change to the imported module shows at the next check of the file that imports it.
 */
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import { pythonCatalog as catalog } from '../../semantics/catalog';
import { Callees } from '../../semantics/callees';
import { PythonNames } from '../../semantics/pythonNames';
import { field, namedChildren, unwrap, walk } from '../../syntax';
import { isRegularFile, ProjectFileCache, readParsedModule } from '../../projectFileCache';
import { PythonScopes } from '../pythonScopes';

/** `__init__.py` files re-exporting a class from a submodule, followed at most this deep. */
const maxReexports = 3;

/** What one module says: its classes that build a limiter (and the call that builds it), and the names it imports. */
interface ModuleFacts {
  limiterOfClass: Map<string, string>;
  imports: Map<string, ImportedName>;
}

/** `from ..client import Client as C`: module `client`, two levels up (one dot is the file's own package). */
interface ImportedName {
  module: string;
  level: number;
  name: string;
}

/** Larger modules are generated code or bundles, not a client class to read. */
const modules = new ProjectFileCache<ModuleFacts | undefined>(512 * 1024);

export class PythonModules {
  constructor(private readonly scopes: PythonScopes) {}

  /**
   * Why the call that does a task's work is already bounded, when its receiver's class, from another module of the
   * project, builds a limiter: "`self.client` is a `Client` (..client), whose class builds `AsyncLimiter(...)`".
   */
  boundOfReceiver(call: Node, filePath: string | undefined): string | undefined {
    if (!filePath) return undefined;
    const callee = call.type === 'call' ? unwrap(field(call, 'function') ?? call) : undefined;
    const receiver = callee?.type === 'attribute' ? unwrap(field(callee, 'object')!) : undefined;
    const typeName = receiver && this.classNameOf(receiver);
    const imported = typeName && this.importOf(typeName);
    if (!receiver || !typeName || !imported) return undefined;
    const limiter = limiterOfImportedClass(filePath, imported, call, 0);
    return limiter && `\`${receiver.text}\` is a \`${typeName.text}\` (${'.'.repeat(imported.level)}${imported.module}), whose class builds \`${limiter}\``;
  }

  /** The class a receiver is declared as: `self.client` by the class's `client: Client`, a parameter by its type. */
  private classNameOf(receiver: Node): Node | undefined {
    if (receiver.type === 'identifier') {
      const binding = this.scopes.lookup(receiver.text, receiver);
      return binding?.kind === 'parameter' && binding.annotation ? classInAnnotation(binding.annotation) : undefined;
    }
    if (receiver.type !== 'attribute' || field(receiver, 'object')?.text !== 'self') return undefined;
    const attribute = field(receiver, 'attribute')!.text;
    let classDefinition: Node | null = receiver.parent;
    while (classDefinition && classDefinition.type !== 'class_definition') classDefinition = classDefinition.parent;
    const body = classDefinition && field(classDefinition, 'body');
    if (!body) return undefined;
    // `client: Client` in the class body (a dataclass field), `self.client: Client = ...` in a method, or
    // `self.client = client` from a parameter typed `client: Client`.
    let found: Node | undefined;
    walk(body, node => {
      if (found || node.type === 'class_definition') return false;
      if (node.type !== 'assignment') return true;
      const left = field(node, 'left');
      const type = field(node, 'type');
      const value = field(node, 'right');
      if (left?.type === 'identifier') {
        if (type && left.text === attribute && node.parent?.parent?.id === body.id) found = classInAnnotation(type);
      } else if (left?.type === 'attribute' && left.text === `self.${attribute}`) {
        const binding = !type && value?.type === 'identifier' ? this.scopes.lookup(value.text, value) : undefined;
        if (type) found = classInAnnotation(type);
        else if (binding?.kind === 'parameter' && binding.annotation) found = classInAnnotation(binding.annotation);
      }
      return !found;
    });
    return found;
  }

  /** `Client` bound by `from ..client import Client` (or `... import Client as C`) at file level. */
  private importOf(typeName: Node): ImportedName | undefined {
    const binding = this.scopes.lookup(typeName.text, typeName);
    if (binding?.kind !== 'opaque') return undefined;
    let statement: Node | null = binding.node.parent;
    while (statement && statement.type !== 'import_from_statement') statement = statement.parent;
    return statement ? importedNamesOf(statement).get(typeName.text) : undefined;
  }
}

/** `Client`, `Optional[Client]`, `Client | None`, `"Client"`: the one class a type names, when it names one. */
function classInAnnotation(annotation: Node): Node | undefined {
  const classes: Node[] = [];
  walk(annotation, node => {
    if (node.type === 'identifier' && /^[A-Z]/.test(node.text) && !/^(Optional|Union|None|Type|ClassVar|Final|Annotated)$/.test(node.text)) classes.push(node);
    return node.type !== 'attribute';
  });
  return classes.length === 1 ? classes[0] : undefined;
}

/** The names an `import_from_statement` binds, by local name. */
function importedNamesOf(statement: Node): Map<string, ImportedName> {
  const names = new Map<string, ImportedName>();
  const moduleNode = field(statement, 'module_name');
  if (!moduleNode) return names;
  const dots = moduleNode.type === 'relative_import' ? (namedChildren(moduleNode).find(child => child.type === 'import_prefix')?.text.length ?? 0) : 0;
  const module = moduleNode.type === 'relative_import' ? namedChildren(moduleNode).find(child => child.type === 'dotted_name')?.text ?? '' : moduleNode.text;
  for (const child of namedChildren(statement)) {
    if (child.id === moduleNode.id) continue;
    if (child.type === 'dotted_name') names.set(child.text, { module, level: dots, name: child.text });
    else if (child.type === 'aliased_import') {
      const name = field(child, 'name')?.text;
      const alias = field(child, 'alias')?.text;
      if (name && alias) names.set(alias, { module, level: dots, name });
    }
  }
  return names;
}

/** The limiter the imported class builds, reading its module (and the `__init__.py` files that re-export it). */
function limiterOfImportedClass(fromFile: string, imported: ImportedName, call: Node, depth: number): string | undefined {
  const file = moduleFile(fromFile, imported);
  const facts = file && factsOf(file, call);
  if (!facts) return undefined;
  const limiter = facts.limiterOfClass.get(imported.name);
  if (limiter !== undefined || depth >= maxReexports) return limiter;
  const reexported = facts.imports.get(imported.name);
  return reexported && limiterOfImportedClass(file, reexported, call, depth + 1);
}

/**
 * The file of a module the project holds: a relative import from the importing file's folder, an absolute one from
 * the folder above the importing file's top package (the first folder up without an `__init__.py`).
 */
function moduleFile(fromFile: string, imported: ImportedName): string | undefined {
  let base = path.dirname(fromFile);
  if (imported.level > 0) {
    for (let up = 1; up < imported.level; up++) base = path.dirname(base);
  } else {
    if (!isRegularFile(path.join(base, '__init__.py'))) return undefined;
    while (isRegularFile(path.join(path.dirname(base), '__init__.py'))) base = path.dirname(base);
    base = path.dirname(base);
  }
  const parts = imported.module ? imported.module.split('.') : [];
  const target = path.join(base, ...parts);
  return [`${target}.py`, path.join(target, '__init__.py')].find(isRegularFile);
}

/** The facts of a module, parsed with the grammar of the tree being checked; cached until the file changes. */
function factsOf(file: string, call: Node): ModuleFacts | undefined {
  return readParsedModule(modules, file, call.tree.language, (tree, text) => {
    const names = Callees.of(tree, text, 'python').python as PythonNames;
    const facts: ModuleFacts = { limiterOfClass: new Map(), imports: new Map() };
    for (const statement of namedChildren(tree.rootNode)) {
      const definition = statement.type === 'decorated_definition' ? field(statement, 'definition') : statement;
      if (definition?.type === 'class_definition') {
        const limiter = limiterBuiltIn(definition, names);
        const name = field(definition, 'name')?.text;
        if (name && limiter) facts.limiterOfClass.set(name, limiter);
      } else if (statement.type === 'import_from_statement') {
        for (const [local, imported] of importedNamesOf(statement)) facts.imports.set(local, imported);
      }
    }
    return facts;
  });
}

/** The first call in a class that builds a limiter the catalogue knows (`aiolimiter.AsyncLimiter(rate, 60)`). */
function limiterBuiltIn(definition: Node, names: PythonNames): string | undefined {
  let found: string | undefined;
  walk(definition, node => {
    if (found) return false;
    const callee = node.type === 'call' ? field(node, 'function') : undefined;
    if (callee && catalog.withRole(names.qualifiedName(callee), 'limiter')) found = node.text.length > 40 ? `${callee.text}(...)` : node.text;
    return !found;
  });
  return found;
}
