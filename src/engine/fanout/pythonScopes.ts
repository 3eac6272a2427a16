/**
 * Python name resolution, as much as the fan-out rule needs: which assignment, parameter, loop target, import or
 * `def` a name refers to at a given point. Follows Python's scoping: function scopes, the module scope, class bodies
 * invisible to their methods, comprehension targets local to the comprehension.
 *
 * Every node read from web-tree-sitter crosses from WebAssembly into JavaScript, so bindings are not collected by
 * walking scopes: the scope's text is searched for the name, and only those few places are looked at as nodes.
 */
import type { Node } from 'web-tree-sitter';
import { field, namedChildren, SyntaxIndex } from '../syntax';
import { FileLevelNames, FileLevelSyntax } from './fileLevelNames';

export type PythonBinding =
  | { kind: 'assignment'; node: Node; value: Node; scope: Node }
  | { kind: 'parameter'; node: Node; scope: Node; index: number; name: string; annotation?: Node }
  | { kind: 'loopTarget'; node: Node; iterable: Node; scope: Node }
  | { kind: 'function'; node: Node; scope: Node }
  /** Imports, `with ... as`, tuple unpacking, augmented assignment: bound, but to nothing we can evaluate. */
  | { kind: 'opaque'; node: Node; scope: Node };

const functionScopeTypes = new Set(['function_definition', 'lambda']);
export const comprehensionTypes = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);
const scopeTypes = new Set(['module', 'class_definition', ...functionScopeTypes, ...comprehensionTypes]);
const parameterTypes = new Set(['parameters', 'lambda_parameters']);
/** Module-level bindings: anywhere in a top-level statement, but only in the header (`def name` / `class name`) of a definition. */
export const pythonFileLevel: FileLevelSyntax = {
  header: /^(?:@[^\n]*\n\s*)*(?:async\s+)?(?:def|class)\s+\w+/,
  headerLength: 2000,
  name: /\b[A-Za-z_]\w*/g,
  nameBody: /[A-Za-z_]\w*/,
  starts: (text, at) => !/\w/.test(text[at - 1]),
};

/** A lookup that reached the module from inside a function, class or comprehension (see lookupBelowModule). */
export class ModuleLevel {
  constructor(readonly module: Node) {}
}

export class PythonScopes {
  private readonly bindingsByScopeAndName = new Map<string, PythonBinding[]>();
  private readonly bindingsByOffset = new Map<number, PythonBinding | null>();
  private readonly comprehensionTargets = new Map<string, PythonBinding | null>();

  /** `onModuleName` hears every name resolved at module level (or not at all): what a verdict depends on. */
  constructor(private readonly index: SyntaxIndex, private readonly text: string, private readonly onModuleName: (name: string) => void = () => {}) {
    this.moduleNames = new FileLevelNames(index, text, pythonFileLevel);
  }

  /** The binding `name` refers to at `use`, or undefined when it is a builtin or defined elsewhere. */
  lookup(name: string, use: Node): PythonBinding | undefined {
    const found = this.lookupBelowModule(name, use);
    if (!(found instanceof ModuleLevel)) return found;
    this.onModuleName(name);
    return this.moduleBinding(found.module, name);
  }

  /**
   * As `lookup`, but a lookup that passes the functions, classes and comprehensions around `use` without finding
   * `name` and goes on to the module gives `ModuleLevel` instead: its answer is then the module's last binding of the
   * name (`moduleBinding`), the same from every place, so a caller can depend on a question about that binding rather
   * than on the name. A use in the module's own code (where the binding before it counts) is looked up and noted here.
   */
  lookupBelowModule(name: string, use: Node): PythonBinding | undefined | ModuleLevel {
    let innermost = true;
    const chain = this.index.ancestry(use);
    for (let i = chain.length - 2; i >= 0; i--) {
      const scope = chain[i];
      const type = this.index.typeOf(scope);
      if (!scopeTypes.has(type)) continue;
      if (comprehensionTypes.has(type)) {
        const target = this.comprehensionTargetNamed(scope, name);
        if (target) return target;
        continue;
      }
      // A class body's names are not visible from the methods inside it.
      if (type === 'class_definition' && !innermost) continue;
      if (type === 'module') {
        if (!innermost) return new ModuleLevel(scope);
        this.onModuleName(name);
      }
      const bindings = this.bindingsNamed(scope, name);
      if (bindings.length) {
        if (!innermost) return bindings[bindings.length - 1];
        const before = bindings.filter(binding => binding.node.startIndex < use.startIndex);
        return before.length ? before[before.length - 1] : bindings[bindings.length - 1];
      }
      innermost = false;
    }
    return undefined;
  }

  /** The binding of `name` a lookup from inside a function reaches in `module`: its last one. Notes nothing. */
  moduleBinding(module: Node, name: string): PythonBinding | undefined {
    const bindings = this.bindingsNamed(module, name);
    return bindings[bindings.length - 1];
  }

  /** Notes a question asked of the module-level bindings of a name (a NameFact's key), as a dependency of the verdict. */
  noteModuleQuestion(key: string): void {
    this.onModuleName(key);
  }

  /** A comprehension's own target of that name, once per comprehension (a lookup from deep inside passes them all). */
  private comprehensionTargetNamed(comprehension: Node, name: string): PythonBinding | undefined {
    const key = `${comprehension.id}:${name}`;
    if (!this.comprehensionTargets.has(key)) this.comprehensionTargets.set(key, comprehensionTarget(comprehension, name) ?? null);
    return this.comprehensionTargets.get(key) ?? undefined;
  }

  /** The bindings of `name` made by `scope` itself (not by nested functions, classes or comprehensions), in order. */
  bindingsNamed(scope: Node, name: string): PythonBinding[] {
    const key = `${scope.id}:${name}`;
    let bindings = this.bindingsByScopeAndName.get(key);
    if (!bindings) {
      bindings = [];
      for (const offset of this.occurrences(scope, name)) {
        const binding = this.bindingWrittenAt(offset, name);
        if (binding && binding.scope.id === scope.id) bindings.push(binding);
      }
      this.bindingsByScopeAndName.set(key, bindings);
    }
    return bindings;
  }

  /**
   * What the name written at `offset` binds, and in which scope, once per place: every scope around it searches its
   * own text for the name, and in deeply nested code (callbacks in callbacks) each place is found by all of them.
   */
  private bindingWrittenAt(offset: number, name: string): PythonBinding | undefined {
    if (this.bindingsByOffset.has(offset)) return this.bindingsByOffset.get(offset) ?? undefined;
    let binding: PythonBinding | undefined;
    if (mayBindAt(this.text, offset, name.length)) {
      const identifier = this.index.nodeAt(offset);
      // In a string, a comment or a longer name, it binds nothing.
      if (identifier?.type === 'identifier' && identifier.text === name) binding = bindingAt(identifier, this.index);
    }
    this.bindingsByOffset.set(offset, binding ?? null);
    return binding;
  }

  private readonly moduleNames: FileLevelNames;

  /** Indexes every module-level name at once (worth it when most of the file is to be checked). */
  indexModuleNames(): void {
    this.moduleNames.indexAll();
  }

  /** Where `name` is written in `scope`'s text (absolute offsets); may include uses, strings and nested scopes. */
  private occurrences(scope: Node, name: string): number[] {
    if (scope.type === 'module') return this.moduleNames.offsetsOf(name);
    const offsets: number[] = [];
    const body = this.text.slice(scope.startIndex, scope.endIndex);
    for (const match of body.matchAll(new RegExp(`\\b${name}\\b`, 'g'))) offsets.push(scope.startIndex + match.index);
    return offsets;
  }

  /** The function or module whose body `node` runs in. */
  enclosingScope(node: Node): Node {
    const chain = this.index.ancestry(node);
    for (let i = chain.length - 2; i >= 0; i--) {
      const type = this.index.typeOf(chain[i]);
      if (functionScopeTypes.has(type) || type === 'module') return chain[i];
    }
    return node.tree.rootNode;
  }
}

/**
 * Whether the text around a name could make it a binding (`x =`, `x: int`, `def x`, `for x in`, `as x`, a
 * parameter): a cheap test that spares reading the many plain uses (`x.append(...)`, `f(x)`) as nodes.
 */
function mayBindAt(text: string, offset: number, length: number): boolean {
  const after = /^\s*(?:[=:,)\]]|[-+*/%|&^@]=|\/\/=|\*\*=|>>=|<<=|in\b)/.exec(text.slice(offset + length, offset + length + 8));
  if (after && !text.startsWith('==', offset + length + after[0].length - 1)) return true;
  return /(?:\bdef|\bclass|\bas|\bimport|\bfor|\*|,|\(|\bglobal|\bnonlocal)\s*$/.test(text.slice(Math.max(0, offset - 10), offset));
}

/** What `identifier` binds, if it is a binding occurrence, with the scope it binds in. */
function bindingAt(identifier: Node, index: SyntaxIndex): PythonBinding | undefined {
  const parent = index.parent(identifier);
  if (!parent) return undefined;
  const isField = (fieldName: string) => field(parent, fieldName)?.id === identifier.id;
  // Most bindings belong to the scope around their statement; a def's or class's name to the scope around it.
  const scopeAround = (node: Node) => enclosingScopeFrom(node, index);
  switch (parent.type) {
    case 'assignment': {
      const scope = isField('left') ? scopeAround(parent) : undefined;
      return scope && assignmentBinding(identifier, parent, scope);
    }
    case 'named_expression': {
      const scope = isField('name') ? scopeAround(parent) : undefined;
      return scope && { kind: 'assignment', node: identifier, value: field(parent, 'value') ?? parent, scope };
    }
    case 'augmented_assignment': {
      const scope = isField('left') ? scopeAround(parent) : undefined;
      return scope && { kind: 'opaque', node: identifier, scope };
    }
    case 'for_statement': {
      const scope = isField('left') ? scopeAround(parent) : undefined;
      if (!scope) return undefined;
      const iterable = field(parent, 'right');
      return iterable ? { kind: 'loopTarget', node: identifier, iterable, scope } : { kind: 'opaque', node: identifier, scope };
    }
    case 'function_definition': {
      const scope = isField('name') ? scopeAround(index.parent(parent) ?? parent) : undefined;
      return scope && { kind: 'function', node: parent, scope };
    }
    case 'class_definition': {
      const scope = isField('name') ? scopeAround(index.parent(parent) ?? parent) : undefined;
      return scope && { kind: 'opaque', node: identifier, scope };
    }
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'as_pattern_target':
    case 'aliased_import':
    case 'dotted_name': {
      const scope = isOpaqueBindingSite(identifier, index) ? scopeAround(parent) : undefined;
      return scope && { kind: 'opaque', node: identifier, scope };
    }
    default:
      return parameterBinding(identifier, index);
  }
}

function assignmentBinding(identifier: Node, assignment: Node, scope: Node): PythonBinding {
  let value = field(assignment, 'right');
  // `a = b = value`: the inner assignment is the right side; the value is at the end of the chain.
  while (value?.type === 'assignment') value = field(value, 'right');
  return value ? { kind: 'assignment', node: identifier, value, scope } : { kind: 'opaque', node: identifier, scope };
}

/** Tuple targets, `with ... as x`, and imports bind names we cannot evaluate. */
function isOpaqueBindingSite(identifier: Node, index: SyntaxIndex): boolean {
  const chain = index.ancestry(identifier);
  for (let i = chain.length - 2; i >= 0; i--) {
    const current = chain[i];
    const child = chain[i + 1];
    switch (current.type) {
      case 'pattern_list': case 'tuple_pattern': case 'list_pattern': case 'dotted_name':
        continue;
      case 'as_pattern_target':
        return true;
      case 'assignment': case 'for_statement': case 'augmented_assignment':
        return field(current, 'left')?.id === child.id;
      case 'aliased_import':
        return field(current, 'alias')?.id === child.id;
      case 'import_statement':
        return true;
      case 'import_from_statement':
        return field(current, 'module_name')?.id !== child.id;
      default:
        return false;
    }
  }
  return false;
}

function parameterBinding(identifier: Node, index: SyntaxIndex): PythonBinding | undefined {
  let parameter = identifier;
  let parent = index.parent(identifier);
  // typed_parameter, default_parameter, *args, **kwargs wrap the name; the default value is not the name.
  while (parent && !parameterTypes.has(parent.type)) {
    if (parent.type === 'default_parameter' || parent.type === 'typed_default_parameter') {
      if (field(parent, 'name')?.id !== parameter.id && parameter.type === 'identifier') return undefined;
    } else if (!['typed_parameter', 'list_splat_pattern', 'dictionary_splat_pattern'].includes(parent.type)) return undefined;
    if (parent.type === 'typed_parameter' && namedChildren(parent)[0]?.id !== parameter.id) return undefined;
    parameter = parent;
    parent = index.parent(parent);
  }
  const scope = parent && index.parent(parent);
  if (!parent || !scope || !functionScopeTypes.has(scope.type)) return undefined;
  const position = namedChildren(parent).findIndex(child => child.id === parameter.id);
  const annotation = field(parameter, 'type');
  return { kind: 'parameter', node: identifier, scope, index: position, name: identifier.text, annotation };
}

/** The nearest scope-making node at or above `node` (a comprehension counts: its targets are its own). */
function enclosingScopeFrom(node: Node, index: SyntaxIndex): Node | undefined {
  const chain = index.ancestry(node);
  for (let i = chain.length - 1; i >= 0; i--) {
    if (scopeTypes.has(index.typeOf(chain[i]))) return chain[i];
  }
  return undefined;
}

function comprehensionTarget(comprehension: Node, name: string): PythonBinding | undefined {
  for (const clause of namedChildren(comprehension)) {
    if (clause.type !== 'for_in_clause') continue;
    const left = field(clause, 'left');
    const right = field(clause, 'right');
    if (!left || !right) continue;
    if (left.type === 'identifier' && left.text === name) return { kind: 'loopTarget', node: left, iterable: right, scope: comprehension };
    if (new RegExp(`\\b${name}\\b`).test(left.text)) return { kind: 'opaque', node: left, scope: comprehension };
  }
  return undefined;
}

/** True when `node` runs as part of `scope`'s own body (not inside a nested function). */
export function runsInScope(node: Node, scope: Node, scopes: PythonScopes): boolean {
  if (node.startIndex < scope.startIndex || node.endIndex > scope.endIndex) return false;
  return scopes.enclosingScope(node).id === scope.id;
}
