/**
 * Expressions: what a simulated task computes, and `await`. Constants, names and function literals need no
 * generator (they are most expressions); everything else may wait and is a generator.
 */
import { builtin } from './builtins';
import { awaitValue, call, construct, ioCall } from './calls';
import { append, assign, itemsOf, iterationOf, nextItem, noMoreItems, rangeOf, truth } from './interpreter';
import type { Expr } from './model';
import { binary } from './operators';
import type { Simulation } from './simulation';
import { exprText, shorten } from './text';
import { Effect, Env, isObject, isUnknown, Resumption, SimTask, Value } from './values';

export function evaluate(sim: Simulation, task: SimTask, expr: Expr, env: Env): Generator<Effect, Value, Resumption> {
  switch (expr.kind) {
    case 'const': return sim.settled.with(expr.value);
    case 'var': {
      const value = env.lookup(expr.name);
      return sim.settled.with(value !== undefined ? value : { t: 'unknown', text: expr.name, line: 0 });
    }
    case 'function': return sim.settled.with({ t: 'function', fn: expr.fn, closure: env });
    default: return evaluateStep(sim, task, expr, env);
  }
}

function* evaluateStep(sim: Simulation, task: SimTask, expr: Expr, env: Env): Generator<Effect, Value, Resumption> {
  switch (expr.kind) {
    case 'const': return expr.value;
    case 'var': {
      const value = env.lookup(expr.name);
      if (value !== undefined) return value;
      return { t: 'unknown', text: expr.name, line: 0 };
    }
    case 'unknown': return { t: 'unknown', text: expr.text, line: expr.line };
    case 'list': {
      const items: Value[] = [];
      for (const item of expr.items) {
        if (item.kind === 'spread') append(sim, items, itemsOf(sim, yield* evaluate(sim, task, item.value, env), 0));
        else items.push(yield* evaluate(sim, task, item, env));
      }
      sim.budget.allocate(expr.items.length);
      return { t: 'list', items };
    }
    case 'spread': return yield* evaluate(sim, task, expr.value, env);
    case 'object': {
      const properties = new Map<string, Value>();
      for (const [key, value] of Object.entries(expr.properties)) properties.set(key, yield* evaluate(sim, task, value, env));
      sim.budget.allocate(properties.size);
      return { t: 'object', properties };
    }
    case 'member': {
      const object = yield* evaluate(sim, task, expr.object, env);
      if (isObject(object) && object.t === 'object' && object.properties.has(expr.property)) return object.properties.get(expr.property)!;
      if (isObject(object) && object.t === 'object' && object.cls?.methods.has(expr.property)) {
        return { t: 'function', fn: object.cls.methods.get(expr.property)!, closure: object.closure!, self: object };
      }
      if (expr.property === 'length' && isObject(object) && object.t === 'list') return object.items.length;
      const dotted = env.lookup(exprText(expr));
      if (dotted !== undefined) return dotted;
      if (isObject(object) && object.t !== 'unknown') return { t: 'method', receiver: object, name: expr.property };
      return { t: 'unknown', text: exprText(expr), line: 0 };
    }
    case 'index': {
      const object = yield* evaluate(sim, task, expr.object, env);
      const index = yield* evaluate(sim, task, expr.index, env);
      if (isObject(object) && object.t === 'list' && typeof index === 'number') return object.items[index < 0 ? object.items.length + index : index] ?? null;
      if (isObject(object) && object.t === 'object') return object.properties.get(String(index)) ?? null;
      return { t: 'unknown', text: exprText(expr), line: 0 };
    }
    case 'map': {
      const iteration = yield* iterationOf(sim, task, expr.iterable, env, 0, false);
      const results: Value[] = [];
      for (let i = 0; ; i++) {
        const item = nextItem(iteration, i);
        if (item === noMoreItems) break;
        // Each element is a step, even when it makes no call: a comprehension over a comprehension is a loop.
        sim.budget.step();
        const scope = new Env(env);
        if (typeof expr.variables === 'string') scope.declare(expr.variables, item);
        else yield* assign(sim, task, expr.variables, item, scope, true);
        if (expr.filter && !truth(sim, yield* evaluate(sim, task, expr.filter, scope), 0)) continue;
        sim.budget.allocate(1);
        results.push(yield* evaluate(sim, task, expr.element, scope));
      }
      return { t: 'list', items: results };
    }
    case 'range': {
      const range = yield* rangeOf(sim, task, expr, env);
      if (!range) return { t: 'unknown', text: 'range(...)', line: 0 };
      sim.budget.allocate(range.length);
      const items: number[] = [];
      for (let i = 0; i < range.length; i++) items.push(range.start + i * range.step);
      return { t: 'list', items };
    }
    case 'binary': {
      const left = yield* evaluate(sim, task, expr.left, env);
      // `and` / `or` / `&&` / `||` short-circuit.
      if (expr.operator === 'and' || expr.operator === '&&') return !truthOrUnknown(sim, left) ? left : yield* evaluate(sim, task, expr.right, env);
      if (expr.operator === 'or' || expr.operator === '||' || expr.operator === '??') {
        if (expr.operator === '??') return left === null ? yield* evaluate(sim, task, expr.right, env) : left;
        return truthOrUnknown(sim, left) ? left : yield* evaluate(sim, task, expr.right, env);
      }
      const right = yield* evaluate(sim, task, expr.right, env);
      if (expr.operator === '+') allocateSum(sim, left, right);
      return binary(expr.operator, left, right);
    }
    case 'unary': {
      const operand = yield* evaluate(sim, task, expr.operand, env);
      if (expr.operator === 'str') return isUnknown(operand) ? `{${(operand as { text: string }).text}}` : typeof operand === 'object' && operand !== null ? '…' : String(operand);
      if (isUnknown(operand)) return operand;
      if (expr.operator === 'not' || expr.operator === '!') return !truth(sim, operand, 0);
      if (expr.operator === '-' && typeof operand === 'number') return -operand;
      return operand;
    }
    case 'conditional': {
      const condition = yield* evaluate(sim, task, expr.condition, env);
      return yield* evaluate(sim, task, truth(sim, condition, 0) ? expr.then : expr.otherwise, env);
    }
    case 'function': return { t: 'function', fn: expr.fn, closure: env };
    case 'new': {
      const callee = yield* evaluate(sim, task, expr.callee, env);
      const args: Value[] = [];
      for (const arg of expr.args) args.push(yield* evaluate(sim, task, arg, env));
      if (isObject(callee) && callee.t === 'class') return yield* construct(sim, task, callee, args, expr);
      return { t: 'unknown', text: shorten(expr.text), line: expr.line };
    }
    case 'assignExpr': {
      const value = yield* evaluate(sim, task, expr.value, env);
      env.assign(expr.name, value);
      return value;
    }
    case 'await': return yield* awaitValue(sim, task, yield* evaluate(sim, task, expr.value, env), expr.text, expr.line);
    case 'call': return yield* call(sim, task, expr, env);
    case 'builtin': return yield* builtin(sim, task, expr, env);
    case 'io': return ioCall(sim, expr.text, expr.line, undefined);
  }
}

/**
 * What `left + right` creates when both are lists (a new list as long as both) or strings: JavaScript joins
 * strings without copying them, so what grows is the shorter one's length (`s + s` doubles, `s + "x"` adds one).
 */
function allocateSum(sim: Simulation, left: Value, right: Value): void {
  if (typeof left === 'string' && typeof right === 'string') sim.budget.allocate(Math.min(left.length, right.length));
  else if (isObject(left) && left.t === 'list' && isObject(right) && right.t === 'list') sim.budget.allocate(left.items.length + right.items.length);
}

function truthOrUnknown(sim: Simulation, value: Value): boolean {
  return isUnknown(value) ? false : truth(sim, value, 0);
}
