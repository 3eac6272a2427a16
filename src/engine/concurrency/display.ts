/**
 * Values as text: Python's `str` and `repr` (with format specs for f-strings), JavaScript's `String`, and the
 * short forms the timeline's labels use. Text made of an unknown value is itself unknown (see expressions.ts).
 */
import { isObject, Value } from './values';

/** Nested values are written to this depth, and collections to this many items: labels and keys need no more. */
const maxDepth = 4;
const maxItems = 50;

/** `depth`: how deep in a value being written this one is (an exception among its own args ends at `maxDepth`). */
export function pythonStr(value: Value, depth = 0): string {
  if (typeof value === 'string') return value;
  if (depth >= maxDepth) return '...';
  if (isObject(value) && value.t === 'record' && value.cls && isExceptionRecord(value)) {
    const args = value.props.get('args');
    if (isObject(args) && args.t === 'list') return args.items.length === 1 ? pythonStr(args.items[0], depth + 1) : args.items.length === 0 ? '' : pythonRepr(args, depth + 1);
  }
  return pythonRepr(value, depth);
}

export function pythonRepr(value: Value, depth = 0): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return pythonNumber(value);
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
  if (depth >= maxDepth) return '...';
  switch (value.t) {
    case 'list': {
      const items = value.items.slice(0, maxItems).map(item => pythonRepr(item, depth + 1));
      if (value.items.length > maxItems) items.push('...');
      if (value.tuple) return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
      return `[${items.join(', ')}]`;
    }
    case 'dict': return `{${[...value.entries.values()].slice(0, maxItems).map(([k, v]) => `${pythonRepr(k, depth + 1)}: ${pythonRepr(v, depth + 1)}`).join(', ')}}`;
    case 'set': return value.entries.size === 0 ? 'set()' : `{${[...value.entries.values()].slice(0, maxItems).map(v => pythonRepr(v, depth + 1)).join(', ')}}`;
    case 'record': {
      if (value.cls && isExceptionRecord(value)) {
        const text = pythonStr(value, depth + 1);
        return `${value.cls.name}(${text === '' ? '' : pythonRepr(text)})`;
      }
      return `<${value.cls?.name ?? 'object'} object>`;
    }
    case 'function': return `<function ${value.fn.qualifiedName}>`;
    case 'native': return `<built-in function ${value.name}>`;
    case 'class': return `<class '${value.name}'>`;
    case 'opaque': return value.text;
    case 'object': return value.kind === 'slice' ? 'slice' : `<${value.kind}>`;
    case 'promise': return `<Task ${value.label}>`;
    case 'coroutine': return `<coroutine ${value.label}>`;
    default: return `<${value.t}>`;
  }
}

function pythonNumber(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return String(value).replace(/e([+-])(\d)$/, 'e$10$2');
}

export function javascriptString(value: Value, depth = 0): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value !== 'object') return String(value);
  if (depth >= maxDepth) return '';
  switch (value.t) {
    case 'list': return value.items.slice(0, maxItems).map(item => (item === null || item === undefined ? '' : javascriptString(item, depth + 1))).join(',');
    case 'record': {
      if (value.cls && isExceptionRecord(value)) {
        const message = value.props.get('message');
        return message ? `${value.cls.name}: ${javascriptString(message)}` : value.cls.name;
      }
      return '[object Object]';
    }
    case 'opaque': return value.text;
    case 'function': return `function ${value.fn.name}() { ... }`;
    case 'dict': return value.map ? '[object Map]' : '[object Object]';
    case 'set': return '[object Set]';
    case 'promise': return '[object Promise]';
    default: return `[object ${value.t}]`;
  }
}

const symbolKeys = new WeakMap<object, string>();
let symbolCount = 0;

/**
 * The key a value names a property by, in JavaScript: its text, except a symbol, which is a key of its own (two
 * `Symbol("x")` name two properties, as a class's `[PKG]` and `[_location]` do), and a well-known one is spelled as a
 * computed method name is (`[Symbol.iterator]`).
 */
export function keyText(sim: { semantics: { toText(value: Value): string } }, value: Value): string {
  if (!isObject(value) || value.t !== 'object' || value.kind !== 'symbol') return sim.semantics.toText(value);
  const description = (value as { description?: Value }).description;
  if (typeof description === 'string' && /^Symbol\.\w+$/.test(description)) return `[${description}]`;
  let key = symbolKeys.get(value);
  if (key === undefined) {
    key = `Symbol(${typeof description === 'string' ? description : ''})#${symbolCount++}`;
    symbolKeys.set(value, key);
  }
  return key;
}
/** Whether a record is an exception (its class derives from BaseException or Error). */
export function isExceptionRecord(value: Value): boolean {
  if (!isObject(value) || value.t !== 'record') return false;
  for (let cls = value.cls; cls; cls = cls.base) if (cls.name === 'BaseException' || cls.name === 'Error') return true;
  return false;
}

/**
 * Python's format spec, as f-strings use it: `.2f`, `>8`, `,`, `d`, `%`... enough for labels and keys; an unknown
 * spec writes the value as `str` would.
 */
export function pythonFormat(value: Value, spec: string): string {
  const match = /^(?:(.)?([<>^=]))?([+\- ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/.exec(spec);
  if (!match) return pythonStr(value);
  const [, fill = ' ', align, , , zero, width, grouping, precision, type] = match;
  let text: string;
  if (typeof value === 'number') {
    switch (type) {
      case 'f': case 'F': text = value.toFixed(precision === undefined ? 6 : Number(precision)); break;
      case 'e': case 'E': text = value.toExponential(precision === undefined ? 6 : Number(precision)); break;
      case '%': text = `${(value * 100).toFixed(precision === undefined ? 6 : Number(precision))}%`; break;
      case 'd': text = Math.trunc(value).toString(); break;
      case 'x': text = Math.trunc(value).toString(16); break;
      case 'X': text = Math.trunc(value).toString(16).toUpperCase(); break;
      case 'b': text = Math.trunc(value).toString(2); break;
      case 'g': case 'G': text = precision === undefined ? String(value) : Number(value.toPrecision(Number(precision))).toString(); break;
      default: text = precision !== undefined ? value.toFixed(Number(precision)) : pythonStr(value);
    }
    if (grouping) {
      const [whole, fraction] = text.split('.');
      text = whole.replace(/\B(?=(\d{3})+(?!\d))/g, grouping) + (fraction !== undefined ? `.${fraction}` : '');
    }
  } else {
    text = pythonStr(value);
    if (precision !== undefined) text = text.slice(0, Number(precision));
  }
  const size = width === undefined ? 0 : Number(width);
  if (text.length >= size) return text;
  const padding = (zero && !align ? '0' : fill).repeat(size - text.length);
  const alignment = align ?? (typeof value === 'number' ? '>' : '<');
  if (alignment === '<') return text + padding;
  if (alignment === '^') return padding.slice(0, Math.floor(padding.length / 2)) + text + padding.slice(Math.floor(padding.length / 2));
  return padding + text;
}
