/** The languages' own library, as far as timing needs it: lengths, iterators, enumerate, list methods, promises. */
import { callValue } from '../calls';
import { append, copied, itemsOf, pairsOf } from '../interpreter';
import type { Expr, Line } from '../model';
import type { Simulation } from '../simulation';
import { Effect, isObject, IteratorValue, Resumption, SimTask, Value } from '../values';

export function length(args: Value[], label: string, line: Line): Value {
  const value = args[0];
  if (isObject(value) && value.t === 'list') return value.items.length;
  if (typeof value === 'string') return value.length;
  return { t: 'unknown', text: label, line };
}

export function iterator(sim: Simulation, args: Value[], line: Line): Value {
  return { t: 'iterator', items: itemsOf(sim, args[0] ?? null, line), position: 0 };
}

export function enumerate(sim: Simulation, args: Value[], line: Line): Value {
  return { t: 'list', items: pairsOf(sim, itemsOf(sim, args[0] ?? null, line)) };
}

/** `new Promise(executor)` that is no plain timer: settles when the executor's resolve or reject is called. */
export function* deferred(sim: Simulation, task: SimTask, args: Value[], expr: { line: Line; text: string }, label: string): Generator<Effect, Value, Resumption> {
  const [executor] = args;
  const promise = sim.scheduler.spawn(label, expr.line, task, undefined, { depth: task.depth, callChain: task.callChain }, true);
  if (isObject(executor) && executor.t === 'function') {
    // The executor runs at once, in the caller; it may store resolve for later (a hand-written queue).
    yield* callValue(sim, task, executor, [{ t: 'resolver', task: promise, rejects: false }, { t: 'resolver', task: promise, rejects: true }], expr);
  }
  return { t: 'task', task: promise };
}

export function* listMethod(sim: Simulation, task: SimTask, receiver: Extract<Value, { t: 'list' }>, name: string, args: Value[], expr: Extract<Expr, { kind: 'call' }>): Generator<Effect, Value | undefined, Resumption> {
  const line = expr.line;
  if (name === 'append' || name === 'push') { append(sim, receiver.items, args); return receiver.items.length; }
  if (name === 'pop') return receiver.items.pop() ?? null;
  if (name === 'shift') return receiver.items.shift() ?? null;
  if (name === 'slice') {
    const [start, end] = args;
    return { t: 'list', items: copied(sim, receiver.items.slice(typeof start === 'number' ? start : 0, typeof end === 'number' ? end : undefined)) };
  }
  if (name === 'map' || name === 'forEach' || name === 'flatMap') {
    const [fn] = args;
    const results: Value[] = [];
    for (let i = 0; i < receiver.items.length; i++) {
      sim.budget.step();
      sim.budget.allocate(1);
      results.push(isObject(fn) && fn.t === 'function' ? yield* callValue(sim, task, fn, [receiver.items[i], i], expr) : { t: 'unknown', text: expr.text, line });
    }
    return name === 'forEach' ? null : { t: 'list', items: results };
  }
  if (name === 'values' || name === Symbol.iterator.toString()) return { t: 'iterator', items: copied(sim, receiver.items), position: 0 };
  if (name === 'entries') return { t: 'iterator', items: pairsOf(sim, receiver.items), position: 0 };
  if (name === 'keys') return { t: 'list', items: copied(sim, receiver.items).map((_, i) => i) };
  if (name === 'filter' || name === 'concat' || name === 'reverse' || name === 'sort' || name === 'copy') return { t: 'list', items: copied(sim, receiver.items) };
  return undefined;
}

export function iteratorNext(receiver: IteratorValue): Value {
  const done = receiver.position >= receiver.items.length;
  return { t: 'object', properties: new Map<string, Value>([['done', done], ['value', done ? null : receiver.items[receiver.position++]]]) };
}
