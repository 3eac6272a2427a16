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
import { asyncBody, callValue, initializeInstance } from './calls';
import { resumeGenerator } from './iteration';
import { block } from './interpreter';
import type { FunctionModel, Line, ProgramModel } from './model';
import { Scheduler, SimTask } from './scheduler';
import { formatSeconds } from './format';
import { LanguageSemantics, semanticsOf } from './semantics';
import { assembleTimeline } from './timelineAssembly';
import { emptyDefault, unsetParameters } from './undecided';
import { attributesFilledOutsideConstructor, attributesSetOutsideConstructor, readsThis } from './setElsewhere';
import { Assumption, SimulationOptions, Timeline, withinBounds } from './timeline';
import { classValueOf, constructorOf } from './attributes';
import { ClassValue, done, Env, FunctionValue, isObject, isOpaque, Keywords, NativeObject, opaque, OpaqueValue, record, RecordValue, Thrown, unbound, Value, Wait, Resumption } from './values';

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
  /** The function simulated (set when its run starts): what the module's state is when it starts depends on it. */
  entry: FunctionModel | undefined = undefined;
  /** The module's statements that raised (what they define is unknown). */
  readonly moduleFailures: Array<{ line: Line; name: string }> = [];
  /**
   * Whether code the simulation cannot see may hold what the program waits on: the function runs without its
   * caller (a method on a made-up instance, a nested function), or gave an object or function to unknown code.
   */
  unknownContext = false;
  /**
   * The line of the statement running last: what is said about a value made without a line of its own (a library's
   * result) is said at the statement that used it. Every assumption and note has a line a user can reveal.
   */
  currentLine: Line = 0;
  /** What `withinBounds` changed in the options: said at the simulated function's line once it is known. */
  private readonly adjusted: string[];
  private readonly assumptions = new Map<string, Assumption>();
  private readonly notes = new Map<string, Assumption>();
  private truncated = false;
  /**
   * Python functions, not async, with a decorator the simulation does not know: what a call returns when the body
   * returns nothing is the decorator's (electrum's `@sql` makes a method return a future), an unknown value.
   */
  readonly unknownlyDecorated = new WeakSet<FunctionModel>();
  /** What such functions returned: awaited, it is what the decorator made awaitable (see awaitValue). */
  readonly undecoratedResults = new WeakSet<object>();
  /**
   * How many times the simulation took a path the code does not decide (undecided.ts): a filter's predicate whose
   * answer rests on such a choice keeps an item without deciding how many are kept.
   */
  undecidedChoices = 0;
  /** The choices of `if`s and conditional expressions made so far, by their place in that count (undecided.ts). */
  readonly flippable: number[] = [];
  /** The simulated function's name, for what the choices say. */
  simulated = '';
  /** Limiters created so far (see `limitOf`). */
  private limiters = 0;
  /** Limiters the code hands in, known by their names only, by the text that reads them (builtins/limiters.ts). */
  readonly namedLimiters = new Map<string, NativeObject>();

  readonly flips: ReadonlySet<number>;
  readonly lenient: boolean;
  readonly stateUnknown: boolean;

  /** `look`: how a second look at a function shown as taking 0 s runs it (see SecondLook). */
  constructor(readonly program: ProgramModel, options: SimulationOptions, look: SecondLook = {}) {
    this.flips = look.flips ?? new Set();
    this.lenient = look.lenient ?? false;
    this.stateUnknown = look.stateUnknown ?? false;
    const bounded = withinBounds(options);
    this.options = bounded.options;
    this.adjusted = bounded.adjusted;
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
    this.currentLine = fn.line;
    this.simulated = fn.name;
    for (const message of this.adjusted) this.assume(message, fn.line);
    const scheduler = this.scheduler;
    const rootRow = scheduler.newRow(`${fn.name}()`, fn.line, undefined);
    const root = scheduler.startTask(rootRow, task => this.runRoot(task, fn), false);
    let finishedAt: number | undefined;
    scheduler.whenSettled(root.promise, () => { finishedAt = scheduler.now; });
    try {
      for (let event = scheduler.nextEvent() ?? this.releaseExternally(finishedAt); event; event = scheduler.nextEvent() ?? this.releaseExternally(finishedAt)) {
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
          scheduler.fire(event);
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
    if (this.options.limitOverride !== undefined && this.limiters === 0) {
      this.note(`The limit of ${this.options.limitOverride} changes nothing: ${fn.name} creates no limiter for it to change (a semaphore, a p-limit or p-map limit, a PQueue).`, fn.line);
    }
    return assembleTimeline(fn, root.promise, finishedAt, {
      semantics: this.semantics,
      scheduler,
      assumptions: [...this.assumptions.values()],
      note: (message, line) => this.note(message, line),
      notes: () => [...this.notes.values()],
      truncated: this.truncated,
      budgetExhausted: this.budget.exhausted,
      limiters: this.limiters,
    });
  }

  /** The root task: the module's statements, then the function, called as its caller would (see calleeOf). */
  private *runRoot(task: SimTask, fn: FunctionModel): Generator<Wait, Value, Resumption> {
    this.entry = fn;
    this.moduleInit = true;
    try {
      yield* block(this, task, this.program.module, this.moduleEnv, true);
    } finally {
      this.moduleInit = false;
    }
    if (this.moduleFailures.length > 0) {
      const [first] = this.moduleFailures;
      const count = this.moduleFailures.length;
      this.note(`${count === 1 ? "A module's statement raises" : `${count} of the module's statements raise`} (at line ${first.line}, ${first.name}): what ${count === 1 ? 'it defines' : 'they define'} is unknown.`, first.line);
      this.unknownContext = true;
    }
    const callee = this.calleeOf(fn);
    if (callee.self !== undefined || callee.closure !== this.moduleEnv) this.unknownContext = true;
    const instance = callee.self;
    if (isObject(instance) && instance.t === 'record' && instance.assumed && instance.cls) yield* this.construct(task, fn, instance, instance.cls);
    const { args, keywords } = this.unknownArguments(fn, callee.self !== undefined);
    // Parameters that default to `None`/`null` and rest parameters are what a caller passes too (see unsetParameters).
    const unset = unsetParameters(this, fn);
    const withUnsetParameters = keywords && unset ? new Map([...keywords, ...unset]) : keywords ?? unset;
    const site = { line: fn.line, text: `${fn.name}()` };
    if (fn.isGenerator) {
      // A generator is simulated as its caller would use it: every item asked for, in turn.
      const generator = yield* callValue(this, task, callee, args, withUnsetParameters, site);
      if (isObject(generator) && generator.t === 'generator') while ((yield* resumeGenerator(this, task, generator, { value: undefined })) !== done);
      return undefined;
    }
    // The function's body runs in this task, on its row, as its coroutine or promise would.
    return yield* asyncBody(this, task, callee, args, withUnsetParameters, site);
  }

  /**
   * Unknown values for what a caller must pass `fn`: its parameters without a default, by position, and those
   * passed by keyword only (Python's after `*`) by keyword. A method's `self` is bound already (`bound`).
   */
  private unknownArguments(fn: FunctionModel, bound: boolean, defaultsToo = false): { args: Value[]; keywords: Keywords } {
    const nameOf = (p: FunctionModel['params'][number]) => (p.pattern.kind === 'name' ? p.pattern.name : 'argument');
    const given = (p: FunctionModel['params'][number]) => (defaultsToo || !p.default) && !p.rest && !p.keywords;
    let args: Value[] = fn.params.filter(p => given(p) && !p.keywordOnly).map(p => opaque(nameOf(p), fn.line));
    if (fn.params.some(p => p.pattern.kind !== 'name' && p.default && emptyDefault(p.default) !== undefined)) args = this.withOptionsObjects(fn, given);
    if (this.semantics.explicitSelf && bound) args.shift();
    const required = fn.params.filter(p => p.keywordOnly && given(p) && p.pattern.kind === 'name');
    const keywords: Keywords = required.length > 0 ? new Map(required.map(p => [nameOf(p), opaque(nameOf(p), fn.line)])) : undefined;
    return { args, keywords };
  }

  /**
   * A method simulated alone runs on an instance as its class's constructor makes it (`__init__`; JavaScript's
   * fields and constructor), called with unknown arguments (those with a default too: a caller may pass them):
   * what that sets to a known value (a semaphore, a queue, a table, a count) is the instance's, and each read of
   * it says so. As at module level, no time passes and nothing is started. What the constructor leaves unknown, or
   * empty (`None`, `undefined`: set later, by code the simulation cannot see), stays unknown; so does state the
   * class changes elsewhere: an attribute another method sets (`this.enabled = true` in `start()`), and an empty
   * collection (`this.queue = []`, `self.peers = {}`: its items are what other methods put there before this one
   * runs). A constructor that raises sets nothing.
   */
  private *construct(task: SimTask, fn: FunctionModel, self: RecordValue, cls: ClassValue): Generator<Wait, void, Resumption> {
    const init = constructorOf(this, cls, self);
    const initModel = init && init.t === 'function' ? init.fn : undefined;
    if (!initModel && !(this.language === 'javascript' && cls.model?.fields.some(field => !field.isStatic))) return;
    const label = initModel ? `${cls.name}.${initModel.name} (line ${initModel.line})` : `the fields of ${cls.name}`;
    // What the constructor's own run assumes or notes is not the method's: only the attributes it sets are kept.
    const assumptions = new Set(this.assumptions.keys());
    const notes = new Set(this.notes.keys());
    const { args, keywords } = initModel ? this.unknownArguments(initModel, true, true) : { args: [], keywords: undefined };
    const wasModuleInit = this.moduleInit;
    this.moduleInit = true;
    let raised = false;
    try {
      yield* initializeInstance(this, task, cls, self, args, keywords, { line: initModel?.line ?? fn.line, text: `${cls.name}()` });
    } catch (error) {
      if (!(error instanceof Thrown)) throw error;
      raised = true;
    } finally {
      this.moduleInit = wasModuleInit;
      for (const key of [...this.assumptions.keys()]) if (!assumptions.has(key)) this.assumptions.delete(key);
      for (const key of [...this.notes.keys()]) if (!notes.has(key)) this.notes.delete(key);
    }
    const names = new Set<string>();
    const changedElsewhere = cls.model ? attributesSetOutsideConstructor(cls.model, this.language) : new Set<string>();
    for (const [name, value] of [...self.props]) {
      if (raised || isOpaque(value) || value === null || value === undefined || changedElsewhere.has(name) || isEmptyCollection(value)) self.props.delete(name);
      else names.add(name);
    }
    if (names.size > 0) self.initializedBy = { label, names };
    for (const name of names) this.unfillNested(self.props.get(name), name, fn.line);
  }

  /**
   * An object of one of the file's classes that the constructor made (`self.paginator = Paginator()`): a collection
   * it starts empty and its class's other methods fill (`self._pages.append(...)` in `close_page`) holds what the
   * calls before the simulated method added, which the code does not decide: unknown, not empty.
   */
  private unfillNested(value: Value, attribute: string, line: Line): void {
    if (!isObject(value) || value.t !== 'record' || !value.cls?.model || value.assumed) return;
    const filled = attributesFilledOutsideConstructor(value.cls.model, this.language);
    for (const [name, held] of [...value.props]) {
      if (!filled.has(name) || !isEmptyCollection(held)) continue;
      this.assume(`${attribute}.${name} starts empty and the methods of ${value.cls.name} fill it: what it holds when the method runs is unknown.`, line);
      value.props.set(name, opaque(`${attribute}.${name}`, line));
    }
  }

  /** The function as a value: its binding in the module, or a method bound to a made-up instance of its class. */
  private calleeOf(fn: FunctionModel): FunctionValue {
    const cls = this.program.classOf.get(fn);
    if (cls) {
      const classValue = classValueOf(this, cls);
      const self = record(undefined, classValue);
      self.assumed = true;
      const classMethod = fn.decorators?.some(d => d.kind === 'var' && d.name === 'classmethod');
      if (!classMethod && !fn.isStatic) this.assume(`${fn.qualifiedName} is simulated on an instance of ${cls.name} as its constructor makes it, with unknown arguments: attributes set elsewhere are unknown.`, fn.line);
      return { t: 'function', fn, closure: classValue.closure ?? this.moduleEnv, self: fn.isStatic ? (this.language === 'javascript' ? classValue : undefined) : classMethod ? classValue : self, home: classValue };
    }
    const bound = this.moduleEnv.lookup(fn.name);
    if (bound !== unbound && isObject(bound) && bound.t === 'function' && bound.fn === fn) {
      if (this.language !== 'javascript' || fn.isArrow || bound.self !== undefined || !readsThis(fn)) return bound;
      this.assume(`\`this\` of ${fn.qualifiedName} is what its caller gives it (\`${fn.name}.call(context)\`, a hook of an object the code does not show): an unknown value.`, fn.line);
      return { ...bound, self: opaque('this', fn.line) };
    }
    // A function nested in another, simulated on its own: what it takes from around it (`this` too) is unknown.
    const closure = new Env(this.moduleEnv);
    const unknownThis = opaque('this', fn.line);
    closure.declare('this', unknownThis);
    // Its own `this` too, when it has one (`{ handler() { this.environment } }` in a plugin its caller builds).
    return { t: 'function', fn, closure, self: this.language === 'javascript' && !fn.isArrow ? unknownThis : undefined };
  }

  /**
   * JavaScript's options object, destructured with an empty default (`async set({ guild, token } = {})`): the
   * default is for a caller who passes nothing, and the properties are what the function is written for, so the
   * argument is unknown, as a parameter without a default is. Positions between are left to their defaults.
   */
  private withOptionsObjects(fn: FunctionModel, given: (p: FunctionModel['params'][number]) => boolean): Value[] {
    const positional = fn.params.filter(p => !p.keywordOnly && !p.rest && !p.keywords);
    const args = positional.map(p => {
      if (given(p)) return opaque(p.pattern.kind === 'name' ? p.pattern.name : 'argument', fn.line);
      if (p.pattern.kind === 'name' || !p.default || emptyDefault(p.default) === undefined) return undefined;
      this.assume(`The options object of ${fn.qualifiedName}, ${emptyDefault(p.default)} by default, is what a caller passes: its properties are unknown.`, fn.line);
      return opaque('options', fn.line);
    });
    while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
    return args;
  }

  /**
   * Nothing is left to run and the function has not returned: when unknown code may hold what a task waits on
   * (see `unknownContext`), the earliest such wait is assumed released after the assumed latency. Otherwise the
   * function is deadlocked: every task waits on something nothing can release.
   */
  private releaseExternally(finishedAt: number | undefined): ReturnType<Scheduler['nextEvent']> {
    if (finishedAt !== undefined || !this.unknownContext) return undefined;
    const released = this.scheduler.releaseOne(this.options.defaultLatency, value => value);
    if (!released) return undefined;
    const { task, wait } = released;
    this.assume(`${this.scheduler.rows[task.row.id].label} waits for ${wait.label || 'something'} that only code the simulation cannot see can release: assumed released after ${formatSeconds(this.options.defaultLatency)}.`, wait.line);
    return this.scheduler.nextEvent();
  }

  assume(message: string, line?: Line): void {
    const at = line || this.currentLine;
    const key = `${at}:${message}`;
    if (!this.assumptions.has(key)) this.assumptions.set(key, { message, line: at });
  }

  note(message: string, line?: Line): void {
    const at = line || this.currentLine;
    const key = `${at}:${message}`;
    if (!this.notes.has(key)) this.notes.set(key, { message, line: at });
  }

  /** The permits of a limiter the code creates with `requested`, or the user's override. */
  limitOf(requested: number, line: Line): number {
    this.limiters++;
    if (this.options.limitOverride !== undefined) {
      this.assume(`Limit of ${requested} replaced by ${this.options.limitOverride} (override).`, line);
      return this.options.limitOverride;
    }
    return requested;
  }

  /** A library exception (`TimeoutError`, `KeyError`...) to throw at `line`. */
  /**
   * In a lenient second look (visualize.ts), an error the simulation would raise by itself, not the code (`None` has
   * no attribute `host`, a key missing from a dict it made up), is an unknown value instead: the code uses the value
   * as one that is set where the simulation cannot see (a callback, another method, a caller), and the run shows the
   * work that follows. Undefined when the simulation is not lenient: the error is raised.
   */
  tolerate(what: string, line: Line): OpaqueValue | undefined {
    if (!this.lenient) return undefined;
    this.assume(`${what}: the simulation's value has no such member; the code's is set where the simulation cannot see: an unknown value.`, line);
    return opaque(what, line);
  }

  error(name: string, message: string, line: Line): Thrown {
    return new Thrown(exceptionInstance(this, name, message), line);
  }
}

/** How a second look (visualize.ts) runs a function the first run showed as taking 0 s. */
export interface SecondLook {
  /** The choices the code does not decide (by their place in `undecidedChoices`) to make the other way. */
  flips?: ReadonlySet<number>;
  /** What the simulation would raise by itself on a value it made up is unknown instead (see `tolerate`). */
  lenient?: boolean;
  /**
   * A made-up instance's state is unknown, not what its constructor sets (`this.#state.buttons` is 0 there, and other
   * methods change it before this one runs).
   */
  stateUnknown?: boolean;
}

/** An empty list, dict, set, Map or plain `{}` (not a class's instance): a start that other code fills. */
function isEmptyCollection(value: Value): boolean {
  if (!isObject(value)) return false;
  if (value.t === 'list') return value.items.length === 0;
  if (value.t === 'record') return !value.cls && !value.proto && value.props.size === 0;
  return (value.t === 'dict' || value.t === 'set') && value.entries.size === 0;
}
