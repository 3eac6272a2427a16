/**
 * add-timeout: puts a deadline on the `await` under the cursor.
 * Python: `await asyncio.wait_for(expr, timeout=10)`; with Python 3.11 or later (asyncPatterns.python.version),
 * the statement goes in an `async with asyncio.timeout(10):` block instead, where it has its lines to itself (after
 * `if x:`, `else:`, a `;` or in a one-line `def`, wait_for still: a block cannot go there). JS/TS: a fetch-like call gets
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
import { asyncioImport, CodeActionProposal, freshName, indentUnit, lineAround, lineEnding, resultOffset, startsLine, TextEdit } from './action';
import { afterImports, helperInsertion, usesSemicolons, writesTypes } from './javascriptEdits';
import { nodeAtCursor, RefactoringContext, RefactoringProvider } from './refactoring';

const defaultSeconds = 10;
const fetchLike = /(^|\.)(fetch|request|get|post|put|patch|delete|head)$/;
/** Between the statement and the await, these run the await later or elsewhere: a block around the statement would not time it. */
const deferredScopes = new Set(['lambda', 'generator_expression']);

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
  const asyncio = asyncioImport(text);
  if (!asyncio) return undefined;
  const importEdits = asyncio.edit ? [asyncio.edit] : [];
  const statement = timeoutBlockStatement(context, chain);
  if (statement) {
    const line = lineAround(text, statement.startIndex);
    const unit = indentUnit(text);
    const head = `async with ${asyncio.name}.timeout(`;
    const edit = { startIndex: statement.startIndex, endIndex: statement.endIndex, newText: `${head}${defaultSeconds}):${lineEnding(text)}${line.indent}${unit}${indentedBody(statement, unit)}` };
    const edits = [...importEdits, edit];
    return proposal('Add a timeout (async with asyncio.timeout)', edits, resultOffset(edits, edit, head.length), defaultSeconds);
  }
  const prefix = `${asyncio.name}.wait_for(${awaited.text}, timeout=`;
  const edit = { startIndex: awaited.startIndex, endIndex: awaited.endIndex, newText: `${prefix}${defaultSeconds})` };
  const edits = [...importEdits, edit];
  return proposal('Add a timeout (asyncio.wait_for)', edits, resultOffset(edits, edit, prefix.length), defaultSeconds);
}

/**
 * The statement to put in an `async with asyncio.timeout(...)` block (Python 3.11 and later), or undefined where
 * `wait_for` must do: a block needs the statement on lines of its own (not after `if x:`, a one-line `def`, `else:`
 * or a `;`, nor followed by another statement), and the await must run in it (not in a lambda or generator).
 */
function timeoutBlockStatement(context: RefactoringContext, chain: Node[]): Node | undefined {
  const [major, minor] = (context.pythonVersion ?? '3.11').split('.').map(Number);
  if (!(major > 3 || (major === 3 && minor >= 11))) return undefined;
  const at = findLastIndex(chain, (_candidate, i) => i > 0 && (chain[i - 1].type === 'block' || chain[i - 1].type === 'module'));
  const statement = chain[at];
  if (!statement || (statement.type !== 'expression_statement' && statement.type !== 'return_statement')) return undefined;
  if (chain.slice(at + 1).some(node => deferredScopes.has(node.type))) return undefined;
  const { text } = context;
  const restOfLine = text.slice(statement.endIndex, lineAround(text, statement.endIndex).end);
  if (!startsLine(text, statement.startIndex) || !/^[ \t]*(?:#.*)?\r?$/.test(restOfLine)) return undefined;
  return statement;
}

/** The statement's text one level deeper, except the lines that start inside a string (their spaces are the string's). */
function indentedBody(statement: Node, unit: string): string {
  const strings = statement.descendantsOfType('string').filter((node): node is Node => node !== null);
  const source = statement.text;
  let body = '';
  let lineStart = 0;
  for (let newline = source.indexOf('\n'); newline >= 0; newline = source.indexOf('\n', newline + 1)) {
    body += source.slice(lineStart, newline + 1);
    lineStart = newline + 1;
    const offset = statement.startIndex + lineStart;
    if (!strings.some(string => string.startIndex < offset && offset < string.endIndex)) body += unit;
  }
  return body + source.slice(lineStart);
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
      // Options spread from elsewhere may hold a signal of their own, which ours would replace: the helper instead.
      if (!properties.some(property => property.type === 'spread_element')) return signalOption(text, options, properties, ms);
    }
    if (/(^|\.)fetch$/.test(callee) && args.length === 1 && args[0].type !== 'spread_element') {
      const prefix = ', { signal: AbortSignal.timeout(';
      const edit = { startIndex: args[0].endIndex, endIndex: args[0].endIndex, newText: `${prefix}${ms}) }` };
      return proposal('Add a timeout (AbortSignal.timeout)', [edit], resultOffset([edit], edit, prefix.length), ms);
    }
  }
  // Our helper from an earlier timeout is reused; a `withTimeout` of the file's own (imported, or with other
  // parameters) is left alone, and ours gets a name of its own.
  const ours = /function\s+withTimeout\s*(?:<T>)?\s*\(promise\b/.test(text);
  const helperName = ours ? 'withTimeout' : freshName(text, 'withTimeout', '');
  const prefix = `${helperName}(${call.text}, `;
  const edit: TextEdit = { startIndex: call.startIndex, endIndex: call.endIndex, newText: `${prefix}${ms})` };
  const edits: TextEdit[] = [edit];
  if (!ours) {
    const at = afterImports(index, text);
    const typed = writesTypes(context);
    edits.push({ startIndex: at, endIndex: at, newText: helperInsertion(text, at, withTimeoutSource(helperName, typed, usesSemicolons(text))) });
  }
  return proposal('Add a timeout (withTimeout)', edits, resultOffset(edits, edit, prefix.length), ms);
}

/** `signal: AbortSignal.timeout(ms)` added to a fetch's options object, in the object's own layout. */
function signalOption(text: string, options: Node, properties: Node[], ms: number): CodeActionProposal {
  const title = 'Add a timeout (AbortSignal.timeout)';
  const signal = 'signal: AbortSignal.timeout(';
  if (properties.length === 0) {
    const edit = { startIndex: options.startIndex, endIndex: options.endIndex, newText: `{ ${signal}${ms}) }` };
    return proposal(title, [edit], resultOffset([edit], edit, `{ ${signal}`.length), ms);
  }
  const last = properties[properties.length - 1];
  const comma = /^\s*,/.exec(text.slice(last.endIndex, options.endIndex));
  const at = comma ? last.endIndex + comma[0].length : last.endIndex;
  // Options written one per line: the signal goes on a line of its own like the others (squeezed into the last
  // line, the object came out half one-line, half not). On one line: after the last property, keeping a trailing
  // comma where there was one; a comment after the last property stays after it.
  const separator = options.text.includes('\n') ? `${lineEnding(text)}${lineAround(text, properties[0].startIndex).indent}` : ' ';
  const prefix = `${comma ? '' : ','}${separator}${signal}`;
  const edit = { startIndex: at, endIndex: at, newText: `${prefix}${ms})${comma ? ',' : ''}` };
  return proposal(title, [edit], resultOffset([edit], edit, prefix.length), ms);
}

/** Rejects with a TimeoutError when the promise has not settled in time; the timer is cleared either way. */
function withTimeoutSource(name: string, typed: boolean, semicolons: boolean): string {
  const t = (typedText: string) => (typed ? typedText : '');
  const source = [
    '/** Rejects with a TimeoutError if `promise` has not settled within `ms`; the timer is cleared either way. */',
    `function ${name}${t('<T>')}(promise${t(': PromiseLike<T>')}, ms${t(': number')})${t(': Promise<T>')} {`,
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
