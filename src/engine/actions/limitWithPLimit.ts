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
import { field, SyntaxIndex } from '../syntax';
import { CodeActionProposal, freshName, indentUnit, lineAround, offsetAt, QuickFixProvider, TextEdit } from './action';
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
    const wrap = wrapCallback(mapped.fn, limit, text);
    const edits: TextEdit[] = [];
    let limitStart: number;
    const arrow = expressionBodiedArrowAround(index, found.call);
    if (arrow) {
      // `async ids => Promise.all(...)`: the statement before it may be a module's top level, where one limiter would
      // be shared by every call of the arrow. The arrow gets a block body, so each call has its own limiter, as in
      // a function with a block.
      const body = field(arrow, 'body')!;
      const inner = `${lineAround(text, arrow.startIndex).indent}${indentUnit(text)}`;
      const returned = text.slice(body.startIndex, wrap.startIndex) + wrap.newText + text.slice(wrap.endIndex, body.endIndex);
      const head = `{\n${inner}const ${limit} = ${factory.name}(`;
      edits.push({ startIndex: body.startIndex, endIndex: body.endIndex, newText: `${head}${maxConcurrency})${semicolon}\n${inner}return ${returned}${semicolon}\n${lineAround(text, arrow.startIndex).indent}}` });
      limitStart = body.startIndex + head.length;
    } else {
      const statement = statementAround(index, found.call);
      const line = lineAround(text, statement.startIndex);
      const declaration = `${line.indent}const ${limit} = ${factory.name}(`;
      edits.push({ startIndex: line.start, endIndex: line.start, newText: `${declaration}${maxConcurrency})${semicolon}\n` }, wrap);
      limitStart = line.start + declaration.length;
    }
    if (factory.edit) {
      edits.push(factory.edit);
      if (factory.edit.startIndex <= limitStart) limitStart += factory.edit.newText.length;
    }
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
 * `item, index, array`), or just the item when it is not declared in this file: what `map` callbacks use.
 */
function wrapCallback(fn: Node, limit: string, text: string): TextEdit {
  const body = fn.type === 'arrow_function' ? field(fn, 'body') : undefined;
  if (body) {
    const isAsync = /^async\b/.test(fn.text);
    const inner = body.type === 'statement_block' ? `${isAsync ? 'async ' : ''}() => ${body.text}` : `() => ${body.text}`;
    return { startIndex: body.startIndex, endIndex: body.endIndex, newText: `${limit}(${inner})` };
  }
  // `function (row) { ... }` is not a name to call: treated as one, it was pasted whole into the call and looked up
  // as a declaration by a pattern made of its own source. Its body goes through the limiter instead, as an arrow's.
  const functionBody = fn.type === 'function_expression' && !/^(?:async\s+)?function\s*\*/.test(fn.text) ? field(fn, 'body') : undefined;
  if (functionBody) {
    const isAsync = /^async\b/.test(fn.text);
    return { startIndex: functionBody.startIndex, endIndex: functionBody.endIndex, newText: `{ return ${limit}(${isAsync ? 'async ' : ''}() => ${functionBody.text})${usesSemicolons(text) ? ';' : ''} }` };
  }
  const declared = new RegExp(`function\\s*\\*?\\s*${fn.text.replace(/[.$]/g, '\\$&')}\\s*(?:<[^>]*>)?\\s*\\(([^)]*)\\)`).exec(text);
  const count = declared ? Math.max(1, Math.min(3, declared[1].split(',').filter(part => part.trim()).length)) : 1;
  const args = freshNames(text, ['item', 'index', 'array']).slice(0, count).join(', ');
  const parameters = count === 1 ? args : `(${args})`;
  return { startIndex: fn.startIndex, endIndex: fn.endIndex, newText: `${parameters} => ${limit}(() => ${fn.text}(${args}))` };
}

function freshNames(text: string, names: string[]): string[] {
  return names.map(name => freshName(text, name, ''));
}
