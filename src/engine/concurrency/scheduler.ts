/**
 * The simulated event loop: a virtual clock, the timers and ready callbacks due on it, the tasks it runs and the
 * spans it records of what each task did. Tasks are generators that yield an `Effect` whenever they must wait;
 * the scheduler resumes them in time order, first come first served at equal times. Nothing here reads real
 * time, so a simulation gives the same result on every run.
 */
import { Budget } from './budget';
import type { Line } from './model';
import type { SpanState, TimelineSpan } from './timeline';
import { BreakSignal, ContinueSignal, Effect, Resumption, ReturnSignal, SimError, SimTask, Value } from './values';

/** A timer or callback (`run`), or a task to resume (`task` with `input`): the common case needs no closure. */
export interface Event { time: number; order: number; run?: () => void; task?: SimTask; input?: Resumption; handle: { cancelled: boolean } }

/** Shared, never mutated: most resumptions carry no value. */
export const resumed: Resumption = { value: null };
const live = { cancelled: false };

export class Scheduler {
  now = 0;
  order = 0;
  private readonly events: Event[] = [];
  private ready: Event[] = [];
  private readyHead = 0;
  readonly tasks: SimTask[] = [];
  readonly spans: TimelineSpan[] = [];

  /** `cancelsAwaited`: cancelling a task cancels what it awaits (Python), or leaves it running (JavaScript). */
  constructor(private readonly budget: Budget, private readonly cancelsAwaited: boolean) {}

  /** Resumes `task` with `input` now, after what is already due now. */
  resume(task: SimTask, input: Resumption): void {
    this.ready.push({ time: this.now, order: this.order++, task, input, handle: live });
  }

  schedule(delay: number, run: () => void): { cancelled: boolean } {
    const handle = { cancelled: false };
    const event = { time: this.now + Math.max(0, delay), order: this.order++, run, handle };
    // Most events are "resume this task now": a FIFO keeps them out of the heap (they are always last in order).
    if (delay <= 0) this.ready.push(event);
    else this.pushEvent(event);
    return handle;
  }

  /** The next event: the heap's top if it is due now and older than the ready queue's head, else the ready queue's. */
  nextEvent(): Event | undefined {
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

  pushEvent(event: Event): void {
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

  spawn(
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

  step(task: SimTask, input: Resumption): void {
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

  record(span: TimelineSpan): void {
    this.budget.span();
    this.spans.push(span);
  }

  /** The last span of `task` on `line` that `matches`: searched from the end, where a task's latest span is. */
  lastSpanOf(task: SimTask, line: Line, matches: (span: TimelineSpan) => boolean = () => true): TimelineSpan | undefined {
    if (task.hidden) return undefined;
    for (let i = this.spans.length - 1; i >= 0; i--) {
      const span = this.spans[i];
      if (span.task === task.id && span.line === line && matches(span)) return span;
    }
    return undefined;
  }

  finish(task: SimTask, result: Resumption): void {
    task.done = true;
    task.result = result;
    for (const callback of task.onDone.splice(0)) callback();
  }

  /** Cancels a task where it waits: its span ends now, shown as `state`, and CancelledError is raised in it. */
  cancel(task: SimTask, state: SpanState = 'cancelled'): void {
    if (task.done) return;
    task.cancelled = true;
    const children = task.children;
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

  // -- what a task waits for ------------------------------------------------------------------------------------

  sleep(seconds: number, label: string, line: Line, state: SpanState = 'running'): Effect {
    return { state, label, line, seconds };
  }

  /** Waits until `task` is done; in Python, cancelling the waiter cancels the task. */
  awaitTask(task: SimTask, label: string, line: Line): Effect {
    return {
      state: 'awaiting', label, line,
      register: resume => {
        const callback = () => resume(task.result!);
        if (task.done) callback();
        else task.onDone.push(callback);
        return () => { const i = task.onDone.indexOf(callback); if (i >= 0) task.onDone.splice(i, 1); };
      },
      onCancel: this.cancelsAwaited ? () => this.cancel(task) : undefined,
    };
  }

  *waitIn(list: Array<() => void>, state: SpanState, label: string, line: Line): Generator<Effect, void, Resumption> {
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

  /** Waits for any of `tasks` to finish, or until `deadline` (seconds on the clock) if there is one. */
  awaitAnyUntil(tasks: SimTask[], deadline: number | undefined, label: string, line: Line): Effect {
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

  awaitAny(tasks: SimTask[], label: string, line: Line): Effect {
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
}

function before(a: Event, b: Event): boolean {
  return a.time < b.time || (a.time === b.time && a.order < b.order);
}
