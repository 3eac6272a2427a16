/**
 * Lowers a JavaScript or TypeScript file (parsed with the TSX grammar, or TypeScript's) into the concurrency model
 * (model.ts): the module's statements, its functions and classes, as they are. Library names are recognised
 * through the shared resolver and catalogue (libraryNames.ts), however they are imported or required; expressions
 * are lowered by javascriptExpressions.ts. Times are milliseconds.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { field, firstCodeChild, namedChildren, unwrap } from '../syntax';
import { JavaScriptExpressions } from './javascriptExpressions';
import { LibraryNames } from './libraryNames';
import type { ClassModel, Expr, Handler, ProgramModel, Stmt } from './model';

export { javascriptFunctionName, javascriptFunctionTypes } from './javascriptExpressions';

export function lowerJavaScript(tree: Tree, text: string): ProgramModel {
  const lowering = new JavaScriptLowering(text, new LibraryNames(tree, text, 'javascript'));
  lowering.program.module = lowering.statements(namedChildren(tree.rootNode));
  return lowering.program;
}

const declarationTypes = new Set(['lexical_declaration', 'variable_declaration']);

class JavaScriptLowering extends JavaScriptExpressions {
  block(node: Node): Stmt[] {
    if (node.type !== 'statement_block') return this.statement(node);
    return this.statements(namedChildren(node));
  }

  /** A block's statements, its function declarations first (they are hoisted). */
  statements(nodes: Node[]): Stmt[] {
    const hoisted: Stmt[] = [];
    const rest: Stmt[] = [];
    for (const node of nodes) {
      const declaration = node.type === 'export_statement' ? field(node, 'declaration') ?? node : node;
      (declaration.type === 'function_declaration' || declaration.type === 'generator_function_declaration' ? hoisted : rest).push(...this.statement(node));
    }
    return [...hoisted, ...rest];
  }

  /** A nested block: scoped when it declares something of its own. */
  private scopedBlock(node: Node): Stmt[] {
    const body = this.block(node);
    if (node.type === 'statement_block' && namedChildren(node).some(c => declarationTypes.has(c.type) || c.type === 'class_declaration' || c.type === 'function_declaration')) {
      return [{ kind: 'block', body, line: this.lineOf(node) }];
    }
    return body;
  }

  private statement(node: Node): Stmt[] {
    return this.nested(node, () => this.lowerStatement(node), []);
  }

  private lowerStatement(node: Node): Stmt[] {
    const line = this.lineOf(node);
    switch (node.type) {
      case 'statement_block': return this.scopedBlock(node);
      case 'export_statement': {
        const declaration = field(node, 'declaration');
        if (declaration) return this.statement(declaration);
        const value = field(node, 'value');
        return value ? [{ kind: 'expr', value: this.expr(value), line }] : [];
      }
      case 'lexical_declaration': case 'variable_declaration': return this.declaration(node);
      case 'function_declaration': case 'generator_function_declaration': {
        const name = field(node, 'name')!.text;
        return [{ kind: 'assign', targets: [{ kind: 'name', name }], value: { kind: 'function', fn: this.functionModel(node, name) }, declare: true, line }];
      }
      case 'class_declaration': case 'abstract_class_declaration': {
        const cls = this.classModel(node);
        return [{ kind: 'assign', targets: [{ kind: 'name', name: cls.name }], value: { kind: 'class', cls }, declare: true, line }];
      }
      case 'enum_declaration': return this.enumDeclaration(node);
      case 'expression_statement': {
        const inner = firstCodeChild(node);
        if (!inner) return [];
        if (inner.type === 'sequence_expression') return namedChildren(inner).map(part => ({ kind: 'expr', value: this.expr(part), line }) as Stmt);
        // A bare string ('use strict') does nothing.
        if (inner.type === 'string') return [];
        return [{ kind: 'expr', value: this.expr(inner), line }];
      }
      case 'return_statement': {
        const value = firstCodeChild(node);
        return [{ kind: 'return', value: value ? this.expr(value) : undefined, line }];
      }
      case 'throw_statement': return [{ kind: 'raise', value: this.expr(firstCodeChild(node)!), line }];
      case 'break_statement': return [{ kind: 'break', label: field(node, 'label')?.text, line }];
      case 'continue_statement': return [{ kind: 'continue', label: field(node, 'label')?.text, line }];
      case 'labeled_statement': {
        const body = field(node, 'body');
        const label = field(node, 'label')?.text;
        const lowered = body ? this.statement(body) : [];
        const loop = lowered[lowered.length - 1];
        if (loop && (loop.kind === 'for' || loop.kind === 'while')) loop.label = label;
        else if (loop?.kind === 'block' && loop.body[loop.body.length - 1]?.kind === 'while') (loop.body[loop.body.length - 1] as Extract<Stmt, { kind: 'while' }>).label = label;
        return lowered.length === 1 && loop.kind !== 'block' ? lowered : [{ kind: 'block', body: lowered, label, line }];
      }
      case 'if_statement': {
        const condition = field(node, 'condition')!;
        const alternative = field(node, 'alternative');
        const otherwise = alternative ? this.scopedBlock(alternative.namedChildren.find(c => c !== null && c.type !== 'comment')!) : [];
        return [{ kind: 'if', condition: this.expr(condition), then: this.scopedBlock(field(node, 'consequence')!), otherwise, text: this.textOf(unwrap(condition)), line }];
      }
      case 'for_in_statement': {
        const left = field(node, 'left')!;
        const operator = field(node, 'operator')?.text;
        return [{
          kind: 'for', pattern: this.pattern(left), iterable: this.expr(field(node, 'right')!), keys: operator === 'in',
          body: this.block(field(node, 'body')!), isAsync: node.children.some(c => c?.type === 'await'), line,
        }];
      }
      case 'for_statement': return this.forStatement(node);
      case 'while_statement': {
        const condition = field(node, 'condition')!;
        return [{ kind: 'while', condition: this.expr(condition), body: this.block(field(node, 'body')!), text: this.textOf(unwrap(condition)), line }];
      }
      case 'do_statement': {
        const condition = field(node, 'condition')!;
        return [{ kind: 'while', condition: this.expr(condition), body: this.block(field(node, 'body')!), doWhile: true, text: this.textOf(unwrap(condition)), line }];
      }
      case 'try_statement': {
        const handler = field(node, 'handler');
        const finalizer = field(node, 'finalizer');
        const parameter = handler && field(handler, 'parameter');
        const handlers: Handler[] = handler ? [{ name: parameter?.type === 'identifier' ? parameter.text : undefined, body: this.block(field(handler, 'body')!), line: this.lineOf(handler) }] : [];
        return [{ kind: 'try', body: this.block(field(node, 'body')!), handlers, orElse: [], finally: finalizer ? this.block(field(finalizer, 'body')!) : [], line }];
      }
      case 'switch_statement': {
        const body = field(node, 'body');
        const cases = (body ? namedChildren(body) : []).filter(c => c.type === 'switch_case' || c.type === 'switch_default').map(c => {
          const value = field(c, 'value');
          const statements = namedChildren(c).filter(s => s.id !== value?.id);
          return { test: value ? this.expr(value) : undefined, body: this.statements(statements) };
        });
        const discriminant = field(node, 'value')!;
        return [{ kind: 'switch', discriminant: this.expr(discriminant), cases, text: `switch ${discriminant.text}`, line }];
      }
      case 'import_statement': this.noteImports(node); return [];
      default: return [];
    }
  }

  private declaration(node: Node): Stmt[] {
    const statements: Stmt[] = [];
    for (const declarator of namedChildren(node).filter(d => d.type === 'variable_declarator')) {
      const name = field(declarator, 'name')!;
      const value = field(declarator, 'value');
      // `const x = require('m')`: the names it binds may lead to a library.
      if (value && /\brequire\s*\(|\bimport\s*\(/.test(this.textOf(value))) this.noteBoundNames(name);
      statements.push({ kind: 'assign', targets: [this.pattern(name)], value: value ? this.expr(value) : { kind: 'const', value: undefined }, declare: true, line: this.lineOf(declarator) });
    }
    return statements;
  }

  private noteImports(node: Node): void {
    const clause = node.namedChildren.find(c => c?.type === 'import_clause');
    for (const part of clause ? namedChildren(clause) : []) {
      if (part.type === 'identifier') this.names.noteImported(part.text);
      if (part.type === 'namespace_import') this.names.noteImported(part.lastNamedChild?.text ?? '');
      if (part.type === 'named_imports') {
        for (const specifier of namedChildren(part)) this.names.noteImported((field(specifier, 'alias') ?? field(specifier, 'name'))?.text ?? '');
      }
    }
  }

  private noteBoundNames(pattern: Node): void {
    if (pattern.type === 'identifier' || pattern.type === 'shorthand_property_identifier_pattern') this.names.noteImported(pattern.text);
    for (const child of namedChildren(pattern)) {
      if (child.type === 'pair_pattern') { const value = field(child, 'value'); if (value) this.noteBoundNames(value); }
      else this.noteBoundNames(child);
    }
  }

  /** `for (init; condition; update) body`; `let` names get a binding per iteration, as closures see them. */
  private forStatement(node: Node): Stmt[] {
    const line = this.lineOf(node);
    const initializer = field(node, 'initializer');
    const condition = field(node, 'condition');
    const increment = field(node, 'increment');
    const init = initializer && initializer.type !== 'empty_statement' ? this.statement(initializer) : [];
    const conditionNode = condition && condition.type !== 'empty_statement' ? (condition.type === 'expression_statement' ? firstCodeChild(condition)! : condition) : undefined;
    const perIteration = initializer?.type === 'lexical_declaration'
      ? namedChildren(initializer).filter(d => d.type === 'variable_declarator').map(d => field(d, 'name')?.text ?? '') : undefined;
    const update = increment ? (increment.type === 'sequence_expression' ? namedChildren(increment) : [increment]).map(part => this.expr(part)) : undefined;
    const loop: Stmt = {
      kind: 'while', condition: conditionNode ? this.expr(conditionNode) : { kind: 'const', value: true }, body: this.block(field(node, 'body')!),
      update, perIteration, text: conditionNode ? this.textOf(conditionNode) : 'true', line,
    };
    return init.length > 0 ? [{ kind: 'block', body: [...init, loop], line }] : [loop];
  }

  private enumDeclaration(node: Node): Stmt[] {
    const entries: Array<{ key: Expr; value: Expr }> = [];
    let next = 0;
    for (const member of namedChildren(field(node, 'body') ?? node)) {
      const name = member.type === 'enum_assignment' ? field(member, 'name') : member;
      const value = member.type === 'enum_assignment' ? field(member, 'value') : undefined;
      if (!name || (name.type !== 'property_identifier' && name.type !== 'string')) continue;
      const lowered: Expr = value ? this.expr(value) : { kind: 'const', value: next };
      if (lowered.kind === 'const' && typeof lowered.value === 'number') next = lowered.value + 1;
      entries.push({ key: { kind: 'const', value: name.text.replace(/^['"]|['"]$/g, '') }, value: lowered });
    }
    const line = this.lineOf(node);
    return [{ kind: 'assign', targets: [{ kind: 'name', name: field(node, 'name')!.text }], value: { kind: 'dict', entries, line }, declare: true, line }];
  }

  classModel(node: Node): ClassModel {
    const name = field(node, 'name')?.text ?? javascriptClassName(node) ?? 'anonymous class';
    const cls: ClassModel = { name, bases: [], fields: [], annotations: [], methods: [], line: this.lineOf(node) };
    const heritage = node.namedChildren.find(c => c?.type === 'class_heritage');
    const extendsClause = heritage?.namedChildren.find(c => c?.type === 'extends_clause');
    const first = heritage ? firstCodeChild(heritage) : undefined;
    const base = extendsClause ? field(extendsClause, 'value') : first?.type !== 'implements_clause' ? first : undefined;
    if (base) cls.bases.push(this.expr(base));
    this.program.classes.set(node.startIndex, cls);
    this.classStack.push(cls);
    const outerFunctions = this.functionStack.splice(0);
    try {
      for (const member of namedChildren(field(node, 'body') ?? node)) {
        const isStatic = member.children.some(c => c?.type === 'static');
        if (member.type === 'method_definition') {
          const method = this.functionModel(member, field(member, 'name')!.text);
          method.isStatic = isStatic;
          cls.methods.push(method);
        } else if (member.type === 'public_field_definition' || member.type === 'field_definition') {
          const property = field(member, 'name') ?? field(member, 'property');
          const value = field(member, 'value');
          if (!property) continue;
          const key: string | Expr = property.type === 'computed_property_name' ? this.expr(firstCodeChild(property)!) : property.text.replace(/^['"]|['"]$/g, '');
          cls.fields.push({ name: key, value: value ? this.expr(value) : undefined, isStatic, line: this.lineOf(member) });
        }
      }
    } finally {
      this.functionStack.push(...outerFunctions);
      this.classStack.pop();
    }
    return cls;
  }
}

/** The name a class expression is known by: the variable it is assigned to. */
function javascriptClassName(node: Node): string | undefined {
  const holder = node.parent;
  return holder?.type === 'variable_declarator' ? field(holder, 'name')?.text : undefined;
}
