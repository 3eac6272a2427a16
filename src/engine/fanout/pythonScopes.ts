/**
 * Python name resolution, as much as the fan-out rule needs: which assignment, parameter, loop target, import or
 * `def` a name refers to at a given point. Follows Python's scoping: function scopes, the module scope, class bodies
 * invisible to their methods, comprehension targets local to the comprehension.
 */
import type { Node } from 'web-tree-sitter';
import { contains, field, namedChildren } from '../syntax';

export type PythonBinding =
  | { kind: 'assignment'; node: Node; value: Node; scope: Node }
  | { kind: 'parameter'; node: Node; scope: Node; index: number; name: string; annotation?: Node }
  | { kind: 'loopTarget'; node: Node; iterable: Node; scope: Node }
  | { kind: 'function'; node: Node; scope: Node }
  /** Imports, `with ... as`, tuple unpacking, augmented assignment: bound, but to nothing we can evaluate. */
  | { kind: 'opaque'; node: Node; scope: Node };

const functionScopeTypes = new Set(['function_definition', 'lambda']);
const comprehensionTypes = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);
const scopeTypes = new Set(['module', 'class_definition', ...functionScopeTypes]);

export class PythonScopes {
  private readonly bindingsByScope = new Map<number, Map<string, PythonBinding[]>>();

  /** The binding `name` refers to at `use`, or undefined when it is a builtin or defined elsewhere. */
  lookup(name: string, use: Node): PythonBinding | undefined {
    let innermost = true;
    for (let scope = use.parent; scope; scope = scope.parent) {
      if (comprehensionTypes.has(scope.type)) {
        const target = comprehensionTarget(scope, name);
        if (target) return target;
        continue;
      }
      if (!scopeTypes.has(scope.type)) continue;
      // A class body's names are not visible from the methods inside it.
      if (scope.type === 'class_definition' && !innermost) continue;
      const bindings = this.bindingsOf(scope).get(name);
      if (bindings?.length) {
        if (!innermost) return bindings[bindings.length - 1];
        const before = bindings.filter(binding => binding.node.startIndex < use.startIndex);
        return before.length ? before[before.length - 1] : bindings[bindings.length - 1];
      }
      innermost = false;
    }
    return undefined;
  }

  /** Every binding in `scope` (not in nested functions, classes or comprehensions), in source order. */
  bindingsOf(scope: Node): Map<string, PythonBinding[]> {
    let bindings = this.bindingsByScope.get(scope.id);
    if (!bindings) {
      bindings = collectBindings(scope);
      this.bindingsByScope.set(scope.id, bindings);
    }
    return bindings;
  }

  /** The function or module whose body `node` runs in. */
  static enclosingScope(node: Node): Node {
    for (let current = node.parent; current; current = current.parent) {
      if (functionScopeTypes.has(current.type) || current.type === 'module') return current;
    }
    return node.tree.rootNode;
  }
}

function comprehensionTarget(comprehension: Node, name: string): PythonBinding | undefined {
  for (const clause of namedChildren(comprehension)) {
    if (clause.type !== 'for_in_clause') continue;
    const left = field(clause, 'left');
    const right = field(clause, 'right');
    if (!left || !right) continue;
    if (left.type === 'identifier' && left.text === name) return { kind: 'loopTarget', node: left, iterable: right, scope: comprehension };
    if (identifiersIn(left).some(identifier => identifier.text === name)) return { kind: 'opaque', node: left, scope: comprehension };
  }
  return undefined;
}

function collectBindings(scope: Node): Map<string, PythonBinding[]> {
  const bindings = new Map<string, PythonBinding[]>();
  const add = (name: string, binding: PythonBinding) => {
    const list = bindings.get(name);
    if (list) list.push(binding);
    else bindings.set(name, [binding]);
  };

  if (scope.type === 'function_definition' || scope.type === 'lambda') addParameters(scope, add);

  const body = scope.type === 'module' ? scope : field(scope, 'body');
  if (!body) return bindings;
  const visit = (node: Node) => {
    switch (node.type) {
      case 'function_definition':
      case 'class_definition': {
        const name = field(node, 'name');
        if (name) add(name.text, node.type === 'function_definition' ? { kind: 'function', node, scope } : { kind: 'opaque', node, scope });
        return; // their bodies are scopes of their own
      }
      case 'lambda':
        return;
      case 'assignment':
        addAssignment(node, scope, add);
        break;
      case 'named_expression': {
        const name = field(node, 'name');
        const value = field(node, 'value');
        if (name && value) add(name.text, { kind: 'assignment', node: name, value, scope });
        break;
      }
      case 'augmented_assignment': {
        const left = field(node, 'left');
        if (left?.type === 'identifier') add(left.text, { kind: 'opaque', node: left, scope });
        break;
      }
      case 'for_statement': {
        const left = field(node, 'left');
        const right = field(node, 'right');
        if (left?.type === 'identifier' && right) add(left.text, { kind: 'loopTarget', node: left, iterable: right, scope });
        else if (left) for (const identifier of identifiersIn(left)) add(identifier.text, { kind: 'opaque', node: identifier, scope });
        break;
      }
      case 'as_pattern': {
        const alias = field(node, 'alias');
        if (alias) for (const identifier of identifiersIn(alias)) add(identifier.text, { kind: 'opaque', node: identifier, scope });
        break;
      }
      case 'import_statement':
      case 'import_from_statement':
        for (const imported of importedNames(node)) add(imported.text, { kind: 'opaque', node: imported, scope });
        return;
      default:
        if (comprehensionTypes.has(node.type)) {
          // Only a walrus inside a comprehension binds in the enclosing scope; rare enough to ignore.
          return;
        }
    }
    for (const child of namedChildren(node)) visit(child);
  };
  for (const child of namedChildren(body)) visit(child);
  return bindings;
}

function addAssignment(node: Node, scope: Node, add: (name: string, binding: PythonBinding) => void): void {
  const left = field(node, 'left');
  let value = field(node, 'right');
  // `a = b = value`: the inner assignment is the right side; the value is at the end of the chain.
  while (value?.type === 'assignment') value = field(value, 'right');
  if (!left) return;
  if (left.type === 'identifier') {
    if (value) add(left.text, { kind: 'assignment', node: left, value, scope });
    return; // `x: int` alone binds nothing yet
  }
  for (const identifier of identifiersIn(left)) add(identifier.text, { kind: 'opaque', node: identifier, scope });
}

function addParameters(scope: Node, add: (name: string, binding: PythonBinding) => void): void {
  const parameters = field(scope, 'parameters');
  if (!parameters) return;
  namedChildren(parameters).forEach((parameter, index) => {
    let name: Node | undefined;
    let annotation: Node | undefined;
    switch (parameter.type) {
      case 'identifier':
        name = parameter;
        break;
      case 'typed_parameter':
        name = namedChildren(parameter).find(child => child.type === 'identifier' || child.type.endsWith('splat_pattern'));
        annotation = field(parameter, 'type');
        break;
      case 'default_parameter':
      case 'typed_default_parameter':
        name = field(parameter, 'name');
        annotation = field(parameter, 'type');
        break;
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern':
        name = namedChildren(parameter)[0];
        break;
    }
    if (name?.type.endsWith('splat_pattern')) name = namedChildren(name)[0];
    if (name?.type === 'identifier') add(name.text, { kind: 'parameter', node: name, scope, index, name: name.text, annotation });
  });
}

function importedNames(node: Node): Node[] {
  const names: Node[] = [];
  for (const child of namedChildren(node)) {
    if (node.type === 'import_from_statement' && child.id === field(node, 'module_name')?.id) continue;
    if (child.type === 'aliased_import') {
      const alias = field(child, 'alias');
      if (alias) names.push(alias);
    } else if (child.type === 'dotted_name') {
      const first = namedChildren(child)[0];
      if (first) names.push(first);
    }
  }
  return names;
}

export function identifiersIn(node: Node): Node[] {
  if (node.type === 'identifier') return [node];
  return namedChildren(node).flatMap(identifiersIn);
}

/** True when `node` runs as part of `scope`'s own body (not inside a nested function). */
export function runsInScope(node: Node, scope: Node): boolean {
  if (!contains(scope, node)) return false;
  return PythonScopes.enclosingScope(node).id === scope.id;
}
