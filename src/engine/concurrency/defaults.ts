/**
 * Python evaluates a function's default arguments once, where the `def` or `lambda` is evaluated, not at each call:
 * `async def job(t=t)` in a loop keeps each iteration's `t` (the idiom that captures a loop variable). JavaScript's
 * defaults are evaluated at each call that leaves the argument out, and keep doing so (calls.ts).
 */
import { evaluate, Evaluation } from './expressions';
import type { FunctionModel, Param } from './model';
import type { SimTask } from './scheduler';
import type { Simulation } from './simulation';
import { ClassValue, Env, FunctionValue, Resumption, Thrown, Value, Wait } from './values';

const computed = new WeakMap<FunctionModel, boolean>();

/** Whether a Python function has a default that is not a constant (one whose value could differ at a call). */
export function hasComputedDefaults(sim: Simulation, fn: FunctionModel): boolean {
  if (sim.language !== 'python') return false;
  let has = computed.get(fn);
  if (has === undefined) {
    has = fn.params.some(param => param.default !== undefined && param.default.kind !== 'const');
    computed.set(fn, has);
  }
  return has;
}

/** The function value of a Python `def` / `lambda`, with its computed defaults' values taken now. */
export function* withDefaults(sim: Simulation, task: SimTask, value: FunctionValue, env: Env): Evaluation {
  const defaults = new Map<Param, Value>();
  for (const param of value.fn.params) {
    if (param.default === undefined || param.default.kind === 'const') continue;
    try {
      defaults.set(param, yield* evaluate(sim, task, param.default, env));
    } catch (error) {
      // A default the simulation cannot evaluate here is left to the call, as before; the program's own error
      // would stop the definition, which the simulation does not make the whole prediction of.
      if (!(error instanceof Thrown)) throw error;
    }
  }
  value.defaults = defaults;
  return value;
}

/**
 * A class's methods' defaults, taken in the class body's scope when the class is made (`def fetch(self,
 * t=TIMEOUT)` reads the class attribute). Kept by class, as its methods are bound anew at each access.
 */
const methodDefaults = new WeakMap<ClassValue, Map<FunctionModel, Map<Param, Value>>>();

export function* takeMethodDefaults(sim: Simulation, task: SimTask, cls: ClassValue, methods: FunctionModel[], scope: Env): Generator<Wait, void, Resumption> {
  for (const method of methods) {
    if (!hasComputedDefaults(sim, method)) continue;
    const value = (yield* withDefaults(sim, task, { t: 'function', fn: method, closure: scope }, scope)) as FunctionValue;
    let byMethod = methodDefaults.get(cls);
    if (!byMethod) methodDefaults.set(cls, (byMethod = new Map()));
    byMethod.set(method, value.defaults!);
  }
}

/** The defaults a function value was given where it was defined: its own, or its class's for a method. */
export function definedDefaults(callee: FunctionValue): Map<Param, Value> | undefined {
  return callee.defaults ?? (callee.home ? methodDefaults.get(callee.home)?.get(callee.fn) : undefined);
}
