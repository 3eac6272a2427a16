/**
 * Deadlines and cancellation. `asyncio.timeout` and `wait_for` cancel the task at the deadline (what it awaits is
 * cancelled with it) and turn that cancellation into TimeoutError; a deadline is a loop timer, not work. In
 * JavaScript an AbortController's `abort()` tells its signal's listeners at once; `AbortSignal.timeout(ms)`
 * aborts by itself; a call given a signal ends when it aborts.
 */
import { awaitValue } from '../awaiting';
import { callValue } from '../calls';
import type { Context } from '../contexts';
import type { Row, SimTask } from '../scheduler';
import type { Simulation } from '../simulation';
import { shorten } from '../text';
import { CallSite, CoroutineValue, isObject, NativeObject, Thrown, unbound, Value } from '../values';
import { cancelledError, exceptionInstance, isCancellation } from './exceptions';
import { native, Registry } from './index';

export function registerTimeouts(registry: Registry): void {
  const { sim, builtins } = registry;
  builtins.set('waitFor', () => native('wait_for', (_t, args, keywords, site) => waitFor(sim, args[0], args[1] ?? keywords?.get('timeout'), site)));
  builtins.set('timeoutBlock', () => native('timeout', (_t, args, keywords) => deadlineScope(args[0] ?? keywords?.get('delay'), false)));
  builtins.set('timeoutAt', () => native('timeout_at', (_t, args, keywords) => deadlineScope(args[0] ?? keywords?.get('when'), true)));
  builtins.set('abortTimeout', () => native('AbortSignal.timeout', (_t, args, _k, site) => {
    const signal = newSignal();
    if (typeof args[0] === 'number' && !sim.moduleInit) {
      sim.scheduler.schedule(args[0] * sim.semantics.timeUnit, () => abort(sim, signal, exceptionInstance(sim, 'TimeoutError', 'The operation was aborted due to timeout'), site));
    }
    return signal;
  }));
  const controller = native('AbortController', () => newController(), () => newController());
  builtins.set('abortController', () => controller);
  registry.members.set('abortController', (object, name) => {
    if (name === 'signal') return object.signal as NativeObject;
    if (name === 'abort') return native(name, function* (task, args, _k, site) { yield* abortNow(sim, task, object.signal as NativeObject, args[0], site); return undefined; });
    return unbound;
  });
  registry.members.set('signal', (signal, name) => signalMember(sim, signal, name));
  registry.contexts.set('deadline', (scope, site) => deadlineContext(sim, scope, site));
  registry.members.set('deadline', (scope, name) => {
    if (name === 'expired') return native(name, () => scope.expired === true);
    if (name === 'when') return native(name, () => (scope.when as number | undefined) ?? null);
    if (name === 'reschedule') return native(name, (_t, args) => { reschedule(sim, scope, args[0]); return null; });
    return unbound;
  });
}

function deadlineScope(seconds: Value, absolute: boolean): NativeObject {
  return { t: 'object', kind: 'deadline', seconds, absolute, expired: false };
}

function reschedule(sim: Simulation, scope: NativeObject, when: Value): void {
  const timer = scope.timer as { cancelled: boolean } | undefined;
  if (timer) timer.cancelled = true;
  if (typeof when !== 'number' || !scope.task) return;
  scope.when = when;
  scope.timer = sim.scheduler.schedule(when - sim.now, () => expire(sim, scope));
}

function expire(sim: Simulation, scope: NativeObject): void {
  scope.expired = true;
  const task = scope.task as SimTask;
  sim.scheduler.cancel(task, cancelledError(sim, scope.line as number), scope, scope.row as Row);
}

/** Forgets the cancellation a deadline asked for, once its block is left (asyncio's `uncancel`). */
function forget(task: SimTask, scope: NativeObject): void {
  const i = task.cancelReasons.indexOf(scope);
  if (i < 0) return;
  task.cancelReasons.splice(i, 1);
  task.cancelRequests = Math.max(0, task.cancelRequests - 1);
  if (task.cancelReasons.length === 0) task.cancelPending = undefined;
}

/** `async with asyncio.timeout(s):` the block is cancelled at the deadline, and TimeoutError raised out of it. */
function deadlineContext(sim: Simulation, scope: NativeObject, site: CallSite): Context {
  return {
    enter: function* (task) {
      scope.task = task;
      scope.row = task.row;
      scope.line = site.line;
      if (typeof scope.seconds === 'number') {
        const when = scope.absolute ? scope.seconds : sim.now + scope.seconds;
        scope.when = when;
        scope.timer = sim.scheduler.schedule(when - sim.now, () => expire(sim, scope));
      }
      return scope;
    },
    exit: function* (task, error) {
      const timer = scope.timer as { cancelled: boolean } | undefined;
      if (timer) timer.cancelled = true;
      const ours = task.cancelReasons.includes(scope);
      forget(task, scope);
      if (error && scope.expired && ours && isCancellation(sim, error.value)) throw sim.error('TimeoutError', '', site.line);
      return false;
    },
  };
}

/** `asyncio.wait_for(aw, timeout)`: `aw` awaited here under a deadline (Python 3.12's own definition). */
function waitFor(sim: Simulation, awaitable: Value, timeout: Value, site: CallSite): CoroutineValue {
  const label = shorten(site.text);
  return {
    t: 'coroutine', label, line: site.line, ownRow: false,
    run: function* (task) {
      if (typeof timeout !== 'number') return yield* awaitValue(sim, task, awaitable, site);
      const scope = deadlineScope(timeout, false);
      const context = deadlineContext(sim, scope, site);
      yield* context.enter(task);
      let result: Value;
      try {
        result = yield* awaitValue(sim, task, awaitable, site);
      } catch (error) {
        if (!(error instanceof Thrown)) throw error;
        yield* context.exit(task, error);
        throw error;
      }
      yield* context.exit(task, undefined);
      return result;
    },
  };
}

// -- AbortController and AbortSignal ------------------------------------------------------------------------------

function newSignal(): NativeObject {
  return { t: 'object', kind: 'signal', aborted: false, reason: undefined, listeners: [], internal: [] };
}

function newController(): NativeObject {
  return { t: 'object', kind: 'abortController', signal: newSignal() };
}

/**
 * The AbortSignal a call is given: the argument itself, or the `signal` of an options object (`fetch(url, { signal })`,
 * `setTimeout(ms, value, { signal })` of node:timers/promises).
 */
export function signalGiven(value: Value): NativeObject | undefined {
  const signal = isObject(value) && value.t === 'record' ? value.props.get('signal') : value;
  return isObject(signal) && signal.t === 'object' && signal.kind === 'signal' ? signal : undefined;
}

/** What the simulator itself does when a signal aborts (the calls given it end): called with the reason. */
export function abortListeners(_sim: Simulation, signal: NativeObject): Array<(reason: Value) => void> {
  return signal.internal as Array<(reason: Value) => void>;
}

/** Aborts from a timer: the program's listeners run as a task of their own. */
function abort(sim: Simulation, signal: NativeObject, reason: Value, site: CallSite): void {
  if (signal.aborted) return;
  const row = sim.scheduler.rows[0];
  sim.scheduler.startTask(row, function* (task) { yield* abortNow(sim, task, signal, reason, site); return undefined; }, true);
}

function* abortNow(sim: Simulation, task: SimTask, signal: NativeObject, reason: Value, site: CallSite): Generator<import('../values').Wait, void, import('../values').Resumption> {
  if (signal.aborted) return;
  signal.aborted = true;
  signal.reason = reason === undefined ? exceptionInstance(sim, 'AbortError', 'This operation was aborted') : reason;
  for (const internal of (signal.internal as Array<(reason: Value) => void>).splice(0)) internal(signal.reason as Value);
  const listeners = (signal.listeners as Value[]).splice(0);
  if (isObject(signal.onabort as Value)) listeners.push(signal.onabort as Value);
  // Listeners run at once, in order, as dispatchEvent does.
  for (const listener of listeners) yield* callValue(sim, task, listener, [{ t: 'record', props: new Map<string, Value>([['type', 'abort']]) }], undefined, site);
}

function signalMember(_sim: Simulation, signal: NativeObject, name: string): Value | typeof unbound {
  switch (name) {
    case 'aborted': return signal.aborted as boolean;
    case 'reason': return signal.reason as Value;
    case 'onabort': return (signal.onabort as Value) ?? null;
    case 'throwIfAborted': return native(name, (_t, _a, _k, site) => {
      if (signal.aborted) throw new Thrown(signal.reason as Value, site.line);
      return undefined;
    });
    case 'addEventListener': return native(name, (_t, args) => {
      if (args[0] === 'abort') (signal.listeners as Value[]).push(args[1]);
      return undefined;
    });
    case 'removeEventListener': return native(name, (_t, args) => {
      const listeners = signal.listeners as Value[];
      const i = listeners.indexOf(args[1]);
      if (i >= 0) listeners.splice(i, 1);
      return undefined;
    });
    default: return unbound;
  }
}
