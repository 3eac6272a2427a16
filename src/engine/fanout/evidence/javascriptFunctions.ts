/**
 * The functions of this file a JavaScript/TypeScript call reaches, for the `recommended` level's evidence: what a task
 * does (javascriptWork.ts) and what a getter returns (javascriptCollection.ts) are read in them.
 */
import type { Node } from 'web-tree-sitter';
import { field, namedChildren, unwrap } from '../../syntax';
import { functionTypes, JavaScriptScopes } from '../javascriptScopes';

export class JavaScriptFunctions {
  constructor(private readonly scopes: JavaScriptScopes) {}

  /** A function of this file a callee names: a declaration, a const holding one, or `this.method` of the class. */
  functionNamed(callee: Node): Node | undefined {
    if (callee.type === 'identifier') {
      const binding = this.scopes.lookup(callee.text, callee);
      if (binding?.kind === 'function') return binding.node;
      if (binding?.kind === 'variable' && binding.value && functionTypes.has(unwrap(binding.value).type)) return unwrap(binding.value);
      return undefined;
    }
    if (callee.type !== 'member_expression') return undefined;
    const name = field(callee, 'property')?.text;
    const object = unwrap(field(callee, 'object')!);
    if (object.type === 'this') {
      const classBody = enclosingClassBody(callee);
      return classBody ? methodNamed(classBody, name) : undefined;
    }
    // `const cleaner = options.cleaner || new RegistryCleaner(); cleaner.cleanup(x)`: a class of this file.
    const classBody = object.type === 'identifier' ? this.classOfInstance(object) : undefined;
    return classBody ? methodNamed(classBody, name) : undefined;
  }

  /** The body of the class of this file a variable holds an instance of (`new C()`, or `x || new C()`). */
  private classOfInstance(identifier: Node): Node | undefined {
    const binding = this.scopes.lookup(identifier.text, identifier);
    if (binding?.kind !== 'variable' || !binding.value) return undefined;
    let value = unwrap(binding.value);
    if (value.type === 'binary_expression' && /^(\|\||\?\?)$/.test(field(value, 'operator')?.text ?? '')) value = unwrap(field(value, 'right')!);
    if (value.type !== 'new_expression') return undefined;
    const constructor = unwrap(field(value, 'constructor')!);
    if (constructor.type !== 'identifier') return undefined;
    const declaration = this.scopes.lookup(constructor.text, constructor)?.node.parent;
    return declaration?.type === 'class_declaration' ? field(declaration, 'body') ?? undefined : undefined;
  }
}

/** The value a destructured name comes from: `x` of `const { a: { b } } = x`; none for a parameter's pattern. */
export function destructuredValue(name: Node): Node | undefined {
  for (let node = name.parent; node; node = node.parent) {
    if (node.type === 'variable_declarator') return field(node, 'value');
    if (!/pattern$/.test(node.type)) return undefined;
  }
  return undefined;
}

/** Whether a function node is `async` (its promise's value comes from I/O, not from what it was given). */
export function isAsync(fn: Node): boolean {
  return fn.children.some(child => child?.type === 'async');
}

/** The function a node is inside of (for a task, the function whose fan-out starts it). */
export function enclosingFunction(node: Node): Node | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) if (functionTypes.has(parent.type)) return parent;
  return undefined;
}

/** A method of a class body by name: `name()` or `#name()`. */
function methodNamed(classBody: Node, name: string | undefined): Node | undefined {
  return name ? namedChildren(classBody).find(member => member.type === 'method_definition' && field(member, 'name')?.text === name) : undefined;
}

/** The body of the class `node` is written in, if any (a method's `this` is an instance of it). */
export function enclosingClassBody(node: Node): Node | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) if (parent.type === 'class_body') return parent;
  return undefined;
}
