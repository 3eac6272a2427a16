/**
 * What the visualizer shows: a predicted timeline of one async function, produced by simulating its concurrency
 * model (see model.ts and simulation.ts). Plain data, in seconds for both languages, so the CLI can print it as JSON
 * and the webview can draw it without knowing where it came from.
 */
import type { BudgetKind } from './budget';

/**
 * What a task is doing during a span:
 * - `running`: doing work (a sleep, an I/O call): the only state that counts towards concurrency;
 * - `waiting`: waiting for a limiter (a semaphore, p-limit) to let it in;
 * - `blocked`: blocked on a queue (`get` on an empty queue, `put` on a full one, `join` until every `task_done`);
 * - `awaiting`: waiting for tasks it started (gather, Promise.all, a task group) or for a call it awaits;
 * - `cancelled`: work that was running when a timeout or a failure cancelled it (the span ends at the cancellation);
 * - `timedOut`: the wait that a timeout cut short, in the task that set the timeout.
 */
export type SpanState = 'running' | 'waiting' | 'blocked' | 'awaiting' | 'cancelled' | 'timedOut';

export const spanStates: readonly SpanState[] = ['running', 'waiting', 'blocked', 'awaiting', 'cancelled', 'timedOut'];

/** How each state is named to people: the legend, tooltips and the SVG/HTML timeline all say the same. */
export const spanStateNames: Readonly<Record<SpanState, string>> = {
  running: 'running',
  waiting: 'waiting for a limiter',
  blocked: 'blocked on a queue',
  awaiting: 'awaiting other tasks',
  cancelled: 'cancelled',
  timedOut: 'timed out',
};

export interface TimelineTask {
  id: number;
  /** The coroutine or call the task runs, e.g. `fetch_data(2)` or `main()`. */
  label: string;
  /** The task that started it; undefined for the function under visualization. */
  parent?: number;
  /** 1-based line where it was started (its call), for "reveal in editor". */
  line: number;
}

export interface TimelineSpan {
  task: number;
  /** What happens during the span, e.g. `asyncio.sleep(1)`, `fetch(url)`, `async with sem`. */
  label: string;
  start: number;
  end: number;
  state: SpanState;
  /** 1-based source line of the construct. */
  line: number;
}

/** Something the prediction had to assume because the code does not say it. */
export interface Assumption {
  message: string;
  /** 1-based line it is about (the simulated function's line when nothing nearer says it); the panel reveals it. */
  line: number;
}

export interface Timeline {
  function: string;
  language: 'python' | 'javascript';
  /** 1-based line of the function's definition. */
  line: number;
  /** When the function returns (or raises), in seconds from its start. */
  totalTime: number;
  /** The most tasks in the `running` state at one moment. */
  peakConcurrency: number;
  /** The sum of all running time: how long the same work would take one piece after another. */
  sequentialTime: number;
  /** sequentialTime / totalTime (1 when nothing ran, or nothing overlapped). */
  speedUp: number;
  tasks: TimelineTask[];
  spans: TimelineSpan[];
  /** Running tasks over time as a step function: `count` from `time` until the next step. Ends with count 0. */
  concurrency: Array<{ time: number; count: number }>;
  assumptions: Assumption[];
  /** Things the simulation saw that the user should know, e.g. tasks still running when the function returned. */
  notes: Assumption[];
  /** Whether the simulation stopped early (a budget ran out, see budget.ts); the picture then shows only the start. */
  truncated: boolean;
  /** How the function ended: normally, by an exception nobody caught, blocked forever (a deadlock), or not yet when the simulation's budget ran out. */
  outcome: 'returned' | 'raised' | 'deadlocked' | 'truncated';
  /** When truncated: the budget that ran out (steps, tasks, spans, memory, real time, simulated time or depth). */
  budgetExhausted?: BudgetKind;
  /** How many limiters the run created (those a limit override applies to): none means an override changes nothing. */
  limiters: number;
}

/** The user's knobs: the visualizer's controls and the CLI's flags set these. */
export interface SimulationOptions {
  /** How many items a collection of unknown size holds (setting `asyncPatterns.visualizer.itemCount`). */
  itemCount: number;
  /** Seconds an awaited call of unknown duration takes (setting `asyncPatterns.visualizer.defaultLatencyMs` / 1000). */
  defaultLatency: number;
  /** When set, every limiter (semaphore, p-limit, worker count) admits this many instead of what the code says. */
  limitOverride?: number;
  /** How deep calls to async functions of the same file are followed. */
  maxCallDepth: number;
  /** Stop (truncated) after starting this many tasks; the other budgets (steps, spans, memory) scale with it (budget.ts). */
  maxTasks: number;
  /** Stop (truncated) after this much real time, whatever the program does. */
  maxMilliseconds: number;
}

/**
 * The largest values a user (a setting, the panel's controls, a CLI flag) may give the what-if knobs. Settings of
 * an untrusted workspace can set them, so they bound what one simulation may cost: the schema, the panel's inputs,
 * the CLI's validation and the engine itself all read these.
 */
export const simulationBounds = {
  /** Items assumed in a collection of unknown size. */
  maxItemCount: 10_000,
  /** Seconds an awaited call of unknown duration is assumed to take (a day). */
  maxLatencySeconds: 86_400,
  /** The size every limiter may be overridden to. */
  maxLimit: 10_000,
} as const;

export const defaultSimulationOptions: SimulationOptions = {
  itemCount: 10,
  defaultLatency: 0.1,
  maxCallDepth: 8,
  maxTasks: 20000,
  maxMilliseconds: 500,
};

/**
 * `options` with every what-if knob inside `simulationBounds`: a value above its maximum is clamped to it, one that
 * is no usable number at all (NaN, negative, a fraction where a count is meant) takes the default. Each change is
 * said in `adjusted`, for the timeline's assumptions. The simulator applies this itself, so every caller is safe.
 */
export function withinBounds(options: SimulationOptions): { options: SimulationOptions; adjusted: string[] } {
  const adjusted: string[] = [];
  const bounded = { ...options };
  const count = (value: number, max: number, fallback: number, what: string): number => {
    // NaN fails the comparison too.
    if (!(value >= 1)) {
      adjusted.push(`${what} of ${value} is not a count: ${fallback} assumed.`);
      return fallback;
    }
    if (value > max) {
      adjusted.push(`${what} of ${value} is more than the visualizer simulates: ${max} assumed.`);
      return max;
    }
    return Math.floor(value);
  };
  bounded.itemCount = count(options.itemCount, simulationBounds.maxItemCount, defaultSimulationOptions.itemCount, 'Item count');
  if (options.limitOverride !== undefined && !(options.limitOverride >= 1)) {
    adjusted.push(`Limit override of ${options.limitOverride} is not a count: the limits the code sets are kept.`);
    delete bounded.limitOverride;
  } else if (options.limitOverride !== undefined) {
    bounded.limitOverride = count(options.limitOverride, simulationBounds.maxLimit, simulationBounds.maxLimit, 'Limit override');
  }
  if (!(options.defaultLatency >= 0)) {
    adjusted.push(`Latency of ${options.defaultLatency} s is not a duration: ${defaultSimulationOptions.defaultLatency} s assumed.`);
    bounded.defaultLatency = defaultSimulationOptions.defaultLatency;
  } else if (options.defaultLatency > simulationBounds.maxLatencySeconds) {
    adjusted.push(`Latency of ${options.defaultLatency} s is more than the visualizer simulates: ${simulationBounds.maxLatencySeconds} s assumed.`);
    bounded.defaultLatency = simulationBounds.maxLatencySeconds;
  }
  return { options: bounded, adjusted };
}
