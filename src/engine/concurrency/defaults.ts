/**
 * Python evaluates a function's default arguments once, where the `def` or `lambda` is evaluated, not at each call:
 * `async def job(t=t)` in a loop keeps each iteration's `t` (the idiom that captures a loop variable). JavaScript's
 * defaults are evaluated at each call that leaves the argument out, and keep doing so (calls.ts).
 */
import { evaluate, Evaluation } from './expressions';
import type { FunctionModel, Param } from './model';
import type { SimTask } from './scheduler';
import type { Simulation } from './simulation';
import { Env, FunctionValue, Thrown, Value } from './values';

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
