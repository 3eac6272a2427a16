/**
 * worker-queue: runs a gathered fan-out through an `asyncio.Queue` served by N workers instead: the queue holds the
 * awaitables, N worker tasks take them one at a time, `join()` waits for all, and the workers are cancelled at the
 * end. Results keep their order; the first exception is raised as `gather` would (or, with
 * `return_exceptions=True`, returned in its place).
 *
 * Offered on `gather(*...)` where limit-with-semaphore is, when the elements are coroutines (not tasks already
 * started, which a queue cannot hold back): over a comprehension, a generator, `map(f, xs)`, or a list variable of
 * the same function built by a comprehension or by `append` in a loop.
 *
 * Before:
 *     return await $0asyncio.gather(*[fetch(u) for u in urls])
 * After:
 *     async def gather_with_workers(awaitables, worker_count, return_exceptions=False):
 *         ...
 *     return await gather_with_workers([fetch(u) for u in urls], 16)
 */
import { field, namedChildren, SyntaxIndex } from '../syntax';
import { asyncioImport, CodeActionProposal, indentUnit, lineAround, offsetAt, QuickFixProvider, TextEdit } from './action';
import { freshPythonName } from './freshNames';
import { coroutineSites } from './pythonCoroutines';
import { statementToInsertBefore } from './pythonEdits';

export const workerQueue: QuickFixProvider = {
  id: 'worker-queue',
  ruleIds: ['unbounded-fanout'],
  provide({ tree, text, family, finding, maxConcurrency }): CodeActionProposal | undefined {
    if (family !== 'python') return undefined;
    const index = new SyntaxIndex(tree);
    const start = offsetAt(text, finding.range.start.line, finding.range.start.column);
    const node = index.nodeAt(start);
    const call = node && [...index.ancestry(node)].reverse().find(candidate => candidate.type === 'call' && candidate.startIndex === start);
    if (!call || !/(^|\.)gather$/.test(field(call, 'function')?.text ?? '')) return undefined;
    const args = namedChildren(field(call, 'arguments') ?? call).filter(arg => arg.type !== 'comment');
    const splats = args.filter(arg => arg.type === 'list_splat');
    const others = args.filter(arg => arg.type !== 'list_splat' && arg.type !== 'keyword_argument');
    const keywords = args.filter(arg => arg.type === 'keyword_argument');
    if (splats.length !== 1 || others.length || keywords.some(k => field(k, 'name')?.text !== 'return_exceptions')) return undefined;
    const sites = coroutineSites(index, text, call);
    const collection = sites?.collection;
    if (!sites || !collection || sites.startedAsTasks) return undefined;

    const statement = statementToInsertBefore(index, text, call);
    if (!statement) return undefined;
    const helper = freshPythonName(index, text, statement, 'gather_with_workers');
    const line = lineAround(text, statement.startIndex);
    const asyncio = asyncioImport(text);
    if (!asyncio) return undefined;
    const returnExceptions = keywords[0] ? `, ${keywords[0].text}` : '';
    const prefix = `${helper}(${collection.type === 'generator_expression' ? `[${collection.text.slice(1, -1)}]` : collection.text}, `;
    const edits: TextEdit[] = [
      { startIndex: line.start, endIndex: line.start, newText: helperSource(helper, asyncio.name, line.indent, indentUnit(text)) },
      { startIndex: call.startIndex, endIndex: call.endIndex, newText: `${prefix}${maxConcurrency}${returnExceptions})` },
    ];
    if (asyncio.edit) edits.push(asyncio.edit);
    return { id: this.id, title: `Run through a queue with ${maxConcurrency} workers`, kind: 'quickfix', isPreferred: false, edits };
  },
};

function helperSource(name: string, asyncio: string, indent: string, unit: string): string {
  const lines = [
    `async def ${name}(awaitables, worker_count, return_exceptions=False):`,
    `${unit}"""Awaits each awaitable with at most \`worker_count\` at once, via a queue; results in order, like gather."""`,
    `${unit}queue = ${asyncio}.Queue()`,
    `${unit}for position, awaitable in enumerate(awaitables):`,
    `${unit}${unit}queue.put_nowait((position, awaitable))`,
    `${unit}results = [None] * queue.qsize()`,
    `${unit}errors = []`,
    '',
    `${unit}async def worker():`,
    `${unit}${unit}while True:`,
    `${unit}${unit}${unit}position, awaitable = await queue.get()`,
    `${unit}${unit}${unit}try:`,
    `${unit}${unit}${unit}${unit}results[position] = await awaitable`,
    `${unit}${unit}${unit}except Exception as error:`,
    `${unit}${unit}${unit}${unit}results[position] = error`,
    `${unit}${unit}${unit}${unit}errors.append(error)`,
    `${unit}${unit}${unit}finally:`,
    `${unit}${unit}${unit}${unit}queue.task_done()`,
    '',
    `${unit}# async-patterns: ignore[unbounded-fanout] -- the workers themselves: worker_count of them`,
    `${unit}workers = [${asyncio}.create_task(worker()) for _ in range(worker_count)]`,
    `${unit}try:`,
    `${unit}${unit}await queue.join()`,
    `${unit}finally:`,
    `${unit}${unit}for running in workers:`,
    `${unit}${unit}${unit}running.cancel()`,
    `${unit}if errors and not return_exceptions:`,
    `${unit}${unit}raise errors[0]`,
    `${unit}return results`,
  ];
  return lines.map(l => (l ? `${indent}${l}` : '')).join('\n') + '\n\n';
}
