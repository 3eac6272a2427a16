/**
 * The simulated event loop: a virtual clock, the timers and callbacks due on it (and JavaScript's microtasks, run
 * before anything else), the tasks it runs, the promises they settle, and what each row of the timeline did as
 * spans. A task is a generator that yields a `Wait` whenever it must wait. Nothing here reads real time, so a
 * simulation gives the same result on every run.
 */
import { Budget } from './budget';
import type { Line } from './model';
import type { SpanState, TimelineSpan } from './timeline';
import { PromiseValue, Resumption, Thrown, Value, Wait } from './values';

/** A row of the timeline: a task, or a call of the file's async function awaited in one. */
export interface Row { id: number; label: string; line: Line; parent?: number }

export interface SimTask {
  id: number;
  /** Where its spans go now (a Python task moves down a row while it awaits a coroutine of the file inline). */
  row: Row;
  generator?: Generator<Wait, Value, Resumption>;
  /** Settles with the task's result. */
  promise: PromiseValue;
  /** The wait in progress, to undo it on cancellation (`resume`: how it ends, for a wait on something). */
  pending?: { wait: Wait; span?: TimelineSpan; undo?: () => void; timer?: TimerHandle; resume?: (outcome: Resumption) => void };
  /** Python: cancellations asked for and not yet delivered or handled (`Task.cancelling()`). */
  cancelRequests: number;
  /** Why it was last cancelled: a deadline's scope, a task group; the scopes read it to tell theirs from others'. */
  cancelReasons: unknown[];
  /** How many calls of async functions deep it runs, and how many frames of any call. */
  depth: number;
  frames: number;
  /** The iteration of each loop running, innermost last; `-1` marks a function's start (see interpreter.ts). */
  loops: number[];
  /** Waits so far for I/O the code does not show (a loop over an unknown source stops, see interpreter.ts). */
  unknownWaits: number;
  /** Waits of any kind so far, and the count when each running loop started (innermost last). */
  waits: number;
  loopWaits: number[];
  /** How many loops it runs whose end the code does not decide: nested in one, another runs once (undecided.ts). */
  undecidedLoops: number;
  /** A cancellation asked for while it ran or was about to: delivered at its next wait or step. */
  cancelPending?: { error: Thrown; timedOutRow?: Row };
}

/**
 * A timer or callback (`run`), a task to resume (`task` with `input`), or a promise to settle (`settles` with
 * `input`: the end of a sleep or an I/O call that is a task of its own): the common cases need no closure.
 */
export interface Event { time: number; order: number; run?: () => void; task?: SimTask; settles?: PromiseValue; input?: Resumption; handle: TimerHandle }

export interface TimerHandle { cancelled: boolean }

/** The callbacks of a promise that has none: shared, and frozen so that nothing can add to it by mistake. */
const noCallbacks = Object.freeze([]) as unknown as PromiseValue['callbacks'];

/** Shared, never mutated: most resumptions carry no value. */
export const resumed: Resumption = { value: undefined };
const live: TimerHandle = { cancelled: false };

export class Scheduler {
  now = 0;
  private order = 0;
  private readonly events: Event[] = [];
  private ready: Event[] = [];
  private readyHead = 0;
  private microtasks: Event[] = [];
  private microtaskHead = 0;
  readonly rows: Row[] = [];
  readonly spans: TimelineSpan[] = [];
  private taskCount = 0;
  /**
   * Tasks with a body started and not finished, for the deadlock note and `releaseOne`. A task without a body (a
   * sleep, an I/O call) is not among them: its timer ends it, so it never waits on something nothing can release.
   */
  readonly live = new Set<SimTask>();

  /** `microtasksFirst`: JavaScript runs every microtask before the next timer; asyncio runs callbacks in order. */
  constructor(private readonly budget: Budget, private readonly microtasksFirst: boolean) {}

  // -- the clock ---------------------------------------------------------------------------------------------------

  schedule(delay: number, run: () => void): TimerHandle {
    const handle = { cancelled: false };
    const event = { time: this.now + Math.max(0, delay), order: this.order++, run, handle };
    if (delay <= 0) this.ready.push(event);
    else this.pushEvent(event);
    return handle;
  }

  /** Runs `run` now, after what is already due now: a microtask in JavaScript, a ready callback in asyncio. */
  soon(run: () => void): void {
    const event = { time: this.now, order: this.order++, run, handle: live };
    if (this.microtasksFirst) this.microtasks.push(event);
    else this.ready.push(event);
  }

  /** Resumes `task` with `input` soon. */
  resume(task: SimTask, input: Resumption): void {
    const event = { time: this.now, order: this.order++, task, input, handle: live };
    if (this.microtasksFirst) this.microtasks.push(event);
    else this.ready.push(event);
  }

  /** The next event: microtasks first (JavaScript), then the older of the ready queue's head and the due timer. */
  nextEvent(): Event | undefined {
    if (this.microtaskHead < this.microtasks.length) {
      const event = this.microtasks[this.microtaskHead++];
      if (this.microtaskHead === this.microtasks.length) { this.microtasks = []; this.microtaskHead = 0; }
      return event;
    }
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

  /** A timer `delay` seconds from now that resumes `task` (a sleep: no closure). */
  timerResuming(task: SimTask, delay: number): TimerHandle {
    const handle = { cancelled: false };
    this.pushEvent({ time: this.now + Math.max(0, delay), order: this.order++, task, input: resumed, handle });
    return handle;
  }

  /** A timer `delay` seconds from now that settles `promise` with `outcome`, and ends the wait of its task. */
  timerSettling(promise: PromiseValue, delay: number, outcome: Resumption): TimerHandle {
    const handle = { cancelled: false };
    this.pushEvent({ time: this.now + Math.max(0, delay), order: this.order++, settles: promise, input: outcome, handle });
    return handle;
  }

  /** Runs a timer's or a callback's event (not a task's). */
  fire(event: Event): void {
    const promise = event.settles;
    if (!promise) return event.run!();
    if (promise.task) promise.task.pending = undefined;
    this.settle(promise, event.input!);
  }

  private pushEvent(event: Event): void {
    // A duration that is no number (0/0) would break the heap's order: it is never, like an infinite one.
    if (event.time !== event.time) event.time = Infinity;
    // Sums of durations in floating point (0.1 + 0.2) meet where the program says they meet, at a nanosecond.
    else if (event.time < 1e15) event.time = Math.round(event.time * 1e9) / 1e9;
    const heap = this.events;
    heap.push(event);
    let i = heap.length - 1;
    // Sifted with a hole rather than swapped pairs: a destructuring swap allocates an array per step.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(event, heap[parent])) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = event;
  }

  private popEvent(): Event {
    const heap = this.events;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1, right = left + 1;
        let smallest = left < heap.length && before(heap[left], last) ? left : -1;
        if (right < heap.length && before(heap[right], smallest < 0 ? last : heap[left])) smallest = right;
        if (smallest < 0) break;
        heap[i] = heap[smallest];
        i = smallest;
      }
      heap[i] = last;
    }
    return top;
  }

  // -- rows and spans ----------------------------------------------------------------------------------------------

  newRow(label: string, line: Line, parent: Row | undefined): Row {
    this.budget.task();
    const row: Row = { id: this.rows.length, label, line, parent: parent?.id };
    this.rows.push(row);
    return row;
  }

  record(span: TimelineSpan): TimelineSpan {
    this.budget.span();
    this.spans.push(span);
    return span;
  }

  openSpan(row: Row, state: SpanState, label: string, line: Line, start = this.now, end = this.now): TimelineSpan {
    return this.record({ task: row.id, label, start, end, state, line });
  }

  // -- promises ----------------------------------------------------------------------------------------------------

  newPromise(label: string, line: Line, kind?: PromiseValue['kind']): PromiseValue {
    this.budget.allocate(1);
    // Every field a promise gets later is here from the start: one shape, no property store added per promise.
    return { t: 'promise', state: 'pending', value: undefined, error: undefined, callbacks: noCallbacks, task: undefined, label, line, kind };
  }

  /** Settles `promise` once (later calls do nothing) and runs what waits on it. */
  settle(promise: PromiseValue, outcome: Resumption): void {
    if (promise.state !== 'pending') return;
    if ('error' in outcome) { promise.state = 'rejected'; promise.error = outcome.error; }
    else { promise.state = 'fulfilled'; promise.value = outcome.value; }
    const callbacks = promise.callbacks;
    promise.callbacks = noCallbacks;
    for (const callback of callbacks) callback(promise);
  }

  /** Calls `callback` when `promise` settles (at once if it has). */
  whenSettled(promise: PromiseValue, callback: (promise: PromiseValue) => void): () => void {
    if (promise.state !== 'pending') {
      callback(promise);
      return () => {};
    }
    // The first callback gets an array of one: most promises have one or two (an array grown by `push` holds 16).
    if (promise.callbacks.length === 0) promise.callbacks = [callback];
    else promise.callbacks.push(callback);
    return () => {
      const i = promise.callbacks.indexOf(callback);
      if (i >= 0) promise.callbacks.splice(i, 1);
    };
  }

  // -- tasks -------------------------------------------------------------------------------------------------------

  /**
   * Starts a task running `body` on `row`. `eager`: it runs now until its first wait (a JavaScript async call);
   * otherwise soon (an asyncio task).
   */
  startTask(row: Row, body: (task: SimTask) => Generator<Wait, Value, Resumption>, eager: boolean, inherit?: SimTask, promise?: PromiseValue): SimTask {
    const task: SimTask = {
      id: this.taskCount++, row, promise: promise ?? this.newPromise(row.label, row.line, 'task'), cancelRequests: 0, cancelReasons: [],
      depth: inherit ? inherit.depth + 1 : 0, frames: inherit ? inherit.frames : 0, loops: [], unknownWaits: 0, waits: 0, loopWaits: [], undecidedLoops: 0,
      generator: undefined, pending: undefined, cancelPending: undefined,
    };
    this.budget.allocate(1);
    task.promise.task = task;
    task.generator = body(task);
    this.live.add(task);
    if (eager) this.step(task, resumed);
    else this.resume(task, resumed);
    return task;
  }

  /** A task with no body of its own that settles when its promise does (a sleep, an I/O call). */
  bodilessTask(row: Row, promise: PromiseValue, inherit?: SimTask): SimTask {
    const task: SimTask = {
      id: this.taskCount++, row, promise, cancelRequests: 0, cancelReasons: [],
      depth: inherit ? inherit.depth + 1 : 0, frames: 0, loops: [], unknownWaits: 0, waits: 0, loopWaits: [], undecidedLoops: 0,
      generator: undefined, pending: undefined, cancelPending: undefined,
    };
    promise.task = task;
    return task;
  }

  step(task: SimTask, input: Resumption): void {
    const generator = task.generator;
    if (!generator || task.promise.state !== 'pending') return;
    const pending = task.pending;
    if (pending) {
      // The end of a wait: a sleep's span ends now (its timer resumed it without a closure).
      if (pending.span) pending.span.end = this.now;
      task.pending = undefined;
    }
    this.budget.step();
    const cancelled = task.cancelPending;
    if (cancelled) {
      task.cancelPending = undefined;
      input = { error: cancelled.error };
    }
    let next: IteratorResult<Wait, Value>;
    try {
      next = 'error' in input ? generator.throw(input.error) : generator.next(input);
    } catch (error) {
      if (error instanceof Thrown) return this.finish(task, { error });
      throw error;
    }
    if (next.done) return this.finish(task, { value: next.value });
    this.wait(task, next.value);
  }

  private finish(task: SimTask, outcome: Resumption): void {
    task.generator = undefined;
    this.live.delete(task);
    this.settle(task.promise, outcome);
  }

  private wait(task: SimTask, wait: Wait): void {
    const cancelled = task.cancelPending;
    if (cancelled) {
      // Cancelled while it ran: the wait it starts is cut at once.
      task.cancelPending = undefined;
      wait.onCancel?.();
      this.resume(task, { error: cancelled.error });
      return;
    }
    const span = wait.state === 'awaiting' && wait.label === '' ? undefined : this.openSpan(task.row, wait.state, wait.label, wait.line);
    if (wait.unknownWork || wait.promise?.unknownWork) task.unknownWaits++;
    if (span) task.waits++;
    if (wait.seconds !== undefined) {
      task.pending = { wait, span, timer: this.timerResuming(task, wait.seconds) };
      return;
    }
    let resumedAlready = false;
    const resume = (outcome: Resumption) => {
      if (resumedAlready) return;
      resumedAlready = true;
      if (task.pending?.wait === wait) {
        if (span) span.end = this.now;
        task.pending = undefined;
      }
      this.resume(task, outcome);
    };
    task.pending = { wait, span, resume };
    const undo = wait.promise
      ? this.whenSettled(wait.promise, settled => resume(settled.state === 'rejected' ? { error: settled.error! } : { value: settled.value }))
      : wait.register!(resume);
    if (!resumedAlready) task.pending.undo = undo;
  }

  /**
   * Releases the earliest task waiting on something (not a timer) `delay` from now, as code the simulation cannot
   * see would: its wait ends with an unknown value. Returns it, or undefined when no task waits so.
   */
  releaseOne(delay: number, valueOf: (value: Value) => Value): { task: SimTask; wait: Wait } | undefined {
    const waiting = [...this.live].filter(t => t.pending?.resume).sort((a, b) => a.id - b.id)[0];
    if (!waiting) return undefined;
    const pending = waiting.pending!;
    this.schedule(delay, () => {
      if (waiting.pending === pending) pending.resume!({ value: valueOf({ t: 'opaque', text: `released ${pending.wait.label}`, line: pending.wait.line }) });
    });
    return { task: waiting, wait: pending.wait };
  }

  /**
   * Cancels a task where it waits (Python): its span ends now, shown as `state` when it was work, and CancelledError
   * is raised in it (`error`). A task that is not waiting gets it when it next runs. Returns false when done.
   */
  cancel(task: SimTask, error: Thrown, reason: unknown, timedOutRow?: Row): boolean {
    if (task.promise.state !== 'pending') return false;
    task.cancelRequests++;
    task.cancelReasons.push(reason);
    const pending = task.pending;
    if (!pending) {
      if (!task.generator) this.finish(task, { error });
      else task.cancelPending ??= { error, timedOutRow };
      return true;
    }
    task.pending = undefined;
    pending.undo?.();
    if (pending.timer) pending.timer.cancelled = true;
    pending.wait.onCancel?.();
    if (pending.span) {
      pending.span.end = this.now;
      if (pending.span.state === 'running') pending.span.state = 'cancelled';
      else if (timedOutRow && pending.span.task === timedOutRow.id) pending.span.state = 'timedOut';
    }
    if (!task.generator) this.finish(task, { error });
    else this.resume(task, { error });
    return true;
  }

}

function before(a: Event, b: Event): boolean {
  return a.time < b.time || (a.time === b.time && a.order < b.order);
}
