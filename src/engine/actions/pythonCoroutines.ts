/**
 * Where a Python fan-out's coroutines are made, so each can be wrapped as it is made (`run_limited(fetch(u))`):
 * the body of the comprehension gathered, awaited with `asyncio.wait` / `as_completed`, or assigned to the list
 * gathered later; the argument of each `list.append(...)` of a list built in a loop; the coroutine given to
 * `create_task` / `ensure_future` / `tg.create_task`, wrapped inside the call, so the task still starts where it
 * did and waits for the limiter before running. Names are resolved by scope (pythonScopes.ts), never by the text of
 * the whole file: a list of the same name in another function says nothing about this one.
 */
import type { Node } from 'web-tree-sitter';
import { comprehensionTypes, PythonBinding, PythonScopes } from '../fanout/pythonScopes';
import { contains, field, namedChildren, SyntaxIndex, unwrap } from '../syntax';
import { occurrencesOfName } from './action';
import { statementToInsertBefore } from './pythonEdits';

export interface CoroutineSites {
  /** Each expression that makes one coroutine of the fan-out: wrapped in the runner where it is. */
  coroutines: Node[];
  /** `gather(*map(f, xs))`: no expression per coroutine to wrap; rewritten as a comprehension whose body is. */
  mapCall?: { call: Node; fn: Node; items: Node };
  /** The coroutines start as tasks where they are made (create_task): a queue of workers could not take them. */
  startedAsTasks: boolean;
  /** The collection as the fan-out call names it (a comprehension, `map(...)`, a variable). */
  collection?: Node;
  /** The statement the shared limiter goes before: run once per fan-out, before the first coroutine is made. */
  setupBefore: Node;
}

const taskStarter = /(^|\.)(create_task|ensure_future)$/;
const loopTypes = new Set(['for_statement', 'while_statement']);
const blocks = new Set(['block', 'module']);
const scopeBoundaries = new Set(['function_definition', 'lambda', 'class_definition', 'module']);

/** The sites of the fan-out that `call` makes (a gather, wait, as_completed, or a task started in a loop). */
export function coroutineSites(index: SyntaxIndex, text: string, call: Node): CoroutineSites | undefined {
  const callee = field(call, 'function')?.text ?? '';
  const args = namedChildren(field(call, 'arguments') ?? call).filter(arg => arg.type !== 'comment');
  const scopes = new PythonScopes(index, text);
  if (taskStarter.test(callee)) {
    const coroutine = args[0];
    if (!coroutine || coroutine.type === 'keyword_argument' || coroutine.type === 'list_splat' || coroutine.type === 'dictionary_splat') return undefined;
    // One limiter for the whole loop: before the outermost loop around the call in its function.
    const setupBefore = statementToInsertBefore(index, text, outermostLoop(index, call) ?? call);
    return setupBefore && { coroutines: [coroutine], startedAsTasks: true, setupBefore };
  }
  let collection: Node | undefined;
  if (/(^|\.)gather$/.test(callee)) {
    const splats = args.filter(arg => arg.type === 'list_splat');
    if (splats.length !== 1 || args.some(arg => arg.type !== 'list_splat' && arg.type !== 'keyword_argument')) return undefined;
    collection = namedChildren(splats[0])[0];
  } else if (/(^|\.)(wait|as_completed)$/.test(callee)) {
    collection = args[0]?.type === 'keyword_argument' || args[0]?.type === 'list_splat' ? undefined : args[0];
  }
  if (!collection) return undefined;
  collection = unwrap(collection);

  if (comprehensionTypes.has(collection.type) && collection.type !== 'dictionary_comprehension') {
    const made = madeBy(field(collection, 'body'));
    const setupBefore = statementToInsertBefore(index, text, call);
    return made && setupBefore && { coroutines: [made.coroutine], startedAsTasks: made.task, collection, setupBefore };
  }
  if (collection.type === 'call' && field(collection, 'function')?.text === 'map') {
    const mapArgs = namedChildren(field(collection, 'arguments') ?? collection).filter(arg => arg.type !== 'comment');
    if (mapArgs.length !== 2 || mapArgs.some(arg => arg.type === 'keyword_argument' || arg.type === 'list_splat')) return undefined;
    const setupBefore = statementToInsertBefore(index, text, call);
    return setupBefore && { coroutines: [], mapCall: { call: collection, fn: mapArgs[0], items: mapArgs[1] }, startedAsTasks: false, collection, setupBefore };
  }
  if (collection.type === 'identifier') return listVariableSites(index, text, scopes, collection, call);
  return undefined;
}

/** A list variable gathered: assigned a comprehension, or `[]` then appended to, in the function of the call. */
function listVariableSites(index: SyntaxIndex, text: string, scopes: PythonScopes, collection: Node, call: Node): CoroutineSites | undefined {
  const binding = scopes.lookup(collection.text, collection);
  if (binding?.kind !== 'assignment' || binding.scope.id !== scopes.enclosingScope(call).id || binding.node.startIndex > call.startIndex) return undefined;
  const value = unwrap(binding.value);
  const uses = usesBetween(index, text, scopes, binding, call);
  if (!uses) return undefined;
  // Run once per fan-out: not inside a loop that the gathering is outside of (lists made per iteration, gathered once).
  const anchor = outermostLoop(index, binding.node, call) ?? binding.node;
  const setupBefore = statementToInsertBefore(index, text, anchor);
  if (!setupBefore) return undefined;
  if ((value.type === 'list_comprehension' || value.type === 'generator_expression') && uses.appended.length === 0 && !uses.other) {
    const made = madeBy(field(value, 'body'));
    return made && { coroutines: [made.coroutine], startedAsTasks: made.task, collection, setupBefore };
  }
  if (value.type === 'list' && namedChildren(value).length === 0 && uses.appended.length > 0 && !uses.other) {
    const made = uses.appended.map(appended => madeBy(appended, { scopes, index }));
    if (made.some(site => !site)) return undefined;
    return { coroutines: made.map(site => site!.coroutine), startedAsTasks: made.some(site => site!.task), collection, setupBefore };
  }
  return undefined;
}

/**
 * What the code between the list's assignment and the gather does with the list: `appended` holds the argument of
 * each `list.append(x)`; `other` is set by any other use (extended, reassigned, passed on), which a fix must not
 * guess about.
 */
function usesBetween(index: SyntaxIndex, text: string, scopes: PythonScopes, binding: PythonBinding, call: Node): { appended: Node[]; other: boolean } | undefined {
  const name = binding.node.text;
  const appended: Node[] = [];
  let other = false;
  const from = binding.node.endIndex;
  for (const offset of occurrencesOfName(text.slice(from, call.startIndex), name)) {
    const node = index.nodeAt(from + offset);
    if (node?.type !== 'identifier' || node.text !== name || scopes.lookup(name, node)?.node.id !== binding.node.id) continue;
    const attribute = index.parent(node);
    const method = attribute?.type === 'attribute' && field(attribute, 'object')?.id === node.id ? field(attribute, 'attribute')?.text : undefined;
    const methodCall = attribute && index.parent(attribute);
    const args = methodCall?.type === 'call' ? namedChildren(field(methodCall, 'arguments') ?? methodCall).filter(arg => arg.type !== 'comment') : [];
    if (method === 'append' && args.length === 1 && args[0].type !== 'keyword_argument' && args[0].type !== 'list_splat') appended.push(args[0]);
    else other = true;
  }
  return { appended, other };
}

/**
 * The coroutine an element expression makes: a call (`fetch(u)`), or the coroutine a task is started with
 * (`create_task(fetch(u))`). A name is followed to its assignment in the same loop body (`t = create_task(...)`,
 * then `tasks.append(t)`).
 */
function madeBy(expression: Node | undefined, context?: { scopes: PythonScopes; index: SyntaxIndex }): { coroutine: Node; task: boolean } | undefined {
  if (!expression) return undefined;
  const element = unwrap(expression);
  if (element.type === 'identifier' && context) {
    const binding = context.scopes.lookup(element.text, element);
    // Assigned just before, in the same block (the same loop body): one coroutine per append.
    const sameBlock = binding && context.index.closest(binding.node, blocks)?.id === context.index.closest(element, blocks)?.id;
    if (binding?.kind !== 'assignment' || binding.node.startIndex > element.startIndex || !sameBlock) return undefined;
    return madeBy(binding.value);
  }
  if (element.type !== 'call') return undefined;
  if (!taskStarter.test(field(element, 'function')?.text ?? '')) return { coroutine: element, task: false };
  const coroutine = namedChildren(field(element, 'arguments') ?? element).filter(arg => arg.type !== 'comment')[0];
  if (!coroutine || coroutine.type === 'keyword_argument' || coroutine.type === 'list_splat') return undefined;
  return { coroutine, task: true };
}

/**
 * The outermost `for` / `while` loop around `node` in its own function (not one around the function), leaving out
 * loops that also hold `outside` (loops the whole fan-out runs in: each round is a fan-out of its own).
 */
function outermostLoop(index: SyntaxIndex, node: Node, outside?: Node): Node | undefined {
  const chain = index.ancestry(node);
  let found: Node | undefined;
  for (let i = chain.length - 2; i >= 0 && !scopeBoundaries.has(chain[i].type); i--) {
    if (loopTypes.has(chain[i].type) && !(outside && contains(chain[i], outside))) found = chain[i];
  }
  return found;
}
