/** Python expressions, lowered into the concurrency model (model.ts); statements are pythonModel.ts's. */
import type { Node } from 'web-tree-sitter';
import { field, namedChildren } from '../syntax';
import type { LibraryNames } from './libraryNames';
import { Lowering, unescape } from './lowering';
import type { ComprehensionClause, DictEntry, Expr, FunctionModel, Param, Pattern } from './model';

const comprehensionForms: Record<string, 'list' | 'set' | 'dict' | 'generator'> = {
  list_comprehension: 'list', set_comprehension: 'set', dictionary_comprehension: 'dict', generator_expression: 'generator',
};

export abstract class PythonExpressions extends Lowering {
  constructor(text: string, names: LibraryNames) {
    super(text, names, 'python', 1);
  }

  abstract pattern(node: Node): Pattern;
  abstract parameters(node: Node | undefined): Param[];

  protected lowerExpr(node: Node): Expr {
    const line = this.lineOf(node);
    switch (node.type) {
      case 'identifier': return this.global(node) ?? { kind: 'var', name: node.text, line };
      case 'none': return { kind: 'const', value: null };
      case 'true': return { kind: 'const', value: true };
      case 'false': return { kind: 'const', value: false };
      case 'integer': case 'float': {
        const value = Number(node.text.replace(/_/g, '').replace(/[jJlL]$/, ''));
        return Number.isFinite(value) || node.text.includes('e') ? { kind: 'const', value } : this.unknown(node);
      }
      case 'string': return this.string(node);
      case 'concatenated_string': {
        const parts = namedChildren(node).filter(c => c.type === 'string').map(c => this.string(c));
        return parts.reduce((left, right) => ({ kind: 'binary', operator: '+', left, right, line }));
      }
      case 'parenthesized_expression': return node.firstNamedChild ? this.expr(node.firstNamedChild) : this.unknown(node);
      case 'await': return { kind: 'await', value: this.expr(node.firstNamedChild!), line, text: this.textOf(node) };
      case 'attribute': return this.global(node) ?? { kind: 'member', object: this.expr(field(node, 'object')!), property: field(node, 'attribute')!.text, line };
      case 'subscript': return this.subscript(node);
      case 'slice': {
        const parts: Array<Expr | undefined> = [undefined, undefined, undefined];
        let position = 0;
        for (const child of node.children) {
          if (!child) continue;
          if (child.type === ':') position++;
          else if (child.isNamed) parts[position] = this.expr(child);
        }
        return { kind: 'slice', start: parts[0], stop: parts[1], step: parts[2], line };
      }
      case 'list': case 'set': case 'tuple': case 'expression_list': case 'pattern_list':
        return {
          kind: 'list', items: namedChildren(node).filter(c => c.type !== 'comment').map(c => this.expr(c)),
          tuple: node.type === 'tuple' || node.type === 'expression_list' || node.type === 'pattern_list', set: node.type === 'set', line,
        };
      case 'list_splat': case 'dictionary_splat': return { kind: 'spread', value: this.expr(node.firstNamedChild!), line };
      case 'dictionary': {
        const entries: DictEntry[] = [];
        for (const entry of namedChildren(node)) {
          if (entry.type === 'pair') entries.push({ key: this.expr(field(entry, 'key')!), value: this.expr(field(entry, 'value')!) });
          else if (entry.type === 'dictionary_splat') entries.push({ spread: this.expr(entry.firstNamedChild!) });
        }
        return { kind: 'dict', entries, line };
      }
      case 'list_comprehension': case 'generator_expression': case 'set_comprehension': case 'dictionary_comprehension': return this.comprehension(node);
      case 'binary_operator':
        return { kind: 'binary', operator: field(node, 'operator')!.text, left: this.expr(field(node, 'left')!), right: this.expr(field(node, 'right')!), line };
      case 'comparison_operator': return this.comparison(node);
      case 'boolean_operator': {
        const operator = field(node, 'operator')!.text === 'and' ? 'and' : 'or';
        return { kind: 'logical', operator, left: this.expr(field(node, 'left')!), right: this.expr(field(node, 'right')!), line };
      }
      case 'not_operator': return { kind: 'unary', operator: 'not', operand: this.expr(field(node, 'argument')!), line };
      case 'unary_operator': return { kind: 'unary', operator: field(node, 'operator')!.text, operand: this.expr(field(node, 'argument')!), line };
      case 'conditional_expression': {
        const [then, condition, otherwise] = namedChildren(node);
        return { kind: 'conditional', condition: this.expr(condition), then: this.expr(then), otherwise: this.expr(otherwise), text: this.textOf(condition), line };
      }
      case 'lambda': return { kind: 'function', fn: this.lambda(node) };
      case 'call': return this.call(node);
      case 'named_expression': return { kind: 'assign', target: { kind: 'name', name: field(node, 'name')!.text }, value: this.expr(field(node, 'value')!), line };
      case 'yield': {
        const current = this.functionStack[this.functionStack.length - 1];
        // A `yield` outside any function (in code a syntax error cut loose) would end the simulated caller's step
        // with a value that is no wait: what it gives is unknown, and nothing is yielded.
        if (!current) return this.unknown(node);
        current.fn.isGenerator = true;
        const value = node.firstNamedChild;
        return { kind: 'yield', value: value ? this.expr(value) : undefined, delegate: node.children.some(c => c?.type === 'from'), line };
      }
      case 'ellipsis': return { kind: 'const', value: null };
      default: return this.unknown(node);
    }
  }

  private subscript(node: Node): Expr {
    const line = this.lineOf(node);
    const indices = node.childrenForFieldName('subscript').filter((n): n is Node => n !== null);
    // `d[a, b]` indexes with the tuple `(a, b)`.
    const index: Expr = indices.length === 1 ? this.expr(indices[0]) : { kind: 'list', items: indices.map(i => this.expr(i)), tuple: true, line };
    return { kind: 'index', object: this.expr(field(node, 'value')!), index, line };
  }

  /** `a < b`, `x not in ys`, `a is not None`; `a < b < c` compares each pair in turn. */
  private comparison(node: Node): Expr {
    const line = this.lineOf(node);
    const operands = namedChildren(node).filter(c => c.type !== 'comment');
    const operators: string[] = [];
    let pending: string[] = [];
    for (const child of node.children) {
      if (!child) continue;
      if (child.isNamed) {
        if (pending.length > 0) operators.push(pending.join(' '));
        pending = [];
      } else pending.push(child.type);
    }
    if (operators.length === 1) return { kind: 'binary', operator: operators[0], left: this.expr(operands[0]), right: this.expr(operands[1]), line };
    return { kind: 'chain', operators, operands: operands.map(o => this.expr(o)), line };
  }

  /** A string's value; an f-string's interpolations become a template (`{x!r:>8}` keeps its conversion and spec). */
  private string(node: Node): Expr {
    const line = this.lineOf(node);
    const start = node.firstChild?.text ?? '"';
    const raw = /r/i.test(start.replace(/["']/g, ''));
    const parts: Array<string | { value: Expr; format?: string; conversion?: string }> = [];
    for (const child of namedChildren(node)) {
      if (child.type === 'string_content') parts.push(raw ? this.textOf(child) : unescape(this.textOf(child)));
      else if (child.type === 'interpolation') {
        const inner = field(child, 'expression');
        const format = field(child, 'format_specifier');
        const conversion = field(child, 'type_conversion');
        if (inner) parts.push({ value: this.expr(inner), format: format ? this.textOf(format).replace(/^:/, '') : undefined, conversion: conversion?.text.slice(1) });
      }
    }
    if (parts.every(p => typeof p === 'string')) return { kind: 'const', value: parts.join('') };
    return { kind: 'template', parts, line };
  }

  private comprehension(node: Node): Expr {
    const line = this.lineOf(node);
    const clauses: ComprehensionClause[] = [];
    for (const child of namedChildren(node)) {
      if (child.type === 'for_in_clause') {
        clauses.push({ for: this.pattern(field(child, 'left')!), in: this.expr(field(child, 'right')!), isAsync: child.firstChild?.type === 'async' });
      } else if (child.type === 'if_clause' && child.firstNamedChild) {
        clauses.push({ if: this.expr(child.firstNamedChild) });
      }
    }
    const form = comprehensionForms[node.type];
    const body = field(node, 'body')!;
    if (form === 'dict' && body.type === 'pair') {
      return { kind: 'comprehension', form, clauses, key: this.expr(field(body, 'key')!), element: this.expr(field(body, 'value')!), line };
    }
    return { kind: 'comprehension', form, clauses, element: this.expr(body), line };
  }

  private lambda(node: Node): FunctionModel {
    const line = this.lineOf(node);
    const params = this.parameters(field(node, 'parameters'));
    const body = field(node, 'body')!;
    const fn: FunctionModel = {
      name: 'lambda', qualifiedName: 'lambda', params, isAsync: false, isGenerator: false, isArrow: false, kind: 'function',
      body: [{ kind: 'return', value: this.expr(body), line }], line, startIndex: node.startIndex, endIndex: node.endIndex,
    };
    return fn;
  }

  private call(node: Node): Expr {
    const line = this.lineOf(node);
    const callee = field(node, 'function')!;
    const args: Expr[] = [];
    const keywords: Array<{ name: string; value: Expr }> = [];
    const argumentList = field(node, 'arguments');
    if (argumentList?.type === 'generator_expression') args.push(this.expr(argumentList));
    else {
      for (const argument of argumentList ? namedChildren(argumentList) : []) {
        if (argument.type === 'keyword_argument') keywords.push({ name: field(argument, 'name')!.text, value: this.expr(field(argument, 'value')!) });
        else if (argument.type === 'dictionary_splat') keywords.push({ name: '**', value: this.expr(argument.firstNamedChild!) });
        else if (argument.type !== 'comment') args.push(this.expr(argument));
      }
    }
    // `super()` is the class's base, bound to `self`.
    if (callee.type === 'identifier' && callee.text === 'super' && args.length === 0) return { kind: 'super', line };
    return { kind: 'call', callee: this.expr(callee), args, keywords: keywords.length > 0 ? keywords : undefined, line, text: this.textOf(node) };
  }
}
