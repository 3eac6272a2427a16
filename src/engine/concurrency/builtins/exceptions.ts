/**
 * Exceptions as classes, so `except TimeoutError`, `except Exception`, `instanceof TimeoutError` and the
 * program's own subclasses match as they do at run time: Python's hierarchy (CancelledError is a BaseException,
 * not an Exception; TimeoutError is asyncio's since 3.11) and JavaScript's Error family. Also `except*`.
 */
import { isInstanceOf } from '../attributes';
import { javascriptString } from '../display';
import type { Simulation } from '../simulation';
import { ClassValue, isObject, list, NativeClass, record, RecordValue, Thrown, Value } from '../values';

/** Each class and its base, in order (a base before the classes deriving from it). */
const pythonHierarchy: Array<[string, string | undefined]> = [
  ['BaseException', undefined], ['Exception', 'BaseException'], ['CancelledError', 'BaseException'], ['KeyboardInterrupt', 'BaseException'],
  ['SystemExit', 'BaseException'], ['GeneratorExit', 'BaseException'], ['BaseExceptionGroup', 'BaseException'], ['ExceptionGroup', 'BaseExceptionGroup'],
  ['ArithmeticError', 'Exception'], ['ZeroDivisionError', 'ArithmeticError'], ['OverflowError', 'ArithmeticError'], ['LookupError', 'Exception'],
  ['KeyError', 'LookupError'], ['IndexError', 'LookupError'], ['ValueError', 'Exception'], ['UnicodeError', 'ValueError'], ['TypeError', 'Exception'],
  ['AttributeError', 'Exception'], ['NameError', 'Exception'], ['RuntimeError', 'Exception'], ['NotImplementedError', 'RuntimeError'],
  ['RecursionError', 'RuntimeError'], ['StopIteration', 'Exception'], ['StopAsyncIteration', 'Exception'], ['AssertionError', 'Exception'],
  ['OSError', 'Exception'], ['ConnectionError', 'OSError'], ['ConnectionResetError', 'ConnectionError'], ['ConnectionRefusedError', 'ConnectionError'],
  ['ConnectionAbortedError', 'ConnectionError'], ['BrokenPipeError', 'ConnectionError'], ['FileNotFoundError', 'OSError'], ['PermissionError', 'OSError'],
  ['TimeoutError', 'OSError'], ['QueueEmpty', 'Exception'], ['QueueFull', 'Exception'], ['InvalidStateError', 'Exception'], ['IncompleteReadError', 'EOFError'],
  ['EOFError', 'Exception'], ['LimitOverrunError', 'Exception'], ['BrokenBarrierError', 'RuntimeError'],
];

const javascriptHierarchy: Array<[string, string | undefined]> = [
  ['Error', undefined], ['TypeError', 'Error'], ['RangeError', 'Error'], ['SyntaxError', 'Error'], ['ReferenceError', 'Error'], ['EvalError', 'Error'],
  ['URIError', 'Error'], ['AggregateError', 'Error'], ['DOMException', 'Error'],
  // asyncio's errors, for what the simulator raises in either language.
  ['CancelledError', 'Error'], ['TimeoutError', 'Error'], ['AbortError', 'Error'], ['KeyError', 'Error'], ['IndexError', 'Error'], ['ValueError', 'Error'],
  ['AttributeError', 'Error'], ['RuntimeError', 'Error'], ['ZeroDivisionError', 'Error'], ['InvalidStateError', 'Error'], ['QueueEmpty', 'Error'], ['QueueFull', 'Error'],
  ['StopIteration', 'Error'],
];

/** The language's exception classes by name. */
export function exceptionClasses(sim: Simulation): Map<string, ClassValue> {
  const classes = new Map<string, ClassValue>();
  const native: NativeClass = sim.language === 'python'
    ? {
      init: (_task, self, args) => { self.props.set('args', list(args, true)); return null; },
      methods: {
        __init__: (_task, args, _keywords, _site, self) => { if (isObject(self) && self.t === 'record') self.props.set('args', list(args, true)); return null; },
        with_traceback: (_task, _args, _keywords, _site, self) => self,
        add_note: () => null,
      },
    }
    : {
      init: (_task, self, args) => { initError(self, args); return undefined; },
      methods: { toString: (_task: unknown, _args: unknown, _keywords: unknown, _site: unknown, self: Value) => sim.semantics.toText(self) },
    };
  for (const [name, base] of sim.language === 'python' ? pythonHierarchy : javascriptHierarchy) {
    classes.set(name, { t: 'class', name, base: base ? classes.get(base) : undefined, props: new Map(), native });
  }
  return classes;
}

function initError(self: RecordValue, args: Value[]): void {
  const [message, options] = self.cls?.name === 'AggregateError' ? [args[1], args[2]] : args;
  self.props.set('message', message === undefined ? '' : typeof message === 'string' ? message : isObject(message) && message.t === 'opaque' ? message.text : javascriptString(message));
  if (self.cls?.name === 'AggregateError') self.props.set('errors', args[0]);
  if (isObject(options) && options.t === 'record' && options.props.has('cause')) self.props.set('cause', options.props.get('cause'));
  if (!self.props.has('name') && self.cls) self.props.set('name', self.cls.name);
}

/** An instance of a library exception class, with a message. */
export function exceptionInstance(sim: Simulation, name: string, message: string): RecordValue {
  const cls = sim.library.exceptions.get(name) ?? sim.library.exceptions.get(sim.language === 'python' ? 'Exception' : 'Error')!;
  const instance = record(undefined, cls);
  if (sim.language === 'python') instance.props.set('args', list(message === '' ? [] : [message], true));
  else initError(instance, [message]);
  return instance;
}

export function cancelledError(sim: Simulation, line: number): Thrown {
  return sim.error('CancelledError', '', line);
}

export function isCancellation(sim: Simulation, value: Value): boolean {
  return isInstanceOf(value, sim.library.exceptions.get('CancelledError'));
}

/** Whether a handler catches `value`: `except T` / `except (A, B)`; bare `except` and JavaScript's catch catch all. */
export function handlerMatches(sim: Simulation, types: Value, value: Value, hasTypes: boolean): boolean {
  if (!hasTypes) return true;
  if (isObject(types) && types.t === 'list') return types.items.some(type => handlerMatches(sim, type, value, true));
  return isInstanceOf(value, types);
}

/** `ExceptionGroup(message, exceptions)`: what a TaskGroup raises when its tasks fail. */
export function exceptionGroup(sim: Simulation, message: string, members: Value[]): RecordValue {
  const base = members.every(m => isInstanceOf(m, sim.library.exceptions.get('Exception'))) ? 'ExceptionGroup' : 'BaseExceptionGroup';
  const group = exceptionInstance(sim, base, message);
  group.props.set('args', list([message, list(members)], true));
  group.props.set('exceptions', list(members, true));
  group.props.set('message', message);
  return group;
}

function membersOf(value: Value): Value[] | undefined {
  if (!isObject(value) || value.t !== 'record') return undefined;
  const members = value.props.get('exceptions');
  return isObject(members) && members.t === 'list' ? members.items : undefined;
}

/**
 * `except* T`: the members of the group `value` that T matches, as a group of their own, and the rest (undefined
 * when none). A plain exception is a group of one.
 */
export function splitGroup(sim: Simulation, value: Value, types: Value, _line: number): [Value | undefined, Value | undefined] {
  const members = membersOf(value) ?? [value];
  const message = isObject(value) && value.t === 'record' && typeof value.props.get('message') === 'string' ? value.props.get('message') as string : '';
  const matched = members.filter(member => handlerMatches(sim, types, member, types !== undefined));
  const rest = members.filter(member => !matched.includes(member));
  return [
    matched.length > 0 ? exceptionGroup(sim, message, matched) : undefined,
    rest.length > 0 ? exceptionGroup(sim, message, rest) : undefined,
  ];
}
