/**
 * limit-with-semaphore: bounds an `asyncio.gather` fan-out with one shared `asyncio.Semaphore(N)`, created where
 * the fan-out is, wrapping each awaitable so at most N run at once. Results keep their order, exceptions and
 * `return_exceptions` are unchanged.
 *
 * Offered on an `unbounded-fanout` finding for `gather(*...)` over a comprehension, a generator, `map(f, xs)` or a
 * variable holding a comprehension of coroutines. Not offered when the elements are tasks (`create_task`): those
 * already run, and a semaphore taken afterwards would limit nothing.
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
import { field, namedChildren, SyntaxIndex, unwrap } from '../syntax';
import { asyncioImport, CodeActionProposal, freshName, indentUnit, lastListAssignment, lineAround, offsetAt, QuickFixProvider, resultOffset, TextEdit } from './action';
import { statementToInsertBefore } from './pythonEdits';

const comprehensionTypes = new Set(['list_comprehension', 'generator_expression', 'set_comprehension']);

export const limitWithSemaphore: QuickFixProvider = {
  id: 'limit-with-semaphore',
  ruleIds: ['unbounded-fanout'],
  provide({ tree, text, family, finding, maxConcurrency }): CodeActionProposal | undefined {
    if (family !== 'python') return undefined;
    const index = new SyntaxIndex(tree);
    const call = callAt(index, offsetAt(text, finding.range.start.line, finding.range.start.column));
    const callee = call && field(call, 'function');
    if (!call || !callee || !/(^|\.)gather$/.test(callee.text)) return undefined;
    const splats = namedChildren(field(call, 'arguments') ?? call).filter(arg => arg.type === 'list_splat');
    if (splats.length !== 1) return undefined;
    const collection = namedChildren(splats[0])[0];
    if (!collection) return undefined;

    const semaphore = freshName(text, 'semaphore');
    const runner = freshName(text, 'run_limited');
    const rewrite = wrapEachAwaitable(unwrap(collection), runner, text, index);
    if (!rewrite) return undefined;

    const statement = statementToInsertBefore(index, text, call);
    if (!statement) return undefined;
    const line = lineAround(text, statement.startIndex);
    const unit = indentUnit(text);
    const asyncio = asyncioImport(text);
    if (!asyncio) return undefined;
    const prefix = `${line.indent}${semaphore} = ${asyncio.name}.Semaphore(`;
    const setup = `${prefix}${maxConcurrency})\n\n${line.indent}async def ${runner}(awaitable):\n${line.indent}${unit}async with ${semaphore}:\n${line.indent}${unit}${unit}return await awaitable\n\n`;
    const setupEdit = { startIndex: line.start, endIndex: line.start, newText: setup };
    const edits: TextEdit[] = [setupEdit, rewrite, ...(asyncio.edit ? [asyncio.edit] : [])];
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

/** The edit that makes each element of the gathered collection go through `runner`, or undefined if unsafe. */
function wrapEachAwaitable(collection: Node, runner: string, text: string, index: SyntaxIndex): TextEdit | undefined {
  if (comprehensionTypes.has(collection.type)) {
    const body = field(collection, 'body');
    if (!body || startsTask(body)) return undefined;
    return { startIndex: body.startIndex, endIndex: body.endIndex, newText: `${runner}(${body.text})` };
  }
  if (collection.type === 'call' && field(collection, 'function')?.text === 'map') {
    const args = namedChildren(field(collection, 'arguments') ?? collection);
    if (args.length !== 2) return undefined;
    const item = freshName(text, 'item');
    return { startIndex: collection.startIndex, endIndex: collection.endIndex, newText: `[${runner}(${args[0].text}(${item})) for ${item} in ${args[1].text}]` };
  }
  if (collection.type === 'identifier') {
    const awaitable = freshName(text, 'awaitable');
    // Only a list of coroutines built by a comprehension in the same function: tasks are already running.
    const bracket = lastListAssignment(text.slice(0, collection.startIndex), collection.text);
    if (bracket === undefined) return undefined;
    const value = index.nodeAt(bracket);
    const comprehension = value && index.parent(value);
    const body = comprehension?.type === 'list_comprehension' ? field(comprehension, 'body') : undefined;
    if (!body || startsTask(body)) return undefined;
    return { startIndex: collection.startIndex, endIndex: collection.endIndex, newText: `(${runner}(${awaitable}) for ${awaitable} in ${collection.text})` };
  }
  return undefined;
}

function startsTask(expression: Node): boolean {
  return expression.type === 'call' && /(^|\.)(create_task|ensure_future)$/.test(field(expression, 'function')?.text ?? '');
}

function callAt(index: SyntaxIndex, offset: number): Node | undefined {
  const node = index.nodeAt(offset);
  if (!node) return undefined;
  const chain = index.ancestry(node);
  return [...chain].reverse().find(candidate => candidate.type === 'call' && candidate.startIndex === offset);
}


