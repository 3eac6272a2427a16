/**
 * Program classes that extend a library class the simulator models as one of its own objects (asyncio's Semaphore,
 * Lock, Event, Condition, queues and Barrier; p-queue's PQueue): `class Jobs(asyncio.Queue)` is a queue, and
 * `class Limiter(asyncio.Semaphore): pass` a semaphore. Such a library class is a function that makes a
 * NativeObject, not a ClassValue, so as a base it stands for a class made here, whose constructor makes that object
 * and keeps it on the instance (`libraryObject`). The instance stays a record of the program's class, so Python's
 * method resolution holds: the program's classes come first (the instance's own attributes, the methods a subclass
 * overrides, which may call `super().get()`), and what none of them defines is the library object's, as it would be
 * the library class's.
 */
import { getAttribute } from '../attributes';
import { awaitValue } from '../awaiting';
import { callValue, isGenerator } from '../calls';
import type { Line } from '../model';
import type { SimTask } from '../scheduler';
import type { Simulation } from '../simulation';
import { CallSite, ClassValue, CoroutineValue, isObject, NativeClass, NativeFunction, NativeObject, RecordValue, Resumption, Thrown, unbound, Value, Wait } from '../values';
import { contextOf, libraryMember } from './index';

/** Marks a library function as a class the program may extend (see NativeFunction.extendable). */
export function extendable(fn: NativeFunction): NativeFunction {
  fn.extendable = true;
  return fn;
}

/** One class per library function, so that every subclass of `asyncio.Queue` has the same base. */
const baseClasses = new WeakMap<NativeFunction, ClassValue>();

/** The class a program class extends when its base is `factory` (`asyncio.Semaphore`), if the program may extend it. */
export function libraryBaseClass(sim: Simulation, factory: NativeFunction): ClassValue | undefined {
  if (!factory.extendable) return undefined;
  let cls = baseClasses.get(factory);
  if (cls) return cls;
  const init: NonNullable<NativeClass['init']> = (task, self, args, keywords, site) => {
    // The library's constructor with the subclass's arguments (`super().__init__(2)`, or the inherited `__init__`).
    const made = factory.construct ? factory.construct(task, args, site) : factory.call(task, args, keywords, site, undefined);
    const keep = (value: Value) => {
      if (isObject(value) && value.t === 'object') self.libraryObject = value;
      return sim.semantics.noValue;
    };
    return isGenerator(made) ? (function* () { return keep(yield* made); })() : keep(made);
  };
  const methods: NonNullable<NativeClass['methods']> = {
    [sim.semantics.constructorName]: (task, args, keywords, site, self) => init(task, self as RecordValue, args, keywords, site),
  };
  if (sim.language === 'python') {
    // Python's way in and out, for a subclass that overrides one of them and calls `super().__aenter__()`.
    methods.__aenter__ = (_t, _a, _k, site, self) => contextStep(sim, self, site, 'enter');
    methods.__aexit__ = (_t, args, _k, site, self) => contextStep(sim, self, site, 'exit', args[1]);
  }
  cls = { t: 'class', name: factory.name, props: new Map(), native: { init, methods, library: true } };
  baseClasses.set(factory, cls);
  return cls;
}

/**
 * What asyncio's `__aenter__` and `__aexit__` call on the instance (`await self.acquire()`, `self.release()`,
 * `await self.wait()`): a subclass's override of these runs when the instance is entered.
 */
const contextMethodsOf: Record<string, { enter: string; exit?: string }> = {
  semaphore: { enter: 'acquire', exit: 'release' },
  condition: { enter: 'acquire', exit: 'release' },
  barrier: { enter: 'wait' },
};

function contextStep(sim: Simulation, self: Value, site: CallSite, step: 'enter' | 'exit', error?: Value): CoroutineValue {
  const object = libraryObjectOf(self);
  const run = function* (task: SimTask): Generator<Wait, Value, Resumption> {
    const methods = object && contextMethodsOf[object.kind];
    if (methods) {
      const name = step === 'enter' ? methods.enter : methods.exit;
      if (name === undefined) return null;
      const method = yield* getAttribute(sim, task, self, name, site.line);
      const result = yield* callValue(sim, task, method, [], undefined, { line: site.line, text: `${name}()` });
      return step === 'enter' ? yield* awaitValue(sim, task, result, site) : null;
    }
    const context = object && contextOf(sim, object, site);
    if (!context) throw sim.error('AttributeError', `'${sim.semantics.repr(self)}' object does not support the asynchronous context manager protocol`, site.line);
    if (step === 'enter') return yield* context.enter(task);
    return yield* context.exit(task, error === null || error === undefined ? undefined : new Thrown(error, site.line));
  };
  return { t: 'coroutine', label: site.text, line: site.line, ownRow: false, run };
}

/** The library object a value is: itself, or the one an instance of a subclass carries. */
export function libraryObjectOf(value: Value): NativeObject | undefined {
  if (!isObject(value)) return undefined;
  if (value.t === 'object') return value;
  return value.t === 'record' ? value.libraryObject : undefined;
}

/** What the library object of a subclass's instance gives for `name` (`q.empty`, `sem.locked`), if anything. */
export function inheritedLibraryMember(sim: Simulation, task: SimTask, self: Value, name: string, line: Line): Value | typeof unbound {
  const object = isObject(self) && self.t === 'record' ? self.libraryObject : undefined;
  return object ? libraryMember(sim, task, object, name, line) : unbound;
}

const protocolMethods = ['__aenter__', '__aexit__', '__enter__', '__exit__'];

/**
 * The library object a subclass's instance is entered as by `async with`, when no program class between them
 * overrides the way in or out, nor what it calls (`acquire`, `release`, `wait`): those are called as Python would.
 */
export function inheritedContextObject(value: RecordValue): NativeObject | undefined {
  const object = value.libraryObject;
  if (!object) return undefined;
  const methods = contextMethodsOf[object.kind];
  const names = methods ? [...protocolMethods, methods.enter, ...(methods.exit ? [methods.exit] : [])] : protocolMethods;
  for (let cls = value.cls; cls; cls = cls.base) {
    if (cls.model?.methods.some(m => names.includes(m.name)) || names.some(name => cls!.props.has(name))) return undefined;
  }
  return object;
}
