/**
 * limit-with-semaphore: bounds a Python fan-out with one shared `asyncio.Semaphore(N)`, created where the fan-out
 * is, wrapping each coroutine as it is made, so at most N run at once. Results keep their order, exceptions and
 * `return_exceptions` are unchanged.
 *
 * Offered on an `unbounded-fanout` finding for `gather(*...)`, `asyncio.wait(...)` or `asyncio.as_completed(...)`
 * over a comprehension, a generator, `map(f, xs)`, or a list variable of the same function built by a comprehension
 * or by `append` in a loop; and for `create_task` / `tg.create_task` / `ensure_future` in a loop. A task started with
 * `create_task(coro)` gets `create_task(run_limited(coro))`: it starts where it did, and waits for the semaphore
 * before running its coroutine (a semaphore taken after the task started would limit nothing).
 *
 * Before:
 *     async def main(urls):
 *         return await $0asyncio.gather(*[fetch(u) for u in urls])
 * After:
 *     async def main(urls):
 *         semaphore = asyncio.Semaphore(16)
 *
 *         async def run_limited(awaitable):
 *             async with semaphore:
 *                 return await awaitable
 *
 *         return await asyncio.gather(*[run_limited(fetch(u)) for u in urls])
 */
import type { Node } from 'web-tree-sitter';
import { SyntaxIndex } from '../syntax';
import { asyncioImport, CodeActionProposal, freshName, indentUnit, lineAround, offsetAt, QuickFixProvider, resultOffset, TextEdit } from './action';
import { freshPythonName } from './freshNames';
import { coroutineSites } from './pythonCoroutines';

export const limitWithSemaphore: QuickFixProvider = {
  id: 'limit-with-semaphore',
  ruleIds: ['unbounded-fanout'],
  provide({ tree, text, family, finding, maxConcurrency }): CodeActionProposal | undefined {
    if (family !== 'python') return undefined;
    const index = new SyntaxIndex(tree);
    const call = callAt(index, offsetAt(text, finding.range.start.line, finding.range.start.column));
    const sites = call && coroutineSites(index, text, call);
    if (!sites) return undefined;
    const statement = sites.setupBefore;
    // Used in the runner (next to the semaphore) and where each coroutine is made (maybe in a method, the set-up before its class).
    const uses = [...sites.coroutines, ...(sites.mapCall ? [sites.mapCall.call] : [])];
    const semaphore = freshPythonName(index, text, statement, 'semaphore');
    const runner = freshPythonName(index, text, statement, 'run_limited', [semaphore], uses);
    const asyncio = asyncioImport(text);
    if (!asyncio) return undefined;

    const wraps: TextEdit[] = sites.coroutines.map(coroutine => ({ startIndex: coroutine.startIndex, endIndex: coroutine.endIndex, newText: `${runner}(${coroutine.text})` }));
    if (sites.mapCall) {
      const { call: map, fn, items } = sites.mapCall;
      // The comprehension's variable is local to it: it only must not shadow a name the function's text uses.
      const item = freshName(fn.text, 'item');
      wraps.push({ startIndex: map.startIndex, endIndex: map.endIndex, newText: `[${runner}(${fn.text}(${item})) for ${item} in ${items.text}]` });
    }
    const line = lineAround(text, statement.startIndex);
    const unit = indentUnit(text);
    const prefix = `${line.indent}${semaphore} = ${asyncio.name}.Semaphore(`;
    const setup = `${prefix}${maxConcurrency})\n\n${line.indent}async def ${runner}(awaitable):\n${line.indent}${unit}async with ${semaphore}:\n${line.indent}${unit}${unit}return await awaitable\n\n`;
    const setupEdit = { startIndex: line.start, endIndex: line.start, newText: setup };
    const edits: TextEdit[] = [setupEdit, ...wraps, ...(asyncio.edit ? [asyncio.edit] : [])];
    const limitStart = resultOffset(edits, setupEdit, prefix.length);
    return {
      id: this.id,
      title: `Limit to ${maxConcurrency} at once with a shared asyncio.Semaphore`,
      kind: 'quickfix',
      isPreferred: true,
      edits,
      limit: { startIndex: limitStart, endIndex: limitStart + String(maxConcurrency).length },
    };
  },
};

function callAt(index: SyntaxIndex, offset: number): Node | undefined {
  const node = index.nodeAt(offset);
  if (!node) return undefined;
  const chain = index.ancestry(node);
  return [...chain].reverse().find(candidate => candidate.type === 'call' && candidate.startIndex === offset);
}


