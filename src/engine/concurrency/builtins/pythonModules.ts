/** Python's standard modules the programs lean on: json, math, collections, dataclasses, functools, heapq, itertools, contextlib, re. */
import { callValue } from '../calls';
import { javascriptString } from '../display';
import { itemsOf, resumeGenerator } from '../iteration';
import type { Simulation } from '../simulation';
import { CallSite, dictSet, DictValue, done, GeneratorValue, isObject, isOpaque, list, NativeFunction, newDict, NativeObject, opaque, Thrown, unbound, Value } from '../values';
import type { Context } from '../contexts';
import { registerClassDecorators } from './classDecorators';
import { dictFrom } from './collections';
import { registerExitStack } from './exitStack';
import { registerHeapq } from './heapq';
import { native, Registry } from './index';
import { newRegex, pythonRegex, regexReplace, regexSplit } from './regex';

type Call = NativeFunction['call'];

export function registerPythonModules(registry: Registry): void {
  const { sim, qualified } = registry;
  const define = (name: string, call: Call) => qualified.set(name, native(name.split('.').pop()!, call));

  // json: of values the simulation knows; text it does not know parses to an unknown value.
  define('json.dumps', (_t, args, _k, site) => (containsOpaque(args[0]) ? opaque(site.text, site.line) : pythonJson(sim, args[0])));
  define('json.loads', (_t, args, _k, site) => {
    if (typeof args[0] !== 'string') return opaque(site.text, site.line);
    try {
      return fromJson(JSON.parse(args[0]));
    } catch {
      throw sim.error('ValueError', 'Expecting value', site.line);
    }
  });

  for (const name of ['ceil', 'floor', 'sqrt', 'exp', 'log', 'log2', 'log10', 'sin', 'cos', 'fabs', 'trunc'] as const) {
    const fn = name === 'fabs' ? Math.abs : Math[name];
    define(`math.${name}`, (_t, args, _k, site) => (typeof args[0] === 'number' ? fn(args[0]) : opaque(site.text, site.line)));
  }
  qualified.set('math.pi', Math.PI);
  qualified.set('math.e', Math.E);
  qualified.set('math.inf', Infinity);
  define('math.isclose', (_t, args) => Math.abs(Number(args[0]) - Number(args[1])) <= 1e-9 * Math.max(Math.abs(Number(args[0])), Math.abs(Number(args[1]))));

  define('collections.Counter', function* (t, args, _k, site) {
    const counter: DictValue = { ...newDict(), missing: 0 };
    (counter as DictValue & { counter: boolean }).counter = true;
    const [source] = args;
    if (isObject(source) && source.t === 'dict') for (const [k, v] of source.entries.values()) dictSet(counter, k, v);
    else if (source !== undefined) for (const item of yield* itemsOf(sim, t, source, site.line)) dictSet(counter, item, Number(counterGet(counter, item)) + 1);
    return counter;
  });
  define('collections.defaultdict', (_t, args) => ({ ...dictFrom(sim, args[1], false), missing: args[0] ?? undefined }));
  define('collections.OrderedDict', (_t, args) => dictFrom(sim, args[0], false));
  define('collections.deque', function* (t, args, _k, site) { return list(args[0] === undefined ? [] : yield* itemsOf(sim, t, args[0], site.line)); });

  registerClassDecorators(registry);
  registerHeapq(registry);
  registerExitStack(registry);
  define('dataclasses.field', (_t, _args, keywords) => ({ t: 'object', kind: 'field', default: keywords?.get('default') ?? null, factory: keywords?.get('default_factory'), compare: keywords?.get('compare') }));
  define('dataclasses.asdict', (_t, args) => (isObject(args[0]) && args[0].t === 'record' ? dictFrom(sim, args[0], false) : opaque('asdict(...)', 0)));

  define('functools.partial', (_t, args, keywords) => {
    const [fn, ...bound] = args;
    return native('partial', function* (t, more, moreKeywords, site) {
      const merged = new Map([...(keywords ?? []), ...(moreKeywords ?? [])]);
      return yield* callValue(sim, t, fn, [...bound, ...more], merged.size > 0 ? merged : undefined, site);
    });
  });
  const identity: Call = (_t, args) => (args.length > 0 && isObject(args[0]) && (args[0].t === 'function' || args[0].t === 'native') ? args[0] : native('decorator', (_t2, inner) => inner[0]));
  // `@wraps(fn)` makes a decorator that keeps what it is given.
  define('functools.wraps', () => native('decorator', (_t2, inner) => inner[0]));
  define('functools.lru_cache', identity);
  define('functools.cache', identity);

  define('itertools.count', (_t, args) => {
    let n = Number(args[0] ?? 0);
    const step = Number(args[1] ?? 1);
    return { t: 'iterator', next: () => { const value = n; n += step; return value; } };
  });
  define('itertools.chain', function* (t, args, _k, site) {
    const items: Value[] = [];
    for (const arg of args) items.push(...(yield* itemsOf(sim, t, arg, site.line)));
    return list(items);
  });
  define('itertools.islice', function* (t, args, _k, site) {
    const [source, a, b] = args;
    // A bound the code does not decide (`islice(tasks, 0, max_concurrency)` of a parameter) takes every item there is.
    const bound = (value: Value, none: number) => (value === null || value === undefined ? none : isOpaque(value) ? Infinity : Number(value));
    const [start, stop] = b === undefined ? [0, bound(a, Infinity)] : [isOpaque(a) ? 0 : bound(a, 0), bound(b, Infinity)];
    if (isObject(source) && source.t === 'iterator') {
      const items: Value[] = [];
      for (let i = 0; i < stop; i++) { const item = source.next(); if (item === done) break; if (i >= start) items.push(item); }
      return list(items);
    }
    return list((yield* itemsOf(sim, t, source, site.line)).slice(start, stop));
  });
  const batched: Call = function* (t, args, keywords, site) {
    const items = yield* itemsOf(sim, t, args[0], site.line);
    const size = Number(args[1] ?? keywords?.get('n'));
    // Python refuses a size below one; stepping by it would never end (`batched(ids, 0)`, `batched(ids, -1)`).
    if (size < 1) throw sim.error('ValueError', 'n must be at least one', site.line);
    const batches: Value[] = [];
    for (let i = 0; i < items.length; i += size) batches.push(list(items.slice(i, i + size), true));
    return list(batches);
  };
  define('itertools.batched', batched);
  define('more_itertools.chunked', batched);

  const contextManager = (isAsync: boolean): Call => (_t, args) => {
    const [fn] = args;
    const wrapper = native('contextmanager', function* (t, callArgs, keywords, site, self) {
      const generator = yield* callValue(sim, t, fn, self === undefined ? callArgs : [self, ...callArgs], keywords, site);
      return { t: 'object', kind: 'generatorContext', generator, isAsync };
    });
    wrapper.wrapsFunction = true;
    return wrapper;
  };
  define('contextlib.asynccontextmanager', contextManager(true));
  define('contextlib.contextmanager', contextManager(false));
  define('contextlib.suppress', (_t, args) => ({ t: 'object', kind: 'suppress', types: list(args, true) }));
  registry.contexts.set('generatorContext', (context, site) => generatorContext(sim, context, site));

  define('re.compile', (_t, args) => (typeof args[0] === 'string' ? newRegex(args[0], '') : opaque('re.compile(...)', 0)));
  for (const how of ['search', 'match', 'fullmatch', 'findall'] as const) {
    define(`re.${how}`, (_t, args, _k, site) => {
      const regex = typeof args[0] === 'string' ? newRegex(args[0], '') : args[0];
      if (typeof args[1] !== 'string' || !isObject(regex) || regex.t !== 'object') return opaque(site.text, site.line);
      return pythonRegex(sim, regex, args[1], how);
    });
  }
  define('re.sub', (_t, args, _k, site) => (typeof args[0] === 'string' && typeof args[1] === 'string' && typeof args[2] === 'string'
    ? regexReplace(sim, newRegex(args[0], ''), args[2], args[1].replace(/\\(\d)/g, '$$$1'), true) : opaque(site.text, site.line)));
  define('re.split', (_t, args, _k, site) => (typeof args[0] === 'string' && typeof args[1] === 'string' ? list(regexSplit(sim, newRegex(args[0], ''), args[1])) : opaque(site.text, site.line)));
  registry.members.set('regex', (regex, name) => {
    if (!['search', 'match', 'fullmatch', 'findall'].includes(name)) return unbound;
    return native(name, (_t, args, _k, site) => (typeof args[0] === 'string' ? pythonRegex(sim, regex, args[0], name as 'search') : opaque(site.text, site.line)));
  });
  registry.members.set('match', (match, name) => {
    const groups = match.groups as Array<string | undefined>;
    const names = match.names as Map<string, number>;
    const group = (key: Value) => groups[typeof key === 'number' ? key : names.get(String(key)) ?? -1] ?? null;
    if (name === 'group') return native(name, (_t, args) => (args.length <= 1 ? group(args[0] ?? 0) : list(args.map(group), true)));
    if (name === 'groups') return native(name, () => list(groups.slice(1).map(g => g ?? null), true));
    if (name === 'start') return native(name, () => match.start as number);
    if (name === 'end') return native(name, () => match.end as number);
    return unbound;
  });
}

function counterGet(counter: DictValue, key: Value): Value {
  for (const [k, v] of counter.entries.values()) if (k === key) return v;
  return 0;
}

function containsOpaque(value: Value, depth = 0): boolean {
  if (depth > 8 || !isObject(value)) return false;
  if (value.t === 'opaque') return true;
  if (value.t === 'list') return value.items.some(v => containsOpaque(v, depth + 1));
  if (value.t === 'dict') return [...value.entries.values()].some(([k, v]) => containsOpaque(k, depth + 1) || containsOpaque(v, depth + 1));
  return false;
}

/** Python's `json.dumps` (its separators: `", "` and `": "`). */
export function pythonJson(sim: Simulation, value: Value, depth = 0): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : value > 0 ? 'Infinity' : 'NaN';
  if (typeof value === 'string') return JSON.stringify(value);
  if (depth > 16) return 'null';
  if (value.t === 'list') return `[${value.items.map(v => pythonJson(sim, v, depth + 1)).join(', ')}]`;
  if (value.t === 'dict') return `{${[...value.entries.values()].map(([k, v]) => `${JSON.stringify(sim.semantics.toText(k))}: ${pythonJson(sim, v, depth + 1)}`).join(', ')}}`;
  return JSON.stringify(javascriptString(value));
}

/** A parsed JSON value as the simulated Python sees it. */
function fromJson(value: unknown): Value {
  if (value === null || typeof value !== 'object') return value as Value;
  if (Array.isArray(value)) return list(value.map(fromJson));
  const dict = newDict();
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) dictSet(dict, k, fromJson(v));
  return dict;
}

/** `@asynccontextmanager`: entering runs the generator to its `yield`; leaving runs it on (or throws into it). */
function generatorContext(sim: Simulation, context: NativeObject, site: CallSite): Context {
  const generator = context.generator as GeneratorValue;
  return {
    enter: function* (task) {
      const item = yield* resumeGenerator(sim, task, generator, { value: undefined });
      if (item === done) throw sim.error('RuntimeError', "generator didn't yield", site.line);
      return item as Value;
    },
    exit: function* (task, error) {
      if (!error) {
        yield* resumeGenerator(sim, task, generator, { value: undefined });
        return false;
      }
      try {
        yield* resumeGenerator(sim, task, generator, { error });
      } catch (raised) {
        if (raised instanceof Thrown && raised.value === error.value) return false;
        throw raised;
      }
      return true;
    },
  };
}

export { isOpaque };
