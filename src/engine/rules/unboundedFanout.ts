/**
 * unbounded-fanout (documentation: docs/rules/unbounded-fanout.md, kept equal to the block below by a test)
 *
 * # unbounded-fanout
 *
 * ## What it does
 * Flags code that starts one task per element of a collection whose size is unknown (a parameter, a query result,
 * `os.listdir`, `readdir`, `Object.keys`) or known to be larger than `asyncPatterns.fanout.maxConcurrency` (16 by
 * default), when nothing limits how many of those tasks run at once:
 *
 * - JavaScript/TypeScript: `Promise.all`, `Promise.allSettled`, `Promise.any` and `Promise.race` over `xs.map(...)`,
 *   `Array.from(xs, fn)`, `[...xs].map(...)`, a variable holding such an array, or an array that a loop pushes promises
 *   into before they are awaited together.
 * - Python: `asyncio.gather(*...)`, `asyncio.wait(...)` and `asyncio.as_completed(...)` over comprehensions, generator
 *   expressions, `map(...)` or a list of coroutines or tasks; `create_task` (`asyncio.create_task`, `tg.create_task`)
 *   or `asyncio.ensure_future` inside a loop over a collection.
 *
 * It also flags a limiter created inside each task (`pLimit(4)` or `asyncio.Semaphore(5)` built per call): every task
 * gets its own, so nothing is limited.
 *
 * Work that is already bounded is not flagged: literal or provably small collections (`[1, 2, 3]`, `range(3)`,
 * `Array.from({ length: 5 })`, `xs.slice(0, 5)`, `urls[:5]`), chunks (`itertools.batched(xs, 10)`, a
 * `for (let i = 0; i < xs.length; i += 10)` loop over `xs.slice(i, i + 10)`), tasks that take a shared semaphore or
 * limiter (also inside a function of the same file they call), `p-map`, `p-queue`, `async.mapLimit`, Bluebird's `map`
 * with `concurrency`, `aiometer`, and a fixed number of queue workers.
 *
 * ## Why is this bad?
 * Every task starts at once. With a thousand ids that is a thousand sockets, file descriptors or database connections
 * opened together: pools run dry, servers rate-limit or refuse you, memory spikes, and the first failure arrives while
 * everything else is still in flight. It works in tests with ten items and fails in production with ten thousand.
 *
 * ## Example
 * ```python
 * import asyncio
 *
 *
 * async def load_orders(session, order_ids):
 *     return await asyncio.gather(*[fetch_order(session, o) for o in order_ids])
 * ```
 *
 * ```ts
 * export async function loadUsers(ids: string[]): Promise<User[]> {
 *   return Promise.all(ids.map(fetchUser));
 * }
 * ```
 *
 * ## Use instead
 * Share one limiter between all the tasks, created once, before the fan-out:
 *
 * ```python
 * import asyncio
 *
 *
 * async def load_orders(session, order_ids, limit=16):
 *     semaphore = asyncio.Semaphore(limit)
 *
 *     async def fetch_one(order_id):
 *         async with semaphore:
 *             return await fetch_order(session, order_id)
 *
 *     return await asyncio.gather(*[fetch_one(o) for o in order_ids])
 * ```
 *
 * or start a fixed number of workers that take the items from a queue:
 *
 * ```python
 * import asyncio
 *
 * WORKERS = 16
 *
 *
 * async def load_orders(session, order_ids):
 *     queue = asyncio.Queue()
 *     for order_id in order_ids:
 *         queue.put_nowait(order_id)
 *     orders = {}
 *
 *     async def worker():
 *         while not queue.empty():
 *             order_id = queue.get_nowait()
 *             orders[order_id] = await fetch_order(session, order_id)
 *
 *     await asyncio.gather(*[worker() for _ in range(WORKERS)])
 *     return [orders[o] for o in order_ids]
 * ```
 *
 * In JavaScript and TypeScript, share one [`p-limit`](https://github.com/sindresorhus/p-limit) limiter:
 *
 * ```ts
 * import pLimit from 'p-limit';
 *
 * const limit = pLimit(16);
 *
 * export async function loadUsers(ids: string[]): Promise<User[]> {
 *   return Promise.all(ids.map(id => limit(() => fetchUser(id))));
 * }
 * ```
 *
 * or map with [`p-map`](https://github.com/sindresorhus/p-map) and a `concurrency`:
 *
 * ```ts
 * import pMap from 'p-map';
 *
 * export async function loadUsers(ids: string[]): Promise<User[]> {
 *   return pMap(ids, fetchUser, { concurrency: 16 });
 * }
 * ```
 *
 * ## Options
 * - `asyncPatterns.fanout.maxConcurrency` (default `16`; CLI: `--max-concurrency N`): collections known to be larger
 *   than this are flagged; collections of unknown size always are. It is also the limit the quick fixes write.
 * - `asyncPatterns.fanout.severity` (default `warning`): `error`, `warning`, `information` or `hint`.
 * - `asyncPatterns.fanout.enable` (default `true`): set it to `false` to turn the rule off.
 *
 * ## When not to use it
 * When a collection is small for reasons the code does not show (a configuration list of three regions read from a
 * file), suppress the finding where it is, on the line before or on the same line:
 *
 * ```ts
 * export async function checkRegions(regions: string[]) {
 *   // async-patterns-disable-next-line unbounded-fanout
 *   const latencies = await Promise.all(regions.map(ping));
 *   const statuses = await Promise.all(regions.map(status)); // async-patterns-disable-line unbounded-fanout
 *   return { latencies, statuses };
 * }
 * ```
 *
 * ```python
 * import asyncio
 *
 *
 * async def check_regions(regions):
 *     # async-patterns: ignore[unbounded-fanout]
 *     latencies = await asyncio.gather(*[ping(r) for r in regions])
 *     statuses = await asyncio.gather(*[status(r) for r in regions])  # async-patterns: ignore[unbounded-fanout]
 *     return latencies, statuses
 * ```
 *
 * ## References
 * - [`asyncio.gather`](https://docs.python.org/3/library/asyncio-task.html#asyncio.gather),
 *   [`asyncio.Semaphore`](https://docs.python.org/3/library/asyncio-sync.html#asyncio.Semaphore),
 *   [`asyncio.TaskGroup`](https://docs.python.org/3/library/asyncio-task.html#asyncio.TaskGroup),
 *   [`asyncio.Queue`](https://docs.python.org/3/library/asyncio-queue.html#asyncio.Queue)
 * - [`Promise.all` on MDN](https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Promise/all)
 * - [`p-limit`](https://github.com/sindresorhus/p-limit), [`p-map`](https://github.com/sindresorhus/p-map)
 */
import type { Node } from 'web-tree-sitter';
import { findJavaScriptFanOuts, limiterPackageMentioned, prepareJavaScriptFanOuts } from '../fanout/javascript';
import { findPythonFanOuts, preparePythonFanOuts } from '../fanout/python';
import { FanOut } from '../fanout/types';
import { Rule, RuleContext } from '../rule';
import { rangeOf, shortText } from '../syntax';

export const unboundedFanout: Rule = {
  meta: {
    id: 'unbounded-fanout',
    description: 'Flags one task per element of a large or unknown-size collection started with no concurrency limit.',
    languages: ['python', 'javascript'],
    defaultSeverity: 'warning',
    messages: {
      unknownSize: '`{callee}` starts one task per element of `{collection}` (size unknown) with no concurrency limit',
      largeSize: '`{callee}` starts one task per element of `{collection}` ({size} elements, more than {max}) with no concurrency limit',
      perTaskLimiter: '`{limiter}` is created once per task, so each task gets its own and nothing is limited: create it once, before `{callee}`, and share it',
    },
  },
  check(context) {
    const scope = { ranges: context.ranges, noteDependency: context.noteDependency };
    const fanOuts = context.family === 'python'
      ? findPythonFanOuts(context.tree, context.text, scope)
      : findJavaScriptFanOuts(context.tree, context.text, scope);
    for (const fanOut of fanOuts) reportIfUnbounded(fanOut, context);
  },
  fileFacts: [limiterPackageMentioned],
  prepare: (tree, text, family, manyChecks) => (family === 'python' ? preparePythonFanOuts(tree, text, manyChecks) : prepareJavaScriptFanOuts(tree, text, manyChecks)),
};

function reportIfUnbounded(fanOut: FanOut, context: RuleContext): void {
  const { size, limit } = fanOut;
  const max = context.options.maxConcurrency;
  if (size.kind === 'known' && size.count <= max) return;
  if (limit.kind === 'shared') return;
  const collection = shortText(fanOut.collection);
  const related = size.kind === 'unknown' && size.origin ? [originNote(size.origin, collection)] : [];
  if (limit.kind === 'perTask') {
    context.report({ node: fanOut.call, messageId: 'perTaskLimiter', data: { limiter: shortText(limit.limiter, 60), callee: fanOut.callee, collection }, related });
    return;
  }
  if (size.kind === 'known') {
    context.report({ node: fanOut.call, messageId: 'largeSize', data: { callee: fanOut.callee, collection, size: size.count, max } });
    return;
  }
  context.report({ node: fanOut.call, messageId: 'unknownSize', data: { callee: fanOut.callee, collection }, related });
}

function originNote(origin: Node, collection: string) {
  return { range: rangeOf(origin), message: `\`${collection}\` comes from here; nothing bounds its size` };
}
