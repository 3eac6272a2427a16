/**
 * Timers and clocks. A sleep is work, shown as running: `asyncio.sleep`, a JavaScript timer from its start until
 * it fires or is cleared. A timer whose only job is to reject or abort (the deadline of a race) is no work; nor is
 * a `setInterval` ticker (a clock) or a loop's `call_later`. Clocks read the simulated time.
 */
import { ioPromise, taskOf } from '../awaiting';
import { calledInTask } from '../calls';
import { formatSeconds } from '../format';
import type { Expr, Line } from '../model';
import type { Row, SimTask } from '../scheduler';
import type { Simulation } from '../simulation';
import { shorten } from '../text';
import { CallSite, CoroutineValue, FunctionValue, isObject, isOpaque, NativeObject, opaque, Thrown, unbound, Value } from '../values';
import { exceptionInstance } from './exceptions';
import { registerIntervalIterator } from './intervalIterator';
import { abortListeners, signalGiven } from './timeouts';
import { argumentOf, native, Registry } from './index';

export function registerTimers(registry: Registry): void {
  const { sim, builtins } = registry;
  registerIntervalIterator(registry);
  builtins.set('sleep', entry => native('sleep', (task, args, keywords, site) => {
    const amount = argumentOf(entry.seconds ?? entry.milliseconds, args, keywords);
    const seconds = durationOf(sim, amount, entry.milliseconds ? 0.001 : 1, site);
    if (sim.language === 'python') return sleepCoroutine(sim, seconds, keywords?.get('result') ?? args[1] ?? null, site);
    const promise = sim.scheduler.newPromise(shorten(site.text), site.line, 'promise');
    // `setTimeout(ms, value, { signal })` of node:timers/promises: an abort clears the timer and rejects.
    const abortable = signalGiven(args[2]);
    if (abortable?.aborted) {
      sim.scheduler.settle(promise, { error: new Thrown(abortError(sim, abortable), site.line) });
      return promise;
    }
    const timer = startTimer(sim, task, seconds, () => sim.scheduler.settle(promise, { value: args[1] }), site, false, false);
    if (abortable) {
      abortListeners(sim, abortable).push(() => {
        if (promise.state !== 'pending') return;
        clearTimer(sim, timer);
        sim.scheduler.settle(promise, { error: new Thrown(abortError(sim, abortable), site.line) });
      });
    }
    return promise;
  }));
  builtins.set('setTimeout', () => native('setTimeout', (task, args, _k, site) => {
    const [callback, delay, ...rest] = args;
    return startTimer(sim, task, durationOf(sim, delay ?? 0, sim.semantics.timeUnit, site, true), runner(sim, task, callback, rest, site), site, isDeadline(sim, callback), false);
  }));
  builtins.set('setInterval', () => native('setInterval', (task, args, _k, site) => {
    const [callback, delay, ...rest] = args;
    return startTimer(sim, task, durationOf(sim, delay ?? 0, sim.semantics.timeUnit, site, true), runner(sim, task, callback, rest, site), site, true, true);
  }));
  builtins.set('setImmediate', () => native('setImmediate', (task, args, _k, site) => startTimer(sim, task, 0, runner(sim, task, args[0], args.slice(1), site), site, true, false)));
  builtins.set('queueMicrotask', () => native('queueMicrotask', (task, args, _k, site) => { sim.scheduler.soon(runner(sim, task, args[0], [], site)); return undefined; }));
  const clear = native('clearTimeout', (_t, args) => { clearTimer(sim, args[0]); return undefined; });
  builtins.set('clearTimeout', () => clear);
  builtins.set('clearInterval', () => clear);
  builtins.set('clock', () => native('clock', () => sim.now));
  builtins.set('clockMs', () => native('now', () => sim.now * 1000));
  builtins.set('eventLoop', () => native('get_event_loop', () => eventLoop(sim)));
  // A function kept for the process's exit or a signal is not called by the program (no callback after the assumed
  // latency, as an unknown call's would be). `atexit.register(fn)` returns `fn`, so it serves as a decorator.
  builtins.set('exitHook', entry => native(entry.name, (_t, args, _k, site) => {
    // Code outside the program holds the function: a signal's handler may release what the program waits on
    // (`loop.call_soon_threadsafe(event.set)`), so a wait for it is not a deadlock.
    if (args.some(arg => isObject(arg) && (arg.t === 'function' || arg.t === 'native'))) sim.unknownContext = true;
    const [first] = args;
    return isObject(first) && (first.t === 'function' || first.t === 'native') ? first : opaque(shorten(site.text), site.line);
  }));
  registry.members.set('timer', (timer, name) => {
    if (['unref', 'ref', 'refresh'].includes(name)) return native(name, () => timer);
    if (name === 'hasRef') return native(name, () => true);
    if (name === 'cancel') return native(name, () => { clearTimer(sim, timer); return null; });
    return unbound;
  });
  registry.members.set('loop', (_loop, name, task) => loopMember(sim, task, name));
}

/** Seconds from a timer's argument; one the code does not fix takes the assumed latency, and says so. */
/**
 * A timer fires no sooner than the clock ticks: a positive delay below a microsecond (what is left of a clock
 * difference in floating point, `deadline - time.monotonic()`) waits a microsecond, as a real loop's would, so a
 * program that waits for the clock to pass a point sees it pass. Such a wait is no work.
 */
const clockResolution = 1e-6;

export function durationOf(sim: Simulation, amount: Value, unit: number, site: CallSite, zeroWhenMissing = false): number {
  if (typeof amount === 'number' && !Number.isNaN(amount)) {
    const seconds = amount * unit;
    return seconds > 0 && seconds < clockResolution ? clockResolution : Math.max(0, seconds);
  }
  if (amount === undefined && zeroWhenMissing) return 0;
  if (typeof amount === 'number') return NaN;
  sim.assume(`${shorten(site.text)}: a duration the code does not fix, ${formatSeconds(sim.options.defaultLatency)} assumed.`, site.line);
  return sim.options.defaultLatency;
}

/** `asyncio.sleep(s)`: a coroutine that sleeps where it is awaited (or as a task of its own, one timer). */
export function sleepCoroutine(_sim: Simulation, seconds: number, result: Value, site: CallSite): CoroutineValue {
  const label = shorten(site.text);
  return {
    t: 'coroutine', label, line: site.line, ownRow: false, sleep: { seconds, result },
    run: function* () {
      const outcome = yield seconds > clockResolution ? { state: 'running', seconds, label, line: site.line } : { state: 'awaiting', seconds, label: '', line: site.line };
      if ('error' in outcome) throw outcome.error;
      return result;
    },
  };
}

/** What a timer runs when it fires: the callback, as a task of its own on the row that set the timer. */
function runner(sim: Simulation, task: SimTask, callback: Value, args: Value[], site: CallSite): () => void {
  const row = task.row;
  return () => {
    if (!isObject(callback)) return;
    if (callback.t === 'native' && callback.instant) callback.call(task, args, undefined, site, callback.self);
    else sim.scheduler.startTask(row, t => calledInTask(sim, t, callback, args, undefined, site), true, task);
  };
}

/** A timer whose callback only rejects a promise or aborts a signal: a deadline, not work. */
function isDeadline(sim: Simulation, callback: Value): boolean {
  if (!isObject(callback)) return false;
  if (callback.t === 'native') return callback.name === 'reject' || callback.name === 'abort';
  if (callback.t !== 'function' || callback.fn.body.length !== 1) return false;
  const statement = callback.fn.body[0];
  const expr = statement.kind === 'expr' || statement.kind === 'return' ? statement.value : undefined;
  return expr?.kind === 'call' && rejectsOrAborts(sim, callback, expr.callee);
}

function rejectsOrAborts(_sim: Simulation, callback: FunctionValue, callee: Expr): boolean {
  if (callee.kind === 'var') {
    const target = callback.closure.lookup(callee.name);
    return target !== unbound && isObject(target) && target.t === 'native' && (target.name === 'reject' || target.name === 'abort');
  }
  if (callee.kind === 'member' && callee.property === 'abort' && callee.object.kind === 'var') {
    const target = callback.closure.lookup(callee.object.name);
    return target !== unbound && isObject(target) && target.t === 'object' && target.kind === 'abortController';
  }
  return false;
}

/** Starts a timer: a running span on the row that set it, unless it is a deadline or a ticker. */
function startTimer(sim: Simulation, task: SimTask, seconds: number, fire: () => void, site: CallSite, noWork: boolean, repeat: boolean): NativeObject {
  const scheduler = sim.scheduler;
  const timer: NativeObject = { t: 'object', kind: 'timer', cleared: false };
  if (sim.moduleInit) return timer;
  const row: Row = task.row;
  const span = noWork || seconds <= clockResolution ? undefined : scheduler.openSpan(row, 'running', shorten(site.text), site.line, sim.now, sim.now + seconds);
  timer.span = span;
  const tick = () => {
    if (timer.cleared) return;
    if (repeat) timer.handle = scheduler.schedule(Math.max(seconds, 0.001), tick);
    else timer.cleared = true;
    fire();
  };
  timer.handle = scheduler.schedule(seconds, tick);
  return timer;
}

/** Node's timers reject an aborted wait with an `AbortError` whose `cause` is the signal's reason. */
export function abortError(sim: Simulation, signal: NativeObject): Value {
  const error = exceptionInstance(sim, 'AbortError', 'The operation was aborted');
  if (isObject(error) && error.t === 'record') error.props.set('cause', signal.reason as Value);
  return error;
}

function clearTimer(sim: Simulation, value: Value): void {
  if (!isObject(value) || value.t !== 'object' || value.kind !== 'timer' || value.cleared) return;
  value.cleared = true;
  const handle = value.handle as { cancelled: boolean } | undefined;
  if (handle) handle.cancelled = true;
  const span = value.span as { end: number; state: string } | undefined;
  if (span && span.end > sim.now) {
    span.end = sim.now;
    span.state = 'cancelled';
  }
}

/** asyncio's event loop: its clock, its callbacks, its tasks and its executor (I/O of the assumed latency). */
function eventLoop(_sim: Simulation): NativeObject {
  return { t: 'object', kind: 'loop' };
}

function loopMember(sim: Simulation, _task: SimTask, name: string): Value | typeof unbound {
  switch (name) {
    case 'time': return native(name, () => sim.now);
    case 'call_soon': case 'call_soon_threadsafe': return native(name, (task, args, _k, site) => startTimer(sim, task, 0, runner(sim, task, args[0], args.slice(1), site), site, true, false));
    case 'call_later': return native(name, (task, args, _k, site) => startTimer(sim, task, durationOf(sim, args[0], 1, site), runner(sim, task, args[1], args.slice(2), site), site, true, false));
    case 'call_at': return native(name, (task, args, _k, site) => startTimer(sim, task, Math.max(0, Number(args[0]) - sim.now), runner(sim, task, args[1], args.slice(2), site), site, true, false));
    case 'create_task': return native(name, (task, args, _k, site) => taskOf(sim, task, args[0], site));
    case 'create_future': return native(name, (_t, _a, _k, site) => sim.scheduler.newPromise('future', site.line, 'future'));
    case 'run_in_executor': return native(name, (task, _args, _k, site) => ioPromise(sim, task, opaque(shorten(site.text), site.line, { createdAt: sim.now }), site, true));
    case 'is_running': return native(name, () => true);
    default: return unbound;
  }
}

export { isOpaque, type Line };
