/**
 * Lowers a JavaScript or TypeScript file (parsed with the TSX grammar, or TypeScript's) into the concurrency model.
 * Library names are recognised through the shared resolver and catalogue (libraryNames.ts), however they are
 * imported or required: `Promise.all/allSettled/any/race/resolve`, timers (`new Promise(r => setTimeout(r, ms))`, a
 * rejecting timer, `setTimeout` from `timers/promises`), `AbortSignal.timeout`, p-limit, p-map and p-queue; and
 * `Array.from({ length: n }, fn)`, `xs.map(fn)` / `forEach`. Times are milliseconds.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { field, namedChildren, unwrap, walk } from '../syntax';
import { Builtin, Expr, FunctionModel, Handler, Pattern, ProgramModel, Stmt } from './model';
import { LibraryNames } from './libraryNames';
import { Nesting, tooDeep } from './nesting';

export const javascriptFunctionTypes = new Set(['function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition', 'generator_function_declaration']);

export function lowerJavaScript(tree: Tree, text: string): ProgramModel {
  return new JavaScriptLowering(tree.rootNode, new LibraryNames(tree, text, 'javascript')).program;
}

/** The model's builtins by the catalogue's `builtin` ids (semantics/catalog/javascript.json). */
const builtinIds = new Set<string>(['all', 'allSettled', 'any', 'race', 'resolve', 'pLimit', 'pMap', 'sleep', 'setTimeout', 'clearTimeout', 'abortTimeout']);

class JavaScriptLowering {
  readonly program: ProgramModel = { language: 'javascript', functions: new Map(), classes: new Map(), constants: new Map(), timeUnit: 0.001 };
  private readonly nesting = new Nesting();

  constructor(root: Node, private readonly names: LibraryNames) {
    this.collectFunctions(root);
    for (const statement of namedChildren(root)) {
      const declaration = statement.type === 'export_statement' ? field(statement, 'declaration') : statement;
      if (declaration?.type !== 'lexical_declaration' && declaration?.type !== 'variable_declaration') continue;
      for (const declarator of namedChildren(declaration).filter(d => d.type === 'variable_declarator')) {
        const name = field(declarator, 'name');
        const value = field(declarator, 'value');
        if (name?.type === 'identifier' && value && !javascriptFunctionTypes.has(unwrap(value).type)) this.program.constants.set(name.text, this.expr(value));
      }
    }
  }

  /** Every function and class of the file, in source order, nested ones too (a walk, not recursion: any depth). */
  private collectFunctions(root: Node): void {
    walk(root, node => {
      // Keywords are nodes too (JavaScript's `class` keyword has the type of a class expression).
      if (!node.isNamed) return true;
      if (node.type === 'class_declaration' || node.type === 'class') this.collectClass(node);
      if (javascriptFunctionTypes.has(node.type)) {
        const name = javascriptFunctionName(node);
        if (name && !this.program.functions.has(name)) this.program.functions.set(name, this.functionModel(node, name));
      }
      return node.type !== 'string' && node.type !== 'comment' && node.type !== 'template_string';
    });
  }

  private collectClass(node: Node): void {
    const name = javascriptFunctionName(node);
    const body = field(node, 'body');
    if (!name || !body || this.program.classes.has(name)) return;
    const fields: Array<{ name: string; value: Expr }> = [];
    const methods = new Map<string, FunctionModel>();
    for (const member of namedChildren(body)) {
      if (member.type === 'method_definition') {
        const methodName = field(member, 'name')!.text;
        methods.set(methodName, this.functionModel(member, methodName));
      } else if (member.type === 'public_field_definition' || member.type === 'field_definition') {
        const property = field(member, 'name') ?? field(member, 'property');
        const value = field(member, 'value');
        if (property && value) fields.push({ name: property.text, value: this.expr(value) });
      }
    }
    this.program.classes.set(name, { name, fields, methods, line: node.startPosition.row + 1 });
  }

  functionModel(node: Node, name: string): FunctionModel {
    const params: FunctionModel['params'] = [];
    const single = field(node, 'parameter');
    const parameters = single ? [single] : namedChildren(field(node, 'parameters') ?? node);
    for (const parameter of parameters) {
      const pattern = parameter.type === 'required_parameter' || parameter.type === 'optional_parameter' ? field(parameter, 'pattern') ?? parameter : parameter;
      const value = parameter.type === 'required_parameter' || parameter.type === 'optional_parameter' ? field(parameter, 'value') : undefined;
      if (pattern.type === 'identifier') params.push({ name: pattern.text, default: value ? this.expr(value) : undefined });
      else if (pattern.type === 'assignment_pattern') params.push({ name: field(pattern, 'left')?.text ?? '_', default: this.expr(field(pattern, 'right')!) });
      else if (pattern.type === 'rest_pattern') params.push({ name: pattern.firstNamedChild?.text ?? '_', rest: true });
      else params.push({ name: `_${params.length}` });
    }
    const isAsync = node.children.some(c => c?.type === 'async');
    const body = field(node, 'body');
    const line = node.startPosition.row + 1;
    let statements: Stmt[] = [];
    if (body?.type === 'statement_block') statements = this.block(body);
    else if (body) statements = [{ kind: 'return', value: this.expr(body), line: body.startPosition.row + 1 }];
    return { name, params, isAsync, body: statements, line };
  }

  block(node: Node): Stmt[] {
    if (node.type !== 'statement_block') return this.statement(node);
    const statements: Stmt[] = [];
    for (const child of namedChildren(node)) statements.push(...this.statement(child));
    return statements;
  }

  private statement(node: Node): Stmt[] {
    if (!this.nesting.enter()) return [];
    try {
      return this.lowerStatement(node);
    } finally {
      this.nesting.leave();
    }
  }

  private lowerStatement(node: Node): Stmt[] {
    const line = node.startPosition.row + 1;
    switch (node.type) {
      case 'statement_block': return this.block(node);
      case 'export_statement': {
        const declaration = field(node, 'declaration');
        return declaration ? this.statement(declaration) : [];
      }
      case 'lexical_declaration': case 'variable_declaration': {
        const statements: Stmt[] = [];
        for (const declarator of namedChildren(node).filter(d => d.type === 'variable_declarator')) {
          const value = field(declarator, 'value');
          statements.push({ kind: 'assign', target: this.pattern(field(declarator, 'name')!), value: value ? this.expr(value) : { kind: 'const', value: null }, declare: true, line });
        }
        return statements;
      }
      case 'function_declaration': {
        const name = field(node, 'name')!.text;
        return [{ kind: 'assign', target: name, value: { kind: 'function', fn: this.functionModel(node, name) }, declare: true, line }];
      }
      case 'expression_statement': {
        const inner = node.firstNamedChild;
        return inner ? this.expressionStatement(inner, line) : [];
      }
      case 'return_statement': {
        const value = node.firstNamedChild;
        return [{ kind: 'return', value: value ? this.expr(value) : undefined, line }];
      }
      case 'throw_statement': {
        const thrown = node.firstNamedChild && unwrap(node.firstNamedChild);
        const constructor = thrown?.type === 'new_expression' ? field(thrown, 'constructor')?.text : undefined;
        return [{ kind: 'raise', error: constructor ?? 'Error', line }];
      }
      case 'break_statement': return [{ kind: 'break' }];
      case 'continue_statement': return [{ kind: 'continue' }];
      case 'if_statement': {
        const alternative = field(node, 'alternative');
        const otherwise = alternative ? this.block(alternative.namedChildren.find(c => c !== null)!) : [];
        return [{ kind: 'if', condition: this.expr(field(node, 'condition')!), then: this.block(field(node, 'consequence')!), otherwise, line }];
      }
      case 'for_in_statement': {
        return [{
          kind: 'for', variables: this.pattern(field(node, 'left')!),
          // `for...of` walks the items and `for...in` the keys: as many as there are items, in the model.
          iterable: this.expr(field(node, 'right')!),
          body: this.block(field(node, 'body')!), isAsync: node.children.some(c => c?.type === 'await'), line,
        }];
      }
      case 'for_statement': {
        const initializer = field(node, 'initializer');
        const condition = field(node, 'condition');
        const increment = field(node, 'increment');
        const init = initializer ? this.statement(initializer) : [];
        const conditionExpr: Expr = condition && condition.type !== 'empty_statement'
          ? this.expr(condition.type === 'expression_statement' ? condition.firstNamedChild! : condition)
          : { kind: 'const', value: true };
        return [...init, { kind: 'while', condition: conditionExpr, body: this.block(field(node, 'body')!), update: increment ? this.expressionStatement(increment, line) : [], line }];
      }
      case 'while_statement': case 'do_statement':
        return [{ kind: 'while', condition: this.expr(field(node, 'condition')!), body: this.block(field(node, 'body')!), line }];
      case 'try_statement': {
        const handler = field(node, 'handler');
        const finalizer = field(node, 'finalizer');
        const handlers: Handler[] = handler ? [{ catches: [], name: field(handler, 'parameter')?.text, body: this.block(field(handler, 'body')!) }] : [];
        return [{ kind: 'try', body: this.block(field(node, 'body')!), handlers, finally: finalizer ? this.block(field(finalizer, 'body')!) : [], line }];
      }
      default: return [];
    }
  }

  private expressionStatement(node: Node, line: number): Stmt[] {
    const inner = unwrap(node);
    if (inner.type === 'assignment_expression') {
      return [{ kind: 'assign', target: this.target(field(inner, 'left')!), value: this.expr(field(inner, 'right')!), declare: false, line }];
    }
    if (inner.type === 'augmented_assignment_expression') {
      const left = field(inner, 'left')!;
      const operator = field(inner, 'operator')?.text.replace('=', '') ?? '+';
      return [{ kind: 'assign', target: this.target(left), value: { kind: 'binary', operator, left: this.expr(left), right: this.expr(field(inner, 'right')!) }, declare: false, line }];
    }
    if (inner.type === 'update_expression') {
      const argument = field(inner, 'argument')!;
      const operator = inner.text.includes('++') ? '+' : '-';
      return [{ kind: 'assign', target: this.target(argument), value: { kind: 'binary', operator, left: this.expr(argument), right: { kind: 'const', value: 1 } }, declare: false, line }];
    }
    if (inner.type === 'sequence_expression') return namedChildren(inner).flatMap(part => this.expressionStatement(part, line));
    return [{ kind: 'expr', value: this.expr(inner), line }];
  }

  private target(node: Node): Pattern | Expr {
    const inner = unwrap(node);
    if (inner.type === 'identifier' || inner.type === 'array_pattern' || inner.type === 'object_pattern') return this.pattern(inner);
    return this.expr(inner);
  }

  private pattern(node: Node): Pattern {
    if (!this.nesting.enter()) return '_';
    try {
      return this.lowerPattern(node);
    } finally {
      this.nesting.leave();
    }
  }

  private lowerPattern(node: Node): Pattern {
    if (node.type === 'array_pattern') return namedChildren(node).map(child => this.pattern(child));
    if (node.type === 'assignment_pattern') return this.pattern(field(node, 'left')!);
    if (node.type === 'rest_pattern') return node.firstNamedChild?.text ?? '_';
    // Object destructuring is not followed: the names get unknown values.
    return node.text;
  }

  expr(node: Node): Expr {
    if (!this.nesting.enter()) return tooDeep(node);
    try {
      return this.lowerExpr(node);
    } finally {
      this.nesting.leave();
    }
  }

  private lowerExpr(node: Node): Expr {
    const inner = unwrap(node);
    const line = inner.startPosition.row + 1;
    switch (inner.type) {
      case 'identifier': return inner.text === 'undefined' ? { kind: 'const', value: null } : { kind: 'var', name: inner.text };
      case 'this': return { kind: 'var', name: 'this' };
      case 'null': case 'undefined': return { kind: 'const', value: null };
      case 'true': return { kind: 'const', value: true };
      case 'false': return { kind: 'const', value: false };
      case 'number': {
        const value = Number(inner.text.replace(/_/g, ''));
        return Number.isFinite(value) ? { kind: 'const', value } : { kind: 'unknown', text: inner.text, line };
      }
      case 'string': case 'template_string': return { kind: 'const', value: inner.text };
      case 'await_expression': return { kind: 'await', value: this.expr(inner.firstNamedChild!), line, text: inner.text };
      case 'member_expression': return { kind: 'member', object: this.expr(field(inner, 'object')!), property: field(inner, 'property')!.text };
      case 'subscript_expression': return { kind: 'index', object: this.expr(field(inner, 'object')!), index: this.expr(field(inner, 'index')!) };
      case 'array': return { kind: 'list', items: namedChildren(inner).filter(c => c.type !== 'comment').map(c => this.expr(c)) };
      case 'spread_element': return { kind: 'spread', value: this.expr(inner.firstNamedChild!) };
      case 'object': {
        const properties: Record<string, Expr> = {};
        for (const property of namedChildren(inner)) {
          if (property.type === 'pair') properties[field(property, 'key')!.text.replace(/^['"]|['"]$/g, '')] = this.expr(field(property, 'value')!);
          if (property.type === 'shorthand_property_identifier') properties[property.text] = { kind: 'var', name: property.text };
        }
        return { kind: 'object', properties };
      }
      case 'binary_expression':
        return { kind: 'binary', operator: field(inner, 'operator')!.text, left: this.expr(field(inner, 'left')!), right: this.expr(field(inner, 'right')!) };
      case 'unary_expression': return { kind: 'unary', operator: field(inner, 'operator')!.text, operand: this.expr(field(inner, 'argument')!) };
      case 'ternary_expression':
        return { kind: 'conditional', condition: this.expr(field(inner, 'condition')!), then: this.expr(field(inner, 'consequence')!), otherwise: this.expr(field(inner, 'alternative')!) };
      case 'arrow_function': case 'function_expression': case 'function':
        return { kind: 'function', fn: this.functionModel(inner, javascriptFunctionName(inner) ?? '') };
      case 'call_expression': return this.call(inner);
      case 'new_expression': return this.newExpression(inner);
      default: return { kind: 'unknown', text: inner.text, line };
    }
  }

  private argumentsOf(node: Node): Expr[] {
    const list = field(node, 'arguments');
    return list ? namedChildren(list).filter(c => c.type !== 'comment').map(c => this.expr(c)) : [];
  }

  private call(node: Node): Expr {
    const line = node.startPosition.row + 1;
    const text = node.text;
    const callee = unwrap(field(node, 'function')!);
    const args = this.argumentsOf(node);
    const builtin = (builtin: Extract<Expr, { kind: 'builtin' }>['builtin'], keywords: Record<string, Expr> = {}, builtinArgs = args): Expr =>
      ({ kind: 'builtin', builtin, args: builtinArgs, keywords, line, text });
    const entry = this.names.entry(callee);
    if (entry?.builtin !== undefined && builtinIds.has(entry.builtin)) return builtin(entry.builtin as Builtin);
    // A ticker's callback takes no time of its own, and what it starts is not followed yet.
    if (entry?.role === 'ticker') return { kind: 'const', value: null };
    if (callee.type === 'member_expression') {
      const object = unwrap(field(callee, 'object')!);
      const property = field(callee, 'property')!.text;
      const qualified = this.names.qualifiedName(callee);
      // Logging takes no time, but its arguments may await.
      if (qualified?.startsWith('console.')) return builtin('resolve');
      if (qualified === 'Array.from') return this.arrayFrom(node, args);
      if ((property === 'map' || property === 'forEach' || property === 'flatMap') && args.length >= 1) {
        // `xs.map(fn)` over anything, also a parameter of unknown size: fn(item, index) per item.
        return {
          kind: 'map', iterable: { kind: 'builtin', builtin: 'enumerate', args: [this.expr(object)], keywords: {}, line, text: object.text },
          variables: ['__index', '__item'],
          element: { kind: 'call', callee: args[0], args: [{ kind: 'var', name: '__item' }, { kind: 'var', name: '__index' }], keywords: {}, line, text },
        };
      }
      if (property === 'values' && args.length === 0) return { kind: 'builtin', builtin: 'iterator', args: [this.expr(object)], keywords: {}, line, text };
      if (property === 'entries' && args.length === 0) {
        return { kind: 'builtin', builtin: 'iterator', args: [{ kind: 'builtin', builtin: 'enumerate', args: [this.expr(object)], keywords: {}, line, text }], keywords: {}, line, text };
      }
    }
    if (callee.type === 'subscript_expression' && field(callee, 'index')?.text === 'Symbol.iterator') {
      return { kind: 'builtin', builtin: 'iterator', args: [this.expr(field(callee, 'object')!)], keywords: {}, line, text };
    }
    return { kind: 'call', callee: this.expr(callee), args, keywords: {}, line, text };
  }

  /** `Array.from({ length: n }, fn)`, `Array.from(xs, fn)`, `Array.from(xs)`. */
  private arrayFrom(node: Node, args: Expr[]): Expr {
    const line = node.startPosition.row + 1;
    const [source, fn] = args;
    if (!source) return { kind: 'list', items: [] };
    const length = source.kind === 'object' ? source.properties.length : undefined;
    const iterable: Expr = length ? { kind: 'range', start: { kind: 'const', value: 0 }, stop: length, step: { kind: 'const', value: 1 } } : source;
    if (!fn) return iterable;
    return {
      kind: 'map', iterable: { kind: 'builtin', builtin: 'enumerate', args: [iterable], keywords: {}, line, text: node.text },
      variables: ['__index', '__item'],
      // From { length }, the callback gets (undefined, index).
      element: { kind: 'call', callee: fn, args: [length ? { kind: 'const', value: null } : { kind: 'var', name: '__item' }, { kind: 'var', name: '__index' }], keywords: {}, line, text: node.text },
    };
  }

  private newExpression(node: Node): Expr {
    const line = node.startPosition.row + 1;
    const constructorNode = field(node, 'constructor');
    const args = this.argumentsOf(node);
    const qualified = constructorNode && this.names.qualifiedName(constructorNode);
    if (qualified === 'Promise') return this.promiseExecutor(node, args);
    if (this.names.catalog.entry(qualified)?.builtin === 'pQueue') {
      const options = args[0];
      const concurrency = options?.kind === 'object' ? options.properties.concurrency : undefined;
      return { kind: 'builtin', builtin: 'pLimit', args: concurrency ? [concurrency] : [{ kind: 'const', value: Infinity }], keywords: {}, line, text: node.text };
    }
    return { kind: 'new', callee: this.expr(field(node, 'constructor')!), args, line, text: node.text };
  }

  /**
   * `new Promise(executor)`: a timer when the executor calls `setTimeout` with its resolve (a sleep: work, shown as
   * running) or with a function that calls its reject (a timeout); otherwise a deferred promise.
   */
  private promiseExecutor(node: Node, args: Expr[]): Expr {
    const line = node.startPosition.row + 1;
    const executor = args[0];
    if (executor?.kind !== 'function') return { kind: 'io', args, line, text: node.text };
    const [resolve, reject] = executor.fn.params.map(p => p.name);
    const list = field(node, 'arguments');
    const executorNode = list?.firstNamedChild ? unwrap(list.firstNamedChild) : undefined;
    let timer: { delay: Node; rejects: boolean } | undefined;
    const visit = (n: Node) => {
      if (timer) return;
      if (n.type === 'call_expression' && field(n, 'function')?.text === 'setTimeout') {
        const [callback, delay] = namedChildren(field(n, 'arguments')!);
        if (callback && delay) {
          const calls = (name: string | undefined) => !!name && (callback.text === name || new RegExp(`\\b${name}\\s*\\(`).test(callback.text));
          if (calls(reject)) timer = { delay, rejects: true };
          else if (calls(resolve)) timer = { delay, rejects: false };
        }
      }
      for (const child of namedChildren(n)) visit(child);
    };
    if (executorNode) visit(executorNode);
    // Any other executor runs at once; the promise settles when it (or a callback it stored) calls resolve or reject.
    if (!timer) return { kind: 'builtin', builtin: 'deferred', args: [executor], keywords: {}, line, text: node.text };
    return {
      kind: 'builtin', builtin: 'sleep', args: [this.expr(timer.delay)],
      keywords: timer.rejects ? { rejects: { kind: 'const', value: true } } : {}, line: timer.delay.startPosition.row + 1, text: node.text,
    };
  }
}

/** The name a user calls a function by: its own, or the variable, property or method holding it. */
export function javascriptFunctionName(node: Node): string | undefined {
  const own = field(node, 'name')?.text;
  if (own !== undefined) return own;
  const holder = node.parent;
  if (holder?.type === 'variable_declarator') return field(holder, 'name')?.text;
  if (holder?.type === 'pair') return field(holder, 'key')?.text;
  if (holder?.type === 'assignment_expression') return field(holder, 'left')?.text;
  return undefined;
}
