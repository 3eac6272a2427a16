/** Timers: asyncio.sleep and JS timer promises (work, shown as running), setTimeout / clearTimeout. */
import { callValue, remaining } from '../calls';
import { formatSeconds } from '../format';
import type { Line } from '../model';
import type { Simulation } from '../simulation';
import { Coroutine, Effect, isObject, Resumption, SimError, SimTask, Site, Value } from '../values';

/** `asyncio.sleep(seconds)`, a JS timer promise; `rejects`: a timer that rejects (the timeout side of a race). */
export function sleep(sim: Simulation, args: Value[], keywords: Record<string, Value>, label: string, line: Line): Coroutine {
  const amount = args[0] ?? keywords.delay ?? 0;
  const seconds = typeof amount === 'number' ? amount * sim.program.timeUnit : unknownDuration(sim, label, line);
  const rejects = keywords.rejects === true;
  const createdAt = sim.now;
  return {
    t: 'coroutine', label, line, ownTask: false, createdAt, timeoutOnly: rejects,
    sleep: { seconds, rejects, result: args[1] ?? null },
    run: function* (_task: SimTask, site?: Site): Generator<Effect, Value, Resumption> {
      const shown = site ?? { label, line };
      const outcome = yield sim.scheduler.sleep(remaining(sim, seconds, createdAt), shown.label, shown.line);
      if ('error' in outcome) throw outcome.error;
      if (rejects) throw new SimError('TimeoutError', line);
      return args[1] ?? null;
    },
  };
}

function unknownDuration(sim: Simulation, label: string, line: Line): number {
  sim.assume(`${label}: a duration the code does not fix, ${formatSeconds(sim.options.defaultLatency)} assumed.`, line);
  return sim.options.defaultLatency;
}

/** `setTimeout(callback, ms)`: a handle; the callback runs in a hidden task of its own. */
export function setTimer(sim: Simulation, task: SimTask, args: Value[], expr: { line: Line; text: string }): Value {
  const [callback, delay] = args;
  const line = expr.line;
  const handle = sim.scheduler.schedule(typeof delay === 'number' ? delay * sim.program.timeUnit : 0, () => {
    if (isObject(callback) && callback.t === 'function') {
      sim.scheduler.spawn('timer callback', line, task, t => callValue(sim, t, callback, [], expr), { depth: task.depth, callChain: task.callChain }, true);
    } else if (isObject(callback) && callback.t === 'resolver' && !callback.task.done) {
      sim.scheduler.finish(callback.task, callback.rejects ? { error: new SimError('Error', line) } : { value: null });
    }
  });
  return { t: 'timerHandle', handle };
}

export function clearTimer(args: Value[]): Value {
  const [timer] = args;
  if (isObject(timer) && timer.t === 'timerHandle') timer.handle.cancelled = true;
  return null;
}
