/**
 * One simulation of a program (model.ts) on a virtual clock: it owns what the parts share (the program, the knobs,
 * the budget, the event loop, the language's rules, the library, what had to be assumed), runs the module's
 * statements once, then the chosen function, to a `Timeline`.
 *
 * The parts, by job: the event loop (scheduler.ts), values and scopes (values.ts), the language's rules
 * (semantics.ts, operators.ts), statements (interpreter.ts), expressions (expressions.ts), calls (calls.ts),
 * attributes (attributes.ts), awaiting and tasks (awaiting.ts), promises (promises.ts), loops over values
 * (iteration.ts), conditions the code does not decide (undecided.ts), the libraries by family (builtins/), and the
 * timeline made of what was recorded (timelineAssembly.ts).
 */
import { Budget, budgetExhaustedBy, budgetLimitsFor } from './budget';
import { libraryFor, Library } from './builtins';
import { exceptionInstance } from './builtins/exceptions';
import { asyncBody } from './calls';
import { block } from './interpreter';
import type { FunctionModel, Line, ProgramModel } from './model';
import { Scheduler, SimTask } from './scheduler';
import { LanguageSemantics, semanticsOf } from './semantics';
import { assembleTimeline } from './timelineAssembly';
import { Assumption, SimulationOptions, Timeline, withinBounds } from './timeline';
import { classValueOf } from './attributes';
import { Env, FunctionValue, isObject, opaque, record, Thrown, unbound, Value, Wait, Resumption } from './values';

export class Simulation {
  readonly options: SimulationOptions;
  /** What this simulation may still spend: every loop, expression, task and span counts against it. */
  readonly budget: Budget;
  readonly scheduler: Scheduler;
  readonly semantics: LanguageSemantics;
  readonly library: Library;
  /** The module's scope, over the language's builtins. */
  readonly moduleEnv: Env;
  /** While the module's statements run: no time passes, nothing is started, nothing undecided is taken. */
  moduleInit = false;
  private readonly assumptions = new Map<string, Assumption>();
  private readonly notes = new Map<string, Assumption>();
  private truncated = false;

  constructor(readonly program: ProgramModel, options: SimulationOptions) {
    const bounded = withinBounds(options);
    this.options = bounded.options;
    for (const message of bounded.adjusted) this.assume(message);
    this.budget = new Budget(budgetLimitsFor(this.options.maxTasks, this.options.maxMilliseconds));
    this.semantics = semanticsOf(program.language);
    this.scheduler = new Scheduler(this.budget, this.semantics.microtasksFirst);
    this.library = libraryFor(this);
    this.moduleEnv = new Env(this.library.globals);
  }

  get now(): number {
    return this.scheduler.now;
  }

  get language(): 'python' | 'javascript' {
    return this.program.language;
  }

  run(fn: FunctionModel): Timeline {
    const scheduler = this.scheduler;
    const rootRow = scheduler.newRow(`${fn.name}()`, fn.line, undefined);
    const root = scheduler.startTask(rootRow, task => this.runRoot(task, fn), false);
    let finishedAt: number | undefined;
    scheduler.whenSettled(root.promise, () => { finishedAt = scheduler.now; });
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
      this.note(`The simulation stopped after ${this.budget.steps} steps (${scheduler.rows.length} tasks): ${this.budget.describe()}. Only the start is shown.`, fn.line);
    }
    return assembleTimeline(fn, root.promise, finishedAt, {
      semantics: this.semantics,
      scheduler,
      assumptions: [...this.assumptions.values()],
      note: (message, line) => this.note(message, line),
      notes: () => [...this.notes.values()],
      truncated: this.truncated,
      budgetExhausted: this.budget.exhausted,
    });
  }

  /** The root task: the module's statements, then the function, called as its caller would (see calleeOf). */
  private *runRoot(task: SimTask, fn: FunctionModel): Generator<Wait, Value, Resumption> {
    this.moduleInit = true;
    try {
      yield* block(this, task, this.program.module, this.moduleEnv, true);
    } finally {
      this.moduleInit = false;
    }
    const callee = this.calleeOf(fn);
    const args = fn.params.filter(p => !p.default && !p.rest && !p.keywords && !p.keywordOnly).map(p => opaque(p.pattern.kind === 'name' ? p.pattern.name : 'argument', fn.line));
    if (this.semantics.explicitSelf && callee.self !== undefined) args.shift();
    // The function's body runs in this task, on its row, as its coroutine or promise would.
    return yield* asyncBody(this, task, callee, args, undefined, { line: fn.line, text: `${fn.name}()` });
  }

  /** The function as a value: its binding in the module, or a method bound to a made-up instance of its class. */
  private calleeOf(fn: FunctionModel): FunctionValue {
    const cls = this.program.classOf.get(fn);
    if (cls) {
      const classValue = classValueOf(this, cls);
      const self = record(undefined, classValue);
      self.assumed = true;
      this.assume(`${fn.qualifiedName} is simulated on an instance of ${cls.name} whose attributes the code sets elsewhere: those not set in the class are unknown.`, fn.line);
      return { t: 'function', fn, closure: classValue.closure ?? this.moduleEnv, self: fn.isStatic ? undefined : self, home: classValue };
    }
    const bound = this.moduleEnv.lookup(fn.name);
    if (bound !== unbound && isObject(bound) && bound.t === 'function' && bound.fn === fn) return bound;
    return { t: 'function', fn, closure: this.moduleEnv };
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

  /** A library exception (`TimeoutError`, `KeyError`...) to throw at `line`. */
  error(name: string, message: string, line: Line): Thrown {
    return new Thrown(exceptionInstance(this, name, message), line);
  }
}
