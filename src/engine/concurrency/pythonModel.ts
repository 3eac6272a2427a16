/**
 * Lowers a Python module into the concurrency model (model.ts). Library names are recognised through the shared
 * resolver and catalogue (libraryNames.ts), however they are imported (`import asyncio as aio`, `from asyncio import
 * gather`); what is not recognised becomes a plain call, which the simulator follows when it is one of the file's
 * functions and times as I/O otherwise.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { field, namedChildren, walk } from '../syntax';
import { Builtin, Expr, FunctionModel, Handler, Pattern, ProgramModel, Stmt } from './model';
import { LibraryNames } from './libraryNames';
import { Nesting, tooDeep } from './nesting';

export function lowerPython(tree: Tree, text: string): ProgramModel {
  return new PythonLowering(tree.rootNode, new LibraryNames(tree, text, 'python')).program;
}

/** The model's builtins by the catalogue's `builtin` ids (semantics/catalog/python.json). */
const builtinIds = new Set<string>(['sleep', 'gather', 'wait', 'asCompleted', 'createTask', 'taskGroup', 'semaphore', 'queue', 'waitFor', 'timeoutBlock']);

class PythonLowering {
  readonly program: ProgramModel = { language: 'python', functions: new Map(), classes: new Map(), constants: new Map(), timeUnit: 1 };
  private readonly nesting = new Nesting();

  constructor(root: Node, private readonly names: LibraryNames) {
    this.collectFunctions(root);
    for (const statement of namedChildren(root)) {
      const assignment = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
      const left = assignment?.type === 'assignment' ? field(assignment, 'left') : undefined;
      const right = assignment && field(assignment, 'right');
      if (left?.type === 'identifier' && right) this.program.constants.set(left.text, this.expr(right));
    }
  }

  /** Every function and class of the file, in source order, nested ones too (a walk, not recursion: any depth). */
  private collectFunctions(root: Node): void {
    walk(root, node => {
      // Keywords are nodes too (JavaScript's `class` keyword has the type of a class expression).
      if (!node.isNamed) return true;
      if (node.type === 'class_definition') this.collectClass(node);
      if (node.type === 'function_definition') {
        const name = field(node, 'name')?.text;
        if (name && !this.program.functions.has(name)) this.program.functions.set(name, this.functionModel(node, name));
      }
      return node.type !== 'string' && node.type !== 'comment';
    });
  }

  private collectClass(node: Node): void {
    const name = field(node, 'name')?.text;
    const body = field(node, 'body');
    if (!name || !body || this.program.classes.has(name)) return;
    const fields: Array<{ name: string; value: Expr }> = [];
    const methods = new Map<string, FunctionModel>();
    for (const statement of namedChildren(body)) {
      const definition = statement.type === 'decorated_definition' ? field(statement, 'definition') : statement;
      if (definition?.type === 'function_definition') {
        const methodName = field(definition, 'name')!.text;
        methods.set(methodName, this.functionModel(definition, methodName));
      } else if (statement.type === 'expression_statement' && statement.firstNamedChild?.type === 'assignment') {
        const assignment = statement.firstNamedChild;
        const left = field(assignment, 'left');
        const right = field(assignment, 'right');
        if (left?.type === 'identifier' && right) fields.push({ name: left.text, value: this.expr(right) });
      }
    }
    this.program.classes.set(name, { name, fields, methods, line: node.startPosition.row + 1 });
  }

  private functionModel(node: Node, name: string): FunctionModel {
    const params: FunctionModel['params'] = [];
    for (const parameter of namedChildren(field(node, 'parameters') ?? node)) {
      if (parameter.type === 'identifier') params.push({ name: parameter.text });
      else if (parameter.type === 'default_parameter' || parameter.type === 'typed_default_parameter') {
        params.push({ name: field(parameter, 'name')!.text, default: this.expr(field(parameter, 'value')!) });
      } else if (parameter.type === 'typed_parameter') {
        const inner = parameter.firstNamedChild;
        if (inner?.type === 'identifier') params.push({ name: inner.text });
        else if (inner?.type === 'list_splat_pattern') params.push({ name: inner.firstNamedChild?.text ?? '_', rest: true });
      } else if (parameter.type === 'list_splat_pattern') params.push({ name: parameter.firstNamedChild?.text ?? '_', rest: true });
    }
    const isAsync = node.firstChild?.type === 'async';
    const body = field(node, 'body');
    return { name, params, isAsync, body: body ? this.block(body) : [], line: node.startPosition.row + 1 };
  }

  /** The model's builtin a callee stands for (`aio.gather` → gather), from the catalogue. */
  private builtinOf(callee: Node): Builtin | undefined {
    const id = this.names.entry(callee)?.builtin;
    return id !== undefined && builtinIds.has(id) ? id as Builtin : undefined;
  }

  block(node: Node): Stmt[] {
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
      case 'expression_statement': {
        const inner = node.firstNamedChild;
        if (!inner) return [];
        if (inner.type === 'assignment') {
          const right = field(inner, 'right');
          if (!right) return [];
          return [{ kind: 'assign', target: this.target(field(inner, 'left')!), value: this.expr(right), declare: true, line }];
        }
        if (inner.type === 'augmented_assignment') {
          const left = field(inner, 'left')!;
          const operator = inner.children.find(c => c && !c.isNamed)?.text.replace('=', '') ?? '+';
          return [{ kind: 'assign', target: this.target(left), value: { kind: 'binary', operator, left: this.expr(left), right: this.expr(field(inner, 'right')!) }, declare: true, line }];
        }
        return [{ kind: 'expr', value: this.expr(inner), line }];
      }
      case 'return_statement': {
        const value = node.firstNamedChild;
        return [{ kind: 'return', value: value ? this.expr(value) : undefined, line }];
      }
      case 'raise_statement': {
        const raised = node.firstNamedChild;
        const callee = raised?.type === 'call' ? field(raised, 'function') : raised;
        return [{ kind: 'raise', error: callee?.text ?? 'Exception', line }];
      }
      case 'break_statement': return [{ kind: 'break' }];
      case 'continue_statement': return [{ kind: 'continue' }];
      case 'if_statement': return [this.ifStatement(node)];
      case 'for_statement':
        return [{
          kind: 'for', variables: this.pattern(field(node, 'left')!), iterable: this.expr(field(node, 'right')!),
          body: this.block(field(node, 'body')!), isAsync: node.firstChild?.type === 'async', line,
        }];
      case 'while_statement':
        return [{ kind: 'while', condition: this.expr(field(node, 'condition')!), body: this.block(field(node, 'body')!), line }];
      case 'with_statement': return [this.withStatement(node)];
      case 'try_statement': return [this.tryStatement(node)];
      case 'function_definition': {
        const name = field(node, 'name')!.text;
        return [{ kind: 'assign', target: name, value: { kind: 'function', fn: this.functionModel(node, name) }, declare: true, line }];
      }
      case 'decorated_definition': {
        const definition = field(node, 'definition');
        return definition ? this.statement(definition) : [];
      }
      default: return [];
    }
  }

  private ifStatement(node: Node): Stmt {
    const line = node.startPosition.row + 1;
    const then = this.block(field(node, 'consequence')!);
    // elif clauses become nested ifs, from the last one up.
    let otherwise: Stmt[] = [];
    const alternatives = node.childrenForFieldName('alternative').filter((n): n is Node => n !== null);
    for (let i = alternatives.length - 1; i >= 0; i--) {
      const clause = alternatives[i];
      if (clause.type === 'else_clause') otherwise = this.block(field(clause, 'body')!);
      else {
        otherwise = [{
          kind: 'if', condition: this.expr(field(clause, 'condition')!), then: this.block(field(clause, 'consequence')!), otherwise,
          line: clause.startPosition.row + 1,
        }];
      }
    }
    return { kind: 'if', condition: this.expr(field(node, 'condition')!), then, otherwise, line };
  }

  private withStatement(node: Node): Stmt {
    const items = namedChildren(node.namedChildren.find(c => c?.type === 'with_clause') ?? node).filter(c => c.type === 'with_item');
    let body = this.block(field(node, 'body')!);
    // `async with a, b:` is `async with a:` around `async with b:`.
    for (let i = items.length - 1; i >= 0; i--) {
      const value = field(items[i], 'value')!;
      const line = items[i].startPosition.row + 1;
      if (value.type === 'as_pattern') {
        const alias = value.namedChildren.find(c => c?.type === 'as_pattern_target');
        body = [{ kind: 'with', context: this.expr(value.firstNamedChild!), name: alias?.text, body, line }];
      } else {
        body = [{ kind: 'with', context: this.expr(value), body, line }];
      }
    }
    return body[0] ?? { kind: 'expr', value: { kind: 'const', value: null }, line: node.startPosition.row + 1 };
  }

  private tryStatement(node: Node): Stmt {
    const handlers: Handler[] = [];
    let finallyBody: Stmt[] = [];
    for (const clause of namedChildren(node)) {
      if (clause.type === 'except_clause' || clause.type === 'except_group_clause') {
        const parts = namedChildren(clause);
        const body = parts.find(p => p.type === 'block');
        const caught = parts.find(p => p.type !== 'block' && p.type !== 'comment');
        let types = caught;
        let name: string | undefined;
        if (caught?.type === 'as_pattern') {
          types = caught.firstNamedChild ?? undefined;
          name = caught.namedChildren.find(c => c?.type === 'as_pattern_target')?.text;
        }
        const catches = !types ? [] : types.type === 'tuple' ? namedChildren(types).map(t => t.text) : [types.text];
        handlers.push({ catches, name, body: body ? this.block(body) : [] });
      } else if (clause.type === 'finally_clause') {
        const body = clause.namedChildren.find(c => c?.type === 'block');
        finallyBody = body ? this.block(body) : [];
      }
    }
    return { kind: 'try', body: this.block(field(node, 'body')!), handlers, finally: finallyBody, line: node.startPosition.row + 1 };
  }

  private target(node: Node): Pattern | Expr {
    if (node.type === 'identifier' || node.type === 'pattern_list' || node.type === 'tuple_pattern' || node.type === 'list_pattern' || node.type === 'tuple') return this.pattern(node);
    return this.expr(node);
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
    if (node.type === 'pattern_list' || node.type === 'tuple_pattern' || node.type === 'list_pattern' || node.type === 'tuple' || node.type === 'expression_list') {
      return namedChildren(node).map(child => this.pattern(child));
    }
    if (node.type === 'list_splat_pattern') return node.firstNamedChild?.text ?? '_';
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
    const line = node.startPosition.row + 1;
    switch (node.type) {
      case 'identifier': return { kind: 'var', name: node.text };
      case 'none': return { kind: 'const', value: null };
      case 'true': return { kind: 'const', value: true };
      case 'false': return { kind: 'const', value: false };
      case 'integer': case 'float': {
        const value = Number(node.text.replace(/_/g, ''));
        return Number.isFinite(value) ? { kind: 'const', value } : { kind: 'unknown', text: node.text, line };
      }
      case 'string': return this.string(node);
      case 'concatenated_string': return { kind: 'const', value: node.text };
      case 'parenthesized_expression': return node.firstNamedChild ? this.expr(node.firstNamedChild) : { kind: 'unknown', text: node.text, line };
      case 'await': return { kind: 'await', value: this.expr(node.firstNamedChild!), line, text: node.text };
      case 'attribute': return { kind: 'member', object: this.expr(field(node, 'object')!), property: field(node, 'attribute')!.text };
      case 'subscript': {
        const index = field(node, 'subscript');
        return { kind: 'index', object: this.expr(field(node, 'value')!), index: index ? this.expr(index) : { kind: 'unknown', text: '', line } };
      }
      case 'slice': return { kind: 'unknown', text: node.text, line };
      case 'list': case 'tuple': case 'set': case 'expression_list':
        return { kind: 'list', items: namedChildren(node).filter(c => c.type !== 'comment').map(c => this.expr(c)) };
      case 'list_splat': case 'dictionary_splat': return { kind: 'spread', value: this.expr(node.firstNamedChild!) };
      case 'dictionary': {
        const properties: Record<string, Expr> = {};
        for (const pair of namedChildren(node).filter(c => c.type === 'pair')) {
          properties[field(pair, 'key')!.text.replace(/^['"]|['"]$/g, '')] = this.expr(field(pair, 'value')!);
        }
        return { kind: 'object', properties };
      }
      case 'list_comprehension': case 'generator_expression': case 'set_comprehension': return this.comprehension(node);
      case 'binary_operator':
        return { kind: 'binary', operator: field(node, 'operator')!.text, left: this.expr(field(node, 'left')!), right: this.expr(field(node, 'right')!) };
      case 'comparison_operator': {
        const operands = namedChildren(node);
        // `a is not None` has the operator in anonymous children between the operands.
        const operator = node.children.filter(c => c && !c.isNamed).map(c => c!.text).join(' ');
        if (operands.length !== 2) return { kind: 'unknown', text: node.text, line };
        return { kind: 'binary', operator, left: this.expr(operands[0]), right: this.expr(operands[1]) };
      }
      case 'boolean_operator':
        return { kind: 'binary', operator: field(node, 'operator')!.text, left: this.expr(field(node, 'left')!), right: this.expr(field(node, 'right')!) };
      case 'not_operator': return { kind: 'unary', operator: 'not', operand: this.expr(field(node, 'argument')!) };
      case 'unary_operator': return { kind: 'unary', operator: field(node, 'operator')!.text, operand: this.expr(field(node, 'argument')!) };
      case 'conditional_expression': {
        const [then, condition, otherwise] = namedChildren(node);
        return { kind: 'conditional', condition: this.expr(condition), then: this.expr(then), otherwise: this.expr(otherwise) };
      }
      case 'lambda': {
        const params = namedChildren(field(node, 'parameters') ?? node).filter(p => p.type === 'identifier').map(p => ({ name: p.text }));
        const body = field(node, 'body')!;
        return { kind: 'function', fn: { name: 'lambda', params, isAsync: false, body: [{ kind: 'return', value: this.expr(body), line }], line } };
      }
      case 'call': return this.call(node);
      case 'named_expression': return { kind: 'assignExpr', name: field(node, 'name')!.text, value: this.expr(field(node, 'value')!) };
      default: return { kind: 'unknown', text: node.text, line };
    }
  }

  /** A string's value; an f-string's interpolations are joined in, so a task label reads `worker(worker-2)`. */
  private string(node: Node): Expr {
    let result: Expr | undefined;
    const append = (part: Expr) => { result = result ? { kind: 'binary', operator: '+', left: result, right: part } : part; };
    for (const child of namedChildren(node)) {
      if (child.type === 'string_content') append({ kind: 'const', value: child.text });
      else if (child.type === 'interpolation') {
        const inner = child.namedChildren.find(c => c !== null && c.type !== 'format_specifier' && c.type !== 'type_conversion');
        append(inner ? { kind: 'unary', operator: 'str', operand: this.expr(inner) } : { kind: 'const', value: '' });
      }
    }
    return result ?? { kind: 'const', value: '' };
  }

  private comprehension(node: Node): Expr {
    const line = node.startPosition.row + 1;
    const clauses = namedChildren(node).filter(c => c.type === 'for_in_clause');
    const body = field(node, 'body');
    // Nested `for` clauses multiply: not modelled, the size is then an assumption.
    if (clauses.length !== 1 || !body) return { kind: 'unknown', text: node.text, line };
    const filter = namedChildren(node).find(c => c.type === 'if_clause')?.firstNamedChild;
    return {
      kind: 'map', iterable: this.expr(field(clauses[0], 'right')!), variables: this.pattern(field(clauses[0], 'left')!),
      element: this.expr(body), filter: filter ? this.expr(filter) : undefined,
    };
  }

  private call(node: Node): Expr {
    const line = node.startPosition.row + 1;
    const callee = field(node, 'function')!;
    const args: Expr[] = [];
    const keywords: Record<string, Expr> = {};
    const argumentList = field(node, 'arguments');
    for (const argument of argumentList ? namedChildren(argumentList) : []) {
      if (argument.type === 'keyword_argument') keywords[field(argument, 'name')!.text] = this.expr(field(argument, 'value')!);
      else if (argument.type !== 'comment') args.push(this.expr(argument));
    }
    const text = node.text;
    const builtin = this.builtinOf(callee);
    if (builtin === 'wait' && keywords.return_when) {
      // asyncio.FIRST_COMPLETED and friends are module constants: the catalogue gives their values.
      const value = keywordArgument(argumentList, 'return_when');
      const constant = value && this.names.entry(value);
      keywords.return_when = { kind: 'const', value: constant?.role === 'constant' && typeof constant.value === 'string' ? constant.value : 'ALL_COMPLETED' };
    }
    if (builtin) return { kind: 'builtin', builtin, args, keywords, line, text };
    // Python's built-ins shape collections; a name of the file that shadows one is not one.
    const qualified = this.names.qualifiedName(callee);
    if (qualified?.startsWith('builtins.')) {
      const name = qualified.slice('builtins.'.length);
      if (name === 'range') {
        const [a, b, c] = args;
        return b === undefined
          ? { kind: 'range', start: { kind: 'const', value: 0 }, stop: a ?? { kind: 'const', value: 0 }, step: { kind: 'const', value: 1 } }
          : { kind: 'range', start: a, stop: b, step: c ?? { kind: 'const', value: 1 } };
      }
      if (name === 'len') return { kind: 'builtin', builtin: 'length', args, keywords, line, text };
      if (['list', 'tuple', 'sorted', 'set', 'reversed'].includes(name) && args.length === 1) return args[0];
      if (name === 'iter') return { kind: 'builtin', builtin: 'iterator', args, keywords, line, text };
      if (name === 'enumerate') return { kind: 'builtin', builtin: 'enumerate', args, keywords, line, text };
      // Printing takes no time, but its arguments may await: `print(await fetch(u))`.
      if (name === 'print') return { kind: 'builtin', builtin: 'resolve', args, keywords, line, text };
    }
    return { kind: 'call', callee: this.expr(callee), args, keywords, line, text };
  }
}

/** The value of a keyword argument. */
function keywordArgument(argumentList: Node | undefined, name: string): Node | undefined {
  const argument = argumentList ? namedChildren(argumentList).find(a => a.type === 'keyword_argument' && field(a, 'name')?.text === name) : undefined;
  return argument ? field(argument, 'value') : undefined;
}
