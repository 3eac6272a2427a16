/**
 * Awaiting and tasks: `await` in each language (a Python coroutine runs in the awaiting task, on a row of its own
 * when it is the file's; a promise or task is waited for; in JavaScript every await is a microtask's hop), tasks
 * made of awaitables (`create_task`, what `gather` and `Promise.all` are given), and the I/O of what the simulator
 * cannot see into: a call of it is instant, awaiting its result takes the assumed latency.
 */
import { callValue, calledInTask } from './calls';
import { cancelledError, isCancellation } from './builtins/exceptions';
import { listMethodOnUnknown, utilityBeltIteration } from './builtins/collections';
import { promiseMethod, resolvers } from './promises';
import { getAttribute } from './attributes';
import { abortListeners, signalGiven } from './builtins/timeouts';
import { runThroughNamedLimiter } from './builtins/limiters';
import { settledWith, type Evaluation } from './expressions';
import { formatSeconds } from './format';
import { assumedItems } from './iteration';
import type { Row, SimTask } from './scheduler';
import type { Simulation } from './simulation';
import { catalogFor } from '../semantics/catalog';
import { shorten } from './text';
import { CallSite, ClassValue, CoroutineValue, isObject, isPartlyUnknown, NativeObject, NativeResult, opaque, OpaqueValue, PromiseValue, Resumption, Thrown, Value, Wait } from './values';

function definesAwait(cls: ClassValue | undefined): boolean {
  for (let current = cls; current; current = current.base) if (current.model?.methods.some(m => m.name === '__await__')) return true;
  return false;
}

export function* awaitValue(sim: Simulation, task: SimTask, value: Value, site: CallSite): Evaluation {
  // A module's top-level await is not run: the module's statements take no time.
  if (sim.moduleInit) return opaque(site.text, site.line);
  if (isObject(value)) {
    switch (value.t) {
      case 'coroutine': return yield* awaitCoroutine(sim, task, value, site);
      case 'promise': return yield* waitFor(sim, task, value, site);
      case 'opaque':
        if (sim.language === 'python') return yield* ioWait(sim, task, value, site, true);
        return yield* waitFor(sim, task, ioPromise(sim, task, value, site, false), site);
      case 'record':
        if (sim.language === 'javascript' && (yield* thenOf(sim, task, value))) return yield* waitFor(sim, task, yield* adopt(sim, task, value, site), site);
        // A Python object awaitable by its class's `__await__` (its own or a base's), or one whose class the file does
        // not show whole (a made-up instance, a base from a library): awaited as unknown work.
        if (sim.language === 'python' && (isPartlyUnknown(value) || definesAwait(value.cls))) {
          return yield* ioWait(sim, task, opaque(site.text.replace(/^await\s+/, ''), site.line), site, false);
        }
        break;
    }
  }
  if (sim.language === 'python' && isObject(value) && sim.undecoratedResults.has(value)) {
    // A sync function's result through a decorator the simulation does not know, awaited: the decorator made it
    // awaitable (a future of the work done on another thread); the work is unknown I/O, and its value the body's.
    yield* ioWait(sim, task, opaque(site.text.replace(/^await\s+/, ''), site.line), site, false);
    return value;
  }
  if (sim.language === 'python') {
    const tolerated = sim.tolerate(`await ${sim.semantics.repr(value)}`, site.line);
    if (tolerated) return yield* ioWait(sim, task, tolerated, site, false);
    throw sim.error('TypeError', `object ${sim.semantics.repr(value)} can't be used in 'await' expression`, site.line);
  }
  // Awaiting a plain value still takes a microtask's hop.
  const hop: Wait = { state: 'awaiting', label: '', line: site.line, register: resume => { sim.scheduler.soon(() => resume({ value })); return () => {}; } };
  const outcome = (yield hop) as Resumption;
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}

/** A JavaScript object's `then` method, which makes it awaitable like a promise. */
function* thenOf(sim: Simulation, task: SimTask, value: Value): Evaluation {
  const then = yield* getAttribute(sim, task, value, 'then', 0);
  return isObject(then) && (then.t === 'function' || then.t === 'native') ? then : undefined;
}

/** A thenable made a promise: its `then` is called with the promise's resolve and reject. */
function* adopt(sim: Simulation, task: SimTask, thenable: Value, site: CallSite): Generator<Wait, PromiseValue, Resumption> {
  const promise = sim.scheduler.newPromise(shorten(site.text), site.line, 'promise');
  const then = yield* thenOf(sim, task, thenable);
  const [resolve, reject] = resolvers(sim, promise);
  yield* callValue(sim, task, then, [resolve, reject], undefined, site);
  return promise;
}

/** Waits for a promise or task; cancelling the waiter (Python) cancels it unless it is shielded. */
export function* waitFor(sim: Simulation, _task: SimTask, promise: PromiseValue, site: CallSite, state: Wait['state'] = 'awaiting'): Evaluation {
  if (promise.state !== 'pending' && sim.language === 'python') {
    if (promise.state === 'rejected') throw promise.error!;
    return promise.value;
  }
  const onCancel = sim.semantics.cancelsAwaited && !promise.shielded ? () => cancelPromise(sim, promise) : undefined;
  const outcome = (yield { state, label: shorten(site.text), line: site.line, promise, onCancel }) as Resumption;
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}

/** Cancels what a promise stands for (Python): its task, gather's children, or the future itself. */
export function cancelPromise(sim: Simulation, promise: PromiseValue, reason: unknown = 'cancel', timedOutRow?: Row): boolean {
  if (promise.state !== 'pending') return false;
  const error = cancelledError(sim, promise.line);
  if (promise.task) return sim.scheduler.cancel(promise.task, error, reason, timedOutRow);
  if (promise.children) {
    for (const child of promise.children) cancelPromise(sim, child, reason, timedOutRow);
    sim.scheduler.settle(promise, { error });
    return true;
  }
  sim.scheduler.settle(promise, { error });
  return true;
}

/** Whether a deadline of `row` (asyncio.timeout, wait_for) is why `task` was cancelled. */
function timedOutIn(task: SimTask, row: Row): boolean {
  return task.cancelReasons.some(reason => isObject(reason as Value) && (reason as { kind?: string; row?: Row }).kind === 'deadline' && (reason as { row?: Row }).row === row);
}

/** Python's `await coro`: it runs here, in the awaiting task; a coroutine of the file on a row of its own. */
function* awaitCoroutine(sim: Simulation, task: SimTask, coroutine: CoroutineValue, site: CallSite): Evaluation {
  if (coroutine.started) throw sim.error('RuntimeError', 'cannot reuse already awaited coroutine', site.line);
  coroutine.started = true;
  if (!coroutine.ownRow) return yield* coroutine.run(task);
  const parent = task.row;
  const start = sim.now;
  task.row = sim.scheduler.newRow(coroutine.label, coroutine.line, parent);
  task.depth++;
  let state: 'awaiting' | 'timedOut' = 'awaiting';
  try {
    return yield* coroutine.run(task);
  } catch (error) {
    if (error instanceof Thrown && isCancellation(sim, error.value) && timedOutIn(task, parent)) state = 'timedOut';
    throw error;
  } finally {
    task.row = parent;
    task.depth--;
    if (sim.now > start) sim.scheduler.openSpan(parent, state, shorten(site.text), site.line, start, sim.now);
  }
}

/** I/O the code does not show, awaited where it is: it runs on the awaiting task's row for the assumed latency. */
export function* ioWait(sim: Simulation, task: SimTask, value: OpaqueValue, site: CallSite, fromCreation: boolean): Evaluation {
  const label = ioLabel(value, site);
  const latency = ioLatency(sim, label, site.line);
  const remaining = fromCreation && sim.language === 'javascript' && value.createdAt !== undefined ? Math.max(0, value.createdAt + latency - sim.now) : latency;
  if (value.signal) return yield* waitFor(sim, task, ioPromise(sim, task, value, site, false), site);
  const outcome = (yield { state: 'running', seconds: remaining, label: shorten(site.text.replace(/^await\s+/, '')), line: site.line, unknownWork: true }) as Resumption;
  if ('error' in outcome) throw outcome.error;
  return opaque(`result of ${label}`, site.line);
}

function ioLabel(value: OpaqueValue, site: CallSite): string {
  return shorten(value.createdAt !== undefined ? value.text : site.text.replace(/^await\s+/, ''));
}

function ioLatency(sim: Simulation, label: string, line: number): number {
  sim.assume(`${label}: I/O of unknown duration, ${formatSeconds(sim.options.defaultLatency)} assumed.`, line);
  return sim.options.defaultLatency;
}

/**
 * The I/O an unknown awaitable stands for, as a promise (made once per value): on its own row when given to a
 * combinator, on the task's when awaited there. In JavaScript it runs from the call that made it; an AbortSignal
 * given to that call ends it early with the signal's reason.
 */
export function ioPromise(sim: Simulation, task: SimTask, value: OpaqueValue, site: CallSite, ownRow: boolean): PromiseValue {
  if (value.io) return value.io;
  const scheduler = sim.scheduler;
  const label = ioLabel(value, site);
  const latency = ioLatency(sim, label, value.line || site.line);
  const promise = scheduler.newPromise(label, value.line || site.line, 'task');
  promise.unknownWork = true;
  value.io = promise;
  const row = ownRow ? scheduler.newRow(label, value.line || site.line, task.row) : task.row;
  const start = sim.language === 'javascript' && value.createdAt !== undefined ? Math.min(value.createdAt, sim.now) : sim.now;
  const end = Math.max(sim.now, start + latency);
  const span = scheduler.openSpan(row, 'running', label, value.line || site.line, start, end);
  const io = scheduler.bodilessTask(row, promise, task);
  const result = opaque(`result of ${label}`, value.line || site.line);
  const timer = scheduler.timerSettling(promise, end - sim.now, { value: result });
  io.pending = { wait: { state: 'running', label, line: span.line }, span, timer };
  if (value.signal) {
    abortListeners(sim, value.signal).push(reason => {
      if (promise.state !== 'pending') return;
      timer.cancelled = true;
      span.end = sim.now;
      span.state = 'cancelled';
      io.pending = undefined;
      scheduler.settle(promise, { error: new Thrown(reason, span.line) });
    });
  }
  return promise;
}

/** A sleep as a task of its own (`gather(*[asyncio.sleep(1) ...])`): one timer, no generator; cancellable. */
function sleepTask(sim: Simulation, task: SimTask, coroutine: CoroutineValue & { sleep: { seconds: number; result: Value } }): PromiseValue {
  const scheduler = sim.scheduler;
  const row = scheduler.newRow(coroutine.label, coroutine.line, task.row);
  const promise = scheduler.newPromise(coroutine.label, coroutine.line, 'task');
  const sleeping = scheduler.bodilessTask(row, promise, task);
  const span = scheduler.openSpan(row, 'running', coroutine.label, coroutine.line, sim.now, sim.now + Math.max(0, coroutine.sleep.seconds));
  const timer = scheduler.timerSettling(promise, coroutine.sleep.seconds, { value: coroutine.sleep.result });
  sleeping.pending = { wait: { state: 'running', label: coroutine.label, line: coroutine.line }, span, timer };
  return promise;
}

/** `asyncio.create_task(aw)` / `ensure_future`: a coroutine becomes a task of its own, soon running. */
export function taskOf(sim: Simulation, task: SimTask, value: Value, site: CallSite): PromiseValue {
  if (isObject(value)) {
    switch (value.t) {
      case 'promise': return value;
      case 'coroutine': {
        if (value.started) throw sim.error('RuntimeError', 'cannot reuse already awaited coroutine', site.line);
        value.started = true;
        if (value.sleep) return sleepTask(sim, task, value as CoroutineValue & { sleep: { seconds: number; result: Value } });
        const row = sim.scheduler.newRow(value.label, value.line, task.row);
        const coroutine = value;
        return sim.scheduler.startTask(row, t => coroutine.run(t), false, task).promise;
      }
      case 'opaque': return ioPromise(sim, task, value, site, true);
    }
  }
  throw sim.error('TypeError', `a coroutine was expected, got ${sim.semantics.repr(value)}`, site.line);
}

/** What a combinator makes of each thing it is given: a task (Python), a promise (JavaScript). */
export function promiseOf(sim: Simulation, task: SimTask, value: Value, site: CallSite): Generator<Wait, PromiseValue, Resumption> {
  // Python's and a promise's need no generator (a gather over 10,000 makes one per item otherwise).
  if (sim.language === 'python') return settledWith(taskOf(sim, task, value, site)) as Generator<Wait, PromiseValue, Resumption>;
  if (isObject(value) && value.t === 'promise') return settledWith(value) as Generator<Wait, PromiseValue, Resumption>;
  return javascriptPromiseOf(sim, task, value, site);
}

function* javascriptPromiseOf(sim: Simulation, task: SimTask, value: Value, site: CallSite): Generator<Wait, PromiseValue, Resumption> {
  if (isObject(value)) {
    if (value.t === 'promise') return value;
    if (value.t === 'opaque') return ioPromise(sim, task, value, site, true);
    if (value.t === 'record' && (yield* thenOf(sim, task, value))) return yield* adopt(sim, task, value, site);
  }
  const resolved = sim.scheduler.newPromise('value', site.line, 'promise');
  sim.scheduler.settle(resolved, { value });
  return resolved;
}

/**
 * A call of something the simulator cannot see into: instant, its result unknown (and I/O when awaited). A
 * promise's methods on it make it the I/O it stands for; an array's methods and a visitor's (the catalogue's
 * visitorMethodName) walk the assumed items; a function
 * given to it is assumed to be called back once, after the assumed latency (a Node-style callback gets no error).
 */
export function opaqueCall(sim: Simulation, task: SimTask, callee: OpaqueValue, args: Value[], site: CallSite, isNew = false): NativeResult {
  const member = callee.member;
  // `_.each(attributes, fn)`: a utility belt's iteration calls `fn` for each value before it returns.
  const beltFunction = sim.language === 'javascript' && !isNew ? utilityBeltFunction(callee) : undefined;
  const belt = beltFunction && utilityBeltIteration(sim, task, beltFunction, args, site);
  if (belt !== undefined) return belt;
  if (sim.language === 'javascript' && callee.receiver && member && !isNew) {
    if (member === 'then' || member === 'catch' || member === 'finally') {
      return promiseMethod(sim, task, ioPromise(sim, task, callee.receiver, site, true), member, args, site);
    }
    // A visitor (`root.walk(node => queue.add(node))`) calls the function it is given for each part before it returns.
    const method = catalogFor('javascript').nameSays('visitorMethodName', member) ? 'forEach' : member;
    const walked = listMethodOnUnknown(sim, task, receiver => assumedItems(sim, receiver), callee.receiver, method, args, site);
    if (walked !== undefined) return walked;
  }
  if (callee.receiver && member && !isNew && !sim.moduleInit) {
    const limited = runThroughNamedLimiter(sim, task, callee.receiver, member, args, site);
    if (limited) return limited;
  }
  let signal: NativeObject | undefined;
  for (const arg of args) signal = signalGiven(arg) ?? signal;
  if (!sim.moduleInit) callBack(sim, task, callee, args, site);
  // Unknown code given an object or a function may keep it, and later release what the program waits on.
  if (args.some(arg => isObject(arg) && arg.t !== 'opaque')) sim.unknownContext = true;
  return opaque(shorten(site.text), site.line, { createdAt: isNew ? undefined : sim.now, entry: callee.entry, signal, depth: callee.depth });
}

/**
 * The function of `_.each`, `lodash.forIn`, `lodash_1.default.map`, `underscore.each`: a member of a module the
 * catalogue knows computes values in memory (its `utilityModuleName`), by the text of the call.
 */
function utilityBeltFunction(callee: OpaqueValue): string | undefined {
  const parts = callee.text.split('.');
  if (parts.length < 2 || parts.length > 3 || (parts.length === 3 && parts[1] !== 'default')) return undefined;
  const root = parts[0].replace(/_\d+$/, '');
  return root === '_' || catalogFor('javascript').nameSays('utilityModuleName', root) ? parts[parts.length - 1] : undefined;
}

function callBack(sim: Simulation, task: SimTask, callee: OpaqueValue, args: Value[], site: CallSite): void {
  const callbacks = args.filter(arg => isObject(arg) && (arg.t === 'function' || (arg.t === 'native' && arg.name !== 'reject')));
  // An 'error' listener is for what the simulator assumes does not happen.
  if (callbacks.length === 0 || args.some(arg => arg === 'error' || arg === 'err')) return;
  sim.assume(`${shorten(site.text)}: the function given to it is assumed to be called once, after ${formatSeconds(sim.options.defaultLatency)}.`, site.line);
  const callback = callbacks[0];
  // The wait for it is the unknown work's: I/O of the assumed latency.
  sim.scheduler.openSpan(task.row, 'running', shorten(site.text), site.line, sim.now, sim.now + sim.options.defaultLatency);
  sim.scheduler.schedule(sim.options.defaultLatency, () => {
    const takesError = isObject(callback) && ((callback.t === 'native' && callback.name === 'nodeCallback')
      || (callback.t === 'function' && callback.fn.params.length > 1 && /^(err|error|e)$/i.test(callback.fn.params[0].pattern.kind === 'name' ? callback.fn.params[0].pattern.name : '')));
    const given = takesError ? [null, opaque(`result of ${callee.text}`, site.line)] : [opaque(`result of ${callee.text}`, site.line)];
    const row = sim.scheduler.newRow(`callback of ${shorten(callee.text, 40)}`, site.line, task.row);
    sim.scheduler.startTask(row, t => calledInTask(sim, t, callback, given, undefined, site), true, task);
  });
}

