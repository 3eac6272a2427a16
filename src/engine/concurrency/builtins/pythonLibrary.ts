/**
 * Python's own library, as far as programs shaped like real services use it: the builtins (types, `len`,
 * `range`, `sorted`, `isinstance`...), and `json`, `math`, `collections`, `dataclasses`, `functools`,
 * `itertools`, `contextlib`, `re`. An unknown argument gives an unknown result.
 */
import { getAttribute, isInstanceOf, setAttribute } from '../attributes';
import { callValue } from '../calls';
import { notImplemented, richCompare } from '../comparisons';
import { pythonFormat } from '../display';
import { assumedCount, itemsOf, resumeGenerator } from '../iteration';
import { typeName } from '../operators';
import {
  CallSite, ClassValue, dictSet, done, filteredList, hasUndecidedSize, isObject, isOpaque, list, NativeClass, NativeFunction, opaque, Thrown, Value,
} from '../values';
import { dictFrom, newSet, sorted } from './collections';
import { native, Registry } from './index';
import { registerPythonModules } from './pythonModules';

type Call = NativeFunction['call'];

/** A builtin type: calling it converts (`int('3')`), `isinstance` checks it. */
function type(name: string, make: NativeClass['make'], isInstance: (value: Value) => boolean): ClassValue {
  return { t: 'class', name, props: new Map(), native: { make, isInstance } };
}

export function registerPythonLibrary(registry: Registry): void {
  const { sim, globals } = registry;
  const define = (name: string, call: Call) => globals.declare(name, native(name, call));
  const unknownIn = (args: Value[]) => args.some(isOpaque);
  const numberOf = (value: Value, site: CallSite, parse: (text: string) => number): Value => {
    if (isOpaque(value)) return opaque(site.text, site.line);
    if (typeof value === 'number') return value;
    if (typeof value === 'boolean') return Number(value);
    if (typeof value === 'string') {
      const parsed = parse(value.trim().replace(/_/g, ''));
      if (Number.isNaN(parsed)) throw sim.error('ValueError', `invalid literal: ${sim.semantics.repr(value)}`, site.line);
      return parsed;
    }
    throw sim.error('TypeError', `argument must be a string or a number, not '${typeName(value)}'`, site.line);
  };

  globals.declare('int', type('int', (_t, args, _k, site) => (args.length === 0 ? 0 : ((n: Value) => (typeof n === 'number' ? Math.trunc(n) : n))(numberOf(args[0], site, text => (/^[+-]?\d+$/.test(text) ? parseInt(text, 10) : NaN)))), v => typeof v === 'number' && Number.isInteger(v) || typeof v === 'boolean'));
  globals.declare('float', type('float', (_t, args, _k, site) => (args.length === 0 ? 0 : numberOf(args[0], site, text => (/^(inf|infinity)$/i.test(text) ? Infinity : Number(text)))), v => typeof v === 'number'));
  globals.declare('bool', type('bool', (_t, args, _k, site) => { const truth = sim.semantics.truthy(args[0] ?? false); return truth === undefined ? opaque(site.text, site.line) : truth; }, v => typeof v === 'boolean'));
  globals.declare('str', type('str', (_t, args, _k, site) => (args.length === 0 ? '' : isOpaque(args[0]) ? opaque(site.text, site.line) : sim.semantics.toText(args[0])), v => typeof v === 'string'));
  globals.declare('list', type('list', function* (t, args, _k, site) {
    return filteredList(args.length === 0 ? [] : yield* itemsOf(sim, t, args[0], site.line), hasUndecidedSize(args[0]));
  }, v => isObject(v) && v.t === 'list' && !v.tuple));
  globals.declare('tuple', type('tuple', function* (t, args, _k, site) { return list(args.length === 0 ? [] : yield* itemsOf(sim, t, args[0], site.line), true); }, v => isObject(v) && v.t === 'list' && !!v.tuple));
  globals.declare('set', type('set', function* (t, args, _k, site) { return newSet(args.length === 0 ? [] : yield* itemsOf(sim, t, args[0], site.line)); }, v => isObject(v) && v.t === 'set'));
  globals.declare('frozenset', type('frozenset', function* (t, args, _k, site) { return newSet(args.length === 0 ? [] : yield* itemsOf(sim, t, args[0], site.line)); }, v => isObject(v) && v.t === 'set'));
  globals.declare('dict', type('dict', function* (t, args, keywords, site) {
    const source = args.length === 0 ? undefined : isObject(args[0]) && (args[0].t === 'dict' || args[0].t === 'list') ? args[0] : list(yield* itemsOf(sim, t, args[0], site.line));
    const dict = dictFrom(sim, source, false);
    for (const [key, value] of keywords ?? []) dictSet(dict, key, value);
    return dict;
  }, v => isObject(v) && v.t === 'dict'));
  globals.declare('object', type('object', () => ({ t: 'record', props: new Map() }), () => true));
  globals.declare('__name__', 'module');
  globals.declare('NotImplemented', notImplemented);

  define('len', function* (t, args, _k, site) {
    const [value] = args;
    if (typeof value === 'string') return value.length;
    if (isObject(value)) {
      switch (value.t) {
        case 'list': return value.undecidedSize ? opaque(site.text, site.line) : value.items.length;
        case 'dict': case 'set': return value.entries.size;
        case 'opaque': return opaque(site.text, site.line, { lengthOf: value });
        case 'object': if (value.kind === 'range') return value.length as number; break;
        case 'record': {
          const method = yield* getAttribute(sim, t, value, '__len__', site.line);
          return yield* callValue(sim, t, method, [], undefined, site);
        }
      }
    }
    throw sim.error('TypeError', `object of type '${typeName(value)}' has no len()`, site.line);
  });
  define('range', (_t, givenArgs, _k, site) => {
    // `range(0, len(xs), n)` over an unknown `xs`: as many as the items assumed for it, so `xs[i:i + n]` is a chunk.
    const args = givenArgs.map(arg => {
      if (!isOpaque(arg) || !arg.lengthOf) return arg;
      const count = assumedCount(sim, arg.lengthOf);
      sim.assume(`${arg.text} is taken as ${count}, the items assumed for a collection of unknown size.`, site.line);
      return count;
    });
    if (unknownIn(args)) return opaque(site.text, site.line);
    const [a, b, c] = args.map(Number);
    const [start, stop, step] = args.length === 1 ? [0, a, 1] : [a, b, args.length > 2 ? c : 1];
    if (step === 0) throw sim.error('ValueError', 'range() arg 3 must not be zero', site.line);
    const length = Math.max(0, Math.ceil((stop - start) / step));
    return { t: 'object', kind: 'range', start, step, length: Number.isFinite(length) ? length : 0 };
  });
  define('print', () => null);
  define('repr', (_t, args) => sim.semantics.repr(args[0]));
  define('format', (_t, args) => pythonFormat(args[0], typeof args[1] === 'string' ? args[1] : ''));
  define('isinstance', (_t, args, _k, site) => {
    const [value, types] = args;
    if (isOpaque(value) || isOpaque(types)) return opaque(site.text, site.line);
    const check = (cls: Value): boolean => (isObject(cls) && cls.t === 'list' ? cls.items.some(check) : isInstanceOf(value, cls));
    if (check(types)) return true;
    const mayBeMember = (cls: Value): boolean => (isObject(cls) && cls.t === 'list' ? cls.items.some(mayBeMember) : isMemberOfUnknownKind(value, cls));
    return mayBeMember(types) ? opaque(site.text, site.line) : false;
  });
  define('issubclass', (_t, args) => {
    const [cls, base] = args;
    for (let current = isObject(cls) && cls.t === 'class' ? cls : undefined; current; current = current.base) if (current === base) return true;
    return false;
  });
  // `type(x)`: the class of a value (the builtin type's, or the program's own).
  const noneType = type('NoneType', () => null, v => v === null || v === undefined);
  define('type', (_t, args, _k, site) => {
    const [value] = args;
    if (isOpaque(value)) return opaque(site.text, site.line);
    if (isObject(value) && value.t === 'record' && value.cls) return value.cls;
    for (const name of ['bool', 'int', 'float', 'str', 'list', 'tuple', 'dict', 'set']) {
      const cls = globals.lookup(name);
      if (isObject(cls as Value) && (cls as ClassValue).native?.isInstance?.(value)) return cls as ClassValue;
    }
    return value === null || value === undefined ? noneType : opaque(site.text, site.line);
  });
  // An unknown value (`getattr(addon, name, None)` of an unknown addon) may be a function: not decided.
  define('callable', (_t, args, _k, site) => (isOpaque(args[0]) ? opaque(site.text, site.line) : isObject(args[0]) && ['function', 'native', 'class'].includes(args[0].t)));
  define('hasattr', function* (t, args, _k, site) {
    try { yield* getAttribute(sim, t, args[0], String(args[1]), site.line); return true; } catch (error) {
      if (error instanceof Thrown) return false;
      throw error;
    }
  });
  define('getattr', function* (t, args, _k, site) {
    try { return yield* getAttribute(sim, t, args[0], String(args[1]), site.line); } catch (error) {
      if (error instanceof Thrown && args.length > 2) return args[2];
      throw error;
    }
  });
  define('setattr', (_t, args, _k, site) => { setAttribute(sim, args[0], String(args[1]), args[2], site.line); return null; });
  define('id', () => 1);
  define('hash', (_t, args, _k, site) => (isOpaque(args[0]) ? opaque(site.text, site.line) : [...sim.semantics.repr(args[0])].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7)));
  define('abs', (_t, args, _k, site) => (typeof args[0] === 'number' ? Math.abs(args[0]) : opaque(site.text, site.line)));
  define('round', (_t, args, _k, site) => {
    if (typeof args[0] !== 'number') return opaque(site.text, site.line);
    const digits = typeof args[1] === 'number' ? args[1] : 0;
    const factor = 10 ** digits;
    return Math.round(args[0] * factor) / factor;
  });
  define('divmod', (_t, args) => list([Math.floor(Number(args[0]) / Number(args[1])), ((Number(args[0]) % Number(args[1])) + Number(args[1])) % Number(args[1])], true));
  define('pow', (_t, args) => Number(args[0]) ** Number(args[1]));
  define('chr', (_t, args) => String.fromCharCode(Number(args[0])));
  define('ord', (_t, args) => String(args[0]).charCodeAt(0));
  define('iter', function* (t, args, _k, site) {
    const [value] = args;
    if (isObject(value) && (value.t === 'iterator' || value.t === 'generator')) return value;
    const items = isObject(value) && value.t === 'list' ? value.items : yield* itemsOf(sim, t, value, site.line);
    let i = 0;
    return { t: 'iterator', next: () => (i < items.length ? items[i++] : done) };
  });
  define('next', function* (t, args, _k, site) {
    const [iterator, fallback] = args;
    if (isObject(iterator) && iterator.t === 'iterator') {
      const item = iterator.next();
      if (item !== done) return item;
    } else if (isObject(iterator) && iterator.t === 'generator') {
      const item = yield* resumeGenerator(sim, t, iterator, { value: undefined });
      if (item !== done) return item;
    } else if (isOpaque(iterator)) return opaque(`next(${iterator.text})`, site.line);
    if (args.length > 1) return fallback;
    throw sim.error('StopIteration', '', site.line);
  });
  define('enumerate', function* (t, args, keywords, site) {
    const start = Number(args[1] ?? keywords?.get('start') ?? 0);
    return list((yield* itemsOf(sim, t, args[0], site.line)).map((item, i) => list([start + i, item], true)));
  });
  define('zip', function* (t, args, _k, site) {
    const lists: Value[][] = [];
    for (const arg of args) lists.push(yield* itemsOf(sim, t, arg, site.line));
    const length = lists.length === 0 ? 0 : Math.min(...lists.map(l => l.length));
    return list(Array.from({ length }, (_, i) => list(lists.map(l => l[i]), true)));
  });
  define('reversed', function* (t, args, _k, site) { return list((yield* itemsOf(sim, t, args[0], site.line)).reverse()); });
  define('sorted', function* (t, args, keywords, site) {
    return list(yield* sorted(sim, t, yield* itemsOf(sim, t, args[0], site.line), keywords?.get('key'), sim.semantics.truthy(keywords?.get('reverse') ?? false) === true, undefined, site));
  });
  define('sum', function* (t, args, keywords, site) {
    // `sum(1 for x in args if x is not None)` over unknown values: a count the code does not decide.
    if (hasUndecidedSize(args[0])) return opaque(site.text, site.line);
    let total: Value = args[1] ?? keywords?.get('start') ?? 0;
    for (const item of yield* itemsOf(sim, t, args[0], site.line)) {
      if (isOpaque(item) || isOpaque(total)) return opaque(site.text, site.line);
      total = typeof total === 'number' ? total + Number(item) : isObject(total) && total.t === 'list' && isObject(item) && item.t === 'list' ? list([...total.items, ...item.items]) : total;
    }
    return total;
  });
  // As CPython's: the first item no later one is greater than (`>`, max) or less than (`<`, min), by key when given.
  const extreme = (operator: '>' | '<'): Call => function* (t, args, keywords, site) {
    const items = args.length === 1 ? yield* itemsOf(sim, t, args[0], site.line) : args;
    if (items.length === 0) {
      if (keywords?.has('default')) return keywords.get('default');
      throw sim.error('ValueError', `${operator === '>' ? 'max' : 'min'}() arg is an empty sequence`, site.line);
    }
    if (items.some(isOpaque)) return opaque(site.text, site.line);
    const key = keywords?.get('key');
    const keyOf = function* (item: Value) { return isObject(key) && key.t !== 'opaque' ? yield* callValue(sim, t, key, [item], undefined, site) : item; };
    let best = items[0];
    let bestKey = yield* keyOf(best);
    for (const item of items.slice(1)) {
      const itemKey = yield* keyOf(item);
      if (sim.semantics.truthy(yield* richCompare(sim, t, operator, itemKey, bestKey, site.line)) !== true) continue;
      best = item;
      bestKey = itemKey;
    }
    return best;
  };
  define('max', extreme('>'));
  define('min', extreme('<'));
  const quantifier = (all: boolean): Call => function* (t, args, _k, site) {
    let undecided = false;
    for (const item of yield* itemsOf(sim, t, args[0], site.line)) {
      const truth = sim.semantics.truthy(item);
      if (truth === undefined) undecided = true;
      else if (truth !== all) return !all;
    }
    return undecided ? opaque(site.text, site.line) : all;
  };
  define('any', quantifier(false));
  define('all', quantifier(true));
  define('map', function* (t, args, _k, site) {
    const out: Value[] = [];
    for (const item of yield* itemsOf(sim, t, args[1], site.line)) out.push(yield* callValue(sim, t, args[0], [item], undefined, site));
    return list(out);
  });
  define('filter', function* (t, args, _k, site) {
    const out: Value[] = [];
    let undecided = false;
    for (const item of yield* itemsOf(sim, t, args[1], site.line)) {
      const choices = sim.undecidedChoices;
      const keep = sim.semantics.truthy(args[0] === null ? item : yield* callValue(sim, t, args[0], [item], undefined, site));
      if (keep === undefined || sim.undecidedChoices !== choices) undecided = true;
      if (keep !== false) out.push(item);
    }
    return filteredList(out, undecided);
  });
  // Decorators the class machinery reads (attributes.ts): markers here.
  for (const name of ['property', 'staticmethod', 'classmethod']) define(name, (_t, args) => args[0]);
  registerPythonModules(registry);
}

/**
 * Whether `value` is one of a class's own attributes while a base of the class is unknown: that base may be `Enum` (or
 * another metaclass's class) that makes the attributes instances of the class (`Status.running`), so `isinstance` of
 * one is not decided by the code.
 */
function isMemberOfUnknownKind(value: Value, cls: Value): boolean {
  if (!isObject(cls) || cls.t !== 'class') return false;
  let unknownBase = false;
  for (let current: typeof cls | undefined = cls; current; current = current.base) unknownBase ||= current.unknownBase === true;
  return unknownBase && [...cls.props.values()].some(member => member === value);
}
