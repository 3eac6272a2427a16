/**
 * Operators on the simulator's values, by each language's rules. An unknown operand makes an unknown result (a
 * condition on it is then undecided, see undecided.ts); a Python operation on types it does not take raises.
 */
import { isInstanceOf } from './attributes';
import { javascriptLooseEquals } from './semantics';
import type { Simulation } from './simulation';
import { contains, setOperation } from './builtins/collections';
import { isObject, isOpaque, list, opaque, Value } from './values';

export function binaryOperation(sim: Simulation, operator: string, left: Value, right: Value, line: number): Value {
  const semantics = sim.semantics;
  switch (operator) {
    case 'is': return isOpaque(left) || isOpaque(right) ? unknown(left, operator, right, line) : left === right || (left == null && right == null);
    case 'is not': return isOpaque(left) || isOpaque(right) ? unknown(left, operator, right, line) : !(left === right || (left == null && right == null));
    case '==': case '===': {
      const same = operator === '==' && sim.language === 'javascript' ? javascriptLooseEquals(left, right) : semantics.equals(left, right);
      return same === undefined ? unknown(left, operator, right, line) : same;
    }
    case '!=': case '!==': {
      const same = operator === '!=' && sim.language === 'javascript' ? javascriptLooseEquals(left, right) : semantics.equals(left, right);
      return same === undefined ? unknown(left, operator, right, line) : !same;
    }
    case 'in': case 'not in': {
      // Python: `x in xs`; JavaScript: `key in object`.
      // A key the code does not decide stays unknown (its String() would be "[object Object]", found nowhere).
      const key = isOpaque(left) ? left : String(left);
      const found = sim.language === 'python' ? contains(sim, right, left, line) : contains(sim, right, key, line, true);
      if (found === undefined) return unknown(left, operator, right, line);
      return operator === 'in' ? found : !found;
    }
    case 'instanceof': return isOpaque(left) || isOpaque(right) ? unknown(left, operator, right, line) : isInstanceOf(left, right);
  }
  if (isOpaque(left) || isOpaque(right)) return unknown(left, operator, right, line);
  if (sim.language === 'javascript') return javascriptBinary(operator, left, right);
  return pythonBinary(sim, operator, left, right, line);
}

function unknown(left: Value, operator: string, right: Value, line: number): Value {
  const text = (value: Value) => (isOpaque(value) ? value.text : typeof value === 'string' ? JSON.stringify(value) : String(value));
  return opaque(`${text(left)} ${operator} ${text(right)}`, line);
}

function javascriptBinary(operator: string, left: Value, right: Value): Value {
  const primitive = (value: Value): unknown => (isObject(value) ? (value.t === 'list' ? value.items.join(',') : '[object Object]') : value);
  const a = primitive(left) as number, b = primitive(right) as number;
  switch (operator) {
    case '+': return typeof a === 'string' || typeof b === 'string' ? String(a) + String(b) : a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
    case '%': return a % b;
    case '**': return a ** b;
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
    case '&': return a & b;
    case '|': return a | b;
    case '^': return a ^ b;
    case '<<': return a << b;
    case '>>': return a >> b;
    case '>>>': return a >>> b;
    default: return undefined;
  }
}

function pythonBinary(sim: Simulation, operator: string, left: Value, right: Value, line: number): Value {
  const number = (value: Value): number | undefined => (typeof value === 'number' ? value : typeof value === 'boolean' ? Number(value) : undefined);
  const a = number(left), b = number(right);
  if (a !== undefined && b !== undefined) {
    switch (operator) {
      case '+': return a + b;
      case '-': return a - b;
      case '*': return a * b;
      case '/':
        if (b === 0) throw sim.error('ZeroDivisionError', 'division by zero', line);
        return a / b;
      case '//':
        if (b === 0) throw sim.error('ZeroDivisionError', 'integer division or modulo by zero', line);
        return Math.floor(a / b);
      case '%':
        if (b === 0) throw sim.error('ZeroDivisionError', 'integer division or modulo by zero', line);
        return ((a % b) + b) % b;
      case '**': return a ** b;
      case '<': return a < b;
      case '<=': return a <= b;
      case '>': return a > b;
      case '>=': return a >= b;
      case '&': return a & b;
      case '|': return a | b;
      case '^': return a ^ b;
      case '<<': return a * 2 ** b;
      case '>>': return Math.floor(a / 2 ** b);
    }
  }
  if (typeof left === 'string' && typeof right === 'string') {
    switch (operator) {
      case '+': return left + right;
      case '<': return left < right;
      case '<=': return left <= right;
      case '>': return left > right;
      case '>=': return left >= right;
    }
  }
  if (operator === '%' && typeof left === 'string') return percentFormat(sim, left, right);
  if (operator === '*' && (typeof left === 'string' || typeof right === 'string') && (a !== undefined || b !== undefined)) {
    const count = Math.max(0, (a ?? b)!);
    const text = (typeof left === 'string' ? left : right) as string;
    sim.budget.allocate(text.length * count);
    return text.repeat(count);
  }
  if (isObject(left) && left.t === 'list') {
    if (operator === '+' && isObject(right) && right.t === 'list') return list([...left.items, ...right.items], left.tuple);
    if (operator === '*' && b !== undefined) {
      sim.budget.allocate(left.items.length * Math.max(0, b));
      const items: Value[] = [];
      for (let i = 0; i < b; i++) items.push(...left.items);
      return list(items, left.tuple);
    }
    if (isObject(right) && right.t === 'list' && ['<', '<=', '>', '>='].includes(operator)) return compareSequences(sim, operator, left.items, right.items, line);
  }
  if (isObject(left) && left.t === 'set' && isObject(right) && right.t === 'set') return setOperation(sim, operator, left, right, line);
  if (isObject(left) && left.t === 'dict' && isObject(right) && right.t === 'dict' && operator === '|') {
    return { t: 'dict', entries: new Map([...left.entries, ...right.entries]) };
  }
  throw sim.error('TypeError', `unsupported operand type(s) for ${operator}: '${typeName(left)}' and '${typeName(right)}'`, line);
}

function compareSequences(sim: Simulation, operator: string, left: Value[], right: Value[], line: number): Value {
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    if (sim.semantics.equals(left[i], right[i]) === true) continue;
    return pythonBinary(sim, operator, left[i], right[i], line);
  }
  return pythonBinary(sim, operator, left.length, right.length, line);
}

/** `'%d items' % n`, `'%s: %s' % (a, b)`. */
function percentFormat(sim: Simulation, format: string, values: Value): Value {
  const args = isObject(values) && values.t === 'list' && values.tuple ? values.items : [values];
  if (args.some(isOpaque)) return opaque(format, 0);
  let i = 0;
  return format.replace(/%(\.\d+)?([sdrfi%])/g, (_, precision: string | undefined, type: string) => {
    if (type === '%') return '%';
    const value = args[i++];
    if (type === 'd' || type === 'i') return String(Math.trunc(Number(value)));
    if (type === 'f') return Number(value).toFixed(precision ? Number(precision.slice(1)) : 6);
    return type === 'r' ? sim.semantics.repr(value) : sim.semantics.toText(value);
  });
}

export function typeName(value: Value): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  switch (value.t) {
    case 'list': return value.tuple ? 'tuple' : 'list';
    case 'record': return value.cls?.name ?? 'object';
    default: return value.t;
  }
}

export function unaryOperation(sim: Simulation, operator: string, operand: Value, line: number): Value {
  if (operator === 'not' || operator === '!') {
    const truth = sim.semantics.truthy(operand);
    return truth === undefined ? opaque(`${operator === 'not' ? 'not ' : '!'}${isOpaque(operand) ? operand.text : ''}`, line) : !truth;
  }
  if (operator === 'void') return undefined;
  if (isOpaque(operand)) return opaque(`${operator}${operand.text}`, line);
  const number = typeof operand === 'boolean' ? Number(operand) : typeof operand === 'string' && sim.language === 'javascript' ? Number(operand) : operand;
  if (typeof number !== 'number') {
    if (sim.language === 'javascript') return NaN;
    throw sim.error('TypeError', `bad operand type for unary ${operator}: '${typeName(operand)}'`, line);
  }
  switch (operator) {
    case '-': return -number;
    case '+': return number;
    case '~': return ~number;
    default: return undefined;
  }
}

