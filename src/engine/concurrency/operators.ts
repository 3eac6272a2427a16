/** Operators and exception matching as the two languages define them, on the simulator's values. */
import { isObject, isUnknown, SimError, Value } from './values';

export function binary(operator: string, left: Value, right: Value): Value {
  if (operator === 'is' || operator === '===' || operator === '==') {
    if (isUnknown(left) || isUnknown(right)) return { t: 'unknown', text: operator, line: 0 };
    return left === right;
  }
  if (operator === 'is not' || operator === '!==' || operator === '!=') {
    if (isUnknown(left) || isUnknown(right)) return { t: 'unknown', text: operator, line: 0 };
    return left !== right;
  }
  if (typeof left === 'number' && typeof right === 'number') {
    switch (operator) {
      case '+': return left + right;
      case '-': return left - right;
      case '*': return left * right;
      case '/': return left / right;
      case '//': return Math.floor(left / right);
      case '%': return left % right;
      case '**': return left ** right;
      case '<': return left < right;
      case '<=': return left <= right;
      case '>': return left > right;
      case '>=': return left >= right;
    }
  }
  if (operator === '+' && typeof left === 'string' && typeof right === 'string') return left + right;
  if (operator === '+' && isObject(left) && left.t === 'list' && isObject(right) && right.t === 'list') return { t: 'list', items: [...left.items, ...right.items] };
  return { t: 'unknown', text: operator, line: 0 };
}

/** Whether an except clause / catch catches the error. CancelledError is only caught by name (or BaseException). */
export function catches(names: string[], error: SimError, language: 'python' | 'javascript'): boolean {
  if (language === 'javascript') return error.name !== 'CancelledError';
  if (names.length === 0) return error.name !== 'CancelledError';
  return names.some(name => {
    const last = name.split('.').pop()!;
    if (last === 'BaseException') return true;
    if (error.name === 'CancelledError') return last === 'CancelledError';
    return last === 'Exception' || last === error.name;
  });
}
