/**
 * The simulator's values and scopes: what a simulated program computes with (numbers, strings, lists, dicts with
 * tuple keys, objects and instances, functions and classes, promises and tasks, the libraries' objects) and how
 * names are bound (`Env`). What the simulator cannot know is an `OpaqueValue`: it can be passed around, its
 * attributes read and called (instantly), and awaiting it is I/O of the assumed latency.
 */
import type { CatalogEntry } from '../semantics/catalog';
import type { ClassModel, FunctionModel, Line } from './model';
import type { Row, SimTask } from './scheduler';

export type Value = undefined | null | boolean | number | string | ObjectValue;

export type ObjectValue =
  | ListValue | DictValue | SetValue | RecordValue | FunctionValue | NativeFunction | ClassValue
  | PromiseValue | CoroutineValue | GeneratorValue | IteratorValue | OpaqueValue | NativeObject;

/** A Python list or tuple, a JavaScript array. */
export interface ListValue {
  t: 'list';
  items: Value[];
  tuple?: boolean;
  /**
   * A filter the code does not decide kept some of its items (`xs.filter(e => e.platform)` of unknown items): the
   * items are walked as kept, but how many there are is not decided (`if (unsupported.length > 0) throw`).
   */
  undecidedSize?: boolean;
}

/**
 * A Python dict (keys of any hashable value, tuples too) or a JavaScript Map: entries by `keyOf(key)`.
 * `unknownKeys`: some key is a value the simulation does not know (a made-up item's `p.name`), so a key it does not
 * find may still be there.
 */
export interface DictValue { t: 'dict'; entries: Map<unknown, [Value, Value]>; map?: boolean; missing?: Value; unknownKeys?: boolean }

export interface SetValue { t: 'set'; entries: Map<unknown, Value> }

/** A JavaScript object, or an instance of a class of either language: its own properties, its class. */
export interface RecordValue {
  t: 'record';
  props: Map<string, Value>;
  cls?: ClassValue;
  /** What a library class keeps in its instances (an EventEmitter's listeners, an Error's stack). */
  native?: Record<string, unknown>;
  /**
   * The library object an instance of a subclass of a modelled library class is (`class Jobs(asyncio.Queue)`): made
   * by the library class's constructor, it answers what the program's classes do not define (builtins/extending.ts).
   */
  libraryObject?: NativeObject;
  /** An instance made up for a method simulated on its own: what it lacks is unknown, not missing. */
  assumed?: boolean;
  /**
   * Such an instance's attributes that its class's constructor sets (simulation.ts), until the code sets them again:
   * each read is said, naming the constructor (`label`).
   */
  initializedBy?: { label: string; names: Set<string> };
  /** JavaScript: the `prototype` of the function it was made with by `new` (pre-class code and its bundles). */
  proto?: RecordValue;
  /**
   * Properties were set on it under names the simulation does not know (copied from an unknown module, as Babel's
   * `_interop_require_wildcard` does): a property it lacks is unknown, not missing.
   */
  unknownKeys?: boolean;
}

export interface FunctionValue {
  t: 'function';
  fn: FunctionModel;
  closure: Env;
  /** A bound method's receiver (`self` / `this`). */
  self?: Value;
  /** The class a method belongs to, for `super`. */
  home?: ClassValue;
  /** JavaScript: properties set on the function (`F.prototype`, `handler.displayName`), shared by its copies. */
  props?: Map<string, Value>;
  /** Python: the values of its defaults that are no constants, taken where it was defined (defaults.ts). */
  defaults?: Map<import('./model').Param, Value>;
}

/** Where a call is made: for labels and lines (`args`: the argument expressions, to name them in labels). */
export interface CallSite { line: Line; text: string; args?: readonly import('./model').Expr[] }

export type Keywords = Map<string, Value> | undefined;

export type NativeResult = Value | Generator<Wait, Value, Resumption>;

/** A function of a library, written in TypeScript: runs instantly, or as a generator when it may wait or call back. */
export interface NativeFunction {
  t: 'native';
  name: string;
  call: (task: SimTask, args: Value[], keywords: Keywords, site: CallSite, self: Value) => NativeResult;
  self?: Value;
  /**
   * Made by a decorator from a program function (`@contextmanager def lock(self)`): like the function it wraps (which
   * functools.wraps makes it in Python), it is a method of the instances of a class that holds it, called with `self`.
   */
  wrapsFunction?: boolean;
  /** `new` on it makes an object (a library class without subclassing). */
  construct?: (task: SimTask, args: Value[], site: CallSite) => NativeResult;
  /**
   * It returns at once, never waits and never throws (a promise's resolve and reject): a timer or a reaction may
   * call it without a task of its own (10,000 `setTimeout(resolve, ms)` would make 10,000 tasks otherwise).
   */
  instant?: boolean;
  /**
   * It makes a library object a program class may extend (`class Limiter(asyncio.Semaphore)`): the class's instances
   * carry the object it makes (builtins/extending.ts).
   */
  extendable?: boolean;
}

export interface ClassValue {
  t: 'class';
  name: string;
  model?: ClassModel;
  closure?: Env;
  base?: ClassValue;
  /** Class attributes (Python) and static members (JavaScript). */
  props: Map<string, Value>;
  /** A library class: how its instances are made and what their methods are. */
  native?: NativeClass;
  /** It or a base inherits from something the simulation does not know (`abc.ABC`, a library's class). */
  unknownBase?: boolean;
  /** Attributes its body set on its methods (see ClassModel.methodAttributes), by method name. */
  methodProps?: Map<string, Map<string, Value>>;
}

export interface NativeClass {
  /** Makes the instance's library state; `self` is a new record, possibly of a subclass. */
  init?: (task: SimTask, self: RecordValue, args: Value[], keywords: Keywords, site: CallSite) => NativeResult;
  /** A class whose instances are not records (Python's `list`, `dict`): calling it makes the value directly. */
  make?: (task: SimTask, args: Value[], keywords: Keywords, site: CallSite) => NativeResult;
  methods?: Record<string, NativeFunction['call']>;
  /** Whether `value` is an instance of the class when it is not a record (`isinstance(x, list)`). */
  isInstance?: (value: Value) => boolean;
  /** A class of the language's library: a member the simulator lacks is unknown, not missing. */
  library?: boolean;
}

/**
 * A JavaScript promise, or a Python future or task: pending until settled once. `callbacks` run when it settles;
 * `task` is the task whose result it is (cancelling the promise cancels it).
 */
export interface PromiseValue {
  t: 'promise';
  state: 'pending' | 'fulfilled' | 'rejected';
  value?: Value;
  error?: Thrown;
  callbacks: Array<(promise: PromiseValue) => void>;
  task?: SimTask;
  /** Gather's children: cancelling it cancels them (Python). */
  children?: PromiseValue[];
  /** `asyncio.shield`: cancelling the waiter does not cancel what it waits for. */
  shielded?: boolean;
  label: string;
  line: Line;
  /** The library object it came from, for methods (a task's `cancel`, a timer's `unref`). */
  kind?: 'task' | 'future' | 'promise';
  /** It stands for I/O the code does not show (see awaiting.ts). */
  unknownWork?: boolean;
}

/** A Python coroutine: a call of an async function (or a library's awaitable), not started until awaited or scheduled. */
export interface CoroutineValue {
  t: 'coroutine';
  label: string;
  line: Line;
  /** Runs the coroutine in `task` (inline: in the awaiting task; or as a task of its own). */
  run: (task: SimTask) => Generator<Wait, Value, Resumption>;
  /** A plain sleep: as a task of its own it needs no generator (`gather(*[asyncio.sleep(1) ...])`). */
  sleep?: { seconds: number; result: Value };
  /** A call of the file's own function: shown as a row of its own when awaited. */
  ownRow: boolean;
  started?: boolean;
}

/** A generator or async generator object: its body runs when the next item is asked for. */
export interface GeneratorValue {
  t: 'generator';
  isAsync: boolean;
  body: Generator<Wait | Yielded, Value, Resumption> | undefined;
  /** Makes the body on the first request, in the task asking, so a generator never asked costs nothing. */
  start: (task: SimTask) => Generator<Wait | Yielded, Value, Resumption>;
  done: boolean;
  label: string;
  line: Line;
  row?: Row;
}

/** What a generator's body yields to whoever asked for its next item (as opposed to a wait for the scheduler). */
export class Yielded {
  constructor(readonly value: Value) {}
}

/** An iterator over known items (a list's, a dict's keys, `iter(xs)`): loops that share it share the items. */
export interface IteratorValue {
  t: 'iterator';
  next: () => Value | typeof done;
  label?: string;
  /** A generator expression whose filter the code does not decide (see ListValue.undecidedSize). */
  undecidedSize?: boolean;
}

export const done: unique symbol = Symbol('done');

export interface OpaqueValue {
  t: 'opaque';
  /** The source it stands for, for labels and assumptions. */
  text: string;
  line: Line;
  /** Its catalogue entry, when it is a library's (an `io` call, a `source`). */
  entry?: CatalogEntry;
  /** A call's result in JavaScript started its work when made: awaiting it later waits only for what is left. */
  createdAt?: number;
  /** The I/O it stands for once awaited or given to a combinator (made once, so awaiting twice waits once). */
  io?: PromiseValue;
  /** For `x.name`: what it was read from, and the name (a method called on an unknown object). */
  receiver?: OpaqueValue;
  member?: string;
  /** An AbortSignal given to the call: the I/O ends when it aborts. */
  signal?: NativeObject;
  /** How many unknown collections deep it was found (see iteration.ts): derived values keep it. */
  depth?: number;
  /** A slice of an unknown collection: how many of the items assumed for that collection it holds (iteration.ts). */
  size?: number;
  /** `len(xs)` of an unknown collection `xs`: as many as the items assumed for it (iteration.ts). */
  lengthOf?: OpaqueValue;
}

/** An object of a library the simulator models: a semaphore, a queue, a timer handle, a signal... (builtins/). */
export interface NativeObject {
  t: 'object';
  kind: string;
  [state: string]: unknown;
}

/** A thrown value: a Python exception, anything a JavaScript `throw` throws. */
export class Thrown {
  constructor(readonly value: Value, readonly line: Line) {}
}

/** What a task waits for (see scheduler.ts). */
export interface Wait {
  state: 'running' | 'waiting' | 'blocked' | 'awaiting';
  /** What the span says; an empty label records no span (a wait of no interest, such as a microtask's hop). */
  label: string;
  line: Line;
  /** A sleep: resumed `seconds` from now. */
  seconds?: number;
  /** A promise to settle. */
  promise?: PromiseValue;
  /** Anything else: arranges the resumption and returns how to undo it if the wait is cancelled. */
  register?: (resume: (outcome: Resumption) => void) => () => void;
  /** Python: cancelling the waiting task cancels what it waits for. */
  onCancel?: () => void;
  /** A wait for I/O the code does not show. */
  unknownWork?: boolean;
}

export type Resumption = { value: Value } | { error: Thrown };

/**
 * Variables of one scope: names and values in one array, name then value, cheaper than a Map (or two arrays) for
 * the handful of names a scope holds. A scope is made for every call, and a fan-out makes tens of thousands.
 */
export class Env {
  private readonly slots: Array<string | Value> = [];
  /** Python's `nonlocal` / `global` names of this scope: assigned where they are bound. */
  outer?: Set<string>;
  /** A large scope (a module's) is looked up by map: the name's slot. */
  private index?: Map<string, number>;

  constructor(readonly parent?: Env) {}

  /** The slot of `name`'s value, or -1. */
  private find(name: string): number {
    if (this.index) return this.index.get(name) ?? -1;
    const slots = this.slots;
    for (let i = 0; i < slots.length; i += 2) if (slots[i] === name) return i + 1;
    return -1;
  }

  lookup(name: string): Value | typeof unbound {
    for (let env: Env | undefined = this; env; env = env.parent) {
      const i = env.find(name);
      if (i >= 0) return env.slots[i] as Value;
    }
    return unbound;
  }

  has(name: string): boolean {
    return this.find(name) >= 0;
  }

  declare(name: string, value: Value): void {
    if (this.outer?.has(name) && this.parent) {
      this.parent.assign(name, value);
      return;
    }
    const i = this.find(name);
    if (i >= 0) this.slots[i] = value;
    else {
      this.slots.push(name, value);
      if (this.index) this.index.set(name, this.slots.length - 1);
      else if (this.slots.length > 48) {
        this.index = new Map();
        for (let j = 0; j < this.slots.length; j += 2) this.index.set(this.slots[j] as string, j + 1);
      }
    }
  }

  /** Replaces each of this scope's own values by what `replace` makes of it. */
  replaceOwn(replace: (name: string, value: Value) => Value): void {
    const slots = this.slots;
    for (let i = 0; i < slots.length; i += 2) slots[i + 1] = replace(slots[i] as string, slots[i + 1] as Value);
  }

  assign(name: string, value: Value): void {
    for (let env: Env | undefined = this; env; env = env.parent) {
      const i = env.find(name);
      if (i >= 0) { env.slots[i] = value; return; }
      if (!env.parent) break;
    }
    this.declare(name, value);
  }
}

export const unbound: unique symbol = Symbol('unbound');

export function isObject(value: Value): value is ObjectValue {
  return typeof value === 'object' && value !== null;
}

/** Whether what an object is spread or assigned from may hold properties the simulation does not know. */
export function hasUnknownKeys(source: Value): boolean {
  return isObject(source) && (source.t === 'opaque' || (source.t === 'record' && source.unknownKeys === true));
}

export function isOpaque(value: Value): value is OpaqueValue {
  return typeof value === 'object' && value !== null && value.t === 'opaque';
}

export function isNative(value: Value, kind: string): value is NativeObject {
  return typeof value === 'object' && value !== null && value.t === 'object' && value.kind === kind;
}

export function opaque(text: string, line: Line, extra?: Partial<OpaqueValue>): OpaqueValue {
  return { t: 'opaque', text, line, ...extra };
}

export function list(items: Value[], tuple?: boolean): ListValue {
  return tuple ? { t: 'list', items, tuple } : { t: 'list', items };
}

/** A list of the items an undecided filter kept: walked as they are, of a size the code does not decide. */
export function filteredList(items: Value[], undecided: boolean): ListValue {
  return undecided ? { t: 'list', items, undecidedSize: true } : list(items);
}

/** A collection whose size the code does not decide (see ListValue.undecidedSize). */
export function hasUndecidedSize(value: Value): boolean {
  return isObject(value) && (value.t === 'list' || value.t === 'iterator') && value.undecidedSize === true;
}

/**
 * The identity of a value as a dict key or set member: Python's equality for hashable values (numbers, strings,
 * tuples by their items, True as 1), identity for the rest; JavaScript's Map keys are the values themselves.
 */
export function keyOf(value: Value): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'object' && value !== null && value.t === 'list' && value.tuple) return `\u0001${JSON.stringify(value.items.map(tupleKeyPart))}`;
  return value;
}

function tupleKeyPart(value: Value): unknown {
  const key = keyOf(value);
  return typeof key === 'object' && key !== null ? `\u0002${objectIds.get(key as object) ?? assignId(key as object)}` : key;
}

const objectIds = new WeakMap<object, number>();
let nextObjectId = 1;

function assignId(object: object): number {
  const id = nextObjectId++;
  objectIds.set(object, id);
  return id;
}

export function newDict(map?: boolean): DictValue {
  return map ? { t: 'dict', entries: new Map(), map } : { t: 'dict', entries: new Map() };
}

export function dictGet(dict: DictValue, key: Value): Value | typeof unbound {
  const entry = dict.entries.get(keyOf(key));
  return entry === undefined ? unbound : entry[1];
}

export function dictSet(dict: DictValue, key: Value, value: Value): void {
  const k = keyOf(key);
  const entry = dict.entries.get(k);
  if (entry) entry[1] = value;
  else dict.entries.set(k, [key, value]);
  if (isOpaque(key)) dict.unknownKeys = true;
}

/**
 * Whether a key the dict does not hold may still be one of its keys: it, a part of it (`(region, feed)` with an
 * unknown region), or some key of the dict is unknown.
 */
export function missIsUndecided(dict: DictValue, key: Value): boolean {
  return containsUnknown(key) || dict.unknownKeys === true;
}

function containsUnknown(key: Value, depth = 0): boolean {
  if (isOpaque(key)) return true;
  return depth < 4 && isObject(key) && key.t === 'list' && key.items.some(item => containsUnknown(item, depth + 1));
}

/**
 * An instance whose class the file does not show whole: the one a method is simulated on, or one of a class with a
 * base the simulation does not know. What it lacks (an attribute, `[]`, iteration, a call) is unknown, not an error.
 */
export function isPartlyUnknown(value: Value): boolean {
  if (!isObject(value) || value.t !== 'record') return false;
  return value.assumed === true || inheritsFromUnknown(value);
}

/** An instance of a class with a base the simulation does not know. */
export function inheritsFromUnknown(value: Value): boolean {
  if (!isObject(value) || value.t !== 'record') return false;
  for (let cls = value.cls; cls; cls = cls.base) if (cls.unknownBase) return true;
  return false;
}

export function record(props?: Map<string, Value>, cls?: ClassValue): RecordValue {
  return cls ? { t: 'record', props: props ?? new Map(), cls } : { t: 'record', props: props ?? new Map() };
}
