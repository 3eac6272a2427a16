/**
 * Module state that the file's functions set: `let cacheProxy;` / `_session = None` at module level, assigned by
 * an `init()` or a lazy getter. The simulated function runs without its caller, so whether that setter ran first
 * is not decided by the code: such a name is unknown when the function starts, not its empty initial value (which
 * would make `if (!cacheProxy) return;` the whole prediction). Conditions on it are then undecided, and said.
 */
import type { ClassModel, Expr, FunctionModel, Pattern, ProgramModel, Stmt } from './model';
import { catalogFor } from '../semantics/catalog';

const cache = new WeakMap<ProgramModel, Map<string, number>>();
const classCache = new WeakMap<ClassModel, Set<string>>();

/**
 * The attributes a class's methods set on `self` / `this` (`self.gossip = Gossip()` in `start_gossip`): a class
 * attribute of the same name that is None (`gossip: Optional[Gossip] = None`) is a default those methods replace.
 */
export function attributesSetByMethods(cls: ClassModel, language: ProgramModel['language']): Set<string> {
  let names = classCache.get(cls);
  if (!names) {
    names = new Set();
    for (const method of cls.methods) collectAssigned(method, language, new Set(), names);
    classCache.set(cls, names);
  }
  return names;
}

const outsideConstructorCache = new WeakMap<ClassModel, Set<string>>();

/**
 * The attributes a class's methods other than its constructor set on `self` / `this` (`this.enabled = true` in
 * `start()`): state whose value, when another method runs, depends on which ran before, which the code does not decide.
 */
export function attributesSetOutsideConstructor(cls: ClassModel, language: ProgramModel['language']): Set<string> {
  let names = outsideConstructorCache.get(cls);
  if (!names) {
    names = new Set();
    for (const method of cls.methods) if (method.name !== '__init__' && method.name !== 'constructor') collectAssigned(method, language, new Set(), names);
    outsideConstructorCache.set(cls, names);
  }
  return names;
}

const filledCache = new WeakMap<ClassModel, Set<string>>();

/**
 * The attributes a class's methods other than its constructor set or add to (`self._pages.append(page)`,
 * `this.items[key] = v`): a collection its constructor leaves empty holds, when another method reads it, what the
 * methods that ran before added, which the code does not decide.
 */
export function attributesFilledOutsideConstructor(cls: ClassModel, language: ProgramModel['language']): Set<string> {
  let names = filledCache.get(cls);
  if (!names) {
    const found = new Set(attributesSetOutsideConstructor(cls, language));
    for (const method of cls.methods) {
      if (method.name === '__init__' || method.name === 'constructor') continue;
      forEachRecordOfOwnBody(method, record => {
        const expr = record.kind === 'call' ? record.callee as Expr : record.kind === 'target' ? record.expr as Expr | undefined : undefined;
        const filled = record.kind === 'call' ? (expr?.kind === 'member' && addingMethods.has(expr.property) ? expr.object : undefined)
          : expr?.kind === 'index' ? expr.object : undefined;
        if (filled?.kind === 'member' && isInstanceOrClass(filled.object)) found.add(filled.property);
      });
    }
    filledCache.set(cls, found);
    names = found;
  }
  return names;
}

/** The module's names declared empty (see isEmptyLiteral) that a function of the file assigns, with their lines. */
export function emptyNamesSetByFunctions(program: ProgramModel): Map<string, number> {
  let names = cache.get(program);
  if (!names) {
    names = new Map();
    const assigned = new Set<string>();
    for (const fn of program.functions) collectAssigned(fn, program.language, assigned);
    for (const statement of program.module) {
      if (statement.kind !== 'assign' || !statement.declare || statement.targets.length !== 1) continue;
      const [target] = statement.targets;
      if (target.kind !== 'name' || !assigned.has(target.name)) continue;
      if (isEmptyLiteral(statement.value)) names.set(target.name, statement.line);
    }
    cache.set(program, names);
  }
  return names;
}

/**
 * Methods of the languages' own collections that add to one: a module's `jobsInProcess.set(digest, job)` or
 * `cleanupWork.push(fn)` in a function that registers work for another to run.
 */
const addingMethods = new Set(['push', 'unshift', 'set', 'add', 'append', 'appendleft', 'extend', 'insert', 'setdefault', 'update']);
/** The languages' own empty collections made by a call (`new Map()`, `dict()`). */
const emptyConstructions = new Set(['Map', 'Set', 'WeakMap', 'dict', 'set', 'list', 'deque', 'defaultdict', 'OrderedDict']);

/**
 * What a function's own body adds to (`fills`), and the names it calls or hands on (`reaches`): a function passed by
 * name (`names.map(upload)`, `retry(upload, name)`) runs as surely as one called.
 */
interface FillFacts { fills: Set<string>; reaches: Set<string> }
const fillCache = new WeakMap<FunctionModel, FillFacts>();

/** The module names a function's own body adds to (see addingMethods, `table[key] = v`), and the names it reaches. */
function fillFactsOf(fn: FunctionModel): FillFacts {
  let facts = fillCache.get(fn);
  if (facts) return facts;
  const found: FillFacts = { fills: new Set(), reaches: new Set() };
  forEachRecordOfOwnBody(fn, record => {
    // Every name read: the callee of a call, and a function handed to another (`xs.map(upload)`).
    if (record.kind === 'var') found.reaches.add(record.name as string);
    if (record.kind === 'call') {
      const callee = record.callee as Expr;
      if (callee.kind === 'member') {
        found.reaches.add(callee.property);
        if (callee.object.kind === 'var' && addingMethods.has(callee.property)) found.fills.add(callee.object.name);
      }
    } else if (record.kind === 'target') {
      const expr = record.expr as Expr | undefined;
      if (expr?.kind === 'index' && expr.object.kind === 'var') found.fills.add(expr.object.name);
    }
  });
  fillCache.set(fn, found);
  facts = found;
  return facts;
}

/**
 * The module's names that start as an empty collection and that a function the simulated one does not reach adds
 * to (a job table a `createJob` fills and `waitJobs` walks): when the simulated function runs, what its callers did
 * first is not decided by the code, so the collection is unknown, not empty. A function it reaches (a worker that
 * appends results, by name, or nested in one) fills it in the simulation itself, so those are left empty.
 */
export function emptyNamesFilledElsewhere(program: ProgramModel, entry: FunctionModel): Map<string, number> {
  const empty = new Map<string, number>();
  for (const statement of program.module) {
    if (statement.kind !== 'assign' || !statement.declare || statement.targets.length !== 1) continue;
    const [target] = statement.targets;
    if (target.kind === 'name' && (isEmptyLiteral(statement.value) || isEmptyConstruction(statement.value))) empty.set(target.name, statement.line);
  }
  const names = new Map<string, number>();
  if (empty.size === 0) return names;
  const fillers = program.functions.filter(fn => [...fillFactsOf(fn).fills].some(name => empty.has(name)));
  if (fillers.length === 0) return names;
  const reached = reachedFrom(program, entry);
  for (const fn of fillers) {
    if (reached.has(fn)) continue;
    for (const name of fillFactsOf(fn).fills) {
      const line = empty.get(name);
      if (line !== undefined) names.set(name, line);
    }
  }
  return names;
}

const byNameCache = new WeakMap<ProgramModel, Map<string, FunctionModel[]>>();

/** The functions `entry` may run: those it calls or hands on by name (a method by its name), and those nested in them. */
function reachedFrom(program: ProgramModel, entry: FunctionModel): Set<FunctionModel> {
  let byName = byNameCache.get(program);
  if (!byName) {
    byName = new Map();
    for (const fn of program.functions) byName.set(fn.name, [...(byName.get(fn.name) ?? []), fn]);
    byNameCache.set(program, byName);
  }
  const bySource = functionsBySource(program);
  const order = new Map(bySource.map((fn, i) => [fn, i]));
  const reached = new Set<FunctionModel>();
  const pending = [entry];
  while (pending.length > 0) {
    const fn = pending.pop()!;
    if (reached.has(fn)) continue;
    reached.add(fn);
    for (const name of fillFactsOf(fn).reaches) pending.push(...(byName.get(name) ?? []));
    // A Python lambda is not among the program's functions: it is found where it is written.
    pending.push(...functionValuesIn(fn));
    // In source order, the functions nested in `fn` (the arrow a `map` or a retry helper is given) follow it and
    // start before it ends.
    for (let i = (order.get(fn) ?? bySource.length) + 1; i < bySource.length && bySource[i].startIndex < fn.endIndex; i++) {
      pending.push(bySource[i]);
    }
  }
  return reached;
}

/** The functions written as values in a function's own body (`lambda: call(x)`, `() => refresh(s)`). */
function functionValuesIn(fn: FunctionModel): FunctionModel[] {
  const found: FunctionModel[] = [];
  forEachRecordOfOwnBody(fn, () => {}, nested => {
    if (nested.kind === 'function' && nested.fn) found.push(nested.fn as FunctionModel);
  });
  return found;
}

const bySourceCache = new WeakMap<ProgramModel, FunctionModel[]>();

/**
 * The program's functions by where they start. The lowering registers a function once its body is lowered, so a
 * nested function comes before the one around it in `program.functions`.
 */
function functionsBySource(program: ProgramModel): FunctionModel[] {
  let sorted = bySourceCache.get(program);
  if (!sorted) {
    sorted = [...program.functions].sort((a, b) => a.startIndex - b.startIndex || b.endIndex - a.endIndex);
    bySourceCache.set(program, sorted);
  }
  return sorted;
}

function isEmptyConstruction(value: Expr): boolean {
  if ((value.kind !== 'new' && value.kind !== 'call') || value.args.length > 0) return false;
  return value.callee.kind === 'var' && emptyConstructions.has(value.callee.name);
}

/**
 * An empty start: `None`, `null`, `undefined`, and the empty `{}` / `[]` a setter replaces whole (`let config = {};`
 * then `config = { repository, hasIssues }` in `initRepo`): either way the state is the setter's.
 */
function isEmptyLiteral(value: Expr): boolean {
  if (value.kind === 'const') return value.value === null || value.value === undefined;
  if (value.kind === 'dict') return value.entries.length === 0;
  return value.kind === 'list' && value.items.length === 0 && !value.tuple;
}

/**
 * Names a function's own body assigns outside its own scope: in JavaScript an assignment that declares nothing
 * (`x = ...`), in Python one to a name it declares `global` or `nonlocal`. Nested functions are walked on their own.
 */
function collectAssigned(fn: FunctionModel, language: ProgramModel['language'], into: Set<string>, onSelf?: Set<string>): void {
  const outer = new Set(fn.outer ?? []);
  forEachRecordOfOwnBody(fn, record => {
    if (onSelf && record.kind === 'call') for (const name of attributesSetByCall(record as Extract<Expr, { kind: 'call' }>, language)) onSelf.add(name);
    if (record.kind === 'assign') {
      const statement = record as Partial<Extract<Stmt, { kind: 'assign' }>> & { target?: { kind: string; name?: string } };
      const targets = statement.targets ?? (statement.target ? [statement.target] : []);
      for (const target of targets) {
        if (onSelf) {
          const member = target.kind === 'target' ? (target as { expr?: { kind: string; object?: Expr; property?: string } }).expr : undefined;
          if (member?.kind === 'member' && member.object && isInstanceOrClass(member.object) && typeof member.property === 'string') onSelf.add(member.property);
          continue;
        }
        if (statement.declare === true && language === 'javascript') continue;
        // A destructuring assignment sets each name it binds (a bundle's `({ types } = require_types())`).
        for (const name of patternNames(target as Pattern)) if (language === 'javascript' || outer.has(name)) into.add(name);
      }
    }
  });
}

/**
 * The attributes a call sets on `self` / `this` by name (the catalogue's attributeSetterName): typeorm's
 * `ObjectUtils.assign(this, { isInitialized: true })`, `Object.assign(this, {...})`, Python's `setattr(self, "ready",
 * True)`; written keys only.
 */
function attributesSetByCall(call: Extract<Expr, { kind: 'call' }>, language: ProgramModel['language']): string[] {
  const callee = call.callee;
  // A global is a qualified name (`../util/ObjectUtils.ObjectUtils.assign`): its last part is the function's.
  const name = callee.kind === 'member' ? callee.property : callee.kind === 'var' ? callee.name : callee.kind === 'global' ? callee.name.split('.').pop() : undefined;
  const [target, ...rest] = call.args;
  if (!name || !target || !isInstanceOrClass(target) || !catalogFor(language).nameSays('attributeSetterName', name)) return [];
  const written = (key: Expr) => (key.kind === 'const' && typeof key.value === 'string' ? [key.value] : []);
  if (rest[0]?.kind === 'const') return written(rest[0]);
  return rest.flatMap(arg => (arg.kind === 'dict' ? arg.entries.flatMap(entry => ('key' in entry ? written(entry.key) : [])) : []));
}

/** The names a pattern binds: itself, or each of a destructuring's (not `self.x` / `xs[i]` targets). */
function patternNames(pattern: Pattern | null | undefined): string[] {
  if (!pattern) return [];
  switch (pattern.kind) {
    case 'name': return typeof pattern.name === 'string' ? [pattern.name] : [];
    case 'sequence': return pattern.items.flatMap(patternNames);
    case 'object': return [...pattern.properties.flatMap(p => patternNames(p.value)), ...patternNames(pattern.rest)];
    case 'default': return patternNames(pattern.pattern);
    default: return [];
  }
}

/**
 * Each record (statement, expression, target) of a function's own body, outer ones first. A function or class
 * defined inside is not entered: it is walked as its own function (program.functions has it); `nested` is given
 * its record.
 */
function forEachRecordOfOwnBody(fn: FunctionModel, each: (record: Record<string, unknown>) => void, nested?: (record: Record<string, unknown>) => void): void {
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    const record = node as Record<string, unknown>;
    if (record.kind === 'function' || record.kind === 'class') {
      nested?.(record);
      return;
    }
    each(record);
    for (const [key, value] of Object.entries(record)) if (key !== 'fn' && key !== 'cls' && typeof value === 'object') visit(value);
  };
  visit(fn.body);
}

/**
 * `self` / `this`, or the class of the instance a method sets a class attribute on: `cls` (a classmethod's, or
 * redis's `cls = self.__class__`), `self.__class__`, `type(self)`.
 */
function isInstanceOrClass(object: Expr): boolean {
  if (object.kind === 'var') return object.name === 'self' || object.name === 'this' || object.name === 'cls';
  if (object.kind === 'member') return object.property === '__class__' && object.object.kind === 'var' && object.object.name === 'self';
  return object.kind === 'call' && object.callee.kind === 'var' && object.callee.name === 'type' && object.args.length === 1
    && object.args[0].kind === 'var' && object.args[0].name === 'self';
}

const readsThisCache = new WeakMap<FunctionModel, boolean>();

/**
 * Whether a JavaScript function reads `this` (its own, or through the arrow functions it defines): simulated on its
 * own, outside any class, `this` is whatever its caller gives it (a plugin hook's context, `fn.call(ctx)`).
 */
export function readsThis(fn: FunctionModel): boolean {
  let result = readsThisCache.get(fn);
  if (result === undefined) {
    const seen = new Set<object>();
    const visit = (node: unknown): boolean => {
      if (typeof node !== 'object' || node === null || seen.has(node)) return false;
      seen.add(node);
      if (Array.isArray(node)) return node.some(visit);
      const record = node as Record<string, unknown>;
      if (record.kind === 'var' && record.name === 'this') return true;
      if (record.kind === 'class') return false;
      if (record.kind === 'function') {
        const inner = record.fn as FunctionModel | undefined;
        return inner !== undefined && inner.isArrow && visit(inner.body);
      }
      return Object.values(record).some(visit);
    };
    result = visit(fn.body);
    readsThisCache.set(fn, result);
  }
  return result;
}
