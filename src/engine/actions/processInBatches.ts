/**
 * process-in-batches: replaces `Promise.all(xs.map(fn))` with `mapInBatches(xs, N, fn)`, a helper inserted once per
 * file that runs N at a time and starts the next batch when the whole batch has finished. Simpler to reason about than
 * a pool (a batch is a unit: handy for rate limits per window), at the cost of waiting for each batch's slowest call.
 * Results keep their order; the first rejection rejects.
 *
 * Offered on `unbounded-fanout` findings for `Promise.all` over `xs.map(fn)`.
 *
 * Before:
 *     return $0Promise.all(ids.map(fetchUser));
 * After:
 *     return mapInBatches(ids, 16, fetchUser);
 */
import { SyntaxIndex } from '../syntax';
import { CodeActionProposal, offsetAt, QuickFixProvider, TextEdit } from './action';
import { afterImports, helperInsertion, mappedCollection, promiseCallAt, usesSemicolons } from './javascriptEdits';

export const processInBatches: QuickFixProvider = {
  id: 'process-in-batches',
  ruleIds: ['unbounded-fanout'],
  provide({ tree, text, family, grammar, finding, maxConcurrency }): CodeActionProposal | undefined {
    if (family !== 'javascript') return undefined;
    const index = new SyntaxIndex(tree);
    const found = promiseCallAt(index, offsetAt(text, finding.range.start.line, finding.range.start.column));
    if (found?.method !== 'all') return undefined;
    const mapped = mappedCollection(found.call);
    if (!mapped) return undefined;
    const prefix = `mapInBatches(${mapped.items.text}, `;
    const edits: TextEdit[] = [{ startIndex: found.call.startIndex, endIndex: found.call.endIndex, newText: `${prefix}${maxConcurrency}, ${mapped.fn.text})` }];
    let shift = 0;
    if (!/function\s+mapInBatches\b/.test(text)) {
      const at = afterImports(index, text);
      const typed = grammar === 'typescript' || (grammar === 'tsx' && /:\s*(string|number|Promise<)/.test(text));
      const helper = helperInsertion(text, at, helperSource(typed, usesSemicolons(text)));
      edits.push({ startIndex: at, endIndex: at, newText: helper });
      if (at <= found.call.startIndex) shift = helper.length;
    }
    const limitStart = found.call.startIndex + shift + prefix.length;
    return {
      id: this.id,
      title: `Process in batches of ${maxConcurrency}`,
      kind: 'quickfix',
      isPreferred: false,
      edits,
      limit: { startIndex: limitStart, endIndex: limitStart + String(maxConcurrency).length },
    };
  },
};

function helperSource(typed: boolean, semicolons: boolean): string {
  const t = (typedText: string) => (typed ? typedText : '');
  const source = [
    '/** Like Promise.all(items.map(fn)), in batches of `size`: each batch runs together, the next starts after it. */',
    `async function mapInBatches${t('<T, R>')}(items${t(': Iterable<T>')}, size${t(': number')}, fn${t(': (item: T, index: number) => R | PromiseLike<R>')})${t(': Promise<R[]>')} {`,
    '  const list = Array.from(items);',
    `  const results${t(': R[]')} = [];`,
    '  for (let start = 0; start < list.length; start += size) {',
    '    const batch = list.slice(start, start + size);',
    '    // async-patterns-disable-next-line unbounded-fanout -- one batch: `size` at a time',
    '    results.push(...(await Promise.all(batch.map((item, offset) => fn(item, start + offset)))));',
    '  }',
    '  return results;',
    '}',
  ].join('\n') + '\n';
  return semicolons ? source : source.replace(/;$/gm, '');
}
