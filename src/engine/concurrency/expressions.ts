/**
 * Expressions: what a simulated task computes. Constants, names and function literals need no generator (they
 * are most expressions, see `Settled`); everything else may wait, or call code that waits, and is a generator.
 */
import { getAttribute, newClass, setAttribute, superOf } from './attributes';
import { deleteTarget, getItem, setItem } from './items';
import { awaitValue } from './awaiting';
import { callOf, construct, decorated, plainArguments } from './calls';
import { matchExpression } from './matching';
import { hasComputedDefaults, withDefaults } from './defaults';
import { keyText, pythonFormat } from './display';
import { iterate, spreadInto, comprehension } from './iteration';
import { assignMember } from './patterns';
import type { Expr, FunctionModel, Line, Pattern } from './model';
import { binaryOperation, unaryOperation } from './operators';
import { isComparison, needsRichComparison, richCompare } from './comparisons';
import { newRegex, newSet } from './builtins/collections';
import type { SimTask } from './scheduler';
import type { Simulation } from './simulation';
import { decideExpression, decideLogical } from './undecided';
import { Env, FunctionValue, hasUnknownKeys, isObject, isOpaque, list, newDict, dictSet, opaque, record, Resumption, unbound, Value, Wait, Yielded } from './values';

export type Evaluation = Generator<Wait, Value, Resumption>;

/**
 * What `yield*` over a value needs and nothing more: it ends at once with `value`. Returned by `evaluate` for
 * constants, names and function literals, so they cost no generator object. Safe to share: `yield*` reads the
 * result before anything else is evaluated.
 */
class Settled {
  private readonly result = { done: true as const, value: undefined as Value };
  with(value: Value): Evaluation {
    this.result.value = value;
    return this as unknown as Evaluation;
  }
  [Symbol.iterator]() { return this; }
  next() { return this.result; }
  return() { return this.result; }
  throw(error: unknown): never { throw error; }
}

const settled = new Settled();

export function evaluate(sim: Simulation, task: SimTask, expr: Expr, env: Env): Evaluation {
  switch (expr.kind) {
    case 'const': return settled.with(expr.value);
    case 'var': return settled.with(variable(sim, env, expr.name, expr.line));
    case 'global': return settled.with(sim.library.global(expr.name, expr.text, expr.line));
    case 'function':
      if (expr.fn.decorators && expr.fn.kind === 'function') return functionDefinition(sim, task, expr.fn, env);
      if (hasComputedDefaults(sim, expr.fn)) return withDefaults(sim, task, { t: 'function', fn: expr.fn, closure: env }, env);
      return settled.with({ t: 'function', fn: expr.fn, closure: env });
    // The most frequent kinds go straight to a generator of their own: no `evaluateStep` frame around it, whose
    // generator object is large (it holds the registers of every case) and was made for every call of a fan-out.
    case 'call': return callOf(sim, task, expr, env);
    case 'new': return newOf(sim, task, expr, env);
    case 'member': return memberExpression(sim, task, expr, env);
    case 'await': return awaitExpression(sim, task, expr, env);
    case 'comprehension': return comprehension(sim, task, expr, env);
    default: return evaluateStep(sim, task, expr, env);
  }
}

/** A decorated function: its defaults are taken (Python, see defaults.ts) before its decorators are applied. */
function* functionDefinition(sim: Simulation, task: SimTask, fn: FunctionModel, env: Env): Evaluation {
  const value: FunctionValue = { t: 'function', fn, closure: env };
  if (hasComputedDefaults(sim, fn)) yield* withDefaults(sim, task, value, env);
  return yield* decorated(sim, task, value, fn.decorators!, env);
}

/** Whether `evaluate` gives `expr`'s value without a generator (see `Settled`). */
export function settlesAtOnce(expr: Expr): boolean {
  const kind = expr.kind;
  return kind === 'const' || kind === 'var' || kind === 'global' || (kind === 'function' && !(expr.fn.decorators && expr.fn.kind === 'function'));
}

/** `value` as an evaluation that ends at once: for a caller whose result is sometimes a generator, never waits. */
export function settledWith(value: Value): Evaluation {
  return settled.with(value);
}

/** What `settledValueOf` says of an evaluation that is a generator still to run. */
export const stillRunning: unique symbol = Symbol('stillRunning');

/** The value of an evaluation that ended at once, read now; `stillRunning` for a generator, to `yield*`. */
export function settledValueOf(evaluation: Evaluation): Value | typeof stillRunning {
  return evaluation === (settled as unknown) ? (settled.next().value as Value) : stillRunning;
}

function variable(sim: Simulation, env: Env, name: string, line: Line): Value {
  const value = env.lookup(name);
  if (value !== unbound) return value;
  if (name === 'this') return undefined;
  // A name the file never binds (a global of another module, a free variable of a function simulated alone).
  sim.assume(`${name} is not defined where the simulation can see it: an unknown value.`, line);
  return opaque(name, line);
}

function* evaluateStep(sim: Simulation, task: SimTask, expr: Expr, env: Env): Evaluation {
  switch (expr.kind) {
    case 'unknown': return opaque(expr.text, expr.line);
    case 'list': {
      const items: Value[] = [];
      for (const item of expr.items) {
        if (item.kind === 'spread') yield* spreadInto(sim, task, items, yield* evaluate(sim, task, item.value, env), item.line);
        else items.push(yield* evaluate(sim, task, item, env));
      }
      sim.budget.allocate(items.length);
      if (expr.set) return newSet(items);
      return list(items, expr.tuple);
    }
    case 'spread': return yield* evaluate(sim, task, expr.value, env);
    case 'dict': return yield* dictionary(sim, task, expr, env);
    case 'index': {
      const object = yield* evaluate(sim, task, expr.object, env);
      if (cutShort(expr.optional, expr.object, object)) return undefined;
      return yield* getItem(sim, task, object, yield* evaluate(sim, task, expr.index, env), expr.line);
    }
    case 'slice': {
      const part = function* (e: Expr | undefined): Evaluation { return e ? yield* evaluate(sim, task, e, env) : null; };
      return { t: 'object', kind: 'slice', start: yield* part(expr.start), stop: yield* part(expr.stop), step: yield* part(expr.step) };
    }
    case 'binary': {
      const left = yield* evaluate(sim, task, expr.left, env);
      const right = yield* evaluate(sim, task, expr.right, env);
      if (expr.operator === '+') allocateSum(sim, left, right);
      return yield* binaryOperationWithHooks(sim, task, expr.operator, left, right, expr.line);
    }
    case 'logical': {
      const left = yield* evaluate(sim, task, expr.left, env);
      const truth = expr.operator === 'nullish' ? (isOpaque(left) ? undefined : left !== null && left !== undefined) : sim.semantics.truthy(left);
      if (truth === undefined) return yield* decideLogical(sim, task, expr, left, env);
      if (expr.operator === 'and') return truth ? yield* evaluate(sim, task, expr.right, env) : left;
      return truth ? left : yield* evaluate(sim, task, expr.right, env);
    }
    case 'chain': {
      let left = yield* evaluate(sim, task, expr.operands[0], env);
      let result: Value = true;
      for (let i = 0; i < expr.operators.length; i++) {
        const right = yield* evaluate(sim, task, expr.operands[i + 1], env);
        result = yield* binaryOperationWithHooks(sim, task, expr.operators[i], left, right, expr.line);
        if (sim.semantics.truthy(result) === false) return result;
        left = right;
      }
      return result;
    }
    case 'unary': {
      if (expr.operator === 'delete' && expr.operand.kind !== 'var') {
        yield* deleteTarget(sim, task, expr.operand, env);
        return true;
      }
      return unaryOperation(sim, expr.operator, yield* evaluate(sim, task, expr.operand, env), expr.line);
    }
    case 'match': return yield* matchExpression(sim, task, expr, env);
    case 'typeof': {
      const value = expr.operand.kind === 'var' && env.lookup(expr.operand.name) === unbound ? undefined : yield* evaluate(sim, task, expr.operand, env);
      return isOpaque(value) ? opaque(`typeof ${value.text}`, expr.line) : typeOf(value);
    }
    case 'conditional': {
      const condition = yield* evaluate(sim, task, expr.condition, env);
      let truth = sim.semantics.truthy(condition);
      if (truth === undefined) truth = decideExpression(sim, expr);
      return yield* evaluate(sim, task, truth ? expr.then : expr.otherwise, env);
    }
    case 'class': return yield* newClass(sim, task, expr.cls, env);
    case 'assign': {
      if (expr.operator === undefined && expr.target.kind === 'target' && expr.target.expr.kind === 'member') {
        // JavaScript's `this.project = p`: the object, then the value, then the setter or the property; no read.
        const object = yield* evaluate(sim, task, expr.target.expr.object, env);
        const value = yield* evaluate(sim, task, expr.value, env);
        yield* assignMember(sim, task, object, expr.target.expr.property, value, expr.target.expr.line);
        return value;
      }
      const place = yield* evaluateTarget(sim, task, expr.target, env);
      if (expr.operator === undefined) {
        const value = yield* evaluate(sim, task, expr.value, env);
        place.set(value);
        return value;
      }
      const old = place.get();
      const value = binaryOperation(sim, expr.operator, old, yield* evaluate(sim, task, expr.value, env), expr.line);
      place.set(value);
      return expr.postfix ? (typeof old === 'number' ? old : value) : value;
    }
    case 'template': {
      let text = '';
      let unknown = false;
      for (const part of expr.parts) {
        if (typeof part === 'string') { text += part; continue; }
        const value = yield* evaluate(sim, task, part.value, env);
        // Text made of an unknown value is unknown: a key built of it finds nothing the code decides.
        if (isOpaque(value)) { unknown = true; text += `{${value.text}}`; continue; }
        const converted = part.conversion === 'r' ? sim.semantics.repr(value) : value;
        text += part.format ? pythonFormat(converted, part.format) : sim.semantics.toText(converted);
      }
      sim.budget.allocate(text.length);
      return unknown ? opaque(text, expr.line) : text;
    }
    case 'sequence': {
      let value: Value;
      for (const item of expr.items) value = yield* evaluate(sim, task, item, env);
      return value;
    }
    case 'yield': {
      if (expr.delegate) {
        const inner = expr.value ? yield* evaluate(sim, task, expr.value, env) : undefined;
        const iterator = yield* iterate(sim, task, inner, { line: expr.line, text: 'yield*' }, {});
        for (;;) {
          const item = iterator.sync ? iterator.sync() : yield* iterator.next!();
          if (item === iterator.end) return undefined;
          yield new Yielded(item as Value) as unknown as Wait;
        }
      }
      const value = expr.value ? yield* evaluate(sim, task, expr.value, env) : sim.semantics.noValue;
      const sent = (yield new Yielded(value) as unknown as Wait) as Resumption;
      if ('error' in sent) throw sent.error;
      return sent.value;
    }
    case 'regex': return newRegex(expr.pattern, expr.flags);
    case 'super': return superOf(sim, env, expr.line);
    default: return evaluate(sim, task, expr, env) as never;
  }
}

const chainCache = new WeakMap<Expr, boolean>();

/**
 * Whether `expr` is part of an optional chain a nullish link may have cut short: `a?.b`, `a?.b()`, `a?.[k]` or a
 * member, item or call of one (`a?.b.c`): there JavaScript stops the whole chain and gives undefined, so reading on
 * from an undefined there is no TypeError, and no unknown member either.
 */
export function continuesOptionalChain(expr: Expr): boolean {
  if (expr.kind !== 'member' && expr.kind !== 'index' && expr.kind !== 'call') return false;
  let result = chainCache.get(expr);
  if (result === undefined) {
    result = expr.optional === true || continuesOptionalChain(expr.kind === 'call' ? expr.callee : expr.object);
    chainCache.set(expr, result);
  }
  return result;
}

/** Whether reading on from `object` stops here: `object` is nullish and the read is, or continues, an optional link. */
export function cutShort(optional: boolean | undefined, objectExpr: Expr, object: Value): boolean {
  return (object === null || object === undefined) && (optional === true || continuesOptionalChain(objectExpr));
}

function* memberExpression(sim: Simulation, task: SimTask, expr: Extract<Expr, { kind: 'member' }>, env: Env): Evaluation {
  const object = yield* evaluate(sim, task, expr.object, env);
  if (cutShort(expr.optional, expr.object, object)) return undefined;
  return yield* getAttribute(sim, task, object, expr.property, expr.line);
}

function* awaitExpression(sim: Simulation, task: SimTask, expr: Extract<Expr, { kind: 'await' }>, env: Env): Evaluation {
  return yield* awaitValue(sim, task, yield* evaluate(sim, task, expr.value, env), { line: expr.line, text: expr.text });
}

/** `new C(a, b)` with a name and plain arguments (`new Promise(executor)`): evaluated now, as `callOf` does. */
function newOf(sim: Simulation, task: SimTask, expr: Extract<Expr, { kind: 'new' }>, env: Env): Evaluation {
  if (!settlesAtOnce(expr.callee)) return newExpression(sim, task, expr, env);
  for (const arg of expr.args) if (!settlesAtOnce(arg)) return newExpression(sim, task, expr, env);
  const callee = evaluate(sim, task, expr.callee, env).next().value as Value;
  return construct(sim, task, callee, plainArguments(sim, task, expr.args, env)!, undefined, { line: expr.line, text: expr.text });
}

function* newExpression(sim: Simulation, task: SimTask, expr: Extract<Expr, { kind: 'new' }>, env: Env): Evaluation {
  const callee = yield* evaluate(sim, task, expr.callee, env);
  let args = plainArguments(sim, task, expr.args, env);
  if (!args) {
    args = [];
    for (const arg of expr.args) {
      if (arg.kind === 'spread') yield* spreadInto(sim, task, args, yield* evaluate(sim, task, arg.value, env), arg.line);
      else args.push(yield* evaluate(sim, task, arg, env));
    }
  }
  return yield* construct(sim, task, callee, args, undefined, { line: expr.line, text: expr.text });
}

/**
 * Python's comparisons call the program's `__lt__`, `__eq__`... (comparisons.ts). Its `+` on a class with `__add__`...
 * is not followed: other operators act on the values the simulator knows.
 */
export function* binaryOperationWithHooks(sim: Simulation, task: SimTask, operator: string, left: Value, right: Value, line: Line): Evaluation {
  if (sim.language === 'python' && isComparison(operator) && needsRichComparison(left, right)) return yield* richCompare(sim, task, operator, left, right, line);
  return binaryOperation(sim, operator, left, right, line);
}

function* dictionary(sim: Simulation, task: SimTask, expr: Extract<Expr, { kind: 'dict' }>, env: Env): Evaluation {
  if (sim.language === 'python') {
    const dict = newDict();
    for (const entry of expr.entries) {
      if ('spread' in entry) {
        const source = yield* evaluate(sim, task, entry.spread, env);
        if (isObject(source) && source.t === 'dict') for (const [key, value] of source.entries.values()) dictSet(dict, key, value);
        // What an unknown mapping holds is unknown: any key may be one of its.
        if (isObject(source) && (source.t === 'opaque' || (source.t === 'dict' && source.unknownKeys))) dict.unknownKeys = true;
        continue;
      }
      dictSet(dict, yield* evaluate(sim, task, entry.key, env), yield* evaluate(sim, task, entry.value, env));
    }
    sim.budget.allocate(dict.entries.size);
    return dict;
  }
  const object = record();
  for (const entry of expr.entries) {
    if ('spread' in entry) {
      const source = yield* evaluate(sim, task, entry.spread, env);
      if (isObject(source) && source.t === 'record') for (const [key, value] of source.props) object.props.set(key, value);
      else if (isObject(source) && source.t === 'list') source.items.forEach((value, i) => object.props.set(String(i), value));
      // `{ ...this.#_state }` of an unknown object: any property may be one of its (puppeteer's mouse state).
      if (hasUnknownKeys(source)) object.unknownKeys = true;
      continue;
    }
    const key = yield* evaluate(sim, task, entry.key, env);
    const value = yield* evaluate(sim, task, entry.value, env);
    object.props.set(isOpaque(key) ? key.text : keyText(sim, key), value);
  }
  sim.budget.allocate(object.props.size);
  return object;
}

/** A place a value can be written to and read from: a name, an attribute, an item. */
export interface Place { get(): Value; set(value: Value): void }

export function* evaluateTarget(sim: Simulation, task: SimTask, target: Pattern, env: Env): Generator<Wait, Place, Resumption> {
  if (target.kind === 'name') {
    const name = target.name;
    return {
      get: () => variable(sim, env, name, 0),
      set: value => (sim.semantics.blockScopes ? env.assign(name, value) : env.declare(name, value)),
    };
  }
  if (target.kind === 'target' && target.expr.kind === 'member') {
    const object = yield* evaluate(sim, task, target.expr.object, env);
    const { property, line } = target.expr;
    const current = yield* getAttribute(sim, task, object, property, line);
    return { get: () => current, set: value => setAttribute(sim, object, property, value, line) };
  }
  if (target.kind === 'target' && target.expr.kind === 'index') {
    const object = yield* evaluate(sim, task, target.expr.object, env);
    const index = yield* evaluate(sim, task, target.expr.index, env);
    const line = target.expr.line;
    let current: Value;
    try {
      current = yield* getItem(sim, task, object, index, line);
    } catch {
      current = undefined;
    }
    return { get: () => current, set: value => setItem(sim, object, index, value, line) };
  }
  return { get: () => undefined, set: () => {} };
}

/**
 * What `left + right` creates when both are lists (a new list as long as both) or strings: JavaScript joins
 * strings without copying them, so what grows is the shorter one's length (`s + s` doubles, `s + "x"` adds one).
 */
function allocateSum(sim: Simulation, left: Value, right: Value): void {
  if (typeof left === 'string' && typeof right === 'string') sim.budget.allocate(Math.min(left.length, right.length));
  else if (isObject(left) && left.t === 'list' && isObject(right) && right.t === 'list') sim.budget.allocate(left.items.length + right.items.length);
}

function typeOf(value: Value): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'object';
  if (typeof value !== 'object') return typeof value;
  if (value.t === 'function' || value.t === 'native' || value.t === 'class') return 'function';
  return 'object';
}
