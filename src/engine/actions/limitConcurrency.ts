/**
 * limit-concurrency: bounds any fan-out under the cursor (`asyncio.gather(*...)`, `Promise.all(xs.map(...))`),
 * flagged or not, with the same rewrite the quick fix would make: a shared `asyncio.Semaphore`, p-limit or p-map
 * when the project depends on them, or the limiting helper.
 *
 * Offered with the cursor anywhere in a `gather` / `asyncio.wait` / `as_completed` / `Promise.all` /
 * `Promise.allSettled` call the quick fixes can rewrite (so not over tasks made elsewhere, nor `Promise.any` /
 * `Promise.race`).
 *
 * Before:
 *     await asyncio.gat$0her(*[fetch(u) for u in ["a", "b", "c"]])
 * After:
 *     semaphore = asyncio.Semaphore(16)
 *     ...
 *     await asyncio.gather(*[run_limited(fetch(u)) for u in ["a", "b", "c"]])
 */
import { Finding } from '../finding';
import { rangeOf, SyntaxIndex } from '../syntax';
import { CodeActionProposal } from './action';
import { limitWithHelper } from './limitWithHelper';
import { limitWithPLimit } from './limitWithPLimit';
import { limitWithPMap } from './limitWithPMap';
import { limitWithSemaphore } from './limitWithSemaphore';
import { nodeAtCursor, RefactoringProvider } from './refactoring';

const rewrites = [limitWithSemaphore, limitWithPLimit, limitWithPMap, limitWithHelper];
const fanOutCall = { python: /(^|\.)(gather|wait|as_completed)$/, javascript: /^Promise\s*\.\s*(all|allSettled)$/ };

export const limitConcurrency: RefactoringProvider = {
  id: 'limit-concurrency',
  provide(context): CodeActionProposal | undefined {
    const { tree, text, family, selection } = context;
    const index = new SyntaxIndex(tree);
    // Like the other refactorings: a cursor at the end of a line belongs to what is just before it.
    const node = nodeAtCursor(index, text, selection.startIndex);
    if (!node) return undefined;
    const callType = family === 'python' ? 'call' : 'call_expression';
    const call = [...index.ancestry(node)].reverse().find(candidate =>
      candidate.type === callType && fanOutCall[family].test(candidate.childForFieldName('function')?.text ?? '') &&
      candidate.endIndex >= selection.endIndex);
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
