/**
 * Python's rich comparisons (`<`, `<=`, `>`, `>=`, `==`, `!=`) where the program's own classes take part: the left
 * operand's special method (`__lt__`...), else the right operand's reflection of it (`__gt__`), tried first when the
 * right operand's class is a subclass of the left's; a method that returns NotImplemented lets the other one answer;
 * when neither does, `==` is identity and an ordering raises TypeError. Tuples and lists compare item by item by the
 * same protocol (a `(priority, job)` tuple). Everything that orders (sorted, min/max, heapq, asyncio.PriorityQueue)
 * asks `lessThan`. The methods are the program's functions, so a comparison may run code: it is a generator.
 */
import { classMember, bind } from './attributes';
import { callValue } from './calls';
import type { Evaluation } from './expressions';
import type { Line } from './model';
import { binaryOperation, typeName } from './operators';
import type { SimTask } from './scheduler';
import type { Simulation } from './simulation';
import { ClassValue, isObject, isOpaque, isPartlyUnknown, ListValue, NativeObject, opaque, Resumption, Value, Wait } from './values';

export type Comparison = '<' | '<=' | '>' | '>=' | '==' | '!=';

export const methodNames: Readonly<Record<Comparison, string>> = { '<': '__lt__', '<=': '__le__', '>': '__gt__', '>=': '__ge__', '==': '__eq__', '!=': '__ne__' };

/** What `a op b` asks of `b` when `a` does not answer: `a < b` is `b > a`. */
const reflectionOf: Readonly<Record<Comparison, Comparison>> = { '<': '>', '>': '<', '<=': '>=', '>=': '<=', '==': '==', '!=': '!=' };

/** Python's `NotImplemented`: what a comparison method returns to let the other operand's method answer. */
export const notImplemented: NativeObject = { t: 'object', kind: 'NotImplemented' };

export function isComparison(operator: string): operator is Comparison {
  return Object.hasOwn(methodNames, operator);
}

/**
 * Whether comparing these operands needs the protocol rather than the operators of builtin values: an instance of a
 * class is one, and a tuple or list may hold one.
 */
export function needsRichComparison(left: Value, right: Value): boolean {
  return isObject(left) && (left.t === 'record' || left.t === 'list') || isObject(right) && (right.t === 'record' || right.t === 'list');
}

export function* richCompare(sim: Simulation, task: SimTask, operator: Comparison, left: Value, right: Value, line: Line): Evaluation {
  if (isOpaque(left) || isOpaque(right)) return binaryOperation(sim, operator, left, right, line);
  const leftClass = classOfInstance(left);
  const rightClass = classOfInstance(right);
  if (!leftClass && !rightClass) {
    if (isObject(left) && left.t === 'list' && isObject(right) && right.t === 'list') return yield* compareSequences(sim, task, operator, left, right, line);
    return binaryOperation(sim, operator, left, right, line);
  }
  const reflection = reflectionOf[operator];
  // A subclass's reflected method is asked first: `Base() < Derived()` lets Derived override the order.
  const subclassFirst = rightClass !== undefined && leftClass !== undefined && rightClass !== leftClass && isSubclassOf(rightClass, leftClass);
  if (subclassFirst) {
    const answer = yield* callComparison(sim, task, right, rightClass, reflection, left, line);
    if (answer !== notImplemented) return answer;
  }
  if (leftClass) {
    const answer = yield* callComparison(sim, task, left, leftClass, operator, right, line);
    if (answer !== notImplemented) return answer;
  }
  if (rightClass && !subclassFirst) {
    const answer = yield* callComparison(sim, task, right, rightClass, reflection, left, line);
    if (answer !== notImplemented) return answer;
  }
  if (operator === '==') return left === right;
  if (operator === '!=') return left !== right;
  // A base the simulation does not see may define the order.
  if (isPartlyUnknown(left) || isPartlyUnknown(right)) return opaque(`${typeName(left)} ${operator} ${typeName(right)}`, line);
  throw sim.error('TypeError', `'${operator}' not supported between instances of '${typeName(left)}' and '${typeName(right)}'`, line);
}

/** `a < b` as Python's sorting and heaps ask it: only a true answer counts (one the code does not decide keeps the order). */
export function* lessThan(sim: Simulation, task: SimTask, a: Value, b: Value, line: Line): Generator<Wait, boolean, Resumption> {
  if ((typeof a === 'number' && typeof b === 'number') || (typeof a === 'string' && typeof b === 'string')) return a < b;
  return sim.semantics.truthy(yield* richCompare(sim, task, '<', a, b, line)) === true;
}

/** The class of an instance of a class (the program's, or a library's it subclasses), if the value is one. */
function classOfInstance(value: Value): ClassValue | undefined {
  return isObject(value) && value.t === 'record' ? value.cls : undefined;
}

function isSubclassOf(cls: ClassValue, base: ClassValue): boolean {
  for (let current = cls.base; current; current = current.base) if (current === base) return true;
  return false;
}

/**
 * `self.__op__(other)`, found on the class: the class's or a base's method, else `object`'s: `__eq__` is identity
 * (NotImplemented otherwise), `__ne__` the inverse of `__eq__`, an ordering NotImplemented.
 */
function* callComparison(sim: Simulation, task: SimTask, self: Value, cls: ClassValue, operator: Comparison, other: Value, line: Line): Evaluation {
  const name = methodNames[operator];
  const method = comparisonMethod(cls, name, self);
  if (method) return yield* callValue(sim, task, method, [other], undefined, { line, text: `${typeName(self)}.${name}` });
  if (operator === '==') return self === other ? true : notImplemented;
  if (operator !== '!=') return notImplemented;
  const equal = yield* callComparison(sim, task, self, cls, '==', other, line);
  if (equal === notImplemented) return notImplemented;
  const truth = sim.semantics.truthy(equal);
  return truth === undefined ? opaque(`${typeName(self)} != ${typeName(other)}`, line) : !truth;
}

/**
 * The comparison method `name` on the class or a base, bound to `self`: a `def`, or a function set as a class
 * attribute (what `@dataclass` and `@functools.total_ordering` add). Python looks special methods up on the type.
 */
export function comparisonMethod(cls: ClassValue, name: string, self: Value): Value | undefined {
  const member = classMember(cls, name);
  if (!member) return undefined;
  if (member.method) return bind(member.method, member.owner, self);
  if (member.native) return { t: 'native', name, call: member.native, self };
  const value = member.value;
  return isObject(value) && (value.t === 'function' || value.t === 'native') ? { ...value, self } : undefined;
}

/**
 * Tuples and lists, as CPython compares them: the first items that are not equal (identity counts as equal) decide;
 * when one is a prefix of the other, the lengths do. A tuple and a list are never equal, and are not ordered.
 */
function* compareSequences(sim: Simulation, task: SimTask, operator: Comparison, left: ListValue, right: ListValue, line: Line): Evaluation {
  const equality = operator === '==' || operator === '!=';
  if (!!left.tuple !== !!right.tuple) {
    if (equality) return operator === '!=';
    throw sim.error('TypeError', `'${operator}' not supported between instances of '${typeName(left)}' and '${typeName(right)}'`, line);
  }
  if (equality && left.items.length !== right.items.length) return operator === '!=';
  let undecided = false;
  for (let i = 0; i < Math.min(left.items.length, right.items.length); i++) {
    const a = left.items[i], b = right.items[i];
    const same = a === b ? true : sim.semantics.truthy(yield* richCompare(sim, task, '==', a, b, line));
    if (same === true) continue;
    // An item whose equality is not decided leaves the order undecided; for equality a later item that differs
    // still decides it.
    if (same === undefined) {
      if (!equality) return opaque(`${typeName(left)} ${operator} ${typeName(right)}`, line);
      undecided = true;
      continue;
    }
    if (equality) return operator === '!=';
    return yield* richCompare(sim, task, operator, a, b, line);
  }
  if (undecided) return opaque(`${typeName(left)} ${operator} ${typeName(right)}`, line);
  return binaryOperation(sim, operator, left.items.length, right.items.length, line);
}
