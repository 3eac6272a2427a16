/**
 * producer-consumer: turns a fan-out under the cursor into a queue served by N workers. Python: the awaitables go
 * into an `asyncio.Queue` that N worker tasks drain (`join()`, workers cancelled at the end: the worker-queue fix).
 * JS/TS: N workers pull from one shared iterator over the items (`for (const [index, item] of entries)`), so each
 * item is taken exactly once. Results keep their order; the first failure fails.
 *
 * Offered with the cursor in an `asyncio.gather(*...)` over coroutines, or a `Promise.all` over what limit-with-helper
 * takes (`xs.map(fn)`, `Array.from(xs, fn)`, a variable holding one whose only use is the fan-out).
 *
 * Before:
 *     return Promise.a$0ll(ids.map(fetchUser));
 * After:
 *     return mapWithWorkers(ids, 16, fetchUser);
 */
import { Finding } from '../finding';
import { field, rangeOf, SyntaxIndex } from '../syntax';
import { CodeActionProposal, TextEdit } from './action';
import { mappedPromises, replaceWithHelperCall, topLevelHelper, usesSemicolons, writesTypes } from './javascriptEdits';
import { nodeAtCursor, RefactoringProvider } from './refactoring';
import { workerQueue } from './workerQueue';

export const producerConsumer: RefactoringProvider = {
  id: 'producer-consumer',
  provide(context): CodeActionProposal | undefined {
    const { tree, text, family, selection, maxConcurrency } = context;
    const index = new SyntaxIndex(tree);
    const node = nodeAtCursor(index, text, selection.startIndex);
    if (!node) return undefined;
    const chain = [...index.ancestry(node)].reverse();
    const title = `Convert to a queue with ${maxConcurrency} workers`;
    if (family === 'python') {
      const call = chain.find(candidate => candidate.type === 'call' && /(^|\.)gather$/.test(field(candidate, 'function')?.text ?? ''));
      if (!call) return undefined;
      const finding: Finding = { ruleId: 'unbounded-fanout', messageId: '', message: '', severity: 'warning', range: rangeOf(call), related: [], data: {} };
      const proposal = workerQueue.provide({ ...context, finding });
      return proposal && { ...proposal, id: this.id, kind: 'refactor.rewrite', title };
    }
    const call = chain.find(candidate => candidate.type === 'call_expression' && /^Promise\s*\.\s*all$/.test(field(candidate, 'function')?.text ?? ''));
    const mapped = call && mappedPromises(index, text, call);
    if (!call || !mapped || (mapped.variable && !mapped.variable.onlyUse)) return undefined;
    const helper = topLevelHelper(index, text, 'mapWithWorkers', ['items', 'workerCount', 'fn'], call, name => helperSource(name, writesTypes(context), usesSemicolons(text)));
    const head = `${helper.name}(${mapped.items}, `;
    const replaced = replaceWithHelperCall(call, mapped, { text: `${head}${maxConcurrency}, ${mapped.fn.text})`, limitAt: head.length });
    const edits: TextEdit[] = [...replaced.edits, ...(helper.edit ? [helper.edit] : [])];
    return { id: this.id, title, kind: 'refactor.rewrite', isPreferred: false, edits };
  },
};

function helperSource(name: string, typed: boolean, semicolons: boolean): string {
  const t = (typedText: string) => (typed ? typedText : '');
  const source = [
    '/** Like Promise.all(items.map(fn)) with `workerCount` workers taking items from one shared iterator. */',
    `async function ${name}${t('<T, R>')}(items${t(': Iterable<T>')}, workerCount${t(': number')}, fn${t(': (item: T, index: number) => R | PromiseLike<R>')})${t(': Promise<R[]>')} {`,
    `  const results${t(': R[]')} = [];`,
    '  const entries = Array.from(items).entries();',
    `  const worker = async ()${t(': Promise<void>')} => {`,
    '    for (const [index, item] of entries) results[index] = await fn(item, index);',
    '  };',
    '  // async-patterns-disable-next-line unbounded-fanout -- the workers themselves: `workerCount` of them',
    '  await Promise.all(Array.from({ length: Math.max(1, workerCount) }, worker));',
    '  return results;',
    '}',
  ].join('\n') + '\n';
  return semicolons ? source : source.replace(/;$/gm, '');
}
