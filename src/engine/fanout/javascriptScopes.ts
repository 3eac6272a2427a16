/**
 * JavaScript/TypeScript name resolution, as much as the fan-out rule needs: which declaration, parameter, loop
 * variable, import or function a name refers to at a given point. Blocks scope `let`/`const`; functions scope their
 * parameters; `var` is treated like `let` in its block (hoisting across blocks is rare in the code we look at).
 */
import type { Node } from 'web-tree-sitter';
import { field, namedChildren, walk } from '../syntax';

export type JavaScriptBinding =
  | { kind: 'variable'; node: Node; value?: Node; declarationKind: string; scope: Node }
  | { kind: 'parameter'; node: Node; scope: Node; index: number }
  | { kind: 'loopVariable'; node: Node; iterable: Node; operator: string; scope: Node }
  | { kind: 'function'; node: Node; scope: Node }
  | { kind: 'import'; node: Node; source: string; imported: string; scope: Node }
  /** Destructuring, catch parameters, classes: bound, but to nothing we can evaluate. */
  | { kind: 'opaque'; node: Node; scope: Node };

export const functionTypes = new Set([
  'function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition',
  'generator_function_declaration', 'generator_function',
]);
const blockTypes = new Set(['statement_block', 'program', 'switch_body', 'class_body']);

export class JavaScriptScopes {
  private readonly bindingsByScope = new Map<number, Map<string, JavaScriptBinding[]>>();

  /** `onProgramName` hears every name resolved at file level (or not at all): what a verdict depends on. */
  constructor(private readonly onProgramName: (name: string) => void = () => {}) {}

  lookup(name: string, use: Node): JavaScriptBinding | undefined {
    let innermostFunction = true;
    for (let scope = use.parent; scope; scope = scope.parent) {
      if (!blockTypes.has(scope.type) && !functionTypes.has(scope.type) &&
          scope.type !== 'for_statement' && scope.type !== 'for_in_statement' && scope.type !== 'catch_clause') continue;
      if (scope.type === 'program') this.onProgramName(name);
      const bindings = this.bindingsOf(scope).get(name);
      if (bindings?.length) {
        if (!innermostFunction) return bindings[bindings.length - 1];
        const before = bindings.filter(binding => binding.node.startIndex < use.startIndex);
        return before.length ? before[before.length - 1] : bindings[bindings.length - 1];
      }
      if (functionTypes.has(scope.type)) innermostFunction = false;
    }
    return undefined;
  }

  bindingsOf(scope: Node): Map<string, JavaScriptBinding[]> {
    let bindings = this.bindingsByScope.get(scope.id);
    if (!bindings) {
      bindings = collectBindings(scope);
      this.bindingsByScope.set(scope.id, bindings);
    }
    return bindings;
  }
}

/** The function (or program) whose body `node` runs in. */
export function enclosingFunction(node: Node): Node {
  for (let current = node.parent; current; current = current.parent) {
    if (functionTypes.has(current.type) || current.type === 'program') return current;
  }
  return node.tree.rootNode;
}

function collectBindings(scope: Node): Map<string, JavaScriptBinding[]> {
  const bindings = new Map<string, JavaScriptBinding[]>();
  const add = (name: Node, binding: JavaScriptBinding) => {
    const list = bindings.get(name.text);
    if (list) list.push(binding);
    else bindings.set(name.text, [binding]);
  };

  if (functionTypes.has(scope.type)) {
    const single = field(scope, 'parameter');
    if (single) add(single, { kind: 'parameter', node: single, scope, index: 0 });
    const parameters = field(scope, 'parameters');
    if (parameters) {
      namedChildren(parameters).filter(p => p.type !== 'comment').forEach((parameter, index) => {
        const pattern = parameterPattern(parameter);
        if (pattern?.type === 'identifier') add(pattern, { kind: 'parameter', node: pattern, scope, index });
        else if (pattern) for (const identifier of identifiersIn(pattern)) add(identifier, { kind: 'opaque', node: identifier, scope });
      });
    }
    // A named function expression can call itself by name.
    const name = scope.type !== 'function_declaration' ? field(scope, 'name') : undefined;
    if (name?.type === 'identifier') add(name, { kind: 'function', node: scope, scope });
    return bindings;
  }

  if (scope.type === 'for_statement') {
    const initializer = field(scope, 'initializer');
    if (initializer) addDeclarations(initializer, scope, add);
    return bindings;
  }

  if (scope.type === 'for_in_statement') {
    const left = field(scope, 'left');
    const right = field(scope, 'right');
    const operator = field(scope, 'operator')?.text ?? 'of';
    if (left?.type === 'identifier' && right && field(scope, 'kind')) add(left, { kind: 'loopVariable', node: left, iterable: right, operator, scope });
    else if (left && field(scope, 'kind')) for (const identifier of identifiersIn(left)) add(identifier, { kind: 'opaque', node: identifier, scope });
    return bindings;
  }

  if (scope.type === 'catch_clause') {
    const parameter = field(scope, 'parameter');
    if (parameter) for (const identifier of identifiersIn(parameter)) add(identifier, { kind: 'opaque', node: identifier, scope });
    return bindings;
  }

  for (const statement of namedChildren(scope)) addDeclarations(statement, scope, add);
  return bindings;
}

function addDeclarations(statement: Node, scope: Node, add: (name: Node, binding: JavaScriptBinding) => void): void {
  switch (statement.type) {
    case 'export_statement': {
      const declaration = field(statement, 'declaration');
      if (declaration) addDeclarations(declaration, scope, add);
      return;
    }
    case 'lexical_declaration':
    case 'variable_declaration': {
      const declarationKind = statement.type === 'variable_declaration' ? 'var' : field(statement, 'kind')?.text ?? 'let';
      for (const declarator of namedChildren(statement)) {
        if (declarator.type !== 'variable_declarator') continue;
        const name = field(declarator, 'name');
        const value = field(declarator, 'value');
        if (name?.type === 'identifier') add(name, { kind: 'variable', node: name, value, declarationKind, scope });
        else if (name) for (const identifier of identifiersIn(name)) add(identifier, { kind: 'opaque', node: identifier, scope });
      }
      return;
    }
    case 'function_declaration':
    case 'generator_function_declaration': {
      const name = field(statement, 'name');
      if (name) add(name, { kind: 'function', node: statement, scope });
      return;
    }
    case 'class_declaration': {
      const name = field(statement, 'name');
      if (name) add(name, { kind: 'opaque', node: name, scope });
      return;
    }
    case 'import_statement': {
      const source = field(statement, 'source')?.text.slice(1, -1) ?? '';
      walk(statement, node => {
        if (node.type === 'import_specifier') {
          const imported = field(node, 'name');
          const local = field(node, 'alias') ?? imported;
          if (local && imported) add(local, { kind: 'import', node: local, source, imported: imported.text, scope });
          return false;
        }
        if (node.type === 'namespace_import') {
          const local = namedChildren(node).find(child => child.type === 'identifier');
          if (local) add(local, { kind: 'import', node: local, source, imported: '*', scope });
          return false;
        }
        if (node.type === 'identifier' && node.parent?.type === 'import_clause') {
          add(node, { kind: 'import', node, source, imported: 'default', scope });
        }
        return node.type !== 'string';
      });
      return;
    }
  }
}

function parameterPattern(parameter: Node): Node | undefined {
  switch (parameter.type) {
    case 'identifier':
      return parameter;
    case 'required_parameter':
    case 'optional_parameter':
      return field(parameter, 'pattern');
    case 'assignment_pattern':
      return field(parameter, 'left');
    case 'rest_pattern':
      return namedChildren(parameter)[0];
    default:
      return parameter;
  }
}

function identifiersIn(node: Node): Node[] {
  if (node.type === 'identifier' || node.type === 'shorthand_property_identifier_pattern') return [node];
  return namedChildren(node).flatMap(identifiersIn);
}
