/**
 * What a block awaits, read from the model without running it: the simulator's shapes of undecided branches
 * (undecided.ts) ask whether a branch awaits anything; `straightPathAwaits` is what issue 13's bar counts (a function
 * whose straight path awaits something that takes time must not be predicted as 0 s; see
 * scripts/simulate-corpus.js and test/unit/concurrency/straightPath.test.ts).
 */
import { catalogFor } from '../semantics/catalog';
import type { Expr, FunctionModel, ProgramModel, Stmt } from './model';

/** Which awaited expressions count: every one (the simulator's shapes), or only those that may take time. */
type Counted = (awaited: Expr) => boolean;

const everyAwait: Counted = () => true;

/**
 * What `return expr` in an async JavaScript function may wait for: a call's result (a promise, unless the catalogue
 * calls it a wrapper of a settled value), or a `new Promise(...)`; a `new Response(...)` / `new Error(...)` is an
 * object made at once.
 */
export function startsWork(expr: Expr): boolean {
  if (expr.kind === 'new') return expr.callee.kind === 'global' ? expr.callee.name === 'Promise' : expr.callee.kind === 'var' && expr.callee.name === 'Promise';
  return expr.kind === 'call' && !isSettledPromise(expr);
}

/**
 * Returning what the catalogue calls a wrapper (`Promise.resolve(cached)`, `Promise.reject(error)`) starts no work:
 * it passes on a value that is already there.
 */
export function isSettledPromise(expr: Expr): boolean {
  if (expr.kind !== 'call') return false;
  const callee = expr.callee;
  const name = callee.kind === 'global' ? callee.name : callee.kind === 'member' && callee.object.kind === 'var' ? `${callee.object.name}.${callee.property}` : undefined;
  return catalogFor('javascript').withRole(name, 'wrapper') !== undefined;
}

/**
 * The file's own functions an awaited call runs: `helper()` (the one function of the file of that name) and
 * `this.method()` / `self.method()` (the method of the caller's class), so that awaiting a helper that itself
 * awaits nothing that takes time (`await checkpoint()` whose body is `await sleep(0)`) is not counted.
 */
export class LocalFunctions {
  private readonly byName = new Map<string, FunctionModel[]>();
  private readonly verdicts = new Map<FunctionModel, boolean>();
  private readonly returning = new Map<FunctionModel, boolean>();

  constructor(private readonly program: ProgramModel) {
    for (const fn of program.functions) {
      if (fn.kind !== 'function' || program.classOf.has(fn)) continue;
      const same = this.byName.get(fn.name);
      if (same) same.push(fn);
      else this.byName.set(fn.name, [fn]);
    }
  }

  /** The function `callee` names from within `caller`, when the file has exactly one. */
  resolve(caller: FunctionModel, callee: Expr): FunctionModel | undefined {
    if (callee.kind === 'var') {
      const named = this.byName.get(callee.name);
      return named?.length === 1 ? named[0] : undefined;
    }
    if (callee.kind !== 'member' || callee.object.kind !== 'var') return undefined;
    const cls = this.program.classOf.get(caller);
    const selfName = this.program.language === 'javascript' ? 'this' : caller.params[0]?.pattern.kind === 'name' ? caller.params[0].pattern.name : undefined;
    if (!cls || callee.object.name !== selfName) return undefined;
    const methods = cls.methods.filter(m => m.name === callee.property && m.kind === 'method');
    // An empty method or one that only raises is there to be overridden (a hook, an abstract method): a subclass's
    // may do anything.
    return methods.length === 1 && methods[0].body.length > 0 && methods[0].body[0].kind !== 'raise' ? methods[0] : undefined;
  }

  /**
   * Whether a JavaScript function may return a promise of work on its straight path: `return fetchPage()`, or a
   * call of the file's function that does (`return normalize(config)` of a synchronous helper does not).
   */
  returnsPromise(fn: FunctionModel): boolean {
    let verdict = this.returning.get(fn);
    if (verdict === undefined) {
      this.returning.set(fn, false);
      verdict = straightPathReturnsWork(fn.body, { functions: this, caller: fn });
      this.returning.set(fn, verdict);
    }
    return verdict;
  }

  /** Whether `fn`'s straight path awaits something that takes time (a call back into a function being read: no). */
  awaitsTime(fn: FunctionModel): boolean {
    let verdict = this.verdicts.get(fn);
    if (verdict === undefined) {
      this.verdicts.set(fn, false);
      const context = { functions: this, caller: fn };
      // JavaScript's `return fetchPage()` / `return new Promise(...)` in an async function waits for what it returns.
      verdict = straightPathAwaits(fn.body, context) || (this.program.language === 'javascript' && this.returnsPromise(fn));
      this.verdicts.set(fn, verdict);
    }
    return verdict;
  }
}

/** Where a straight path is read: its function, and the file's functions its awaited calls may run. */
export interface StraightPathContext {
  functions: LocalFunctions;
  caller: FunctionModel;
}

/**
 * Whether a function's straight path awaits something that takes time: an `await` or an `async for` in its body,
 * outside the exception handlers (what runs when nothing fails) and the functions it defines. Entering `async with`
 * alone is not counted (taking a free lock takes no time), nor is an await of a turn of the event loop or of a
 * settled value (`await sleep(0)`, `x = await Promise.resolve(y)`), nor, given the file's functions, an await of
 * one of them whose own straight path awaits nothing that takes time.
 */
export function straightPathAwaits(statements: Stmt[], context?: StraightPathContext): boolean {
  const counted: Counted = awaited => !takesNoTime(awaited, context);
  return statements.some(statement => {
    switch (statement.kind) {
      case 'if': return exprAwaits(statement.condition, counted) || straightPathAwaits(statement.then, context) || straightPathAwaits(statement.otherwise, context);
      case 'while': return exprAwaits(statement.condition, counted) || straightPathAwaits(statement.body, context);
      case 'for': return statement.isAsync || exprAwaits(statement.iterable, counted) || straightPathAwaits(statement.body, context);
      case 'with': return exprAwaits(statement.context, counted) || straightPathAwaits(statement.body, context);
      case 'try': return straightPathAwaits(statement.body, context) || straightPathAwaits(statement.orElse, context) || straightPathAwaits(statement.finally, context);
      case 'switch': return statement.cases.some(c => straightPathAwaits(c.body, context));
      case 'block': return straightPathAwaits(statement.body, context);
      default: return statementAwaits(statement, counted);
    }
  });
}

/**
 * Whether a block returns, outside its exception handlers, what may be a promise: what a call starts (see
 * startsWork), or a value read from somewhere (`return this.readingPromise`); a literal or arithmetic is not one.
 */
function straightPathReturnsWork(statements: Stmt[], context: StraightPathContext): boolean {
  const within = (block: Stmt[]) => straightPathReturnsWork(block, context);
  return statements.some(statement => {
    switch (statement.kind) {
      case 'return': return statement.value !== undefined && mayBePromise(statement.value, context);
      case 'if': return within(statement.then) || within(statement.otherwise);
      case 'while': case 'for': case 'with': case 'block': return within(statement.body);
      case 'try': return within(statement.body) || within(statement.orElse) || within(statement.finally);
      case 'switch': return statement.cases.some(c => within(c.body));
      default: return false;
    }
  });
}

/**
 * Whether a returned value may be a promise of work: a call that starts some, or, in an async function, a value read
 * from somewhere (`return this.readingPromise`); a synchronous helper that returns what it read (`return config`)
 * passes a value on.
 */
function mayBePromise(expr: Expr, context: StraightPathContext): boolean {
  switch (expr.kind) {
    case 'var': return context.caller.isAsync && expr.name !== 'undefined';
    case 'member': case 'index': case 'unknown': case 'global': case 'yield': return context.caller.isAsync;
    case 'call': {
      const local = context.functions.resolve(context.caller, expr.callee);
      if (local && !local.isGenerator) return local.isAsync ? context.functions.awaitsTime(local) : context.functions.returnsPromise(local);
      return startsWork(expr);
    }
    case 'new': return startsWork(expr);
    case 'conditional': return mayBePromise(expr.then, context) || mayBePromise(expr.otherwise, context);
    case 'logical': return mayBePromise(expr.left, context) || mayBePromise(expr.right, context);
    case 'sequence': return expr.items.length > 0 && mayBePromise(expr.items[expr.items.length - 1], context);
    case 'assign': return mayBePromise(expr.value, context);
    default: return false;
  }
}

/**
 * `await asyncio.sleep(0)`, `await sleep(0)`, `await Promise.resolve()`: a turn of the event loop, no time; so is
 * an await of one of the file's async functions that awaits nothing that takes time. A function that awaits nothing
 * else is rightly 0 s.
 */
function takesNoTime(awaited: Expr, context: StraightPathContext | undefined): boolean {
  if (awaited.kind === 'const') return true;
  if (awaited.kind === 'new') return resolvesOnATurn(awaited);
  if (awaited.kind !== 'call') return false;
  const callee = awaited.callee;
  const local = context?.functions.resolve(context.caller, callee);
  if (local) return local.isAsync && !local.isGenerator && !context!.functions.awaitsTime(local);
  if (mapsInProcess(awaited)) return true;
  const name = callee.kind === 'var' || callee.kind === 'global' ? callee.name : callee.kind === 'member' ? callee.property : undefined;
  if (name === undefined) return false;
  const zero = awaited.args.length === 1 && awaited.args[0].kind === 'const' && awaited.args[0].value === 0;
  // A library's own name (`asyncio.sleep`, once the resolver knows the import), or a bare or member one (`sleep`).
  const timer = (['python', 'javascript'] as const).some(language => {
    const catalog = catalogFor(language);
    return callee.kind === 'global' ? catalog.withRole(name, 'timer') !== undefined : catalog.hasEntryEndingWith(name, 'timer');
  });
  // `Promise.resolve(handler(...args))` waits for what the handler returns.
  return (timer && zero) || (isSettledPromise(awaited) && awaited.args.every(arg => arg.kind === 'const' || arg.kind === 'var'));
}

/**
 * `new Promise(resolve => setImmediate(() => setTimeout(resolve, 0)))`: a promise whose executor only schedules its
 * `resolve` for the next turns of the event loop (a zero-delay timer, `setImmediate`, `process.nextTick`,
 * `queueMicrotask`) lets other callbacks run and takes no time (shopify's test helpers `waitFor`).
 */
function resolvesOnATurn(created: Extract<Expr, { kind: 'new' }>): boolean {
  if (created.callee.kind !== 'var' && created.callee.kind !== 'global') return false;
  if (created.callee.name !== 'Promise' || created.args.length !== 1 || created.args[0].kind !== 'function') return false;
  const executor = created.args[0].fn;
  const resolve = executor.params[0]?.pattern.kind === 'name' ? executor.params[0].pattern.name : undefined;
  if (resolve === undefined) return false;
  const schedulesOnly = (body: Stmt[]): boolean => body.length > 0 && body.every(statement =>
    (statement.kind === 'expr' || statement.kind === 'return') && statement.value !== undefined && schedulesResolve(statement.value));
  const schedulesResolve = (expr: Expr): boolean => {
    if (expr.kind !== 'call') return false;
    const callee = expr.callee;
    const name = callee.kind === 'var' || callee.kind === 'global' ? callee.name : callee.kind === 'member' && callee.object.kind === 'var' ? `${callee.object.name}.${callee.property}` : '';
    if (name === resolve) return true;
    // A timer of the catalogue with no delay (`setImmediate`, `process.nextTick`) or given none (`setTimeout(f, 0)`).
    const timer = catalogFor('javascript').withRole(name, 'timer');
    const delayAt = timer?.milliseconds && 'argument' in timer.milliseconds ? timer.milliseconds.argument : undefined;
    const delay = delayAt === undefined ? undefined : expr.args[delayAt];
    if (!timer || (delay !== undefined && !(delay.kind === 'const' && delay.value === 0))) return false;
    const callback = expr.args[0];
    if (callback?.kind === 'var') return callback.name === resolve;
    return callback?.kind === 'function' && schedulesOnly(callback.fn.body);
  };
  return schedulesOnly(executor.body);
}

/**
 * `await pMap(updates, node => { getPackage(node).set('version', v); })`: a library's map over a function that
 * awaits nothing and returns no value that could be a promise (nothing, or what it builds: `{ name: x.name }`)
 * waits a turn of the event loop per item, no time (lerna's `updateCanaryVersions`).
 */
function mapsInProcess(awaited: Extract<Expr, { kind: 'call' }>): boolean {
  // TypeScript's and bundlers' `(0, import_p_map.default)(...)` calls the last item of the sequence.
  const callee = awaited.callee.kind === 'sequence' && awaited.callee.items.length > 0 ? awaited.callee.items[awaited.callee.items.length - 1] : awaited.callee;
  if (callee.kind !== 'global') return false;
  const name = callee.name;
  if (!(['python', 'javascript'] as const).some(language => catalogFor(language).withRole(name, 'boundedMap') !== undefined)) return false;
  const mappers = awaited.args.filter((arg): arg is Extract<Expr, { kind: 'function' }> => arg.kind === 'function');
  return mappers.length === 1 && !mappers[0].fn.isGenerator && !mappers[0].fn.body.some(statement => statementAwaits(statement))
    && returnsOnlyBuiltValues(mappers[0].fn.body);
}

/** Whether every `return` of a block (outside the functions it defines) returns nothing or a value it builds. */
function returnsOnlyBuiltValues(statements: Stmt[]): boolean {
  const built = (value: Expr): boolean => {
    switch (value.kind) {
      case 'const': case 'template': case 'binary': case 'unary': case 'typeof': return !exprAwaits(value) && !containsCall(value);
      // An object or an array is the value itself, whatever it holds: the map does not wait for what is inside.
      case 'list': case 'dict': return !exprAwaits(value);
      default: return false;
    }
  };
  return statements.every(statement => {
    switch (statement.kind) {
      case 'return': return statement.value === undefined || built(statement.value);
      case 'if': return returnsOnlyBuiltValues(statement.then) && returnsOnlyBuiltValues(statement.otherwise);
      case 'while': case 'for': case 'with': case 'block': return returnsOnlyBuiltValues(statement.body);
      case 'try': return [statement.body, statement.orElse, statement.finally, ...statement.handlers.map(h => h.body)].every(returnsOnlyBuiltValues);
      case 'switch': return statement.cases.every(c => returnsOnlyBuiltValues(c.body));
      default: return true;
    }
  });
}

function containsCall(expr: Expr): boolean {
  switch (expr.kind) {
    case 'call': case 'new': return true;
    case 'binary': case 'logical': return containsCall(expr.left) || containsCall(expr.right);
    case 'unary': case 'typeof': return containsCall(expr.operand);
    case 'template': return expr.parts.some(p => typeof p !== 'string' && containsCall(p.value));
    default: return false;
  }
}

/** Whether a statement awaits something anywhere in it (not inside a function it defines). */
export function statementAwaits(statement: Stmt, counted: Counted = everyAwait): boolean {
  const inBlock = (statements: Stmt[]) => statements.some(s => statementAwaits(s, counted));
  const inExpr = (expr: Expr) => exprAwaits(expr, counted);
  switch (statement.kind) {
    case 'expr': return inExpr(statement.value);
    case 'assign': return inExpr(statement.value);
    case 'return': case 'raise': return statement.value !== undefined && inExpr(statement.value);
    case 'if': return inExpr(statement.condition) || inBlock(statement.then) || inBlock(statement.otherwise);
    case 'while': return inExpr(statement.condition) || inBlock(statement.body);
    case 'for': return statement.isAsync || inExpr(statement.iterable) || inBlock(statement.body);
    case 'with': return statement.isAsync || inExpr(statement.context) || inBlock(statement.body);
    case 'try': return [statement.body, statement.orElse, statement.finally, ...statement.handlers.map(h => h.body)].some(inBlock);
    case 'switch': return statement.cases.some(c => inBlock(c.body));
    case 'block': return inBlock(statement.body);
    default: return false;
  }
}

const awaitsCache = new WeakMap<Expr, boolean>();

/** Whether an expression awaits something (not inside a function it defines); every await counts unless told. */
export function exprAwaits(expr: Expr, counted: Counted = everyAwait): boolean {
  if (counted !== everyAwait) return computeAwaits(expr, counted);
  let result = awaitsCache.get(expr);
  if (result === undefined) {
    result = computeAwaits(expr, counted);
    awaitsCache.set(expr, result);
  }
  return result;
}

function computeAwaits(expr: Expr, counted: Counted): boolean {
  const inExpr = (inner: Expr) => exprAwaits(inner, counted);
  switch (expr.kind) {
    case 'await': return counted(expr.value) || inExpr(expr.value);
    case 'list': return expr.items.some(inExpr);
    case 'spread': return inExpr(expr.value);
    case 'dict': return expr.entries.some(e => ('spread' in e ? inExpr(e.spread) : inExpr(e.key) || inExpr(e.value)));
    case 'member': return inExpr(expr.object);
    case 'index': return inExpr(expr.object) || inExpr(expr.index);
    case 'binary': case 'logical': return inExpr(expr.left) || inExpr(expr.right);
    case 'chain': return expr.operands.some(inExpr);
    case 'unary': case 'typeof': return inExpr(expr.operand);
    case 'conditional': return inExpr(expr.condition) || inExpr(expr.then) || inExpr(expr.otherwise);
    case 'call': return inExpr(expr.callee) || expr.args.some(inExpr) || (expr.keywords ?? []).some(k => inExpr(k.value));
    case 'new': return inExpr(expr.callee) || expr.args.some(inExpr);
    case 'assign': return inExpr(expr.value);
    case 'template': return expr.parts.some(p => typeof p !== 'string' && inExpr(p.value));
    case 'sequence': return expr.items.some(inExpr);
    case 'comprehension': return expr.clauses.some(c => ('if' in c ? inExpr(c.if) : c.isAsync || inExpr(c.in))) || inExpr(expr.element);
    default: return false;
  }
}
