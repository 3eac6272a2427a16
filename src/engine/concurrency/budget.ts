/**
 * What one simulation may spend, and the one place that counts it. The simulator runs programs it knows nothing
 * about (a loop that never ends, a list that doubles each turn, a comprehension over a comprehension), so every
 * unit of its work is counted here: a step for each statement, each loop iteration (an empty one too) and each
 * element a comprehension or `map` visits; each task; each recorded span; each element of a collection and each
 * character of a string it creates; real time, read every few hundred steps; and simulated time, which stops at a
 * horizon so no duration overflows to Infinity.
 *
 * When any of them runs out, `BudgetExhausted` is thrown and the simulation ends with what it has, marked
 * truncated, with a note naming the budget. Once exhausted, every later count throws again, so a `finally` in the
 * interpreted program cannot resume the work.
 */

/** The budgets, as named in a truncated timeline (`Timeline.budgetExhausted`). */
export type BudgetKind = 'steps' | 'tasks' | 'spans' | 'memory' | 'time' | 'simulatedTime' | 'depth';

export interface BudgetLimits {
  /** Statements, loop iterations, comprehension elements and scheduler events. */
  maxSteps: number;
  /** Tasks with a row in the timeline. */
  maxTasks: number;
  /** Spans recorded (what the timeline carries to the page). */
  maxSpans: number;
  /** Elements of collections and characters of strings created, in all, and tasks of any kind. */
  maxElements: number;
  /** Real time, in milliseconds. */
  maxMilliseconds: number;
  /** Simulated time, in seconds: nothing is scheduled beyond it. */
  horizonSeconds: number;
}

/** About 32 years: beyond any program's prediction, far below where adding durations loses precision. */
export const simulatedTimeHorizon = 1e9;

/** How many steps pass between two readings of the real-time clock (a power of two, for a mask). */
const stepsPerClockReading = 1024;
/** How many elements of a list are made between two readings of the clock (a power of two). */
const elementsPerClockReading = 16_384;
/** How many tasks are started between two readings of the clock (a power of two). */
const tasksPerClockReading = 64;

/** The limits for a simulation allowed `maxTasks` tasks and `maxMilliseconds` of real time. */
export function budgetLimitsFor(maxTasks: number, maxMilliseconds: number): BudgetLimits {
  return {
    maxSteps: Math.max(100_000, maxTasks * 50),
    maxTasks,
    maxSpans: Math.max(100_000, maxTasks * 10),
    maxElements: Math.max(200_000, maxTasks * 100),
    maxMilliseconds,
    horizonSeconds: simulatedTimeHorizon,
  };
}

export class BudgetExhausted {
  constructor(readonly kind: BudgetKind) {}
}

export class Budget {
  steps = 0;
  tasks = 0;
  spans = 0;
  elements = 0;
  /** The budget that ran out first, if one has. */
  exhausted: BudgetKind | undefined;
  private stepLimit: number;
  private taskLimit: number;
  private spanLimit: number;
  private elementLimit: number;
  private readonly deadline: number;

  constructor(readonly limits: BudgetLimits, startedAt = performance.now()) {
    this.stepLimit = limits.maxSteps;
    this.taskLimit = limits.maxTasks;
    this.spanLimit = limits.maxSpans;
    this.elementLimit = limits.maxElements;
    this.deadline = startedAt + limits.maxMilliseconds;
  }

  /** One unit of work; also reads the clock now and then. */
  step(): void {
    if (++this.steps > this.stepLimit) this.stop('steps');
    if ((this.steps & (stepsPerClockReading - 1)) === 0 && performance.now() > this.deadline) this.stop('time');
  }

  /** A task with a row in the timeline (others count as memory only). */
  task(): void {
    if (++this.tasks > this.taskLimit) this.stop('tasks');
    this.allocate(1);
    // One step can start thousands of tasks (a gather over a large unknown collection): the clock is read here too.
    if ((this.tasks & (tasksPerClockReading - 1)) === 0 && performance.now() > this.deadline) this.stop('time');
  }

  span(): void {
    if (++this.spans > this.spanLimit) this.stop('spans');
  }

  /** `count` elements or characters about to be created: checked before they are, so nothing huge is ever built. */
  allocate(count: number): void {
    const before = this.elements;
    // NaN and Infinity fail the comparison too.
    if (!((this.elements += count) <= this.elementLimit)) this.stop('memory');
    // Steps that each make many elements (a loop over chunks of an unknown collection, each reading all its items)
    // reach a clock reading by steps too late: the clock is read as elements are made too.
    if (Math.floor(before / elementsPerClockReading) !== Math.floor(this.elements / elementsPerClockReading) && performance.now() > this.deadline) this.stop('time');
  }

  /**
   * `length` elements of `value`, counted against the memory budget and built a chunk at a time with the clock read
   * between chunks: one list of a million elements takes tens of milliseconds to build, past a real-time budget of
   * thirty (seen by the fuzz campaign: `Array.from({ length: 1_000_000 }, ...)` ran 100-500 ms on a 30 ms budget).
   */
  filledList<T>(length: number, value: T): T[] {
    this.allocate(length);
    const items: T[] = [];
    for (let i = 0; i < length; i++) {
      if ((i & (elementsPerClockReading - 1)) === 0 && performance.now() > this.deadline) this.stop('time');
      items.push(value);
    }
    return items;
  }

  /** Whether work at `seconds` on the simulated clock is within the horizon (NaN is not). */
  withinHorizon(seconds: number): boolean {
    return seconds <= this.limits.horizonSeconds;
  }

  /** Ends the simulation with `kind` as the reason (the first reason stays). */
  stop(kind: BudgetKind): never {
    this.exhausted ??= kind;
    // Every later count fails at once.
    this.stepLimit = this.taskLimit = this.spanLimit = this.elementLimit = -1;
    throw new BudgetExhausted(this.exhausted);
  }

  /** What the note of a truncated timeline says ran out. */
  describe(): string {
    const count = (n: number) => String(n).replace(/\B(?=(\d{3})+$)/g, ',');
    switch (this.exhausted) {
      case 'steps': return `its budget of ${count(this.limits.maxSteps)} steps ran out (a loop that does not end, or too much work)`;
      case 'tasks': return `its budget of ${count(this.limits.maxTasks)} tasks ran out`;
      case 'spans': return `its budget of ${count(this.limits.maxSpans)} recorded waits ran out`;
      case 'memory': return `its memory budget ran out (the program builds more than ${count(this.limits.maxElements)} elements of lists and characters of strings in all)`;
      case 'time': return `its budget of ${count(this.limits.maxMilliseconds)} ms of real time ran out`;
      case 'simulatedTime': return `the program runs past ${count(this.limits.horizonSeconds)} s of simulated time (about 32 years)`;
      case 'depth': return 'the program nests calls or expressions deeper than the simulator follows';
      case undefined: return 'no budget ran out';
    }
  }
}

/**
 * The budget an error says ran out, or undefined for any other error. Besides our own signal, the JavaScript
 * engine's RangeErrors mean the same (its stack, or the size of an array or string): the simulation stops there
 * rather than taking the editor or the CLI down with it.
 */
export function budgetExhaustedBy(error: unknown): BudgetKind | undefined {
  if (error instanceof BudgetExhausted) return error.kind;
  if (error instanceof RangeError) return /call stack/i.test(error.message) ? 'depth' : 'memory';
  return undefined;
}
