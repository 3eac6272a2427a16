/** Binding a value to what an assignment, a loop or a parameter names: a name, `a, *rest`, `{ x, y = 1 }`, `self.x`. */
import { boundSetter, getAttribute, setAttribute } from './attributes';
import { setItem } from './items';
import { callValue } from './calls';
import { evaluate } from './expressions';
import { itemsOf } from './iteration';
import type { Line, Pattern } from './model';
import { keyText } from './display';
import type { SimTask } from './scheduler';
import type { Simulation } from './simulation';
import { Env, isObject, isOpaque, list, opaque, record, Resumption, Value, Wait } from './values';

/** A value the simulation made up for an unknown collection's item, or a sequence holding one. */
function assumed(value: Value): boolean {
  if (isOpaque(value)) return (value.depth ?? 0) > 0;
  return isObject(value) && value.t === 'list' && value.items.some(item => isOpaque(item) && (item.depth ?? 0) > 0);
}

export function* bindPattern(sim: Simulation, task: SimTask, pattern: Pattern, value: Value, env: Env, declare: boolean, line: Line): Generator<Wait, void, Resumption> {
  switch (pattern.kind) {
    case 'name':
      if (declare) env.declare(pattern.name, value); else env.assign(pattern.name, value);
      return;
    case 'sequence': {
      const items = isOpaque(value) ? pattern.items.map((_, i) => opaque(`${value.text}[${i}]`, value.line)) : yield* itemsOf(sim, task, value, line);
      const after = pattern.rest === undefined ? 0 : pattern.items.length - pattern.rest - 1;
      const mismatch = pattern.rest === undefined ? items.length !== pattern.items.length : items.length < pattern.items.length - 1;
      // Counts made of assumed sizes (a collection of unknown size spread into `zip`) decide nothing: no error.
      if (sim.language === 'python' && mismatch && !isOpaque(value) && !items.some(assumed)) {
        throw sim.error('ValueError', `cannot unpack ${items.length} values into ${pattern.items.length}`, line);
      }
      if (mismatch) while (items.length < pattern.items.length) items.push(opaque(`${sim.semantics.repr(value)}[${items.length}]`, line));
      for (let i = 0; i < pattern.items.length; i++) {
        const target = pattern.items[i];
        if (!target) continue;
        let item: Value;
        if (i === pattern.rest) item = list(items.slice(i, items.length - after));
        else if (pattern.rest !== undefined && i > pattern.rest) item = items[items.length - (pattern.items.length - i)];
        else item = items[i];
        yield* bindPattern(sim, task, target, item, env, declare, line);
      }
      return;
    }
    case 'object': {
      const taken = new Set<string>();
      for (const property of pattern.properties) {
        const key = typeof property.key === 'string' ? property.key : keyText(sim, yield* evaluate(sim, task, property.key, env));
        taken.add(key);
        yield* bindPattern(sim, task, property.value, yield* getAttribute(sim, task, value, key, line), env, declare, line);
      }
      if (pattern.rest) {
        const rest = record();
        if (isObject(value) && value.t === 'record') for (const [key, item] of value.props) if (!taken.has(key)) rest.props.set(key, item);
        yield* bindPattern(sim, task, pattern.rest, rest, env, declare, line);
      }
      return;
    }
    case 'default': {
      const given = value === undefined ? yield* evaluate(sim, task, pattern.value, env) : value;
      yield* bindPattern(sim, task, pattern.pattern, given, env, declare, line);
      return;
    }
    case 'target': {
      const expr = pattern.expr;
      if (expr.kind === 'member') yield* assignMember(sim, task, yield* evaluate(sim, task, expr.object, env), expr.property, value, expr.line);
      else if (expr.kind === 'index') setItem(sim, yield* evaluate(sim, task, expr.object, env), yield* evaluate(sim, task, expr.index, env), value, expr.line);
      else if (expr.kind === 'var') {
        if (declare) env.declare(expr.name, value); else env.assign(expr.name, value);
      }
      return;
    }
  }
}

/**
 * `object.name = value`: through the setter of the object's class when it has one (its getter then reads what the
 * setter stored), else the attribute itself. Nothing is read first: a getter that raises while unset does not run.
 */
export function* assignMember(sim: Simulation, task: SimTask, object: Value, name: string, value: Value, line: Line): Generator<Wait, void, Resumption> {
  const setter = boundSetter(object, name);
  if (setter) yield* callValue(sim, task, setter, [value], undefined, { line, text: name });
  else setAttribute(sim, object, name, value, line);
}
