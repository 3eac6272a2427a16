/** String methods of both languages, and JavaScript's number methods: what keys, labels and parsing use. */
import { itemsOf } from '../iteration';
import type { Simulation } from '../simulation';
import { isObject, isOpaque, list, NativeFunction, opaque, unbound, Value } from '../values';
import { regexOf, regexMatchAll, regexMatch, regexReplace, regexSplit, regexTest } from './regex';

type Method = NativeFunction['call'];

function native(name: string, self: Value, call: Method): NativeFunction {
  return { t: 'native', name, call, self };
}

/** A method or property of a string. */
export function stringMember(sim: Simulation, text: string, name: string): Value | typeof unbound {
  if (sim.language === 'javascript' && name === 'length') return text.length;
  const method = sim.language === 'python' ? pythonStringMethod(sim, text, name) : javascriptStringMethod(sim, text, name);
  return method ? native(name, text, method) : unbound;
}

const str = (sim: Simulation, value: Value) => (typeof value === 'string' ? value : sim.semantics.toText(value));

/** A string method applied to an unknown argument gives an unknown result. */
function guarded(method: Method): Method {
  return (task, args, keywords, site, self) => (args.some(isOpaque) ? opaque(site.text, site.line) : method(task, args, keywords, site, self));
}

function pythonStringMethod(sim: Simulation, text: string, name: string): Method | undefined {
  const chars = (value: Value) => (value === undefined || value === null ? undefined : str(sim, value));
  const strip = (value: Value, side: 'both' | 'start' | 'end') => {
    const set = chars(value);
    let start = 0, end = text.length;
    const inSet = (c: string) => (set === undefined ? /\s/.test(c) : set.includes(c));
    if (side !== 'end') while (start < end && inSet(text[start])) start++;
    if (side !== 'start') while (end > start && inSet(text[end - 1])) end--;
    return text.slice(start, end);
  };
  switch (name) {
    case 'split': return guarded((_t, args) => {
      const separator = chars(args[0]);
      const parts = separator === undefined ? text.split(/\s+/).filter(p => p !== '') : text.split(separator);
      const limit = args[1] === undefined ? -1 : Number(args[1]);
      if (limit >= 0 && parts.length > limit + 1 && separator !== undefined) parts.splice(limit, parts.length, parts.slice(limit).join(separator));
      sim.budget.allocate(parts.length);
      return list(parts);
    });
    case 'rsplit': return guarded((_t, args) => list(text.split(chars(args[0]) ?? ' ')));
    case 'join': return function* (task, args, _k, site) {
      const items = isOpaque(args[0]) ? undefined : yield* itemsOf(sim, task, args[0], site.line);
      if (!items || items.some(isOpaque)) return opaque(site.text, site.line);
      const joined = items.map(item => str(sim, item)).join(text);
      sim.budget.allocate(joined.length);
      return joined;
    };
    case 'strip': return guarded((_t, args) => strip(args[0], 'both'));
    case 'lstrip': return guarded((_t, args) => strip(args[0], 'start'));
    case 'rstrip': return guarded((_t, args) => strip(args[0], 'end'));
    case 'upper': return () => text.toUpperCase();
    case 'lower': return () => text.toLowerCase();
    case 'title': return () => text.replace(/\w\S*/g, w => w[0].toUpperCase() + w.slice(1).toLowerCase());
    case 'capitalize': return () => text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
    case 'startswith': return guarded((_t, args) => (isObject(args[0]) && args[0].t === 'list' ? args[0].items.some(p => text.startsWith(str(sim, p))) : text.startsWith(str(sim, args[0]))));
    case 'endswith': return guarded((_t, args) => (isObject(args[0]) && args[0].t === 'list' ? args[0].items.some(p => text.endsWith(str(sim, p))) : text.endsWith(str(sim, args[0]))));
    case 'replace': return guarded((_t, args) => text.split(str(sim, args[0])).join(str(sim, args[1])));
    case 'find': return guarded((_t, args) => text.indexOf(str(sim, args[0])));
    case 'rfind': return guarded((_t, args) => text.lastIndexOf(str(sim, args[0])));
    case 'index': return guarded((_t, args, _k, site) => {
      const i = text.indexOf(str(sim, args[0]));
      if (i < 0) throw sim.error('ValueError', 'substring not found', site.line);
      return i;
    });
    case 'count': return guarded((_t, args) => text.split(str(sim, args[0])).length - 1);
    case 'zfill': return (_t, args) => text.padStart(Number(args[0]), '0');
    case 'ljust': return (_t, args) => text.padEnd(Number(args[0]), chars(args[1]) ?? ' ');
    case 'rjust': return (_t, args) => text.padStart(Number(args[0]), chars(args[1]) ?? ' ');
    case 'center': return (_t, args) => { const width = Number(args[0]); const left = Math.floor((width - text.length) / 2); return text.padStart(text.length + Math.max(0, left)).padEnd(width); };
    case 'isdigit': case 'isnumeric': case 'isdecimal': return () => /^\d+$/.test(text);
    case 'isalpha': return () => /^[A-Za-z]+$/.test(text);
    case 'isalnum': return () => /^[A-Za-z0-9]+$/.test(text);
    case 'isspace': return () => /^\s+$/.test(text);
    case 'isupper': return () => text === text.toUpperCase() && /[A-Z]/.test(text);
    case 'islower': return () => text === text.toLowerCase() && /[a-z]/.test(text);
    case 'splitlines': return () => list(text.split(/\r?\n/));
    case 'partition': return guarded((_t, args) => {
      const separator = str(sim, args[0]);
      const i = text.indexOf(separator);
      return i < 0 ? list([text, '', ''], true) : list([text.slice(0, i), separator, text.slice(i + separator.length)], true);
    });
    case 'removeprefix': return guarded((_t, args) => (text.startsWith(str(sim, args[0])) ? text.slice(str(sim, args[0]).length) : text));
    case 'removesuffix': return guarded((_t, args) => (text.endsWith(str(sim, args[0])) ? text.slice(0, text.length - str(sim, args[0]).length) : text));
    case 'encode': return () => text;
    case 'decode': return () => text;
    case 'format': return guarded((_t, args, keywords) => {
      let i = 0;
      return text.replace(/\{([^{}:!]*)(?:![rs])?(?::[^{}]*)?\}/g, (_, field: string) => str(sim, field === '' ? args[i++] : /^\d+$/.test(field) ? args[Number(field)] : keywords?.get(field)));
    });
    default: return undefined;
  }
}

function javascriptStringMethod(sim: Simulation, text: string, name: string): Method | undefined {
  switch (name) {
    case 'split': return guarded((_t, args) => {
      const regex = regexOf(args[0]);
      const parts = regex ? regexSplit(sim, regex, text) : args[0] === undefined ? [text] : text.split(str(sim, args[0]));
      const limited = args[1] === undefined ? parts : parts.slice(0, Number(args[1]));
      sim.budget.allocate(limited.length);
      return list(limited);
    });
    case 'slice': return (_t, args) => text.slice(args[0] === undefined ? 0 : Number(args[0]), args[1] === undefined ? undefined : Number(args[1]));
    case 'substring': return (_t, args) => text.substring(Number(args[0] ?? 0), args[1] === undefined ? undefined : Number(args[1]));
    case 'substr': return (_t, args) => text.substr(Number(args[0] ?? 0), args[1] === undefined ? undefined : Number(args[1]));
    case 'toUpperCase': case 'toLocaleUpperCase': return () => text.toUpperCase();
    case 'toLowerCase': case 'toLocaleLowerCase': return () => text.toLowerCase();
    case 'trim': return () => text.trim();
    case 'trimStart': return () => text.trimStart();
    case 'trimEnd': return () => text.trimEnd();
    case 'includes': return guarded((_t, args) => text.includes(str(sim, args[0])));
    case 'startsWith': return guarded((_t, args) => text.startsWith(str(sim, args[0])));
    case 'endsWith': return guarded((_t, args) => text.endsWith(str(sim, args[0])));
    case 'indexOf': return guarded((_t, args) => text.indexOf(str(sim, args[0])));
    case 'lastIndexOf': return guarded((_t, args) => text.lastIndexOf(str(sim, args[0])));
    case 'charAt': return (_t, args) => text.charAt(Number(args[0] ?? 0));
    case 'charCodeAt': return (_t, args) => text.charCodeAt(Number(args[0] ?? 0));
    case 'at': return (_t, args) => text.at(Number(args[0] ?? 0));
    case 'padStart': return (_t, args) => text.padStart(Number(args[0]), args[1] === undefined ? ' ' : str(sim, args[1]));
    case 'padEnd': return (_t, args) => text.padEnd(Number(args[0]), args[1] === undefined ? ' ' : str(sim, args[1]));
    case 'repeat': return (_t, args) => { sim.budget.allocate(text.length * Number(args[0])); return text.repeat(Number(args[0])); };
    case 'concat': return (_t, args) => text + args.map(a => str(sim, a)).join('');
    case 'localeCompare': return (_t, args) => (text < str(sim, args[0]) ? -1 : text > str(sim, args[0]) ? 1 : 0);
    case 'toString': case 'valueOf': case 'normalize': return () => text;
    case 'replace': case 'replaceAll': return guarded((_t, args) => {
      const regex = regexOf(args[0]);
      if (regex) return regexReplace(sim, regex, text, str(sim, args[1]), name === 'replaceAll');
      const pattern = str(sim, args[0]);
      const replacement = str(sim, args[1]);
      return name === 'replaceAll' ? text.split(pattern).join(replacement) : text.replace(pattern, () => replacement);
    });
    case 'match': return guarded((_t, args) => { const regex = regexOf(args[0]); return regex ? regexMatch(sim, regex, text) : null; });
    case 'matchAll': return guarded((_t, args) => { const regex = regexOf(args[0]); return regex ? regexMatchAll(sim, regex, text) : list([]); });
    case 'search': return guarded((_t, args) => { const regex = regexOf(args[0]); return regex ? regexTest(sim, regex, text, true) : -1; });
    default: return undefined;
  }
}

/** JavaScript's methods of a number. */
export function numberMember(sim: Simulation, value: number, name: string): Value | typeof unbound {
  if (sim.language !== 'javascript') {
    if (name === 'is_integer') return native(name, value, () => Number.isInteger(value));
    return unbound;
  }
  switch (name) {
    case 'toFixed': return native(name, value, (_t, args) => value.toFixed(Number(args[0] ?? 0)));
    case 'toString': return native(name, value, (_t, args) => value.toString(args[0] === undefined ? 10 : Number(args[0])));
    case 'toPrecision': return native(name, value, (_t, args) => value.toPrecision(args[0] === undefined ? undefined : Number(args[0])));
    case 'valueOf': return native(name, value, () => value);
    case 'toLocaleString': return native(name, value, () => value.toLocaleString('en-US'));
    default: return unbound;
  }
}
