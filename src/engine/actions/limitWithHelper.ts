/**
 * limit-with-helper: replaces `Promise.all(xs.map(fn))` (or `Promise.allSettled`) with a call to a small helper
 * that runs at most N calls of `fn` at once, inserted once per file and reused: results keep their order, the
 * first rejection rejects (the settled variant never rejects and reports each outcome, as `allSettled` does).
 *
 * Offered on an `unbounded-fanout` finding for `Promise.all` / `Promise.allSettled` over `xs.map(fn)` (no
 * `thisArg`). Not offered for `Promise.any` / `Promise.race`, whose first-settles meaning a pool would change.
 *
 * Before:
 *     return $0Promise.all(ids.map(fetchUser));
 * After:
 *     return mapWithConcurrency(ids, 16, fetchUser);
 *     ...
 *     async function mapWithConcurrency(items, limit, fn) { ... }
 */
import { SyntaxIndex } from '../syntax';
import { CodeActionProposal, offsetAt, QuickFixProvider, TextEdit } from './action';
import { afterImports, helperInsertion, mappedCollection, promiseCallAt, usesSemicolons } from './javascriptEdits';

const helpers = {
  all: 'mapWithConcurrency',
  allSettled: 'mapSettledWithConcurrency',
} as const;

export const limitWithHelper: QuickFixProvider = {
  id: 'limit-with-helper',
  ruleIds: ['unbounded-fanout'],
  provide({ tree, text, family, grammar, finding, maxConcurrency }): CodeActionProposal | undefined {
    if (family !== 'javascript') return undefined;
    const index = new SyntaxIndex(tree);
    const found = promiseCallAt(index, offsetAt(text, finding.range.start.line, finding.range.start.column));
    if (!found || (found.method !== 'all' && found.method !== 'allSettled')) return undefined;
    const { call } = found;
    const method = found.method as keyof typeof helpers;
    const mapped = mappedCollection(call);
    if (!mapped) return undefined;

    const helper = helpers[method];
    // TSX files and JSX files share a grammar: a file that writes types gets the typed helper.
    const typed = grammar === 'typescript' || (grammar === 'tsx' && usesTypes(text));
    const replacement = `${helper}(${mapped.items.text}, ${maxConcurrency}, ${mapped.fn.text})`;
    const edits: TextEdit[] = [{ startIndex: call.startIndex, endIndex: call.endIndex, newText: replacement }];
    let shift = 0;
    if (!new RegExp(`function\\s+${helper}\\b`).test(text)) {
      const at = afterImports(index, text);
      const source = helperInsertion(text, at, helperSource(method, typed, usesSemicolons(text)));
      edits.push({ startIndex: at, endIndex: at, newText: source });
      if (at <= call.startIndex) shift = source.length;
    }
    const limitStart = call.startIndex + shift + `${helper}(${mapped.items.text}, `.length;
    return {
      id: this.id,
      title: `Limit to ${maxConcurrency} at once with ${helper}()`,
      kind: 'quickfix',
      isPreferred: true,
      edits,
      limit: { startIndex: limitStart, endIndex: limitStart + String(maxConcurrency).length },
    };
  },
};

function usesTypes(text: string): boolean {
  return /:\s*(?:string|number|boolean|Promise<|[A-Z]\w*(?:<[^>]*>)?\[\])/.test(text);
}

/**
 * The helper's source. It does not use Promise.all, so our own rule has nothing to say about it: a pool of `limit`
 * runners, each starting the next item when its current one settles.
 */
function helperSource(method: keyof typeof helpers, typed: boolean, semicolons: boolean): string {
  const settled = method === 'allSettled';
  const name = helpers[method];
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
