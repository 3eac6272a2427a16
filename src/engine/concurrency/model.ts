/**
 * The concurrency model: a small language that both Python asyncio and JS promises are lowered into
 * (pythonModel.ts, javascriptModel.ts) and that the simulator (simulation.ts) runs on a virtual clock.
 *
 * It keeps only what decides timing: awaits, sleeps, calls of the file's own async functions, fan-outs, limiters,
 * queues, timeouts, loops and the values they depend on (numbers, collections, the semaphore passed to a task).
 * Everything else becomes `unknown` (a value) or `io` (an awaited call of unknown duration).
 */

/** 1-based source line, for the timeline's "reveal" and the assumptions list. */
export type Line = number;

export type Expr =
  | { kind: 'const'; value: number | string | boolean | null }
  | { kind: 'var'; name: string }
  /** A value the model cannot follow; iterating it gives the assumed item count. */
  | { kind: 'unknown'; text: string; line: Line }
  | { kind: 'list'; items: Expr[] }
  /** `*xs` / `...xs` inside a list or call arguments. */
  | { kind: 'spread'; value: Expr }
  | { kind: 'object'; properties: Record<string, Expr> }
  | { kind: 'member'; object: Expr; property: string }
  | { kind: 'index'; object: Expr; index: Expr }
  /** `[f(x) for x in xs if c]`, `xs.map(x => f(x))`, `Array.from(xs, fn)`. */
  | { kind: 'map'; iterable: Expr; variables: Pattern; element: Expr; filter?: Expr }
  | { kind: 'range'; start: Expr; stop: Expr; step: Expr }
  | { kind: 'binary'; operator: string; left: Expr; right: Expr }
  | { kind: 'unary'; operator: string; operand: Expr }
  | { kind: 'conditional'; condition: Expr; then: Expr; otherwise: Expr }
  | { kind: 'await'; value: Expr; line: Line; text: string }
  /** A call: of the file's own functions (followed), of a function value, or of something unknown. */
  | { kind: 'call'; callee: Expr; args: Expr[]; keywords: Record<string, Expr>; line: Line; text: string }
  | { kind: 'function'; fn: FunctionModel }
  /** `new C(...)` (JS) — Python's `C(...)` is a call, and calling a class constructs it. */
  | { kind: 'new'; callee: Expr; args: Expr[]; line: Line; text: string }
  /** Python's `(name := value)`. */
  | { kind: 'assignExpr'; name: string; value: Expr }
  /** A built-in of the concurrency libraries, recognised by the lowering; see `Builtin`. */
  | { kind: 'builtin'; builtin: Builtin; args: Expr[]; keywords: Record<string, Expr>; line: Line; text: string }
  /** A call whose result is awaitable work of unknown duration (`fetch(url)`, `session.get(u)`). */
  | { kind: 'io'; args: Expr[]; line: Line; text: string };

export type Builtin =
  /** asyncio.sleep(seconds) / a JS timer: seconds in args[0]; `rejects` keyword for a timer that rejects. */
  | 'sleep'
  | 'gather' | 'all' | 'allSettled' | 'any' | 'race'
  /** asyncio.wait: (done, pending) once `return_when` holds or `timeout` passes; it cancels nothing. */
  | 'wait'
  | 'createTask' | 'taskGroup' | 'asCompleted' | 'waitFor' | 'timeoutBlock'
  | 'semaphore' | 'pLimit' | 'pMap' | 'queue'
  /** AbortSignal.timeout(ms): a signal that aborts `ms` after its creation. */
  | 'abortTimeout'
  /** `len(xs)`, `xs.length`. */
  | 'length'
  /** Resolved promise / passthrough: `Promise.resolve(x)`. */
  | 'resolve'
  /** A shared iterator over a collection (`iter(xs)`, `xs.values()`, `xs.entries()`): loops that share it share the items. */
  | 'iterator'
  /** `enumerate(xs)` / `xs.entries()`: pairs of index and item. */
  | 'enumerate'
  /** `new Promise(executor)` that is no plain timer: settles when the executor's resolve or reject is called. */
  | 'deferred'
  /** `setTimeout(callback, ms)` (a handle) and `clearTimeout(handle)`. */
  | 'setTimeout' | 'clearTimeout';

export type Pattern = string | Pattern[];

export type Stmt =
  | { kind: 'expr'; value: Expr; line: Line }
  /** `declare`: a new binding in the current scope (Python assignments, JS `const`/`let`); otherwise the nearest existing one. */
  | { kind: 'assign'; target: Pattern | Expr; value: Expr; declare: boolean; line: Line }
  | { kind: 'for'; variables: Pattern; iterable: Expr; body: Stmt[]; isAsync: boolean; line: Line }
  /** `update` runs after each iteration, also after `continue` (a C-style `for`). */
  | { kind: 'while'; condition: Expr; body: Stmt[]; update?: Stmt[]; line: Line }
  | { kind: 'if'; condition: Expr; then: Stmt[]; otherwise: Stmt[]; line: Line }
  | { kind: 'break' } | { kind: 'continue' }
  | { kind: 'return'; value?: Expr; line: Line }
  | { kind: 'raise'; error: string; line: Line }
  /** `async with ctx [as name]:` (semaphore, asyncio.timeout, TaskGroup, p-limit has none). */
  | { kind: 'with'; context: Expr; name?: string; body: Stmt[]; line: Line }
  | { kind: 'try'; body: Stmt[]; handlers: Handler[]; finally: Stmt[]; line: Line };

export interface Handler {
  /** Exception names it catches (`TimeoutError`, `asyncio.TimeoutError`, ...); empty catches everything but cancellation. */
  catches: string[];
  name?: string;
  body: Stmt[];
}

export interface FunctionModel {
  name: string;
  params: Array<{ name: string; default?: Expr; rest?: boolean }>;
  isAsync: boolean;
  /** An arrow function with an expression body is a body of one `return`. */
  body: Stmt[];
  line: Line;
}

export interface ClassModel {
  name: string;
  /** Field initialisers (`items = []` in a JS class body; Python class attributes). */
  fields: Array<{ name: string; value: Expr }>;
  /** Methods by name; `constructor` (JS) / `__init__` (Python) runs on construction. */
  methods: Map<string, FunctionModel>;
  line: Line;
}

export interface ProgramModel {
  language: 'python' | 'javascript';
  /** The file's functions by name (top-level and nested ones, the first definition of a name wins). */
  functions: Map<string, FunctionModel>;
  /** The file's classes by name. */
  classes: Map<string, ClassModel>;
  /** Module-level constants (`LIMIT = 5`, `const LIMIT = 5`). */
  constants: Map<string, Expr>;
  /** Seconds per unit of the language's timers: 1 for asyncio.sleep, 0.001 for setTimeout's milliseconds. */
  timeUnit: number;
}
