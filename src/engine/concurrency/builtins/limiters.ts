/** Limiters: asyncio's Semaphore, p-limit, p-queue and p-map hand out permits first come, first served. */
import { callValue, awaitValue, ioCall, operation, startCoroutine } from '../calls';
import { block, itemsOf } from '../interpreter';
import type { Expr, Line, Stmt } from '../model';
import type { Simulation } from '../simulation';
import { exprText, shorten } from '../text';
import { Effect, Env, isObject, Resumption, Semaphore, SimTask, Value } from '../values';

export function* acquire(sim: Simulation, semaphore: Semaphore, label: string, line: Line): Generator<Effect, void, Resumption> {
  if (semaphore.permits > 0 && semaphore.waiters.length === 0) {
    semaphore.permits--;
    return;
  }
  // The permit is handed over by release(), so nobody can overtake a waiter: first come, first served.
  yield* sim.scheduler.waitIn(semaphore.waiters, 'waiting', label, line);
}

export function release(semaphore: Semaphore): void {
  const next = semaphore.waiters.shift();
  if (next) next();
  else semaphore.permits++;
}

/** `asyncio.Semaphore(n)`, `pLimit(n)`, `new PQueue({ concurrency })` (lowered to pLimit with the concurrency). */
export function newLimiter(sim: Simulation, args: Value[], keywords: Record<string, Value>, line: Line, limiter: boolean): Value {
  const requested = args[0] ?? keywords.value ?? keywords.concurrency ?? 1;
  const permits = sim.limitOf(typeof requested === 'number' ? requested : sim.options.itemCount, line);
  return { t: 'semaphore', semaphore: { permits, waiters: [], tasks: [] }, limiter };
}

/** `async with sem:` */
export function* withSemaphore(sim: Simulation, task: SimTask, statement: Extract<Stmt, { kind: 'with' }>, semaphore: Semaphore, env: Env): Generator<Effect, void, Resumption> {
  yield* acquire(sim, semaphore, `async with ${exprText(statement.context)}`, statement.line);
  try {
    if (statement.name) env.declare(statement.name, null);
    yield* block(sim, task, statement.body, env);
  } finally {
    release(semaphore);
  }
}

/** `limit(() => work())` with p-limit: a task that waits for a permit, runs the function, and gives the permit back. */
export function limited(sim: Simulation, parent: SimTask, semaphore: Semaphore, args: Value[], expr: { line: Line; text: string }): Value {
  const [fn, ...rest] = args;
  const label = shorten(expr.text);
  const child = sim.scheduler.spawn(label, expr.line, parent, function* (t: SimTask): Generator<Effect, Value, Resumption> {
    yield* acquire(sim, semaphore, label, expr.line);
    try {
      const result = isObject(fn) && fn.t === 'function' ? yield* callValue(sim, t, fn, rest, expr) : fn;
      return yield* awaitValue(sim, t, result, label, expr.line);
    } finally {
      release(semaphore);
    }
  }, { depth: parent.depth + 1, callChain: parent.callChain });
  semaphore.tasks.push(child);
  return { t: 'task', task: child };
}

/** The methods of a semaphore or limiter: acquire, release, locked; p-queue's add, addAll, onIdle, onEmpty. */
export function semaphoreMethod(sim: Simulation, task: SimTask, receiver: Extract<Value, { t: 'semaphore' }>, name: string, args: Value[], expr: Extract<Expr, { kind: 'call' }>): Value | undefined {
  const semaphore = receiver.semaphore;
  const line = expr.line;
  if (name === 'acquire') return operation(sim, `${exprText(expr.callee)}()`, line, () => acquire(sim, semaphore, `${exprText(expr.callee)}()`, line));
  if (name === 'release') { release(semaphore); return null; }
  if (name === 'locked') return semaphore.permits === 0;
  if (receiver.limiter && name === 'add') return limited(sim, task, semaphore, args, expr);
  if (receiver.limiter && name === 'addAll') {
    const functions = itemsOf(sim, args[0] ?? null, line);
    sim.budget.allocate(functions.length);
    return { t: 'list', items: functions.map(fn => limited(sim, task, semaphore, [fn], expr)) };
  }
  if (receiver.limiter && (name === 'onIdle' || name === 'onEmpty')) {
    const label = `${exprText(expr.callee)}()`;
    return operation(sim, label, line, function* () {
      for (;;) {
        const open = semaphore.tasks.filter(t => !t.done);
        if (open.length === 0) return;
        yield sim.scheduler.awaitAny(open, label, line);
      }
    });
  }
  return undefined;
}

/** p-map: at most `concurrency` calls of `mapper` at once, started in order as earlier ones finish. */
export function pMap(sim: Simulation, parent: SimTask, args: Value[], expr: { line: Line; text: string }): Value {
  const [iterable, mapper, options] = args;
  const concurrencyValue = isObject(options) && options.t === 'object' ? options.properties.get('concurrency') : undefined;
  const concurrency = sim.limitOf(typeof concurrencyValue === 'number' ? concurrencyValue : Infinity, expr.line);
  const items = itemsOf(sim, iterable ?? null, expr.line);
  const label = shorten(expr.text);
  const task = sim.scheduler.spawn(label, expr.line, parent, function* (): Generator<Effect, Value, Resumption> {
    const results: Value[] = new Array(items.length).fill(null);
    const running: Array<{ task: SimTask; index: number }> = [];
    let next = 0;
    while (next < items.length || running.length > 0) {
      while (next < items.length && running.length < concurrency) {
        const index = next++;
        const started = isObject(mapper) && mapper.t === 'function' ? yield* callValue(sim, parent, mapper, [items[index], index], expr) : ioCall(sim, expr.text, expr.line, undefined);
        running.push({ task: startCoroutine(sim, started, parent), index });
      }
      yield sim.scheduler.awaitAny(running.map(r => r.task), label, expr.line);
      for (let i = running.length - 1; i >= 0; i--) {
        const { task, index } = running[i];
        if (!task.done) continue;
        running.splice(i, 1);
        if ('error' in task.result!) throw task.result.error;
        results[index] = task.result!.value;
      }
    }
    return { t: 'list', items: results };
  }, { depth: parent.depth + 1, callChain: parent.callChain }, true);
  return { t: 'task', task };
}
