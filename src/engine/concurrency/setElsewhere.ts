/**
 * Module state that the file's functions set: `let cacheProxy;` / `_session = None` at module level, assigned by
 * an `init()` or a lazy getter. The simulated function runs without its caller, so whether that setter ran first
 * is not decided by the code: such a name is unknown when the function starts, not its empty initial value (which
 * would make `if (!cacheProxy) return;` the whole prediction). Conditions on it are then undecided, and said.
 */
import type { ClassModel, Expr, FunctionModel, ProgramModel, Stmt } from './model';

const cache = new WeakMap<ProgramModel, Map<string, number>>();
const classCache = new WeakMap<ClassModel, Set<string>>();

/**
 * The attributes a class's methods set on `self` / `this` (`self.gossip = Gossip()` in `start_gossip`): a class
 * attribute of the same name that is None (`gossip: Optional[Gossip] = None`) is a default those methods replace.
 */
export function attributesSetByMethods(cls: ClassModel): Set<string> {
  let names = classCache.get(cls);
  if (!names) {
    names = new Set();
    for (const method of cls.methods) collectAssigned(method, 'python', new Set(), names);
    classCache.set(cls, names);
  }
  return names;
}

const outsideConstructorCache = new WeakMap<ClassModel, Set<string>>();

/**
 * The attributes a class's methods other than its constructor set on `self` / `this` (`this.enabled = true` in
 * `start()`): state whose value, when another method runs, depends on which ran before, which the code does not decide.
 */
export function attributesSetOutsideConstructor(cls: ClassModel): Set<string> {
  let names = outsideConstructorCache.get(cls);
  if (!names) {
    names = new Set();
    for (const method of cls.methods) if (method.name !== '__init__' && method.name !== 'constructor') collectAssigned(method, 'python', new Set(), names);
    outsideConstructorCache.set(cls, names);
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
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    const record = node as Record<string, unknown>;
    // A function or class defined inside is walked as its own function (program.functions has it).
    if (record.kind === 'function' || record.kind === 'class') return;
    if (record.kind === 'assign') {
      const statement = record as Partial<Extract<Stmt, { kind: 'assign' }>> & { target?: { kind: string; name?: string } };
      const targets = statement.targets ?? (statement.target ? [statement.target] : []);
      for (const target of targets) {
        if (onSelf) {
          const member = target.kind === 'target' ? (target as { expr?: { kind: string; object?: Expr; property?: string } }).expr : undefined;
          if (member?.kind === 'member' && member.object && isInstanceOrClass(member.object) && typeof member.property === 'string') onSelf.add(member.property);
          continue;
        }
        if (target.kind !== 'name' || typeof target.name !== 'string') continue;
        if (language === 'python' ? outer.has(target.name) : statement.declare !== true) into.add(target.name);
      }
    }
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
