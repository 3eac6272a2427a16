/**
 * asyncio's Barrier (Python 3.11): `await barrier.wait()` blocks until `parties` tasks wait, then lets them all go
 * and returns each its place in the arrival order. As CPython's does, the barrier drains before it fills again (a
 * task that arrives while the released ones are still leaving waits for them), `reset()` and `abort()` break the
 * wait of those waiting with BrokenBarrierError, and an aborted barrier stays broken until reset. CPython takes a
 * condition's lock around each step; nobody holds it across an await, so taking it costs no time and is left out.
 */
import type { Context } from '../contexts';
import type { Simulation } from '../simulation';
import { shorten } from '../text';
import { CallSite, NativeObject, Resumption, unbound, Value, Wait } from '../values';
import { extendable } from './extending';
import { native, Registry } from './index';
import { nativeCoroutine, waitIn, Waiter } from './waiting';

type BarrierState = 'filling' | 'draining' | 'resetting' | 'broken';

export function registerBarriers(registry: Registry): void {
  const { sim, builtins } = registry;
  builtins.set('barrier', entry => extendable(native(entry.name, (_t, args, keywords, site) => {
    const parties = args[0] ?? keywords?.get('parties');
    if (typeof parties !== 'number' || parties < 1) throw sim.error('ValueError', 'parties must be > 0', site.line);
    return { t: 'object', kind: 'barrier', parties, count: 0, state: 'filling', waiters: [] };
  })));
  registry.members.set('barrier', (barrier, name) => barrierMember(sim, barrier, name));
  registry.contexts.set('barrier', (barrier, site) => barrierContext(sim, barrier, site));
}

/** Wakes every task waiting for the barrier's state to change (CPython's `notify_all`). */
function wakeAll(barrier: NativeObject): void {
  for (const waiter of (barrier.waiters as Waiter[]).splice(0)) waiter();
}

function* wait(sim: Simulation, barrier: NativeObject, site: CallSite): Generator<Wait, Value, Resumption> {
  const label = shorten(site.text);
  const state = () => barrier.state as BarrierState;
  const broken = (message: string) => sim.error('BrokenBarrierError', message, site.line);
  // A barrier still letting the last round go, or being reset, is not entered until it is empty.
  while (state() === 'draining' || state() === 'resetting') yield* waitIn(barrier.waiters as Waiter[], 'waiting', label, site.line);
  if (state() === 'broken') throw broken('Barrier aborted');
  const index = barrier.count as number;
  barrier.count = index + 1;
  try {
    if (index + 1 === barrier.parties) {
      barrier.state = 'draining';
      wakeAll(barrier);
    } else {
      while (state() === 'filling') yield* waitIn(barrier.waiters as Waiter[], 'waiting', label, site.line);
      if (state() === 'broken' || state() === 'resetting') throw broken('Abort or reset of barrier');
    }
    return index;
  } finally {
    // However the wait ends (released, broken, cancelled), the task leaves; the last one out lets the barrier fill.
    barrier.count = (barrier.count as number) - 1;
    if (barrier.count === 0) {
      if (state() === 'draining' || state() === 'resetting') barrier.state = 'filling';
      wakeAll(barrier);
    }
  }
}

function barrierMember(sim: Simulation, barrier: NativeObject, name: string): Value | typeof unbound {
  switch (name) {
    case 'wait': return native(name, (_t, _a, _k, site) => nativeCoroutine(site, () => wait(sim, barrier, site)));
    // `reset()` and `abort()` are coroutines: they take the condition's lock, which is never held across an await.
    case 'reset': return native(name, (_t, _a, _k, site) => nativeCoroutine(site, function* () {
      if ((barrier.count as number) > 0) barrier.state = 'resetting';
      else barrier.state = 'filling';
      wakeAll(barrier);
      return null;
    }));
    case 'abort': return native(name, (_t, _a, _k, site) => nativeCoroutine(site, function* () {
      barrier.state = 'broken';
      wakeAll(barrier);
      return null;
    }));
    case 'parties': return barrier.parties as number;
    case 'n_waiting': return barrier.state === 'filling' ? barrier.count as number : 0;
    case 'broken': return barrier.state === 'broken';
    default: return unbound;
  }
}

/** `async with barrier as index`: waits on entry, nothing on exit. */
function barrierContext(sim: Simulation, barrier: NativeObject, site: CallSite): Context {
  return {
    enter: () => wait(sim, barrier, site),
    exit: function* () { return false; },
  };
}
