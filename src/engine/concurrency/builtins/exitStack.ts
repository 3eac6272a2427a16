/**
 * `contextlib.AsyncExitStack` / `ExitStack`: contexts entered through the stack are entered as `async with` would
 * enter them (their `__aenter__`, an `@asynccontextmanager`'s start), and leaving the stack runs their exits and
 * the pushed callbacks last in, first out, passing the exception along as Python's `ExitStack.__exit__` does.
 */
import { awaitValue } from '../awaiting';
import { callValue } from '../calls';
import { Context, contextFor } from '../contexts';
import type { SimTask } from '../scheduler';
import type { Simulation } from '../simulation';
import { shorten } from '../text';
import { CallSite, CoroutineValue, isObject, NativeObject, Resumption, Thrown, unbound, Value, Wait } from '../values';
import { native, Registry } from './index';

type Exit = Context['exit'];

export function registerExitStack(registry: Registry): void {
  const { sim, qualified } = registry;
  for (const [name, isAsync] of [['AsyncExitStack', true], ['ExitStack', false]] as const) {
    qualified.set(`contextlib.${name}`, native(name, () => newStack(isAsync)));
  }
  registry.contexts.set('exitStack', stack => ({
    enter: function* () { return stack; },
    exit: function* (task, error) { return yield* unwind(sim, task, stack, error); },
  }));
  registry.members.set('exitStack', (stack, name) => stackMember(sim, stack, name));
}

function newStack(isAsync: boolean, exits: Exit[] = []): NativeObject {
  return { t: 'object', kind: 'exitStack', isAsync, exits };
}

function exitsOf(stack: NativeObject): Exit[] {
  return stack.exits as Exit[];
}

/** A coroutine the program awaits (`await stack.enter_async_context(cm)`, `await stack.aclose()`). */
function coroutine(site: CallSite, run: CoroutineValue['run']): CoroutineValue {
  return { t: 'coroutine', label: shorten(site.text), line: site.line, ownRow: false, run };
}

function stackMember(sim: Simulation, stack: NativeObject, name: string): Value | typeof unbound {
  const exits = exitsOf(stack);
  const enter = function* (task: SimTask, manager: Value, isAsync: boolean, site: CallSite): Generator<Wait, Value, Resumption> {
    const context = yield* contextFor(sim, task, manager, isAsync, site.line, site);
    const value = yield* context.enter(task);
    exits.push(context.exit);
    return value;
  };
  // A callback takes no exception and never swallows one; an async one is awaited.
  const pushCallback = (isAsync: boolean) => native(name, (_t, args, keywords, site) => {
    const [fn, ...rest] = args;
    exits.push(function* (task) {
      const result = yield* callValue(sim, task, fn, rest, keywords, site);
      if (isAsync) yield* awaitValue(sim, task, result, site);
      return false;
    });
    return fn;
  });
  // `push(exit)` / `push_async_exit(exit)`: called as an `__exit__` is, with the exception, and may swallow it.
  const pushExit = (isAsync: boolean) => native(name, (_t, args, _k, site) => {
    const [fn] = args;
    exits.push(function* (task, error) {
      const type = error && isObject(error.value) && error.value.t === 'record' ? error.value.cls ?? null : null;
      let result = yield* callValue(sim, task, fn, [type, error?.value ?? null, null], undefined, site);
      if (isAsync) result = yield* awaitValue(sim, task, result, site);
      return sim.semantics.truthy(result) === true;
    });
    return fn;
  });
  switch (name) {
    case 'enter_async_context': return native(name, (_t, args, _k, site) => coroutine(site, task => enter(task, args[0], true, site)));
    case 'enter_context': return native(name, function* (task, args, _k, site) { return yield* enter(task, args[0], false, site); });
    case 'push_async_callback': return pushCallback(true);
    case 'callback': return pushCallback(false);
    case 'push_async_exit': return pushExit(true);
    case 'push': return pushExit(false);
    case 'pop_all': return native(name, () => newStack(stack.isAsync as boolean, exits.splice(0)));
    case 'aclose': return native(name, (_t, _a, _k, site) => coroutine(site, function* (task) { yield* unwind(sim, task, stack, undefined); return null; }));
    case 'close': return native(name, function* (task) { yield* unwind(sim, task, stack, undefined); return null; });
    default: return unbound;
  }
}

/**
 * Python's `ExitStack.__exit__`: each exit sees the exception still pending (none once one swallowed it, the new
 * one once one raised); the stack raises the last one raised, and swallows the original when an exit swallowed it.
 */
function* unwind(_sim: Simulation, task: SimTask, stack: NativeObject, error: Thrown | undefined): Generator<Wait, boolean, Resumption> {
  const exits = exitsOf(stack);
  let pending = error;
  let raised = false;
  let swallowed = false;
  while (exits.length > 0) {
    const exit = exits.pop()!;
    try {
      if (yield* exit(task, pending)) {
        swallowed = true;
        raised = false;
        pending = undefined;
      }
    } catch (thrown) {
      if (!(thrown instanceof Thrown)) throw thrown;
      pending = thrown;
      raised = true;
    }
  }
  if (raised && pending) throw pending;
  return error !== undefined && swallowed;
}
