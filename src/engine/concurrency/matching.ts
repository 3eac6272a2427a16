/**
 * Python's structural pattern matching: whether a `case` pattern matches a `match` statement's subject, with the
 * names it binds. Three answers, as for any condition: matches, does not, or not decided by the code (the subject
 * or a part of it is unknown); the `if` the case was lowered to (pythonMatch.ts) decides the last as it decides an
 * undecided condition, and says so. The names of an undecided pattern are bound to unknown parts of the subject,
 * so a case taken on that assumption has them.
 */
import { getAttribute, isInstanceOf } from './attributes';
import { binaryOperationWithHooks, evaluate } from './expressions';
import type { Expr, Line, MatchPattern } from './model';
import type { SimTask } from './scheduler';
import type { Simulation } from './simulation';
import { dictGet, Env, isObject, isOpaque, keyOf, list, newDict, opaque, Resumption, Thrown, unbound, Value, Wait } from './values';

type Answer = boolean | undefined;
type Matching = Generator<Wait, Answer, Resumption>;

/** The value of a `match` expression: true, false, or an unknown value naming the case (see undecided.ts). */
export function* matchExpression(sim: Simulation, task: SimTask, expr: Extract<Expr, { kind: 'match' }>, env: Env): Generator<Wait, Value, Resumption> {
  const subject = yield* evaluate(sim, task, expr.subject, env);
  const answer = yield* matches(sim, task, expr.pattern, subject, env, expr.line);
  return answer === undefined ? opaque('the case', expr.line) : answer;
}

/** Both answers together: false if either is, undecided if either is, else true. */
function both(a: Answer, b: Answer): Answer {
  if (a === false || b === false) return false;
  return a === undefined || b === undefined ? undefined : true;
}

/** Builtin classes that match their subject itself with one positional pattern (`case str(name)`). */
const selfMatching = new Set(['bool', 'bytearray', 'bytes', 'dict', 'float', 'frozenset', 'int', 'list', 'set', 'str', 'tuple']);

function* matches(sim: Simulation, task: SimTask, pattern: MatchPattern, subject: Value, env: Env, line: Line): Matching {
  switch (pattern.kind) {
    case 'wildcard': return true;
    case 'capture': env.declare(pattern.name, subject); return true;
    case 'unknown': return undefined;
    case 'value': {
      const value = yield* evaluate(sim, task, pattern.value, env);
      return sim.semantics.truthy(yield* binaryOperationWithHooks(sim, task, '==', subject, value, line));
    }
    case 'as': {
      const answer = yield* matches(sim, task, pattern.pattern, subject, env, line);
      if (answer !== false) env.declare(pattern.name, subject);
      return answer;
    }
    case 'or': {
      let answer: Answer = false;
      for (const alternative of pattern.alternatives) {
        const one = yield* matches(sim, task, alternative, subject, env, line);
        if (one === true) return true;
        if (one === undefined) answer = undefined;
      }
      return answer;
    }
    case 'sequence': return yield* sequence(sim, task, pattern, subject, env, line);
    case 'mapping': return yield* mapping(sim, task, pattern, subject, env, line);
    case 'class': return yield* classPattern(sim, task, pattern, subject, env, line);
  }
}

function* sequence(sim: Simulation, task: SimTask, pattern: Extract<MatchPattern, { kind: 'sequence' }>, subject: Value, env: Env, line: Line): Matching {
  const { items: patterns, star } = pattern;
  let items: Value[];
  let answer: Answer = true;
  if (isOpaque(subject)) {
    // Its length is unknown: each pattern matched against an unknown item, to bind its names.
    items = patterns.map((_, i) => opaque(`${subject.text}[${i}]`, line));
    answer = undefined;
  } else if (isObject(subject) && subject.t === 'list') {
    items = subject.items;
    const fixed = star === undefined ? patterns.length : patterns.length - 1;
    if (star === undefined ? items.length !== fixed : items.length < fixed) return false;
  } else if (typeof subject === 'string' || typeof subject === 'number' || typeof subject === 'boolean' || subject === null || subject === undefined
    || (isObject(subject) && (subject.t === 'dict' || subject.t === 'set' || subject.t === 'record' || subject.t === 'function' || subject.t === 'class'))) {
    // Strings are no sequences to `match`; nor are mappings, sets, numbers or the program's own instances.
    return false;
  } else return undefined;
  const after = star === undefined ? 0 : patterns.length - star - 1;
  for (let i = 0; i < patterns.length; i++) {
    if (i === star) {
      if (pattern.starName) env.declare(pattern.starName, isOpaque(subject) ? opaque(`${subject.text}[${i}:]`, line) : list(items.slice(i, items.length - after)));
      continue;
    }
    const item = star !== undefined && i > star && !isOpaque(subject) ? items[items.length - (patterns.length - i)] : items[i];
    answer = both(answer, yield* matches(sim, task, patterns[i], item, env, line));
    if (answer === false) return false;
  }
  return answer;
}

function* mapping(sim: Simulation, task: SimTask, pattern: Extract<MatchPattern, { kind: 'mapping' }>, subject: Value, env: Env, line: Line): Matching {
  const unknown = isOpaque(subject) || (isObject(subject) && subject.t === 'dict' && subject.unknownKeys === true);
  if (!unknown && !(isObject(subject) && subject.t === 'dict')) return isObject(subject) && !['list', 'record', 'set', 'function', 'class'].includes(subject.t) ? undefined : false;
  let answer: Answer = isOpaque(subject) ? undefined : true;
  const taken = new Set<unknown>();
  for (const entry of pattern.entries) {
    const key = yield* evaluate(sim, task, entry.key, env);
    taken.add(keyOf(key));
    let value: Value | typeof unbound = isObject(subject) && subject.t === 'dict' ? dictGet(subject, key) : unbound;
    if (value === unbound) {
      if (!unknown) return false;
      value = opaque(`${sim.semantics.repr(subject)}[${sim.semantics.repr(key)}]`, line);
      answer = undefined;
    }
    answer = both(answer, yield* matches(sim, task, entry.value, value, env, line));
    if (answer === false) return false;
  }
  if (pattern.rest) {
    const rest = newDict();
    if (isObject(subject) && subject.t === 'dict') for (const [k, entry] of subject.entries) if (!taken.has(k)) rest.entries.set(k, entry);
    env.declare(pattern.rest, isOpaque(subject) ? opaque(`${subject.text} (the other keys)`, line) : rest);
  }
  return answer;
}

function* classPattern(sim: Simulation, task: SimTask, pattern: Extract<MatchPattern, { kind: 'class' }>, subject: Value, env: Env, line: Line): Matching {
  const cls = yield* evaluate(sim, task, pattern.cls, env);
  let answer: Answer;
  if (isOpaque(subject) || !isObject(cls) || cls.t !== 'class') answer = undefined;
  else if (isInstanceOf(subject, cls)) answer = true;
  // An instance of a class with a base the simulation does not know may still be one.
  else if (isObject(subject) && subject.t === 'record' && subject.cls?.unknownBase) answer = undefined;
  else return false;
  // An attribute the instance lacks makes the pattern fail (Python's `hasattr`), rather than raise.
  const attribute = function* (name: string): Generator<Wait, Value | typeof unbound, Resumption> {
    if (answer !== true) return opaque(`${sim.semantics.repr(subject)}.${name}`, line);
    try { return yield* getAttribute(sim, task, subject, name, line); } catch (error) {
      if (error instanceof Thrown) return unbound;
      throw error;
    }
  };
  const sub = function* (pattern: MatchPattern, name: string): Matching {
    const value = yield* attribute(name);
    return value === unbound ? false : yield* matches(sim, task, pattern, value, env, line);
  };
  if (pattern.args.length > 0) {
    const names = isObject(cls) && cls.t === 'class' ? matchArgs(cls) : undefined;
    if (names === undefined && isObject(cls) && cls.t === 'class' && selfMatching.has(cls.name) && !cls.model && pattern.args.length === 1) {
      answer = both(answer, yield* matches(sim, task, pattern.args[0], subject, env, line));
    } else if (names !== undefined && names.length >= pattern.args.length) {
      for (let i = 0; i < pattern.args.length && answer !== false; i++) answer = both(answer, yield* sub(pattern.args[i], names[i]));
    } else if (answer === true) {
      throw sim.error('TypeError', `${(cls as { name: string }).name}() accepts ${names?.length ?? 0} positional sub-patterns (${pattern.args.length} given)`, line);
    } else {
      // Not decided: its names are bound to unknown parts, for the case taken on that assumption.
      answer = undefined;
      for (let i = 0; i < pattern.args.length; i++) yield* matches(sim, task, pattern.args[i], opaque(`${sim.semantics.repr(subject)}[${i}]`, line), env, line);
    }
  }
  for (const keyword of pattern.keywords) {
    if (answer === false) return false;
    answer = both(answer, yield* sub(keyword.value, keyword.name));
  }
  return answer;
}

/** A class's `__match_args__` (a dataclass has its fields'), on it or a base; undefined when it has none. */
function matchArgs(cls: Extract<Value, { t: 'class' }>): string[] | undefined {
  for (let current: typeof cls | undefined = cls; current; current = current.base) {
    const names = current.props.get('__match_args__');
    if (isObject(names) && names.t === 'list') return names.items.filter((n): n is string => typeof n === 'string');
  }
  return undefined;
}
