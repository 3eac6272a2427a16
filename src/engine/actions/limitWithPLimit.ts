/**
 * limit-with-p-limit: when the nearest package.json depends on `p-limit`, bounds `Promise.all(xs.map(fn))` (or
 * `allSettled`) with one `pLimit(N)` instance created before the fan-out, applied to each call. Results, order and
 * rejections are those of the original `Promise.all`.
 *
 * Offered on `unbounded-fanout` findings for `Promise.all` / `Promise.allSettled` over `xs.map(fn)`, only if the
 * project depends on p-limit. Adds `import pLimit from 'p-limit'` (or a `require` in CommonJS) when missing.
 *
 * Before:
 *     return $0Promise.all(ids.map(id => fetchUser(id)));
 * After:
 *     const limit = pLimit(16);
 *     return Promise.all(ids.map(id => limit(() => fetchUser(id))));
 */
import type { Node } from 'web-tree-sitter';
import { field, SyntaxIndex } from '../syntax';
import { CodeActionProposal, freshName, lineAround, offsetAt, QuickFixProvider, TextEdit } from './action';
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
    const statement = statementAround(index, found.call);
    const line = lineAround(text, statement.startIndex);
    const declaration = `${line.indent}const ${limit} = ${factory.name}(`;
    const edits: TextEdit[] = [
      { startIndex: line.start, endIndex: line.start, newText: `${declaration}${maxConcurrency})${usesSemicolons(text) ? ';' : ''}\n` },
      wrapCallback(mapped.fn, limit, text),
    ];
    let shift = 0;
    if (factory.edit) {
      edits.push(factory.edit);
      if (factory.edit.startIndex <= line.start) shift = factory.edit.newText.length;
    }
    const limitStart = line.start + shift + declaration.length;
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
