/**
 * Limiters hand permits out first come, first served: asyncio's Semaphore (and anyio's, trio's; their permits are
 * where the catalogue says), p-limit's `limit(fn)`, p-queue's `add(fn)` and `onIdle()`, p-map. A permit is handed
 * to the next waiter on release, so nobody overtakes a waiter. The what-if "limit every limiter to N" replaces
 * their sizes (Simulation.limitOf).
 */
import { awaitValue } from '../awaiting';
import { callValue } from '../calls';
import type { Context } from '../contexts';
import { itemsOf } from '../iteration';
import type { SimTask } from '../scheduler';
import type { Simulation } from '../simulation';
import { shorten } from '../text';
import { CallSite, CoroutineValue, isObject, list, NativeObject, OpaqueValue, PromiseValue, Resumption, Thrown, unbound, Value, Wait } from '../values';
import { defaultAnalysisOptions } from '../../rule';
import { catalogFor } from '../../semantics/catalog';
import { extendable } from './extending';
import { argumentOf, native, Registry } from './index';
import { waitIn } from './waiting';

export function registerLimiters(registry: Registry): void {
  const { sim, builtins } = registry;
  builtins.set('semaphore', entry => extendable(native(entry.name, (_t, args, keywords, site) => {
    return newSemaphore(sim, argumentOf(entry.permits, args, keywords), site, entry.name.endsWith('BoundedSemaphore'));
  })));
  builtins.set('pLimit', entry => native(entry.name, (_t, args, keywords, site) => {
    const limiter = newSemaphore(sim, argumentOf(entry.permits, args, keywords), site, false);
    return native('limit', (task, callArgs, _k, callSite) => limited(sim, task, limiter, callArgs[0], callArgs.slice(1), callSite), undefined);
  }));
  builtins.set('pQueue', entry => extendable(native(entry.name, (_t, args, keywords, site) => newSemaphore(sim, argumentOf(entry.permits, args, keywords) ?? Infinity, site, false, 'pQueue'), (_t, args, site) => newSemaphore(sim, argumentOf(entry.permits, args, undefined) ?? Infinity, site, false, 'pQueue'))));
  builtins.set('pMap', entry => native(entry.name, function* (task, args, keywords, site) {
    const items = yield* itemsOf(sim, task, args[0], site.line);
    const concurrency = argumentOf(entry.permits, args, keywords);
    return pMap(sim, task, items, args[1], permitsOf(sim, concurrency === undefined ? Infinity : concurrency, site), site);
  }));
  registry.members.set('semaphore', (semaphore, name) => semaphoreMember(sim, semaphore, name));
  registry.contexts.set('semaphore', (semaphore, site) => semaphoreContext(sim, semaphore, site));
}

/** Permits of a limiter the code hands in without showing them: the rule's default limit, which it trusts. */
const assumedPermits = defaultAnalysisOptions.maxConcurrency;

/**
 * `limiter.run(() => work())` on a limiter the simulation cannot see (a parameter, an attribute set elsewhere):
 * as the rule does, its name (the catalogue's `limiterName`) says it is a limiter, so the function runs through one
 * (one per name in a simulation) of `assumedPermits` permits, and the assumption says so. Undefined otherwise.
 */
export function runThroughNamedLimiter(sim: Simulation, task: SimTask, receiver: OpaqueValue, member: string, args: Value[], site: CallSite): PromiseValue | undefined {
  // The catalogue's `limiterRunMethodName`: the methods that run the function they are given through the limiter they
  // are called on (p-queue's `add`, Bottleneck's `schedule`, a pool's `submit`, a hand-written limiter's `run`), the
  // same the rule takes as bounding.
  const catalog = catalogFor(sim.language);
  if (!catalog.nameSays('limiterRunMethodName', member)) return undefined;
  const fn = args.find(arg => isObject(arg) && (arg.t === 'function' || arg.t === 'native'));
  const name = receiver.text.split('.').pop() ?? '';
  if (!fn || !catalog.nameSays('limiterName', name)) return undefined;
  let limiter = sim.namedLimiters.get(receiver.text);
  if (!limiter) {
    sim.assume(`${shorten(receiver.text)} is taken as a limiter, as its name says (as the rule does): its permits are not in the code, ${assumedPermits} assumed.`, site.line);
    const permits = sim.limitOf(assumedPermits, site.line);
    limiter = { t: 'object', kind: 'semaphore', flavour: 'named', permits, initial: permits, bounded: false, waiters: [], tasks: [], idle: [] };
    sim.namedLimiters.set(receiver.text, limiter);
  }
  return limited(sim, task, limiter, fn, [], site);
}

function permitsOf(sim: Simulation, requested: Value, site: CallSite): number {
  if (typeof requested === 'number') return sim.limitOf(requested, site.line);
  sim.assume(`${shorten(site.text)}: a limit the code does not fix, ${sim.options.itemCount} assumed.`, site.line);
  return sim.limitOf(sim.options.itemCount, site.line);
}

function newSemaphore(sim: Simulation, requested: Value, site: CallSite, bounded: boolean, flavour = 'semaphore'): NativeObject {
  const permits = permitsOf(sim, requested ?? 1, site);
  return { t: 'object', kind: 'semaphore', flavour, permits, initial: permits, bounded, waiters: [], tasks: [], idle: [] };
}

type Waiter = () => void;

/** Waits for a permit; a waiter cancelled while it waits leaves the line. */
export function* acquire(_sim: Simulation, semaphore: NativeObject, label: string, line: number): Generator<Wait, void, Resumption> {
  const waiters = semaphore.waiters as Waiter[];
  if ((semaphore.permits as number) > 0 && waiters.length === 0) {
    (semaphore.permits as number)--;
    return;
  }
  yield* waitIn(waiters, 'waiting', label, line);
}

export function release(sim: Simulation, semaphore: NativeObject, line: number): void {
  const next = (semaphore.waiters as Waiter[]).shift();
  if (next) { next(); return; }
  if (semaphore.bounded && (semaphore.permits as number) >= (semaphore.initial as number)) throw sim.error('ValueError', 'BoundedSemaphore released too many times', line);
  (semaphore.permits as number)++;
}

function semaphoreContext(sim: Simulation, semaphore: NativeObject, site: CallSite): Context {
  return {
    enter: function* () {
      yield* acquire(sim, semaphore, shorten(site.text.trim() || 'async with semaphore'), site.line);
      return null;
    },
    exit: function* () { release(sim, semaphore, site.line); return false; },
  };
}

function semaphoreMember(sim: Simulation, semaphore: NativeObject, name: string): Value | typeof unbound {
  switch (name) {
    case 'acquire': return native(name, (_t, _a, _k, site): CoroutineValue => ({
      t: 'coroutine', label: shorten(site.text), line: site.line, ownRow: false,
      run: function* () { yield* acquire(sim, semaphore, shorten(site.text), site.line); return true; },
    }));
    case 'release': return native(name, (_t, _a, _k, site) => { release(sim, semaphore, site.line); return null; });
    case 'locked': return native(name, () => (semaphore.permits as number) === 0);
    case 'add': return native(name, (task, args, _k, site) => limited(sim, task, semaphore, args[0], [], site));
    case 'addAll': return native(name, function* (task, args, _k, site) {
      const functions = yield* itemsOf(sim, task, args[0], site.line);
      return list(functions.map(fn => limited(sim, task, semaphore, fn, [], site)));
    });
    case 'onIdle': case 'onEmpty': return native(name, (_t, _a, _k, site) => whenIdle(sim, semaphore, site));
    case 'size': return (semaphore.waiters as Waiter[]).length;
    case 'pending': case 'activeCount': return (semaphore.tasks as PromiseValue[]).filter(t => t.state === 'pending').length - (semaphore.waiters as Waiter[]).length;
    case 'pendingCount': return (semaphore.waiters as Waiter[]).length;
    case 'concurrency': return semaphore.initial as number;
    case 'clearQueue': case 'clear': return native(name, () => { (semaphore.waiters as Waiter[]).length = 0; return undefined; });
    default: return unbound;
  }
}

/**
 * `limit(fn, ...args)` / `queue.add(fn)`: a row of its own that waits for a permit, runs `fn` and waits for what it
 * returns, then hands the permit on. Its promise settles with `fn`'s result.
 */
function limited(sim: Simulation, parent: SimTask, semaphore: NativeObject, fn: Value, args: Value[], site: CallSite): PromiseValue {
  const label = shorten(site.text);
  const row = sim.scheduler.newRow(label, site.line, parent.row);
  const task = sim.scheduler.startTask(row, function* (t): Generator<Wait, Value, Resumption> {
    yield* acquire(sim, semaphore, label, site.line);
    try {
      const result = isObject(fn) && fn.t !== 'opaque' ? yield* callValue(sim, t, fn, args, undefined, site) : fn;
      return yield* awaitValue(sim, t, result, site);
    } finally {
      release(sim, semaphore, site.line);
      notifyIdle(sim, semaphore);
    }
  }, true, parent);
  (semaphore.tasks as PromiseValue[]).push(task.promise);
  return task.promise;
}

function notifyIdle(sim: Simulation, semaphore: NativeObject): void {
  sim.scheduler.soon(() => {
    if ((semaphore.tasks as PromiseValue[]).some(t => t.state === 'pending')) return;
    for (const promise of (semaphore.idle as PromiseValue[]).splice(0)) sim.scheduler.settle(promise, { value: undefined });
  });
}

/** p-queue's `onIdle()`: settles when nothing added is running or waiting. */
function whenIdle(sim: Simulation, semaphore: NativeObject, site: CallSite): PromiseValue {
  const promise = sim.scheduler.newPromise(shorten(site.text), site.line, 'promise');
  if (!(semaphore.tasks as PromiseValue[]).some(t => t.state === 'pending')) sim.scheduler.settle(promise, { value: undefined });
  else (semaphore.idle as PromiseValue[]).push(promise);
  return promise;
}

/** p-map: at most `concurrency` calls of `mapper` at once, started in order as earlier ones finish. */
function pMap(sim: Simulation, parent: SimTask, items: Value[], mapper: Value, concurrency: number, site: CallSite): PromiseValue {
  const semaphore: NativeObject = { t: 'object', kind: 'semaphore', flavour: 'pMap', permits: concurrency, initial: concurrency, bounded: false, waiters: [], tasks: [], idle: [] };
  const results = items.map((item, index) => limited(sim, parent, semaphore, mapper, [item, index], site));
  const combined = sim.scheduler.newPromise(shorten(site.text), site.line, 'promise');
  let remaining = results.length;
  if (remaining === 0) sim.scheduler.settle(combined, { value: list([]) });
  for (const result of results) {
    sim.scheduler.whenSettled(result, settled => {
      if (combined.state !== 'pending') return;
      if (settled.state === 'rejected') { sim.scheduler.settle(combined, { error: settled.error as Thrown }); return; }
      if (--remaining === 0) sim.scheduler.settle(combined, { value: list(results.map(r => r.value)) });
    });
  }
  return combined;
}
