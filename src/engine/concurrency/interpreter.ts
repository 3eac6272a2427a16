/**
 * Statements: how a simulated task runs a block (assignments, loops, conditions, `with`, `try`), and the loops'
 * view of collections. Each is a generator that yields an `Effect` whenever the task must wait.
 */
import { enterContext } from './builtins/contexts';
import { evaluate } from './expressions';
import type { Expr, Line, Pattern, Stmt } from './model';
import { catches } from './operators';
import type { Simulation } from './simulation';
import { formatSeconds } from './format';
import { exprText } from './text';
import { BreakSignal, ContinueSignal, Effect, Env, isObject, isUnknown, IteratorValue, Resumption, ReturnSignal, SimError, SimTask, Value } from './values';

/** What a loop walks: a shared iterator, a list's items, or a range's numbers, computed as they are reached. */
export type Iteration =
  | { kind: 'shared'; iterator: IteratorValue }
  | { kind: 'items'; items: Value[] }
  | { kind: 'range'; start: number; step: number; length: number };

export const noMoreItems = Symbol('no more items');

/** The `i`-th item of a loop (a shared iterator hands out its next one), or `noMoreItems`. */
export function nextItem(iteration: Iteration, i: number): Value | typeof noMoreItems {
  switch (iteration.kind) {
    case 'shared': {
      const { iterator } = iteration;
      return iterator.position < iterator.items.length ? iterator.items[iterator.position++] : noMoreItems;
    }
    case 'items': return i < iteration.items.length ? iteration.items[i] : noMoreItems;
    case 'range': return i < iteration.length ? iteration.start + i * iteration.step : noMoreItems;
  }
}

export function* block(sim: Simulation, task: SimTask, statements: Stmt[], env: Env): Generator<Effect, void, Resumption> {
  for (const statement of statements) yield* execute(sim, task, statement, env);
}

function* execute(sim: Simulation, task: SimTask, statement: Stmt, env: Env): Generator<Effect, void, Resumption> {
  sim.budget.step();
  switch (statement.kind) {
    case 'expr': yield* evaluate(sim, task, statement.value, env); return;
    case 'assign': {
      const value = yield* evaluate(sim, task, statement.value, env);
      const target = statement.target;
      if (typeof target === 'string') {
        if (statement.declare) env.declare(target, value); else env.assign(target, value);
      } else {
        yield* assign(sim, task, target, value, env, statement.declare);
      }
      return;
    }
    case 'return': throw new ReturnSignal(statement.value ? yield* evaluate(sim, task, statement.value, env) : null);
    case 'raise': throw new SimError(statement.error.split('.').pop()!.replace(/\(.*$/, ''), statement.line);
    case 'break': throw new BreakSignal();
    case 'continue': throw new ContinueSignal();
    case 'if': {
      const condition = yield* evaluate(sim, task, statement.condition, env);
      yield* block(sim, task, truth(sim, condition, statement.line) ? statement.then : statement.otherwise, env);
      return;
    }
    case 'while': {
      for (let iteration = 0; ; iteration++) {
        const counted = sim.budget.steps;
        const condition = yield* evaluate(sim, task, statement.condition, env);
        if (isUnknown(condition)) {
          if (iteration >= sim.options.itemCount) break;
          sim.assume(`A loop condition the code does not decide: ${sim.options.itemCount} iterations assumed.`, statement.line);
        } else if (!truth(sim, condition, statement.line)) break;
        const outcome = yield* loopBody(sim, task, statement.body, env);
        if (outcome === 'break') break;
        if (statement.update) yield* block(sim, task, statement.update, env);
        // An iteration that ran no statement (`while True: pass`, `for (;;) {}`) costs a step all the same.
        if (sim.budget.steps === counted) sim.budget.step();
      }
      return;
    }
    case 'for': {
      const iteration = yield* iterationOf(sim, task, statement.iterable, env, statement.line, true);
      for (let i = 0; ; i++) {
        const counted = sim.budget.steps;
        const item = nextItem(iteration, i);
        if (item === noMoreItems) break;
        if (statement.isAsync) {
          // Each step of an `async for` over something unknown waits for its next item.
          yield sim.scheduler.sleep(sim.options.defaultLatency, 'next item (async for)', statement.line);
          sim.assume(`Each item of an async iteration takes ${formatSeconds(sim.options.defaultLatency)} to arrive.`, statement.line);
        }
        yield* assign(sim, task, statement.variables, item, env, true);
        const outcome = yield* loopBody(sim, task, statement.body, env);
        if (outcome === 'break') break;
        if (sim.budget.steps === counted) sim.budget.step();
      }
      return;
    }
    case 'with': {
      const context = yield* evaluate(sim, task, statement.context, env);
      yield* enterContext(sim, task, statement, context, env);
      return;
    }
    case 'try': yield* tryStatement(sim, task, statement, env); return;
  }
}

function* loopBody(sim: Simulation, task: SimTask, body: Stmt[], env: Env): Generator<Effect, 'break' | 'next', Resumption> {
  try {
    yield* block(sim, task, body, env);
  } catch (signal) {
    if (signal instanceof BreakSignal) return 'break';
    if (!(signal instanceof ContinueSignal)) throw signal;
  }
  return 'next';
}

function* tryStatement(sim: Simulation, task: SimTask, statement: Extract<Stmt, { kind: 'try' }>, env: Env): Generator<Effect, void, Resumption> {
  try {
    yield* block(sim, task, statement.body, env);
  } catch (error) {
    if (!(error instanceof SimError)) throw error;
    const handler = statement.handlers.find(h => catches(h.catches, error, sim.program.language));
    if (!handler) throw error;
    if (handler.name) env.declare(handler.name, { t: 'unknown', text: error.name, line: error.line });
    yield* block(sim, task, handler.body, env);
  } finally {
    if (statement.finally.length > 0) yield* block(sim, task, statement.finally, env);
  }
}

export function* assign(sim: Simulation, task: SimTask, target: Pattern | Expr, value: Value, env: Env, declare: boolean): Generator<Effect, void, Resumption> {
  if (typeof target === 'string') {
    if (declare) env.declare(target, value); else env.assign(target, value);
    return;
  }
  if (Array.isArray(target)) {
    const items = isObject(value) && value.t === 'list' ? value.items : [];
    for (let i = 0; i < target.length; i++) {
      yield* assign(sim, task, target[i], items[i] ?? (isUnknown(value) ? value : null), env, declare);
    }
    return;
  }
  if (target.kind === 'index') {
    const object = yield* evaluate(sim, task, target.object, env);
    const index = yield* evaluate(sim, task, target.index, env);
    if (isObject(object) && object.t === 'list' && typeof index === 'number') object.items[index] = value;
    else if (isObject(object) && object.t === 'object' && (typeof index === 'string' || typeof index === 'number')) object.properties.set(String(index), value);
    return;
  }
  if (target.kind === 'member') {
    const object = yield* evaluate(sim, task, target.object, env);
    if (isObject(object) && object.t === 'object') object.properties.set(target.property, value);
    // `self.sem = ...`: kept under its dotted name, which member reads fall back to.
    else env.assign(exprText(target), value);
  }
}

export function truth(sim: Simulation, value: Value, line: Line): boolean {
  if (isUnknown(value)) {
    sim.assume('A condition the code does not decide is taken as false.', line);
    return false;
  }
  if (value === null || value === false || value === 0 || value === '') return false;
  if (isObject(value) && value.t === 'list') return value.items.length > 0;
  return true;
}

/** The items of a value, as a new array (counted against the memory budget before it is made). */
export function itemsOf(sim: Simulation, value: Value, line: Line): Value[] {
  if (isObject(value)) {
    if (value.t === 'list') return copied(sim, value.items);
    if (value.t === 'iterator') {
      sim.budget.allocate(value.items.length - value.position);
      return value.items.slice(value.position);
    }
    if (value.t === 'unknown') {
      sim.assume(`${value.text}: a collection of unknown size, ${sim.options.itemCount} items assumed.`, value.line);
      return assumedItems(sim, value.text, value.line);
    }
    if (value.t === 'object') {
      sim.budget.allocate(value.properties.size);
      return [...value.properties.keys()];
    }
    if (value.t === 'coroutine') {
      // The result of a call we cannot see into (`get_urls()`, `db.query(...)`): a collection of unknown size.
      sim.assume(`${value.label}: a collection of unknown size, ${sim.options.itemCount} items assumed.`, value.line);
      return assumedItems(sim, value.label, value.line);
    }
  }
  if (typeof value === 'string') {
    sim.budget.allocate(value.length);
    return [...value];
  }
  sim.assume('A collection the model cannot follow: nothing iterated.', line);
  return [];
}

function assumedItems(sim: Simulation, text: string, line: Line): Value[] {
  sim.budget.allocate(sim.options.itemCount);
  return Array.from({ length: sim.options.itemCount }, (_, i) => ({ t: 'unknown', text: `${text}[${i}]`, line }) as Value);
}

export function copied(sim: Simulation, items: Value[]): Value[] {
  sim.budget.allocate(items.length);
  return items.slice();
}

/** `[index, item]` for each item (`enumerate`, `entries()`). */
export function pairsOf(sim: Simulation, items: readonly Value[]): Value[] {
  sim.budget.allocate(items.length);
  return items.map((item, i) => ({ t: 'list', items: [i, item] }) as Value);
}

/** Appends `items` to `target` one by one: a spread into `push` puts every item on the stack and overflows it. */
export function append(sim: Simulation, target: Value[], items: readonly Value[]): void {
  sim.budget.allocate(items.length);
  for (const item of items) target.push(item);
}

/**
 * What a `for` loop or a comprehension walks. A `range` is never made into a list here, so `for i in
 * range(10**9)` that breaks early costs nothing; a shared iterator (`shared`: a loop, not a comprehension) hands
 * out its items to whoever asks next.
 */
export function* iterationOf(sim: Simulation, task: SimTask, iterable: Expr, env: Env, line: Line, shared: boolean): Generator<Effect, Iteration, Resumption> {
  if (iterable.kind === 'range') {
    const range = yield* rangeOf(sim, task, iterable, env);
    if (range) return { kind: 'range', ...range };
  }
  const value = yield* evaluate(sim, task, iterable, env);
  if (shared && isObject(value) && value.t === 'iterator') return { kind: 'shared', iterator: value };
  return { kind: 'items', items: itemsOf(sim, value, line) };
}

/** The numbers of `range(start, stop, step)`, or undefined when they are not numbers. */
export function* rangeOf(sim: Simulation, task: SimTask, expr: Extract<Expr, { kind: 'range' }>, env: Env): Generator<Effect, { start: number; step: number; length: number } | undefined, Resumption> {
  const start = yield* evaluate(sim, task, expr.start, env);
  const stop = yield* evaluate(sim, task, expr.stop, env);
  const step = yield* evaluate(sim, task, expr.step, env);
  if (typeof start !== 'number' || typeof stop !== 'number' || typeof step !== 'number' || step === 0) return undefined;
  const length = Math.max(0, Math.ceil((stop - start) / step));
  return { start, step, length: Number.isNaN(length) ? 0 : length };
}
