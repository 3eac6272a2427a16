/**
 * process-in-batches: replaces `Promise.all(xs.map(fn))` with `mapInBatches(xs, N, fn)`, a helper inserted once per
 * file that runs N at a time and starts the next batch when the whole batch has finished. Simpler to reason about than
 * a pool (a batch is a unit: handy for rate limits per window), at the cost of waiting for each batch's slowest call.
 * Results keep their order; the first rejection rejects.
 *
 * Offered on `unbounded-fanout` findings for `Promise.all` over what limit-with-helper takes (`xs.map(fn)`,
 * `Array.from(xs, fn)`, a variable holding one whose only use is the fan-out).
 *
 * Before:
 *     return $0Promise.all(ids.map(fetchUser));
 * After:
 *     return mapInBatches(ids, 16, fetchUser);
 */
import { SyntaxIndex } from '../syntax';
import { CodeActionProposal, offsetAt, QuickFixProvider, resultOffset, TextEdit } from './action';
import { mappedPromises, promiseCallAt, replaceWithHelperCall, topLevelHelper, usesSemicolons, writesTypes } from './javascriptEdits';

export const processInBatches: QuickFixProvider = {
  id: 'process-in-batches',
  ruleIds: ['unbounded-fanout'],
  provide(context): CodeActionProposal | undefined {
    const { tree, text, family, finding, maxConcurrency } = context;
    if (family !== 'javascript') return undefined;
    const index = new SyntaxIndex(tree);
    const found = promiseCallAt(index, offsetAt(text, finding.range.start.line, finding.range.start.column));
    if (found?.method !== 'all') return undefined;
    const mapped = mappedPromises(index, text, found.call);
    if (!mapped || (mapped.variable && !mapped.variable.onlyUse)) return undefined;
    const helper = topLevelHelper(index, text, 'mapInBatches', ['items', 'size', 'fn'], found.call, name => helperSource(name, writesTypes(context), usesSemicolons(text)));
    const head = `${helper.name}(${mapped.items}, `;
    const replaced = replaceWithHelperCall(found.call, mapped, { text: `${head}${maxConcurrency}, ${mapped.fn.text})`, limitAt: head.length });
    const edits: TextEdit[] = [...replaced.edits, ...(helper.edit ? [helper.edit] : [])];
    const limitStart = resultOffset(edits, replaced.limitEdit, replaced.limitAt);
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

function helperSource(name: string, typed: boolean, semicolons: boolean): string {
  const t = (typedText: string) => (typed ? typedText : '');
  const source = [
    '/** Like Promise.all(items.map(fn)), in batches of `size`: each batch runs together, the next starts after it. */',
    `async function ${name}${t('<T, R>')}(items${t(': Iterable<T>')}, size${t(': number')}, fn${t(': (item: T, index: number) => R | PromiseLike<R>')})${t(': Promise<R[]>')} {`,
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
