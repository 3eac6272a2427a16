/**
 * producer-consumer: turns a fan-out under the cursor into a queue served by N workers. Python: the awaitables go
 * into an `asyncio.Queue` that N worker tasks drain (`join()`, workers cancelled at the end: the worker-queue fix).
 * JS/TS: N workers pull from one shared iterator over the items (`for (const [index, item] of entries)`), so each
 * item is taken exactly once. Results keep their order; the first failure fails.
 *
 * Offered with the cursor in an `asyncio.gather(*...)` over coroutines, or a `Promise.all` over what limit-with-helper
 * takes (`xs.map(fn)`, `Array.from(xs, fn)`, a variable holding one whose only use is the fan-out).
 *
 * Example (typescript):
 * ```
 * async function fetchUser(id: number): Promise<string> {
 *   await new Promise(resolve => setTimeout(resolve, 10));
 *   return `user ${id}`;
 * }
 *
 * async function loadUsers(ids: number[]): Promise<string[]> {
 *   return Promise.a$0ll(ids.map(fetchUser));
 * }
 *
 * loadUsers([1, 2, 3]).then(users => console.log(users));
 * ```
 * becomes:
 * ```
 * /** Like Promise.all(items.map(fn)) with `workerCount` workers taking items from one shared iterator. *\/
 * async function mapWithWorkers<T, R>(items: Iterable<T>, workerCount: number, fn: (item: T, index: number) => R | PromiseLike<R>): Promise<R[]> {
 *   const results: R[] = [];
 *   const entries = Array.from(items).entries();
 *   const worker = async (): Promise<void> => {
 *     for (const [index, item] of entries) results[index] = await fn(item, index);
 *   };
 *   // async-patterns-disable-next-line unbounded-fanout -- the workers themselves: `workerCount` of them
 *   await Promise.all(Array.from({ length: Math.max(1, workerCount) }, worker));
 *   return results;
 * }
 *
 * async function fetchUser(id: number): Promise<string> {
 *   await new Promise(resolve => setTimeout(resolve, 10));
 *   return `user ${id}`;
 * }
 *
 * async function loadUsers(ids: number[]): Promise<string[]> {
 *   return mapWithWorkers(ids, 16, fetchUser);
 * }
 *
 * loadUsers([1, 2, 3]).then(users => console.log(users));
 * ```
 *
 * Example (python):
 * ```
 * import asyncio
 *
 *
 * async def fetch(url):
 *     await asyncio.sleep(0.01)
 *     return url.upper()
 *
 *
 * async def main(urls):
 *     return await asyncio.gat$0her(*[fetch(u) for u in urls])
 *
 *
 * print(asyncio.run(main(["a", "b", "c"])))
 * ```
 * becomes:
 * ```
 * import asyncio
 *
 *
 * async def fetch(url):
 *     await asyncio.sleep(0.01)
 *     return url.upper()
 *
 *
 * async def main(urls):
 *     async def gather_with_workers(awaitables, worker_count, return_exceptions=False):
 *         """Awaits each awaitable with at most `worker_count` at once, via a queue; results in order, like gather."""
 *         queue = asyncio.Queue()
 *         for position, awaitable in enumerate(awaitables):
 *             queue.put_nowait((position, awaitable))
 *         results = [None] * queue.qsize()
 *         errors = []
 *
 *         async def worker():
 *             while True:
 *                 position, awaitable = await queue.get()
 *                 try:
 *                     results[position] = await awaitable
 *                 except Exception as error:
 *                     results[position] = error
 *                     errors.append(error)
 *                 finally:
 *                     queue.task_done()
 *
 *         # async-patterns: ignore[unbounded-fanout] -- the workers themselves: worker_count of them
 *         workers = [asyncio.create_task(worker()) for _ in range(worker_count)]
 *         try:
 *             await queue.join()
 *         finally:
 *             for running in workers:
 *                 running.cancel()
 *         if errors and not return_exceptions:
 *             raise errors[0]
 *         return results
 *
 *     return await gather_with_workers([fetch(u) for u in urls], 16)
 *
 *
 * print(asyncio.run(main(["a", "b", "c"])))
 * ```
 */
import { Finding } from '../finding';
import { Callees } from '../semantics/callees';
import { rangeOf, SyntaxIndex } from '../syntax';
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
    const callees = new Callees(family, index, text);
    const callType = family === 'python' ? 'call' : 'call_expression';
    const combinatorAt = (name: string) => chain.find(candidate => candidate.type === callType && callees.entryOfCall(candidate, 'combinator')?.name === name);
    if (family === 'python') {
      const call = combinatorAt('asyncio.gather');
      if (!call) return undefined;
      const finding: Finding = { ruleId: 'unbounded-fanout', messageId: '', message: '', severity: 'warning', range: rangeOf(call), related: [], data: {} };
      const proposal = workerQueue.provide({ ...context, finding });
      return proposal && { ...proposal, id: this.id, kind: 'refactor.rewrite', title };
    }
    const call = combinatorAt('Promise.all');
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
