/**
 * A discrete-event simulation of a concurrency model (model.ts) on a virtual clock, with the event loop's real
 * semantics: gather / Promise.all start everything at once; semaphores and p-limit hand permits out first come,
 * first served; a queue's `get` blocks until an item is there and `join` until every item is `task_done()`;
 * `wait_for` and `asyncio.timeout` cancel the work at the deadline, and in Python cancelling a task cancels what it
 * awaits; `Promise.race` cancels nothing, so the losers keep running.
 *
 * Each simulated task is a generator that interprets the model and yields an `Effect` whenever it must wait. The
 * scheduler resumes tasks in time order, first come first served at equal times, and records what every task did
 * as spans. Nothing here touches real time, so the result is the same on every run.
 */
import { Budget, budgetExhaustedBy, budgetLimitsFor } from './budget';
import { Builtin, ClassModel, Expr, FunctionModel, Line, Pattern, ProgramModel, Stmt } from './model';
import { formatSeconds } from './format';
import { Assumption, SimulationOptions, SpanState, Timeline, TimelineSpan, TimelineTask, withinBounds } from './timeline';

// ---------------------------------------------------------------------------------------------------------------
// Values

/** A semaphore, or a p-limit / p-queue limiter (`tasks`: what was started through it, for p-queue's onIdle). */
interface Semaphore { permits: number; waiters: Array<() => void>; tasks: SimTask[] }
interface Queue { items: Value[]; maxsize: number; getters: Array<() => void>; putters: Array<() => void>; unfinished: number; joiners: Array<() => void> }

type Value =
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
  | { t: 'coroutine'; label: string; line: Line; run: (task: SimTask, site?: Site) => Generator<Effect, Value, Resumption>; ownTask: boolean; createdAt: number; timeoutOnly?: boolean; sleep?: Sleep }
  | { t: 'task'; task: SimTask }
  | { t: 'semaphore'; semaphore: Semaphore; limiter: boolean }
  | { t: 'queue'; queue: Queue }
  | { t: 'taskGroup'; tasks: SimTask[] }
  | { t: 'timeout'; seconds: number }
  | { t: 'signal'; deadline: number }
  | { t: 'iterator'; items: Value[]; position: number }
  | { t: 'method'; receiver: Value; name: string };

/** A timer as data (asyncio.sleep, a JS timer promise): as a task of its own it needs no generator at all. */
interface Sleep { seconds: number; rejects: boolean; result: Value }

/** What a loop walks: a shared iterator, a list's items, or a range's numbers, computed as they are reached. */
type Iteration =
  | { kind: 'shared'; iterator: Extract<Value, { t: 'iterator' }> }
  | { kind: 'items'; items: Value[] }
  | { kind: 'range'; start: number; step: number; length: number };

const noMoreItems = Symbol('no more items');

/** The `i`-th item of a loop (a shared iterator hands out its next one), or `noMoreItems`. */
function nextItem(iteration: Iteration, i: number): Value | typeof noMoreItems {
  switch (iteration.kind) {
    case 'shared': {
      const { iterator } = iteration;
      return iterator.position < iterator.items.length ? iterator.items[iterator.position++] : noMoreItems;
    }
    case 'items': return i < iteration.items.length ? iteration.items[i] : noMoreItems;
    case 'range': return i < iteration.length ? iteration.start + i * iteration.step : noMoreItems;
  }
}

/** Where work is awaited: its span is labelled with the await's text and line rather than where the work was made. */
interface Site { label: string; line: Line }

type Resumption = { value: Value } | { error: SimError };

/** What a task waits for. `register` arranges the resumption and returns how to undo it if the wait is cancelled. */
interface Effect {
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
class BreakSignal {}
class ContinueSignal {}
class ReturnSignal { constructor(readonly value: Value) {} }

/** Variables of one scope: parallel arrays, cheaper than a Map for the handful of names a scope holds. */
class Env {
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
class Settled {
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

interface SimTask {
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
}

// ---------------------------------------------------------------------------------------------------------------
// The scheduler

/** A timer or callback (`run`), or a task to resume (`task` with `input`): the common case needs no closure. */
interface Event { time: number; order: number; run?: () => void; task?: SimTask; input?: Resumption; handle: { cancelled: boolean } }

/** Shared, never mutated: most resumptions carry no value. */
const resumed: Resumption = { value: null };
const live = { cancelled: false };

export class Simulation {
  now = 0;
  private order = 0;
  private readonly events: Event[] = [];
  private ready: Event[] = [];
  private readyHead = 0;
  private readonly tasks: SimTask[] = [];
  private readonly spans: TimelineSpan[] = [];
  private readonly assumptions = new Map<string, Assumption>();
  private readonly notes = new Map<string, Assumption>();
  private truncated = false;
  private readonly options: SimulationOptions;
  /** What this simulation may still spend: every loop, expression, task and span below counts against it. */
  readonly budget: Budget;

  constructor(private readonly program: ProgramModel, options: SimulationOptions) {
    const bounded = withinBounds(options);
    this.options = bounded.options;
    for (const message of bounded.adjusted) this.assume(message);
    this.budget = new Budget(budgetLimitsFor(this.options.maxTasks, this.options.maxMilliseconds));
  }

  run(fn: FunctionModel): Timeline {
    const root = this.spawn(`${fn.name}()`, fn.line, undefined, task => this.runAsyncFunction(task, { fn, closure: this.moduleEnv() }, [], fn.line), { depth: 0, callChain: [] });
    let finishedAt: number | undefined;
    root.onDone.push(() => { finishedAt = this.now; });
    try {
      for (let event = this.nextEvent(); event; event = this.nextEvent()) {
        // A cancelled timer neither runs nor moves the clock.
        if (event.handle.cancelled) continue;
        if (!this.budget.withinHorizon(event.time)) {
          // What the function left running may sleep forever; the function itself must not.
          if (finishedAt !== undefined) break;
          this.budget.stop('simulatedTime');
        }
        this.now = event.time;
        if (event.task) this.step(event.task, event.input!);
        else {
          this.budget.step();
          event.run!();
        }
        // After the function returns, let what it left running go on, within a bound, to show it.
        if (finishedAt !== undefined && this.now > Math.max(finishedAt * 10, finishedAt + 60)) break;
      }
    } catch (error) {
      const exhausted = budgetExhaustedBy(error);
      if (!exhausted) throw error;
      if (!this.budget.exhausted) this.budget.exhausted = exhausted;
      this.truncated = true;
      this.note(`The simulation stopped after ${this.budget.steps} steps (${this.tasks.length} tasks): ${this.budget.describe()}. Only the start is shown.`);
    }
    return this.timeline(fn, root, finishedAt);
  }

  private moduleEnv(): Env {
    const env = new Env();
    for (const [name, fn] of this.program.functions) env.declare(name, { t: 'function', fn, closure: env });
    for (const [name, cls] of this.program.classes) env.declare(name, { t: 'class', cls, closure: env });
    for (const [name, expr] of this.program.constants) {
      // Module constants are evaluated without a task: only plain values make sense there.
      if (expr.kind === 'const') env.declare(name, expr.value);
    }
    return env;
  }

  // -- events and tasks ------------------------------------------------------------------------------------------

  /** Resumes `task` with `input` now, after what is already due now. */
  private resume(task: SimTask, input: Resumption): void {
    this.ready.push({ time: this.now, order: this.order++, task, input, handle: live });
  }

  private schedule(delay: number, run: () => void): { cancelled: boolean } {
    const handle = { cancelled: false };
    const event = { time: this.now + Math.max(0, delay), order: this.order++, run, handle };
    // Most events are "resume this task now": a FIFO keeps them out of the heap (they are always last in order).
    if (delay <= 0) this.ready.push(event);
    else this.pushEvent(event);
    return handle;
  }

  /** The next event: the heap's top if it is due now and older than the ready queue's head, else the ready queue's. */
  private nextEvent(): Event | undefined {
    const head = this.readyHead < this.ready.length ? this.ready[this.readyHead] : undefined;
    const top = this.events[0];
    if (head && (!top || top.time > head.time || (top.time === head.time && top.order > head.order))) {
      this.readyHead++;
      if (this.readyHead > 1024 && this.readyHead * 2 > this.ready.length) {
        this.ready.splice(0, this.readyHead);
        this.readyHead = 0;
      }
      return head;
    }
    return top ? this.popEvent() : undefined;
  }

  private pushEvent(event: Event): void {
    // A duration that is no number (0/0) would break the heap's order: it is never, like an infinite one.
    if (event.time !== event.time) event.time = Infinity;
    const heap = this.events;
    heap.push(event);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  private popEvent(): Event {
    const heap = this.events;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1, right = left + 1;
        let smallest = i;
        if (left < heap.length && before(heap[left], heap[smallest])) smallest = left;
        if (right < heap.length && before(heap[right], heap[smallest])) smallest = right;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest], heap[i]];
        i = smallest;
      }
    }
    return top;
  }

  private spawn(
    label: string, line: Line, parent: SimTask | undefined,
    body: ((task: SimTask) => Generator<Effect, Value, Resumption>) | undefined,
    inherit: { depth: number; callChain: readonly string[] }, hidden = false,
  ): SimTask {
    if (hidden) this.budget.allocate(1);
    else this.budget.task();
    const task: SimTask = {
      id: this.tasks.length, label, line, parent: parent?.id, hidden, done: false, onDone: [],
      depth: inherit.depth, callChain: inherit.callChain, cancelled: false,
    };
    this.tasks.push(task);
    if (body) {
      task.generator = body(task);
      this.resume(task, resumed);
    }
    return task;
  }

  private step(task: SimTask, input: Resumption): void {
    if (task.done || !task.generator) return;
    const sleeping = task.pending;
    if (sleeping && sleeping.effect.seconds !== undefined) {
      // The end of a sleep (wait() leaves it pending, to resume without a closure).
      if (sleeping.span) sleeping.span.end = this.now;
      task.pending = undefined;
    }
    this.budget.step();
    let next: IteratorResult<Effect, Value>;
    try {
      next = 'error' in input ? task.generator.throw(input.error) : task.generator.next(input);
    } catch (error) {
      if (error instanceof SimError) return this.finish(task, { error });
      if (error instanceof ReturnSignal) return this.finish(task, { value: error.value });
      if (error instanceof BreakSignal || error instanceof ContinueSignal) return this.finish(task, { value: null });
      throw error;
    }
    if (next.done) return this.finish(task, { value: next.value });
    this.wait(task, next.value);
  }

  private wait(task: SimTask, effect: Effect): void {
    const span: TimelineSpan | undefined = task.hidden ? undefined
      : { task: task.id, label: effect.label, start: task.startAt ?? this.now, end: this.now, state: effect.state, line: effect.line };
    task.startAt = undefined;
    if (span) this.record(span);
    if (effect.seconds !== undefined) {
      // A sleep: one timer event that resumes the task, no closures (most effects in a large fan-out are sleeps).
      const event: Event = { time: this.now + Math.max(0, effect.seconds), order: this.order++, task, input: resumed, handle: { cancelled: false } };
      this.pushEvent(event);
      task.pending = { effect, span, undo: () => { event.handle.cancelled = true; } };
      return;
    }
    let done = false;
    const undo = effect.register!(outcome => {
      if (done) return;
      done = true;
      task.pending = undefined;
      if (span) span.end = this.now;
      this.resume(task, outcome);
    });
    if (!done) task.pending = { effect, span, undo };
  }

  private record(span: TimelineSpan): void {
    this.budget.span();
    this.spans.push(span);
  }

  /** The last span of `task` on `line` that `matches`: searched from the end, where a task's latest span is. */
  private lastSpanOf(task: SimTask, line: Line, matches: (span: TimelineSpan) => boolean = () => true): TimelineSpan | undefined {
    if (task.hidden) return undefined;
    for (let i = this.spans.length - 1; i >= 0; i--) {
      const span = this.spans[i];
      if (span.task === task.id && span.line === line && matches(span)) return span;
    }
    return undefined;
  }

  private finish(task: SimTask, result: Resumption): void {
    task.done = true;
    task.result = result;
    for (const callback of task.onDone.splice(0)) callback();
  }

  /** Cancels a task where it waits: its span ends now, shown as `state`, and CancelledError is raised in it. */
  private cancel(task: SimTask, state: SpanState = 'cancelled'): void {
    if (task.done) return;
    task.cancelled = true;
    const children = combinedChildren.get(task);
    if (children) {
      // Cancelling a gather cancels its children (Python; JS never cancels).
      for (const child of children) this.cancel(child, state);
      if (!task.done) this.finish(task, { error: new SimError('CancelledError', task.line) });
      return;
    }
    const pending = task.pending;
    if (!pending) {
      // Not started or about to resume: it gets CancelledError when it next runs.
      if (!task.generator) this.finish(task, { error: new SimError('CancelledError', task.line) });
      else {
        const generator = task.generator;
        task.generator = undefined;
        // Delivered once, through a fresh step, so a task cancelled before it ever ran ends at once.
        const pendingGenerator = generator;
        this.schedule(0, () => {
          task.generator = pendingGenerator;
          this.step(task, { error: new SimError('CancelledError', task.line) });
        });
      }
      return;
    }
    task.pending = undefined;
    pending.undo();
    pending.effect.onCancel?.();
    if (pending.span) {
      pending.span.end = this.now;
      if (pending.span.state === 'running') pending.span.state = state === 'timedOut' ? 'cancelled' : state;
      else if (state === 'timedOut') pending.span.state = 'timedOut';
    }
    if (!task.generator) {
      // A task without a body of its own (a sleep): it ends here, cancelled.
      this.finish(task, { error: new SimError('CancelledError', pending.effect.line) });
      return;
    }
    this.resume(task, { error: new SimError('CancelledError', pending.effect.line) });
  }

  // -- waiting ---------------------------------------------------------------------------------------------------

  private sleep(seconds: number, label: string, line: Line, state: SpanState = 'running'): Effect {
    return { state, label, line, seconds };
  }

  /** Waits until `task` is done; in Python, cancelling the waiter cancels the task. */
  private awaitTask(task: SimTask, label: string, line: Line): Effect {
    return {
      state: 'awaiting', label, line,
      register: resume => {
        const callback = () => resume(task.result!);
        if (task.done) callback();
        else task.onDone.push(callback);
        return () => { const i = task.onDone.indexOf(callback); if (i >= 0) task.onDone.splice(i, 1); };
      },
      onCancel: this.program.language === 'python' ? () => this.cancel(task) : undefined,
    };
  }

  private *waitIn(list: Array<() => void>, state: SpanState, label: string, line: Line): Generator<Effect, void, Resumption> {
    const outcome = yield {
      state, label, line,
      register: resume => {
        const waiter = () => resume({ value: null });
        list.push(waiter);
        return () => { const i = list.indexOf(waiter); if (i >= 0) list.splice(i, 1); };
      },
    };
    if ('error' in outcome) throw outcome.error;
  }

  private *acquire(semaphore: Semaphore, label: string, line: Line): Generator<Effect, void, Resumption> {
    if (semaphore.permits > 0 && semaphore.waiters.length === 0) {
      semaphore.permits--;
      return;
    }
    // The permit is handed over by release(), so nobody can overtake a waiter: first come, first served.
    yield* this.waitIn(semaphore.waiters, 'waiting', label, line);
  }

  private release(semaphore: Semaphore): void {
    const next = semaphore.waiters.shift();
    if (next) next();
    else semaphore.permits++;
  }

  // -- assumptions -----------------------------------------------------------------------------------------------

  private assume(message: string, line?: number): void {
    const key = `${line}:${message}`;
    if (!this.assumptions.has(key)) this.assumptions.set(key, { message, line });
  }

  private note(message: string, line?: number): void {
    const key = `${line}:${message}`;
    if (!this.notes.has(key)) this.notes.set(key, { message, line });
  }

  private limitOf(requested: number, line: Line): number {
    if (this.options.limitOverride !== undefined) {
      this.assume(`Limit of ${requested} replaced by ${this.options.limitOverride} (override).`, line);
      return this.options.limitOverride;
    }
    return requested;
  }

  // -- interpreting statements -----------------------------------------------------------------------------------

  private *block(task: SimTask, statements: Stmt[], env: Env): Generator<Effect, void, Resumption> {
    for (const statement of statements) yield* this.statement(task, statement, env);
  }

  private *statement(task: SimTask, statement: Stmt, env: Env): Generator<Effect, void, Resumption> {
    this.budget.step();
    switch (statement.kind) {
      case 'expr': yield* this.evaluate(task, statement.value, env); return;
      case 'assign': {
        const value = yield* this.evaluate(task, statement.value, env);
        const target = statement.target;
        if (typeof target === 'string') {
          if (statement.declare) env.declare(target, value); else env.assign(target, value);
        } else {
          yield* this.assign(task, target, value, env, statement.declare);
        }
        return;
      }
      case 'return': throw new ReturnSignal(statement.value ? yield* this.evaluate(task, statement.value, env) : null);
      case 'raise': throw new SimError(statement.error.split('.').pop()!.replace(/\(.*$/, ''), statement.line);
      case 'break': throw new BreakSignal();
      case 'continue': throw new ContinueSignal();
      case 'if': {
        const condition = yield* this.evaluate(task, statement.condition, env);
        const truth = this.truth(condition, statement.line);
        yield* this.block(task, truth ? statement.then : statement.otherwise, env);
        return;
      }
      case 'while': {
        for (let iteration = 0; ; iteration++) {
          const counted = this.budget.steps;
          const condition = yield* this.evaluate(task, statement.condition, env);
          if (isUnknown(condition)) {
            if (iteration >= this.options.itemCount) break;
            this.assume(`A loop condition the code does not decide: ${this.options.itemCount} iterations assumed.`, statement.line);
          } else if (!this.truth(condition, statement.line)) break;
          const outcome = yield* this.loopBody(task, statement.body, env);
          if (outcome === 'break') break;
          if (statement.update) yield* this.block(task, statement.update, env);
          // An iteration that ran no statement (`while True: pass`, `for (;;) {}`) costs a step all the same.
          if (this.budget.steps === counted) this.budget.step();
        }
        return;
      }
      case 'for': {
        const iteration = yield* this.iterationOf(task, statement.iterable, env, statement.line, true);
        for (let i = 0; ; i++) {
          const counted = this.budget.steps;
          const item = nextItem(iteration, i);
          if (item === noMoreItems) break;
          if (statement.isAsync) {
            // Each step of an `async for` over something unknown waits for its next item.
            yield this.sleep(this.options.defaultLatency, 'next item (async for)', statement.line);
            this.assume(`Each item of an async iteration takes ${formatSeconds(this.options.defaultLatency)} to arrive.`, statement.line);
          }
          yield* this.assign(task, statement.variables, item, env, true);
          const outcome = yield* this.loopBody(task, statement.body, env);
          if (outcome === 'break') break;
          if (this.budget.steps === counted) this.budget.step();
        }
        return;
      }
      case 'with': yield* this.withStatement(task, statement, env); return;
      case 'try': yield* this.tryStatement(task, statement, env); return;
    }
  }

  private *loopBody(task: SimTask, body: Stmt[], env: Env): Generator<Effect, 'break' | 'next', Resumption> {
    try {
      yield* this.block(task, body, env);
    } catch (signal) {
      if (signal instanceof BreakSignal) return 'break';
      if (!(signal instanceof ContinueSignal)) throw signal;
    }
    return 'next';
  }

  private *withStatement(task: SimTask, statement: Extract<Stmt, { kind: 'with' }>, env: Env): Generator<Effect, void, Resumption> {
    const context = yield* this.evaluate(task, statement.context, env);
    if (isObject(context) && context.t === 'semaphore') {
      yield* this.acquire(context.semaphore, `async with ${exprText(statement.context)}`, statement.line);
      try {
        if (statement.name) env.declare(statement.name, null);
        yield* this.block(task, statement.body, env);
      } finally {
        this.release(context.semaphore);
      }
      return;
    }
    if (isObject(context) && context.t === 'timeout') {
      const scope = { expired: false };
      const timer = this.schedule(context.seconds, () => {
        scope.expired = true;
        this.cancel(task, 'timedOut');
      });
      try {
        yield* this.block(task, statement.body, env);
      } catch (error) {
        if (error instanceof SimError && error.name === 'CancelledError' && scope.expired) throw new SimError('TimeoutError', statement.line);
        throw error;
      } finally {
        timer.cancelled = true;
      }
      return;
    }
    if (isObject(context) && context.t === 'taskGroup') {
      if (statement.name) env.declare(statement.name, context);
      let failure: SimError | undefined;
      try {
        yield* this.block(task, statement.body, env);
      } catch (error) {
        if (!(error instanceof SimError)) throw error;
        failure = error;
      }
      // Leaving the block waits for every task; the first failure cancels the rest (TaskGroup's contract).
      for (;;) {
        const open = context.tasks.filter(t => !t.done);
        const failed = context.tasks.find(t => t.done && t.result && 'error' in t.result && t.result.error.name !== 'CancelledError');
        if (failed && !failure) {
          failure = (failed.result as { error: SimError }).error;
          for (const t of open) this.cancel(t);
        }
        if (open.length === 0) break;
        try {
          yield this.awaitAny(open, `async with TaskGroup`, statement.line);
        } catch (error) {
          // Cancelled while waiting (a timeout around the block): the group cancels its tasks and waits for them.
          if (!(error instanceof SimError) || error.name !== 'CancelledError') throw error;
          failure = error;
          for (const t of open) this.cancel(t);
        }
      }
      if (failure) throw failure.name === 'CancelledError' ? failure : new SimError(failure.name, failure.line);
      return;
    }
    // Any other context manager (a session, a file, a lock we do not know): run the body.
    if (statement.name) env.declare(statement.name, context ?? { t: 'unknown', text: statement.name, line: statement.line });
    yield* this.block(task, statement.body, env);
  }

  private *tryStatement(task: SimTask, statement: Extract<Stmt, { kind: 'try' }>, env: Env): Generator<Effect, void, Resumption> {
    try {
      yield* this.block(task, statement.body, env);
    } catch (error) {
      if (!(error instanceof SimError)) throw error;
      const handler = statement.handlers.find(h => catches(h.catches, error, this.program.language));
      if (!handler) throw error;
      if (handler.name) env.declare(handler.name, { t: 'unknown', text: error.name, line: error.line });
      yield* this.block(task, handler.body, env);
    } finally {
      if (statement.finally.length > 0) yield* this.block(task, statement.finally, env);
    }
  }

  private *assign(task: SimTask, target: Pattern | Expr, value: Value, env: Env, declare: boolean): Generator<Effect, void, Resumption> {
    if (typeof target === 'string') {
      if (declare) env.declare(target, value); else env.assign(target, value);
      return;
    }
    if (Array.isArray(target)) {
      const items = isObject(value) && value.t === 'list' ? value.items : [];
      for (let i = 0; i < target.length; i++) {
        yield* this.assign(task, target[i], items[i] ?? (isUnknown(value) ? value : null), env, declare);
      }
      return;
    }
    if (target.kind === 'index') {
      const object = yield* this.evaluate(task, target.object, env);
      const index = yield* this.evaluate(task, target.index, env);
      if (isObject(object) && object.t === 'list' && typeof index === 'number') object.items[index] = value;
      else if (isObject(object) && object.t === 'object' && (typeof index === 'string' || typeof index === 'number')) object.properties.set(String(index), value);
      return;
    }
    if (target.kind === 'member') {
      const object = yield* this.evaluate(task, target.object, env);
      if (isObject(object) && object.t === 'object') object.properties.set(target.property, value);
      // `self.sem = ...`: kept under its dotted name, which member reads fall back to.
      else env.assign(exprText(target), value);
    }
  }

  private truth(value: Value, line: Line): boolean {
    if (isUnknown(value)) {
      this.assume('A condition the code does not decide is taken as false.', line);
      return false;
    }
    if (value === null || value === false || value === 0 || value === '') return false;
    if (isObject(value) && value.t === 'list') return value.items.length > 0;
    return true;
  }

  /** The items of a value, as a new array (counted against the memory budget before it is made). */
  private itemsOf(value: Value, line: Line): Value[] {
    if (isObject(value)) {
      if (value.t === 'list') return this.copied(value.items);
      if (value.t === 'iterator') {
        this.budget.allocate(value.items.length - value.position);
        return value.items.slice(value.position);
      }
      if (value.t === 'unknown') {
        this.assume(`${value.text}: a collection of unknown size, ${this.options.itemCount} items assumed.`, value.line);
        return this.assumedItems(value.text, value.line);
      }
      if (value.t === 'object') {
        this.budget.allocate(value.properties.size);
        return [...value.properties.keys()];
      }
      if (value.t === 'coroutine') {
        // The result of a call we cannot see into (`get_urls()`, `db.query(...)`): a collection of unknown size.
        this.assume(`${value.label}: a collection of unknown size, ${this.options.itemCount} items assumed.`, value.line);
        return this.assumedItems(value.label, value.line);
      }
    }
    if (typeof value === 'string') {
      this.budget.allocate(value.length);
      return [...value];
    }
    this.assume('A collection the model cannot follow: nothing iterated.', line);
    return [];
  }

  private assumedItems(text: string, line: Line): Value[] {
    this.budget.allocate(this.options.itemCount);
    return Array.from({ length: this.options.itemCount }, (_, i) => ({ t: 'unknown', text: `${text}[${i}]`, line }) as Value);
  }

  private copied(items: Value[]): Value[] {
    this.budget.allocate(items.length);
    return items.slice();
  }

  /** `[index, item]` for each item (`enumerate`, `entries()`). */
  private pairsOf(items: readonly Value[]): Value[] {
    this.budget.allocate(items.length);
    return items.map((item, i) => ({ t: 'list', items: [i, item] }) as Value);
  }

  /** Appends `items` to `target` one by one: a spread into `push` puts every item on the stack and overflows it. */
  private append(target: Value[], items: readonly Value[]): void {
    this.budget.allocate(items.length);
    for (const item of items) target.push(item);
  }

  /**
   * What a `for` loop or a comprehension walks. A `range` is never made into a list here, so `for i in
   * range(10**9)` that breaks early costs nothing; a shared iterator (`shared`: a loop, not a comprehension) hands
   * out its items to whoever asks next.
   */
  private *iterationOf(task: SimTask, iterable: Expr, env: Env, line: Line, shared: boolean): Generator<Effect, Iteration, Resumption> {
    if (iterable.kind === 'range') {
      const range = yield* this.rangeOf(task, iterable, env);
      if (range) return { kind: 'range', ...range };
    }
    const value = yield* this.evaluate(task, iterable, env);
    if (shared && isObject(value) && value.t === 'iterator') return { kind: 'shared', iterator: value };
    return { kind: 'items', items: this.itemsOf(value, line) };
  }

  /** The numbers of `range(start, stop, step)`, or undefined when they are not numbers. */
  private *rangeOf(task: SimTask, expr: Extract<Expr, { kind: 'range' }>, env: Env): Generator<Effect, { start: number; step: number; length: number } | undefined, Resumption> {
    const start = yield* this.evaluate(task, expr.start, env);
    const stop = yield* this.evaluate(task, expr.stop, env);
    const step = yield* this.evaluate(task, expr.step, env);
    if (typeof start !== 'number' || typeof stop !== 'number' || typeof step !== 'number' || step === 0) return undefined;
    const length = Math.max(0, Math.ceil((stop - start) / step));
    return { start, step, length: Number.isNaN(length) ? 0 : length };
  }

  // -- interpreting expressions ----------------------------------------------------------------------------------

  private readonly settled = new Settled();

  private evaluate(task: SimTask, expr: Expr, env: Env): Generator<Effect, Value, Resumption> {
    switch (expr.kind) {
      case 'const': return this.settled.with(expr.value);
      case 'var': {
        const value = env.lookup(expr.name);
        return this.settled.with(value !== undefined ? value : { t: 'unknown', text: expr.name, line: 0 });
      }
      case 'function': return this.settled.with({ t: 'function', fn: expr.fn, closure: env });
      default: return this.evaluateStep(task, expr, env);
    }
  }

  private *evaluateStep(task: SimTask, expr: Expr, env: Env): Generator<Effect, Value, Resumption> {
    switch (expr.kind) {
      case 'const': return expr.value;
      case 'var': {
        const value = env.lookup(expr.name);
        if (value !== undefined) return value;
        return { t: 'unknown', text: expr.name, line: 0 };
      }
      case 'unknown': return { t: 'unknown', text: expr.text, line: expr.line };
      case 'list': {
        const items: Value[] = [];
        for (const item of expr.items) {
          if (item.kind === 'spread') this.append(items, this.itemsOf(yield* this.evaluate(task, item.value, env), 0));
          else items.push(yield* this.evaluate(task, item, env));
        }
        this.budget.allocate(expr.items.length);
        return { t: 'list', items };
      }
      case 'spread': return yield* this.evaluate(task, expr.value, env);
      case 'object': {
        const properties = new Map<string, Value>();
        for (const [key, value] of Object.entries(expr.properties)) properties.set(key, yield* this.evaluate(task, value, env));
        this.budget.allocate(properties.size);
        return { t: 'object', properties };
      }
      case 'member': {
        const object = yield* this.evaluate(task, expr.object, env);
        if (isObject(object) && object.t === 'object' && object.properties.has(expr.property)) return object.properties.get(expr.property)!;
        if (isObject(object) && object.t === 'object' && object.cls?.methods.has(expr.property)) {
          return { t: 'function', fn: object.cls.methods.get(expr.property)!, closure: object.closure!, self: object };
        }
        if (expr.property === 'length' && isObject(object) && object.t === 'list') return object.items.length;
        const dotted = env.lookup(exprText(expr));
        if (dotted !== undefined) return dotted;
        if (isObject(object) && object.t !== 'unknown') return { t: 'method', receiver: object, name: expr.property };
        return { t: 'unknown', text: exprText(expr), line: 0 };
      }
      case 'index': {
        const object = yield* this.evaluate(task, expr.object, env);
        const index = yield* this.evaluate(task, expr.index, env);
        if (isObject(object) && object.t === 'list' && typeof index === 'number') return object.items[index < 0 ? object.items.length + index : index] ?? null;
        if (isObject(object) && object.t === 'object') return object.properties.get(String(index)) ?? null;
        return { t: 'unknown', text: exprText(expr), line: 0 };
      }
      case 'map': {
        const iteration = yield* this.iterationOf(task, expr.iterable, env, 0, false);
        const results: Value[] = [];
        for (let i = 0; ; i++) {
          const item = nextItem(iteration, i);
          if (item === noMoreItems) break;
          // Each element is a step, even when it makes no call: a comprehension over a comprehension is a loop.
          this.budget.step();
          const scope = new Env(env);
          if (typeof expr.variables === 'string') scope.declare(expr.variables, item);
          else yield* this.assign(task, expr.variables, item, scope, true);
          if (expr.filter && !this.truth(yield* this.evaluate(task, expr.filter, scope), 0)) continue;
          this.budget.allocate(1);
          results.push(yield* this.evaluate(task, expr.element, scope));
        }
        return { t: 'list', items: results };
      }
      case 'range': {
        const range = yield* this.rangeOf(task, expr, env);
        if (!range) return { t: 'unknown', text: 'range(...)', line: 0 };
        this.budget.allocate(range.length);
        const items: number[] = [];
        for (let i = 0; i < range.length; i++) items.push(range.start + i * range.step);
        return { t: 'list', items };
      }
      case 'binary': {
        const left = yield* this.evaluate(task, expr.left, env);
        // `and` / `or` / `&&` / `||` short-circuit.
        if (expr.operator === 'and' || expr.operator === '&&') return !this.truthOrUnknown(left) ? left : yield* this.evaluate(task, expr.right, env);
        if (expr.operator === 'or' || expr.operator === '||' || expr.operator === '??') {
          if (expr.operator === '??') return left === null ? yield* this.evaluate(task, expr.right, env) : left;
          return this.truthOrUnknown(left) ? left : yield* this.evaluate(task, expr.right, env);
        }
        const right = yield* this.evaluate(task, expr.right, env);
        if (expr.operator === '+') this.allocateSum(left, right);
        return binary(expr.operator, left, right);
      }
      case 'unary': {
        const operand = yield* this.evaluate(task, expr.operand, env);
        if (expr.operator === 'str') return isUnknown(operand) ? `{${(operand as { text: string }).text}}` : typeof operand === 'object' && operand !== null ? '…' : String(operand);
        if (isUnknown(operand)) return operand;
        if (expr.operator === 'not' || expr.operator === '!') return !this.truth(operand, 0);
        if (expr.operator === '-' && typeof operand === 'number') return -operand;
        return operand;
      }
      case 'conditional': {
        const condition = yield* this.evaluate(task, expr.condition, env);
        return yield* this.evaluate(task, this.truth(condition, 0) ? expr.then : expr.otherwise, env);
      }
      case 'function': return { t: 'function', fn: expr.fn, closure: env };
      case 'new': {
        const callee = yield* this.evaluate(task, expr.callee, env);
        const args: Value[] = [];
        for (const arg of expr.args) args.push(yield* this.evaluate(task, arg, env));
        if (isObject(callee) && callee.t === 'class') return yield* this.construct(task, callee, args, expr);
        return { t: 'unknown', text: shorten(expr.text), line: expr.line };
      }
      case 'assignExpr': {
        const value = yield* this.evaluate(task, expr.value, env);
        env.assign(expr.name, value);
        return value;
      }
      case 'await': return yield* this.awaitValue(task, yield* this.evaluate(task, expr.value, env), expr.text, expr.line);
      case 'call': return yield* this.call(task, expr, env);
      case 'builtin': return yield* this.builtin(task, expr, env);
      case 'io': return this.ioCall(expr.text, expr.line, undefined);
    }
  }

  /**
   * What `left + right` creates when both are lists (a new list as long as both) or strings: JavaScript joins
   * strings without copying them, so what grows is the shorter one's length (`s + s` doubles, `s + "x"` adds one).
   */
  private allocateSum(left: Value, right: Value): void {
    if (typeof left === 'string' && typeof right === 'string') this.budget.allocate(Math.min(left.length, right.length));
    else if (isObject(left) && left.t === 'list' && isObject(right) && right.t === 'list') this.budget.allocate(left.items.length + right.items.length);
  }

  private truthOrUnknown(value: Value): boolean {
    return isUnknown(value) ? false : this.truth(value, 0);
  }

  private ioCall(text: string, line: Line, signal: number | undefined): Extract<Value, { t: 'coroutine' }> {
    const label = shorten(text);
    const createdAt = this.now;
    return {
      t: 'coroutine', label, line, ownTask: false, createdAt,
      run: function* (this: Simulation, task: SimTask, site?: Site): Generator<Effect, Value, Resumption> {
        this.assume(`${label}: I/O of unknown duration, ${formatSeconds(this.options.defaultLatency)} assumed.`, line);
        const shown = site ?? { label, line };
        const latency = this.remaining(this.options.defaultLatency, createdAt);
        if (signal !== undefined && signal - this.now < latency) {
          // An AbortSignal.timeout ends the call at its deadline with a TimeoutError.
          const outcome = yield this.sleep(Math.max(0, signal - this.now), shown.label, shown.line, 'running');
          if ('error' in outcome) throw outcome.error;
          const span = this.lastSpanOf(task, shown.line, s => s.end === this.now);
          if (span) span.state = 'cancelled';
          throw new SimError('TimeoutError', line);
        }
        const outcome = yield this.sleep(latency, shown.label, shown.line);
        if ('error' in outcome) throw outcome.error;
        return { t: 'unknown', text: `result of ${label}`, line };
      }.bind(this),
    };
  }

  /** `await value`: runs a coroutine (its own task when it is a function of the file), or waits for a task. */
  private *awaitValue(task: SimTask, value: Value, text: string, line: Line): Generator<Effect, Value, Resumption> {
    if (isObject(value)) {
      if (value.t === 'coroutine') {
        if (value.ownTask) {
          const child = this.startCoroutine(value, task);
          return yield* this.join(child, text, line);
        }
        if (this.program.language === 'javascript' && value.createdAt < this.now) {
          // A JS promise started earlier and awaited now: it has been running since it was created.
          const child = this.startCoroutine(value, task);
          return yield* this.join(child, text, line);
        }
        return yield* value.run(task, { label: shorten(text.replace(/^await\s+/, '')), line });
      }
      if (value.t === 'task') return yield* this.join(value.task, text, line);
      if (value.t === 'list' || value.t === 'semaphore' || value.t === 'queue' || value.t === 'function' || value.t === 'object') return value;
    }
    if (value === null || typeof value !== 'object') return value;
    // Awaiting something the model cannot see into: time it as I/O.
    return yield* this.ioCall(text.replace(/^await\s+/, ''), line, undefined).run(task);
  }

  private *join(child: SimTask, text: string, line: Line): Generator<Effect, Value, Resumption> {
    if (!child.done) {
      const outcome = yield this.awaitTask(child, shorten(text), line);
      if ('error' in outcome) throw outcome.error;
      return outcome.value;
    }
    const result = child.result!;
    if ('error' in result) throw result.error;
    return result.value;
  }

  /** Makes a running task of a coroutine, an I/O call, or a task; JS promises created earlier keep their start. */
  private startCoroutine(value: Value, parent: SimTask): SimTask {
    if (isObject(value) && value.t === 'task') return value.task;
    if (isObject(value) && value.t === 'coroutine' && value.sleep) return this.sleepTask(value, value.sleep, parent);
    if (isObject(value) && value.t === 'coroutine') {
      // A timer that only rejects (the timeout side of a race) is no work of its own: no row.
      const child = this.spawn(value.label, value.line, parent, t => value.run(t), { depth: parent.depth + 1, callChain: parent.callChain }, value.timeoutOnly === true);
      if (this.program.language === 'javascript' && value.createdAt < this.now) child.startAt = value.createdAt;
      return child;
    }
    // A plain value (or something unknown) wrapped as an already finished task.
    const done = this.spawn('value', 0, parent, undefined, { depth: parent.depth, callChain: parent.callChain }, true);
    this.finish(done, { value });
    return done;
  }

  /**
   * A task that only sleeps (each element of `gather(*[asyncio.sleep(1) ...])`, a timer promise): its span and its
   * end are known at once, so it runs without a generator, one event, and can still be cancelled.
   */
  private sleepTask(value: Extract<Value, { t: 'coroutine' }>, sleep: Sleep, parent: SimTask): SimTask {
    const hidden = value.timeoutOnly === true;
    const task = this.spawn(value.label, value.line, parent, undefined, { depth: parent.depth + 1, callChain: parent.callChain }, hidden);
    const start = this.program.language === 'javascript' ? Math.min(value.createdAt, this.now) : this.now;
    const end = Math.max(this.now, start + sleep.seconds);
    const span: TimelineSpan | undefined = hidden ? undefined : { task: task.id, label: value.label, start, end: start, state: 'running', line: value.line };
    if (span) this.record(span);
    const event: Event = {
      time: end, order: this.order++, handle: { cancelled: false },
      run: () => {
        task.pending = undefined;
        if (span) span.end = this.now;
        this.finish(task, sleep.rejects ? { error: new SimError('TimeoutError', value.line) } : { value: sleep.result });
      },
    };
    this.pushEvent(event);
    task.pending = { effect: { state: 'running', label: value.label, line: value.line }, span, undo: () => { event.handle.cancelled = true; } };
    return task;
  }

  /** When work of `seconds` started by a value created at `createdAt` ends, from now: JS promises run from creation. */
  private remaining(seconds: number, createdAt: number): number {
    return this.program.language === 'javascript' ? Math.max(0, createdAt + seconds - this.now) : seconds;
  }

  private *call(task: SimTask, expr: Extract<Expr, { kind: 'call' }>, env: Env): Generator<Effect, Value, Resumption> {
    const callee = yield* this.evaluate(task, expr.callee, env);
    const args: Value[] = [];
    for (const arg of expr.args) {
      if (arg.kind === 'spread') this.append(args, this.itemsOf(yield* this.evaluate(task, arg.value, env), expr.line));
      else args.push(yield* this.evaluate(task, arg, env));
    }
    const keywords: Record<string, Value> = {};
    for (const [key, value] of Object.entries(expr.keywords)) keywords[key] = yield* this.evaluate(task, value, env);
    if (isObject(callee) && callee.t === 'function') return yield* this.callValue(task, callee, args, expr, keywords);
    if (isObject(callee) && callee.t === 'class') return yield* this.construct(task, callee, args, expr);
    if (isObject(callee) && callee.t === 'resolver') {
      if (!callee.task.done) this.finish(callee.task, callee.rejects ? { error: new SimError('Error', expr.line) } : { value: args[0] ?? null });
      return null;
    }
    if (isObject(callee) && callee.t === 'method') return yield* this.method(task, callee.receiver, callee.name, args, expr);
    if (isObject(callee) && callee.t === 'semaphore' && callee.limiter) return this.limited(task, callee.semaphore, args, expr);
    // Something we cannot follow: I/O when awaited (or when JS gathers it), nothing otherwise.
    let deadline: number | undefined;
    for (const arg of args) {
      const signal = isObject(arg) && arg.t === 'object' ? arg.properties.get('signal') : undefined;
      if (signal !== undefined && isObject(signal) && signal.t === 'signal') deadline = signal.deadline;
    }
    return this.ioCall(expr.text, expr.line, deadline);
  }

  /** Calls a function value: async functions become coroutines (Python) or started tasks (JS); others run inline. */
  private *callValue(task: SimTask, callee: Extract<Value, { t: 'function' }>, args: Value[], expr: { line: Line; text: string; args?: Expr[] }, keywords: Record<string, Value> = {}): Generator<Effect, Value, Resumption> {
    const { fn } = callee;
    const shownArgs = fn.params.some(p => p.rest) ? args : args.slice(0, fn.params.length);
    const label = `${fn.name === 'lambda' || fn.name === '' ? shorten(expr.text) : fn.name}(${shownArgs.map((a, i) => formatArg(a, expr.args?.[i])).join(', ')})`;
    const recursive = task.callChain.includes(fn.name) && fn.name !== 'lambda' && fn.name !== '';
    if (task.depth >= this.options.maxCallDepth || recursive) {
      this.assume(recursive ? `Recursive call to ${fn.name} not followed: timed as I/O.` : `Calls deeper than ${this.options.maxCallDepth} levels not followed: timed as I/O.`, expr.line);
      return this.ioCall(expr.text, expr.line, undefined);
    }
    if (fn.isAsync) {
      const coroutine: Value = {
        t: 'coroutine', label, line: expr.line, ownTask: true, createdAt: this.now,
        run: (child: SimTask) => this.runAsyncFunction(child, callee, args, expr.line, keywords),
      };
      // JS: calling an async function starts it at once; Python: a coroutine starts when awaited or scheduled.
      if (this.program.language === 'javascript') return { t: 'task', task: this.startCoroutine(coroutine, task) };
      return coroutine;
    }
    // A synchronous function runs in the caller's task: only its call chain and depth differ meanwhile.
    const saved = { callChain: task.callChain, depth: task.depth };
    task.callChain = [...task.callChain, fn.name];
    task.depth++;
    try {
      return yield* this.callFunction(task, callee, args, keywords, false);
    } finally {
      task.callChain = saved.callChain;
      task.depth = saved.depth;
    }
  }

  /** `new C(...)` / Python's `C(...)`: an object with the class's fields, then its constructor or `__init__`. */
  private *construct(task: SimTask, callee: Extract<Value, { t: 'class' }>, args: Value[], expr: { line: Line; text: string }): Generator<Effect, Value, Resumption> {
    const object: Value = { t: 'object', properties: new Map(), cls: callee.cls, closure: callee.closure };
    const scope = new Env(callee.closure);
    scope.declare('this', object);
    for (const { name, value } of callee.cls.fields) object.properties.set(name, yield* this.evaluate(task, value, scope));
    const constructor = callee.cls.methods.get(this.program.language === 'python' ? '__init__' : 'constructor');
    if (constructor) yield* this.callValue(task, { t: 'function', fn: constructor, closure: callee.closure, self: object }, args, expr);
    return object;
  }

  private *runAsyncFunction(task: SimTask, callee: { fn: FunctionModel; closure: Env; self?: Value }, args: Value[], line: Line, keywords: Record<string, Value> = {}): Generator<Effect, Value, Resumption> {
    const result = yield* this.callFunction(task, callee, args, keywords);
    // An async function that returns a promise settles with it (JS); Python returns a coroutine as a plain value.
    if (this.program.language === 'javascript' && isObject(result) && (result.t === 'task' || result.t === 'coroutine')) {
      return yield* this.awaitValue(task, result, `return ${result.t === 'task' ? result.task.label : result.label}`, line);
    }
    return result;
  }

  private *callFunction(task: SimTask, callee: { fn: FunctionModel; closure: Env; self?: Value }, args: Value[], keywords: Record<string, Value> = {}, ownChain = true): Generator<Effect, Value, Resumption> {
    const { fn } = callee;
    if (ownChain) task.callChain = [...task.callChain, fn.name];
    const env = new Env(callee.closure);
    const self = callee.self;
    if (self !== undefined) {
      if (this.program.language === 'python') args = [self, ...args];
      else env.declare('this', self);
    }
    for (let i = 0; i < fn.params.length; i++) {
      const param = fn.params[i];
      if (param.rest) { env.declare(param.name, { t: 'list', items: this.copied(args.slice(i)) }); break; }
      // null (None) is an argument like any other: only a missing one takes the default.
      let value: Value | undefined = i < args.length ? args[i] : keywords[param.name];
      if (value === undefined && param.default) value = yield* this.evaluate(task, param.default, env);
      env.declare(param.name, value === undefined ? { t: 'unknown', text: param.name, line: fn.line } : value);
    }
    try {
      yield* this.block(task, fn.body, env);
    } catch (signal) {
      if (signal instanceof ReturnSignal) return signal.value;
      throw signal;
    }
    return null;
  }

  /** `limit(() => work())` with p-limit: a task that waits for a permit, runs the function, and gives the permit back. */
  private limited(parent: SimTask, semaphore: Semaphore, args: Value[], expr: { line: Line; text: string }): Value {
    const [fn, ...rest] = args;
    const label = shorten(expr.text);
    const child = this.spawn(label, expr.line, parent, function* (this: Simulation, t: SimTask): Generator<Effect, Value, Resumption> {
      yield* this.acquire(semaphore, label, expr.line);
      try {
        const result = isObject(fn) && fn.t === 'function' ? yield* this.callValue(t, fn, rest, expr) : fn;
        return yield* this.awaitValue(t, result, label, expr.line);
      } finally {
        this.release(semaphore);
      }
    }.bind(this), { depth: parent.depth + 1, callChain: parent.callChain });
    semaphore.tasks.push(child);
    return { t: 'task', task: child };
  }

  private *method(task: SimTask, receiver: Value, name: string, args: Value[], expr: Extract<Expr, { kind: 'call' }>): Generator<Effect, Value, Resumption> {
    const line = expr.line;
    if (isObject(receiver) && receiver.t === 'semaphore') {
      const semaphore = receiver.semaphore;
      if (name === 'acquire') return this.operation(`${exprText(expr.callee)}()`, line, () => this.acquire(semaphore, `${exprText(expr.callee)}()`, line));
      if (name === 'release') { this.release(semaphore); return null; }
      if (name === 'locked') return semaphore.permits === 0;
      if (receiver.limiter && name === 'add') return this.limited(task, semaphore, args, expr);
      if (receiver.limiter && name === 'addAll') {
        const functions = this.itemsOf(args[0] ?? null, line);
        this.budget.allocate(functions.length);
        return { t: 'list', items: functions.map(fn => this.limited(task, semaphore, [fn], expr)) };
      }
      if (receiver.limiter && (name === 'onIdle' || name === 'onEmpty')) {
        const label = `${exprText(expr.callee)}()`;
        return this.operation(label, line, function* (this: Simulation) {
          for (;;) {
            const open = semaphore.tasks.filter(t => !t.done);
            if (open.length === 0) return;
            yield this.awaitAny(open, label, line);
          }
        }.bind(this));
      }
    }
    if (isObject(receiver) && receiver.t === 'queue') return yield* this.queueMethod(receiver.queue, name, args, expr);
    if (isObject(receiver) && receiver.t === 'taskGroup' && name === 'create_task') {
      const child = this.startCoroutine(args[0], task);
      receiver.tasks.push(child);
      return { t: 'task', task: child };
    }
    if (isObject(receiver) && receiver.t === 'task') {
      if (name === 'cancel') { this.cancel(receiver.task); return true; }
      if (name === 'done') return receiver.task.done;
      // `.then(f)`, `.catch(f)`, `.finally(f)` keep the promise's timing; the callbacks take no time of their own.
      if (name === 'then' || name === 'catch' || name === 'finally') return receiver;
    }
    if (isObject(receiver) && receiver.t === 'coroutine' && (name === 'then' || name === 'catch' || name === 'finally')) {
      return { t: 'task', task: this.startCoroutine(receiver, task) };
    }
    if (isObject(receiver) && receiver.t === 'list') {
      if (name === 'append' || name === 'push') { this.append(receiver.items, args); return receiver.items.length; }
      if (name === 'pop') return receiver.items.pop() ?? null;
      if (name === 'shift') return receiver.items.shift() ?? null;
      if (name === 'slice') {
        const [start, end] = args;
        return { t: 'list', items: this.copied(receiver.items.slice(typeof start === 'number' ? start : 0, typeof end === 'number' ? end : undefined)) };
      }
      if (name === 'map' || name === 'forEach' || name === 'flatMap') {
        const [fn] = args;
        const results: Value[] = [];
        for (let i = 0; i < receiver.items.length; i++) {
          this.budget.step();
          this.budget.allocate(1);
          results.push(isObject(fn) && fn.t === 'function' ? yield* this.callValue(task, fn, [receiver.items[i], i], expr) : { t: 'unknown', text: expr.text, line });
        }
        return name === 'forEach' ? null : { t: 'list', items: results };
      }
      if (name === 'values' || name === Symbol.iterator.toString()) return { t: 'iterator', items: this.copied(receiver.items), position: 0 };
      if (name === 'entries') return { t: 'iterator', items: this.pairsOf(receiver.items), position: 0 };
      if (name === 'keys') return { t: 'list', items: this.copied(receiver.items).map((_, i) => i) };
      if (name === 'filter' || name === 'concat' || name === 'reverse' || name === 'sort' || name === 'copy') return { t: 'list', items: this.copied(receiver.items) };
    }
    if (isObject(receiver) && receiver.t === 'iterator' && name === 'next') {
      const done = receiver.position >= receiver.items.length;
      return { t: 'object', properties: new Map<string, Value>([['done', done], ['value', done ? null : receiver.items[receiver.position++]]]) };
    }
    return this.ioCall(expr.text, line, undefined);
  }

  /** Work done when awaited, in the awaiting task (a queue's `get`, a semaphore's `acquire`). */
  private operation(label: string, line: Line, run: (task: SimTask) => Generator<Effect, unknown, Resumption>): Value {
    return {
      t: 'coroutine', label, line, ownTask: false, createdAt: this.now,
      run: function* (t: SimTask): Generator<Effect, Value, Resumption> {
        const result = yield* run(t);
        return (result ?? null) as Value;
      },
    };
  }

  private *queueMethod(queue: Queue, name: string, args: Value[], expr: Extract<Expr, { kind: 'call' }>): Generator<Effect, Value, Resumption> {
    const line = expr.line;
    const label = `${exprText(expr.callee)}()`;
    const put = (item: Value) => {
      queue.items.push(item);
      queue.unfinished++;
      queue.getters.shift()?.();
    };
    const take = (): Value => {
      const item = queue.items.shift()!;
      queue.putters.shift()?.();
      return item;
    };
    switch (name) {
      case 'put': return this.operation(label, line, function* (this: Simulation) {
        while (queue.maxsize > 0 && queue.items.length >= queue.maxsize) yield* this.waitIn(queue.putters, 'blocked', `${label}: queue full`, line);
        put(args[0] ?? null);
      }.bind(this));
      case 'put_nowait':
        if (queue.maxsize > 0 && queue.items.length >= queue.maxsize) throw new SimError('QueueFull', line);
        put(args[0] ?? null);
        return null;
      case 'get': return this.operation(label, line, function* (this: Simulation) {
        while (queue.items.length === 0) yield* this.waitIn(queue.getters, 'blocked', `${label}: queue empty`, line);
        return take();
      }.bind(this));
      case 'get_nowait':
        if (queue.items.length === 0) throw new SimError('QueueEmpty', line);
        return take();
      case 'task_done':
        if (queue.unfinished <= 0) throw new SimError('ValueError', line);
        if (--queue.unfinished === 0) for (const joiner of queue.joiners.splice(0)) joiner();
        return null;
      case 'join': return this.operation(label, line, function* (this: Simulation) {
        if (queue.unfinished > 0) yield* this.waitIn(queue.joiners, 'blocked', `${label}: waiting for task_done()`, line);
      }.bind(this));
      case 'qsize': return queue.items.length;
      case 'empty': return queue.items.length === 0;
      case 'full': return queue.maxsize > 0 && queue.items.length >= queue.maxsize;
    }
    return null;
  }

  private *builtin(task: SimTask, expr: Extract<Expr, { kind: 'builtin' }>, env: Env): Generator<Effect, Value, Resumption> {
    const args: Value[] = [];
    for (const arg of expr.args) {
      if (arg.kind === 'spread') this.append(args, this.itemsOf(yield* this.evaluate(task, arg.value, env), expr.line));
      else args.push(yield* this.evaluate(task, arg, env));
    }
    const keywords: Record<string, Value> = {};
    for (const key in expr.keywords) keywords[key] = yield* this.evaluate(task, expr.keywords[key], env);
    const line = expr.line;
    const label = shorten(expr.text);
    switch (expr.builtin as Builtin) {
      case 'sleep': {
        const amount = args[0] ?? keywords.delay ?? 0;
        const seconds = typeof amount === 'number' ? amount * this.program.timeUnit : this.unknownDuration(label, line);
        const rejects = keywords.rejects === true;
        const createdAt = this.now;
        return {
          t: 'coroutine', label, line, ownTask: false, createdAt, timeoutOnly: rejects,
          sleep: { seconds, rejects, result: args[1] ?? null },
          run: function* (this: Simulation, _task: SimTask, site?: Site): Generator<Effect, Value, Resumption> {
            const shown = site ?? { label, line };
            const outcome = yield this.sleep(this.remaining(seconds, createdAt), shown.label, shown.line);
            if ('error' in outcome) throw outcome.error;
            if (rejects) throw new SimError('TimeoutError', line);
            return args[1] ?? null;
          }.bind(this),
        };
      }
      case 'gather': case 'all': case 'allSettled': case 'any': case 'race': {
        const items = expr.builtin === 'gather' ? args : this.itemsOf(args[0] ?? null, line);
        const children = items.map(item => this.startCoroutine(item, task));
        const mode = expr.builtin === 'gather' ? (keywords.return_exceptions === true ? 'allSettled' : 'all') : expr.builtin;
        const combined = this.combine(task, children, mode, expr.builtin === 'gather' && keywords.return_exceptions === true, label, line);
        return { t: 'task', task: combined };
      }
      case 'wait': {
        const children = this.itemsOf(args[0] ?? null, line).map(item => this.startCoroutine(item, task));
        const timeout = args[1] ?? keywords.timeout ?? null;
        const mode = keywords.return_when ?? 'ALL_COMPLETED';
        const deadline = typeof timeout === 'number' ? this.now + timeout : undefined;
        return this.operation(label, line, function* (this: Simulation) {
          const holds = () => {
            const done = children.filter(c => c.done);
            if (mode === 'FIRST_COMPLETED') return done.length > 0;
            if (mode === 'FIRST_EXCEPTION' && done.some(c => 'error' in c.result!)) return true;
            return done.length === children.length;
          };
          while (!holds() && (deadline === undefined || this.now < deadline)) {
            yield this.awaitAnyUntil(children.filter(c => !c.done), deadline, label, line);
          }
          const asList = (tasks: SimTask[]): Value => ({ t: 'list', items: tasks.map(c => ({ t: 'task', task: c }) as Value) });
          return { t: 'list', items: [asList(children.filter(c => c.done)), asList(children.filter(c => !c.done))] };
        }.bind(this));
      }
      case 'createTask': return { t: 'task', task: this.startCoroutine(args[0] ?? null, task) };
      case 'taskGroup': return { t: 'taskGroup', tasks: [] };
      case 'asCompleted': {
        const children = this.itemsOf(args[0] ?? null, line).map(item => this.startCoroutine(item, task));
        const completed: SimTask[] = [];
        for (const child of children) child.onDone.push(() => completed.push(child));
        // Iterating gives one awaitable per task; the k-th resolves with the k-th task to finish.
        return {
          t: 'list', items: children.map((_, k) => this.operation(label, line, function* (this: Simulation) {
            while (completed.length <= k) yield this.awaitAny(children.filter(c => !c.done), label, line);
            const result = completed[k].result!;
            if ('error' in result) throw result.error;
            return result.value;
          }.bind(this))),
        };
      }
      case 'waitFor': {
        const inner = args[0] ?? null;
        const timeout = args[1] ?? keywords.timeout ?? null;
        return this.operation(label, line, function* (this: Simulation, t: SimTask) {
          const child = this.startCoroutine(inner, t);
          if (typeof timeout !== 'number') return yield* this.join(child, label, line);
          const result = yield* this.awaitWithDeadline(t, child, timeout, label, line);
          return result;
        }.bind(this));
      }
      case 'timeoutBlock': {
        const seconds = args[0] ?? keywords.delay;
        if (typeof seconds === 'number') return { t: 'timeout', seconds };
        return null;
      }
      case 'semaphore': case 'pLimit': {
        const requested = args[0] ?? keywords.value ?? keywords.concurrency ?? 1;
        const permits = this.limitOf(typeof requested === 'number' ? requested : this.options.itemCount, line);
        return { t: 'semaphore', semaphore: { permits, waiters: [], tasks: [] }, limiter: expr.builtin === 'pLimit' };
      }
      case 'pMap': {
        const [iterable, mapper, options] = args;
        const concurrencyValue = isObject(options) && options.t === 'object' ? options.properties.get('concurrency') : undefined;
        const concurrency = this.limitOf(typeof concurrencyValue === 'number' ? concurrencyValue : Infinity, line);
        const items = this.itemsOf(iterable ?? null, line);
        return { t: 'task', task: this.mapWithLimit(task, items, mapper ?? null, concurrency, { line, text: expr.text }) };
      }
      case 'queue': {
        const maxsize = args[0] ?? keywords.maxsize ?? 0;
        return { t: 'queue', queue: { items: [], maxsize: typeof maxsize === 'number' ? maxsize : 0, getters: [], putters: [], unfinished: 0, joiners: [] } };
      }
      case 'abortTimeout': {
        const amount = args[0];
        return typeof amount === 'number' ? { t: 'signal', deadline: this.now + amount * this.program.timeUnit } : null;
      }
      case 'length': {
        const value = args[0];
        if (isObject(value) && value.t === 'list') return value.items.length;
        if (typeof value === 'string') return value.length;
        return { t: 'unknown', text: label, line };
      }
      case 'resolve': return args[0] ?? null;
      case 'iterator': return { t: 'iterator', items: this.itemsOf(args[0] ?? null, line), position: 0 };
      case 'enumerate': return { t: 'list', items: this.pairsOf(this.itemsOf(args[0] ?? null, line)) };
      case 'deferred': {
        const [executor] = args;
        const deferred = this.spawn(label, line, task, undefined, { depth: task.depth, callChain: task.callChain }, true);
        if (isObject(executor) && executor.t === 'function') {
          // The executor runs at once, in the caller; it may store resolve for later (a hand-written queue).
          yield* this.callValue(task, executor, [{ t: 'resolver', task: deferred, rejects: false }, { t: 'resolver', task: deferred, rejects: true }], expr);
        }
        return { t: 'task', task: deferred };
      }
      case 'setTimeout': {
        const [callback, delay] = args;
        const handle = this.schedule(typeof delay === 'number' ? delay * this.program.timeUnit : 0, () => {
          if (isObject(callback) && callback.t === 'function') {
            this.spawn('timer callback', line, task, t => this.callValue(t, callback, [], expr), { depth: task.depth, callChain: task.callChain }, true);
          } else if (isObject(callback) && callback.t === 'resolver' && !callback.task.done) {
            this.finish(callback.task, callback.rejects ? { error: new SimError('Error', line) } : { value: null });
          }
        });
        return { t: 'timerHandle', handle };
      }
      case 'clearTimeout': {
        const [timer] = args;
        if (isObject(timer) && timer.t === 'timerHandle') timer.handle.cancelled = true;
        return null;
      }
    }
    return null;
  }

  private unknownDuration(label: string, line: Line): number {
    this.assume(`${label}: a duration the code does not fix, ${formatSeconds(this.options.defaultLatency)} assumed.`, line);
    return this.options.defaultLatency;
  }

  /** Waits for `child` until `timeout` seconds from now; then cancels it (Python's wait_for) and raises TimeoutError. */
  private *awaitWithDeadline(task: SimTask, child: SimTask, timeout: number, label: string, line: Line): Generator<Effect, Value, Resumption> {
    let expired = false;
    try {
      // An error outcome is thrown into the generator at this yield (see step()).
      const outcome = yield {
        state: 'awaiting', label, line,
        register: resume => {
          const onDone = () => { timer.cancelled = true; resume(child.result!); };
          const timer = this.schedule(timeout, () => {
            expired = true;
            const i = child.onDone.indexOf(onDone);
            if (i >= 0) child.onDone.splice(i, 1);
            this.cancel(child);
            resume({ error: new SimError('TimeoutError', line) });
          });
          if (child.done) onDone(); else child.onDone.push(onDone);
          return () => { timer.cancelled = true; const i = child.onDone.indexOf(onDone); if (i >= 0) child.onDone.splice(i, 1); };
        },
        onCancel: () => this.cancel(child),
      };
      if ('error' in outcome) throw outcome.error;
      return outcome.value;
    } finally {
      if (expired) {
        const span = this.lastSpanOf(task, line);
        if (span) span.state = 'timedOut';
      }
    }
  }

  /** Waits for any of `tasks` to finish, or until `deadline` (seconds on the clock) if there is one. */
  private awaitAnyUntil(tasks: SimTask[], deadline: number | undefined, label: string, line: Line): Effect {
    if (deadline === undefined) return this.awaitAny(tasks, label, line);
    const any = this.awaitAny(tasks, label, line);
    return {
      state: 'awaiting', label, line,
      register: resume => {
        // Whichever comes first undoes the other, so a timer left behind never moves the clock.
        const settle = (outcome: Resumption) => { undo(); resume(outcome); };
        const undoAny = any.register!(settle);
        const timer = this.schedule(deadline - this.now, () => settle(resumed));
        const undo = () => { undoAny(); timer.cancelled = true; };
        return undo;
      },
    };
  }

  private awaitAny(tasks: SimTask[], label: string, line: Line): Effect {
    return {
      state: 'awaiting', label, line,
      register: resume => {
        const callback = () => resume({ value: null });
        if (tasks.length === 0 || tasks.some(t => t.done)) { callback(); return () => {}; }
        for (const t of tasks) t.onDone.push(callback);
        return () => { for (const t of tasks) { const i = t.onDone.indexOf(callback); if (i >= 0) t.onDone.splice(i, 1); } };
      },
    };
  }

  /** A hidden task that settles as gather / Promise.all / allSettled / any / race over `children`. */
  private combine(parent: SimTask, children: SimTask[], mode: string, returnExceptions: boolean, label: string, line: Line): SimTask {
    const combined = this.spawn(label, line, parent, undefined, { depth: parent.depth, callChain: parent.callChain }, true);
    // Counted as children finish, in completion order (the first to finish decides a race): O(1) per child.
    let doneCount = 0;
    let firstDone: SimTask | undefined;
    let firstFailed: SimTask | undefined;
    let firstFulfilled: SimTask | undefined;
    const settle = () => {
      if (combined.done) return;
      if (mode === 'race' && firstDone) return this.finish(combined, firstDone.result!);
      if (mode === 'any') {
        if (firstFulfilled) return this.finish(combined, firstFulfilled.result!);
        if (doneCount === children.length) return this.finish(combined, { error: new SimError('AggregateError', line) });
        return;
      }
      if (mode === 'all' && firstFailed) return this.finish(combined, firstFailed.result!);
      if (doneCount === children.length) {
        const items = children.map(c => {
          const r = c.result!;
          if ('value' in r) return returnExceptions || mode !== 'allSettled' ? r.value : ({ t: 'object', properties: new Map<string, Value>([['status', 'fulfilled'], ['value', r.value]]) } as Value);
          return returnExceptions ? ({ t: 'unknown', text: r.error.name, line } as Value) : ({ t: 'object', properties: new Map<string, Value>([['status', 'rejected']]) } as Value);
        });
        this.finish(combined, { value: { t: 'list', items } });
      }
    };
    const record = (child: SimTask) => {
      doneCount++;
      firstDone ??= child;
      if ('error' in child.result!) firstFailed ??= child;
      else firstFulfilled ??= child;
    };
    for (const child of children) {
      if (child.done) record(child);
      else child.onDone.push(() => { record(child); settle(); });
    }
    if (children.length === 0) this.finish(combined, { value: { t: 'list', items: [] } });
    else settle();
    combinedChildren.set(combined, children);
    return combined;
  }

  /** p-map: at most `concurrency` calls of `mapper` at once, started in order as earlier ones finish. */
  private mapWithLimit(parent: SimTask, items: Value[], mapper: Value, concurrency: number, expr: { line: Line; text: string }): SimTask {
    const label = shorten(expr.text);
    return this.spawn(label, expr.line, parent, function* (this: Simulation): Generator<Effect, Value, Resumption> {
      const results: Value[] = new Array(items.length).fill(null);
      const running: Array<{ task: SimTask; index: number }> = [];
      let next = 0;
      while (next < items.length || running.length > 0) {
        while (next < items.length && running.length < concurrency) {
          const index = next++;
          const started = isObject(mapper) && mapper.t === 'function' ? yield* this.callValue(parent, mapper, [items[index], index], expr) : this.ioCall(expr.text, expr.line, undefined);
          running.push({ task: this.startCoroutine(started, parent), index });
        }
        yield this.awaitAny(running.map(r => r.task), label, expr.line);
        for (let i = running.length - 1; i >= 0; i--) {
          const { task, index } = running[i];
          if (!task.done) continue;
          running.splice(i, 1);
          if ('error' in task.result!) throw task.result.error;
          results[index] = task.result!.value;
        }
      }
      return { t: 'list', items: results };
    }.bind(this), { depth: parent.depth + 1, callChain: parent.callChain }, true);
  }

  // -- the result ------------------------------------------------------------------------------------------------

  private timeline(fn: FunctionModel, root: SimTask, finishedAt: number | undefined): Timeline {
    const visible = this.tasks.filter(t => !t.hidden);
    const spans = mergeAdjacent(this.spans.filter(s => s.end > s.start)).sort((a, b) => a.start - b.start || a.task - b.task);
    const work = spans.filter(s => s.state === 'running' || s.state === 'cancelled');
    const concurrency = concurrencySteps(work);
    const peakConcurrency = concurrency.reduce((peak, step) => Math.max(peak, step.count), 0);
    const sequentialTime = round(work.reduce((sum, s) => sum + (s.end - s.start), 0));
    const totalTime = round(finishedAt ?? this.now);
    const outcome = finishedAt === undefined ? (this.truncated ? 'truncated' : 'deadlocked') : root.result && 'error' in root.result ? 'raised' : 'returned';
    if (outcome === 'deadlocked' && !this.truncated) {
      const stuck = visible.filter(t => !t.done && t.pending).map(t => `${t.label} (${t.pending!.effect.label}, line ${t.pending!.effect.line})`);
      this.note(`${fn.name} never finishes: ${stuck.length > 0 ? `still waiting: ${stuck.slice(0, 5).join('; ')}` : 'nothing is left to run'}.`, fn.line);
    }
    if (outcome === 'raised') this.note(`${fn.name} raises ${(root.result as { error: SimError }).error.name}.`, (root.result as { error: SimError }).error.line);
    if (finishedAt !== undefined) {
      const leftRunning = new Set(work.filter(s => s.end > finishedAt).map(s => s.task));
      if (leftRunning.size > 0) {
        this.note(`${leftRunning.size} task${leftRunning.size === 1 ? ' was' : 's were'} still running when ${fn.name} returned${this.program.language === 'javascript' ? ' (Promise.race and Promise.any do not cancel the others)' : ''}.`, fn.line);
      }
    }
    return {
      function: fn.name,
      language: this.program.language,
      line: fn.line,
      totalTime,
      peakConcurrency,
      sequentialTime,
      speedUp: totalTime > 0 && sequentialTime > 0 ? round(sequentialTime / totalTime) : 1,
      tasks: visible.map(t => ({ id: t.id, label: t.label, parent: this.visibleParent(t), line: t.line }) satisfies TimelineTask),
      spans: spans.map(s => { s.start = round(s.start); s.end = round(s.end); return s; }),
      concurrency,
      assumptions: [...this.assumptions.values()],
      notes: [...this.notes.values()],
      truncated: this.truncated,
      outcome,
      ...(this.truncated && this.budget.exhausted ? { budgetExhausted: this.budget.exhausted } : {}),
    };
  }

  private visibleParent(task: SimTask): number | undefined {
    let parent = task.parent === undefined ? undefined : this.tasks[task.parent];
    while (parent && parent.hidden) parent = parent.parent === undefined ? undefined : this.tasks[parent.parent];
    return parent?.id;
  }
}

const combinedChildren = new WeakMap<SimTask, SimTask[]>();

/** One span where a task waited on the same thing in several steps (a TaskGroup woken by each finished task). */
function mergeAdjacent(spans: TimelineSpan[]): TimelineSpan[] {
  const last = new Map<number, TimelineSpan>();
  const merged: TimelineSpan[] = [];
  for (const span of spans) {
    const previous = last.get(span.task);
    if (previous && previous.end === span.start && previous.label === span.label && previous.line === span.line && previous.state === span.state && span.state !== 'running') {
      previous.end = span.end;
      continue;
    }
    merged.push(span);
    last.set(span.task, span);
  }
  return merged;
}

function before(a: Event, b: Event): boolean {
  return a.time < b.time || (a.time === b.time && a.order < b.order);
}

function isObject(value: Value): value is Exclude<Value, number | string | boolean | null> {
  return typeof value === 'object' && value !== null;
}

function isUnknown(value: Value): boolean {
  return isObject(value) && value.t === 'unknown';
}

function binary(operator: string, left: Value, right: Value): Value {
  if (operator === 'is' || operator === '===' || operator === '==') {
    if (isUnknown(left) || isUnknown(right)) return { t: 'unknown', text: operator, line: 0 };
    return left === right;
  }
  if (operator === 'is not' || operator === '!==' || operator === '!=') {
    if (isUnknown(left) || isUnknown(right)) return { t: 'unknown', text: operator, line: 0 };
    return left !== right;
  }
  if (typeof left === 'number' && typeof right === 'number') {
    switch (operator) {
      case '+': return left + right;
      case '-': return left - right;
      case '*': return left * right;
      case '/': return left / right;
      case '//': return Math.floor(left / right);
      case '%': return left % right;
      case '**': return left ** right;
      case '<': return left < right;
      case '<=': return left <= right;
      case '>': return left > right;
      case '>=': return left >= right;
    }
  }
  if (operator === '+' && typeof left === 'string' && typeof right === 'string') return left + right;
  if (operator === '+' && isObject(left) && left.t === 'list' && isObject(right) && right.t === 'list') return { t: 'list', items: [...left.items, ...right.items] };
  return { t: 'unknown', text: operator, line: 0 };
}

/** Whether an except clause / catch catches the error. CancelledError is only caught by name (or BaseException). */
function catches(names: string[], error: SimError, language: 'python' | 'javascript'): boolean {
  if (language === 'javascript') return error.name !== 'CancelledError';
  if (names.length === 0) return error.name !== 'CancelledError';
  return names.some(name => {
    const last = name.split('.').pop()!;
    if (last === 'BaseException') return true;
    if (error.name === 'CancelledError') return last === 'CancelledError';
    return last === 'Exception' || last === error.name;
  });
}

export function concurrencySteps(work: TimelineSpan[]): Array<{ time: number; count: number }> {
  // Starts and ends sorted apart, then merged: at equal times ends come first, so a task that hands over its permit
  // does not overlap its successor. Typed arrays: no object per change (a fan-out has tens of thousands).
  const starts = Float64Array.from(work, span => span.start).sort();
  const ends = Float64Array.from(work, span => span.end).sort();
  const steps: Array<{ time: number; count: number }> = [];
  let count = 0;
  let i = 0, j = 0;
  while (i < starts.length || j < ends.length) {
    const isEnd = j < ends.length && (i >= starts.length || ends[j] <= starts[i]);
    const time = round(isEnd ? ends[j++] : starts[i++]);
    count += isEnd ? -1 : 1;
    if (steps.length > 0 && steps[steps.length - 1].time === time) steps[steps.length - 1].count = count;
    else steps.push({ time, count });
  }
  return steps;
}

function round(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e6;
}

const shortened = new Map<string, string>();

/** Labels repeat (one per task of a fan-out): computed once per source text. */
function shorten(text: string, max = 60): string {
  if (max === 60) {
    let label = shortened.get(text);
    if (label === undefined) {
      if (shortened.size > 10000) shortened.clear();
      shortened.set(text, (label = shortenText(text, max)));
    }
    return label;
  }
  return shortenText(text, max);
}

function shortenText(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

function formatArg(value: Value, expr: Expr | undefined): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'None';
  if (typeof value === 'string') return shorten(value, 20);
  if (isObject(value) && value.t === 'unknown') return shorten(value.text, 20);
  if (expr?.kind === 'var' && !expr.name.startsWith('__')) return expr.name;
  return '…';
}

/** Source-like text of a model expression, for labels and dotted-name lookups. */
export function exprText(expr: Expr | Pattern): string {
  if (typeof expr === 'string') return expr;
  if (Array.isArray(expr)) return expr.map(exprText).join(', ');
  switch (expr.kind) {
    case 'var': return expr.name;
    case 'member': return `${exprText(expr.object)}.${expr.property}`;
    case 'const': return String(expr.value);
    case 'call': case 'builtin': case 'io': case 'await': return expr.text;
    case 'unknown': return expr.text;
    default: return expr.kind;
  }
}
