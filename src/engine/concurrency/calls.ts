/**
 * Calls and tasks: calling the file's functions (an async function makes a coroutine in Python and a started task
 * in JavaScript), constructing its classes, awaiting what calls return, and the I/O of calls the model cannot see
 * into.
 */
import { method } from './builtins';
import { limited } from './builtins/limiters';
import { evaluate } from './expressions';
import { formatSeconds } from './format';
import { append, block, copied, itemsOf } from './interpreter';
import type { Expr, FunctionModel, Line } from './model';
import { Event } from './scheduler';
import type { Simulation } from './simulation';
import { formatArg, shorten } from './text';
import type { TimelineSpan } from './timeline';
import { Coroutine, Effect, Env, isObject, Resumption, ReturnSignal, SimError, SimTask, Site, Sleep, Value } from './values';

export function ioCall(sim: Simulation, text: string, line: Line, signal: number | undefined): Coroutine {
  const label = shorten(text);
  const createdAt = sim.now;
  return {
    t: 'coroutine', label, line, ownTask: false, createdAt,
    run: function* (task: SimTask, site?: Site): Generator<Effect, Value, Resumption> {
      sim.assume(`${label}: I/O of unknown duration, ${formatSeconds(sim.options.defaultLatency)} assumed.`, line);
      const shown = site ?? { label, line };
      const latency = remaining(sim, sim.options.defaultLatency, createdAt);
      if (signal !== undefined && signal - sim.now < latency) {
        // An AbortSignal.timeout ends the call at its deadline with a TimeoutError.
        const outcome = yield sim.scheduler.sleep(Math.max(0, signal - sim.now), shown.label, shown.line, 'running');
        if ('error' in outcome) throw outcome.error;
        const span = sim.scheduler.lastSpanOf(task, shown.line, s => s.end === sim.now);
        if (span) span.state = 'cancelled';
        throw new SimError('TimeoutError', line);
      }
      const outcome = yield sim.scheduler.sleep(latency, shown.label, shown.line);
      if ('error' in outcome) throw outcome.error;
      return { t: 'unknown', text: `result of ${label}`, line };
    },
  };
}

/** `await value`: runs a coroutine (its own task when it is a function of the file), or waits for a task. */
export function* awaitValue(sim: Simulation, task: SimTask, value: Value, text: string, line: Line): Generator<Effect, Value, Resumption> {
  if (isObject(value)) {
    if (value.t === 'coroutine') {
      if (value.ownTask) {
        const child = startCoroutine(sim, value, task);
        return yield* join(sim, child, text, line);
      }
      if (sim.program.language === 'javascript' && value.createdAt < sim.now) {
        // A JS promise started earlier and awaited now: it has been running since it was created.
        const child = startCoroutine(sim, value, task);
        return yield* join(sim, child, text, line);
      }
      return yield* value.run(task, { label: shorten(text.replace(/^await\s+/, '')), line });
    }
    if (value.t === 'task') return yield* join(sim, value.task, text, line);
    if (value.t === 'list' || value.t === 'semaphore' || value.t === 'queue' || value.t === 'function' || value.t === 'object') return value;
  }
  if (value === null || typeof value !== 'object') return value;
  // Awaiting something the model cannot see into: time it as I/O.
  return yield* ioCall(sim, text.replace(/^await\s+/, ''), line, undefined).run(task);
}

export function* join(sim: Simulation, child: SimTask, text: string, line: Line): Generator<Effect, Value, Resumption> {
  if (!child.done) {
    const outcome = yield sim.scheduler.awaitTask(child, shorten(text), line);
    if ('error' in outcome) throw outcome.error;
    return outcome.value;
  }
  const result = child.result!;
  if ('error' in result) throw result.error;
  return result.value;
}

/** Makes a running task of a coroutine, an I/O call, or a task; JS promises created earlier keep their start. */
export function startCoroutine(sim: Simulation, value: Value, parent: SimTask): SimTask {
  if (isObject(value) && value.t === 'task') return value.task;
  if (isObject(value) && value.t === 'coroutine' && value.sleep) return sleepTask(sim, value, value.sleep, parent);
  if (isObject(value) && value.t === 'coroutine') {
    // A timer that only rejects (the timeout side of a race) is no work of its own: no row.
    const child = sim.scheduler.spawn(value.label, value.line, parent, t => value.run(t), { depth: parent.depth + 1, callChain: parent.callChain }, value.timeoutOnly === true);
    if (sim.program.language === 'javascript' && value.createdAt < sim.now) child.startAt = value.createdAt;
    return child;
  }
  // A plain value (or something unknown) wrapped as an already finished task.
  const done = sim.scheduler.spawn('value', 0, parent, undefined, { depth: parent.depth, callChain: parent.callChain }, true);
  sim.scheduler.finish(done, { value });
  return done;
}

/**
 * A task that only sleeps (each element of `gather(*[asyncio.sleep(1) ...])`, a timer promise): its span and its
 * end are known at once, so it runs without a generator, one event, and can still be cancelled.
 */
function sleepTask(sim: Simulation, value: Coroutine, sleep: Sleep, parent: SimTask): SimTask {
  const scheduler = sim.scheduler;
  const hidden = value.timeoutOnly === true;
  const task = scheduler.spawn(value.label, value.line, parent, undefined, { depth: parent.depth + 1, callChain: parent.callChain }, hidden);
  const start = sim.program.language === 'javascript' ? Math.min(value.createdAt, sim.now) : sim.now;
  const end = Math.max(sim.now, start + sleep.seconds);
  const span: TimelineSpan | undefined = hidden ? undefined : { task: task.id, label: value.label, start, end: start, state: 'running', line: value.line };
  if (span) scheduler.record(span);
  const event: Event = {
    time: end, order: scheduler.order++, handle: { cancelled: false },
    run: () => {
      task.pending = undefined;
      if (span) span.end = sim.now;
      scheduler.finish(task, sleep.rejects ? { error: new SimError('TimeoutError', value.line) } : { value: sleep.result });
    },
  };
  scheduler.pushEvent(event);
  task.pending = { effect: { state: 'running', label: value.label, line: value.line }, span, undo: () => { event.handle.cancelled = true; } };
  return task;
}

/** When work of `seconds` started by a value created at `createdAt` ends, from now: JS promises run from creation. */
export function remaining(sim: Simulation, seconds: number, createdAt: number): number {
  return sim.program.language === 'javascript' ? Math.max(0, createdAt + seconds - sim.now) : seconds;
}

/** The argument values of a call, spreads expanded item by item. */
export function* argumentsOf(sim: Simulation, task: SimTask, exprs: Expr[], env: Env, line: Line): Generator<Effect, Value[], Resumption> {
  const args: Value[] = [];
  for (const arg of exprs) {
    if (arg.kind === 'spread') append(sim, args, itemsOf(sim, yield* evaluate(sim, task, arg.value, env), line));
    else args.push(yield* evaluate(sim, task, arg, env));
  }
  return args;
}

export function* call(sim: Simulation, task: SimTask, expr: Extract<Expr, { kind: 'call' }>, env: Env): Generator<Effect, Value, Resumption> {
  const callee = yield* evaluate(sim, task, expr.callee, env);
  const args = yield* argumentsOf(sim, task, expr.args, env, expr.line);
  const keywords: Record<string, Value> = {};
  for (const [key, value] of Object.entries(expr.keywords)) keywords[key] = yield* evaluate(sim, task, value, env);
  if (isObject(callee) && callee.t === 'function') return yield* callValue(sim, task, callee, args, expr, keywords);
  if (isObject(callee) && callee.t === 'class') return yield* construct(sim, task, callee, args, expr);
  if (isObject(callee) && callee.t === 'resolver') {
    if (!callee.task.done) sim.scheduler.finish(callee.task, callee.rejects ? { error: new SimError('Error', expr.line) } : { value: args[0] ?? null });
    return null;
  }
  if (isObject(callee) && callee.t === 'method') return yield* method(sim, task, callee.receiver, callee.name, args, expr);
  if (isObject(callee) && callee.t === 'semaphore' && callee.limiter) return limited(sim, task, callee.semaphore, args, expr);
  // Something we cannot follow: I/O when awaited (or when JS gathers it), nothing otherwise.
  let deadline: number | undefined;
  for (const arg of args) {
    const signal = isObject(arg) && arg.t === 'object' ? arg.properties.get('signal') : undefined;
    if (signal !== undefined && isObject(signal) && signal.t === 'signal') deadline = signal.deadline;
  }
  return ioCall(sim, expr.text, expr.line, deadline);
}

/** Calls a function value: async functions become coroutines (Python) or started tasks (JS); others run inline. */
export function* callValue(sim: Simulation, task: SimTask, callee: Extract<Value, { t: 'function' }>, args: Value[], expr: { line: Line; text: string; args?: Expr[] }, keywords: Record<string, Value> = {}): Generator<Effect, Value, Resumption> {
  const { fn } = callee;
  const shownArgs = fn.params.some(p => p.rest) ? args : args.slice(0, fn.params.length);
  const label = `${fn.name === 'lambda' || fn.name === '' ? shorten(expr.text) : fn.name}(${shownArgs.map((a, i) => formatArg(a, expr.args?.[i])).join(', ')})`;
  const recursive = task.callChain.includes(fn.name) && fn.name !== 'lambda' && fn.name !== '';
  if (task.depth >= sim.options.maxCallDepth || recursive) {
    sim.assume(recursive ? `Recursive call to ${fn.name} not followed: timed as I/O.` : `Calls deeper than ${sim.options.maxCallDepth} levels not followed: timed as I/O.`, expr.line);
    return ioCall(sim, expr.text, expr.line, undefined);
  }
  if (fn.isAsync) {
    const coroutine: Value = {
      t: 'coroutine', label, line: expr.line, ownTask: true, createdAt: sim.now,
      run: (child: SimTask) => runAsyncFunction(sim, child, callee, args, expr.line, keywords),
    };
    // JS: calling an async function starts it at once; Python: a coroutine starts when awaited or scheduled.
    if (sim.program.language === 'javascript') return { t: 'task', task: startCoroutine(sim, coroutine, task) };
    return coroutine;
  }
  // A synchronous function runs in the caller's task: only its call chain and depth differ meanwhile.
  const saved = { callChain: task.callChain, depth: task.depth };
  task.callChain = [...task.callChain, fn.name];
  task.depth++;
  try {
    return yield* callFunction(sim, task, callee, args, keywords, false);
  } finally {
    task.callChain = saved.callChain;
    task.depth = saved.depth;
  }
}

/** `new C(...)` / Python's `C(...)`: an object with the class's fields, then its constructor or `__init__`. */
export function* construct(sim: Simulation, task: SimTask, callee: Extract<Value, { t: 'class' }>, args: Value[], expr: { line: Line; text: string }): Generator<Effect, Value, Resumption> {
  const object: Value = { t: 'object', properties: new Map(), cls: callee.cls, closure: callee.closure };
  const scope = new Env(callee.closure);
  scope.declare('this', object);
  for (const { name, value } of callee.cls.fields) object.properties.set(name, yield* evaluate(sim, task, value, scope));
  const constructor = callee.cls.methods.get(sim.program.language === 'python' ? '__init__' : 'constructor');
  if (constructor) yield* callValue(sim, task, { t: 'function', fn: constructor, closure: callee.closure, self: object }, args, expr);
  return object;
}

export function* runAsyncFunction(sim: Simulation, task: SimTask, callee: { fn: FunctionModel; closure: Env; self?: Value }, args: Value[], line: Line, keywords: Record<string, Value> = {}): Generator<Effect, Value, Resumption> {
  const result = yield* callFunction(sim, task, callee, args, keywords);
  // An async function that returns a promise settles with it (JS); Python returns a coroutine as a plain value.
  if (sim.program.language === 'javascript' && isObject(result) && (result.t === 'task' || result.t === 'coroutine')) {
    return yield* awaitValue(sim, task, result, `return ${result.t === 'task' ? result.task.label : result.label}`, line);
  }
  return result;
}

function* callFunction(sim: Simulation, task: SimTask, callee: { fn: FunctionModel; closure: Env; self?: Value }, args: Value[], keywords: Record<string, Value> = {}, ownChain = true): Generator<Effect, Value, Resumption> {
  const { fn } = callee;
  if (ownChain) task.callChain = [...task.callChain, fn.name];
  const env = new Env(callee.closure);
  const self = callee.self;
  if (self !== undefined) {
    if (sim.program.language === 'python') args = [self, ...args];
    else env.declare('this', self);
  }
  for (let i = 0; i < fn.params.length; i++) {
    const param = fn.params[i];
    if (param.rest) { env.declare(param.name, { t: 'list', items: copied(sim, args.slice(i)) }); break; }
    // null (None) is an argument like any other: only a missing one takes the default.
    let value: Value | undefined = i < args.length ? args[i] : keywords[param.name];
    if (value === undefined && param.default) value = yield* evaluate(sim, task, param.default, env);
    env.declare(param.name, value === undefined ? { t: 'unknown', text: param.name, line: fn.line } : value);
  }
  try {
    yield* block(sim, task, fn.body, env);
  } catch (signal) {
    if (signal instanceof ReturnSignal) return signal.value;
    throw signal;
  }
  return null;
}

/** Work done when awaited, in the awaiting task (a queue's `get`, a semaphore's `acquire`). */
export function operation(sim: Simulation, label: string, line: Line, run: (task: SimTask) => Generator<Effect, unknown, Resumption>): Coroutine {
  return {
    t: 'coroutine', label, line, ownTask: false, createdAt: sim.now,
    run: function* (t: SimTask): Generator<Effect, Value, Resumption> {
      const result = yield* run(t);
      return (result ?? null) as Value;
    },
  };
}
