/** JavaScript and TypeScript expressions, functions and patterns, lowered into the concurrency model (model.ts). */
import type { Node } from 'web-tree-sitter';
import { field, firstCodeChild, namedChildren, unwrap } from '../syntax';
import type { LibraryNames } from './libraryNames';
import { Lowering, unescape } from './lowering';
import type { ClassModel, DictEntry, Expr, FunctionModel, Param, Pattern, Stmt } from './model';

export const javascriptFunctionTypes = new Set(['function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition', 'generator_function_declaration', 'generator_function']);

const logicalOperators: Record<string, 'and' | 'or' | 'nullish'> = { '&&': 'and', '||': 'or', '??': 'nullish' };

export abstract class JavaScriptExpressions extends Lowering {
  constructor(text: string, names: LibraryNames) {
    super(text, names, 'javascript', 0.001);
  }

  abstract block(node: Node): Stmt[];
  abstract classModel(node: Node): ClassModel;

  protected lowerExpr(node: Node): Expr {
    const inner = unwrap(node);
    const line = this.lineOf(inner);
    switch (inner.type) {
      case 'identifier':
        if (inner.text === 'undefined') return { kind: 'const', value: undefined };
        return this.global(inner) ?? { kind: 'var', name: inner.text, line };
      case 'this': return { kind: 'var', name: 'this', line };
      case 'super': return { kind: 'super', line };
      case 'null': return { kind: 'const', value: null };
      case 'undefined': return { kind: 'const', value: undefined };
      case 'true': return { kind: 'const', value: true };
      case 'false': return { kind: 'const', value: false };
      case 'number': {
        const text = inner.text.replace(/_/g, '').replace(/n$/, '');
        const value = /^0[0-7]+$/.test(text) ? parseInt(text, 8) : Number(text);
        return Number.isNaN(value) ? this.unknown(inner) : { kind: 'const', value };
      }
      case 'string': return { kind: 'const', value: this.stringValue(inner) };
      case 'template_string': return this.template(inner);
      case 'regex': return { kind: 'regex', pattern: field(inner, 'pattern')?.text ?? '', flags: field(inner, 'flags')?.text ?? '', line };
      case 'await_expression': return { kind: 'await', value: this.expr(firstCodeChild(inner)!), line, text: this.textOf(inner) };
      case 'member_expression': {
        const property = field(inner, 'property')!;
        return this.global(inner) ?? { kind: 'member', object: this.expr(field(inner, 'object')!), property: property.text, optional: isOptional(inner), line };
      }
      case 'subscript_expression':
        return { kind: 'index', object: this.expr(field(inner, 'object')!), index: this.expr(field(inner, 'index')!), optional: isOptional(inner), line };
      case 'array': return { kind: 'list', items: namedChildren(inner).filter(c => c.type !== 'comment').map(c => this.expr(c)), line };
      case 'spread_element': return { kind: 'spread', value: this.expr(firstCodeChild(inner)!), line };
      case 'object': return this.object(inner);
      case 'binary_expression': {
        const operator = field(inner, 'operator')!.text;
        const left = this.expr(field(inner, 'left')!);
        const right = this.expr(field(inner, 'right')!);
        const logical = logicalOperators[operator];
        return logical ? { kind: 'logical', operator: logical, left, right, line } : { kind: 'binary', operator, left, right, line };
      }
      case 'unary_expression': {
        const operator = field(inner, 'operator')!.text;
        const operand = this.expr(field(inner, 'argument')!);
        if (operator === 'typeof') return { kind: 'typeof', operand, line };
        return { kind: 'unary', operator, operand, line };
      }
      case 'ternary_expression': {
        const condition = field(inner, 'condition')!;
        return { kind: 'conditional', condition: this.expr(condition), then: this.expr(field(inner, 'consequence')!), otherwise: this.expr(field(inner, 'alternative')!), text: this.textOf(unwrap(condition)), line };
      }
      case 'arrow_function': case 'function_expression': case 'function': case 'generator_function':
        return { kind: 'function', fn: this.functionModel(inner, javascriptFunctionName(inner) ?? '') };
      case 'class': return { kind: 'class', cls: this.classModel(inner) };
      case 'call_expression': return this.call(inner);
      case 'new_expression': {
        const callee = field(inner, 'constructor')!;
        return { kind: 'new', callee: this.expr(callee), args: this.argumentsOf(inner), line, text: this.textOf(inner) };
      }
      case 'assignment_expression':
        return { kind: 'assign', target: this.pattern(field(inner, 'left')!), value: this.expr(field(inner, 'right')!), line };
      case 'augmented_assignment_expression': {
        const operator = field(inner, 'operator')!.text.replace(/=$/, '');
        return { kind: 'assign', target: this.pattern(field(inner, 'left')!), value: this.expr(field(inner, 'right')!), operator, line };
      }
      case 'update_expression': {
        const argument = field(inner, 'argument')!;
        const operator = field(inner, 'operator')?.text ?? inner.text.replace(this.textOf(argument), '').trim();
        const postfix = inner.firstChild?.id === argument.id;
        return { kind: 'assign', target: this.pattern(argument), value: { kind: 'const', value: 1 }, operator: operator.startsWith('+') ? '+' : '-', postfix, line };
      }
      case 'sequence_expression': return { kind: 'sequence', items: namedChildren(inner).map(c => this.expr(c)), line };
      case 'yield_expression': {
        const current = this.functionStack[this.functionStack.length - 1];
        // A `yield` outside any function (in code a syntax error cut loose) would end the simulated caller's step
        // with a value that is no wait: what it gives is unknown, and nothing is yielded.
        if (!current) return this.unknown(inner);
        current.fn.isGenerator = true;
        const value = firstCodeChild(inner);
        return { kind: 'yield', value: value ? this.expr(value) : undefined, delegate: inner.children.some(c => c?.type === '*'), line };
      }
      default: return this.unknown(inner);
    }
  }

  protected stringValue(node: Node): string {
    let value = '';
    for (const child of namedChildren(node)) {
      if (child.type === 'string_fragment') value += this.textOf(child);
      else if (child.type === 'escape_sequence') value += unescape(this.textOf(child));
    }
    return value;
  }

  private template(node: Node): Expr {
    const parts: Array<string | { value: Expr }> = [];
    for (const child of namedChildren(node)) {
      if (child.type === 'string_fragment') parts.push(this.textOf(child));
      else if (child.type === 'escape_sequence') parts.push(unescape(this.textOf(child)));
      else if (child.type === 'template_substitution' && firstCodeChild(child)) parts.push({ value: this.expr(firstCodeChild(child)!) });
    }
    if (parts.every(p => typeof p === 'string')) return { kind: 'const', value: parts.join('') };
    return { kind: 'template', parts, line: this.lineOf(node) };
  }

  private object(node: Node): Expr {
    const entries: DictEntry[] = [];
    for (const property of namedChildren(node)) {
      if (property.type === 'pair') entries.push({ key: this.propertyKey(field(property, 'key')!), value: this.expr(field(property, 'value')!) });
      else if (property.type === 'shorthand_property_identifier') entries.push({ key: { kind: 'const', value: property.text }, value: { kind: 'var', name: property.text, line: this.lineOf(property) } });
      else if (property.type === 'spread_element') entries.push({ spread: this.expr(firstCodeChild(property)!) });
      else if (property.type === 'method_definition') {
        const name = field(property, 'name')!;
        const fn = this.functionModel(property, name.text);
        // A getter stays one: reading the property calls it on the object (attributes.ts).
        if (fn.kind !== 'getter') fn.kind = 'function';
        entries.push({ key: this.propertyKey(name), value: { kind: 'function', fn } });
      }
    }
    return { kind: 'dict', entries, line: this.lineOf(node) };
  }

  private propertyKey(key: Node): Expr {
    if (key.type === 'computed_property_name') return this.expr(firstCodeChild(key)!);
    if (key.type === 'string') return { kind: 'const', value: this.stringValue(key) };
    if (key.type === 'number') return { kind: 'const', value: String(Number(key.text)) };
    return { kind: 'const', value: key.text };
  }

  protected argumentsOf(node: Node): Expr[] {
    const list = field(node, 'arguments');
    if (list?.type === 'template_string') return [this.expr(list)];
    return list ? namedChildren(list).filter(c => c.type !== 'comment').map(c => this.expr(c)) : [];
  }

  private call(node: Node): Expr {
    const line = this.lineOf(node);
    const written = field(node, 'function')!;
    // `await load<string>(url)`: tree-sitter's TypeScript grammar reads a call with type arguments after `await` as
    // `(await load)<string>(url)`; TypeScript (and the program) awaits the call.
    if (written.type === 'await_expression' && field(node, 'type_arguments')) {
      const called = firstCodeChild(written)!;
      const call: Expr = { kind: 'call', callee: this.expr(unwrap(called)), args: this.argumentsOf(node), optional: isOptional(node), line, text: this.textOf(node).replace(/^await\s+/, '') };
      return { kind: 'await', value: call, line, text: this.textOf(node) };
    }
    const callee = unwrap(written);
    return { kind: 'call', callee: this.expr(callee), args: this.argumentsOf(node), optional: isOptional(node), line, text: this.textOf(node) };
  }

  functionModel(node: Node, name: string): FunctionModel {
    const isMethod = node.type === 'method_definition';
    const inClass = isMethod && this.classStack.length > 0 && this.functionStack.length === 0;
    const fn: FunctionModel = {
      name, qualifiedName: this.qualify(name), params: [], isAsync: node.children.some(c => c?.type === 'async'),
      isGenerator: node.type.startsWith('generator') || node.children.some(c => c?.type === '*'),
      isArrow: node.type === 'arrow_function', kind: inClass ? 'method' : 'function', body: [],
      line: this.lineOf(node), startIndex: node.startIndex, endIndex: node.endIndex,
    };
    if (isMethod && node.children.some(c => c?.type === 'get')) fn.kind = 'getter';
    if (isMethod && node.children.some(c => c?.type === 'set')) fn.kind = 'setter';
    const single = field(node, 'parameter');
    fn.params = (single ? [single] : namedChildren(field(node, 'parameters') ?? node)).flatMap(p => this.parameter(p));
    this.functionStack.push({ fn, qualifiedName: fn.qualifiedName });
    try {
      const body = field(node, 'body');
      if (body?.type === 'statement_block') fn.body = this.block(body);
      else if (body) fn.body = [{ kind: 'return', value: this.expr(body), line: this.lineOf(body) }];
    } finally {
      this.functionStack.pop();
    }
    this.addFunction(fn);
    return fn;
  }

  private parameter(parameter: Node): Param[] {
    if (parameter.type === 'comment') return [];
    const typed = parameter.type === 'required_parameter' || parameter.type === 'optional_parameter';
    const pattern = typed ? field(parameter, 'pattern') ?? parameter : parameter;
    const value = typed ? field(parameter, 'value') : undefined;
    const property = typed && parameter.namedChildren.some(c => c?.type === 'accessibility_modifier' || c?.type === 'override_modifier') || parameter.children.some(c => c?.type === 'readonly');
    if (pattern.type === 'this') return [];
    if (pattern.type === 'rest_pattern') return [{ pattern: this.pattern(firstCodeChild(pattern)!), rest: true }];
    return [{ pattern: this.pattern(pattern), default: value ? this.expr(value) : undefined, property: property || undefined }];
  }

  pattern(node: Node): Pattern {
    return this.nested(node, () => this.lowerPattern(unwrap(node)), { kind: 'name', name: '_' });
  }

  private lowerPattern(node: Node): Pattern {
    switch (node.type) {
      case 'identifier': case 'shorthand_property_identifier_pattern': return { kind: 'name', name: node.text };
      case 'array_pattern': {
        const items: Array<Pattern | null> = [];
        let rest: number | undefined;
        let expectItem = true;
        for (const child of node.children) {
          if (!child) continue;
          if (child.type === ',') { if (expectItem) items.push(null); expectItem = true; continue; }
          if (!child.isNamed || child.type === 'comment') continue;
          if (child.type === 'rest_pattern') { rest = items.length; items.push(this.pattern(firstCodeChild(child)!)); }
          else items.push(this.pattern(child));
          expectItem = false;
        }
        return { kind: 'sequence', items, rest };
      }
      case 'object_pattern': {
        const properties: Array<{ key: string | Expr; value: Pattern }> = [];
        let rest: Pattern | undefined;
        for (const child of namedChildren(node)) {
          if (child.type === 'shorthand_property_identifier_pattern') properties.push({ key: child.text, value: { kind: 'name', name: child.text } });
          else if (child.type === 'object_assignment_pattern') {
            const left = field(child, 'left')!;
            properties.push({ key: left.text, value: { kind: 'default', pattern: this.pattern(left), value: this.expr(field(child, 'right')!) } });
          } else if (child.type === 'pair_pattern') {
            const key = field(child, 'key')!;
            const keyValue: string | Expr = key.type === 'computed_property_name' ? this.expr(firstCodeChild(key)!) : key.type === 'string' ? this.stringValue(key) : key.text;
            properties.push({ key: keyValue, value: this.pattern(field(child, 'value')!) });
          } else if (child.type === 'rest_pattern') rest = this.pattern(firstCodeChild(child)!);
        }
        return { kind: 'object', properties, rest };
      }
      case 'assignment_pattern': return { kind: 'default', pattern: this.pattern(field(node, 'left')!), value: this.expr(field(node, 'right')!) };
      default: return { kind: 'target', expr: this.expr(node) };
    }
  }
}

/** `a?.b`, `a?.[k]`, `f?.()`: the chain stops at a nullish value. */
function isOptional(node: Node): boolean {
  return node.children.some(child => child?.type === 'optional_chain' || child?.type === '?.');
}

/** The name a user calls a function by: its own, or the variable, property or method holding it. */
export function javascriptFunctionName(node: Node): string | undefined {
  const own = field(node, 'name')?.text;
  if (own !== undefined) return own;
  const holder = node.parent;
  if (holder?.type === 'variable_declarator') return field(holder, 'name')?.text;
  if (holder?.type === 'pair') return field(holder, 'key')?.text;
  if (holder?.type === 'assignment_expression') return field(holder, 'left')?.text;
  if (holder?.type === 'public_field_definition' || holder?.type === 'field_definition') return (field(holder, 'name') ?? field(holder, 'property'))?.text;
  return undefined;
}
