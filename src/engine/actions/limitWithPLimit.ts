/**
 * limit-with-p-limit: when the nearest package.json depends on `p-limit`, bounds `Promise.all(xs.map(fn))` (or
 * `allSettled`) with one `pLimit(N)` instance created before the fan-out, applied to each call. Results, order and
 * rejections are those of the original `Promise.all`.
 *
 * Offered on `unbounded-fanout` findings for `Promise.all` / `Promise.allSettled` over `xs.map(fn)` or
 * `Array.from(xs, fn)`, or a variable of the same function holding one (`const uploads = files.map(read)`; the map is
 * rewritten where the promises start, so `uploads` stays an array of promises for its other uses), only if the project
 * depends on p-limit, and only in ES modules or files that already import or require it: p-limit 4+ is ESM-only (a
 * CommonJS file gets the helper fix instead). Adds `import pLimit from 'p-limit'` when missing. An arrow whose body
 * is the fan-out (`async ids => Promise.all(...)`) gets a block body holding its own limiter. An `async` callback's
 * work stays `async` inside the limiter (its body may await).
 *
 * Before:
 *     return $0Promise.all(ids.map(id => fetchUser(id)));
 * After:
 *     const limit = pLimit(16);
 *     return Promise.all(ids.map(id => limit(() => fetchUser(id))));
 */
import type { Node } from 'web-tree-sitter';
import { JavaScriptScopes } from '../fanout/javascriptScopes';
import { field, namedChildren, SyntaxIndex, walk } from '../syntax';
import { CodeActionProposal, freshName, indentUnit, lineAround, lineEnding, offsetAt, QuickFixProvider, resultOffset, startsLine, TextEdit } from './action';
import { freshJavaScriptName } from './freshNames';
import { ensureDefaultImport, isEsModule, mappedPromises, promiseCallAt, statementAround, usesSemicolons } from './javascriptEdits';

export const limitWithPLimit: QuickFixProvider = {
  id: 'limit-with-p-limit',
  ruleIds: ['unbounded-fanout'],
  provide(context): CodeActionProposal | undefined {
    const { tree, text, family, finding, maxConcurrency, dependencies } = context;
    if (family !== 'javascript' || !dependencies?.has('p-limit')) return undefined;
    const index = new SyntaxIndex(tree);
    const found = promiseCallAt(index, offsetAt(text, finding.range.start.line, finding.range.start.column));
    if (!found || (found.method !== 'all' && found.method !== 'allSettled')) return undefined;
    const mapped = mappedPromises(index, text, found.call);
    // A `let` the code may assign other promises to later: which array the fan-out awaits is not this one's to say.
    if (!mapped || (mapped.variable && !mapped.variable.constant && !mapped.variable.onlyUse)) return undefined;

    // The limiter goes where the promises start: before the fan-out, or before the variable's declaration.
    const start = mapped.variable ? mapped.mapping : found.call;
    const factory = ensureDefaultImport(index, text, 'p-limit', 'pLimit', isEsModule(index, context), start);
    if (!factory) return undefined;
    const arrow = expressionBodiedArrowAround(index, start);
    const statement = statementAround(index, start);
    const limit = freshJavaScriptName(index, text, statement, 'limit', arrow ? parameterNamesOf(arrow) : []);
    const semicolon = usesSemicolons(text) ? ';' : '';
    const wrap = wrapCallback(index, mapped.fn, limit, text);
    if (!wrap) return undefined;
    const edits: TextEdit[] = [];
    let declaration: { edit: TextEdit; offset: number };
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
      const placed = limiterDeclaration(index, text, start, `const ${limit} = ${factory.name}(`, maxConcurrency, semicolon);
      declaration = placed;
      edits.push(placed.edit, wrap, ...(placed.closing ? [placed.closing] : []));
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

function parameterNamesOf(arrow: Node): string[] {
  const names: string[] = [];
  const parameters = field(arrow, 'parameters') ?? field(arrow, 'parameter');
  if (parameters) walk(parameters, node => { if (node.type === 'identifier' || node.type === 'shorthand_property_identifier_pattern') names.push(node.text); });
  return names;
}

/**
 * `const limit = pLimit(N)` before the statement holding the fan-out: on a line of its own, or, when the statement
 * shares its line (`load(ids) { return Promise.all(...) }`), just before it on that line, where a line above would
 * land in a class body. In a `case`, the statement and the declaration go in a block `{ ... }` (`closing` ends it).
 * `offset` is where N starts in the edit's text.
 */
function limiterDeclaration(index: SyntaxIndex, text: string, start: Node, head: string, maxConcurrency: number, semicolon: string): { edit: TextEdit; offset: number; closing?: TextEdit } {
  const statement = statementAround(index, start);
  if (caseClauses.has(index.parent(statement)?.type ?? '')) {
    // A declaration directly in a `case` belongs to the whole switch (and lint rules forbid it): the statement and
    // its limiter get a block of their own.
    return {
      edit: { startIndex: statement.startIndex, endIndex: statement.startIndex, newText: `{ ${head}${maxConcurrency}); ` },
      offset: 2 + head.length,
      closing: { startIndex: statement.endIndex, endIndex: statement.endIndex, newText: ' }' },
    };
  }
  if (!startsLine(text, statement.startIndex)) {
    return { edit: { startIndex: statement.startIndex, endIndex: statement.startIndex, newText: `${head}${maxConcurrency}); ` }, offset: head.length };
  }
  const line = lineAround(text, statement.startIndex);
  // Without semicolons, a line starting with ( [ ` + - / would continue our declaration (`pLimit(4)[a, b] = ...`).
  const end = semicolon || /^[([`+\-/]/.test(text.slice(statement.startIndex)) ? ';' : '';
  return { edit: { startIndex: line.start, endIndex: line.start, newText: `${line.indent}${head}${maxConcurrency})${end}${lineEnding(text)}` }, offset: line.indent.length + head.length };
}

const caseClauses = new Set(['switch_case', 'switch_default']);

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
    // An async arrow's body may await (`async ({ name }) => f(await g(name))`): the arrow around it must stay async.
    const isAsync = /^async\b/.test(fn.text);
    return { startIndex: body.startIndex, endIndex: body.endIndex, newText: `${limit}(${isAsync ? 'async ' : ''}() => ${body.text})` };
  }
  // `function (row) { ... }` is not a name to call: treated as one, it was pasted whole into the call. Its body goes
  // through the limiter instead, as an arrow's.
  const functionBody = fn.type === 'function_expression' && !/^(?:async\s+)?function\s*\*/.test(fn.text) ? field(fn, 'body') : undefined;
  if (functionBody) {
    const isAsync = /^async\b/.test(fn.text);
    return { startIndex: functionBody.startIndex, endIndex: functionBody.endIndex, newText: `{ return ${limit}(${isAsync ? 'async ' : ''}() => ${functionBody.text})${usesSemicolons(text) ? ';' : ''} }` };
  }
  if (!isNamePath(fn)) return undefined;
  const declared = fn.type === 'identifier' ? declaredParameterCount(index, text, fn) : undefined;
  const count = declared === undefined ? 1 : Math.max(1, Math.min(3, declared));
  // The arrow's parameters are its own: they only must not hide a name the call uses.
  const args = ['item', 'index', 'array'].map(name => freshName(`${fn.text} ${limit}`, name, '')).slice(0, count).join(', ');
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
 * How many parameters the function the name refers to declares (`function save(row, i)`, `const save = (row, i) =>`),
 * resolved by scope; a rest parameter takes all three. Undefined when it is not declared in this file.
 */
function declaredParameterCount(index: SyntaxIndex, text: string, name: Node): number | undefined {
  const binding = new JavaScriptScopes(index, text).lookup(name.text, name);
  let parameters: Node | undefined;
  if (binding?.kind === 'function') parameters = field(binding.node, 'parameters');
  else if (binding?.kind === 'variable' && (binding.value?.type === 'arrow_function' || binding.value?.type === 'function_expression')) {
    parameters = field(binding.value, 'parameters') ?? field(binding.value, 'parameter');
  }
  if (!parameters) return undefined;
  if (parameters.type === 'identifier') return 1;
  const declared = namedChildren(parameters).filter(parameter => parameter.type !== 'comment');
  return declared.some(parameter => /rest_pattern/.test(parameter.type) || parameter.text.startsWith('...')) ? 3 : declared.length;
}
