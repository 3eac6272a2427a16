/**
 * Locks, events, conditions and emitters. asyncio's Lock lets one task in at a time, first come first served;
 * `Event.wait()` blocks until another task sets it; `Condition.wait()` gives its lock up until notified and takes
 * it back; `wait_for(predicate)` waits until the predicate holds. Node's EventEmitter calls its listeners at once,
 * in order, when an event is emitted; `events.once` is a promise of the next one. Waiting is not work.
 */
import { callValue } from '../calls';
import type { Context } from '../contexts';
import type { SimTask } from '../scheduler';
import type { Simulation } from '../simulation';
import { shorten } from '../text';
import { CallSite, ClassValue, isObject, list, NativeObject, opaque, RecordValue, Resumption, unbound, Value, Wait } from '../values';
import { acquire, release } from './limiters';
import { extendable, libraryObjectOf } from './extending';
import { native, Registry } from './index';
import { nativeCoroutine, waitIn } from './waiting';

export function registerSync(registry: Registry): void {
  const { sim, builtins } = registry;
  builtins.set('lock', () => extendable(native('Lock', () => newLock())));
  builtins.set('event', () => extendable(native('Event', () => ({ t: 'object', kind: 'event', isSet: false, waiters: [] }))));
  builtins.set('condition', () => extendable(native('Condition', (_t, args) => {
    // The lock given may be an instance of a subclass of Lock.
    const given = libraryObjectOf(args[0]);
    return { t: 'object', kind: 'condition', lock: given?.kind === 'semaphore' ? given : newLock(), waiters: [] };
  })));
  const emitter = eventEmitterClass(sim);
  builtins.set('eventEmitter', () => emitter);
  builtins.set('emitterOnce', () => native('once', (_t, args, _k, site) => nextEvent(sim, args[0], args[1], site)));
  registry.members.set('event', (event, name) => eventMember(sim, event, name));
  registry.members.set('condition', (condition, name) => conditionMember(sim, condition, name));
  registry.contexts.set('condition', (condition, site) => lockContext(sim, condition.lock as NativeObject, site));
}

/** A lock is a semaphore of one permit that cannot be released more than taken. */
function newLock(): NativeObject {
  return { t: 'object', kind: 'semaphore', flavour: 'lock', permits: 1, initial: 1, bounded: true, waiters: [], tasks: [], idle: [] };
}

function lockContext(sim: Simulation, lock: NativeObject, site: CallSite): Context {
  return {
    enter: function* () { yield* acquire(sim, lock, shorten(site.text.trim() || 'async with lock'), site.line); return null; },
    exit: function* () { release(sim, lock, site.line); return false; },
  };
}

function eventMember(_sim: Simulation, event: NativeObject, name: string): Value | typeof unbound {
  const waiters = event.waiters as Array<() => void>;
  switch (name) {
    case 'wait': return native(name, (_t, _a, _k, site) => nativeCoroutine(site, function* () {
      if (!event.isSet) yield* waitIn(waiters, 'waiting', shorten(site.text), site.line);
      return true;
    }));
    case 'set': return native(name, () => { event.isSet = true; for (const waiter of waiters.splice(0)) waiter(); return null; });
    case 'clear': return native(name, () => { event.isSet = false; return null; });
    case 'is_set': return native(name, () => event.isSet as boolean);
    default: return unbound;
  }
}

function conditionMember(sim: Simulation, condition: NativeObject, name: string): Value | typeof unbound {
  const lock = condition.lock as NativeObject;
  const waiters = condition.waiters as Array<() => void>;
  const wait = function* (site: CallSite): Generator<Wait, void, Resumption> {
    if ((lock.permits as number) > 0) throw sim.error('RuntimeError', 'cannot wait on un-acquired lock', site.line);
    release(sim, lock, site.line);
    try {
      yield* waitIn(waiters, 'waiting', shorten(site.text), site.line);
    } finally {
      // The lock is taken back however the wait ends, a cancellation too.
      yield* acquire(sim, lock, shorten(site.text), site.line);
    }
  };
  switch (name) {
    case 'acquire': return native(name, (_t, _a, _k, site) => nativeCoroutine(site, function* () { yield* acquire(sim, lock, shorten(site.text), site.line); return true; }));
    case 'release': return native(name, (_t, _a, _k, site) => { release(sim, lock, site.line); return null; });
    case 'locked': return native(name, () => (lock.permits as number) === 0);
    case 'wait': return native(name, (_t, _a, _k, site) => nativeCoroutine(site, function* () { yield* wait(site); return true; }));
    case 'wait_for': return native(name, (task, args, _k, site) => nativeCoroutine(site, function* () {
      let result = yield* callValue(sim, task, args[0], [], undefined, site);
      while (sim.semantics.truthy(result) === false) {
        yield* wait(site);
        result = yield* callValue(sim, task, args[0], [], undefined, site);
      }
      return result;
    }));
    case 'notify': return native(name, (_t, args) => {
      const count = typeof args[0] === 'number' ? args[0] : 1;
      for (const waiter of waiters.splice(0, count)) waiter();
      return null;
    });
    case 'notify_all': return native(name, () => { for (const waiter of waiters.splice(0)) waiter(); return null; });
    default: return unbound;
  }
}

// -- EventEmitter --------------------------------------------------------------------------------------------------

interface Listener { fn: Value; once: boolean }

function listenersOf(self: Value): Map<string, Listener[]> {
  const record = self as RecordValue;
  record.native ??= {};
  return (record.native.listeners ??= new Map<string, Listener[]>()) as Map<string, Listener[]>;
}

function eventName(sim: Simulation, value: Value): string {
  return typeof value === 'string' ? value : sim.semantics.toText(value);
}

/** Node's EventEmitter, which the program's classes may extend. */
function eventEmitterClass(sim: Simulation): ClassValue {
  const add = (once: boolean, prepend = false) => (_t: SimTask, args: Value[], _k: unknown, _s: CallSite, self: Value) => {
    const listeners = listenersOf(self);
    const name = eventName(sim, args[0]);
    const list = listeners.get(name) ?? [];
    if (prepend) list.unshift({ fn: args[1], once }); else list.push({ fn: args[1], once });
    listeners.set(name, list);
    return self;
  };
  const remove = (_t: SimTask, args: Value[], _k: unknown, _s: CallSite, self: Value) => {
    const list = listenersOf(self).get(eventName(sim, args[0]));
    const i = list ? list.findIndex(l => l.fn === args[1]) : -1;
    if (list && i >= 0) list.splice(i, 1);
    return self;
  };
  return {
    t: 'class', name: 'EventEmitter', props: new Map(),
    native: {
      init: (_t, self) => { listenersOf(self); return undefined; },
      methods: {
        on: add(false), addListener: add(false), prependListener: add(false, true), once: add(true), prependOnceListener: add(true, true),
        off: remove, removeListener: remove,
        removeAllListeners: (_t, args, _k, _s, self) => {
          if (args[0] === undefined) listenersOf(self).clear(); else listenersOf(self).delete(eventName(sim, args[0]));
          return self;
        },
        emit: function* (task, args, _k, site, self) {
          const name = eventName(sim, args[0]);
          const listeners = listenersOf(self);
          const current = (listeners.get(name) ?? []).slice();
          if (current.length === 0) return false;
          listeners.set(name, (listeners.get(name) ?? []).filter(l => !l.once));
          // Listeners run at once, in order, in the emitting task.
          for (const listener of current) yield* callValue(sim, task, listener.fn, args.slice(1), undefined, site);
          return true;
        },
        listenerCount: (_t, args, _k, site, self) => listenersRegisteredElsewhere(sim, self, args[0], site) ?? (listenersOf(self).get(eventName(sim, args[0])) ?? []).length,
        listeners: (_t, args, _k, site, self) => listenersRegisteredElsewhere(sim, self, args[0], site) ?? list((listenersOf(self).get(eventName(sim, args[0])) ?? []).map(l => l.fn)),
        eventNames: (_t, _a, _k, _s, self) => list([...listenersOf(self).keys()]),
        setMaxListeners: (_t, _a, _k, _s, self) => self,
        getMaxListeners: () => 10,
      },
    },
  };
}

/**
 * The listeners of an instance the simulation made for a method simulated alone (its constructor run with unknown
 * arguments), when none is registered for `name` in the simulation: the program registers them elsewhere, so they
 * are unknown, not none (eleventy's `AsyncEventEmitter.emit` returned at once on `listeners.length === 0`).
 */
function listenersRegisteredElsewhere(sim: Simulation, self: Value, name: Value, site: CallSite): Value | undefined {
  if (!isObject(self) || self.t !== 'record' || !self.assumed || (listenersOf(self).get(eventName(sim, name))?.length ?? 0) > 0) return undefined;
  sim.assume(`${shorten(site.text)}: the listeners are registered where the simulation cannot see: unknown.`, site.line);
  return opaque(shorten(site.text), site.line);
}

/** `events.once(emitter, name)`: a promise of the arguments of the next `name` event. */
function nextEvent(sim: Simulation, emitter: Value, name: Value, site: CallSite): Value {
  const promise = sim.scheduler.newPromise(shorten(site.text), site.line, 'promise');
  if (!isObject(emitter) || emitter.t !== 'record') return promise;
  const listeners = listenersOf(emitter);
  const key = eventName(sim, name);
  const list_ = listeners.get(key) ?? [];
  list_.push({ fn: native('once listener', (_t, args) => { sim.scheduler.settle(promise, { value: list(args) }); return undefined; }), once: true });
  listeners.set(key, list_);
  return promise;
}
