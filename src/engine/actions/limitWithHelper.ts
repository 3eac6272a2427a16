/**
 * limit-with-helper: replaces `Promise.all(xs.map(fn))` (or `Promise.allSettled`) with a call to a small helper
 * that runs at most N calls of `fn` at once, inserted once per file and reused: results keep their order, the
 * first rejection rejects (the settled variant never rejects and reports each outcome, as `allSettled` does).
 * TypeScript files get it with types, JavaScript files without.
 *
 * Offered on an `unbounded-fanout` finding for `Promise.all` / `Promise.allSettled` over `xs.map(fn)` (no
 * `thisArg`) or `Array.from(xs, fn)` (`Array.from({ length: n }, fn)` too), or over a variable of the same function
 * holding one (`const uploads = files.map(read)`) whose only use is that call: the variable then holds the helper's
 * promise of all results (`await uploads`). Not offered for `Promise.any` / `Promise.race`, whose first-settles
 * meaning a pool would change.
 *
 * Before:
 *     return $0Promise.all(ids.map(fetchUser));
 * After:
 *     return mapWithConcurrency(ids, 16, fetchUser);
 *     ...
 *     async function mapWithConcurrency(items, limit, fn) { ... }
 */
import { SyntaxIndex } from '../syntax';
import { CodeActionProposal, offsetAt, QuickFixProvider, resultOffset, TextEdit } from './action';
import { mappedPromises, promiseCallAt, replaceWithHelperCall, topLevelHelper, usesSemicolons, writesTypes } from './javascriptEdits';

const helpers = {
  all: 'mapWithConcurrency',
  allSettled: 'mapSettledWithConcurrency',
} as const;

export const limitWithHelper: QuickFixProvider = {
  id: 'limit-with-helper',
  ruleIds: ['unbounded-fanout'],
  provide(context): CodeActionProposal | undefined {
    const { tree, text, family, finding, maxConcurrency } = context;
    if (family !== 'javascript') return undefined;
    const index = new SyntaxIndex(tree);
    const found = promiseCallAt(index, offsetAt(text, finding.range.start.line, finding.range.start.column));
    if (!found || (found.method !== 'all' && found.method !== 'allSettled')) return undefined;
    const mapped = mappedPromises(index, text, found.call);
    if (!mapped || (mapped.variable && !mapped.variable.onlyUse)) return undefined;

    const method = found.method as keyof typeof helpers;
    const typed = writesTypes(context);
    const helper = topLevelHelper(index, text, helpers[method], ['items', 'limit', 'fn'], found.call, name => helperSource(name, method, typed, usesSemicolons(text)));
    const head = `${helper.name}(${mapped.items}, `;
    const replaced = replaceWithHelperCall(found.call, mapped, { text: `${head}${maxConcurrency}, ${mapped.fn.text})`, limitAt: head.length });
    const edits: TextEdit[] = [...replaced.edits, ...(helper.edit ? [helper.edit] : [])];
    const limitStart = resultOffset(edits, replaced.limitEdit, replaced.limitAt);
    return {
      id: this.id,
      title: `Limit to ${maxConcurrency} at once with ${helper.name}()`,
      kind: 'quickfix',
      isPreferred: true,
      edits,
      limit: { startIndex: limitStart, endIndex: limitStart + String(maxConcurrency).length },
    };
  },
};

/**
 * The helper's source. It does not use Promise.all, so our own rule has nothing to say about it: a pool of `limit`
 * runners, each starting the next item when its current one settles.
 */
function helperSource(name: string, method: keyof typeof helpers, typed: boolean, semicolons: boolean): string {
  const settled = method === 'allSettled';
  const t = (typedText: string, plain = '') => (typed ? typedText : plain);
  const resultType = settled ? 'PromiseSettledResult<R>' : 'R';
  const lines = [
    settled
      ? '/** Like Promise.allSettled(items.map(fn)), with at most `limit` calls of `fn` running at once. */'
      : '/** Like Promise.all(items.map(fn)), with at most `limit` calls of `fn` running at once. */',
    `function ${name}${t('<T, R>')}(items${t(': Iterable<T>')}, limit${t(': number')}, fn${t(': (item: T, index: number) => R | PromiseLike<R>')})${t(`: Promise<${resultType}[]>`)} {`,
    '  const list = Array.from(items);',
    `  const results${t(`: ${resultType}[]`)} = new Array(list.length);`,
    settled ? '  return new Promise(resolve => {' : '  return new Promise((resolve, reject) => {',
    '    let started = 0;',
    '    let finished = 0;',
    '    if (list.length === 0) return resolve(results);',
    `    const startNext = ()${t(': void')} => {`,
    '      const index = started++;',
    '      Promise.resolve()',
    '        .then(() => fn(list[index], index))',
    settled
      ? '        .then(value => ({ status: \'fulfilled\' as const, value }), reason => ({ status: \'rejected\' as const, reason }))'
      : '',
    '        .then(outcome => {',
    '          results[index] = outcome;',
    '          if (++finished === list.length) resolve(results);',
    '          else if (started < list.length) startNext();',
    settled ? '        });' : '        }, reject);',
    '    };',
    '    for (let i = 0; i < Math.min(Math.max(1, limit), list.length); i++) startNext();',
    '  });',
    '}',
  ].filter(line => line !== '');
  const source = lines.map(line => (typed ? line : line.replace(/ as const/g, ''))).join('\n') + '\n';
  return semicolons ? source : source.replace(/;$/gm, '');
}
