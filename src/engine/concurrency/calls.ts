/**
 * Calls: of the file's functions (a generator function makes a generator; an async function a coroutine in
 * Python, a started task in JavaScript; any other runs in the caller), of the library's functions, of classes
 * (construction), and of things the simulator cannot see into (instant, and I/O only when awaited).
 */
import { boundMethod, constructorOf, definesThen, getAttribute, prototypeFor, superMember } from './attributes';
import { awaitValue, opaqueCall } from './awaiting';
import { keyText } from './display';
import { definedDefaults } from './defaults';
import { cutShort, evaluate, Evaluation, settledValueOf, settledWith, settlesAtOnce, stillRunning } from './expressions';
import { block, ReturnFlow } from './interpreter';
import { spreadInto } from './iteration';
import type { Expr, FunctionModel, Param } from './model';
import { bindPattern } from './patterns';
import type { Row, SimTask } from './scheduler';
import type { Simulation } from './simulation';
import { isStub } from './stubs';
import { argumentLabel } from './text';
import {
  CallSite, ClassValue, CoroutineValue, Env, FunctionValue, GeneratorValue, isObject, isOpaque, isPartlyUnknown, Keywords, list, newDict, dictSet, opaque, record, RecordValue, Resumption, Value, Wait, Yielded,
} from './values';

/** How many frames of calls the simulator follows: beyond, the JavaScript stack would not hold. */
const maxFrames = 150;

/**
 * A call. Its generator is made for every call a program makes (10,000 in a fan-out) and holds a register for each
 * temporary of its body: the rarer parts (`super(...)`, keyword arguments) are generators of their own.
 */
export function* callExpression(sim: Simulation, task: SimTask, expr: Extract<Expr, { kind: 'call' }>, env: Env): Evaluation {
  if (expr.callee.kind === 'super') return yield* superCall(sim, task, expr, env);
  let callee: Value;
  if (expr.callee.kind === 'member') {
    const object = yield* evaluate(sim, task, expr.callee.object, env);
    if (cutShort(expr.callee.optional, expr.callee.object, object)) return undefined;
    callee = yield* getAttribute(sim, task, object, expr.callee.property, expr.callee.line);
    // JavaScript's `obj.method()`: a function kept as an object's property runs with that object as `this` (a
    // function with methods set on it too).
    if (isObject(callee) && callee.t === 'function' && callee.self === undefined && !callee.fn.isArrow && sim.language === 'javascript' && isObject(object) && (object.t === 'record' || object.t === 'function')) {
      callee = { ...callee, self: object };
    }
  } else {
    callee = yield* evaluate(sim, task, expr.callee, env);
  }
  if (cutShort(expr.optional, expr.callee, callee)) return undefined;
  const args = plainArguments(sim, task, expr.args, env) ?? (yield* argumentsOf(sim, task, expr.args, env, expr.line));
  const keywords = expr.keywords ? yield* keywordArguments(sim, task, expr.keywords, env) : undefined;
  const site = { line: expr.line, text: expr.text, args: expr.args };
  // The two common callees are called here rather than through `callValue`: one generator less per call.
  if (isObject(callee)) {
    if (callee.t === 'function') return yield* callFunction(sim, task, callee, args, keywords, site);
    if (callee.t === 'native') {
      const called = callee.call(task, args, keywords, site, callee.self);
      return nativeResult(isGenerator(called) ? yield* called : called, args);
    }
  }
  return yield* callValue(sim, task, callee, args, keywords, site);
}

/**
 * A call whose callee and arguments are names and constants (`asyncio.sleep(1)`, `setTimeout(resolve, 1000)`): all
 * is evaluated now, and a library's function that does not wait costs no generator at all. Any other call is a
 * `callExpression`. The result is `yield*`ed at once by `evaluate`'s caller.
 */
export function callOf(sim: Simulation, task: SimTask, expr: Extract<Expr, { kind: 'call' }>, env: Env): Evaluation {
  if (expr.keywords || expr.optional || !settlesAtOnce(expr.callee)) return callExpression(sim, task, expr, env);
  for (const arg of expr.args) if (!settlesAtOnce(arg)) return callExpression(sim, task, expr, env);
  const callee = evaluate(sim, task, expr.callee, env).next().value as Value;
  const args = plainArguments(sim, task, expr.args, env)!;
  const site = { line: expr.line, text: expr.text, args: expr.args };
  if (isObject(callee) && callee.t === 'native') {
    const called = callee.call(task, args, undefined, site, callee.self);
    return isGenerator(called) ? nativeCallEnding(called, args) : settledWith(nativeResult(called, args));
  }
  return callValue(sim, task, callee, args, undefined, site);
}

function* nativeCallEnding(called: Generator<Wait, Value, Resumption>, args: Value[]): Evaluation {
  return nativeResult(yield* called, args);
}

/** `super(...)` in a constructor: the base class's constructor, on this instance. */
function* superCall(sim: Simulation, task: SimTask, expr: Extract<Expr, { kind: 'call' }>, env: Env): Evaluation {
  const proxy = yield* evaluate(sim, task, expr.callee, env);
  const args = yield* argumentsOf(sim, task, expr.args, env, expr.line);
  if (isObject(proxy) && proxy.t === 'object' && proxy.kind === 'super') {
    const base = superMember(sim, task, proxy as unknown as { home: ClassValue; self: Value }, sim.semantics.constructorName, expr.line);
    yield* callValue(sim, task, base, args, undefined, { line: expr.line, text: expr.text });
  }
  return undefined;
}

/** Python's keyword arguments, `**mapping` spread among them. */
function* keywordArguments(sim: Simulation, task: SimTask, given: NonNullable<Extract<Expr, { kind: 'call' }>['keywords']>, env: Env): Generator<Wait, Keywords, Resumption> {
  const keywords = new Map<string, Value>();
  for (const { name, value } of given) {
    const evaluated = yield* evaluate(sim, task, value, env);
    if (name === '**') {
      if (isObject(evaluated) && evaluated.t === 'dict') for (const [key, item] of evaluated.entries.values()) keywords.set(String(key), item);
    } else keywords.set(name, evaluated);
  }
  return keywords;
}

/**
 * The arguments when each is a constant, a name or a function literal (most calls of a fan-out: `sleep(1)`,
 * `setTimeout(resolve, 1000)`): evaluated at once, with no generator; undefined for any other.
 */
export function plainArguments(sim: Simulation, task: SimTask, exprs: Expr[], env: Env): Value[] | undefined {
  for (const arg of exprs) if (!settlesAtOnce(arg)) return undefined;
  const args: Value[] = new Array(exprs.length);
  for (let i = 0; i < exprs.length; i++) args[i] = evaluate(sim, task, exprs[i], env).next().value as Value;
  return args;
}

export function* argumentsOf(sim: Simulation, task: SimTask, exprs: Expr[], env: Env, line: number): Generator<Wait, Value[], Resumption> {
  const args: Value[] = [];
  for (const arg of exprs) {
    if (arg.kind === 'spread') yield* spreadInto(sim, task, args, yield* evaluate(sim, task, arg.value, env), line);
    else args.push(yield* evaluate(sim, task, arg, env));
  }
  return args;
}

/**
 * Calls `callee`. A function of the file's is called without a generator of this one's around its body's (a
 * `map` or `Array.from` over 10,000 calls one per item). Callers `yield*` the result at once; a task whose body is
 * a call runs `calledInTask`.
 */
export function callValue(sim: Simulation, task: SimTask, callee: Value, args: Value[], keywords: Keywords, site: CallSite): Evaluation {
  if (isObject(callee) && callee.t === 'function') return callFunction(sim, task, callee, args, keywords, site);
  return callOther(sim, task, callee, args, keywords, site);
}

/** A task's body that calls `callee` (a timer's callback, a reaction): a generator from its first step on. */
export function* calledInTask(sim: Simulation, task: SimTask, callee: Value, args: Value[], keywords: Keywords, site: CallSite): Evaluation {
  return yield* callValue(sim, task, callee, args, keywords, site);
}

function* callOther(sim: Simulation, task: SimTask, callee: Value, args: Value[], keywords: Keywords, site: CallSite): Evaluation {
  if (isObject(callee)) {
    switch (callee.t) {
      case 'native': {
        const called = callee.call(task, args, keywords, site, callee.self);
        return nativeResult(isGenerator(called) ? yield* called : called, args);
      }
      case 'class': return yield* construct(sim, task, callee, args, keywords, site);
      case 'record': {
        // An instance of a class with `__call__` (a decorator written as a class).
        const call = callee.cls && sim.language === 'python' ? boundMethod(callee.cls, '__call__', callee) : undefined;
        // A stub `__call__` (`raise NotImplementedError`, telethon's client) on an instance the file does not show
        // whole is a subclass's, as any stub method is (see stubs.ts): an unknown call.
        if (call && isPartlyUnknown(callee) && isStub(call.fn)) {
          sim.assume(`${callee.cls!.name}.__call__ is a stub for a subclass to override: the method that runs is not in the file, an unknown call.`, site.line);
          return yield* callValue(sim, task, opaque(site.text, site.line), args, keywords, site);
        }
        if (call) return yield* callFunction(sim, task, call, args, keywords, site);
        break;
      }
      case 'opaque': {
        // A function or object given by keyword (`Client(device, disconnected_callback=on_lost)`) is kept by the
        // unknown code as much as one given by position: it may later release what the program waits on.
        if (keywords) for (const value of keywords.values()) if (isObject(value) && value.t !== 'opaque') sim.unknownContext = true;
        const result = opaqueCall(sim, task, callee, args, site);
        return isGenerator(result) ? yield* result : result;
      }
    }
  }
  const unknownCallee = isPartlyUnknown(callee) ? opaque(site.text, site.line) : sim.tolerate(`${sim.semantics.repr(callee)}()`, site.line);
  if (unknownCallee) return yield* callValue(sim, task, unknownCallee, args, keywords, site);
  throw sim.error('TypeError', `${sim.semantics.repr(callee)} is not callable`, site.line);
}

/** What a library makes of an item of an unknown collection is as deep in unknown data as the item. */
function nativeResult(result: Value, args: Value[]): Value {
  if (isOpaque(result) && result.depth === undefined) {
    const depth = Math.max(0, ...args.map(arg => (isOpaque(arg) ? arg.depth ?? 0 : 0)));
    if (depth > 0) result.depth = depth;
  }
  return result;
}

/** Decorators the class machinery reads itself (attributes.ts): applying them changes nothing here. */
const classDecorators = new Set(['property', 'staticmethod', 'classmethod', 'setter', 'getter', 'abstractmethod', 'override']);

/**
 * A function with its decorators applied, innermost first: the file's own (a retry wrapper) and the library's
 * run; one the simulator does not know leaves the function as it is written, and says so.
 */
export function* decorated(sim: Simulation, task: SimTask, fn: FunctionValue, decorators: Expr[], env: Env): Evaluation {
  let result: Value = fn;
  for (let i = decorators.length - 1; i >= 0; i--) {
    const decorator = yield* evaluate(sim, task, decorators[i], env);
    if (isOpaque(decorator)) {
      const wraps = sim.language === 'python' && !fn.fn.isAsync && !fn.fn.isGenerator;
      if (wraps) sim.unknownlyDecorated.add(fn.fn);
      sim.assume(`The decorator ${decorator.text} is not known: ${fn.fn.name} runs as written${wraps ? ', and what it returns when its body returns nothing is unknown (the decorator may make it return an awaitable)' : ''}.`, fn.fn.line);
      continue;
    }
    if (isObject(decorator) && decorator.t === 'native' && classDecorators.has(decorator.name)) continue;
    if (decorators[i].kind === 'member' && classDecorators.has((decorators[i] as { property: string }).property)) continue;
    result = yield* callValue(sim, task, decorator, [result], undefined, { line: fn.fn.line, text: `@decorator of ${fn.fn.name}` });
  }
  return result;
}

/** Whether a native's result is a generator to run (rather than a value). */
export function isGenerator(value: unknown): value is Generator<Wait, Value, Resumption> {
  return typeof value === 'object' && value !== null && typeof (value as Generator).next === 'function' && typeof (value as Generator).throw === 'function';
}

function labelOf(sim: Simulation, fn: FunctionModel, args: Value[], site: CallSite): string {
  const name = fn.name === 'lambda' || fn.name === '' ? site.text.replace(/\s+/g, ' ').slice(0, 40) : fn.name;
  const shown = fn.params.some(p => p.rest) ? args : args.slice(0, fn.params.length);
  return `${name}(${shown.map((a, i) => argumentLabel(sim, a, site.args?.[i])).join(', ')})`;
}

/**
 * Not a generator itself: a plain function's call is its body's generator, and the other kinds give their value at
 * once (see `settledWith`), so a call costs one generator, not two. Callers `yield*` the result at once.
 */
export function callFunction(sim: Simulation, task: SimTask, callee: FunctionValue, args: Value[], keywords: Keywords, site: CallSite): Evaluation {
  const fn = callee.fn;
  if (fn.isGenerator) return settledWith(generatorOf(sim, task, callee, args, keywords, site));
  if (fn.isAsync) {
    const label = labelOf(sim, fn, args, site);
    if (task.depth >= sim.options.maxCallDepth) {
      const recursive = rowsAbove(sim, task).some(row => row.label.startsWith(`${fn.name}(`));
      sim.assume(`${recursive ? `Recursive call to ${fn.name}` : `Call of ${fn.name}`} deeper than ${sim.options.maxCallDepth} levels of async calls not followed: timed as I/O.`, site.line);
      return settledWith(opaque(site.text, site.line, { createdAt: sim.now }));
    }
    if (!sim.semantics.asyncCallStartsAtOnce) {
      const coroutine: CoroutineValue = { t: 'coroutine', label, line: site.line, ownRow: true, run: t => asyncBody(sim, t, callee, args, keywords, site) };
      return settledWith(coroutine);
    }
    if (sim.moduleInit) return settledWith(undefined);
    // JavaScript: the call runs now, to its first await, as a task of its own; it returns its promise.
    const row = sim.scheduler.newRow(label, site.line, task.row);
    return settledWith(sim.scheduler.startTask(row, t => asyncBody(sim, t, callee, args, keywords, site), true, task).promise);
  }
  if (task.frames >= maxFrames) sim.budget.stop('depth');
  if (sim.unknownlyDecorated.has(fn)) return decoratorsResult(sim, invokeNow(sim, task, callee, args, keywords), site);
  return invokeNow(sim, task, callee, args, keywords);
}

/** A sync function's result through a decorator the simulation does not know (see Simulation.unknownlyDecorated). */
function* decoratorsResult(sim: Simulation, evaluation: Evaluation, site: CallSite): Evaluation {
  const value = yield* evaluation;
  if (value === sim.semantics.noValue) return opaque(site.text, site.line);
  if (isObject(value)) sim.undecoratedResults.add(value);
  return value;
}

/** The rows the task runs under, from its own up. */
function rowsAbove(sim: Simulation, task: SimTask): Row[] {
  const rows: Row[] = [];
  for (let row: Row | undefined = task.row; row && rows.length < 64; row = row.parent === undefined ? undefined : sim.scheduler.rows[row.parent]) rows.push(row);
  return rows;
}

/**
 * An async function's body: its value, or in JavaScript what a promise or thenable it returns settles with (lerna's
 * command object, whose `then` waits for the command's run).
 */
export function* asyncBody(sim: Simulation, task: SimTask, callee: FunctionValue, args: Value[], keywords: Keywords, site: CallSite): Evaluation {
  const result = yield* invoke(sim, task, callee, args, keywords);
  if (sim.language === 'javascript' && isObject(result) && (result.t === 'promise' || (result.t === 'opaque' && result.createdAt !== undefined) || (result.t === 'record' && definesThen(result)))) {
    return yield* awaitValue(sim, task, result, { line: site.line, text: `return ${site.text}` });
  }
  return result;
}

/** Runs a function's body in `task` and returns what it returns. */
export function* invoke(sim: Simulation, task: SimTask, callee: FunctionValue, args: Value[], keywords: Keywords): Evaluation {
  const fn = callee.fn;
  const env = scopeOf(sim, callee);
  const positional = sim.semantics.explicitSelf && callee.self !== undefined ? [callee.self, ...args] : args;
  if (keywords === undefined && plainParameters(fn)) bindPlainParameters(sim, fn, positional, env);
  else yield* bindParameters(sim, task, fn, positional, keywords, env, callee.self, definedDefaults(callee));
  enterFrame(task);
  try {
    const flow = yield* block(sim, task, fn.body, env);
    return flow instanceof ReturnFlow ? flow.value : sim.semantics.noValue;
  } finally {
    leaveFrame(task);
  }
}

/**
 * `invoke`, with the common case done at once: a function whose body is one expression (`id => fetch(id)`,
 * `resolve => setTimeout(resolve, ms)`, `lambda: sleep(1)`) and whose parameters are names given by position. Its
 * statement is counted and run as `block` would; when the expression ends at once, no generator is made at all.
 */
function invokeNow(sim: Simulation, task: SimTask, callee: FunctionValue, args: Value[], keywords: Keywords): Evaluation {
  const fn = callee.fn;
  const body = fn.body;
  const statement = body.length === 1 ? body[0] : undefined;
  if (statement?.kind !== 'return' || keywords !== undefined || !plainParameters(fn)) return invoke(sim, task, callee, args, keywords);
  const env = scopeOf(sim, callee);
  bindPlainParameters(sim, fn, sim.semantics.explicitSelf && callee.self !== undefined ? [callee.self, ...args] : args, env);
  enterFrame(task);
  let evaluation: Evaluation;
  try {
    sim.budget.step();
    sim.currentLine = statement.line;
    evaluation = statement.value ? evaluate(sim, task, statement.value, env) : settledWith(sim.semantics.noValue);
  } catch (error) {
    leaveFrame(task);
    throw error;
  }
  const value = settledValueOf(evaluation);
  if (value === stillRunning) return leavingFrame(task, evaluation);
  leaveFrame(task);
  return settledWith(value);
}

function* leavingFrame(task: SimTask, evaluation: Evaluation): Evaluation {
  try {
    return yield* evaluation;
  } finally {
    leaveFrame(task);
  }
}

/** A call's scope: over the function's closure, with `this` (JavaScript) and the class it is a method of. */
function scopeOf(sim: Simulation, callee: FunctionValue): Env {
  const fn = callee.fn;
  const env = new Env(callee.closure);
  if (fn.outer) env.outer = new Set(fn.outer);
  if (sim.language === 'javascript' && !fn.isArrow) env.declare('this', callee.self);
  if (callee.home) {
    env.declare('%home', callee.home);
    env.declare('%self', callee.self);
  }
  return env;
}

/** Names only, given by position: bound without the generator (and its set) `bindParameters` needs. */
function bindPlainParameters(sim: Simulation, fn: FunctionModel, positional: Value[], env: Env): void {
  const params = fn.params;
  for (let i = 0; i < params.length; i++) env.declare((params[i].pattern as { name: string }).name, i < positional.length ? positional[i] : sim.semantics.noValue);
}

/** A function's frame: a loop marker (see interpreter.ts), the waits so far, the depth of calls. */
function enterFrame(task: SimTask): void {
  task.loops.push(-1);
  task.loopWaits.push(task.waits);
  task.frames++;
}

function leaveFrame(task: SimTask): void {
  task.loops.pop();
  task.loopWaits.pop();
  task.frames--;
}

const plainParameterLists = new WeakMap<FunctionModel, boolean>();

/** Whether every parameter is a bare name: no default, no rest, no keywords, no destructuring, no property. */
function plainParameters(fn: FunctionModel): boolean {
  let plain = plainParameterLists.get(fn);
  if (plain === undefined) {
    plain = fn.params.every(p => p.pattern.kind === 'name' && !p.rest && !p.keywords && !p.keywordOnly && !p.default && !p.property);
    plainParameterLists.set(fn, plain);
  }
  return plain;
}

/** `defaults`: Python's, taken where the function was defined (defaults.ts); the others are evaluated now. */
function* bindParameters(sim: Simulation, task: SimTask, fn: FunctionModel, args: Value[], keywords: Keywords, env: Env, self: Value, defaults?: Map<Param, Value>): Generator<Wait, void, Resumption> {
  let used = 0;
  const consumed = new Set<string>();
  for (const param of fn.params) {
    const name = param.pattern.kind === 'name' ? param.pattern.name : undefined;
    if (param.rest) {
      // Only the simulated function's own call names its rest parameter (undecided.ts: what a caller passes).
      if (used >= args.length && name !== undefined && keywords?.has(name)) {
        env.declare(name, keywords.get(name));
        consumed.add(name);
        continue;
      }
      env.declare(name ?? '_', list(args.slice(used), sim.language === 'python'));
      used = args.length;
      continue;
    }
    if (param.keywords) {
      // As for the rest parameter: only the simulated function's own call names it (see unsetParameters).
      if (name !== undefined && keywords?.has(name) && isOpaque(keywords.get(name))) {
        env.declare(name, keywords.get(name));
        continue;
      }
      const rest = newDict();
      for (const [key, value] of keywords ?? []) if (!consumed.has(key)) dictSet(rest, key, value);
      env.declare(name ?? '_', rest);
      continue;
    }
    let value: Value;
    let given = false;
    if (!param.keywordOnly && used < args.length) { value = args[used++]; given = true; }
    else if (name !== undefined && keywords?.has(name)) { value = keywords.get(name); consumed.add(name); given = true; }
    if (!given || (value === undefined && sim.language === 'javascript')) {
      if (defaults?.has(param)) value = defaults.get(param);
      else value = param.default ? yield* evaluate(sim, task, param.default, env) : sim.semantics.noValue;
    }
    yield* bindPattern(sim, task, param.pattern, value, env, true, fn.line);
    if (param.property && name !== undefined && isObject(self) && self.t === 'record') self.props.set(name, value);
  }
}

/** A generator function's call: its body runs as items are asked for (see iteration.ts). */
function generatorOf(sim: Simulation, _task: SimTask, callee: FunctionValue, args: Value[], keywords: Keywords, site: CallSite): GeneratorValue {
  return {
    t: 'generator', isAsync: callee.fn.isAsync, body: undefined, done: false, label: labelOf(sim, callee.fn, args, site), line: site.line,
    // The body runs in the task that first asks for an item.
    start: asking => invoke(sim, asking, callee, args, keywords) as unknown as Generator<Wait | Yielded, Value, Resumption>,
  };
}

/**
 * `new C(...)`, Python's `C(...)`: an instance, its fields (JavaScript), then its constructor or `__init__`. A
 * library class that makes its value itself (`new Promise(...)`) is made without a generator of this one's.
 */
export function construct(sim: Simulation, task: SimTask, callee: Value, args: Value[], keywords: Keywords, site: CallSite): Evaluation {
  if (isObject(callee) && callee.t === 'class') {
    for (let cls: ClassValue | undefined = callee; cls; cls = cls.base) {
      if (cls.native?.make) {
        const made = cls.native.make(task, args, keywords, site);
        return isGenerator(made) ? made : settledWith(made);
      }
    }
  }
  return constructOther(sim, task, callee, args, keywords, site);
}

function* constructOther(sim: Simulation, task: SimTask, callee: Value, args: Value[], keywords: Keywords, site: CallSite): Evaluation {
  if (isObject(callee) && callee.t === 'native') {
    const result = callee.construct ? callee.construct(task, args, site) : callee.call(task, args, keywords, site, callee.self);
    return isGenerator(result) ? yield* result : result;
  }
  if (isOpaque(callee)) {
    const result = opaqueCall(sim, task, callee, args, site, true);
    return isGenerator(result) ? yield* result : result;
  }
  if (isObject(callee) && callee.t === 'function') {
    const self = record();
    const prototype = prototypeFor(sim, callee);
    if (prototype) self.proto = prototype;
    const made = yield* invoke(sim, task, { ...callee, self }, args, keywords);
    // A constructor function that returns an object makes that object, as `new` does: a record, or a function
    // (npmlog's `new ThemeSet()` returns a function with the set's methods). What else the simulation makes of a
    // return (an unknown value, a promise, a collection) may stand for a primitive, which `new` ignores, or for
    // state the simulation does not see whole: the instance is kept.
    return isObject(made) && (made.t === 'record' || made.t === 'function') ? made : self;
  }
  if (!isObject(callee) || callee.t !== 'class') {
    const tolerated = sim.tolerate(`new ${sim.semantics.repr(callee)}()`, site.line);
    if (tolerated) return tolerated;
    throw sim.error('TypeError', `${sim.semantics.repr(callee)} is not a constructor`, site.line);
  }
  const self = record(undefined, callee);
  yield* initializeInstance(sim, task, callee, self, args, keywords, site);
  return self;
}

/** What `new` does to the instance `self` of `cls`: its fields (JavaScript), then its constructor or `__init__`. */
export function* initializeInstance(sim: Simulation, task: SimTask, cls: ClassValue, self: RecordValue, args: Value[], keywords: Keywords, site: CallSite): Generator<Wait, void, Resumption> {
  if (sim.language === 'javascript') yield* initializeFields(sim, task, cls, self);
  const init = constructorOf(sim, cls, self);
  if (init) yield* callValue(sim, task, init, args, keywords, site);
}

/** JavaScript's instance fields, a base class's first, each with `this` bound to the new instance. */
function* initializeFields(sim: Simulation, task: SimTask, cls: ClassValue, self: Value): Generator<Wait, void, Resumption> {
  const chain: ClassValue[] = [];
  for (let current: ClassValue | undefined = cls; current; current = current.base) chain.unshift(current);
  for (const current of chain) {
    if (!current.model) continue;
    const scope = new Env(current.closure);
    scope.declare('this', self);
    scope.declare('%home', current);
    scope.declare('%self', self);
    for (const field of current.model.fields) {
      if (field.isStatic) continue;
      const name = typeof field.name === 'string' ? field.name : keyText(sim, yield* evaluate(sim, task, field.name, scope));
      const value = field.value ? yield* evaluate(sim, task, field.value, scope) : undefined;
      if (isObject(self) && self.t === 'record') self.props.set(name, value);
    }
  }
}

export type { Param };
