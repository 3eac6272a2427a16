/**
 * The simulator's values and scopes: what a simulated program computes with (numbers, collections, functions,
 * the concurrency objects of the libraries), how names are bound (`Env`), and the signals control flow travels by.
 */
import type { ClassModel, FunctionModel, Line } from './model';
import type { SpanState, TimelineSpan } from './timeline';

/** A semaphore, or a p-limit / p-queue limiter (`tasks`: what was started through it, for p-queue's onIdle). */
export interface Semaphore { permits: number; waiters: Array<() => void>; tasks: SimTask[] }
export interface Queue { items: Value[]; maxsize: number; getters: Array<() => void>; putters: Array<() => void>; unfinished: number; joiners: Array<() => void> }

export type Value =
  | number | string | boolean | null
  | { t: 'list'; items: Value[] }
  | { t: 'object'; properties: Map<string, Value>; cls?: ClassModel; closure?: Env }
  | { t: 'class'; cls: ClassModel; closure: Env }
  /** A deferred promise's resolve or reject function. */
  | { t: 'resolver'; task: SimTask; rejects: boolean }
  | { t: 'timerHandle'; handle: { cancelled: boolean } }
  | { t: 'unknown'; text: string; line: Line }
  /** `self`: a method looked up on an object (Python passes it first; JS binds `this`). */
  | { t: 'function'; fn: FunctionModel; closure: Env; self?: Value }
  /** Work not started yet: a Python coroutine, a queue operation, an unknown awaitable call. */
  | Coroutine
  | { t: 'task'; task: SimTask }
  | { t: 'semaphore'; semaphore: Semaphore; limiter: boolean }
  | { t: 'queue'; queue: Queue }
  | { t: 'taskGroup'; tasks: SimTask[] }
  | { t: 'timeout'; seconds: number }
  | { t: 'signal'; deadline: number }
  | IteratorValue
  | { t: 'method'; receiver: Value; name: string };

export interface Coroutine {
  t: 'coroutine';
  label: string;
  line: Line;
  run: (task: SimTask, site?: Site) => Generator<Effect, Value, Resumption>;
  ownTask: boolean;
  createdAt: number;
  timeoutOnly?: boolean;
  sleep?: Sleep;
}

export interface IteratorValue { t: 'iterator'; items: Value[]; position: number }

export type ObjectValue = Exclude<Value, number | string | boolean | null>;

/** A timer as data (asyncio.sleep, a JS timer promise): as a task of its own it needs no generator at all. */
export interface Sleep { seconds: number; rejects: boolean; result: Value }

/** Where work is awaited: its span is labelled with the await's text and line rather than where the work was made. */
export interface Site { label: string; line: Line }

export type Resumption = { value: Value } | { error: SimError };

/** What a task waits for. `register` arranges the resumption and returns how to undo it if the wait is cancelled. */
export interface Effect {
  state: SpanState;
  label: string;
  line: Line;
  /** A plain sleep: resumed `seconds` from now (no `register` needed). */
  seconds?: number;
  register?: (resume: (outcome: Resumption) => void) => () => void;
  /** In Python, cancelling a task cancels what it awaits. */
  onCancel?: () => void;
}

export class SimError {
  constructor(readonly name: string, readonly line: Line, readonly value: Value = null) {}
}

/** Control flow inside a task's generator. */
export class BreakSignal {}
export class ContinueSignal {}
export class ReturnSignal { constructor(readonly value: Value) {} }

/** Variables of one scope: parallel arrays, cheaper than a Map for the handful of names a scope holds. */
export class Env {
  private readonly names: string[] = [];
  private readonly values: Value[] = [];
  constructor(readonly parent?: Env) {}
  lookup(name: string): Value | undefined {
    for (let env: Env | undefined = this; env; env = env.parent) {
      const i = env.names.indexOf(name);
      if (i >= 0) return env.values[i];
    }
    return undefined;
  }
  declare(name: string, value: Value): void {
    const i = this.names.indexOf(name);
    if (i >= 0) this.values[i] = value;
    else { this.names.push(name); this.values.push(value); }
  }
  assign(name: string, value: Value): void {
    for (let env: Env | undefined = this; env; env = env.parent) {
      const i = env.names.indexOf(name);
      if (i >= 0) { env.values[i] = value; return; }
    }
    this.declare(name, value);
  }
}

/**
 * What `yield*` over a value needs and nothing more: it ends at once with `value`. Returned by `evaluate` for
 * constants, names and function literals, which are most expressions, so they cost no generator object. Safe to
 * share: `yield*` reads the result before anything else is evaluated.
 */
export class Settled {
  private readonly result = { done: true as const, value: null as Value };
  with(value: Value): Generator<Effect, Value, Resumption> {
    this.result.value = value;
    return this as unknown as Generator<Effect, Value, Resumption>;
  }
  [Symbol.iterator]() { return this; }
  next() { return this.result; }
  return() { return this.result; }
  throw(error: unknown): never { throw error; }
}

export interface SimTask {
  id: number;
  label: string;
  line: Line;
  parent?: number;
  /** Hidden tasks (combinators, timers) have no row and no spans. */
  hidden: boolean;
  generator?: Generator<Effect, Value, Resumption>;
  done: boolean;
  result?: Resumption;
  onDone: Array<() => void>;
  /** The wait in progress, to undo it on cancellation. */
  pending?: { effect: Effect; span?: TimelineSpan; undo: () => void };
  /** How the next cut span is shown when a timeout of this task fires. */
  cancelState?: SpanState;
  /** A JS promise created before it became a task: its first span starts here. */
  startAt?: number;
  depth: number;
  /** Functions being executed by this task and its ancestors, for the recursion guard. */
  callChain: readonly string[];
  cancelled: boolean;
  /** A combined task (gather): cancelling it cancels these (Python; JS never cancels). */
  children?: SimTask[];
}

export function isObject(value: Value): value is ObjectValue {
  return typeof value === 'object' && value !== null;
}

export function isUnknown(value: Value): boolean {
  return isObject(value) && value.t === 'unknown';
}
