/**
 * Statements: how a simulated task runs a block. Each is a generator that yields a `Wait` whenever the task must
 * wait, and returns how the block ended (`Flow`): normally, or by `break`, `continue` or `return`. Exceptions of
 * the program travel as `Thrown`; nothing else is ever caught by the program's handlers.
 */
import { enterContext } from './contexts';
import { evaluate, evaluateTarget } from './expressions';
import { deleteTarget } from './items';
import { bindPattern } from './patterns';
import { iterate } from './iteration';
import type { Handler, Line, Stmt, Target } from './model';
import { binaryOperation } from './operators';
import { handlerMatches, splitGroup } from './builtins/exceptions';
import type { SimTask } from './scheduler';
import type { Simulation } from './simulation';
import { decideCondition, decideLoop, decideSwitch, undecidedAtModuleLevel } from './undecided';
import { emptyNamesFilledElsewhere, emptyNamesSetByFunctions } from './setElsewhere';
import { construct } from './calls';
import { Env, isObject, opaque, Resumption, Thrown, unbound, Value, Wait } from './values';

export class ReturnFlow { constructor(readonly value: Value) {} }
export const breakFlow = { kind: 'break' } as const;
export const continueFlow = { kind: 'continue' } as const;
/** `break outer` / `continue outer`: leaves loops until the one labelled so. */
export interface LabelledFlow { kind: 'break' | 'continue'; label: string }
export type Flow = undefined | ReturnFlow | typeof breakFlow | typeof continueFlow | LabelledFlow;

/** What a loop labelled `label` makes of how its body ended: on, out, or passed outward. */
function loopFlow(flow: Flow, label: string | undefined): 'next' | 'break' | Flow {
  if (flow === undefined || flow === continueFlow) return 'next';
  if (flow === breakFlow) return 'break';
  if (flow instanceof ReturnFlow) return flow;
  const labelled = flow as LabelledFlow;
  if (labelled.label !== label) return flow;
  return labelled.kind === 'break' ? 'break' : 'next';
}

type Run = Generator<Wait, Flow, Resumption>;

/** The statements after an `if` in its block: what runs when the branch taken does not leave (see undecided.ts). */
const followers = new WeakMap<Stmt, Stmt[]>();

/**
 * Runs `statements`; at module level a statement that raises is left out (and said), as an import would stop, and
 * what it would have defined is unknown rather than missing (see `unknownIfUnset`).
 */
export function* block(sim: Simulation, task: SimTask, statements: Stmt[], env: Env, moduleLevel = false): Run {
  if (moduleLevel) return yield* moduleBlock(sim, task, statements, env);
  for (let i = 0; i < statements.length; i++) {
    const statement = statements[i];
    if (statement.kind === 'if' && !followers.has(statement)) followers.set(statement, statements.slice(i + 1));
    if (statement.kind === 'expr' || statement.kind === 'return') {
      // The commonest statements run here, as `execute` would, without a generator of its (large) frame each.
      sim.budget.step();
      sim.currentLine = statement.line;
      const value = statement.value ? yield* evaluate(sim, task, statement.value, env) : sim.semantics.noValue;
      if (statement.kind === 'return') return new ReturnFlow(value);
      continue;
    }
    const flow = yield* execute(sim, task, statement, env);
    if (flow !== undefined) return flow;
  }
  return undefined;
}

function* moduleBlock(sim: Simulation, task: SimTask, statements: Stmt[], env: Env): Run {
  const failuresBefore = sim.moduleFailures.length;
  for (const statement of statements) {
    try {
      yield* execute(sim, task, statement, env);
    } catch (error) {
      if (!(error instanceof Thrown)) throw error;
      sim.moduleFailures.push({ line: statement.line, name: sim.semantics.toText(exceptionName(error.value)) });
    }
  }
  if (sim.moduleFailures.length > failuresBefore) unknownIfUnset(env, sim.moduleFailures[failuresBefore].line);
  if (env === sim.moduleEnv) unknownIfSetElsewhere(sim, env);
  if (env === sim.moduleEnv && sim.language === 'javascript') unknownIfExportedEmpty(env, statements);
  return undefined;
}

/**
 * A CommonJS module's export that is an empty collection when the module has loaded (`exports.registeredSockets =
 * []`): the modules that import it fill it (nx's daemon server pushes each socket), so what it holds when a function
 * runs is unknown, not empty.
 */
function unknownIfExportedEmpty(env: Env, statements: Stmt[]): void {
  for (const holder of [env.lookup('exports'), moduleExportsOf(env)]) {
    if (typeof holder === 'symbol' || !isObject(holder) || holder.t !== 'record') continue;
    for (const [name, value] of holder.props) {
      if (value === undefined || value === null || !isStillEmpty(value)) continue;
      holder.props.set(name, opaque(`exports.${name}`, exportLine(statements, name)));
    }
  }
}

/** The line of the module's statement that sets `exports.<name>` (or `module.exports.<name>`). */
function exportLine(statements: Stmt[], name: string): Line {
  const setsIt = (target: Target) => target.kind === 'target' && target.expr.kind === 'member' && target.expr.property === name;
  let line: Line = 1;
  // The last such statement: `exports.x = void 0;` first declares what a later `exports.x = [];` sets.
  for (const statement of statements) {
    if (statement.kind === 'assign' && statement.targets.some(setsIt)) line = statement.line;
    else if (statement.kind === 'expr' && statement.value.kind === 'assign' && setsIt(statement.value.target)) line = statement.line;
  }
  return line;
}

function moduleExportsOf(env: Env): Value | typeof unbound {
  const module = env.lookup('module');
  return module !== unbound && isObject(module) && module.t === 'record' ? module.props.get('exports') ?? unbound : unbound;
}

/** Module state still empty that the file's functions set (see setElsewhere.ts) is unknown when the function starts. */
function unknownIfSetElsewhere(sim: Simulation, env: Env): void {
  const assigned = emptyNamesSetByFunctions(sim.program);
  const filled = sim.entry ? emptyNamesFilledElsewhere(sim.program, sim.entry) : undefined;
  const names = filled && filled.size > 0 ? new Map([...assigned, ...filled]) : assigned;
  if (names.size === 0) return;
  env.replaceOwn((name, value) => {
    const line = names.get(name);
    return line !== undefined && isStillEmpty(value) ? opaque(name, line) : value;
  });
}

/** Still the empty start the module gave it (see setElsewhere.ts): nothing, or an empty `{}` / `[]` / `dict`. */
function isStillEmpty(value: Value): boolean {
  if (value === undefined || value === null) return true;
  if (!isObject(value)) return false;
  if (value.t === 'record') return !value.cls && value.props.size === 0;
  if (value.t === 'list') return value.items.length === 0;
  if (value.t === 'set') return value.entries.size === 0;
  return value.t === 'dict' && value.entries.size === 0;
}

/**
 * A JavaScript module's `var x;` that is still `undefined` once a statement raised was left unset by it (a
 * bundle's `init_foo()` that assigns its imports raised half-way): unknown, not `undefined`, so a function that
 * uses it is simulated from what it awaits. (Python's unset names are unbound, and unknown already.)
 */
function unknownIfUnset(env: Env, line: Line): void {
  env.replaceOwn((name, value) => (value === undefined ? opaque(name, line) : value));
}

function exceptionName(value: Value): Value {
  return isObject(value) && value.t === 'record' && value.cls ? value.cls.name : value;
}

/**
 * The module's own statements (and its classes' bodies), not those of a function it calls while it loads: there
 * nothing undecided runs (`if __name__ == "__main__"`), while a helper called at load time (a bundle's
 * `_interopNamespace(require("x"))` that copies a module's members under `if (e)`) runs as any call does.
 */
function atModuleLevel(sim: Simulation, task: SimTask): boolean {
  return sim.moduleInit && task.frames === 0;
}

function* execute(sim: Simulation, task: SimTask, statement: Stmt, env: Env): Run {
  sim.budget.step();
  sim.currentLine = statement.line;
  switch (statement.kind) {
    case 'expr': yield* evaluate(sim, task, statement.value, env); return undefined;
    case 'assign': yield* assignment(sim, task, statement, env); return undefined;
    case 'return': return new ReturnFlow(statement.value ? yield* evaluate(sim, task, statement.value, env) : sim.semantics.noValue);
    case 'break': return statement.label ? { kind: 'break', label: statement.label } : breakFlow;
    case 'continue': return statement.label ? { kind: 'continue', label: statement.label } : continueFlow;
    case 'raise': throw yield* raised(sim, task, statement, env);
    case 'if': {
      const condition = yield* evaluate(sim, task, statement.condition, env);
      let truth = sim.semantics.truthy(condition);
      if (truth === undefined) truth = atModuleLevel(sim, task) ? undecidedAtModuleLevel(sim, statement, env) : decideCondition(sim, task, statement, followers.get(statement) ?? []);
      return yield* block(sim, task, truth ? statement.then : statement.otherwise, env);
    }
    case 'while': return yield* whileLoop(sim, task, statement, env);
    case 'for': return yield* forLoop(sim, task, statement, env);
    case 'with': return yield* enterContext(sim, task, statement, env);
    case 'try': return yield* tryStatement(sim, task, statement, env);
    case 'switch': return yield* switchStatement(sim, task, statement, env);
    case 'block': {
      const flow = yield* block(sim, task, statement.body, new Env(env));
      return flow !== undefined && 'label' in flow && flow.kind === 'break' && flow.label === statement.label ? undefined : flow;
    }
    case 'delete':
      for (const target of statement.targets) yield* deleteTarget(sim, task, target, env);
      return undefined;
  }
}

function* assignment(sim: Simulation, task: SimTask, statement: Extract<Stmt, { kind: 'assign' }>, env: Env): Generator<Wait, void, Resumption> {
  if (statement.operator !== undefined) {
    // `x += 1`: the target is read, combined and written back (a Python list is extended in place).
    const target = statement.targets[0];
    const place = yield* evaluateTarget(sim, task, target, env);
    const right = yield* evaluate(sim, task, statement.value, env);
    const current = place.get();
    if (sim.language === 'python' && statement.operator === '+' && isObject(current) && current.t === 'list' && !current.tuple && isObject(right) && right.t === 'list') {
      sim.budget.allocate(right.items.length);
      for (const item of right.items) current.items.push(item);
      return;
    }
    place.set(binaryOperation(sim, statement.operator, current, right, statement.line));
    return;
  }
  const value = yield* evaluate(sim, task, statement.value, env);
  for (const target of statement.targets) yield* bindPattern(sim, task, target, value, env, statement.declare, statement.line);
}

function* raised(sim: Simulation, task: SimTask, statement: Extract<Stmt, { kind: 'raise' }>, env: Env): Generator<Wait, Thrown, Resumption> {
  if (!statement.value) {
    // A bare `raise`: the exception being handled.
    const handling = handled.get(task);
    return handling && handling.length > 0 ? handling[handling.length - 1] : sim.error('RuntimeError', 'No active exception to reraise', statement.line);
  }
  let value = yield* evaluate(sim, task, statement.value, env);
  // `raise TimeoutError` raises an instance of the class.
  if (isObject(value) && value.t === 'class') value = yield* construct(sim, task, value, [], undefined, { line: statement.line, text: 'raise' });
  return new Thrown(value, statement.line);
}

/** The exceptions each task is handling, innermost last (for a bare `raise`). */
const handled = new WeakMap<SimTask, Thrown[]>();

function* whileLoop(sim: Simulation, task: SimTask, statement: Extract<Stmt, { kind: 'while' }>, env: Env): Run {
  task.loops.push(0);
  task.loopWaits.push(task.waits);
  const depth = task.loops.length - 1;
  // Whether the loop's own condition turned out undecided (see undecided.ts: nested in such a loop, one runs once).
  let undecided = false;
  try {
    let scope = env;
    if (statement.perIteration) scope = perIterationScope(env, statement.perIteration);
    const forever = statement.condition.kind === 'const' && sim.semantics.truthy(statement.condition.value) === true && !leavesLoop(statement.body);
    let unknownOnly = 0;
    for (let iteration = 0; ; iteration++) {
      task.loops[depth] = iteration;
      const counted = sim.budget.steps;
      const unknown = task.unknownWaits;
      if (forever && unknownOnly >= sim.options.itemCount) {
        // `while True` over what the code does not show (a worker's unknown queue): it would run until cancelled.
        sim.assume(`This loop runs until its task is cancelled, on data the code does not show: ${sim.options.itemCount} iterations are shown, as a collection of unknown size has ${sim.options.itemCount} items.`, statement.line);
        break;
      }
      if (!(statement.doWhile && iteration === 0)) {
        const condition = yield* evaluate(sim, task, statement.condition, scope);
        let truth = sim.semantics.truthy(condition);
        if (truth === undefined && !undecided && !atModuleLevel(sim, task)) {
          undecided = true;
          task.undecidedLoops++;
        }
        if (truth === undefined) truth = atModuleLevel(sim, task) ? false : decideLoop(sim, statement, iteration, task.undecidedLoops > 1);
        if (!truth) {
          if (statement.orElse) return yield* block(sim, task, statement.orElse, env);
          break;
        }
      }
      const flow = loopFlow(yield* block(sim, task, statement.body, sim.semantics.blockScopes ? new Env(scope) : scope), statement.label);
      if (flow === 'break') break;
      if (flow !== 'next') return flow;
      if (statement.perIteration) scope = perIterationScope(scope, statement.perIteration);
      if (statement.update) for (const update of statement.update) yield* evaluate(sim, task, update, scope);
      if (task.unknownWaits > unknown) unknownOnly++;
      // An iteration that ran no statement (`while True: pass`, `for (;;) {}`) costs a step all the same.
      if (sim.budget.steps === counted) sim.budget.step();
    }
    return undefined;
  } finally {
    task.loops.length = depth;
    task.loopWaits.length = depth;
    if (undecided) task.undecidedLoops--;
  }
}

/** Whether a loop's body has a `break` or `return` of its own (not one of a loop or function inside it). */
function leavesLoop(statements: Stmt[], inNestedLoop = false): boolean {
  return statements.some(statement => {
    switch (statement.kind) {
      case 'break': return !inNestedLoop || statement.label !== undefined;
      case 'return': return true;
      case 'if': return leavesLoop(statement.then, inNestedLoop) || leavesLoop(statement.otherwise, inNestedLoop);
      case 'while': case 'for': return leavesLoop(statement.body, true);
      case 'with': case 'block': return leavesLoop(statement.body, inNestedLoop);
      case 'try': return [statement.body, statement.orElse, statement.finally, ...statement.handlers.map(h => h.body)].some(body => leavesLoop(body, inNestedLoop));
      case 'switch': return statement.cases.some(c => leavesLoop(c.body, true) || c.body.some(s => s.kind === 'return'));
      default: return false;
    }
  });
}

/** A C-style `for`'s `let` names get a fresh binding per iteration, holding the last one's values. */
function perIterationScope(previous: Env, names: string[]): Env {
  const scope = new Env(previous.parent ?? previous);
  for (const name of names) {
    const value = previous.lookup(name);
    scope.declare(name, typeof value === 'symbol' ? undefined : value);
  }
  return scope;
}

function* forLoop(sim: Simulation, task: SimTask, statement: Extract<Stmt, { kind: 'for' }>, env: Env): Run {
  const iterable = yield* evaluate(sim, task, statement.iterable, env);
  const iterator = yield* iterate(sim, task, iterable, { line: statement.line, text: 'for' }, { isAsync: statement.isAsync, keys: statement.keys });
  task.loops.push(0);
  task.loopWaits.push(task.waits);
  const depth = task.loops.length - 1;
  // Whether the loop has ended by its own doing (its end, a break, a return, an exception): otherwise, a generator
  // whose body this loop is in was closed at a `yield` inside it, and what the loop walks is closed in turn.
  let ended = false;
  try {
    for (let iteration = 0; ; iteration++) {
      task.loops[depth] = iteration;
      const counted = sim.budget.steps;
      const item = iterator.sync ? iterator.sync() : yield* iterator.next!();
      if (item === iterator.end) {
        ended = true;
        if (statement.orElse) return yield* block(sim, task, statement.orElse, env);
        return undefined;
      }
      const scope = sim.semantics.blockScopes ? new Env(env) : env;
      yield* bindPattern(sim, task, statement.pattern, item as Value, scope, true, statement.line);
      let flow: ReturnType<typeof loopFlow>;
      try {
        flow = loopFlow(yield* block(sim, task, statement.body, scope), statement.label);
      } catch (error) {
        ended = true;
        // JavaScript closes what the loop walks when its body throws; Python's traceback still holds a generator.
        if (iterator.close && error instanceof Thrown) yield* iterator.close(sim.language === 'javascript');
        throw error;
      }
      if (flow !== 'next') {
        ended = true;
        if (iterator.close) yield* iterator.close(statement.iterable.kind === 'call');
        return flow === 'break' ? undefined : flow;
      }
      if (sim.budget.steps === counted) sim.budget.step();
    }
  } catch (error) {
    ended = true;
    throw error;
  } finally {
    task.loops.length = depth;
    task.loopWaits.length = depth;
    // eslint-disable-next-line no-unsafe-finally
    if (!ended && iterator.close) yield* iterator.close(statement.iterable.kind === 'call');
  }
}

function* tryStatement(sim: Simulation, task: SimTask, statement: Extract<Stmt, { kind: 'try' }>, env: Env): Run {
  let flow: Flow;
  try {
    try {
      flow = yield* block(sim, task, statement.body, env);
    } catch (error) {
      if (!(error instanceof Thrown) || statement.handlers.length === 0) throw error;
      return yield* handle(sim, task, statement.handlers, error, env);
    }
    if (flow === undefined && statement.orElse.length > 0) flow = yield* block(sim, task, statement.orElse, env);
  } finally {
    if (statement.finally.length > 0) {
      const finalFlow = yield* block(sim, task, statement.finally, env);
      // A `return` or `break` in `finally` wins over what the block was doing, an exception included.
      // eslint-disable-next-line no-unsafe-finally
      if (finalFlow !== undefined) return finalFlow;
    }
  }
  return flow;
}

/** Runs the handler that catches `error`, or raises it again. */
function* handle(sim: Simulation, task: SimTask, handlers: Handler[], error: Thrown, env: Env): Run {
  if (handlers.some(h => h.star)) return yield* handleGroup(sim, task, handlers, error, env);
  for (const handler of handlers) {
    const types = handler.types ? yield* evaluate(sim, task, handler.types, env) : undefined;
    if (!handlerMatches(sim, types, error.value, handler.types !== undefined)) continue;
    return yield* runHandler(sim, task, handler, error, error.value, env);
  }
  throw error;
}

function* runHandler(sim: Simulation, task: SimTask, handler: Handler, error: Thrown, bound: Value, env: Env): Run {
  if (handler.name) {
    const scope = sim.semantics.blockScopes ? new Env(env) : env;
    scope.declare(handler.name, bound);
    env = scope;
  }
  let stack = handled.get(task);
  if (!stack) handled.set(task, (stack = []));
  stack.push(error);
  try {
    return yield* block(sim, task, handler.body, env);
  } finally {
    stack.pop();
  }
}

/** `except* T as g:` each handler takes the members of the group it matches; what none matches is raised again. */
function* handleGroup(sim: Simulation, task: SimTask, handlers: Handler[], error: Thrown, env: Env): Run {
  let rest: Value | undefined = error.value;
  for (const handler of handlers) {
    if (rest === undefined) break;
    const types = handler.types ? yield* evaluate(sim, task, handler.types, env) : undefined;
    const [matched, unmatched] = splitGroup(sim, rest, types, error.line);
    rest = unmatched;
    if (matched === undefined) continue;
    const flow = yield* runHandler(sim, task, handler, new Thrown(matched, error.line), matched, env);
    if (flow !== undefined) return flow;
  }
  if (rest !== undefined) throw new Thrown(rest, error.line);
  return undefined;
}

function* switchStatement(sim: Simulation, task: SimTask, statement: Extract<Stmt, { kind: 'switch' }>, env: Env): Run {
  const value = yield* evaluate(sim, task, statement.discriminant, env);
  const scope = new Env(env);
  let matched = -1;
  const undecided: number[] = [];
  for (let i = 0; i < statement.cases.length && matched < 0; i++) {
    const test = statement.cases[i].test;
    if (!test) continue;
    const equal = sim.semantics.equals(value, yield* evaluate(sim, task, test, scope));
    if (equal === true) matched = i;
    else if (equal === undefined) undecided.push(i);
  }
  if (matched < 0 && undecided.length > 0) matched = decideSwitch(sim, statement, undecided);
  if (matched < 0) matched = statement.cases.findIndex(c => c.test === undefined);
  if (matched < 0) return undefined;
  // Falls through the cases after the one matched until a `break`.
  for (let i = matched; i < statement.cases.length; i++) {
    const flow = yield* block(sim, task, statement.cases[i].body, scope);
    if (flow === breakFlow) return undefined;
    if (flow !== undefined) return flow;
  }
  return undefined;
}

export type { Line };
