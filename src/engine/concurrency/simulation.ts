/**
 * One simulation of a concurrency model (model.ts) on a virtual clock: it owns what the parts share (the program,
 * the knobs, the budget, the scheduler, what had to be assumed) and runs the chosen function to a `Timeline`.
 *
 * The parts, by job: the event loop (scheduler.ts), values and scopes (values.ts), statements (interpreter.ts),
 * expressions (expressions.ts), calls and tasks (calls.ts), the libraries' builtins by family (builtins/), and the
 * timeline built from what was recorded (timelineAssembly.ts).
 */
import { Budget, budgetExhaustedBy, budgetLimitsFor } from './budget';
import { runAsyncFunction } from './calls';
import type { FunctionModel, Line, ProgramModel } from './model';
import { Scheduler } from './scheduler';
import { assembleTimeline } from './timelineAssembly';
import { Assumption, SimulationOptions, Timeline, withinBounds } from './timeline';
import { Env, Settled } from './values';

export class Simulation {
  readonly options: SimulationOptions;
  /** What this simulation may still spend: every loop, expression, task and span counts against it. */
  readonly budget: Budget;
  readonly scheduler: Scheduler;
  /** Shared by `evaluate` for values that need no generator (see Settled). */
  readonly settled = new Settled();
  private readonly assumptions = new Map<string, Assumption>();
  private readonly notes = new Map<string, Assumption>();
  private truncated = false;

  constructor(readonly program: ProgramModel, options: SimulationOptions) {
    const bounded = withinBounds(options);
    this.options = bounded.options;
    for (const message of bounded.adjusted) this.assume(message);
    this.budget = new Budget(budgetLimitsFor(this.options.maxTasks, this.options.maxMilliseconds));
    this.scheduler = new Scheduler(this.budget, program.language === 'python');
  }

  get now(): number {
    return this.scheduler.now;
  }

  run(fn: FunctionModel): Timeline {
    const scheduler = this.scheduler;
    const root = scheduler.spawn(`${fn.name}()`, fn.line, undefined, task => runAsyncFunction(this, task, { fn, closure: this.moduleEnv() }, [], fn.line), { depth: 0, callChain: [] });
    let finishedAt: number | undefined;
    root.onDone.push(() => { finishedAt = scheduler.now; });
    try {
      for (let event = scheduler.nextEvent(); event; event = scheduler.nextEvent()) {
        // A cancelled timer neither runs nor moves the clock.
        if (event.handle.cancelled) continue;
        if (!this.budget.withinHorizon(event.time)) {
          // What the function left running may sleep forever; the function itself must not.
          if (finishedAt !== undefined) break;
          this.budget.stop('simulatedTime');
        }
        scheduler.now = event.time;
        if (event.task) scheduler.step(event.task, event.input!);
        else {
          this.budget.step();
          event.run!();
        }
        // After the function returns, let what it left running go on, within a bound, to show it.
        if (finishedAt !== undefined && scheduler.now > Math.max(finishedAt * 10, finishedAt + 60)) break;
      }
    } catch (error) {
      const exhausted = budgetExhaustedBy(error);
      if (!exhausted) throw error;
      if (!this.budget.exhausted) this.budget.exhausted = exhausted;
      this.truncated = true;
      this.note(`The simulation stopped after ${this.budget.steps} steps (${scheduler.tasks.length} tasks): ${this.budget.describe()}. Only the start is shown.`);
    }
    return assembleTimeline(fn, root, finishedAt, {
      language: this.program.language,
      tasks: scheduler.tasks,
      spans: scheduler.spans,
      now: scheduler.now,
      assumptions: [...this.assumptions.values()],
      note: (message, line) => this.note(message, line),
      notes: () => [...this.notes.values()],
      truncated: this.truncated,
      budgetExhausted: this.budget.exhausted,
    });
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

  assume(message: string, line?: Line): void {
    const key = `${line}:${message}`;
    if (!this.assumptions.has(key)) this.assumptions.set(key, { message, line });
  }

  note(message: string, line?: Line): void {
    const key = `${line}:${message}`;
    if (!this.notes.has(key)) this.notes.set(key, { message, line });
  }

  /** The permits of a limiter the code creates with `requested`, or the user's override. */
  limitOf(requested: number, line: Line): number {
    if (this.options.limitOverride !== undefined) {
      this.assume(`Limit of ${requested} replaced by ${this.options.limitOverride} (override).`, line);
      return this.options.limitOverride;
    }
    return requested;
  }
}
