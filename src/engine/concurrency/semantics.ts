/**
 * How the two languages differ, as one record each, set by the program's language: the interpreter asks it instead
 * of checking the language itself. Truthiness, equality, conversion to text, and the rules of calls and scopes.
 * `undefined` from `truthy` or `equals` means the code does not decide (an unknown value is involved).
 */
import { pythonRepr, pythonStr, javascriptString } from './display';
import { isObject, isOpaque, keyOf, Value } from './values';

export interface LanguageSemantics {
  language: 'python' | 'javascript';
  /** Seconds per unit of the language's timers. */
  timeUnit: number;
  truthy(value: Value): boolean | undefined;
  equals(left: Value, right: Value): boolean | undefined;
  /** `str(x)` / `String(x)`. */
  toText(value: Value): string;
  /** `repr(x)`, for f-strings' `!r` and labels. */
  repr(value: Value): string;
  /** Calling an async function runs it at once to its first await (JavaScript) or makes a coroutine (Python). */
  asyncCallStartsAtOnce: boolean;
  /** Every microtask runs before the next timer (JavaScript); asyncio runs callbacks in the order they came. */
  microtasksFirst: boolean;
  /** Cancelling a task cancels what it awaits (asyncio); JavaScript cancels nothing. */
  cancelsAwaited: boolean;
  /** A missing key or attribute raises (KeyError, AttributeError) or reads `undefined`. */
  missingRaises: boolean;
  /** `xs[-1]` is the last item (Python) or undefined (JavaScript). */
  negativeIndexes: boolean;
  /** `let` / `const` scope to their block, and a loop's body gets a scope per iteration. */
  blockScopes: boolean;
  /** Methods receive their instance as their first parameter (`self`) rather than as `this`. */
  explicitSelf: boolean;
  constructorName: string;
  /** What a function without `return` returns. */
  noValue: Value;
}

export const pythonSemantics: LanguageSemantics = {
  language: 'python',
  timeUnit: 1,
  truthy: pythonTruthy,
  equals: pythonEquals,
  toText: pythonStr,
  repr: pythonRepr,
  asyncCallStartsAtOnce: false,
  microtasksFirst: false,
  cancelsAwaited: true,
  missingRaises: true,
  negativeIndexes: true,
  blockScopes: false,
  explicitSelf: true,
  constructorName: '__init__',
  noValue: null,
};

export const javascriptSemantics: LanguageSemantics = {
  language: 'javascript',
  timeUnit: 0.001,
  truthy: javascriptTruthy,
  equals: javascriptStrictEquals,
  toText: javascriptString,
  repr: value => (typeof value === 'string' ? JSON.stringify(value) : javascriptString(value)),
  asyncCallStartsAtOnce: true,
  microtasksFirst: true,
  cancelsAwaited: false,
  missingRaises: false,
  negativeIndexes: false,
  blockScopes: true,
  explicitSelf: false,
  constructorName: 'constructor',
  noValue: undefined,
};

export function semanticsOf(language: 'python' | 'javascript'): LanguageSemantics {
  return language === 'python' ? pythonSemantics : javascriptSemantics;
}

function pythonTruthy(value: Value): boolean | undefined {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (!isObject(value)) return true;
  switch (value.t) {
    case 'opaque': return undefined;
    case 'list': return value.undecidedSize ? undefined : value.items.length > 0;
    case 'dict': case 'set': return value.entries.size > 0;
    default: return true;
  }
}

function javascriptTruthy(value: Value): boolean | undefined {
  if (isOpaque(value)) return undefined;
  return !!value && !(typeof value === 'number' && Number.isNaN(value));
}

function pythonEquals(left: Value, right: Value): boolean | undefined {
  if (left === right) return true;
  if (isOpaque(left) || isOpaque(right)) return undefined;
  if (typeof left === 'boolean' || typeof right === 'boolean') return keyOf(left) === keyOf(right);
  if (!isObject(left) || !isObject(right)) return false;
  if (left.t === 'list' && right.t === 'list') {
    if (!!left.tuple !== !!right.tuple || left.items.length !== right.items.length) return false;
    let all: boolean | undefined = true;
    for (let i = 0; i < left.items.length; i++) {
      const same = pythonEquals(left.items[i], right.items[i]);
      if (same === false) return false;
      if (same === undefined) all = undefined;
    }
    return all;
  }
  if ((left.t === 'dict' && right.t === 'dict') || (left.t === 'set' && right.t === 'set')) {
    if (left.entries.size !== right.entries.size) return false;
    for (const key of left.entries.keys()) if (!right.entries.has(key)) return false;
    if (left.t === 'dict' && right.t === 'dict') {
      for (const [key, [, value]] of left.entries) {
        const same = pythonEquals(value, right.entries.get(key)![1]);
        if (same !== true) return same;
      }
    }
    return true;
  }
  return false;
}

function javascriptStrictEquals(left: Value, right: Value): boolean | undefined {
  if (isOpaque(left) || isOpaque(right)) return left === right ? true : undefined;
  return left === right;
}

/** JavaScript's `==`: null and undefined equal each other; a number equals a string of it. */
export function javascriptLooseEquals(left: Value, right: Value): boolean | undefined {
  if (isOpaque(left) || isOpaque(right)) return left === right ? true : undefined;
  if ((left === null || left === undefined) && (right === null || right === undefined)) return true;
  if (typeof left !== typeof right && (typeof left === 'number' || typeof left === 'string' || typeof left === 'boolean') &&
      (typeof right === 'number' || typeof right === 'string' || typeof right === 'boolean')) return Number(left) === Number(right);
  return left === right;
}
