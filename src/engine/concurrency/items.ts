/**
 * Items: reading `x[key]` (lists and tuples with slices, dicts and Maps, strings, ranges, a class's `__getitem__`,
 * an unknown collection's slice), writing them, and `del` of an item, an attribute or a name.
 */
import { boundMethod, getAttribute } from './attributes';
import { callValue } from './calls';
import { keyText } from './display';
import { evaluate, Evaluation } from './expressions';
import { sliceOfUnknown } from './iteration';
import type { Expr, Line } from './model';
import type { SimTask } from './scheduler';
import type { Simulation } from './simulation';
import { dictGet, missIsUndecided, dictSet, Env, isObject, isOpaque, isPartlyUnknown, keyOf, opaque, Resumption, unbound, Value, Wait } from './values';

export function* getItem(sim: Simulation, task: SimTask, object: Value, index: Value, line: Line): Evaluation {
  if (isOpaque(object)) {
    if (isObject(index) && index.t === 'object' && index.kind === 'slice' && (index.step === null || index.step === undefined || index.step === 1)) {
      const chunk = sliceOfUnknown(sim, object, index.start as Value, index.stop as Value, `a slice of ${object.text}`, line);
      if (chunk) return chunk;
    }
    return opaque(`${object.text}[${isOpaque(index) ? index.text : sim.semantics.repr(index)}]`, object.line, { depth: object.depth });
  }
  if (isObject(object)) {
    switch (object.t) {
      case 'list': return listItem(sim, object.items, index, line, object.tuple);
      case 'dict':
        if (!object.map || sim.language === 'python') {
          const value = dictGet(object, index);
          if (value !== unbound) return value;
          if (object.missing !== undefined) return yield* missingItem(sim, task, object, index, line);
          // An unknown key may be any of the dict's, and any key may be one of its unknown keys: what it reads is
          // unknown.
          if (isOpaque(index)) return opaque(`[${index.text}]`, line, { depth: index.depth });
          // `BATCH_TIME[(region, feed)]` with an unknown region, or a dict with unknown keys: the same.
          if (missIsUndecided(object, index)) return opaque(`[${sim.semantics.repr(index)}]`, line);
          const tolerated = sim.tolerate(`[${sim.semantics.repr(index)}]`, line);
          if (tolerated) return tolerated;
          throw sim.error('KeyError', sim.semantics.repr(index), line);
        }
        break;
      case 'record':
        if (sim.language === 'python') {
          const getter = object.cls && boundMethod(object.cls, '__getitem__', object);
          if (getter) return yield* callValue(sim, task, getter, [index], undefined, { line, text: '[]' });
          if (isPartlyUnknown(object)) return opaque(`self[${sim.semantics.repr(index)}]`, line);
          throw sim.error('TypeError', `'${object.cls?.name ?? 'object'}' object is not subscriptable`, line);
        }
        break;
    }
  }
  if (typeof object === 'string') {
    if (typeof index === 'number' || (isObject(index) && index.t === 'object' && index.kind === 'slice')) {
      const chars = listItem(sim, [...object], index, line);
      return isObject(chars) && chars.t === 'list' ? chars.items.join('') : chars;
    }
  }
  if (isObject(object) && object.t === 'object' && object.kind === 'range' && typeof index === 'number') {
    const range = object as unknown as { start: number; step: number; length: number };
    const i = index < 0 ? range.length + index : index;
    if (i < 0 || i >= range.length) throw sim.error('IndexError', 'range object index out of range', line);
    return range.start + i * range.step;
  }
  if (sim.language === 'javascript') {
    if (isOpaque(index)) return opaque(`${sim.semantics.repr(object)}[${index.text}]`, line);
    return yield* getAttribute(sim, task, object, keyText(sim, index), line);
  }
  if (isOpaque(index)) return opaque(`[${index.text}]`, line);
  throw sim.error('TypeError', `${sim.semantics.repr(object)} is not subscriptable`, line);
}

function* missingItem(sim: Simulation, task: SimTask, dict: Extract<Value, { t: 'dict' }>, key: Value, line: Line): Evaluation {
  const factory = dict.missing;
  const value = factory === 0 ? 0 : yield* callValue(sim, task, factory, [], undefined, { line, text: 'default' });
  dictSet(dict, key, value);
  return value;
}

function listItem(sim: Simulation, items: Value[], index: Value, line: Line, tuple?: boolean): Value {
  if (isObject(index) && index.t === 'object' && index.kind === 'slice') {
    const { start, stop, step } = index as unknown as { start: Value; stop: Value; step: Value };
    const by = typeof step === 'number' ? step : 1;
    const clamp = (value: Value, fallback: number) => {
      if (typeof value !== 'number') return fallback;
      const i = value < 0 ? items.length + value : value;
      return Math.max(by > 0 ? 0 : -1, Math.min(i, by > 0 ? items.length : items.length - 1));
    };
    const from = clamp(start, by > 0 ? 0 : items.length - 1);
    const to = clamp(stop, by > 0 ? items.length : -1);
    const picked: Value[] = [];
    for (let i = from; by > 0 ? i < to : i > to; i += by) picked.push(items[i]);
    sim.budget.allocate(picked.length);
    return { t: 'list', items: picked, tuple };
  }
  if (isOpaque(index)) return opaque(`[${index.text}]`, line);
  if (typeof index !== 'number' && typeof index !== 'boolean') {
    if (sim.language === 'javascript') return index === 'length' ? items.length : undefined;
    throw sim.error('TypeError', 'list indices must be integers or slices', line);
  }
  let i = Number(index);
  if (i < 0 && sim.semantics.negativeIndexes) i += items.length;
  if (i >= 0 && i < items.length) return items[i];
  if (sim.language === 'javascript') return undefined;
  throw sim.error('IndexError', `${tuple ? 'tuple' : 'list'} index out of range`, line);
}

export function setItem(sim: Simulation, object: Value, index: Value, value: Value, line: Line): void {
  if (!isObject(object)) throw sim.error('TypeError', `${sim.semantics.repr(object)} does not support item assignment`, line);
  switch (object.t) {
    case 'list': {
      if (typeof index !== 'number') {
        if (sim.language === 'javascript' && index === 'length' && typeof value === 'number') object.items.length = Math.max(0, value);
        return;
      }
      let i = index < 0 && sim.semantics.negativeIndexes ? object.items.length + index : index;
      if (sim.language === 'python' && (i < 0 || i >= object.items.length)) throw sim.error('IndexError', 'list assignment index out of range', line);
      i = Math.max(0, i);
      if (i >= object.items.length) sim.budget.allocate(i + 1 - object.items.length);
      object.items[i] = value;
      return;
    }
    case 'dict':
      if (!object.map || sim.language === 'python') { dictSet(object, index, value); return; }
      return;
    case 'record':
      if (sim.language !== 'javascript') return;
      if (isOpaque(index)) object.unknownKeys = true;
      else object.props.set(keyText(sim, index), value);
      return;
    default: return;
  }
}

export function* deleteTarget(sim: Simulation, task: SimTask, target: Expr, env: Env): Generator<Wait, void, Resumption> {
  if (target.kind === 'index') {
    const object = yield* evaluate(sim, task, target.object, env);
    const index = yield* evaluate(sim, task, target.index, env);
    if (isObject(object) && object.t === 'dict') {
      if (!object.entries.delete(keyOf(index)) && sim.language === 'python') throw sim.error('KeyError', sim.semantics.repr(index), target.line);
    } else if (isObject(object) && object.t === 'list' && typeof index === 'number') object.items.splice(index < 0 ? object.items.length + index : index, 1);
    else if (isObject(object) && object.t === 'record') object.props.delete(keyText(sim, index));
  } else if (target.kind === 'member') {
    const object = yield* evaluate(sim, task, target.object, env);
    if (isObject(object) && object.t === 'record') object.props.delete(target.property);
  } else if (target.kind === 'var') {
    env.declare(target.name, undefined);
  }
}
