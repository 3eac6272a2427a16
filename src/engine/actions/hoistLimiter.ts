/**
 * hoist-limiter: for the per-task-limiter trap, moves the limiter out of the code that runs once per task, so that
 * every task shares one: before the function or loop it was built in (or before the fan-out, for a callback; before
 * the class, for a method).
 * A limiter built inline (`pLimit(2)(() => ...)`, `fetch(asyncio.Semaphore(5), u)`) gets a name there first.
 *
 * Offered on `unbounded-fanout` findings with message `perTaskLimiter`, when the limiter can be built there: every
 * name it uses (`asyncio.Semaphore(limit)`) is visible at its new place and the same for every task (not a parameter
 * or a variable of the task; not `this`), its name clashes with nothing there, and in Python no other assignment of
 * its name stays in the task (which would keep the name local to it). A block left empty gets a `pass`.
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
import { JavaScriptScopes } from '../fanout/javascriptScopes';
import { PythonScopes } from '../fanout/pythonScopes';
import { contains, field, namedChildren, SyntaxIndex, walk } from '../syntax';
import { CodeActionProposal, lineAround, offsetAt, QuickFixProvider, TextEdit } from './action';
import { freshJavaScriptName, freshPythonName, javascriptNameFree, pythonNameFree } from './freshNames';

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
    const targetStatement = chain[statementAt];
    const target = lineAround(text, targetStatement.startIndex);
    if (!sameForEveryTask(index, text, family, limiter, chain[regionAt], targetStatement)) return undefined;

    const edits: TextEdit[] = [];
    const declaration = declarationOf(chain, limiter);
    let line: string;
    if (declaration) {
      const name = declaredName(declaration);
      if (!name || !canMoveDeclaration(index, text, family, declaration, name, targetStatement)) return undefined;
      const own = lineAround(text, declaration.startIndex);
      line = `${target.indent}${text.slice(declaration.startIndex, declaration.endIndex)}\n`;
      const alone = text.slice(own.start, own.end).trim() === text.slice(declaration.startIndex, declaration.endIndex).trim();
      // A declaration on a line of its own goes with its line; one among other code (`{ const limit = ...; return ... }`)
      // goes with the spaces after it. The only statement of a Python block leaves a `pass`, or the block is empty.
      const end = alone ? Math.min(text.length, own.end + 1) : declaration.endIndex + (/^[ \t]*/.exec(text.slice(declaration.endIndex))![0].length);
      const emptied = family === 'python' && onlyStatementOfItsBlock(index, declaration);
      edits.push(emptied
        ? { startIndex: declaration.startIndex, endIndex: declaration.endIndex, newText: 'pass' }
        : { startIndex: alone ? own.start : declaration.startIndex, endIndex: end, newText: '' });
    } else {
      const name = family === 'python' ? freshPythonName(index, text, targetStatement, 'semaphore') : freshJavaScriptName(index, text, targetStatement, 'limit');
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

/**
 * Whether the limiter, built before `target` instead of in `region`, is the same for every task: each name it uses
 * is bound outside the region (not a parameter or variable of the task), and where `target` can see it (in a scope
 * around it, or earlier in its own); `this` in JS means something else outside the task's function.
 */
function sameForEveryTask(index: SyntaxIndex, text: string, family: 'python' | 'javascript', limiter: Node, region: Node, target: Node): boolean {
  const names: Node[] = [];
  let usesThis = false;
  walk(limiter, node => {
    if (node.type === 'this') usesThis = true;
    if (node.type === 'identifier' && !isMemberOrKeywordName(index, node)) names.push(node);
  });
  if (usesThis) return false;
  const scopes = family === 'python' ? new PythonScopes(index, text) : new JavaScriptScopes(index, text);
  const targetScope = family === 'python' ? new PythonScopes(index, text).enclosingScope(target) : index.closest(target, javascriptScopeBlocks);
  return names.every(name => {
    const binding = scopes.lookup(name.text, name);
    if (!binding) return true; // a global or builtin: the same everywhere
    if (contains(region, binding.node) || !contains(binding.scope, target)) return false;
    // Bound in the target's own scope: only if before it (a module-level name assigned later does not exist yet).
    return binding.scope.id !== targetScope?.id || binding.node.endIndex <= target.startIndex;
  });
}

const javascriptScopeBlocks = new Set(['statement_block', 'program', 'switch_body']);

/** An attribute's name (`self.limit`) or a keyword argument's (`Semaphore(value=5)`): not a variable. */
function isMemberOrKeywordName(index: SyntaxIndex, node: Node): boolean {
  const parent = index.parent(node);
  return (parent?.type === 'keyword_argument' && field(parent, 'name')?.id === node.id)
    || (parent?.type === 'attribute' && field(parent, 'attribute')?.id === node.id);
}

function declaredName(declaration: Node): string | undefined {
  if (declaration.type === 'expression_statement') {
    const assignment = namedChildren(declaration)[0];
    const left = assignment && field(assignment, 'left');
    return left?.type === 'identifier' ? left.text : undefined;
  }
  const declarator = namedChildren(declaration).find(child => child.type === 'variable_declarator');
  const name = declarator && field(declarator, 'name');
  return name?.type === 'identifier' ? name.text : undefined;
}

/**
 * Whether the declaration can move before `target`: its name clashes with nothing visible there, and (Python) no
 * other assignment of the name stays in the function it leaves, which would keep the name local there (an
 * UnboundLocalError where the moved one was meant).
 */
function canMoveDeclaration(index: SyntaxIndex, text: string, family: 'python' | 'javascript', declaration: Node, name: string, target: Node): boolean {
  if (family === 'javascript') return javascriptNameFree(index, text, target, name, declaration);
  const scopes = new PythonScopes(index, text);
  const scope = scopes.enclosingScope(declaration);
  if (scopes.bindingsNamed(scope, name).some(binding => !contains(declaration, binding.node))) return false;
  return pythonNameFree(index, text, target, name, declaration);
}

function onlyStatementOfItsBlock(index: SyntaxIndex, statement: Node): boolean {
  const block = index.parent(statement);
  return block?.type === 'block' && namedChildren(block).filter(child => child.type !== 'comment').length === 1;
}

function isClassBody(chain: Node[], i: number): boolean {
  return chain[i].type === 'block' && chain[i - 1]?.type === 'class_definition';
}

function findLast<T>(items: T[], test: (item: T, index: number) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i], i)) return i;
  return -1;
}
