/**
 * Walking values: what `for`, `async for` / `for await`, spreads, unpacking and comprehensions see of a list, a
 * string, a dict, a lazy range, an iterator shared by several loops, a generator (whose body runs as items are
 * asked for), or an unknown collection (the assumed item count, each item unknown).
 */
import { boundMethod, getAttribute } from './attributes';
import { awaitValue, ioWait } from './awaiting';
import { callValue } from './calls';
import { evaluate } from './expressions';
import { formatSeconds } from './format';
import type { Expr, Line } from './model';
import { bindPattern } from './patterns';
import type { SimTask } from './scheduler';
import type { Simulation } from './simulation';
import { decideFilter } from './undecided';
import { CallSite, dictSet, done, Env, filteredList, GeneratorValue, IteratorValue, isObject, isOpaque, isPartlyUnknown, list, newDict, opaque, OpaqueValue, RecordValue, Resumption, Thrown, Value, Wait, Yielded } from './values';
import { shorten } from './text';
import { newSet } from './builtins/collections';

/** One walk over a value: `sync` when the next item is at hand, `next` when getting it may wait. */
export interface Iter {
  end: typeof done;
  sync?: () => Value | typeof done;
  next?: () => Generator<Wait, Value | typeof done, Resumption>;
  /**
   * A loop left early (`break`, `return`, an exception): a generator it walks is closed, its `finally` blocks run
   * (see closeGenerator). `unreferenced`: the loop's own value (`for x in gen()`), which nothing else holds.
   */
  close?: (unreferenced: boolean) => Generator<Wait, void, Resumption>;
}

function generatorIter(sim: Simulation, task: SimTask, generator: GeneratorValue): Iter {
  return { end: done, next: () => resumeGenerator(sim, task, generator, { value: undefined }), close: unreferenced => closeGenerator(sim, task, generator, unreferenced) };
}

export function* iterate(sim: Simulation, task: SimTask, value: Value, site: CallSite, options: { isAsync?: boolean; keys?: boolean }): Generator<Wait, Iter, Resumption> {
  if (options.keys) return keysOf(sim, value);
  if (isObject(value) && value.t === 'record') {
    const own = yield* protocolIterate(sim, task, value, site, options.isAsync ?? false);
    if (own) return own;
    // The instance a method is simulated on: its class's subclasses (that the file may not show) make it iterable.
    if (isPartlyUnknown(value)) value = opaque(sim.language === 'python' ? 'self' : 'this', site.line);
  }
  if (options.isAsync) return yield* asyncIterate(sim, task, value, site);
  return syncIterate(sim, task, value, site);
}

/** The names of the iteration protocol's methods, by language and by whether the loop is async. */
const protocolNames = {
  python: { sync: { start: '__iter__', next: '__next__', stop: 'StopIteration' }, async: { start: '__aiter__', next: '__anext__', stop: 'StopAsyncIteration' } },
  javascript: { sync: { start: '[Symbol.iterator]', next: 'next', stop: undefined }, async: { start: '[Symbol.asyncIterator]', next: 'next', stop: undefined } },
} as const;

/**
 * An instance of a class of the file's own that implements the iteration protocol (a paginator with `__aiter__` /
 * `__anext__`, `[Symbol.asyncIterator]()`): its methods are called as the loop asks for items. A method that is a
 * generator gives a generator, walked as one.
 */
function* protocolIterate(sim: Simulation, task: SimTask, value: RecordValue, site: CallSite, isAsync: boolean): Generator<Wait, Iter | undefined, Resumption> {
  const names = protocolNames[sim.language][isAsync ? 'async' : 'sync'];
  const start = value.cls && boundMethod(value.cls, names.start, value);
  if (!start) return undefined;
  const iterator = yield* callValue(sim, task, start, [], undefined, site);
  if (isObject(iterator) && iterator.t === 'generator') {
    return generatorIter(sim, task, iterator);
  }
  return {
    end: done,
    next: function* () {
      sim.budget.step();
      const next = yield* getAttribute(sim, task, iterator, names.next, site.line);
      let result: Value;
      try {
        result = yield* callValue(sim, task, next, [], undefined, site);
        if (isAsync) result = yield* awaitValue(sim, task, result, site);
      } catch (error) {
        if (names.stop && error instanceof Thrown && isExceptionNamed(error.value, names.stop)) return done;
        throw error;
      }
      if (names.stop) return result;
      // JavaScript: `{ value, done }`.
      const finished = sim.semantics.truthy(yield* getAttribute(sim, task, result, 'done', site.line));
      return finished === false ? yield* getAttribute(sim, task, result, 'value', site.line) : done;
    },
  };
}

function isExceptionNamed(value: Value, name: string): boolean {
  if (!isObject(value) || value.t !== 'record') return false;
  for (let cls = value.cls; cls; cls = cls.base) if (cls.name === name) return true;
  return false;
}

function fromArray(items: readonly Value[]): Iter {
  let i = 0;
  return { end: done, sync: () => (i < items.length ? items[i++] : done) };
}

function syncIterate(sim: Simulation, task: SimTask, value: Value, site: CallSite): Iter {
  if (typeof value === 'string') return fromArray([...value]);
  if (!isObject(value)) {
    const tolerated = sim.tolerate(sim.semantics.repr(value), site.line);
    if (tolerated) return fromArray(assumedItems(sim, tolerated));
    throw notIterable(sim, value, site.line);
  }
  switch (value.t) {
    case 'list': {
      // By index, as both languages do: items appended while the loop runs are reached too.
      const items = value.items;
      let i = 0;
      return { end: done, sync: () => (i < items.length ? items[i++] : done) };
    }
    case 'dict':
      if (value.map) return fromArray([...value.entries.values()].map(([k, v]) => list([k, v])));
      return fromArray([...value.entries.values()].map(([k]) => k));
    case 'set': return fromArray([...value.entries.values()]);
    case 'iterator': return { end: done, sync: value.next };
    case 'generator': {
      return generatorIter(sim, task, value);
    }
    case 'object':
      if (value.kind === 'range') {
        const { start, step, length } = value as unknown as { start: number; step: number; length: number };
        let i = 0;
        return { end: done, sync: () => (i < length ? start + step * i++ : done) };
      }
      break;
    case 'opaque': return fromArray(assumedItems(sim, value));
    case 'record':
      if (sim.language === 'python') break;
      return fromArray([]);
  }
  throw notIterable(sim, value, site.line);
}

/** `for (k in o)`: an object's own keys, an array's indexes, as strings. */
function keysOf(sim: Simulation, value: Value): Iter {
  if (!isObject(value)) return fromArray([]);
  if (value.t === 'record') return fromArray([...value.props.keys()]);
  if (value.t === 'list') return fromArray(value.items.map((_, i) => String(i)));
  if (value.t === 'opaque') return fromArray(assumedItems(sim, value));
  return fromArray([]);
}

/** `async for` / `for await`: an async generator's items, or each item of a plain iterable awaited. */
function* asyncIterate(sim: Simulation, task: SimTask, value: Value, site: CallSite): Generator<Wait, Iter, Resumption> {
  if (isObject(value) && value.t === 'generator') {
    return generatorIter(sim, task, value);
  }
  // A library's own async iterator (node:timers/promises `setInterval`) walks as its family says.
  if (isObject(value) && value.t === 'object' && typeof value.asyncIterate === 'function') return (value.asyncIterate as (task: SimTask) => Iter)(task);
  if (isOpaque(value)) {
    // An async stream the code does not show: each item arrives after the assumed latency.
    const items = assumedItems(sim, value);
    sim.assume(`Each item of ${value.text} takes ${formatSeconds(sim.options.defaultLatency)} to arrive.`, site.line);
    let i = 0;
    return {
      end: done,
      next: function* () {
        if (i >= items.length) return done;
        yield* ioWait(sim, task, value, { line: site.line, text: `next item of ${value.text}` }, false);
        return items[i++];
      },
    };
  }
  const inner = syncIterate(sim, task, value, site);
  return {
    end: done,
    next: function* () {
      const item = inner.sync ? inner.sync() : yield* inner.next!();
      if (item === done) return done;
      return sim.language === 'javascript' ? yield* awaitValue(sim, task, item, site) : item;
    },
  };
}

/**
 * Runs a generator's body until its next `yield` (its item), its end (`done`) or an exception. An async
 * generator's waits pass through to the scheduler; its body runs on a row of its own, in the asking task.
 */
export function* resumeGenerator(sim: Simulation, task: SimTask, generator: GeneratorValue, input: Resumption): Generator<Wait, Value | typeof done, Resumption> {
  if (generator.done) return done;
  const body = (generator.body ??= generator.start(task));
  const askingRow = task.row;
  const askingLoops = task.loops;
  const started = sim.now;
  if (generator.isAsync) task.row = (generator.row ??= sim.scheduler.newRow(generator.label, generator.line, askingRow));
  const state = generator as GeneratorValue & { loops?: number[] };
  task.loops = state.loops ??= [];
  try {
    let next = input;
    for (;;) {
      let step: IteratorResult<Wait | Yielded, Value>;
      try {
        step = 'error' in next ? body.throw(next.error) : body.next(next);
      } catch (error) {
        generator.done = true;
        throw error;
      }
      if (step.done) {
        generator.done = true;
        return done;
      }
      if (step.value instanceof Yielded) return step.value.value;
      next = yield step.value;
    }
  } finally {
    task.row = askingRow;
    task.loops = askingLoops;
    if (generator.isAsync && sim.now > started) sim.scheduler.openSpan(askingRow, 'awaiting', `next item of ${generator.label}`, generator.line, started, sim.now);
  }
}

/**
 * A generator a loop left early. JavaScript's `for...of` / `for await` call its `return()` and wait for it: the body
 * resumes at its `yield` with a return, so its `finally` blocks run (closing a cursor, awaited) before the loop's
 * next statement. Python closes a generator when the last reference goes: a sync one at once (`close()`), an async
 * one through the loop's finaliser hook, which starts `aclose()` as a task of its own that nobody awaits. A Python
 * generator something else still holds (`pages = paginate()`) is not closed yet. A body never started has no
 * `finally` to run.
 */
export function* closeGenerator(sim: Simulation, task: SimTask, generator: GeneratorValue, unreferenced: boolean): Generator<Wait, void, Resumption> {
  if (generator.done) return;
  if (!generator.body || (sim.language === 'python' && !unreferenced)) {
    generator.done = true;
    return;
  }
  if (sim.language === 'python' && generator.isAsync) {
    const row = generator.row ??= sim.scheduler.newRow(generator.label, generator.line, task.row);
    sim.scheduler.startTask(row, closing => finishBody(closing, generator), false, task);
    return;
  }
  yield* finishBody(task, generator);
}

/** Resumes a generator's body with a return and runs it to its end, its waits passed to the scheduler. */
function* finishBody(task: SimTask, generator: GeneratorValue): Generator<Wait, Value, Resumption> {
  const body = generator.body!;
  generator.done = true;
  const askingRow = task.row;
  if (generator.isAsync) task.row = generator.row ?? askingRow;
  try {
    let step = body.return(undefined);
    // A `yield` in a `finally` of a closing generator is an error in Python and suspends it again in JavaScript:
    // either way no more of it runs here.
    while (!step.done && !(step.value instanceof Yielded)) {
      const next: Resumption = yield step.value;
      step = 'error' in next ? body.throw(next.error) : body.next(next);
    }
  } finally {
    task.row = askingRow;
  }
  return undefined;
}

function notIterable(sim: Simulation, value: Value, line: Line): Thrown {
  return sim.error('TypeError', `${sim.semantics.repr(value)} is not iterable`, line);
}

/**
 * An unknown collection's items: the assumed count, each unknown. A collection found inside an item of one (the
 * files each of unknown specs requires) has one item, so the loop's body, and its work, runs; one deeper still (a
 * tree of unknown shape, walked by the program) is taken as empty, so the walk ends.
 */
export function assumedItems(sim: Simulation, collection: OpaqueValue): Value[] {
  const { text, line } = collection;
  const depth = collection.depth ?? 0;
  if (depth >= 3) {
    sim.assume(`${shorten(text)}: a collection inside an item of an unknown collection is taken as empty.`, line);
    return [];
  }
  if (depth === 2) {
    sim.assume(`${shorten(text)}: a collection inside an item of an unknown collection is taken to hold one item.`, line);
    sim.budget.allocate(1);
    return [opaque(`${text}[0]`, line, { depth: depth + 1 })];
  }
  const count = assumedCount(sim, collection);
  // An empty slice (a chunk past the end of the items assumed) needs no word of its own.
  if (collection.size !== undefined) { if (count > 0) sim.assume(`${text}: ${count} item${count === 1 ? '' : 's'} of a collection of unknown size, taken to have ${sim.options.itemCount}.`, line); }
  else sim.assume(`${text}: a collection of unknown size, ${count} items assumed.`, line);
  sim.budget.allocate(count);
  return Array.from({ length: count }, (_, i) => opaque(`${text}[${i}]`, line, { depth: depth + 1 }));
}

/** How many items an unknown collection is taken to hold: a slice's own count, any other the assumed count. */
export function assumedCount(sim: Simulation, collection: OpaqueValue): number {
  return collection.size ?? sim.options.itemCount;
}

/**
 * `xs[a:b]` / `xs.slice(a, b)` of an unknown collection `xs`: of the items assumed for `xs`, those the slice picks,
 * so a chunk of a loop stepping by its size holds that many, not a collection's assumed count. Undefined when a
 * bound is not a number (the slice is then unknown too).
 */
export function sliceOfUnknown(sim: Simulation, collection: OpaqueValue, start: Value, stop: Value, text: string, line: Line): OpaqueValue | undefined {
  const count = assumedCount(sim, collection);
  const index = (value: Value, fallback: number): number | undefined => {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'number' || Number.isNaN(value)) return undefined;
    return Math.max(0, Math.min(count, value < 0 ? count + value : value));
  };
  const from = index(start, 0);
  const to = index(stop, count);
  if (from === undefined || to === undefined) return undefined;
  return opaque(text, line, { depth: collection.depth, size: Math.max(0, to - from) });
}

/** All the items of a value, as a new array (counted against the memory budget as they come). */
export function* itemsOf(sim: Simulation, task: SimTask, value: Value, line: Line): Generator<Wait, Value[], Resumption> {
  if (isObject(value) && value.t === 'list') {
    sim.budget.allocate(value.items.length);
    return value.items.slice();
  }
  const items: Value[] = [];
  yield* spreadInto(sim, task, items, value, line);
  return items;
}

/** Appends the items of `value` to `target` one by one: a spread into `push` puts every item on the stack. */
export function* spreadInto(sim: Simulation, task: SimTask, target: Value[], value: Value, line: Line): Generator<Wait, void, Resumption> {
  if (isObject(value) && value.t === 'list') {
    sim.budget.allocate(value.items.length);
    for (const item of value.items) target.push(item);
    return;
  }
  const iterator = yield* iterate(sim, task, value, { line, text: 'spread' }, {});
  for (;;) {
    const item = iterator.sync ? iterator.sync() : yield* iterator.next!();
    if (item === done) return;
    sim.budget.allocate(1);
    target.push(item);
  }
}

/** `[f(x) for x in xs if c]` and its set, dict and generator forms, in a scope of its own. */
export function* comprehension(sim: Simulation, task: SimTask, expr: Extract<Expr, { kind: 'comprehension' }>, env: Env): Generator<Wait, Value, Resumption> {
  const scope = new Env(env);
  const results: Value[] = [];
  const dict = expr.form === 'dict' ? newDict() : undefined;
  const clauses = expr.clauses;
  let undecided = false;
  const run = function* (index: number): Generator<Wait, void, Resumption> {
    if (index === clauses.length) {
      sim.budget.allocate(1);
      if (dict) dictSet(dict, yield* evaluate(sim, task, expr.key!, scope), yield* evaluate(sim, task, expr.element, scope));
      else results.push(yield* evaluate(sim, task, expr.element, scope));
      return;
    }
    const clause = clauses[index];
    if ('if' in clause) {
      const choices = sim.undecidedChoices;
      const condition = yield* evaluate(sim, task, clause.if, scope);
      if (sim.undecidedChoices !== choices) undecided = true;
      let truth = sim.semantics.truthy(condition);
      if (truth === undefined) {
        truth = decideFilter(sim, expr.line);
        undecided = true;
      }
      if (truth) yield* run(index + 1);
      return;
    }
    // The first iterable is evaluated in the enclosing scope, the others in the comprehension's.
    const iterable = yield* evaluate(sim, task, clause.in, index === 0 ? env : scope);
    const iterator = yield* iterate(sim, task, iterable, { line: expr.line, text: 'comprehension' }, { isAsync: clause.isAsync });
    const last = index + 1 === clauses.length;
    for (;;) {
      // Each element is a step, even when it makes no call: a comprehension over a comprehension is a loop.
      sim.budget.step();
      const item = iterator.sync ? iterator.sync() : yield* iterator.next!();
      if (item === done) return;
      // The common case, `[f(x) for x in xs]`, without a generator per element (10,000 tasks are made this way).
      if (clause.for.kind === 'name') scope.declare(clause.for.name, item);
      else yield* bindPattern(sim, task, clause.for, item, scope, true, expr.line);
      if (last && !dict) {
        sim.budget.allocate(1);
        results.push(yield* evaluate(sim, task, expr.element, scope));
      } else yield* run(index + 1);
    }
  };
  yield* run(0);
  if (dict) return dict;
  if (expr.form === 'set') return newSet(results);
  if (expr.form === 'generator') {
    let i = 0;
    const generator: IteratorValue = { t: 'iterator', next: () => (i < results.length ? results[i++] : done), label: 'generator' };
    if (undecided) generator.undecidedSize = true;
    return generator;
  }
  return filteredList(results, undecided);
}
