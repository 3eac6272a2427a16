/**
 * loop-concurrently: a loop that awaits one call per element, with nothing carried from one iteration to the next,
 * becomes one `asyncio.gather` / `Promise.all`. When the collection's size is unknown or larger than the limit, the
 * result is bounded the way the `unbounded-fanout` quick fix would bound it (a shared semaphore, p-limit, p-map or
 * the helper), so the refactoring never writes the bug the rule reports. Results keep their order.
 *
 * Offered with the cursor in a `for x in xs:` / `for (const x of xs)` loop whose body is exactly one statement:
 * `await f(x)`, or `results.append(await f(x))` / `results.push(await f(x))` with the call not using `results`.
 * (One statement means no `break`, `continue`, `return` or loop-carried state.)
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
 *     pages = []
 *     for $0u in ["a", "b"]:
 *         pages.append(await fetch(u))
 *     return pages
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
 *     pages = []
 *     pages.extend(await asyncio.gather(*[fetch(u) for u in ["a", "b"]]))
 *     return pages
 *
 *
 * print(asyncio.run(main()))
 * ```
 *
 * Example (typescript):
 * ```
 * async function fetchPage(url: string): Promise<string> {
 *   await new Promise(resolve => setTimeout(resolve, 10));
 *   return url.toUpperCase();
 * }
 *
 * async function main(urls: string[]): Promise<void> {
 *   const pages: string[] = [];
 *   for (const $0url of urls) {
 *     pages.push(await fetchPage(url));
 *   }
 *   console.log(pages);
 * }
 *
 * main(['a', 'b', 'c']);
 * ```
 * becomes:
 * ```
 * /** Like Promise.all(items.map(fn)), with at most `limit` calls of `fn` running at once. *\/
 * function mapWithConcurrency<T, R>(items: Iterable<T>, limit: number, fn: (item: T, index: number) => R | PromiseLike<R>): Promise<R[]> {
 *   const list = Array.from(items);
 *   const results: R[] = new Array(list.length);
 *   return new Promise((resolve, reject) => {
 *     let started = 0;
 *     let finished = 0;
 *     if (list.length === 0) return resolve(results);
 *     const startNext = (): void => {
 *       const index = started++;
 *       Promise.resolve()
 *         .then(() => fn(list[index], index))
 *         .then(outcome => {
 *           results[index] = outcome;
 *           if (++finished === list.length) resolve(results);
 *           else if (started < list.length) startNext();
 *         }, reject);
 *     };
 *     for (let i = 0; i < Math.min(Math.max(1, limit), list.length); i++) startNext();
 *   });
 * }
 *
 * async function fetchPage(url: string): Promise<string> {
 *   await new Promise(resolve => setTimeout(resolve, 10));
 *   return url.toUpperCase();
 * }
 *
 * async function main(urls: string[]): Promise<void> {
 *   const pages: string[] = [];
 *   pages.push(...(await mapWithConcurrency([...urls], 16, url => fetchPage(url))));
 *   console.log(pages);
 * }
 *
 * main(['a', 'b', 'c']);
 * ```
 */
import { Node, Parser } from 'web-tree-sitter';
import { analyze } from '../analyze';
import { Callees } from '../semantics/callees';
import { field, namedChildren, SyntaxIndex } from '../syntax';
import { analysisOptionsOf, applyEdits, CodeActionProposal, occurrencesOfName, TextEdit } from './action';
import { quickFixesFor } from './index';
import { importedModule } from './pythonEdits';
import { nodeAtCursor, RefactoringContext, RefactoringProvider } from './refactoring';
import { parseForAnalysis } from '../parseForAnalysis';

interface LoopShape {
  loop: Node;
  variable: string;
  iterable: string;
  call: string;
  /** The list the loop appends to, if any. */
  accumulator?: string;
}

export const loopConcurrently: RefactoringProvider = {
  id: 'loop-concurrently',
  provide(context): CodeActionProposal | undefined {
    const index = new SyntaxIndex(context.tree);
    const node = nodeAtCursor(index, context.text, context.selection.startIndex);
    if (!node) return undefined;
    const loopType = context.family === 'python' ? 'for_statement' : 'for_in_statement';
    const chain = index.ancestry(node);
    const loop = [...chain].reverse().find(candidate => candidate.type === loopType);
    const shape = loop && (context.family === 'python' ? pythonLoop(loop) : javascriptLoop(loop));
    if (!shape) return undefined;
    if (shape.accumulator && occurrencesOfName(shape.call, shape.accumulator).length > 0) return undefined;

    const asyncio = context.family === 'python' ? importedModule(new Callees(context.family, index, context.text), context.text, 'asyncio', loop) : undefined;
    if (context.family === 'python' && !asyncio) return undefined;
    const replacement = asyncio ? pythonReplacement(shape, asyncio.name) : javascriptReplacement(shape, context.text);
    const loopEdit = { startIndex: loop.startIndex, endIndex: loop.endIndex, newText: replacement };
    let text = applyEdits(context.text, asyncio?.edit ? [loopEdit, asyncio.edit] : [loopEdit]);
    text = boundIfFlagged(context, text, context.text.length - loop.endIndex);
    return { id: this.id, title: 'Run the loop\'s iterations concurrently', kind: 'refactor.rewrite', isPreferred: false, edits: [differenceOf(context.text, text)] };
  },
};

function pythonLoop(loop: Node): LoopShape | undefined {
  const left = field(loop, 'left');
  const right = field(loop, 'right');
  const body = field(loop, 'body');
  if (left?.type !== 'identifier' || !right || !body || field(loop, 'alternative') || /^async\b/.test(loop.text)) return undefined;
  const statements = namedChildren(body).filter(child => child.type !== 'comment');
  if (statements.length !== 1 || statements[0].type !== 'expression_statement') return undefined;
  const expression = namedChildren(statements[0])[0];
  if (expression?.type === 'await') {
    const call = namedChildren(expression)[0];
    return call?.type === 'call' ? { loop, variable: left.text, iterable: right.text, call: call.text } : undefined;
  }
  const accumulated = accumulation(expression, 'call', 'attribute', 'append', 'await');
  return accumulated && { loop, variable: left.text, iterable: right.text, ...accumulated };
}

function javascriptLoop(loop: Node): LoopShape | undefined {
  const left = field(loop, 'left');
  const right = field(loop, 'right');
  const body = field(loop, 'body');
  if (left?.type !== 'identifier' || !right || !body || field(loop, 'operator')?.text !== 'of' || !field(loop, 'kind') || /^for\s+await\b/.test(loop.text)) return undefined;
  const statements = body.type === 'statement_block' ? namedChildren(body).filter(child => child.type !== 'comment') : [body];
  if (statements.length !== 1 || statements[0].type !== 'expression_statement') return undefined;
  const expression = namedChildren(statements[0])[0];
  if (expression?.type === 'await_expression') {
    const call = namedChildren(expression)[0];
    return call?.type === 'call_expression' ? { loop, variable: left.text, iterable: right.text, call: call.text } : undefined;
  }
  const accumulated = accumulation(expression, 'call_expression', 'member_expression', 'push', 'await_expression');
  return accumulated && { loop, variable: left.text, iterable: right.text, ...accumulated };
}

/** `results.append(await f(x))` / `results.push(await f(x))`: the list and the awaited call. */
function accumulation(expression: Node | undefined, callType: string, memberType: string, method: string, awaitType: string): { accumulator: string; call: string } | undefined {
  if (expression?.type !== callType) return undefined;
  const callee = field(expression, 'function');
  if (callee?.type !== memberType) return undefined;
  const object = field(callee, 'object');
  const property = field(callee, memberType === 'attribute' ? 'attribute' : 'property');
  const args = namedChildren(field(expression, 'arguments') ?? expression).filter(arg => arg.type !== 'comment');
  if (object?.type !== 'identifier' || property?.text !== method || args.length !== 1 || args[0].type !== awaitType) return undefined;
  const call = namedChildren(args[0])[0];
  return call && (call.type === 'call' || call.type === 'call_expression') ? { accumulator: object.text, call: call.text } : undefined;
}

function pythonReplacement(shape: LoopShape, asyncio: string): string {
  const gather = `await ${asyncio}.gather(*[${shape.call} for ${shape.variable} in ${shape.iterable}])`;
  return shape.accumulator ? `${shape.accumulator}.extend(${gather})` : gather;
}

function javascriptReplacement(shape: LoopShape, text: string): string {
  const semicolon = /;\s*$/.test(shape.loop.text) || /;\s*\}\s*$/.test(shape.loop.text) || /;\n/.test(text) ? ';' : '';
  const all = `await Promise.all([...${shape.iterable}].map(${shape.variable} => ${shape.call}))`;
  return shape.accumulator ? `${shape.accumulator}.push(...(${all}))${semicolon}` : `${all}${semicolon}`;
}

/** If our own rule flags the new fan-out, applies its preferred fix, so the refactoring writes bounded code. */
function boundIfFlagged(context: RefactoringContext, text: string, suffixLength: number): string {
  const parser = new Parser();
  // The tree's own language, in a parser of our own: the caller's parser may be mid-use.
  parser.setLanguage(context.tree.language);
  const rewritten = parseForAnalysis(parser, context.family, text);
  try {
    const loopEnd = text.length - suffixLength;
    const finding = analyze({ tree: rewritten, text, family: context.family, options: analysisOptionsOf(context) })
      .filter(candidate => offsetOf(text, candidate.range.start.line, candidate.range.start.column) <= loopEnd)
      .pop();
    if (!finding) return text;
    const fix = quickFixesFor({
      tree: rewritten, text, family: context.family, grammar: context.grammar, finding, maxConcurrency: context.maxConcurrency,
      level: context.level, filePath: context.filePath,
      dependencies: context.dependencies, typescript: context.typescript, moduleSystem: context.moduleSystem,
    })
      .find(proposal => proposal.isPreferred);
    return fix ? applyEdits(text, fix.edits) : text;
  } finally {
    rewritten.delete();
    parser.delete();
  }
}

function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) offset = text.indexOf('\n', offset) + 1;
  return offset + column;
}

/** The one edit that turns `before` into `after`: the changed middle between their common start and end. */
function differenceOf(before: string, after: string): TextEdit {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { startIndex: start, endIndex: before.length - end, newText: after.slice(start, after.length - end) };
}
