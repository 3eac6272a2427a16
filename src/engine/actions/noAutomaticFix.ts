/**
 * no-automatic-fix: says why a fan-out has no automatic limit fix, where the reason is known, as a proposal without
 * edits and with a `disabledReason`: the editor shows it greyed out in the lightbulb, the CLI's `fix` lists the
 * reason. Listed only when no limit fix is offered (quickFixesFor drops it otherwise).
 *
 * - `Promise.race` / `Promise.any`: they settle with the first task to settle (succeed); started N at a time, the
 *   later tasks would start only after earlier ones finished, and another task could win.
 * - JS: the promises are held in a variable that is used elsewhere as an array of promises: a helper would make it
 *   one promise of all results (p-limit, which keeps the array, is not available in this file).
 * - Python: the tasks gathered are made elsewhere (a parameter, another function): they must be bounded where they
 *   are made.
 *
 * Before:
 *     return $0Promise.race(ids.map(fetchUser));
 * After (disabled, no edit):
 *     No automatic fix: `Promise.race` settles with the first task to settle; ...
 */
import { PythonScopes } from '../fanout/pythonScopes';
import { field, namedChildren, SyntaxIndex, unwrap } from '../syntax';
import { CodeActionProposal, offsetAt, QuickFixProvider } from './action';
import { mappedPromises, promiseCallAt } from './javascriptEdits';

const firstSettles: Readonly<Record<string, string>> = {
  race: '`Promise.race` settles with the first task to settle: run N at a time, the others would start only after earlier ones finished, and a different task could come first. Bound the work inside each task (one shared limiter), or suppress the warning.',
  any: '`Promise.any` resolves with the first task to succeed: run N at a time, the others would start only after earlier ones finished, and a different task could come first. Bound the work inside each task (one shared limiter), or suppress the warning.',
};

export const noAutomaticFix: QuickFixProvider = {
  id: 'no-automatic-fix',
  ruleIds: ['unbounded-fanout'],
  provide({ tree, text, family, finding }): CodeActionProposal | undefined {
    const index = new SyntaxIndex(tree);
    const offset = offsetAt(text, finding.range.start.line, finding.range.start.column);
    const reason = family === 'javascript' ? javascriptReason(index, text, offset) : pythonReason(index, text, offset);
    return reason === undefined ? undefined : { id: this.id, title: 'Limit concurrency (no automatic fix)', kind: 'quickfix', isPreferred: false, edits: [], disabledReason: reason };
  },
};

function javascriptReason(index: SyntaxIndex, text: string, offset: number): string | undefined {
  const found = promiseCallAt(index, offset);
  if (!found) return undefined;
  if (Object.hasOwn(firstSettles, found.method)) return firstSettles[found.method];
  const variable = mappedPromises(index, text, found.call)?.variable;
  if (variable && !variable.onlyUse) {
    return `\`${variable.name.text}\` is also used elsewhere as an array of promises, which a helper's one promise of all results would break. p-limit keeps it an array (each promise through one shared limiter): add it to package.json, in an ES module. Or suppress the warning.`;
  }
  return undefined;
}

function pythonReason(index: SyntaxIndex, text: string, offset: number): string | undefined {
  const node = index.nodeAt(offset);
  const call = node && [...index.ancestry(node)].reverse().find(candidate => candidate.type === 'call' && candidate.startIndex === offset);
  if (!call || !/(^|\.)(gather|wait|as_completed)$/.test(field(call, 'function')?.text ?? '')) return undefined;
  const args = namedChildren(field(call, 'arguments') ?? call).filter(arg => arg.type !== 'comment' && arg.type !== 'keyword_argument');
  const collection = args.length === 1 ? unwrap(args[0].type === 'list_splat' ? namedChildren(args[0])[0] ?? args[0] : args[0]) : undefined;
  if (collection?.type !== 'identifier') return undefined;
  const scopes = new PythonScopes(index, text);
  const binding = scopes.lookup(collection.text, collection);
  const madeHere = binding && binding.kind !== 'parameter' && binding.scope.id === scopes.enclosingScope(call).id;
  if (madeHere) return undefined;
  return `\`${collection.text}\` is made elsewhere (${binding?.kind === 'parameter' ? 'a parameter' : 'outside this function'}): its coroutines or tasks must be bounded where they are made (one shared asyncio.Semaphore). Or suppress the warning.`;
}
