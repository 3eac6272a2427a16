/**
 * `setInterval(ms, value, { signal })` of node:timers/promises: an async iterator that yields `value` every `ms`
 * on a fixed cadence from the call. Ticks that pass while the loop's body runs are queued, as Node queues them
 * (the next items come at once, then the cadence goes on). Waiting for a tick is a clock, not work (as a global
 * `setInterval` ticker is); an abort rejects the wait with an `AbortError`; leaving the loop stops the ticker.
 */
import { awaitValue } from '../awaiting';
import type { Iter } from '../iteration';
import type { SimTask } from '../scheduler';
import type { Simulation } from '../simulation';
import { shorten } from '../text';
import { CallSite, done, NativeObject, Resumption, Thrown, Value, Wait } from '../values';
import { abortListeners, signalGiven } from './timeouts';
import { abortError, durationOf } from './timers';
import { argumentOf, native, Registry } from './index';

/** Node's timers fire no sooner than a millisecond after they are set. */
const shortestTick = 0.001;

export function registerIntervalIterator(registry: Registry): void {
  const { sim, builtins } = registry;
  builtins.set('intervalIterator', entry => native('setInterval', (_task, args, keywords, site) => {
    const amount = argumentOf(entry.milliseconds, args, keywords);
    const seconds = Math.max(shortestTick, durationOf(sim, amount ?? 1, 0.001, site));
    const abortable = signalGiven(args[2]);
    const ticker: NativeObject = { t: 'object', kind: 'intervalIterator' };
    ticker.asyncIterate = intervalIter(sim, sim.now, seconds, args[1], abortable, site);
    return ticker;
  }));
}

/** The walk of a `for await` over the ticker: tick k (from 1) is due at `start + k * seconds`. */
function intervalIter(sim: Simulation, start: number, seconds: number, value: Value, signal: NativeObject | undefined, site: CallSite) {
  let delivered = 0;
  let stopped = false;
  const aborted = () => new Thrown(abortError(sim, signal!), site.line);
  return (task: SimTask): Iter => ({
    end: done,
    next: function* (): Generator<Wait, Value | typeof done, Resumption> {
      if (stopped) return done;
      if (signal?.aborted) throw aborted();
      const due = start + (delivered + 1) * seconds;
      if (due > sim.now) {
        const promise = sim.scheduler.newPromise(shorten(site.text), site.line, 'promise');
        const handle = sim.scheduler.schedule(due - sim.now, () => sim.scheduler.settle(promise, { value }));
        if (signal) {
          abortListeners(sim, signal).push(() => {
            if (promise.state !== 'pending') return;
            handle.cancelled = true;
            sim.scheduler.settle(promise, { error: aborted() });
          });
        }
        yield* awaitValue(sim, task, promise, site);
      }
      delivered++;
      return value;
    },
    close: function* () { stopped = true; },
  });
}
