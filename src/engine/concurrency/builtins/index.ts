/**
 * The builtins' registry: a call the lowering recognised as a library builtin (`Builtin` in model.ts), and a
 * method called on one of the simulator's own values, each handed to its family.
 */
import { argumentsOf, ioCall, startCoroutine } from '../calls';
import { evaluate } from '../expressions';
import type { Expr } from '../model';
import type { Simulation } from '../simulation';
import { shorten } from '../text';
import { Effect, Env, isObject, Resumption, SimTask, Value } from '../values';
import { asCompleted, combinator, wait } from './combinators';
import { deferred, enumerate, iterator, iteratorNext, length, listMethod } from './library';
import { newLimiter, pMap, semaphoreMethod } from './limiters';
import { newQueue, queueMethod } from './queues';
import { clearTimer, setTimer, sleep } from './timers';
import { abortTimeout, timeoutBlock, waitFor } from './timeouts';

export function* builtin(sim: Simulation, task: SimTask, expr: Extract<Expr, { kind: 'builtin' }>, env: Env): Generator<Effect, Value, Resumption> {
  const args = yield* argumentsOf(sim, task, expr.args, env, expr.line);
  const keywords: Record<string, Value> = {};
  for (const key in expr.keywords) keywords[key] = yield* evaluate(sim, task, expr.keywords[key], env);
  const line = expr.line;
  const label = shorten(expr.text);
  switch (expr.builtin) {
    case 'sleep': return sleep(sim, args, keywords, label, line);
    case 'gather': case 'all': case 'allSettled': case 'any': case 'race': return combinator(sim, task, expr.builtin, args, keywords, label, line);
    case 'wait': return wait(sim, task, args, keywords, label, line);
    case 'createTask': return { t: 'task', task: startCoroutine(sim, args[0] ?? null, task) };
    case 'taskGroup': return { t: 'taskGroup', tasks: [] };
    case 'asCompleted': return asCompleted(sim, task, args, label, line);
    case 'waitFor': return waitFor(sim, args, keywords, label, line);
    case 'timeoutBlock': return timeoutBlock(args, keywords);
    case 'semaphore': case 'pLimit': return newLimiter(sim, args, keywords, line, expr.builtin === 'pLimit');
    case 'pMap': return pMap(sim, task, args, expr);
    case 'queue': return newQueue(args, keywords);
    case 'abortTimeout': return abortTimeout(sim, args);
    case 'length': return length(args, label, line);
    case 'resolve': return args[0] ?? null;
    case 'iterator': return iterator(sim, args, line);
    case 'enumerate': return enumerate(sim, args, line);
    case 'deferred': return yield* deferred(sim, task, args, expr, label);
    case 'setTimeout': return setTimer(sim, task, args, expr);
    case 'clearTimeout': return clearTimer(args);
  }
  return null;
}

/** A method of one of the simulator's values; anything it does not know is I/O when awaited. */
export function* method(sim: Simulation, task: SimTask, receiver: Value, name: string, args: Value[], expr: Extract<Expr, { kind: 'call' }>): Generator<Effect, Value, Resumption> {
  if (isObject(receiver)) {
    switch (receiver.t) {
      case 'semaphore': {
        const result = semaphoreMethod(sim, task, receiver, name, args, expr);
        if (result !== undefined) return result;
        break;
      }
      case 'queue': return queueMethod(sim, receiver.queue, name, args, expr);
      case 'taskGroup':
        if (name === 'create_task') {
          const child = startCoroutine(sim, args[0], task);
          receiver.tasks.push(child);
          return { t: 'task', task: child };
        }
        break;
      case 'task':
        if (name === 'cancel') { sim.scheduler.cancel(receiver.task); return true; }
        if (name === 'done') return receiver.task.done;
        // `.then(f)`, `.catch(f)`, `.finally(f)` keep the promise's timing; the callbacks take no time of their own.
        if (name === 'then' || name === 'catch' || name === 'finally') return receiver;
        break;
      case 'coroutine':
        if (name === 'then' || name === 'catch' || name === 'finally') return { t: 'task', task: startCoroutine(sim, receiver, task) };
        break;
      case 'list': {
        const result = yield* listMethod(sim, task, receiver, name, args, expr);
        if (result !== undefined) return result;
        break;
      }
      case 'iterator':
        if (name === 'next') return iteratorNext(receiver);
        break;
    }
  }
  return ioCall(sim, expr.text, expr.line, undefined);
}
