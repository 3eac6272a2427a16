/**
 * Deadlines: asyncio.wait_for and asyncio.timeout cancel the work at the deadline (and cancelling a task cancels
 * what it awaits); AbortSignal.timeout ends the call it is given.
 */
import { join, operation, startCoroutine } from '../calls';
import { block } from '../interpreter';
import type { Line, Stmt } from '../model';
import type { Simulation } from '../simulation';
import { Effect, Env, Resumption, SimError, SimTask, Value } from '../values';

/** `asyncio.wait_for(aw, timeout)` */
export function waitFor(sim: Simulation, args: Value[], keywords: Record<string, Value>, label: string, line: Line): Value {
  const inner = args[0] ?? null;
  const timeout = args[1] ?? keywords.timeout ?? null;
  return operation(sim, label, line, function* (t: SimTask) {
    const child = startCoroutine(sim, inner, t);
    if (typeof timeout !== 'number') return yield* join(sim, child, label, line);
    return yield* awaitWithDeadline(sim, t, child, timeout, label, line);
  });
}

/** `asyncio.timeout(seconds)`: a context whose block is cancelled at the deadline. */
export function timeoutBlock(args: Value[], keywords: Record<string, Value>): Value {
  const seconds = args[0] ?? keywords.delay;
  if (typeof seconds === 'number') return { t: 'timeout', seconds };
  return null;
}

/** `AbortSignal.timeout(ms)`: a signal that aborts `ms` after its creation. */
export function abortTimeout(sim: Simulation, args: Value[]): Value {
  const amount = args[0];
  return typeof amount === 'number' ? { t: 'signal', deadline: sim.now + amount * sim.program.timeUnit } : null;
}

/** `async with asyncio.timeout(s):` */
export function* withTimeout(sim: Simulation, task: SimTask, statement: Extract<Stmt, { kind: 'with' }>, seconds: number, env: Env): Generator<Effect, void, Resumption> {
  const scope = { expired: false };
  const timer = sim.scheduler.schedule(seconds, () => {
    scope.expired = true;
    sim.scheduler.cancel(task, 'timedOut');
  });
  try {
    yield* block(sim, task, statement.body, env);
  } catch (error) {
    if (error instanceof SimError && error.name === 'CancelledError' && scope.expired) throw new SimError('TimeoutError', statement.line);
    throw error;
  } finally {
    timer.cancelled = true;
  }
}

/** Waits for `child` until `timeout` seconds from now; then cancels it (Python's wait_for) and raises TimeoutError. */
function* awaitWithDeadline(sim: Simulation, task: SimTask, child: SimTask, timeout: number, label: string, line: Line): Generator<Effect, Value, Resumption> {
  let expired = false;
  try {
    // An error outcome is thrown into the generator at this yield (see Scheduler.step()).
    const outcome = yield {
      state: 'awaiting', label, line,
      register: resume => {
        const onDone = () => { timer.cancelled = true; resume(child.result!); };
        const timer = sim.scheduler.schedule(timeout, () => {
          expired = true;
          const i = child.onDone.indexOf(onDone);
          if (i >= 0) child.onDone.splice(i, 1);
          sim.scheduler.cancel(child);
          resume({ error: new SimError('TimeoutError', line) });
        });
        if (child.done) onDone(); else child.onDone.push(onDone);
        return () => { timer.cancelled = true; const i = child.onDone.indexOf(onDone); if (i >= 0) child.onDone.splice(i, 1); };
      },
      onCancel: () => sim.scheduler.cancel(child),
    };
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  } finally {
    if (expired) {
      const span = sim.scheduler.lastSpanOf(task, line);
      if (span) span.state = 'timedOut';
    }
  }
}
