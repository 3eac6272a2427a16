/**
 * Lowers a Python module into the concurrency model (model.ts): the module's statements, its functions and
 * classes, as they are. Library names are recognised through the shared resolver and catalogue (libraryNames.ts),
 * however they are imported (`import asyncio as aio`, `from asyncio import gather`); expressions are lowered by
 * pythonExpressions.ts.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { field, namedChildren } from '../syntax';
import { LibraryNames } from './libraryNames';
import type { ClassModel, Expr, FunctionModel, Handler, Param, Pattern, ProgramModel, Stmt } from './model';
import { lowerMatch } from './pythonMatch';
import { PythonExpressions } from './pythonExpressions';

export function lowerPython(tree: Tree, text: string): ProgramModel {
  const lowering = new PythonLowering(text, new LibraryNames(tree, text, 'python'));
  lowering.program.module = lowering.block(tree.rootNode);
  return lowering.program;
}

const patternTypes = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'expression_list']);

class PythonLowering extends PythonExpressions {
  block(node: Node): Stmt[] {
    const statements: Stmt[] = [];
    for (const child of namedChildren(node)) statements.push(...this.statement(child));
    return statements;
  }

  private statement(node: Node): Stmt[] {
    return this.nested(node, () => this.lowerStatement(node), []);
  }

  private lowerStatement(node: Node): Stmt[] {
    const line = this.lineOf(node);
    switch (node.type) {
      case 'expression_statement': {
        const inner = node.firstNamedChild;
        if (!inner) return [];
        if (inner.type === 'assignment') return this.assignment(inner);
        if (inner.type === 'augmented_assignment') {
          const operator = inner.children.find(c => c && !c.isNamed)?.text.replace(/=$/, '') ?? '+';
          return [{ kind: 'assign', targets: [this.pattern(field(inner, 'left')!)], value: this.expr(field(inner, 'right')!), declare: true, operator, line }];
        }
        // A docstring or a bare string does nothing.
        if (inner.type === 'string') return [];
        return [{ kind: 'expr', value: this.expr(inner), line }];
      }
      case 'return_statement': {
        const value = node.firstNamedChild;
        return [{ kind: 'return', value: value ? this.expr(value) : undefined, line }];
      }
      case 'raise_statement': {
        const raised = node.namedChildren.find(c => c !== null && c.id !== field(node, 'cause')?.id);
        return [{ kind: 'raise', value: raised ? this.expr(raised) : undefined, line }];
      }
      case 'break_statement': return [{ kind: 'break', line }];
      case 'continue_statement': return [{ kind: 'continue', line }];
      case 'if_statement': return [this.ifStatement(node)];
      case 'match_statement': return lowerMatch(node, {
        expr: n => this.expr(n), block: n => this.block(n), lineOf: n => this.lineOf(n), textOf: n => this.textOf(n),
      });
      case 'for_statement': {
        const orElse = field(node, 'alternative');
        return [{
          kind: 'for', pattern: this.pattern(field(node, 'left')!), iterable: this.expr(field(node, 'right')!),
          body: this.block(field(node, 'body')!), isAsync: node.firstChild?.type === 'async', line,
          orElse: orElse ? this.block(field(orElse, 'body') ?? orElse) : undefined,
        }];
      }
      case 'while_statement': {
        const condition = field(node, 'condition')!;
        const orElse = field(node, 'alternative');
        return [{
          kind: 'while', condition: this.expr(condition), body: this.block(field(node, 'body')!), text: this.textOf(condition), line,
          orElse: orElse ? this.block(field(orElse, 'body') ?? orElse) : undefined,
        }];
      }
      case 'with_statement': return this.withStatement(node);
      case 'try_statement': return [this.tryStatement(node)];
      case 'function_definition': return [this.functionStatement(node, [])];
      case 'class_definition': return [this.classStatement(node, [])];
      case 'decorated_definition': {
        const definition = field(node, 'definition');
        const decorators = namedChildren(node).filter(c => c.type === 'decorator').map(d => this.expr(d.firstNamedChild!));
        if (definition?.type === 'function_definition') return [this.functionStatement(definition, decorators)];
        if (definition?.type === 'class_definition') return [this.classStatement(definition, decorators)];
        return [];
      }
      case 'global_statement': case 'nonlocal_statement': {
        const current = this.functionStack[this.functionStack.length - 1];
        if (current) (current.fn.outer ??= []).push(...namedChildren(node).filter(c => c.type === 'identifier').map(c => c.text));
        return [];
      }
      case 'import_statement': case 'import_from_statement': this.noteImports(node); return [];
      case 'delete_statement': {
        const targets = namedChildren(node).flatMap(c => c.type === 'expression_list' ? namedChildren(c) : [c]);
        return [{ kind: 'delete', targets: targets.map(t => this.expr(t)), line }];
      }
      default: return [];
    }
  }

  /** `a = b = value`, `x: int = 0`, `a, *rest = xs`. */
  private assignment(node: Node): Stmt[] {
    const targets: Pattern[] = [];
    let current: Node | undefined = node;
    while (current?.type === 'assignment') {
      const right = field(current, 'right');
      targets.push(this.pattern(field(current, 'left')!));
      if (!right) return [];
      current = right;
    }
    return [{ kind: 'assign', targets, value: this.expr(current!), declare: true, line: this.lineOf(node) }];
  }

  private noteImports(node: Node): void {
    for (const part of namedChildren(node)) {
      if (part.type === 'dotted_name') this.names.noteImported(part.firstNamedChild?.text ?? part.text);
      if (part.type === 'aliased_import') this.names.noteImported(field(part, 'alias')?.text ?? '');
    }
  }

  private ifStatement(node: Node): Stmt {
    const condition = field(node, 'condition')!;
    const then = this.block(field(node, 'consequence')!);
    // elif clauses become nested ifs, from the last one up.
    let otherwise: Stmt[] = [];
    const alternatives = node.childrenForFieldName('alternative').filter((n): n is Node => n !== null);
    for (let i = alternatives.length - 1; i >= 0; i--) {
      const clause = alternatives[i];
      if (clause.type === 'else_clause') otherwise = this.block(field(clause, 'body')!);
      else {
        const elifCondition = field(clause, 'condition')!;
        otherwise = [{
          kind: 'if', condition: this.expr(elifCondition), then: this.block(field(clause, 'consequence')!), otherwise,
          text: this.textOf(elifCondition), line: this.lineOf(clause),
        }];
      }
    }
    return { kind: 'if', condition: this.expr(condition), then, otherwise, text: this.textOf(condition), line: this.lineOf(node) };
  }

  private withStatement(node: Node): Stmt[] {
    const clause = node.namedChildren.find(c => c?.type === 'with_clause');
    const items = clause ? namedChildren(clause).filter(c => c.type === 'with_item') : [];
    const isAsync = node.firstChild?.type === 'async';
    let body = this.block(field(node, 'body')!);
    // `async with a, b:` is `async with a:` around `async with b:`.
    for (let i = items.length - 1; i >= 0; i--) {
      const value = field(items[i], 'value')!;
      const line = this.lineOf(items[i]);
      if (value.type === 'as_pattern') {
        const alias = value.namedChildren.find(c => c?.type === 'as_pattern_target');
        body = [{ kind: 'with', context: this.expr(value.firstNamedChild!), target: alias?.firstNamedChild ? this.pattern(alias.firstNamedChild) : undefined, isAsync, body, line }];
      } else {
        body = [{ kind: 'with', context: this.expr(value), isAsync, body, line }];
      }
    }
    return body;
  }

  private tryStatement(node: Node): Stmt {
    const handlers: Handler[] = [];
    let finallyBody: Stmt[] = [];
    let orElse: Stmt[] = [];
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
        handlers.push({ types: types ? this.expr(types) : undefined, name, star: clause.type === 'except_group_clause', body: body ? this.block(body) : [], line: this.lineOf(clause) });
      } else if (clause.type === 'finally_clause') {
        const body = clause.namedChildren.find(c => c?.type === 'block');
        finallyBody = body ? this.block(body) : [];
      } else if (clause.type === 'else_clause') {
        orElse = this.block(field(clause, 'body') ?? clause);
      }
    }
    return { kind: 'try', body: this.block(field(node, 'body')!), handlers, orElse, finally: finallyBody, line: this.lineOf(node) };
  }

  private functionStatement(node: Node, decorators: Expr[]): Stmt {
    const name = field(node, 'name')!.text;
    const fn = this.functionModel(node, name, decorators);
    return { kind: 'assign', targets: [{ kind: 'name', name }], value: { kind: 'function', fn }, declare: true, line: fn.line };
  }

  functionModel(node: Node, name: string, decorators: Expr[] = []): FunctionModel {
    const inClass = this.classStack.length > 0 && this.functionStack.length === 0;
    const fn: FunctionModel = {
      name, qualifiedName: this.qualify(name), params: [], isAsync: node.firstChild?.type === 'async', isGenerator: false, isArrow: false,
      kind: inClass ? 'method' : 'function', decorators: decorators.length > 0 ? decorators : undefined, body: [],
      line: this.lineOf(node), startIndex: node.startIndex, endIndex: node.endIndex,
    };
    // Parameter defaults are evaluated where the function is defined, before its own scope.
    fn.params = this.parameters(field(node, 'parameters'));
    this.functionStack.push({ fn, qualifiedName: fn.qualifiedName });
    try {
      const body = field(node, 'body');
      fn.body = body ? this.block(body) : [];
    } finally {
      this.functionStack.pop();
    }
    this.addFunction(fn);
    return fn;
  }

  parameters(node: Node | undefined): Param[] {
    const params: Param[] = [];
    let keywordOnly = false;
    for (const parameter of node ? namedChildren(node) : []) {
      switch (parameter.type) {
        case 'identifier': params.push({ pattern: { kind: 'name', name: parameter.text }, keywordOnly }); break;
        case 'default_parameter': case 'typed_default_parameter':
          params.push({ pattern: { kind: 'name', name: field(parameter, 'name')!.text }, default: this.expr(field(parameter, 'value')!), keywordOnly });
          break;
        case 'typed_parameter': {
          const inner = parameter.firstNamedChild;
          if (inner?.type === 'identifier') params.push({ pattern: { kind: 'name', name: inner.text }, keywordOnly });
          else if (inner?.type === 'list_splat_pattern') { params.push({ pattern: { kind: 'name', name: inner.firstNamedChild?.text ?? '_' }, rest: true }); keywordOnly = true; }
          else if (inner?.type === 'dictionary_splat_pattern') params.push({ pattern: { kind: 'name', name: inner.firstNamedChild?.text ?? '_' }, keywords: true });
          break;
        }
        case 'list_splat_pattern': params.push({ pattern: { kind: 'name', name: parameter.firstNamedChild?.text ?? '_' }, rest: true }); keywordOnly = true; break;
        case 'dictionary_splat_pattern': params.push({ pattern: { kind: 'name', name: parameter.firstNamedChild?.text ?? '_' }, keywords: true }); break;
        case 'keyword_separator': keywordOnly = true; break;
        default: break;
      }
    }
    return params;
  }

  private classStatement(node: Node, decorators: Expr[]): Stmt {
    const name = field(node, 'name')!.text;
    const cls: ClassModel = { name, bases: [], fields: [], annotations: [], methods: [], decorators: decorators.length > 0 ? decorators : undefined, line: this.lineOf(node) };
    const superclasses = field(node, 'superclasses');
    for (const base of superclasses ? namedChildren(superclasses) : []) {
      if (base.type !== 'keyword_argument' && base.type !== 'comment') cls.bases.push(this.expr(base));
    }
    this.program.classes.set(node.startIndex, cls);
    this.classStack.push(cls);
    const outerFunctions = this.functionStack.splice(0);
    try {
      const body = field(node, 'body');
      for (const statement of body ? namedChildren(body) : []) this.classMember(statement, cls);
    } finally {
      this.functionStack.push(...outerFunctions);
      this.classStack.pop();
    }
    return { kind: 'assign', targets: [{ kind: 'name', name }], value: { kind: 'class', cls }, declare: true, line: cls.line };
  }

  private classMember(statement: Node, cls: ClassModel): void {
    const definition = statement.type === 'decorated_definition' ? field(statement, 'definition') : statement;
    const decorators = statement.type === 'decorated_definition' ? namedChildren(statement).filter(c => c.type === 'decorator').map(d => this.expr(d.firstNamedChild!)) : [];
    if (definition?.type === 'function_definition') {
      const method = this.functionModel(definition, field(definition, 'name')!.text, decorators);
      const names = decorators.map(d => (d.kind === 'var' ? d.name : d.kind === 'member' ? d.property : ''));
      if (names.includes('property')) method.kind = 'getter';
      else if (names.includes('setter')) method.kind = 'setter';
      if (names.includes('staticmethod')) method.isStatic = true;
      cls.methods.push(method);
      return;
    }
    if (definition?.type === 'class_definition') {
      const nested = this.classStatement(definition, decorators) as Extract<Stmt, { kind: 'assign' }>;
      cls.fields.push({ name: field(definition, 'name')!.text, value: nested.value, line: this.lineOf(definition) });
      return;
    }
    const assignment = statement.type === 'expression_statement' ? statement.firstNamedChild : null;
    if (assignment?.type !== 'assignment') return;
    const left = field(assignment, 'left');
    const right = field(assignment, 'right');
    const owner = left?.type === 'attribute' ? field(left, 'object') : null;
    if (right && owner?.type === 'identifier' && cls.methods.some(m => m.name === owner.text)) {
      (cls.methodAttributes ??= []).push({ method: owner.text, name: field(left!, 'attribute')!.text, value: this.expr(right), line: this.lineOf(statement) });
      return;
    }
    if (left?.type !== 'identifier') return;
    if (field(assignment, 'type')) cls.annotations.push({ name: left.text, default: right ? this.expr(right) : undefined });
    if (right) cls.fields.push({ name: left.text, value: this.expr(right), line: this.lineOf(statement) });
  }

  pattern(node: Node): Pattern {
    return this.nested(node, () => this.lowerPattern(node), { kind: 'name', name: '_' });
  }

  private lowerPattern(node: Node): Pattern {
    if (node.type === 'identifier') return { kind: 'name', name: node.text };
    if (node.type === 'parenthesized_expression' && node.firstNamedChild) return this.pattern(node.firstNamedChild);
    if (patternTypes.has(node.type)) {
      const children = namedChildren(node).filter(c => c.type !== 'comment');
      const rest = children.findIndex(c => c.type === 'list_splat_pattern' || c.type === 'list_splat');
      return {
        kind: 'sequence', rest: rest >= 0 ? rest : undefined,
        items: children.map(c => (c.type === 'list_splat_pattern' || c.type === 'list_splat') && c.firstNamedChild ? this.pattern(c.firstNamedChild) : this.pattern(c)),
      };
    }
    return { kind: 'target', expr: this.expr(node) };
  }
}
