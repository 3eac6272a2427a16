/**
 * Lists, tuples, dicts, Maps and sets: their methods in each language (those that call back, like `map`, `sort`
 * with a key or `reduce`, run the program's functions), membership, and set algebra.
 */
import { callValue, isGenerator } from '../calls';
import { lessThan } from '../comparisons';
import { assumedItems, itemsOf, sliceOfUnknown } from '../iteration';
import { shorten } from '../text';
import type { Evaluation } from '../expressions';
import type { Line } from '../model';
import type { SimTask } from '../scheduler';
import type { Simulation } from '../simulation';
import {
  opaque, CallSite, dictGet, hasUnknownKeys, filteredList, dictSet, DictValue, missIsUndecided, done, isObject, isOpaque, keyOf, Keywords, list, ListValue, NativeFunction, NativeResult, newDict, OpaqueValue, Resumption, SetValue, unbound, Value, Wait,
} from '../values';

export { newRegex } from './regex';

export function newSet(items: Value[]): SetValue {
  const set: SetValue = { t: 'set', entries: new Map() };
  for (const item of items) set.entries.set(keyOf(item), item);
  return set;
}

/** `item in container` (Python), `key in object` (JavaScript): undefined when the code does not decide it. */
export function contains(sim: Simulation, container: Value, item: Value, line: Line, jsKey = false): boolean | undefined {
  if (isOpaque(container) || (isOpaque(item) && !(isObject(container) && container.t === 'list' && container.items.length === 0))) return undefined;
  if (typeof container === 'string') return typeof item === 'string' && container.includes(item);
  if (!isObject(container)) {
    throw sim.error('TypeError', `argument of type '${sim.semantics.repr(container)}' is not iterable`, line);
  }
  switch (container.t) {
    case 'list': {
      if (jsKey) return Number(item) >= 0 && Number(item) < container.items.length;
      let result: boolean | undefined = false;
      for (const element of container.items) {
        const same = sim.semantics.equals(element, item);
        if (same === true) return true;
        if (same === undefined) result = undefined;
      }
      return result;
    }
    case 'dict': return container.entries.has(keyOf(item)) || (container.unknownKeys ? undefined : false);
    case 'set': return container.entries.has(keyOf(item));
    case 'record': return container.props.has(String(item));
    case 'object':
      if (container.kind === 'range' && typeof item === 'number') {
        const { start, step, length } = container as unknown as { start: number; step: number; length: number };
        const i = (item - start) / step;
        return Number.isInteger(i) && i >= 0 && i < length;
      }
      return false;
    default: return false;
  }
}

export function setOperation(sim: Simulation, operator: string, left: SetValue, right: SetValue, line: Line): Value {
  const result = newSet([]);
  switch (operator) {
    case '|': for (const [k, v] of [...left.entries, ...right.entries]) result.entries.set(k, v); return result;
    case '&': for (const [k, v] of left.entries) if (right.entries.has(k)) result.entries.set(k, v); return result;
    case '-': for (const [k, v] of left.entries) if (!right.entries.has(k)) result.entries.set(k, v); return result;
    case '^':
      for (const [k, v] of left.entries) if (!right.entries.has(k)) result.entries.set(k, v);
      for (const [k, v] of right.entries) if (!left.entries.has(k)) result.entries.set(k, v);
      return result;
    case '<=': return [...left.entries.keys()].every(k => right.entries.has(k));
    case '>=': return [...right.entries.keys()].every(k => left.entries.has(k));
    case '<': return left.entries.size < right.entries.size && [...left.entries.keys()].every(k => right.entries.has(k));
    case '>': return left.entries.size > right.entries.size && [...right.entries.keys()].every(k => left.entries.has(k));
  }
  throw sim.error('TypeError', `unsupported operand type(s) for ${operator}: 'set' and 'set'`, line);
}

type Method = NativeFunction['call'];

function native(name: string, self: Value, call: Method): NativeFunction {
  return { t: 'native', name, call, self };
}

function copyItems(sim: Simulation, items: readonly Value[]): Value[] {
  sim.budget.allocate(items.length);
  return items.slice();
}

/** Sorts by the program's comparison or key (a merge sort that can wait for what it calls). */
function* sortItems(sim: Simulation, task: SimTask, items: Value[], compare: (a: Value, b: Value) => Generator<Wait, number, Resumption>): Generator<Wait, Value[], Resumption> {
  if (items.length <= 1) return items;
  const middle = items.length >> 1;
  const left = yield* sortItems(sim, task, items.slice(0, middle), compare);
  const right = yield* sortItems(sim, task, items.slice(middle), compare);
  const merged: Value[] = [];
  let i = 0, j = 0;
  while (i < left.length && j < right.length) {
    sim.budget.step();
    merged.push((yield* compare(left[i], right[j])) <= 0 ? left[i++] : right[j++]);
  }
  return merged.concat(left.slice(i), right.slice(j));
}

/** Numbers alone, or strings alone: sorted by the engine's own sort (stable, as Python's), with no call per comparison. */
function plainlyOrdered(items: readonly Value[]): ((a: Value, b: Value) => number) | undefined {
  if (items.every(item => typeof item === 'number')) return (a, b) => (a as number) - (b as number);
  if (items.every(item => typeof item === 'string')) return (a, b) => ((a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0);
  return undefined;
}

/**
 * `sorted(xs, key=..., reverse=...)`, `xs.sort(...)`, `xs.sort((a, b) => ...)`. Python orders by `<` alone (the
 * program's `__lt__` included, see comparisons.ts), stably: `reverse` sorts the reversed items and reverses the result,
 * so equal items keep their order.
 */
export function* sorted(sim: Simulation, task: SimTask, items: Value[], key: Value, reverse: boolean, comparator: Value, site: CallSite): Generator<Wait, Value[], Resumption> {
  if (sim.language === 'javascript') {
    if (isObject(comparator) && comparator.t !== 'opaque') {
      return yield* sortItems(sim, task, items, function* (a, b) { return Number(yield* callValue(sim, task, comparator, [a, b], undefined, site)); });
    }
    return items.slice().sort((a, b) => { const x = sim.semantics.toText(a), y = sim.semantics.toText(b); return x < y ? -1 : x > y ? 1 : 0; });
  }
  const given = reverse ? items.slice().reverse() : items;
  // The right item goes first only when it is less than the left one.
  const pythonOrder = function* (a: Value, b: Value): Generator<Wait, number, Resumption> { return (yield* lessThan(sim, task, b, a, site.line)) ? 1 : 0; };
  let result: Value[];
  if (isObject(key) && key.t !== 'opaque') {
    const keys: Value[] = [];
    for (const item of given) keys.push(yield* callValue(sim, task, key, [item], undefined, site));
    const order = plainlyOrdered(keys);
    const positions = given.map((_, i) => i);
    const sortedPositions = order
      ? positions.sort((i, j) => order(keys[i], keys[j]))
      : (yield* sortItems(sim, task, positions, function* (i, j) { return yield* pythonOrder(keys[i as number], keys[j as number]); })) as number[];
    result = sortedPositions.map(i => given[i]);
  } else {
    const order = plainlyOrdered(given);
    result = order ? given.slice().sort(order) : yield* sortItems(sim, task, given, pythonOrder);
  }
  return reverse ? result.reverse() : result;
}

/** An iterator whose `next()` gives JavaScript's `{ value, done }`, or Python's next item. */
export function iteratorOver(items: readonly Value[]): Value {
  let i = 0;
  return { t: 'iterator', next: () => (i < items.length ? items[i++] : done) };
}

function keywordOf(keywords: Keywords, name: string): Value {
  return keywords?.get(name);
}

/**
 * Where `x` is in a Python list: the first item equal to it, or else the first the code does not decide is not
 * (`channels.remove(self)` from channels of unknown items: one of them is this one, not a ValueError).
 */
function positionOf(sim: Simulation, items: Value[], x: Value, site: CallSite): number {
  const equal = items.findIndex(item => sim.semantics.equals(item, x) === true);
  if (equal >= 0) return equal;
  const undecided = items.findIndex(item => sim.semantics.equals(item, x) === undefined);
  if (undecided >= 0) sim.assume(`\`${shorten(site.text)}\`: which item is the one looked for is not decided by the code: the first of unknown value is taken.`, site.line);
  return undecided;
}

/** A method of a list (Python) or an array (JavaScript). */
export function listMember(sim: Simulation, task: SimTask, value: ListValue, name: string): Value | typeof unbound {
  const items = value.items;
  if (sim.language === 'javascript') {
    // The size of what an undecided filter kept is not decided either.
    if (name === 'length') return value.undecidedSize ? opaque(`${value.items.length} items kept by a filter the code does not decide`, sim.currentLine) : items.length;
    const method = javascriptArrayMethod(sim, value, name);
    return method ? native(name, value, method) : unbound;
  }
  const method = pythonListMethod(sim, task, value, name);
  return method ? native(name, value, method) : unbound;
}

function pythonListMethod(sim: Simulation, _task: SimTask, value: ListValue, name: string): Method | undefined {
  const items = value.items;
  switch (name) {
    case 'append': return (_t, args) => { sim.budget.allocate(1); items.push(args[0]); return null; };
    case 'extend': return function* (t, args, _k, site) { const more = yield* itemsOf(sim, t, args[0], site.line); for (const item of more) items.push(item); return null; };
    case 'insert': return (_t, args) => { items.splice(Number(args[0]), 0, args[1]); return null; };
    case 'pop': return (_t, args, _k, site) => {
      if (items.length === 0) throw sim.error('IndexError', 'pop from empty list', site.line);
      const i = args.length > 0 ? Number(args[0]) : items.length - 1;
      return items.splice(i < 0 ? items.length + i : i, 1)[0];
    };
    case 'remove': return (_t, args, _k, site) => {
      const i = positionOf(sim, items, args[0], site);
      if (i < 0) throw sim.error('ValueError', 'list.remove(x): x not in list', site.line);
      items.splice(i, 1);
      return null;
    };
    case 'index': return (_t, args, _k, site) => {
      const i = positionOf(sim, items, args[0], site);
      if (i < 0) throw sim.error('ValueError', `${sim.semantics.repr(args[0])} is not in list`, site.line);
      return i;
    };
    case 'count': return (_t, args) => items.filter(item => sim.semantics.equals(item, args[0]) === true).length;
    case 'sort': return function* (t, _args, keywords, site) {
      const result = yield* sorted(sim, t, items, keywordOf(keywords, 'key'), sim.semantics.truthy(keywordOf(keywords, 'reverse') ?? false) === true, undefined, site);
      items.splice(0, items.length, ...result);
      return null;
    };
    case 'reverse': return () => { items.reverse(); return null; };
    case 'copy': return () => list(copyItems(sim, items));
    case 'clear': return () => { items.length = 0; return null; };
    default: return undefined;
  }
}

function javascriptArrayMethod(sim: Simulation, value: ListValue, name: string): Method | undefined {
  const items = value.items;
  const call = function* (t: SimTask, fn: Value, args: Value[], site: CallSite): Evaluation {
    sim.budget.step();
    return yield* callValue(sim, t, fn, args, undefined, site);
  };
  const truthy = (v: Value) => sim.semantics.truthy(v) !== false;
  switch (name) {
    case 'push': return (_t, args) => { sim.budget.allocate(args.length); for (const a of args) items.push(a); return items.length; };
    case 'pop': return () => items.pop();
    case 'shift': return () => items.shift();
    case 'unshift': return (_t, args) => { items.unshift(...args); return items.length; };
    case 'slice': return (_t, args) => list(copyItems(sim, items.slice(args[0] === undefined ? 0 : Number(args[0]), args[1] === undefined ? undefined : Number(args[1]))));
    case 'splice': return (_t, args) => list(items.splice(Number(args[0] ?? 0), args.length > 1 ? Number(args[1]) : items.length, ...args.slice(2)));
    case 'concat': return (_t, args) => { const result = copyItems(sim, items); for (const a of args) { if (isObject(a) && a.t === 'list') result.push(...copyItems(sim, a.items)); else result.push(a); } return list(result); };
    case 'join': return (_t, args) => items.map(i => (i === null || i === undefined ? '' : sim.semantics.toText(i))).join(args[0] === undefined ? ',' : sim.semantics.toText(args[0]));
    case 'indexOf': return (_t, args, _k, site) => (isOpaque(args[0]) ? opaque(site.text, site.line) : items.findIndex(i => i === args[0]));
    case 'lastIndexOf': return (_t, args, _k, site) => (isOpaque(args[0]) ? opaque(site.text, site.line) : items.lastIndexOf(args[0]));
    case 'includes': return (_t, args, _k, site) => (isOpaque(args[0]) ? opaque(site.text, site.line) : items.some(i => i === args[0] || (Number.isNaN(i) && Number.isNaN(args[0]))));
    case 'at': return (_t, args) => items[Number(args[0]) < 0 ? items.length + Number(args[0]) : Number(args[0])];
    case 'reverse': return () => { items.reverse(); return value; };
    case 'fill': return (_t, args) => { items.fill(args[0]); return value; };
    case 'keys': return () => iteratorOver(items.map((_, i) => i));
    case 'values': return () => iteratorOver(items);
    case 'entries': return () => iteratorOver(items.map((item, i) => list([i, item])));
    case 'flat': return () => list(items.flatMap(i => (isObject(i) && i.t === 'list' ? i.items : [i])));
    case 'toString': return () => sim.semantics.toText(value);
    case 'sort': return function* (t, args, _k, site) { const result = yield* sorted(sim, t, items, undefined, false, args[0], site); items.splice(0, items.length, ...result); return value; };
    case 'map': return function* (t, args, _k, site) { const out: Value[] = []; for (let i = 0; i < items.length; i++) { sim.budget.allocate(1); out.push(yield* call(t, args[0], [items[i], i, value], site)); } return filteredList(out, value.undecidedSize === true); };
    case 'flatMap': return function* (t, args, _k, site) { const out: Value[] = []; for (let i = 0; i < items.length; i++) { const r = yield* call(t, args[0], [items[i], i, value], site); if (isObject(r) && r.t === 'list') out.push(...r.items); else out.push(r); } return list(out); };
    case 'forEach': return function* (t, args, _k, site) { for (let i = 0; i < items.length; i++) yield* call(t, args[0], [items[i], i, value], site); return undefined; };
    case 'filter': return function* (t, args, _k, site) {
      const out: Value[] = [];
      let undecided = value.undecidedSize === true;
      for (let i = 0; i < items.length; i++) {
        const choices = sim.undecidedChoices;
        const keep = sim.semantics.truthy(yield* call(t, args[0], [items[i], i, value], site));
        // `if (!resolved) return true; ... return false;` on an unknown item: an answer resting on an undecided path.
        if (keep === undefined || sim.undecidedChoices !== choices) undecided = true;
        if (keep !== false) out.push(items[i]);
      }
      return filteredList(out, undecided);
    };
    case 'find': return function* (t, args, _k, site) { for (let i = 0; i < items.length; i++) if (truthy(yield* call(t, args[0], [items[i], i, value], site))) return items[i]; return undefined; };
    case 'findIndex': return function* (t, args, _k, site) { for (let i = 0; i < items.length; i++) if (truthy(yield* call(t, args[0], [items[i], i, value], site))) return i; return -1; };
    // An answer the callback does not decide for some item leaves `some` / `every` undecided, unless another item
    // decides it: `endpoints.some(missing)` over unknown endpoints is a condition the code does not decide.
    case 'some': case 'every': return function* (t, args, _k, site) {
      const decisive = name === 'some';
      let undecided = false;
      for (let i = 0; i < items.length; i++) {
        const answer = sim.semantics.truthy(yield* call(t, args[0], [items[i], i, value], site));
        if (answer === decisive) return decisive;
        if (answer === undefined) undecided = true;
      }
      return undecided ? opaque(shorten(site.text), site.line) : !decisive;
    };
    case 'reduce': return function* (t, args, _k, site) {
      let i = 0;
      let accumulator = args.length > 1 ? args[1] : items[i++];
      for (; i < items.length; i++) accumulator = yield* call(t, args[0], [accumulator, items[i], i, value], site);
      return accumulator;
    };
    default: return undefined;
  }
}

/** lodash's and underscore's iteration functions, by the array method each is (`_.each(xs, f)` is `xs.forEach(f)`). */
const utilityBeltIterations: Readonly<Record<string, string>> = {
  each: 'forEach', forEach: 'forEach', forIn: 'forEach', forOwn: 'forEach', eachRight: 'forEach', forEachRight: 'forEach',
  map: 'map', flatMap: 'flatMap', filter: 'filter', some: 'some', every: 'every', find: 'find', reduce: 'reduce',
};

/**
 * `_.each(collection, fn)`, `lodash_1.default.forIn(attributes, fn)`: a utility belt calls `fn` for each value of the
 * collection (an array's items, an object's own values) before it returns, as the array method would. Undefined for
 * any other function, and when the second argument is no function.
 */
export function utilityBeltIteration(sim: Simulation, task: SimTask, member: string, args: Value[], site: CallSite): NativeResult | undefined {
  const method = Object.hasOwn(utilityBeltIterations, member) ? utilityBeltIterations[member] : undefined;
  const callback = args[1];
  if (!method || !isObject(callback) || !['function', 'native', 'class'].includes(callback.t)) return undefined;
  return (function* walkValues(): Generator<Wait, Value, Resumption> {
    const collection = args[0];
    // A utility belt walks nothing when given nothing (`_.forEach(parent.associations, fn)` with none), nor a Map or
    // a Set (no own enumerable keys); an object its own values.
    const walksNothing = collection === null || collection === undefined || (isObject(collection) && (collection.t === 'dict' || collection.t === 'set'));
    const values = walksNothing ? []
      : isObject(collection) && collection.t === 'record' && !hasUnknownKeys(collection)
        ? [...collection.props].filter(([key]) => !key.startsWith('#')).map(([, value]) => value)
        : isObject(collection) && collection.t === 'record' ? assumedItems(sim, opaque(shorten(site.text), site.line))
          : yield* itemsOf(sim, task, collection, site.line);
    const items = list(values);
    const result = javascriptArrayMethod(sim, items, method)!(task, args.slice(1), undefined, site, items);
    return isGenerator(result) ? yield* result : result;
  })();
}

/**
 * An array method called on an unknown value (`rows.map(...)` of a parameter): it walks the assumed items, as an
 * array of them would; undefined for any other method, and for a call whose first argument is no callback (a
 * bundler's own `find([directory])` is not an array's).
 */
export function listMethodOnUnknown(sim: Simulation, task: SimTask, assumed: (receiver: OpaqueValue) => Value[], receiver: OpaqueValue, member: string, args: Value[], site: CallSite): NativeResult | undefined {
  if (member === 'slice') return sliceOfUnknown(sim, receiver, args[0], args[1], shorten(site.text), site.line);
  if (!['map', 'forEach', 'filter', 'flatMap', 'some', 'every', 'find', 'reduce'].includes(member)) return undefined;
  const callback = args[0];
  if (!isObject(callback) || !['function', 'native', 'class', 'opaque'].includes(callback.t)) return undefined;
  const items = list(assumed(receiver));
  return javascriptArrayMethod(sim, items, member)!(task, args, undefined, site, items);
}

/** A method of a dict (Python) or a Map (JavaScript). */
export function dictMember(sim: Simulation, task: SimTask, value: DictValue, name: string): Value | typeof unbound {
  if (sim.language === 'javascript' && name === 'size') return value.entries.size;
  const method = dictMethod(sim, task, value, name);
  return method ? native(name, value, method) : unbound;
}

function dictMethod(sim: Simulation, _task: SimTask, dict: DictValue, name: string): Method | undefined {
  const entries = dict.entries;
  const pairs = () => [...entries.values()];
  switch (name) {
    case 'get': return (_t, args, _k, site) => {
      const v = dictGet(dict, args[0]);
      if (v !== unbound) return v;
      // `featureMap.get(name)` with a name the code does not decide, or in a map keyed by made-up items' names:
      // which entry, or none, is not decided either.
      if (missIsUndecided(dict, args[0])) return opaque(site.text, site.line);
      return args.length > 1 ? args[1] : sim.semantics.noValue;
    };
    case 'set': return (_t, args) => { sim.budget.allocate(1); dictSet(dict, args[0], args[1]); return dict; };
    case 'has': case '__contains__': return (_t, args, _k, site) => entries.has(keyOf(args[0])) || (missIsUndecided(dict, args[0]) && opaque(site.text, site.line));
    case 'delete': return (_t, args) => entries.delete(keyOf(args[0]));
    case 'clear': return () => { entries.clear(); return sim.semantics.noValue; };
    case 'keys': return () => (sim.language === 'python' ? list(pairs().map(([k]) => k)) : iteratorOver(pairs().map(([k]) => k)));
    case 'values': return () => (sim.language === 'python' ? list(pairs().map(([, v]) => v)) : iteratorOver(pairs().map(([, v]) => v)));
    case 'items': return () => list(pairs().map(([k, v]) => list([k, v], true)));
    case 'entries': return () => iteratorOver(pairs().map(([k, v]) => list([k, v])));
    case 'setdefault': return (_t, args) => { const v = dictGet(dict, args[0]); if (v !== unbound) return v; dictSet(dict, args[0], args[1] ?? null); return args[1] ?? null; };
    case 'pop': return (_t, args, _k, site) => {
      const v = dictGet(dict, args[0]);
      if (v === unbound && missIsUndecided(dict, args[0])) return opaque(site.text, site.line);
      if (v === unbound) { if (args.length > 1) return args[1]; throw sim.error('KeyError', sim.semantics.repr(args[0]), site.line); }
      entries.delete(keyOf(args[0]));
      return v;
    };
    case 'popitem': return (_t, _args, _k, site) => {
      const last = pairs().pop();
      if (!last) throw sim.error('KeyError', 'popitem(): dictionary is empty', site.line);
      entries.delete(keyOf(last[0]));
      return list(last, true);
    };
    case 'update': return (_t, args, keywords) => {
      const [other] = args;
      if (isObject(other) && other.t === 'dict') for (const [k, v] of other.entries.values()) dictSet(dict, k, v);
      else if (isObject(other) && other.t === 'list') for (const pair of other.items) if (isObject(pair) && pair.t === 'list') dictSet(dict, pair.items[0], pair.items[1]);
      for (const [k, v] of keywords ?? []) dictSet(dict, k, v);
      return null;
    };
    case 'copy': return () => ({ t: 'dict', entries: new Map([...entries].map(([k, [key, v]]) => [k, [key, v]])), map: dict.map, missing: dict.missing });
    case 'forEach': return function* (t, args, _k, site) { for (const [k, v] of pairs()) yield* callValue(sim, t, args[0], [v, k, dict], undefined, site); return undefined; };
    // collections.Counter
    case 'most_common': return (_t, args) => {
      const sorted = pairs().sort((a, b) => Number(b[1]) - Number(a[1]));
      return list((args[0] === undefined ? sorted : sorted.slice(0, Number(args[0]))).map(([k, v]) => list([k, v], true)));
    };
    case 'elements': return () => list(pairs().flatMap(([k, v]) => sim.budget.filledList(Math.max(0, Math.floor(Number(v)) || 0), k)));
    default: return undefined;
  }
}

/** `has(key)` found nothing: false, unless the key is one the code does not decide (then whether it is there is not either). */
function unknownKey(key: Value, site: CallSite): false | OpaqueValue {
  return isOpaque(key) ? opaque(site.text, site.line) : false;
}

/** A method of a set (Python's or JavaScript's). */
export function setMember(sim: Simulation, value: SetValue, name: string): Value | typeof unbound {
  const entries = value.entries;
  if (sim.language === 'javascript' && name === 'size') return entries.size;
  const method = ((): Method | undefined => {
    switch (name) {
      case 'add': return (_t, args) => { sim.budget.allocate(1); entries.set(keyOf(args[0]), args[0]); return sim.language === 'python' ? null : value; };
      case 'has': case '__contains__': return (_t, args, _k, site) => entries.has(keyOf(args[0])) || unknownKey(args[0], site);
      case 'discard': case 'delete': return (_t, args) => entries.delete(keyOf(args[0])) && sim.language === 'javascript';
      case 'remove': return (_t, args, _k, site) => { if (!entries.delete(keyOf(args[0]))) throw sim.error('KeyError', sim.semantics.repr(args[0]), site.line); return null; };
      case 'pop': return (_t, _args, _k, site) => { const first = entries.entries().next(); if (first.done) throw sim.error('KeyError', 'pop from an empty set', site.line); entries.delete(first.value[0]); return first.value[1]; };
      case 'clear': return () => { entries.clear(); return sim.semantics.noValue; };
      case 'update': return (_t, args) => { for (const other of args) if (isObject(other) && (other.t === 'list' || other.t === 'set')) for (const item of other.t === 'list' ? other.items : other.entries.values()) entries.set(keyOf(item), item); return null; };
      case 'union': case 'intersection': case 'difference': return (_t, args) => {
        const other = isObject(args[0]) && args[0].t === 'set' ? args[0] : newSet(isObject(args[0]) && args[0].t === 'list' ? args[0].items : []);
        return setOperation(sim, name === 'union' ? '|' : name === 'intersection' ? '&' : '-', value, other, 0);
      };
      case 'issubset': return (_t, args) => isObject(args[0]) && args[0].t === 'set' && [...entries.keys()].every(k => (args[0] as SetValue).entries.has(k));
      case 'copy': return () => newSet([...entries.values()]);
      case 'values': case 'keys': return () => iteratorOver([...entries.values()]);
      case 'entries': return () => iteratorOver([...entries.values()].map(v => list([v, v])));
      case 'forEach': return function* (t, args, _k, site) { for (const v of [...entries.values()]) yield* callValue(sim, t, args[0], [v, v, value], undefined, site); return undefined; };
      default: return undefined;
    }
  })();
  return method ? native(name, value, method) : unbound;
}

/** `new Map(entries)`, Python's `dict(...)`: a dict from pairs or another dict. */
export function dictFrom(sim: Simulation, source: Value, map: boolean): DictValue {
  const dict = newDict(map);
  if (isObject(source) && source.t === 'dict') for (const [k, v] of source.entries.values()) dictSet(dict, k, v);
  else if (isObject(source) && source.t === 'list') {
    for (const pair of source.items) if (isObject(pair) && pair.t === 'list') dictSet(dict, pair.items[0], pair.items[1]);
  } else if (isObject(source) && source.t === 'record') for (const [k, v] of source.props) dictSet(dict, k, v);
  sim.budget.allocate(dict.entries.size);
  return dict;
}
