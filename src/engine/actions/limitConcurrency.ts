/**
 * limit-concurrency: bounds any fan-out under the cursor (`asyncio.gather(*...)`, `Promise.all(xs.map(...))`),
 * flagged or not, with the same rewrite the quick fix would make: a shared `asyncio.Semaphore`, p-limit or p-map
 * when the project depends on them, or the limiting helper.
 *
 * Offered with the cursor anywhere in a `gather` / `asyncio.wait` / `as_completed` / `Promise.all` /
 * `Promise.allSettled` call the quick fixes can rewrite (so not over tasks made elsewhere, nor `Promise.any` /
 * `Promise.race`).
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
 * async def main():
 *     return await asyncio.gat$0her(*[fetch(u) for u in ["a", "b", "c"]])
 *
 *
 * print(asyncio.run(main()))
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
 * async def main():
 *     semaphore = asyncio.Semaphore(16)
 *
 *     async def run_limited(awaitable):
 *         async with semaphore:
 *             return await awaitable
 *
 *     return await asyncio.gather(*[run_limited(fetch(u)) for u in ["a", "b", "c"]])
 *
 *
 * print(asyncio.run(main()))
 * ```
 */
import { Finding } from '../finding';
import { Callees } from '../semantics/callees';
import { rangeOf, SyntaxIndex } from '../syntax';
import { CodeActionProposal } from './action';
import { limitWithHelper } from './limitWithHelper';
import { limitWithPLimit } from './limitWithPLimit';
import { limitWithPMap } from './limitWithPMap';
import { limitWithSemaphore } from './limitWithSemaphore';
import { nodeAtCursor, RefactoringProvider } from './refactoring';

const rewrites = [limitWithSemaphore, limitWithPLimit, limitWithPMap, limitWithHelper];

export const limitConcurrency: RefactoringProvider = {
  id: 'limit-concurrency',
  provide(context): CodeActionProposal | undefined {
    const { tree, text, family, selection } = context;
    const index = new SyntaxIndex(tree);
    // Like the other refactorings: a cursor at the end of a line belongs to what is just before it.
    const node = nodeAtCursor(index, text, selection.startIndex);
    if (!node) return undefined;
    const callType = family === 'python' ? 'call' : 'call_expression';
    const callees = new Callees(family, index, text);
    // Any of the catalogue's combinators: the rewrites below take those they can bound (not `Promise.race`, say).
    const call = [...index.ancestry(node)].reverse().find(candidate =>
      candidate.type === callType && candidate.endIndex >= selection.endIndex && callees.entryOfCall(candidate, 'combinator') !== undefined);
    if (!call) return undefined;
    const finding: Finding = { ruleId: 'unbounded-fanout', messageId: '', message: '', severity: 'warning', range: rangeOf(call), related: [], data: {} };
    for (const rewrite of rewrites) {
      const proposal = rewrite.provide({ ...context, finding });
      if (proposal) {
        return { ...proposal, id: this.id, kind: 'refactor.rewrite', isPreferred: false, title: `Limit concurrency: ${proposal.title.replace(/^Limit to/, 'at most')}` };
      }
    }
    return undefined;
  },
};
