/**
 * The concurrency model: the async subset of Python and JavaScript that both are lowered into (pythonModel.ts,
 * javascriptModel.ts) and that the simulator (simulation.ts) interprets on a virtual clock. It keeps the program's
 * statements and expressions as they are, with their source lines; what the lowering cannot follow becomes
 * `unknown`, and names the shared resolver ties to a library become `global` (looked up in the catalogue).
 */

/** 1-based source line, for the timeline's "reveal" and the assumptions list. */
export type Line = number;

export type Expr =
  /** `undefined` is JavaScript's; Python's None and JavaScript's null are `null`. */
  | { kind: 'const'; value: number | string | boolean | null | undefined }
  | { kind: 'var'; name: string; line: Line }
  /** A library or language global by its qualified name (`asyncio.sleep`, `p-limit`, `Object.keys`). */
  | { kind: 'global'; name: string; text: string; line: Line }
  /** A value the model cannot follow; iterating it gives the assumed item count. */
  | { kind: 'unknown'; text: string; line: Line }
  | { kind: 'list'; items: Expr[]; tuple?: boolean; set?: boolean; line: Line }
  /** `*xs` / `...xs` in a list, a call's arguments or an object; `**kw` in a Python call or dict. */
  | { kind: 'spread'; value: Expr; line: Line }
  /** A Python dict or a JavaScript object literal (`spread` entries copy another's entries). */
  | { kind: 'dict'; entries: DictEntry[]; line: Line }
  | { kind: 'member'; object: Expr; property: string; optional?: boolean; line: Line }
  | { kind: 'index'; object: Expr; index: Expr; optional?: boolean; line: Line }
  | { kind: 'slice'; start?: Expr; stop?: Expr; step?: Expr; line: Line }
  /** Comprehensions: `[f(x) for x in xs if c]`, set, dict (`key`) and generator (`lazy`) forms. */
  | { kind: 'comprehension'; form: 'list' | 'set' | 'dict' | 'generator'; clauses: ComprehensionClause[]; element: Expr; key?: Expr; line: Line }
  | { kind: 'binary'; operator: string; left: Expr; right: Expr; line: Line }
  /** `and` / `or` / `&&` / `||` / `??`: the right side is evaluated only when needed. */
  | { kind: 'logical'; operator: 'and' | 'or' | 'nullish'; left: Expr; right: Expr; line: Line }
  /** Python's `a < b < c`: each comparison in turn, stopping at the first false one. */
  | { kind: 'chain'; operators: string[]; operands: Expr[]; line: Line }
  | { kind: 'unary'; operator: string; operand: Expr; line: Line }
  | { kind: 'conditional'; condition: Expr; then: Expr; otherwise: Expr; text: string; line: Line }
  | { kind: 'await'; value: Expr; line: Line; text: string }
  | { kind: 'call'; callee: Expr; args: Expr[]; keywords?: Array<{ name: string; value: Expr }>; optional?: boolean; line: Line; text: string }
  | { kind: 'new'; callee: Expr; args: Expr[]; line: Line; text: string }
  | { kind: 'function'; fn: FunctionModel }
  | { kind: 'class'; cls: ClassModel }
  /** An assignment used as a value: JavaScript's `a = b`, `x += 1`, `i++` (`postfix`: the old value), Python's `:=`. */
  | { kind: 'assign'; target: Target; value: Expr; operator?: string; postfix?: boolean; line: Line }
  /** A string built of parts: an f-string, a template literal (`format`: a Python format spec per part). */
  | { kind: 'template'; parts: Array<string | { value: Expr; format?: string; conversion?: string }>; line: Line }
  /** JavaScript's `a, b`: each in turn, the last one's value. */
  | { kind: 'sequence'; items: Expr[]; line: Line }
  | { kind: 'yield'; value?: Expr; delegate: boolean; line: Line }
  | { kind: 'regex'; pattern: string; flags: string; line: Line }
  /** JavaScript's `super` in `super.method()` / `super(...)`, Python's `super()`. */
  | { kind: 'super'; line: Line }
  | { kind: 'typeof'; operand: Expr; line: Line }
  /**
   * Python's `case` pattern tested against a `match` statement's subject (lowered to a chain of `if`s): true, false,
   * or an unknown value when the code does not decide it (the `if` then decides as for any condition). Binds the
   * pattern's names as it matches.
   */
  | { kind: 'match'; subject: Expr; pattern: MatchPattern; line: Line };

/** A `case` pattern of Python's structural pattern matching. */
export type MatchPattern =
  | { kind: 'wildcard' }
  | { kind: 'capture'; name: string }
  /** A literal or a dotted name (`Color.RED`), compared with `==`. */
  | { kind: 'value'; value: Expr }
  | { kind: 'or'; alternatives: MatchPattern[] }
  | { kind: 'as'; pattern: MatchPattern; name: string }
  /** `[a, *rest, b]`: `star` is the index of the starred item, `starName` what it binds (none for `*_`). */
  | { kind: 'sequence'; items: MatchPattern[]; star?: number; starName?: string }
  | { kind: 'mapping'; entries: Array<{ key: Expr; value: MatchPattern }>; rest?: string }
  | { kind: 'class'; cls: Expr; args: MatchPattern[]; keywords: Array<{ name: string; value: MatchPattern }> }
  /** A pattern the lowering does not follow: it never decides a case. */
  | { kind: 'unknown'; text: string };

export type DictEntry = { key: Expr; value: Expr } | { spread: Expr };

export type ComprehensionClause = { for: Pattern; in: Expr; isAsync?: boolean } | { if: Expr };

/** What an assignment, a loop or a parameter binds. */
export type Pattern =
  | { kind: 'name'; name: string }
  /** `a, *rest = xs`, `[a, , b] = xs` (`null`: a hole). */
  | { kind: 'sequence'; items: Array<Pattern | null>; rest?: number }
  | { kind: 'object'; properties: Array<{ key: string | Expr; value: Pattern }>; rest?: Pattern }
  | { kind: 'default'; pattern: Pattern; value: Expr }
  /** `self.x = ...`, `xs[i] = ...` in a pattern position. */
  | { kind: 'target'; expr: Expr };

export type Target = Pattern;

export type Stmt =
  | { kind: 'expr'; value: Expr; line: Line }
  /**
   * `declare`: a new binding in the current scope (JS `const`/`let`/`var`, a Python assignment: Python's scoping is
   * the function's, see FunctionModel.outer); otherwise the nearest existing one. `operator`: `x += 1`.
   */
  | { kind: 'assign'; targets: Target[]; value: Expr; declare: boolean; operator?: string; line: Line }
  | { kind: 'for'; pattern: Pattern; iterable: Expr; body: Stmt[]; isAsync: boolean; keys?: boolean; orElse?: Stmt[]; label?: string; line: Line }
  /** `update` runs after each iteration, also after `continue` (a C-style `for`); `perIteration`: its `let` names. */
  | { kind: 'while'; condition: Expr; body: Stmt[]; update?: Expr[]; doWhile?: boolean; perIteration?: string[]; orElse?: Stmt[]; label?: string; text: string; line: Line }
  | { kind: 'if'; condition: Expr; then: Stmt[]; otherwise: Stmt[]; text: string; line: Line }
  /** `label`: JavaScript's `break outer` / `continue outer`. */
  | { kind: 'break'; label?: string; line: Line }
  | { kind: 'continue'; label?: string; line: Line }
  | { kind: 'return'; value?: Expr; line: Line }
  /** `raise` / `throw`; without a value, Python's bare `raise` (the exception being handled). */
  | { kind: 'raise'; value?: Expr; line: Line }
  /** `with` / `async with` (one item; several are nested). */
  | { kind: 'with'; context: Expr; target?: Pattern; isAsync: boolean; body: Stmt[]; line: Line }
  | { kind: 'try'; body: Stmt[]; handlers: Handler[]; orElse: Stmt[]; finally: Stmt[]; line: Line }
  | { kind: 'switch'; discriminant: Expr; cases: Array<{ test?: Expr; body: Stmt[] }>; text: string; line: Line }
  /** A JavaScript block with declarations of its own (`let`, `const`, `class`, functions). */
  | { kind: 'block'; body: Stmt[]; label?: string; line: Line }
  | { kind: 'delete'; targets: Expr[]; line: Line };

export interface Handler {
  /** The classes it catches, as an expression (a name, a tuple); absent: everything but cancellation (and JS catch). */
  types?: Expr;
  name?: string;
  /** `except*`: matches the members of an exception group. */
  star?: boolean;
  body: Stmt[];
  line: Line;
}

export interface Param {
  pattern: Pattern;
  default?: Expr;
  /** `*args` / `...rest`. */
  rest?: boolean;
  /** `**kwargs`. */
  keywords?: boolean;
  /** After `*` / `*args`: passed by keyword only. */
  keywordOnly?: boolean;
  /** TypeScript's `constructor(private x)`: also stored as `this.x`. */
  property?: boolean;
}

export interface FunctionModel {
  name: string;
  /** `Class.method` for methods, the name otherwise: how a user picks a function (the CLI, the panel). */
  qualifiedName: string;
  params: Param[];
  isAsync: boolean;
  /** Has `yield`: calling it makes a generator (an async generator when `isAsync`). */
  isGenerator: boolean;
  /** JavaScript's arrow functions take `this` from where they are written. */
  isArrow: boolean;
  kind: 'function' | 'method' | 'getter' | 'setter';
  isStatic?: boolean;
  /** Python's `nonlocal` and `global` names: assignments to them go to the scope that has them. */
  outer?: string[];
  /** Decorators, innermost last (`@property`, `@staticmethod`, `@dataclass`...). */
  decorators?: Expr[];
  /** An arrow function with an expression body is a body of one `return`. */
  body: Stmt[];
  line: Line;
  /** The definition's extent in the source, in UTF-16 offsets: functions are picked by where they are. */
  startIndex: number;
  endIndex: number;
}

export interface ClassModel {
  name: string;
  bases: Expr[];
  /**
   * Python: the class body's statements other than methods (class attributes), run once; JS: instance fields,
   * initialised on each construction with `this` bound (static ones once, on the class).
   */
  fields: Array<{ name: string | Expr; value?: Expr; isStatic?: boolean; line: Line }>;
  /** Python: the annotated names of the body, in order (`x: int = 0`), for dataclasses. */
  annotations: Array<{ name: string; default?: Expr }>;
  methods: FunctionModel[];
  /**
   * Python: attributes the class body sets on its methods once they are defined (Azure's generated
   * `_delete_initial.metadata = {"url": ...}`, read back as `self._delete_initial.metadata`).
   */
  methodAttributes?: Array<{ method: string; name: string; value: Expr; line: Line }>;
  decorators?: Expr[];
  line: Line;
}

export interface ProgramModel {
  language: 'python' | 'javascript';
  /** The module's statements, run once before the simulated function (tables, classes, functions, constants). */
  module: Stmt[];
  /** Every function of the file, nested ones and methods too, in source order. */
  functions: FunctionModel[];
  /** Every class of the file, by the offset of its definition (for methods simulated on their own). */
  classes: Map<number, ClassModel>;
  /** The class each method belongs to. */
  classOf: Map<FunctionModel, ClassModel>;
  /** Seconds per unit of the language's timers: 1 for asyncio.sleep, 0.001 for setTimeout's milliseconds. */
  timeUnit: number;
}
