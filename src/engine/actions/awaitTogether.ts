/**
 * await-together: consecutive awaits where no later one uses an earlier one's result run one after another for
 * nothing; this awaits them together. Python: `a, b = await asyncio.gather(x(), y())`; JS/TS:
 * `const [a, b] = await Promise.all([x(), y()])`. Results land in the same names; the first failure still fails.
 *
 * Offered with the cursor on the first of two or more consecutive statements that each await one call, either all
 * assigning a plain name (JS: declared the same way, `const` or `let`) or none assigning anything, where no
 * statement mentions a name an earlier one assigns.
 *
 * Before:
 *     $0user = await fetch_user(user_id)
 *     orders = await fetch_orders(user_id)
 * After:
 *     user, orders = await asyncio.gather(fetch_user(user_id), fetch_orders(user_id))
 */
import type { Node } from 'web-tree-sitter';
import { field, namedChildren, SyntaxIndex } from '../syntax';
import { asyncioImport, CodeActionProposal, occurrencesOfName, TextEdit } from './action';
import { nodeAtCursor, RefactoringProvider } from './refactoring';

interface AwaitStatement {
  statement: Node;
  /** The assigned name, if any. */
  name?: string;
  /** `const` / `let` / `var` for JS declarations. */
  kind?: string;
  awaited: Node;
}

const blocks = new Set(['block', 'module', 'statement_block', 'program']);

export const awaitTogether: RefactoringProvider = {
  id: 'await-together',
  provide({ tree, text, family, selection }): CodeActionProposal | undefined {
    const index = new SyntaxIndex(tree);
    const node = nodeAtCursor(index, text, selection.startIndex);
    if (!node) return undefined;
    const chain = index.ancestry(node);
    // The innermost statement around the cursor that sits directly in a block.
    let at = -1;
    for (let i = chain.length - 1; i > 0 && at < 0; i--) if (blocks.has(chain[i - 1].type)) at = i;
    if (at < 0) return undefined;
    const block = chain[at - 1];
    const siblings = namedChildren(block).filter(child => child.type !== 'comment');
    const first = siblings.findIndex(child => child.id === chain[at].id);
    if (first < 0) return undefined;
    const run: AwaitStatement[] = [];
    // A selection reaching past the first statement says which statements to await together: the ones after it may
    // have to wait for them (`await notify()` after two `await clear()`s), so they are left alone.
    const selectionEnd = selection.endIndex > siblings[first].endIndex ? selection.endIndex : Infinity;
    for (const statement of siblings.slice(first)) {
      if (statement.startIndex >= selectionEnd) break;
      const parsed = family === 'python' ? pythonAwait(statement) : javascriptAwait(statement);
      if (!parsed || (run.length && !compatible(run[0], parsed))) break;
      // Stop at the first statement that uses a name an earlier one assigns: it must wait for it.
      if (run.some(earlier => earlier.name && occurrencesOfName(parsed.awaited.text, earlier.name).length > 0)) break;
      if (parsed.name && run.some(earlier => earlier.name === parsed.name)) break;
      run.push(parsed);
    }
    if (run.length < 2) return undefined;
    const asyncio = family === 'python' ? asyncioImport(text) : undefined;
    if (family === 'python' && !asyncio) return undefined;
    const calls = run.map(item => item.awaited.text);
    const names = run.map(item => item.name);
    const together = family === 'python'
      ? `${names[0] ? `${names.join(', ')} = ` : ''}await ${asyncio!.name}.gather(${calls.join(', ')})`
      : `${names[0] ? `${run[0].kind} [${names.join(', ')}] = ` : ''}await Promise.all([${calls.join(', ')}])${text.slice(run[run.length - 1].statement.endIndex - 1, run[run.length - 1].statement.endIndex) === ';' ? ';' : ''}`;
    const edits: TextEdit[] = [{ startIndex: run[0].statement.startIndex, endIndex: run[run.length - 1].statement.endIndex, newText: together }];
    if (asyncio?.edit) edits.push(asyncio.edit);
    return { id: this.id, title: `Await ${run.length} independent calls together`, kind: 'refactor.rewrite', isPreferred: false, edits };
  },
};

function compatible(first: AwaitStatement, next: AwaitStatement): boolean {
  return Boolean(first.name) === Boolean(next.name) && first.kind === next.kind;
}

function pythonAwait(statement: Node): AwaitStatement | undefined {
  if (statement.type !== 'expression_statement') return undefined;
  const expression = namedChildren(statement)[0];
  if (expression?.type === 'await') return awaitedCall(expression) && { statement, awaited: awaitedCall(expression)! };
  if (expression?.type !== 'assignment') return undefined;
  const left = field(expression, 'left');
  const right = field(expression, 'right');
  if (left?.type !== 'identifier' || right?.type !== 'await' || field(expression, 'type')) return undefined;
  const awaited = awaitedCall(right);
  return awaited && { statement, name: left.text, awaited };
}

function javascriptAwait(statement: Node): AwaitStatement | undefined {
  if (statement.type === 'expression_statement') {
    const expression = namedChildren(statement)[0];
    const awaited = expression?.type === 'await_expression' ? awaitedCall(expression) : undefined;
    return awaited && { statement, awaited };
  }
  if (statement.type !== 'lexical_declaration' && statement.type !== 'variable_declaration') return undefined;
  const declarators = namedChildren(statement).filter(child => child.type === 'variable_declarator');
  if (declarators.length !== 1) return undefined;
  const name = field(declarators[0], 'name');
  const value = field(declarators[0], 'value');
  if (name?.type !== 'identifier' || value?.type !== 'await_expression' || field(declarators[0], 'type')) return undefined;
  const awaited = awaitedCall(value);
  const kind = statement.type === 'variable_declaration' ? 'var' : field(statement, 'kind')?.text;
  return awaited && { statement, name: name.text, kind, awaited };
}

/** The call an `await` awaits, when it awaits a call (awaiting a name or a promise already started is left alone). */
function awaitedCall(awaitNode: Node): Node | undefined {
  const inner = namedChildren(awaitNode)[0];
  return inner && (inner.type === 'call' || inner.type === 'call_expression') ? inner : undefined;
}

