/**
 * The standard library's class decorators, which add methods to the class they are given: `@dataclass` an `__init__`
 * of the fields, an `__eq__` (eq=True, the default) and `__lt__`/`__le__`/`__gt__`/`__ge__` (order=True) that compare
 * the fields as tuples (leaving out `field(compare=False)`); `@functools.total_ordering` the orderings a class lacks,
 * derived from the one it defines and `__eq__` (as functools does). The methods are class attributes, found by the
 * comparison protocol (comparisons.ts) as a `def` would be.
 */
import { boundMethod, getAttribute } from '../attributes';
import { callValue } from '../calls';
import { Comparison, comparisonMethod, methodNames, notImplemented, richCompare } from '../comparisons';
import { evaluate, Evaluation } from '../expressions';
import type { SimTask } from '../scheduler';
import type { Simulation } from '../simulation';
import { CallSite, ClassValue, Env, isObject, Keywords, list, NativeFunction, opaque, RecordValue, Resumption, Value, Wait } from '../values';
import { native, Registry } from './index';

/** The decorators here: `applyClassDecorators` runs them on the class being defined, and no other. */
const classTransforms = new WeakSet<NativeFunction>();

function isClassTransform(value: Value): value is NativeFunction {
  return isObject(value) && value.t === 'native' && classTransforms.has(value);
}

/**
 * The decorators of a class definition that are the library's and add methods (`@dataclass(order=True)`,
 * `@functools.total_ordering`), run innermost first on the class `newClass` made; any other leaves it as it is.
 */
export function* applyClassDecorators(sim: Simulation, task: SimTask, cls: ClassValue, env: Env): Generator<Wait, void, Resumption> {
  const decorators = cls.model?.decorators ?? [];
  for (let i = decorators.length - 1; i >= 0; i--) {
    const decorator = decorators[i];
    const applied = yield* evaluate(sim, task, decorator.kind === 'call' ? decorator.callee : decorator, env);
    if (!isClassTransform(applied)) continue;
    const transform = decorator.kind === 'call' ? yield* evaluate(sim, task, decorator, env) : applied;
    yield* callValue(sim, task, transform, [cls], undefined, { line: cls.model!.line, text: `@${applied.name}` });
  }
}

function transform(name: string, call: NativeFunction['call']): NativeFunction {
  const made = native(name, call);
  classTransforms.add(made);
  return made;
}

interface DataclassField { name: string; owner: ClassValue; hasDefault: boolean }

/** Each dataclass's fields, its bases' first (as `dataclasses.fields` lists them). */
const dataclassFields = new WeakMap<ClassValue, DataclassField[]>();

export function registerClassDecorators(registry: Registry): void {
  const { sim, qualified } = registry;
  const dataclass = transform('dataclass', (_t, args, keywords) => {
    const [cls] = args;
    // `@dataclass(order=True)` makes the decorator that is applied to the class.
    if (!isObject(cls) || cls.t !== 'class') return transform('dataclass', (_t2, inner) => makeDataclass(sim, inner[0], keywords));
    return makeDataclass(sim, cls, keywords);
  });
  qualified.set('dataclasses.dataclass', dataclass);
  qualified.set('functools.total_ordering', transform('total_ordering', (_t, args, _k, site) => totalOrdering(sim, args[0], site)));
}

function makeDataclass(sim: Simulation, cls: Value, keywords: Keywords): Value {
  if (!isObject(cls) || cls.t !== 'class') return cls;
  const flag = (name: string, fallback: boolean) => {
    const given = keywords?.get(name);
    return given === undefined ? fallback : sim.semantics.truthy(given) === true;
  };
  const inherited: DataclassField[] = [];
  for (let base = cls.base; base; base = base.base) {
    const fields = dataclassFields.get(base);
    if (fields) { inherited.push(...fields); break; }
  }
  const own = (cls.model?.annotations ?? []).map(field => ({ name: field.name, owner: cls, hasDefault: field.default !== undefined }));
  // A field a subclass annotates again keeps its place among the base's fields.
  const fields = [...inherited.filter(field => !own.some(o => o.name === field.name)), ...own];
  dataclassFields.set(cls, fields);
  const line = cls.model?.line ?? 0;
  // What the class defines itself is kept (Python's dataclass leaves a written `__init__` or `__eq__` alone).
  if (flag('init', true) && !definesOwn(cls, '__init__')) cls.props.set('__init__', dataclassInit(sim, cls, fields));
  // `case Point(x, y)` matches the fields in order (matching.ts).
  if (flag('match_args', true) && !cls.props.has('__match_args__')) cls.props.set('__match_args__', list(fields.map(field => field.name), true));
  const eq = flag('eq', true);
  if (eq && !definesOwn(cls, '__eq__')) cls.props.set('__eq__', fieldComparison(sim, cls, '=='));
  if (flag('order', false)) {
    if (!eq) throw sim.error('ValueError', 'eq must be true if order is true', line);
    for (const operator of ['<', '<=', '>', '>='] as const) {
      const name = methodNames[operator];
      if (definesOwn(cls, name)) throw sim.error('TypeError', `Cannot overwrite attribute ${name} in class ${cls.name}. Consider using functools.total_ordering`, line);
      cls.props.set(name, fieldComparison(sim, cls, operator));
    }
  }
  return cls;
}

function definesOwn(cls: ClassValue, name: string): boolean {
  return (cls.model?.methods.some(method => method.name === name) ?? false) || cls.props.has(name);
}

/** An `__init__` taking the fields in order, their defaults where they have one, then `__post_init__`. */
function dataclassInit(sim: Simulation, cls: ClassValue, fields: DataclassField[]): NativeFunction {
  return native('__init__', function* (task, args, keywords, site, self) {
    const record = self as RecordValue;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i];
      let value: Value = i < args.length ? args[i] : keywords?.get(field.name);
      if (value === undefined && field.hasDefault) {
        const defaultValue = field.owner.props.get(field.name);
        value = isObject(defaultValue) && defaultValue.t === 'object' && defaultValue.kind === 'field'
          ? (defaultValue.factory ? yield* callValue(sim, task, defaultValue.factory as Value, [], undefined, site) : defaultValue.default as Value)
          : defaultValue;
      }
      record.props.set(field.name, value === undefined ? null : value);
    }
    const postInit = boundMethod(cls, '__post_init__', record);
    if (postInit) yield* callValue(sim, task, postInit, [], undefined, site);
    return null;
  });
}

/** `__eq__` / `__lt__`... of a dataclass: its compared fields as tuples, for another instance of the same class only. */
function fieldComparison(sim: Simulation, cls: ClassValue, operator: Comparison): NativeFunction {
  const compared = (dataclassFields.get(cls) ?? []).filter(field => comparesField(field));
  return native(methodNames[operator], function* (task, args, _k, site, self) {
    const [other] = args;
    if (!isObject(self) || self.t !== 'record' || !isObject(other) || other.t !== 'record' || other.cls !== self.cls) return notImplemented;
    const tupleOf = function* (instance: RecordValue): Evaluation {
      const items: Value[] = [];
      for (const field of compared) items.push(yield* getAttribute(sim, task, instance, field.name, site.line));
      return list(items, true);
    };
    return yield* richCompare(sim, task, operator, yield* tupleOf(self), yield* tupleOf(other), site.line);
  });
}

/** Whether a field takes part in comparisons: not one declared `field(compare=False)`. */
function comparesField(field: DataclassField): boolean {
  const declared = field.owner.props.get(field.name);
  return !(isObject(declared) && declared.t === 'object' && declared.kind === 'field' && declared.compare === false);
}

type Derivation = [name: string, negate: boolean, then?: 'orEqual' | 'andNotEqual'];

/** functools' table: from each root ordering, the others (`__gt__` from `__lt__` is `not a < b and a != b`). */
const derivations: Readonly<Record<string, Derivation[]>> = {
  __lt__: [['__gt__', true, 'andNotEqual'], ['__le__', false, 'orEqual'], ['__ge__', true]],
  __le__: [['__ge__', true, 'orEqual'], ['__lt__', false, 'andNotEqual'], ['__gt__', true]],
  __gt__: [['__lt__', true, 'andNotEqual'], ['__ge__', false, 'orEqual'], ['__le__', true]],
  __ge__: [['__le__', true, 'orEqual'], ['__gt__', false, 'andNotEqual'], ['__lt__', true]],
};

/** `@functools.total_ordering`: the root is the first ordering the class (or a base) defines, of `<`, `<=`, `>`, `>=`. */
function totalOrdering(sim: Simulation, cls: Value, site: CallSite): Value {
  if (!isObject(cls) || cls.t !== 'class') return cls;
  const defined = Object.keys(derivations).filter(name => comparisonMethod(cls, name, null) !== undefined);
  if (defined.length === 0) throw sim.error('ValueError', 'must define at least one ordering operation: < > <= >=', site.line);
  const root = defined[0];
  for (const [name, negate, then] of derivations[root]) {
    if (!defined.includes(name)) cls.props.set(name, derivedOrdering(sim, cls, name, root, negate, then));
  }
  return cls;
}

function derivedOrdering(sim: Simulation, cls: ClassValue, name: string, root: string, negate: boolean, then: Derivation[2]): NativeFunction {
  return native(name, function* (task, args, _k, site, self) {
    const [other] = args;
    const ownClass = isObject(self) && self.t === 'record' && self.cls ? self.cls : cls;
    const rootMethod = comparisonMethod(ownClass, root, self);
    const result = yield* callValue(sim, task, rootMethod, [other], undefined, site);
    if (result === notImplemented) return result;
    const truth = sim.semantics.truthy(result);
    if (truth === undefined) return opaque(site.text, site.line);
    const value: Value = negate ? !truth : result;
    if (then === undefined) return value;
    // `op_result or self == other`, `op_result and self != other`: the first decides when it can.
    if ((then === 'orEqual') === (negate ? !truth : truth)) return value;
    return yield* richCompare(sim, task, then === 'orEqual' ? '==' : '!=', self, other, site.line);
  });
}
