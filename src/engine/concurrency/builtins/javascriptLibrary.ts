/**
 * JavaScript's own globals, as far as programs shaped like real services use them: Object, Array, JSON, Math,
 * Number, String, Map, Set, Symbol, console, Buffer (synchronous), Date and the Promise class (its statics are
 * the catalogue's builtins). An unknown argument gives an unknown result.
 */
import { callValue, calledInTask } from '../calls';
import { javascriptString } from '../display';
import { itemsOf } from '../iteration';
import { newPromise, settledPromise, withResolvers } from '../promises';
import type { Simulation } from '../simulation';
import { catalogFor } from '../../semantics/catalog';
import { ClassValue, dictSet, hasUnknownKeys, isObject, isOpaque, list, NativeClass, NativeFunction, newDict, opaque, record, RecordValue, Thrown, unbound, Value } from '../values';
import { dictFrom, newRegex, newSet } from './collections';
import { regexMatch, regexTest } from './regex';
import { native, Registry } from './index';

type Call = NativeFunction['call'];

/** A namespace of the library (Object, Math, console): a member the simulator lacks is unknown, not missing. */
function namespace(entries: Record<string, Value>): RecordValue {
  const value = record(new Map(Object.entries(entries)));
  value.native = { library: true };
  return value;
}

function classOf(name: string, native: NativeClass, statics: Record<string, Value> = {}): ClassValue {
  return { t: 'class', name, props: new Map(Object.entries(statics)), native: { ...native, library: true } };
}

export function registerJavaScriptLibrary(registry: Registry): void {
  const { sim, globals, builtins } = registry;
  const fn = (name: string, call: Call) => native(name, call);
  const unknown = (args: Value[]) => args.some(isOpaque);

  globals.declare('undefined', undefined);
  globals.declare('NaN', NaN);
  globals.declare('Infinity', Infinity);
  globals.declare('globalThis', record());

  globals.declare('Object', namespace({
    keys: fn('keys', (_t, args, _k, site) => (isOpaque(args[0]) ? opaque(site.text, site.line) : list(ownEntries(sim, args[0]).map(([k]) => k)))),
    values: fn('values', (_t, args, _k, site) => (isOpaque(args[0]) ? opaque(site.text, site.line) : list(ownEntries(sim, args[0]).map(([, v]) => v)))),
    entries: fn('entries', (_t, args, _k, site) => (isOpaque(args[0]) ? opaque(site.text, site.line) : list(ownEntries(sim, args[0]).map(([k, v]) => list([k, v]))))),
    fromEntries: fn('fromEntries', function* (t, args, _k, site) {
      if (isOpaque(args[0])) return opaque(site.text, site.line);
      const object = record();
      for (const pair of yield* itemsOf(sim, t, args[0], site.line)) {
        if (isObject(pair) && pair.t === 'list') object.props.set(javascriptString(pair.items[0]), pair.items[1]);
      }
      return object;
    }),
    assign: fn('assign', (_t, args) => {
      const [target, ...sources] = args;
      if (isObject(target) && target.t === 'record') {
        for (const source of sources) for (const [k, v] of ownEntries(sim, source)) target.props.set(String(k), v);
        // What an unknown source holds is unknown: any property of the target may now be one of its.
        if (sources.some(hasUnknownKeys)) target.unknownKeys = true;
      }
      // A function is an object too: its properties are those a callable set of methods is given (npmlog's themes).
      else if (isObject(target) && target.t === 'function') for (const source of sources) for (const [k, v] of ownEntries(sim, source)) (target.props ??= new Map()).set(String(k), v);
      return target;
    }),
    freeze: fn('freeze', (_t, args) => args[0]),
    seal: fn('seal', (_t, args) => args[0]),
    create: fn('create', () => record()),
    getPrototypeOf: fn('getPrototypeOf', () => null),
    getOwnPropertyNames: fn('getOwnPropertyNames', (_t, args, _k, site) => (isOpaque(args[0]) ? opaque(site.text, site.line) : list(ownEntries(sim, args[0]).map(([k]) => k)))),
    getOwnPropertyDescriptor: fn('getOwnPropertyDescriptor', (_t, _a, _k, site) => opaque(site.text, site.line)),
    // A property defined with a value, or a getter (a bundler's exports), reads as JavaScript reads it.
    defineProperty: fn('defineProperty', (_t, args) => {
      const [target, key, descriptor] = args;
      if (isObject(target) && target.t === 'record' && isOpaque(key)) target.unknownKeys = true;
      else if (isObject(target) && target.t === 'record' && isObject(descriptor) && descriptor.t === 'record') {
        const name = javascriptString(key);
        if (descriptor.props.has('value')) target.props.set(name, descriptor.props.get('value'));
        else if (descriptor.props.has('get')) target.props.set(name, { t: 'object', kind: 'getter', get: descriptor.props.get('get') });
      }
      return target;
    }),
    prototype: namespace({
      hasOwnProperty: fn('hasOwnProperty', (_t, args, _k, site, self) => (isObject(self) && self.t === 'record' ? self.props.has(javascriptString(args[0])) : opaque(site.text, site.line))),
      toString: fn('toString', (_t, _a, _k, _s, self) => javascriptString(self)),
    }),
  }));

  globals.declare('Array', classOf('Array', {
    make: (_t, args) => list(args.length === 1 && typeof args[0] === 'number' ? sim.budget.filledList<Value>(args[0], undefined) : args),
    isInstance: v => isObject(v) && v.t === 'list',
  }, {
    isArray: fn('isArray', (_t, args, _k, site) => (isOpaque(args[0]) ? opaque(site.text, site.line) : isObject(args[0]) && args[0].t === 'list')),
    of: fn('of', (_t, args) => list(args)),
    from: fn('from', function* (t, args, _k, site) {
      const [source, mapper] = args;
      let items: Value[];
      if (isObject(source) && source.t === 'record' && !source.cls && typeof source.props.get('length') === 'number') {
        const length = source.props.get('length') as number;
        items = sim.budget.filledList<Value>(length, undefined);
      } else if (isObject(source) && source.t === 'record' && !source.cls && isOpaque(source.props.get('length'))) {
        // `{ length: workers }` with a count the code does not decide (an unset parameter): as many items as a
        // collection of unknown size, listed as an assumption; a record with no elements would make none (0 s).
        items = yield* itemsOf(sim, t, opaque(site.text, site.line), site.line);
      } else if (isOpaque(source)) items = yield* itemsOf(sim, t, source, site.line);
      else items = yield* itemsOf(sim, t, source, site.line);
      if (mapper === undefined) return list(items);
      const out: Value[] = [];
      for (let i = 0; i < items.length; i++) {
        sim.budget.step();
        out.push(yield* callValue(sim, t, mapper, [items[i], i], undefined, site));
      }
      return list(out);
    }),
  }));

  globals.declare('JSON', namespace({
    stringify: fn('stringify', (_t, args, _k, site) => (containsOpaque(args[0]) ? opaque(site.text, site.line) : jsonOf(args[0]))),
    parse: fn('parse', (_t, args, _k, site) => {
      if (typeof args[0] !== 'string') return opaque(site.text, site.line);
      try {
        return fromJson(JSON.parse(args[0]));
      } catch {
        throw sim.error('SyntaxError', 'Unexpected token in JSON', site.line);
      }
    }),
  }));

  const math: Record<string, Value> = { PI: Math.PI, E: Math.E };
  for (const name of ['abs', 'ceil', 'floor', 'round', 'trunc', 'sign', 'sqrt', 'cbrt', 'exp', 'log', 'log2', 'log10', 'sin', 'cos', 'tan', 'atan', 'atan2', 'pow', 'hypot'] as const) {
    const operation = Math[name] as (...values: number[]) => number;
    math[name] = fn(name, (_t, args, _k, site) => (unknown(args) ? opaque(site.text, site.line) : operation(...args.map(Number))));
  }
  math.max = fn('max', (_t, args, _k, site) => (unknown(args) ? opaque(site.text, site.line) : Math.max(...args.map(Number))));
  math.min = fn('min', (_t, args, _k, site) => (unknown(args) ? opaque(site.text, site.line) : Math.min(...args.map(Number))));
  math.random = fn('random', (_t, _a, _k, site) => { sim.assume('Math.random(): a random number the simulation does not know.', site.line); return opaque(site.text, site.line); });
  globals.declare('Math', namespace(math));

  const toNumber = (value: Value): Value => (isOpaque(value) ? value : typeof value === 'string' ? (value.trim() === '' ? 0 : Number(value)) : value === null ? 0 : value === undefined ? NaN : typeof value === 'boolean' ? Number(value) : typeof value === 'number' ? value : NaN);
  globals.declare('Number', classOf('Number', { make: (_t, args) => (args.length === 0 ? 0 : toNumber(args[0])), isInstance: v => typeof v === 'number' }, {
    isInteger: fn('isInteger', (_t, args, _k, site) => (isOpaque(args[0]) ? opaque(site.text, site.line) : Number.isInteger(args[0]))),
    isFinite: fn('isFinite', (_t, args, _k, site) => (isOpaque(args[0]) ? opaque(site.text, site.line) : Number.isFinite(args[0]))),
    isNaN: fn('isNaN', (_t, args, _k, site) => (isOpaque(args[0]) ? opaque(site.text, site.line) : Number.isNaN(args[0]))),
    parseInt: fn('parseInt', (_t, args) => parseInt(String(args[0]), args[1] === undefined ? undefined : Number(args[1]))),
    parseFloat: fn('parseFloat', (_t, args) => parseFloat(String(args[0]))),
    MAX_SAFE_INTEGER: Number.MAX_SAFE_INTEGER, MIN_SAFE_INTEGER: Number.MIN_SAFE_INTEGER, EPSILON: Number.EPSILON, POSITIVE_INFINITY: Infinity,
  }));
  globals.declare('parseInt', fn('parseInt', (_t, args, _k, site) => (isOpaque(args[0]) ? opaque(site.text, site.line) : parseInt(String(args[0]), args[1] === undefined ? undefined : Number(args[1])))));
  globals.declare('parseFloat', fn('parseFloat', (_t, args, _k, site) => (isOpaque(args[0]) ? opaque(site.text, site.line) : parseFloat(String(args[0])))));
  globals.declare('isNaN', fn('isNaN', (_t, args, _k, site) => (isOpaque(args[0]) ? opaque(site.text, site.line) : Number.isNaN(toNumber(args[0])))));
  globals.declare('isFinite', fn('isFinite', (_t, args, _k, site) => (isOpaque(args[0]) ? opaque(site.text, site.line) : Number.isFinite(toNumber(args[0])))));
  globals.declare('String', classOf('String', { make: (_t, args, _k, site) => (args.length === 0 ? '' : isOpaque(args[0]) ? opaque(site.text, site.line) : javascriptString(args[0])), isInstance: v => typeof v === 'string' }));
  globals.declare('Boolean', classOf('Boolean', { make: (_t, args, _k, site) => { const truth = sim.semantics.truthy(args[0]); return truth === undefined ? opaque(site.text, site.line) : truth; }, isInstance: v => typeof v === 'boolean' }));
  globals.declare('Symbol', classOf('Symbol', { make: (_t, args) => ({ t: 'object', kind: 'symbol', description: args[0] }) }, {
    iterator: { t: 'object', kind: 'symbol', description: 'Symbol.iterator' }, asyncIterator: { t: 'object', kind: 'symbol', description: 'Symbol.asyncIterator' },
  }));
  globals.declare('Map', classOf('Map', { make: (_t, args) => dictFrom(sim, args[0], true), isInstance: v => isObject(v) && v.t === 'dict' }));
  globals.declare('WeakMap', classOf('WeakMap', { make: () => newDict(true), isInstance: v => isObject(v) && v.t === 'dict' }));
  globals.declare('Set', classOf('Set', { make: function* (t, args, _k, site) { return newSet(args[0] === undefined ? [] : yield* itemsOf(sim, t, args[0], site.line)); }, isInstance: v => isObject(v) && v.t === 'set' }));
  globals.declare('WeakSet', classOf('WeakSet', { make: () => newSet([]), isInstance: v => isObject(v) && v.t === 'set' }));
  globals.declare('RegExp', classOf('RegExp', { make: (_t, args, _k, site) => (typeof args[0] === 'string' ? newRegex(args[0], typeof args[1] === 'string' ? args[1] : '') : opaque(site.text, site.line)) }));
  globals.declare('ArrayBuffer', classOf('ArrayBuffer', { make: (_t, args) => record(new Map<string, Value>([['byteLength', args[0]], ['length', args[0]]])) }));

  const quiet = fn('log', () => undefined);
  globals.declare('console', namespace(Object.fromEntries(['log', 'info', 'warn', 'error', 'debug', 'trace', 'table', 'dir', 'time', 'timeEnd', 'group', 'groupEnd'].map(name => [name, quiet]))));
  // Buffer's functions take no time: `Buffer.from(await r.arrayBuffer())` waits only for the body.
  const buffer = (_t: unknown, args: Value[], _k: unknown, site: { text: string; line: number }): Value => {
    const [source] = args;
    if (typeof source === 'string') return record(new Map<string, Value>([['length', source.length]]));
    if (isObject(source) && source.t === 'record' && source.props.has('byteLength')) return record(new Map<string, Value>([['length', source.props.get('byteLength')]]));
    return opaque(site.text, site.line);
  };
  globals.declare('Buffer', namespace({
    from: fn('from', buffer), alloc: fn('alloc', buffer), concat: fn('concat', buffer),
    byteLength: fn('byteLength', (_t, args, _k, site) => (typeof args[0] === 'string' ? args[0].length : opaque(site.text, site.line))),
    isBuffer: fn('isBuffer', (_t, args, _k, site) => (isOpaque(args[0]) ? opaque(site.text, site.line) : false)),
  }));
  globals.declare('structuredClone', fn('structuredClone', (_t, args) => (containsOpaque(args[0]) ? args[0] : fromJson(JSON.parse(jsonOf(args[0]) ?? 'null')))));
  globals.declare('encodeURIComponent', fn('encodeURIComponent', (_t, args, _k, site) => (typeof args[0] === 'string' ? encodeURIComponent(args[0]) : opaque(site.text, site.line))));
  globals.declare('decodeURIComponent', fn('decodeURIComponent', (_t, args, _k, site) => (typeof args[0] === 'string' ? safeDecode(args[0]) : opaque(site.text, site.line))));

  // The Promise class: `new Promise(executor)`, and its statics as the catalogue names them.
  const catalog = catalogFor('javascript');
  builtins.set('reject', () => fn('reject', (t, args, _k, site) => settledPromise(sim, t, { error: new Thrown(args[0], site.line) }, site)));
  const statics: Record<string, Value> = { withResolvers: fn('withResolvers', (_t, _a, _k, site) => withResolvers(sim, site)) };
  for (const entry of catalog.allEntries()) {
    if (!entry.name.startsWith('Promise.') || entry.builtin === undefined) continue;
    const make = builtins.get(entry.builtin);
    if (make) statics[entry.name.slice('Promise.'.length)] = make(entry);
  }
  const promiseClass = classOf('Promise', {
    make: (t, args, _k, site) => newPromise(sim, t, args[0], site),
    isInstance: v => isObject(v) && v.t === 'promise',
  }, statics);
  builtins.set('promise', () => promiseClass);
  globals.declare('Promise', promiseClass);

  registry.members.set('regex', (regex, name) => {
    switch (name) {
      case 'source': return regex.pattern as string;
      case 'flags': return regex.flags as string;
      case 'global': return (regex.flags as string).includes('g');
      case 'lastIndex': return regex.lastIndex as number;
      case 'test': return fn(name, (_t, args, _k, site) => (typeof args[0] === 'string' ? regexTest(sim, regex, args[0]) : opaque(site.text, site.line)));
      case 'exec': return fn(name, (_t, args, _k, site) => (typeof args[0] === 'string' ? regexMatch(sim, { ...regex, flags: (regex.flags as string).replace('g', '') }, args[0]) : opaque(site.text, site.line)));
      default: return unbound;
    }
  });

  // `require('x')`: the library the catalogue knows by that name, or an unknown module.
  globals.declare('require', fn('require', (_t, args, _k, site) => (typeof args[0] === 'string'
    ? sim.library.global(args[0].replace(/^node:/, ''), site.text, site.line) : opaque(site.text, site.line))));

  // CommonJS (compiled TypeScript, bundles): the module's own `exports` and `module.exports`, which its code
  // fills and reads; where the file lives is not known.
  const moduleExports = record();
  globals.declare('exports', moduleExports);
  globals.declare('module', record(new Map<string, Value>([['exports', moduleExports]])));
  globals.declare('__dirname', opaque('__dirname', 0));
  globals.declare('__filename', opaque('__filename', 0));

  globals.declare('process', namespace({
    nextTick: fn('nextTick', (t, args, _k, site) => {
      const [callback, ...rest] = args;
      const row = t.row;
      sim.scheduler.soon(() => { sim.scheduler.startTask(row, inner => calledInTask(sim, inner, callback, rest, undefined, site), true, t); });
      return undefined;
    }),
    // The platform and the environment are the user's machine, not the code's: `process.platform !== 'darwin'` and
    // `process.env.CI` are not decided.
    env: opaque('process.env', 0), argv: list(['node', 'script']), platform: opaque('process.platform', 0), pid: 1,
    cwd: fn('cwd', () => '/'), exit: fn('exit', () => undefined), on: fn('on', () => undefined), once: fn('once', () => undefined),
    memoryUsage: fn('memoryUsage', (_t, _a, _k, site) => opaque(site.text, site.line)),
    hrtime: fn('hrtime', () => list([Math.floor(sim.now), Math.round((sim.now % 1) * 1e9)])),
  }));

  // util.promisify: setTimeout's own promise form, or a function called with a Node-style callback.
  builtins.set('promisify', () => fn('promisify', (_t, args) => {
    const [target] = args;
    if (isObject(target) && target.t === 'native' && target.name === 'setTimeout') {
      return builtins.get('sleep')!({ name: 'util.promisify(setTimeout)', role: 'timer', milliseconds: { argument: 0 } });
    }
    return fn('promisified', function* (t, callArgs, _k, site) {
      const promise = sim.scheduler.newPromise(site.text, site.line, 'promise');
      const callback = fn('nodeCallback', (_t2, outcome) => {
        if (outcome[0] !== null && outcome[0] !== undefined) sim.scheduler.settle(promise, { error: new Thrown(outcome[0], site.line) });
        else sim.scheduler.settle(promise, { value: outcome[1] });
        return undefined;
      });
      yield* callValue(sim, t, target, [...callArgs, callback], undefined, site);
      return promise;
    });
  }));
}

function ownEntries(sim: Simulation, value: Value): Array<[Value, Value]> {
  if (isObject(value) && value.t === 'record') return [...value.props].filter(([k]) => !k.startsWith('#'));
  if (isObject(value) && value.t === 'list') return value.items.map((v, i) => [String(i), v]);
  if (typeof value === 'string') return [...value].map((c, i) => [String(i), c]);
  if (isObject(value) && value.t === 'dict') return [];
  void sim;
  return [];
}

function containsOpaque(value: Value, depth = 0): boolean {
  if (depth > 8 || !isObject(value)) return false;
  if (value.t === 'opaque') return true;
  if (value.t === 'list') return value.items.some(v => containsOpaque(v, depth + 1));
  if (value.t === 'record') return [...value.props.values()].some(v => containsOpaque(v, depth + 1));
  return false;
}

function jsonOf(value: Value, depth = 0): string | undefined {
  if (value === undefined || (isObject(value) && (value.t === 'function' || value.t === 'native'))) return undefined;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (depth > 16) return 'null';
  if (value.t === 'list') return `[${value.items.map(v => jsonOf(v, depth + 1) ?? 'null').join(',')}]`;
  if (value.t === 'record') {
    const parts = [...value.props].filter(([k]) => !k.startsWith('#')).map(([k, v]) => [k, jsonOf(v, depth + 1)] as const).filter(([, v]) => v !== undefined);
    return `{${parts.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
  }
  return '{}';
}

function fromJson(value: unknown): Value {
  if (value === null || typeof value !== 'object') return value as Value;
  if (Array.isArray(value)) return list(value.map(fromJson));
  return record(new Map(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, fromJson(v)])));
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export { dictSet };
