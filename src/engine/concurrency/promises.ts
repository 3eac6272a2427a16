/**
 * Promises and futures: JavaScript's `new Promise(executor)` (its resolve and reject may be stored and called
 * later, by a timer or another task), `then` / `catch` / `finally` chains whose callbacks run as microtasks, a
 * promise resolved with another adopting it; and the methods of asyncio's tasks and futures.
 */
import { cancelPromise, ioPromise } from './awaiting';
import { isCancellation } from './builtins/exceptions';
import { callValue } from './calls';
import { settledValueOf, settledWith, stillRunning } from './expressions';
import type { Row, SimTask } from './scheduler';
import type { Simulation } from './simulation';
import { shorten } from './text';
import { CallSite, isObject, NativeFunction, PromiseValue, Resumption, Thrown, Value, Wait } from './values';

/** The resolve and reject functions of a promise: the first call settles it, later ones do nothing. */
export function resolvers(sim: Simulation, promise: PromiseValue): [NativeFunction, NativeFunction] {
  const resolve: NativeFunction = { t: 'native', name: 'resolve', instant: true, call: (task, args) => { resolvePromise(sim, task, promise, args[0]); return undefined; } };
  const reject: NativeFunction = { t: 'native', name: 'reject', instant: true, call: (_task, args, _keywords, site) => { sim.scheduler.settle(promise, { error: new Thrown(args[0], site.line) }); return undefined; } };
  return [resolve, reject];
}

/** Resolves `promise` with `value`: a promise or thenable it is given is adopted (it settles as that one does). */
export function resolvePromise(sim: Simulation, task: SimTask, promise: PromiseValue, value: Value): void {
  if (promise.state !== 'pending') return;
  if (isObject(value) && value.t === 'promise') {
    if (value === promise) return;
    sim.scheduler.whenSettled(value, settled => sim.scheduler.soon(() => sim.scheduler.settle(promise, outcomeOf(settled))));
    return;
  }
  if (isObject(value) && value.t === 'opaque' && value.createdAt !== undefined && sim.language === 'javascript') {
    const io = ioPromiseOf(sim, task, value);
    sim.scheduler.whenSettled(io, settled => sim.scheduler.settle(promise, outcomeOf(settled)));
    return;
  }
  sim.scheduler.settle(promise, { value });
}

function ioPromiseOf(sim: Simulation, task: SimTask, value: Extract<Value, { t: 'opaque' }>): PromiseValue {
  return ioPromise(sim, task, value, { line: value.line, text: value.text }, true);
}

export function outcomeOf(promise: PromiseValue): Resumption {
  return promise.state === 'rejected' ? { error: promise.error! } : { value: promise.value };
}

/**
 * `new Promise(executor)`: the executor runs now, with the promise's resolve and reject. An executor that does not
 * wait (`resolve => setTimeout(resolve, ms)`) makes no generator (see `settledValueOf`).
 */
export function newPromise(sim: Simulation, task: SimTask, executor: Value, site: CallSite): Generator<Wait, Value, Resumption> {
  const promise = sim.scheduler.newPromise(shorten(site.text), site.line, 'promise');
  let evaluation: Generator<Wait, Value, Resumption>;
  try {
    evaluation = callValue(sim, task, executor, resolvers(sim, promise), undefined, site);
  } catch (error) {
    return settledWith(rejectedBy(sim, promise, error));
  }
  if (settledValueOf(evaluation) === stillRunning) return executorRunning(sim, promise, evaluation);
  return settledWith(promise);
}

function* executorRunning(sim: Simulation, promise: PromiseValue, evaluation: Generator<Wait, Value, Resumption>): Generator<Wait, Value, Resumption> {
  try {
    yield* evaluation;
  } catch (error) {
    return rejectedBy(sim, promise, error);
  }
  return promise;
}

/** What an executor's exception does: the program's rejects the promise; any other is the simulator's, passed on. */
function rejectedBy(sim: Simulation, promise: PromiseValue, error: unknown): PromiseValue {
  if (!(error instanceof Thrown)) throw error;
  sim.scheduler.settle(promise, { error });
  return promise;
}

/**
 * A callback that runs when `promise` settles, as a microtask, in a task of its own on `row` (the row that set it
 * up): what it starts and waits for is its own.
 */
function reaction(sim: Simulation, promise: PromiseValue, row: Row, run: (task: SimTask, settled: PromiseValue) => Generator<Wait, Value, Resumption>, parent: SimTask): void {
  sim.scheduler.whenSettled(promise, settled => sim.scheduler.soon(() => {
    sim.scheduler.startTask(row, task => run(task, settled), true, parent);
  }));
}

/** `promise.then(onFulfilled, onRejected)`, `.catch(onRejected)`, `.finally(onFinally)`: a new promise. */
export function promiseMethod(sim: Simulation, task: SimTask, promise: PromiseValue, name: string, args: Value[], site: CallSite): Value {
  const next = sim.scheduler.newPromise(shorten(site.text), site.line, 'promise');
  const callable = (value: Value) => isObject(value) && (value.t === 'function' || value.t === 'native' || value.t === 'opaque');
  if (name === 'finally') {
    const [onFinally] = args;
    reaction(sim, promise, task.row, function* (t, settled) {
      if (callable(onFinally)) {
        try {
          const result = yield* callValue(sim, t, onFinally, [], undefined, site);
          if (isObject(result) && result.t === 'promise') yield { state: 'awaiting', label: '', line: site.line, promise: result };
        } catch (error) {
          if (!(error instanceof Thrown)) throw error;
          sim.scheduler.settle(next, { error });
          return undefined;
        }
      }
      sim.scheduler.settle(next, outcomeOf(settled));
      return undefined;
    }, task);
    return next;
  }
  const [onFulfilled, onRejected] = name === 'catch' ? [undefined, args[0]] : args;
  reaction(sim, promise, task.row, function* (t, settled) {
    const handler = settled.state === 'fulfilled' ? onFulfilled : onRejected;
    if (!callable(handler)) {
      sim.scheduler.settle(next, outcomeOf(settled));
      return undefined;
    }
    const argument = settled.state === 'fulfilled' ? settled.value : settled.error!.value;
    try {
      const result = yield* callValue(sim, t, handler, [argument], undefined, site);
      resolvePromise(sim, t, next, result);
    } catch (error) {
      if (!(error instanceof Thrown)) throw error;
      sim.scheduler.settle(next, { error });
    }
    return undefined;
  }, task);
  return next;
}

/** The methods of a promise (JavaScript) or of an asyncio task or future. */
export function promiseMember(sim: Simulation, _task: SimTask, promise: PromiseValue, name: string): NativeFunction | undefined {
  const method = (call: NativeFunction['call']): NativeFunction => ({ t: 'native', name, call, self: promise });
  if (sim.language === 'javascript') {
    if (name === 'then' || name === 'catch' || name === 'finally') return method((t, args, _k, site) => promiseMethod(sim, t, promise, name, args, site));
    return undefined;
  }
  switch (name) {
    case 'cancel': return method(() => cancelPromise(sim, promise));
    case 'done': return method(() => promise.state !== 'pending');
    case 'cancelled': return method(() => promise.state === 'rejected' && isCancelledError(sim, promise.error!.value));
    case 'result': return method((_t, _a, _k, site) => {
      if (promise.state === 'pending') throw sim.error('InvalidStateError', 'Result is not set.', site.line);
      if (promise.state === 'rejected') throw promise.error!;
      return promise.value;
    });
    case 'exception': return method((_t, _a, _k, site) => {
      if (promise.state === 'pending') throw sim.error('InvalidStateError', 'Exception is not set.', site.line);
      return promise.state === 'rejected' ? promise.error!.value : null;
    });
    case 'add_done_callback': return method((t, args, _k, site) => {
      const [callback] = args;
      reaction(sim, promise, t.row, function* (inner) { return yield* callValue(sim, inner, callback, [promise], undefined, site); }, t);
      return null;
    });
    case 'remove_done_callback': return method(() => 0);
    case 'get_name': return method(() => promise.label);
    case 'set_name': return method(() => null);
    case 'get_coro': return method(() => null);
    case 'set_result': return method((_t, args) => { sim.scheduler.settle(promise, { value: args[0] }); return null; });
    case 'set_exception': return method((_t, args, _k, site) => { sim.scheduler.settle(promise, { error: new Thrown(args[0], site.line) }); return null; });
    default: return undefined;
  }
}

function isCancelledError(sim: Simulation, value: Value): boolean {
  return isCancellation(sim, value);
}

/** `Promise.withResolvers()`: `{ promise, resolve, reject }`. */
export function withResolvers(sim: Simulation, site: CallSite): Value {
  const promise = sim.scheduler.newPromise(shorten(site.text), site.line, 'promise');
  const [resolve, reject] = resolvers(sim, promise);
  return { t: 'record', props: new Map<string, Value>([['promise', promise], ['resolve', resolve], ['reject', reject]]) };
}

/** A settled promise: `Promise.resolve(x)` (adopting a promise given) and `Promise.reject(e)`. */
export function settledPromise(sim: Simulation, task: SimTask, outcome: Resumption, site: CallSite): PromiseValue {
  if ('value' in outcome && isObject(outcome.value) && outcome.value.t === 'promise') return outcome.value;
  const promise = sim.scheduler.newPromise(shorten(site.text), site.line, 'promise');
  if ('error' in outcome) sim.scheduler.settle(promise, outcome);
  else resolvePromise(sim, task, promise, outcome.value);
  return promise;
}
