/**
 * limit-with-p-map: when the nearest package.json depends on `p-map` (and not on `p-limit`), replaces
 * `Promise.all(xs.map(fn))` with `pMap(xs, fn, { concurrency: N })`: the same results in the same order, and the
 * first rejection rejects.
 *
 * Offered on `unbounded-fanout` findings for `Promise.all` over `xs.map(fn)`, only if the project depends on p-map.
 * Adds `import pMap from 'p-map'` (or a `require` in CommonJS) when missing.
 *
 * Before:
 *     return $0Promise.all(ids.map(fetchUser));
 * After:
 *     return pMap(ids, fetchUser, { concurrency: 16 });
 */
import { SyntaxIndex } from '../syntax';
import { CodeActionProposal, freshName, offsetAt, QuickFixProvider, TextEdit } from './action';
import { ensureDefaultImport, mappedCollection, promiseCallAt } from './javascriptEdits';

export const limitWithPMap: QuickFixProvider = {
  id: 'limit-with-p-map',
  ruleIds: ['unbounded-fanout'],
  provide({ tree, text, family, finding, maxConcurrency, dependencies }): CodeActionProposal | undefined {
    if (family !== 'javascript' || !dependencies?.has('p-map') || dependencies.has('p-limit')) return undefined;
    const index = new SyntaxIndex(tree);
    const found = promiseCallAt(index, offsetAt(text, finding.range.start.line, finding.range.start.column));
    if (found?.method !== 'all') return undefined;
    const mapped = mappedCollection(found.call);
    if (!mapped) return undefined;
    const pMap = ensureDefaultImport(index, text, 'p-map', freshName(text, 'pMap', ''));
    const prefix = `${pMap.name}(${mapped.items.text}, ${mapped.fn.text}, { concurrency: `;
    const edits: TextEdit[] = [{ startIndex: found.call.startIndex, endIndex: found.call.endIndex, newText: `${prefix}${maxConcurrency} })` }];
    let shift = 0;
    if (pMap.edit) {
      edits.push(pMap.edit);
      if (pMap.edit.startIndex <= found.call.startIndex) shift = pMap.edit.newText.length;
    }
    const limitStart = found.call.startIndex + shift + prefix.length;
    return {
      id: this.id,
      title: `Limit to ${maxConcurrency} at once with p-map`,
      kind: 'quickfix',
      isPreferred: true,
      edits,
      limit: { startIndex: limitStart, endIndex: limitStart + String(maxConcurrency).length },
    };
  },
};
