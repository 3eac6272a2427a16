/**
 * add-timeout: puts a deadline on the `await` under the cursor.
 * Python: `await asyncio.wait_for(expr, timeout=10)`; with Python 3.11 or later (asyncPatterns.python.version),
 * the statement goes in an `async with asyncio.timeout(10):` block instead. JS/TS: a fetch-like call gets
 * `signal: AbortSignal.timeout(10000)` in its options (which cancels the request); any other awaited promise goes
 * through a `withTimeout(promise, ms)` helper, inserted once per file, that clears its timer when the promise settles
 * (a bare `Promise.race` with `setTimeout` keeps the timer, and the process, alive).
 *
 * Offered with the cursor in an awaited call. Not offered when a fetch already has a `signal`.
 *
 * Before:
 *     data = await fe$0tch_data(url)
 * After:
 *     data = await asyncio.wait_for(fetch_data(url), timeout=10)
 */
import type { Node } from 'web-tree-sitter';
import { field, namedChildren, SyntaxIndex } from '../syntax';
import { CodeActionProposal, indentUnit, lineAround, pythonImportOffset, TextEdit } from './action';
import { afterImports, helperInsertion, usesSemicolons } from './javascriptEdits';
import { nodeAtCursor, RefactoringContext, RefactoringProvider } from './refactoring';

const defaultSeconds = 10;
const fetchLike = /(^|\.)(fetch|request|get|post|put|patch|delete|head)$/;

export const addTimeout: RefactoringProvider = {
  id: 'add-timeout',
  provide(context): CodeActionProposal | undefined {
    const index = new SyntaxIndex(context.tree);
    const node = nodeAtCursor(index, context.text, context.selection.startIndex);
    if (!node) return undefined;
    const chain = index.ancestry(node);
    const awaitType = context.family === 'python' ? 'await' : 'await_expression';
    const at = findLastIndex(chain, candidate => candidate.type === awaitType);
    if (at < 0) return undefined;
    const awaited = namedChildren(chain[at])[0];
    if (!awaited || (awaited.type !== 'call' && awaited.type !== 'call_expression')) return undefined;
    return context.family === 'python' ? pythonTimeout(context, chain.slice(0, at + 1), awaited) : javascriptTimeout(context, index, awaited);
  },
};

function pythonTimeout(context: RefactoringContext, chain: Node[], awaited: Node): CodeActionProposal | undefined {
  const { text } = context;
  const asyncio = /^[ \t]*import[ \t]+asyncio[ \t]+as[ \t]+(\w+)/m.exec(text)?.[1] ?? 'asyncio';
  const importEdit: TextEdit[] = /^[ \t]*import[ \t]+(?:[\w., \t]*,[ \t]*)?asyncio\b/m.test(text) ? [] : [{ startIndex: pythonImportOffset(text), endIndex: pythonImportOffset(text), newText: 'import asyncio\n' }];
  const [major, minor] = (context.pythonVersion ?? '3.11').split('.').map(Number);
  const statementAt = findLastIndex(chain, (_candidate, i) => i > 0 && (chain[i - 1].type === 'block' || chain[i - 1].type === 'module'));
  const statement = chain[statementAt];
  if ((major > 3 || (major === 3 && minor >= 11)) && statement && /^(expression_statement|return_statement)$/.test(statement.type)) {
    const line = lineAround(text, statement.startIndex);
    const unit = indentUnit(text);
    const head = `async with ${asyncio}.timeout(`;
    const body = text.slice(statement.startIndex, statement.endIndex).split('\n').map(l => `${unit}${l}`).join('\n').replace(/^[ \t]*/, '');
    const newText = `${head}${defaultSeconds}):\n${line.indent}${unit}${body}`;
    const edits = [...importEdit, { startIndex: statement.startIndex, endIndex: statement.endIndex, newText }];
    const shift = importEdit.length ? importEdit[0].newText.length : 0;
    return proposal('Add a timeout (async with asyncio.timeout)', edits, statement.startIndex + shift + head.length, defaultSeconds);
  }
  const prefix = `${asyncio}.wait_for(${awaited.text}, timeout=`;
  const edits = [...importEdit, { startIndex: awaited.startIndex, endIndex: awaited.endIndex, newText: `${prefix}${defaultSeconds})` }];
  const shift = importEdit.length ? importEdit[0].newText.length : 0;
  return proposal('Add a timeout (asyncio.wait_for)', edits, awaited.startIndex + shift + prefix.length, defaultSeconds);
}

function javascriptTimeout(context: RefactoringContext, index: SyntaxIndex, call: Node): CodeActionProposal | undefined {
  const { text } = context;
  const ms = defaultSeconds * 1000;
  const callee = field(call, 'function')?.text ?? '';
  const args = namedChildren(field(call, 'arguments') ?? call).filter(arg => arg.type !== 'comment');
  const options = args[args.length - 1];
  if (fetchLike.test(callee) && args.length >= 1) {
    if (options?.type === 'object' && args.length >= 2) {
      if (/\bsignal\b/.test(options.text)) return undefined;
      const properties = namedChildren(options).filter(child => child.type !== 'comment');
      if (properties.length && options.text.includes('\n')) {
        // Options written one per line: the signal goes on a line of its own like the others (squeezed into the
        // last line, the object came out half one-line, half not).
        const last = properties[properties.length - 1];
        const indent = lineAround(text, properties[0].startIndex).indent;
        const comma = /^\s*,/.exec(text.slice(last.endIndex, options.endIndex));
        const at = comma ? last.endIndex + comma[0].length : last.endIndex;
        const prefix = `${comma ? '' : ','}\n${indent}signal: AbortSignal.timeout(`;
        return proposal('Add a timeout (AbortSignal.timeout)', [{ startIndex: at, endIndex: at, newText: `${prefix}${ms})${comma ? ',' : ''}` }], at + prefix.length, ms);
      }
      const inner = options.text.slice(1, -1).trim();
      const prefix = `{ ${inner ? `${inner.replace(/,\s*$/, '')}, ` : ''}signal: AbortSignal.timeout(`;
      return proposal('Add a timeout (AbortSignal.timeout)', [{ startIndex: options.startIndex, endIndex: options.endIndex, newText: `${prefix}${ms}) }` }], options.startIndex + prefix.length, ms);
    }
    if (/(^|\.)fetch$/.test(callee) && args.length === 1) {
      const prefix = ', { signal: AbortSignal.timeout(';
      return proposal('Add a timeout (AbortSignal.timeout)', [{ startIndex: args[0].endIndex, endIndex: args[0].endIndex, newText: `${prefix}${ms}) }` }], args[0].endIndex + prefix.length, ms);
    }
  }
  const prefix = `withTimeout(${call.text}, `;
  const edits: TextEdit[] = [{ startIndex: call.startIndex, endIndex: call.endIndex, newText: `${prefix}${ms})` }];
  let shift = 0;
  if (!/function\s+withTimeout\b/.test(text)) {
    const at = afterImports(index, text);
    const helper = helperInsertion(text, at, withTimeoutSource(context.grammar === 'typescript' || /:\s*(string|number|Promise<)/.test(text), usesSemicolons(text)));
    edits.push({ startIndex: at, endIndex: at, newText: helper });
    if (at <= call.startIndex) shift = helper.length;
  }
  return proposal('Add a timeout (withTimeout)', edits, call.startIndex + shift + prefix.length, ms);
}

/** Rejects with a TimeoutError when the promise has not settled in time; the timer is cleared either way. */
function withTimeoutSource(typed: boolean, semicolons: boolean): string {
  const t = (typedText: string) => (typed ? typedText : '');
  const source = [
    '/** Rejects with a TimeoutError if `promise` has not settled within `ms`; the timer is cleared either way. */',
    `function withTimeout${t('<T>')}(promise${t(': PromiseLike<T>')}, ms${t(': number')})${t(': Promise<T>')} {`,
    `  let timer${t(': ReturnType<typeof setTimeout> | undefined')};`,
    `  const timeout = new Promise${t('<never>')}((_, reject) => {`,
    "    timer = setTimeout(() => reject(Object.assign(new Error(`timed out after ${ms} ms`), { name: 'TimeoutError' })), ms);",
    '  });',
    '  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));',
    '}',
  ].join('\n') + '\n';
  return semicolons ? source : source.replace(/;$/gm, '');
}

function proposal(title: string, edits: TextEdit[], valueStart: number, value: number): CodeActionProposal {
  return { id: 'add-timeout', title, kind: 'refactor.rewrite', isPreferred: false, edits, limit: { startIndex: valueStart, endIndex: valueStart + String(value).length } };
}

function findLastIndex<T>(items: T[], test: (item: T, index: number) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i], i)) return i;
  return -1;
}
