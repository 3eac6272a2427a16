/**
 * hoist-limiter: for the per-task-limiter trap, moves the limiter out of the code that runs once per task, so that
 * every task shares one: before the function or loop it was built in (or before the fan-out, for a callback; before
 * the class, for a method).
 * A limiter built inline (`pLimit(2)(() => ...)`, `fetch(asyncio.Semaphore(5), u)`) gets a name there first.
 *
 * Offered on `unbounded-fanout` findings with message `perTaskLimiter`.
 *
 * Before:
 *     async def fetch(u):
 *         sem = asyncio.Semaphore(5)
 *         async with sem:
 *             return await get(u)
 *
 *     async def main(urls):
 *         await $0asyncio.gather(*[fetch(u) for u in urls])
 * After:
 *     sem = asyncio.Semaphore(5)
 *     async def fetch(u):
 *         async with sem:
 *             return await get(u)
 *     ...
 */
import type { Node } from 'web-tree-sitter';
import { findJavaScriptFanOuts } from '../fanout/javascript';
import { findPythonFanOuts } from '../fanout/python';
import { field, SyntaxIndex } from '../syntax';
import { CodeActionProposal, freshName, lineAround, offsetAt, QuickFixProvider, TextEdit } from './action';

/** Where code runs once per task: a function (the task, or a callback) or a loop body. */
const perTaskTypes = {
  python: new Set(['function_definition', 'lambda', 'for_statement', 'list_comprehension', 'generator_expression', 'set_comprehension']),
  javascript: new Set(['function_declaration', 'function_expression', 'arrow_function', 'method_definition', 'for_statement', 'for_in_statement']),
};
const blockTypes = new Set(['block', 'module', 'statement_block', 'program']);
const assignmentStatements = new Set(['expression_statement', 'lexical_declaration', 'variable_declaration']);

export const hoistLimiter: QuickFixProvider = {
  id: 'hoist-limiter',
  ruleIds: ['unbounded-fanout'],
  provide({ tree, text, family, finding }): CodeActionProposal | undefined {
    if (finding.messageId && finding.messageId !== 'perTaskLimiter') return undefined;
    const start = offsetAt(text, finding.range.start.line, finding.range.start.column);
    const end = offsetAt(text, finding.range.end.line, finding.range.end.column);
    const scope = { ranges: [{ startIndex: start, endIndex: end }], noteDependency: () => {} };
    const fanOut = (family === 'python' ? findPythonFanOuts(tree, text, scope) : findJavaScriptFanOuts(tree, text, scope))
      .find(candidate => candidate.call.startIndex === start);
    if (fanOut?.limit.kind !== 'perTask') return undefined;
    const limiter = fanOut.limit.limiter;
    const index = new SyntaxIndex(tree);
    const chain = index.ancestry(limiter);

    const regionAt = findLast(chain, node => perTaskTypes[family].has(node.type) && node.id !== limiter.id);
    if (regionAt < 0) return undefined;
    // The statement that holds the per-task region, in the block where the shared limiter will live.
    // Not a class body: a name assigned there is a class attribute, which the methods cannot see as a plain name
    // (Python: NameError), and a JS class body holds no statements; the shared limiter goes before the class.
    const statementAt = findLast(chain.slice(0, regionAt + 1), (_node, i) => i > 0 && blockTypes.has(chain[i - 1].type) && !isClassBody(chain, i - 1));
    if (statementAt < 0) return undefined;
    const target = lineAround(text, chain[statementAt].startIndex);

    const edits: TextEdit[] = [];
    const declaration = declarationOf(chain, limiter);
    let line: string;
    if (declaration) {
      const own = lineAround(text, declaration.startIndex);
      line = `${target.indent}${text.slice(declaration.startIndex, declaration.endIndex)}\n`;
      const alone = text.slice(own.start, own.end).trim() === text.slice(declaration.startIndex, declaration.endIndex).trim();
      // A declaration on a line of its own goes with its line; one among other code (`{ const limit = ...; return ... }`)
      // goes with the spaces after it.
      const end = alone ? Math.min(text.length, own.end + 1) : declaration.endIndex + (/^[ \t]*/.exec(text.slice(declaration.endIndex))![0].length);
      edits.push({ startIndex: alone ? own.start : declaration.startIndex, endIndex: end, newText: '' });
    } else {
      const name = freshName(text, family === 'python' ? 'semaphore' : 'limit');
      line = family === 'python' ? `${target.indent}${name} = ${limiter.text}\n` : `${target.indent}const ${name} = ${limiter.text};\n`;
      edits.push({ startIndex: limiter.startIndex, endIndex: limiter.endIndex, newText: name });
    }
    edits.push({ startIndex: target.start, endIndex: target.start, newText: line });
    return { id: this.id, title: `Share one ${limiter.text} between all tasks`, kind: 'quickfix', isPreferred: true, edits };
  },
};

/** The statement assigning the limiter to a name (`sem = asyncio.Semaphore(5)`, `const limit = pLimit(4);`). */
function declarationOf(chain: Node[], limiter: Node): Node | undefined {
  const i = chain.findIndex(node => node.id === limiter.id);
  const parent = chain[i - 1];
  const grandparent = chain[i - 2];
  if (parent?.type === 'assignment' && field(parent, 'right')?.id === limiter.id && grandparent?.type === 'expression_statement') return grandparent;
  if (parent?.type === 'variable_declarator' && field(parent, 'value')?.id === limiter.id && grandparent && assignmentStatements.has(grandparent.type)) {
    return field(grandparent, 'kind') || grandparent.type === 'variable_declaration' ? grandparent : undefined;
  }
  return undefined;
}

function isClassBody(chain: Node[], i: number): boolean {
  return chain[i].type === 'block' && chain[i - 1]?.type === 'class_definition';
}

function findLast<T>(items: T[], test: (item: T, index: number) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i], i)) return i;
  return -1;
}
