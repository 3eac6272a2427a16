/**
 * limit-with-p-limit: when the nearest package.json depends on `p-limit`, bounds `Promise.all(xs.map(fn))` (or
 * `allSettled`) with one `pLimit(N)` instance created before the fan-out, applied to each call. Results, order and
 * rejections are those of the original `Promise.all`.
 *
 * Offered on `unbounded-fanout` findings for `Promise.all` / `Promise.allSettled` over `xs.map(fn)`, only if the
 * project depends on p-limit. Adds `import pLimit from 'p-limit'` (or a `require` in CommonJS) when missing. An arrow
 * whose body is the fan-out (`async ids => Promise.all(...)`) gets a block body holding its own limiter.
 *
 * Before:
 *     return $0Promise.all(ids.map(id => fetchUser(id)));
 * After:
 *     const limit = pLimit(16);
 *     return Promise.all(ids.map(id => limit(() => fetchUser(id))));
 */
import type { Node } from 'web-tree-sitter';
import { field, namedChildren, SyntaxIndex, walk } from '../syntax';
import { CodeActionProposal, freshName, indentUnit, lineAround, lineEnding, offsetAt, QuickFixProvider, resultOffset, startsLine, TextEdit } from './action';
import { ensureDefaultImport, mappedCollection, promiseCallAt, statementAround, usesSemicolons } from './javascriptEdits';

export const limitWithPLimit: QuickFixProvider = {
  id: 'limit-with-p-limit',
  ruleIds: ['unbounded-fanout'],
  provide({ tree, text, family, finding, maxConcurrency, dependencies }): CodeActionProposal | undefined {
    if (family !== 'javascript' || !dependencies?.has('p-limit')) return undefined;
    const index = new SyntaxIndex(tree);
    const found = promiseCallAt(index, offsetAt(text, finding.range.start.line, finding.range.start.column));
    if (!found || (found.method !== 'all' && found.method !== 'allSettled')) return undefined;
    const mapped = mappedCollection(found.call);
    if (!mapped) return undefined;

    const factory = ensureDefaultImport(index, text, 'p-limit', freshName(text, 'pLimit', ''));
    const limit = freshName(text, 'limit', '');
    const semicolon = usesSemicolons(text) ? ';' : '';
    const wrap = wrapCallback(index, mapped.fn, limit, text);
    if (!wrap) return undefined;
    const edits: TextEdit[] = [];
    let declaration: { edit: TextEdit; offset: number };
    const arrow = expressionBodiedArrowAround(index, found.call);
    if (arrow) {
      // `async ids => Promise.all(...)`: the statement before it may be a module's top level, where one limiter would
      // be shared by every call of the arrow. The arrow gets a block body, so each call has its own limiter, as in
      // a function with a block.
      const body = field(arrow, 'body')!;
      const inner = `${lineAround(text, arrow.startIndex).indent}${indentUnit(text)}`;
      const returned = text.slice(body.startIndex, wrap.startIndex) + wrap.newText + text.slice(wrap.endIndex, body.endIndex);
      const head = `{\n${inner}const ${limit} = ${factory.name}(`;
      declaration = { edit: { startIndex: body.startIndex, endIndex: body.endIndex, newText: `${head}${maxConcurrency})${semicolon}\n${inner}return ${returned}${semicolon}\n${lineAround(text, arrow.startIndex).indent}}` }, offset: head.length };
      edits.push(declaration.edit);
    } else {
      declaration = limiterDeclaration(index, text, found.call, `const ${limit} = ${factory.name}(`, maxConcurrency, semicolon);
      edits.push(declaration.edit, wrap);
    }
    if (factory.edit) edits.push(factory.edit);
    const limitStart = resultOffset(edits, declaration.edit, declaration.offset);
    return {
      id: this.id,
      title: `Limit to ${maxConcurrency} at once with p-limit`,
      kind: 'quickfix',
      isPreferred: true,
      edits,
      limit: { startIndex: limitStart, endIndex: limitStart + String(maxConcurrency).length },
    };
  },
};

/**
 * `const limit = pLimit(N)` before the statement holding the fan-out: on a line of its own, or, when the statement
 * shares its line (`load(ids) { return Promise.all(...) }`, `case 1: return ...`), just before it on that line, where
 * a line above would land in a class body or a switch. `offset` is where N starts in the edit's text.
 */
function limiterDeclaration(index: SyntaxIndex, text: string, call: Node, head: string, maxConcurrency: number, semicolon: string): { edit: TextEdit; offset: number } {
  const statement = statementAround(index, call);
  if (!startsLine(text, statement.startIndex)) {
    return { edit: { startIndex: statement.startIndex, endIndex: statement.startIndex, newText: `${head}${maxConcurrency}); ` }, offset: head.length };
  }
  const line = lineAround(text, statement.startIndex);
  // Without semicolons, a line starting with ( [ ` + - / would continue our declaration (`pLimit(4)[a, b] = ...`).
  const end = semicolon || /^[([`+\-/]/.test(text.slice(statement.startIndex)) ? ';' : '';
  return { edit: { startIndex: line.start, endIndex: line.start, newText: `${line.indent}${head}${maxConcurrency})${end}${lineEnding(text)}` }, offset: line.indent.length + head.length };
}

/** The arrow function whose expression body holds the fan-out, when no statement comes between them. */
function expressionBodiedArrowAround(index: SyntaxIndex, call: Node): Node | undefined {
  const chain = index.ancestry(call);
  for (let i = chain.length - 2; i >= 0; i--) {
    const node = chain[i];
    if (node.type === 'arrow_function') return field(node, 'body')?.type === 'statement_block' ? undefined : node;
    if (/statement|declaration|statement_block|program|switch_case/.test(node.type)) return undefined;
  }
  return undefined;
}

/**
 * `id => fetch(id)` becomes `id => limit(() => fetch(id))`. A named function gets the arguments it declares (of
 * `item, index, array`), or just the item when it is not declared in this file: what `map` callbacks use. Any other
 * expression (`handlerFor(kind)`) is evaluated once by `map`: wrapped per item it would be evaluated per item, so
 * the fix is not offered for it (the helper and p-map take it as it is).
 */
function wrapCallback(index: SyntaxIndex, fn: Node, limit: string, text: string): TextEdit | undefined {
  const body = fn.type === 'arrow_function' ? field(fn, 'body') : undefined;
  if (body) {
    const isAsync = /^async\b/.test(fn.text);
    const inner = body.type === 'statement_block' ? `${isAsync ? 'async ' : ''}() => ${body.text}` : `() => ${body.text}`;
    return { startIndex: body.startIndex, endIndex: body.endIndex, newText: `${limit}(${inner})` };
  }
  // `function (row) { ... }` is not a name to call: treated as one, it was pasted whole into the call. Its body goes
  // through the limiter instead, as an arrow's.
  const functionBody = fn.type === 'function_expression' && !/^(?:async\s+)?function\s*\*/.test(fn.text) ? field(fn, 'body') : undefined;
  if (functionBody) {
    const isAsync = /^async\b/.test(fn.text);
    return { startIndex: functionBody.startIndex, endIndex: functionBody.endIndex, newText: `{ return ${limit}(${isAsync ? 'async ' : ''}() => ${functionBody.text})${usesSemicolons(text) ? ';' : ''} }` };
  }
  if (!isNamePath(fn)) return undefined;
  const declared = fn.type === 'identifier' ? declaredParameterCount(index, fn.text) : undefined;
  const count = declared === undefined ? 1 : Math.max(1, Math.min(3, declared));
  const args = freshNames(text, ['item', 'index', 'array']).slice(0, count).join(', ');
  const parameters = count === 1 ? args : `(${args})`;
  return { startIndex: fn.startIndex, endIndex: fn.endIndex, newText: `${parameters} => ${limit}(() => ${fn.text}(${args}))` };
}

/** `fetchUser`, `api.fetchUser`, `this.load`: read again per item, they give the same function. */
function isNamePath(node: Node): boolean {
  if (node.type === 'identifier' || node.type === 'this') return true;
  if (node.type !== 'member_expression') return false;
  const object = field(node, 'object');
  return field(node, 'property')?.type === 'property_identifier' && !!object && isNamePath(object);
}

/**
 * How many parameters the file's function of this name declares (`function save(row, i)`, `const save = (row, i) =>`);
 * a rest parameter takes all three. Undefined when the file does not declare it.
 */
function declaredParameterCount(index: SyntaxIndex, name: string): number | undefined {
  let parameters: Node | undefined;
  walk(index.tree.rootNode, node => {
    if (parameters) return false;
    if (node.type === 'function_declaration' || node.type === 'generator_function_declaration') {
      if (field(node, 'name')?.text === name) parameters = field(node, 'parameters');
    } else if (node.type === 'variable_declarator' && field(node, 'name')?.text === name) {
      const value = field(node, 'value');
      if (value?.type === 'arrow_function' || value?.type === 'function_expression') parameters = field(value, 'parameters') ?? field(value, 'parameter');
    }
    return true;
  });
  if (!parameters) return undefined;
  if (parameters.type === 'identifier') return 1;
  const declared = namedChildren(parameters).filter(parameter => parameter.type !== 'comment');
  return declared.some(parameter => /rest_pattern/.test(parameter.type) || parameter.text.startsWith('...')) ? 3 : declared.length;
}

function freshNames(text: string, names: string[]): string[] {
  return names.map(name => freshName(text, name, ''));
}
