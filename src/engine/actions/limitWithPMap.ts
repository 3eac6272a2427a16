/**
 * limit-with-p-map: when the nearest package.json depends on `p-map` (and not on `p-limit`), replaces
 * `Promise.all(xs.map(fn))` with `pMap(xs, fn, { concurrency: N })`: the same results in the same order, and the
 * first rejection rejects.
 *
 * Offered on `unbounded-fanout` findings for `Promise.all` over what limit-with-helper takes (`xs.map(fn)`,
 * `Array.from(xs, fn)`, a variable holding one whose only use is the fan-out), only if the project depends on p-map,
 * and only in ES modules or files that already import or require it (p-map 5+ is ESM-only). Adds
 * `import pMap from 'p-map'` when missing.
 *
 * Before:
 *     return $0Promise.all(ids.map(fetchUser));
 * After:
 *     return pMap(ids, fetchUser, { concurrency: 16 });
 */
import { SyntaxIndex } from '../syntax';
import { CodeActionProposal, offsetAt, QuickFixProvider, resultOffset, TextEdit } from './action';
import { ensureDefaultImport, isEsModule, mappedPromises, promiseCallAt, replaceWithHelperCall } from './javascriptEdits';

export const limitWithPMap: QuickFixProvider = {
  id: 'limit-with-p-map',
  ruleIds: ['unbounded-fanout'],
  provide(context): CodeActionProposal | undefined {
    const { tree, text, family, finding, maxConcurrency, dependencies } = context;
    if (family !== 'javascript' || !dependencies?.has('p-map') || dependencies.has('p-limit')) return undefined;
    const index = new SyntaxIndex(tree);
    const found = promiseCallAt(index, offsetAt(text, finding.range.start.line, finding.range.start.column));
    if (found?.method !== 'all') return undefined;
    const mapped = mappedPromises(index, text, found.call);
    if (!mapped || (mapped.variable && !mapped.variable.onlyUse)) return undefined;
    const pMap = ensureDefaultImport(index, text, 'p-map', 'pMap', isEsModule(index, context), found.call);
    if (!pMap) return undefined;
    const head = `${pMap.name}(${mapped.items}, ${mapped.fn.text}, { concurrency: `;
    const replaced = replaceWithHelperCall(found.call, mapped, { text: `${head}${maxConcurrency} })`, limitAt: head.length });
    const edits: TextEdit[] = [...replaced.edits, ...(pMap.edit ? [pMap.edit] : [])];
    const limitStart = resultOffset(edits, replaced.limitEdit, replaced.limitAt);
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
