/**
 * `with` / `async with`: a library's context (a lock, a semaphore, a deadline, a task group) enters and exits by
 * its family's rule (builtins/); a class of the file by its `__aenter__` / `__aexit__`; an unknown one runs its
 * body, and entering it is I/O when it reads as a request (`async with session.get(url) as response`).
 */
import { getAttribute } from './attributes';
import { awaitValue, ioWait } from './awaiting';
import { contextOf } from './builtins';
import { callValue } from './calls';
import { evaluate } from './expressions';
import { block, Flow } from './interpreter';
import type { Line, Stmt } from './model';
import { bindPattern } from './patterns';
import type { SimTask } from './scheduler';
import type { Simulation } from './simulation';
import { CallSite, Env, isObject, isOpaque, opaque, Resumption, Thrown, Value, Wait } from './values';

/** How a value is entered and left; `exit` returns whether it swallows the exception (and may raise its own). */
export interface Context {
  enter(task: SimTask): Generator<Wait, Value, Resumption>;
  exit(task: SimTask, error: Thrown | undefined): Generator<Wait, boolean, Resumption>;
}

export function* enterContext(sim: Simulation, task: SimTask, statement: Extract<Stmt, { kind: 'with' }>, env: Env): Generator<Wait, Flow, Resumption> {
  const value = yield* evaluate(sim, task, statement.context, env);
  const site = { line: statement.line, text: `${statement.isAsync ? 'async with ' : 'with '}${isOpaque(value) ? value.text : ''}` };
  const context = yield* contextFor(sim, task, value, statement.isAsync, statement.line, site);
  const bound = yield* context.enter(task);
  if (statement.target) yield* bindPattern(sim, task, statement.target, bound, env, true, statement.line);
  let flow: Flow;
  try {
    flow = yield* block(sim, task, statement.body, env);
  } catch (error) {
    if (!(error instanceof Thrown)) throw error;
    if (yield* context.exit(task, error)) return undefined;
    throw error;
  }
  yield* context.exit(task, undefined);
  return flow;
}

/**
 * How a value is entered, as `with` / `async with` would (also what `AsyncExitStack.enter_async_context` enters):
 * a library's context, a class of the file, or an unknown one.
 */
export function* contextFor(sim: Simulation, task: SimTask, value: Value, isAsync: boolean, line: Line, site: CallSite): Generator<Wait, Context, Resumption> {
  return contextOf(sim, value, site) ?? (yield* userContext(sim, task, value, isAsync, line)) ?? plainContext(sim, value, isAsync, line);
}

/** A Python class of the file with `__aenter__` / `__aexit__` (or `__enter__` / `__exit__`). */
function* userContext(sim: Simulation, task: SimTask, value: Value, isAsync: boolean, line: Line): Generator<Wait, Context | undefined, Resumption> {
  if (!isObject(value) || value.t !== 'record' || !value.cls || sim.language !== 'python') return undefined;
  const [enterName, exitName] = isAsync ? ['__aenter__', '__aexit__'] : ['__enter__', '__exit__'];
  const site = { line, text: enterName };
  let enter: Value, exit: Value;
  try {
    enter = yield* getAttribute(sim, task, value, enterName, line);
    exit = yield* getAttribute(sim, task, value, exitName, line);
  } catch (error) {
    if (error instanceof Thrown) return undefined;
    throw error;
  }
  const awaited = function* (result: Value): Generator<Wait, Value, Resumption> {
    if (!isAsync) return result;
    return yield* awaitValue(sim, task, result, site);
  };
  return {
    enter: function* (t) { return yield* awaited(yield* callValue(sim, t, enter, [], undefined, site)); },
    exit: function* (t, error) {
      const type = error && isObject(error.value) && error.value.t === 'record' ? error.value.cls : null;
      const result = yield* awaited(yield* callValue(sim, t, exit, [type ?? null, error?.value ?? null, null], undefined, { ...site, text: exitName }));
      return sim.semantics.truthy(result) === true;
    },
  };
}

/** An unknown context runs its body; entering it is I/O when it is a request (a call that reads as one). */
function plainContext(sim: Simulation, value: Value, isAsync: boolean, line: Line): Context {
  return {
    enter: function* (task) {
      if (isAsync && isOpaque(value) && value.createdAt !== undefined && readsAsRequest(sim, value)) {
        return yield* ioWait(sim, task, value, { line, text: value.text }, true);
      }
      return isOpaque(value) ? opaque(value.text, value.line) : value;
    },
    exit: function* () { return false; },
  };
}

function readsAsRequest(sim: Simulation, value: Extract<Value, { t: 'opaque' }>): boolean {
  if (value.entry?.role === 'io') return true;
  const method = /\.([A-Za-z_$][\w$]*)\s*\(/.exec(value.text)?.[1];
  return method !== undefined && sim.library.catalog.nameSays('ioMethodName', method);
}

