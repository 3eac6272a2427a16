/**
 * Conditions the code does not decide (they read an unknown value: a parameter, the result of an unknown call):
 * the simulation takes the path a user expects to see, and says so with the line. Never an empty "0 s" for a
 * function whose straight path awaits something:
 *
 * - a branch that raises is not taken: errors are the exception (a retry succeeds on the first try); nor is a
 *   branch that goes on into statements that raise, when the other leaves (`if (id) return id; throw ...`);
 * - in a loop, a branch that leaves it (`break`, `return`) on an end check (`not page`, `item is None`, `!next`) is
 *   taken once the loop has run as often as a collection of unknown size has items; on any other check (a
 *   success: `resp.ok`) it is taken the first time;
 * - outside a loop, a branch that leaves early is not taken: the straight path goes on;
 * - a branch that skips to the loop's next item (`continue`) is not taken: the item goes on through the loop;
 * - otherwise the branch that awaits something, or else the body (`if` taken, `while` run the assumed count).
 */
import { evaluate, Evaluation } from './expressions';
import type { Expr, FunctionModel, Line, ProgramModel, Stmt } from './model';
import type { SimTask } from './scheduler';
import { exprAwaits, startsWork, statementAwaits } from './straightPath';
import type { Simulation } from './simulation';
import { Env, isObject, Keywords, opaque, unbound, Value } from './values';

interface Shape {
  /** Awaits something (not counting nested functions). */
  awaits: boolean;
  /**
   * Returns what a call starts (JavaScript's `return fetchPage()` in an async function, which waits for it): work,
   * but weaker than an `await`, for a call's result is often a plain value (`return cache.get(key)`).
   */
  returnsWork: boolean;
  /** How the branch ends when it runs to its end: `return` also for a last `if` or `try` whose every path leaves. */
  exit?: 'raise' | 'return' | 'break' | 'continue';
}

const shapes = new WeakMap<Stmt[], Shape>();

/** `returnsPromises`: an async JavaScript function, where `return call()` waits for what the call returns. */
function shapeOf(statements: Stmt[], returnsPromises: boolean): Shape {
  let shape = shapes.get(statements);
  if (!shape) {
    const returnsWork = returnsPromises && returnsCallResult(statements);
    shape = { awaits: statements.some(s => statementAwaits(s)), returnsWork, exit: exitOf(statements, returnsPromises) };
    shapes.set(statements, shape);
  }
  return shape;
}

/** Awaits something, or returns what a call starts. */
function works(shape: Shape): boolean {
  return shape.awaits || shape.returnsWork;
}

function returnsCallResult(statements: Stmt[]): boolean {
  return statements.some(s => s.kind === 'return' && s.value !== undefined && startsWork(s.value));
}

/**
 * How a block ends: its last statement's `raise` / `return` / `break` / `continue`; a last `if` whose branches both
 * leave (`if (ok) return v; else throw e;`), or a last `try` whose body and handlers all leave, leaves too.
 */
function exitOf(statements: Stmt[], returnsPromises: boolean): Shape['exit'] {
  let last = statements[statements.length - 1];
  // A JavaScript branch with a `let` of its own is lowered as one block: how it ends is how that block ends.
  while (last?.kind === 'block' && !last.label) last = last.body[last.body.length - 1];
  if (last?.kind === 'raise' || last?.kind === 'return' || last?.kind === 'break' || last?.kind === 'continue') return last.kind;
  let ends: Array<Shape['exit']> = [];
  if (last?.kind === 'if') ends = [shapeOf(last.then, returnsPromises).exit, shapeOf(last.otherwise, returnsPromises).exit];
  else if (last?.kind === 'try' && last.finally.length === 0 && last.orElse.length === 0) {
    ends = [shapeOf(last.body, returnsPromises).exit, ...last.handlers.map(h => shapeOf(h.body, returnsPromises).exit)];
  }
  if (ends.length === 0 || !ends.every(end => end === 'raise' || end === 'return')) return undefined;
  return ends.every(end => end === 'raise') ? 'raise' : 'return';
}

/** The languages' own methods that take an item out of a collection. */
const removingMethods = new Set(['pop', 'remove', 'discard', 'splice', 'delete']);

/** A block that only takes items out of collections (`xs.pop(i)`, `del table[key]`, `items.splice(i, 1)`). */
function onlyRemoves(statements: Stmt[]): boolean {
  return statements.length > 0 && statements.every(s => s.kind === 'delete'
    || (s.kind === 'expr' && s.value.kind === 'call' && s.value.callee.kind === 'member' && removingMethods.has(s.value.callee.property)));
}

/** Whether `value` is nothing: no value, `None`, `null`, `undefined`. */
function isNothing(value: Expr | undefined): boolean {
  return value === undefined || (value.kind === 'const' && (value.value === null || value.value === undefined)) || (value.kind === 'var' && value.name === 'undefined');
}

/** A block that ends by returning a value (`return functions;`), not nothing. */
function returnsValue(statements: Stmt[]): boolean {
  const last = statements[statements.length - 1];
  return last?.kind === 'return' && !isNothing(last.value);
}

/**
 * A block that ends by returning nothing (`return undefined;`, `return None`): a lookup's miss; or by more such
 * checks that may all miss (`if (m === "filter_count") return this.filterCount(c);` last in a `map` callback).
 */
function returnsNothing(statements: Stmt[]): boolean {
  const last = statements[statements.length - 1];
  if (last?.kind === 'if') return returnsValue(last.then) && (last.otherwise.length === 0 || returnsNothing(last.otherwise));
  return last?.kind === 'return' && isNothing(last.value);
}

/** Reads as a check that something has ended or is missing: `not x`, `x is None`, `!next`, `len(xs) == 0`, `done`. */
function isEndCheck(text: string): boolean {
  return /^\s*(not\b|!)|\bis\s+None\b|[=!]==?\s*(None|null|undefined)\b|\b(None|null|undefined)\s*[=!]==?|==\s*0\b|\blen\(|\.length\s*===?\s*0|\b(done|finished|complete|empty|exhausted|last)\b/i.test(text);
}

/** The loop the statement runs in, within its own function: its iteration, or undefined outside any. */
function loopIteration(task: SimTask): number | undefined {
  const top = task.loops[task.loops.length - 1];
  return top === undefined || top < 0 ? undefined : top;
}

/** Where an `if` of an async function sits: in a `for` loop over a collection (the innermost loop), and what follows it. */
interface Placement {
  /** The innermost loop around the `if` when it is a `for` (a `while` may not end by itself). */
  forLoop?: Extract<Stmt, { kind: 'for' }>;
  /** The innermost loop around the `if` when it is a `while` (a pool's `while available: ... return comm`). */
  whileLoop?: Extract<Stmt, { kind: 'while' }>;
  /** The statements that run after that loop, innermost block first, up to the function's end. */
  afterLoop: Stmt[][];
  /** Everything that may run after the `if` in its function: the rest of its blocks, then what follows its loop. */
  rest?: Stmt[][];
}

const placements = new WeakMap<ProgramModel, WeakMap<Stmt, Placement>>();

/**
 * Where each `if` in the body of an async function is (not a sync helper such as a bundle's
 * `_interopRequireWildcard`, whose `return cache.get(obj)` waits for nothing): gathered once per program.
 */
function placementOf(program: ProgramModel, statement: Stmt): Placement | undefined {
  let placed = placements.get(program);
  if (!placed) {
    const table = new WeakMap<Stmt, Placement>();
    const visit = (statements: Stmt[], inLoop: Placement, after: Stmt[][]): void => {
      statements.forEach((s, i) => {
        const following = [statements.slice(i + 1), ...after];
        if (s.kind === 'if') {
          table.set(s, { ...inLoop, rest: [...following, ...inLoop.afterLoop] });
          visit(s.then, inLoop, following);
          visit(s.otherwise, inLoop, following);
        }
        else if (s.kind === 'for') { visit(s.body, { forLoop: s, afterLoop: following }, []); visit(s.orElse ?? [], inLoop, following); }
        else if (s.kind === 'while') { visit(s.body, { whileLoop: s, afterLoop: following }, []); visit(s.orElse ?? [], inLoop, following); }
        else if (s.kind === 'with' || s.kind === 'block') visit(s.body, inLoop, following);
        else if (s.kind === 'try') { visit(s.body, inLoop, following); visit(s.orElse, inLoop, following); visit(s.finally, inLoop, following); s.handlers.forEach(h => visit(h.body, inLoop, following)); }
        else if (s.kind === 'switch') s.cases.forEach(c => visit(c.body, inLoop, following));
      });
    };
    for (const fn of program.functions) if (fn.isAsync) visit(fn.body, { afterLoop: [] }, []);
    placements.set(program, table);
    placed = table;
  }
  return placed.get(statement);
}

/**
 * A lookup in a loop of an async function (`for (const route of this.defaultRoutes) if (route.component ===
 * wanted) return route;`): the loop awaits nothing, the branch returns a value at once, and what follows the loop
 * awaits (the function's own work: `return await importComponent()`). Finding it is then the early way out, and
 * the straight path, which awaits, goes on after the loop, as for an early return outside a loop.
 */
function isLookupBeforeWork(placement: Placement | undefined, leaving: Shape, returnsPromises: boolean): boolean {
  // A `while` over what the code holds (`while available: comm = available.pop() ... return comm`, a pool's reuse
  // of a connection) is the same lookup.
  const loop = placement?.forLoop ?? placement?.whileLoop;
  if (!placement || !loop || leaving.exit !== 'return' || works(leaving)) return false;
  if (shapeOf(loop.body, returnsPromises).awaits) return false;
  return placement.afterLoop.some(block => works(shapeOf(block, returnsPromises)));
}

/**
 * Which way an `if` the code does not decide goes, and why, as an assumption. A second look (visualize.ts) may ask
 * for the other way: when this way the function awaited nothing although its straight path awaits.
 */
export function decideCondition(sim: Simulation, task: SimTask, statement: Extract<Stmt, { kind: 'if' }>, rest: Stmt[]): boolean {
  let reason = '';
  const ordinal = sim.undecidedChoices;
  const taken = conditionChoice(sim, task, statement, rest, outcome => { reason = outcome; });
  return sayChoice(sim, ordinal, taken, reason, statement.text, statement.line, ['taken', 'not taken']);
}

/** Says the choice made at `ordinal` (counted by the caller) or, when the second look asks, the other one. */
function sayChoice(sim: Simulation, ordinal: number, chosen: boolean, reason: string, text: string, line: Line, words: [string, string]): boolean {
  sim.flippable.push(ordinal);
  const flipped = sim.flips.has(ordinal);
  const said = flipped ? `${chosen ? words[1] : words[0]} (the other way, ${sim.simulated} awaits nothing)` : reason;
  sim.assume(`\`${shortened(text)}\` is not decided by the code: ${said}.`, line);
  return chosen !== flipped;
}

function conditionChoice(sim: Simulation, task: SimTask, statement: Extract<Stmt, { kind: 'if' }>, rest: Stmt[], say: (outcome: string) => void): boolean {
  sim.undecidedChoices++;
  const placement = placementOf(sim.program, statement);
  const returnsPromises = sim.language === 'javascript' && placement !== undefined;
  const then = shapeOf(statement.then, returnsPromises);
  const otherwise = shapeOf(statement.otherwise, returnsPromises);
  if ((then.exit === 'raise') !== (otherwise.exit === 'raise')) {
    // A check that raises at its end but may return before it, and holds all the function's waiting (renovate's
    // `if (config.isFork) { const c = await getJsonFile(f); if (c.includeForks) return; throw ... }`): skipped, the
    // function would await nothing, "0 s". Its body runs, and its own checks find the way out that does not raise.
    const [raising, other] = then.exit === 'raise' ? [statement.then, otherwise] : [statement.otherwise, then];
    const following = placement?.rest ?? [rest];
    if (task.waits === 0 && works(shapeOf(raising, returnsPromises)) && !works(other) && containsReturn(raising)
      && !following.some(block => works(shapeOf(block, returnsPromises)))) {
      say(`${raising === statement.then ? 'taken' : 'not taken'} (the path that awaits, and may return before it raises)`);
      return raising === statement.then;
    }
    say(`${then.exit === 'raise' ? 'not taken' : 'taken'} (the path that does not raise)`);
    return then.exit !== 'raise';
  }
  const leaves = (shape: Shape) => shape.exit === 'return' || shape.exit === 'break';
  // `if (projectId) return projectId;` then `throw new Error("no project")`: the early return is the path that does
  // not raise, when what follows the `if` raises without awaiting anything.
  const after = shapeOf(rest, returnsPromises);
  if (after.exit === 'raise' && !works(after) && leaves(then) !== leaves(otherwise) && then.exit !== 'raise' && otherwise.exit !== 'raise') {
    say(`${leaves(then) ? 'taken' : 'not taken'} (the path that does not raise)`);
    return leaves(then);
  }
  // `if (cached) return cache.get(key);` before the function's own awaits: returning a call's result is the early
  // way out, and the straight path, which awaits, goes on.
  const leavingIsThen = leaves(then);
  const [leaving, staying] = leavingIsThen ? [then, otherwise] : [otherwise, then];
  const earlyReturnOfACall = leaving.returnsWork && !staying.returnsWork && (staying.awaits || works(after));
  if (leaves(then) !== leaves(otherwise) && !then.awaits && !otherwise.awaits && (earlyReturnOfACall || (!then.returnsWork && !otherwise.returnsWork))) {
    const iteration = loopIteration(task);
    let leave: boolean;
    if (iteration === undefined && leavingIsThen && !works(after) && returnsValue(statement.then) && returnsNothing(rest)) {
      // A lookup (`if (Array.isArray(fns)) return fns.find(...)` ... `return undefined;`): finding what it looks for
      // is the path its caller is written for; the `return undefined` at the end is the miss. Not a cache's early
      // return (`if (this.resolved !== undefined) return this.resolved;`), where what follows does the work.
      leave = true;
      say('taken (the path that finds a value: what follows returns nothing)');
    } else if (iteration === undefined && settlesPromise(leavingIsThen ? statement.then : statement.otherwise)) {
      // A poll's check (`if (!result.isErr()) { resolve(result.value); return; }` in a callback a timer runs again):
      // the early way out settles the promise the caller waits for, so it is the success, found at once, not a cache.
      leave = true;
      say(`${leavingIsThen ? 'taken' : 'not taken'} (the path that resolves the promise: a check that succeeds at once)`);
    } else if (iteration === undefined) {
      leave = false;
      say(`${leavingIsThen ? 'not taken' : 'taken'} (the straight path goes on)`);
    } else if (isLookupBeforeWork(placement, leaving, returnsPromises)) {
      leave = false;
      say(`${leavingIsThen ? 'not taken' : 'taken'} (a lookup that awaits nothing: the straight path goes on after the loop)`);
    } else if (isEndCheck(statement.text) === leavingIsThen) {
      const count = task.undecidedLoops > 0 ? 1 : sim.options.itemCount;
      leave = iteration + 1 >= count;
      say(count === 1 ? 'the loop ends after one iteration (it is inside a loop whose end is not decided either)' : `the loop ends after ${count} iterations, as a collection of unknown size has ${count} items`);
    } else {
      // A check that succeeds at once (a retry's `resp.ok`), once the loop has waited for what it checks.
      const waited = task.waits > (task.loopWaits[task.loopWaits.length - 1] ?? task.waits) || iteration > 0;
      leave = waited;
      say(`the loop ends once it has waited for what it checks (a check that succeeds at once)`);
    }
    return leave === leavingIsThen;
  }
  // `if not item: continue` / `if (!x) continue;`: skipping an item is the exception; the item goes on through the
  // rest of the loop, which is where its work is.
  const skips = (shape: Shape) => shape.exit === 'continue';
  if (skips(then) !== skips(otherwise) && !works(then) && !works(otherwise)) {
    say(`${skips(then) ? 'not taken' : 'taken'} (the item goes on through the loop)`);
    return !skips(then);
  }
  // `if isinstance(thumbs[i], PhotoPathSize): thumbs.pop(i)`: dropping an item is the exception, as skipping one is;
  // taken each time, it would empty the collection the code goes on to use.
  if (onlyRemoves(statement.then) && statement.otherwise.length === 0) {
    say('not taken (the item is kept)');
    return false;
  }
  if (works(then) !== works(otherwise)) {
    say(`${works(then) ? 'taken' : 'not taken'} (the path that awaits)`);
    return works(then);
  }
  // `can_broadcast = True` ... `if wanted > height: can_broadcast = False` ... `if can_broadcast: await broadcast()`:
  // a branch that only sets a flag the work after it is gated on is not taken when it would skip that work.
  const following = placement?.rest ?? [rest];
  const thenSkips = skipsGatedWork(statement.then, following, returnsPromises);
  if (thenSkips !== skipsGatedWork(statement.otherwise, following, returnsPromises)) {
    say(`${thenSkips ? 'not taken' : 'taken'} (the flag it would set skips the work that follows)`);
    return !thenSkips;
  }
  say('taken (the body runs)');
  return true;
}

/** Whether a block calls `resolve(...)` itself, as a promise's executor is given it (`new Promise((resolve) => ...)`). */
function settlesPromise(statements: Stmt[]): boolean {
  return statements.some(s => s.kind === 'expr' && s.value.kind === 'call' && s.value.callee.kind === 'var' && s.value.callee.name === 'resolve');
}

/** Whether a block has a `return` anywhere in it (not in the functions it defines, which are no statements here). */
function containsReturn(statements: Stmt[]): boolean {
  return statements.some(s => {
    switch (s.kind) {
      case 'return': return true;
      case 'if': return containsReturn(s.then) || containsReturn(s.otherwise);
      case 'while': case 'for': return containsReturn(s.body) || containsReturn(s.orElse ?? []);
      case 'with': case 'block': return containsReturn(s.body);
      case 'try': return containsReturn(s.body) || containsReturn(s.orElse) || containsReturn(s.finally) || s.handlers.some(h => containsReturn(h.body));
      case 'switch': return s.cases.some(c => containsReturn(c.body));
      default: return false;
    }
  });
}

/** Whether `value` is a constant, and then how an `if` reads it; undefined for anything else. */
function constantTruth(value: Expr): boolean | undefined {
  if (value.kind !== 'const') return undefined;
  return !(value.value === false || value.value === null || value.value === undefined || value.value === 0 || value.value === '');
}

/**
 * Whether a block sets a flag (`ok = False`) to the value for which a later `if` on it (`if ok:` / `if not ok:`)
 * skips a branch that awaits while its other branch does not.
 */
function skipsGatedWork(block: Stmt[], rest: Stmt[][], returnsPromises: boolean): boolean {
  for (const s of block) {
    // `ok = False` (Python, or a JavaScript statement lowered as one) or `ok = false;` as an expression statement.
    const set = s.kind === 'assign' && s.targets.length === 1 && s.operator === undefined ? { target: s.targets[0], value: s.value }
      : s.kind === 'expr' && s.value.kind === 'assign' && s.value.operator === undefined ? { target: s.value.target, value: s.value.value } : undefined;
    if (set?.target.kind !== 'name') continue;
    const truth = constantTruth(set.value);
    const name = set.target.name;
    if (truth !== undefined && rest.some(after => gatedOn(after, name, truth, returnsPromises))) return true;
  }
  return false;
}

/** A statement among `statements` (or in their blocks) `if name` / `if not name` that skips its work when name reads `truth`. */
function gatedOn(statements: Stmt[], name: string, truth: boolean, returnsPromises: boolean): boolean {
  return statements.some(s => {
    switch (s.kind) {
      case 'if': {
        const condition = s.condition;
        const negated = condition.kind === 'unary' && (condition.operator === 'not' || condition.operator === '!');
        const tested = negated ? (condition as { operand: Expr }).operand : condition;
        if (tested.kind === 'var' && tested.name === name) {
          const takesThen = negated ? !truth : truth;
          const [skipped, run] = takesThen ? [s.otherwise, s.then] : [s.then, s.otherwise];
          if (works(shapeOf(skipped, returnsPromises)) && !works(shapeOf(run, returnsPromises))) return true;
        }
        return gatedOn(s.then, name, truth, returnsPromises) || gatedOn(s.otherwise, name, truth, returnsPromises);
      }
      case 'with': case 'block': return gatedOn(s.body, name, truth, returnsPromises);
      case 'try': return gatedOn(s.body, name, truth, returnsPromises);
      default: return false;
    }
  });
}

/**
 * A `switch` whose value the code does not decide against the cases in `undecided` (their indexes; no case was
 * decided equal): the first of them, or the default, whose path awaits something and does not raise; else the
 * first that does not raise (a `default: throw` is the exception, as a branch that raises is); -1 for the default.
 */
export function decideSwitch(sim: Simulation, statement: Extract<Stmt, { kind: 'switch' }>, undecided: number[]): number {
  sim.undecidedChoices++;
  const returnsPromises = sim.language === 'javascript';
  const fallback = statement.cases.findIndex(c => c.test === undefined);
  const candidates = fallback >= 0 ? [...undecided, fallback].sort((a, b) => a - b) : undecided;
  const shapes = candidates.map(i => shapeOf(caseRun(statement, i), returnsPromises));
  let chosen = shapes.findIndex(shape => shape.exit !== 'raise' && works(shape));
  let why = 'the first that awaits';
  if (chosen < 0) {
    chosen = shapes.findIndex(shape => shape.exit !== 'raise');
    why = 'the first that does not raise';
  }
  if (chosen < 0) return -1;
  const index = candidates[chosen];
  const test = statement.cases[index].test;
  const taken = test === undefined ? 'the default case' : `\`case ${shortened(exprText(test))}\``;
  sim.assume(`\`${shortened(statement.text)}\` is not decided by the code: ${taken} is taken (${why}).`, statement.line);
  return index;
}

const caseRuns = new WeakMap<Stmt[], Stmt[]>();

/** What runs from case `index` on: its body, and the next cases' while it falls through (an empty body, no `break`). */
function caseRun(statement: Extract<Stmt, { kind: 'switch' }>, index: number): Stmt[] {
  const first = statement.cases[index].body;
  let run = caseRuns.get(first);
  if (!run) {
    run = [];
    for (let i = index; i < statement.cases.length; i++) {
      const body = statement.cases[i].body;
      run.push(...body.filter(s => s.kind !== 'break'));
      const last = body[body.length - 1];
      if (last && (last.kind === 'break' || last.kind === 'return' || last.kind === 'raise' || last.kind === 'continue')) {
        if (last.kind === 'break') run.push(last);
        break;
      }
    }
    caseRuns.set(first, run);
  }
  return run;
}

function exprText(expr: Expr): string {
  if ('text' in expr) return expr.text;
  if (expr.kind === 'var') return expr.name;
  if (expr.kind === 'const') return JSON.stringify(expr.value) ?? String(expr.value);
  if (expr.kind === 'member') return `${exprText(expr.object)}.${expr.property}`;
  return 'the value';
}

/**
 * The simulated function's parameters that default to nothing (`password=None`, `opts = null`, `tags = []`, see
 * emptyDefault): simulated without its caller, what it is given there is not decided by the code, so they are
 * unknown rather than their default (which would make `if password is None and token is None: raise` the path
 * shown). Given by keyword.
 */
export function unsetParameters(sim: Simulation, fn: FunctionModel): Keywords {
  let keywords: Keywords;
  for (const param of fn.params) {
    if ((param.rest || param.keywords) && param.pattern.kind === 'name') {
      // `*slots` / `...items`: as many as the caller passes, a collection of unknown size; `**args`: the keywords it
      // passes, unknown (cylc's resolvers read `args['ids']`: an empty dict would raise KeyError, "0 s").
      (keywords ??= new Map()).set(param.pattern.name, opaque(param.pattern.name, fn.line));
      continue;
    }
    if (param.pattern.kind !== 'name' || param.rest || param.keywords || !param.default) continue;
    const shown = emptyDefault(param.default) ?? sentinelDefault(sim, param.default);
    if (shown === undefined) continue;
    const name = param.pattern.name;
    (keywords ??= new Map()).set(name, opaque(name, fn.line));
    sim.assume(`${name}, ${shown === 'nothing' ? sim.semantics.repr((param.default as { value: Value }).value) : shown} by default, is what a caller passes: an unknown value.`, fn.line);
  }
  return keywords;
}

/**
 * A default that stands for "not given": nothing (`None`, `null`, `undefined`, `''`), or an empty `[]` / `{}`
 * (`testerEmails = []`: a caller that has testers passes them, and `if (!testerEmails.length) return` is not the
 * function's work). What it shows in the assumption; undefined for a default that is a value (`retries=3`).
 */
export function emptyDefault(value: Expr): 'nothing' | '[]' | '{}' | undefined {
  // The empty string too (`contentEncoding = ''`): a caller with an encoding passes it.
  if (value.kind === 'const') return value.value === null || value.value === undefined || value.value === '' ? 'nothing' : undefined;
  if (value.kind === 'list') return value.items.length === 0 && !value.tuple && !value.set ? '[]' : undefined;
  if (value.kind === 'dict') return value.entries.length === 0 ? '{}' : undefined;
  return undefined;
}

/**
 * A default that is a module's sentinel, a value made only to mean "not given" (`_Unset = object()` in Python,
 * `const UNSET = Symbol('unset')` in JavaScript): `body=_Unset, *, name=_Unset` then `if body is _Unset: if name is
 * _Unset: raise TypeError(...)` is the check of a caller that passed nothing, not the function's work. Its name,
 * for the assumption; undefined otherwise.
 */
function sentinelDefault(sim: Simulation, value: Expr): string | undefined {
  if (value.kind !== 'var') return undefined;
  const bound = sim.moduleEnv.lookup(value.name);
  if (bound === unbound || !isObject(bound)) return undefined;
  const madeToMeanNothing = sim.language === 'python'
    ? bound.t === 'record' && !bound.cls && bound.props.size === 0
    : bound.t === 'object' && bound.kind === 'symbol';
  return madeToMeanNothing ? value.name : undefined;
}

/** A loop whose own condition is undecided runs as often as a collection of unknown size has items. */
export function decideLoop(sim: Simulation, statement: Extract<Stmt, { kind: 'while' }>, iteration: number, nested: boolean): boolean {
  sim.undecidedChoices++;
  if (nested) {
    // Inside another loop whose end is undecided: once, or the assumed counts would multiply.
    sim.assume(`\`${shortened(statement.text)}\` is not decided by the code: the loop runs once (it is inside a loop whose end is not decided either).`, statement.line);
    return iteration < 1;
  }
  sim.assume(`\`${shortened(statement.text)}\` is not decided by the code: the loop runs ${sim.options.itemCount} times, as a collection of unknown size has ${sim.options.itemCount} items.`, statement.line);
  return iteration < sim.options.itemCount;
}

/**
 * At module level nothing undecided runs: it is where `if __name__ == "__main__"` and its like start the program.
 * A name the branch would set that is still empty (`let queue;` then `if (enabled) queue = new RateLimiterQueue()`)
 * is unknown rather than empty, or `if (!queue) return;` would be a function's whole prediction.
 */
export function undecidedAtModuleLevel(sim: Simulation, statement: Extract<Stmt, { kind: 'if' }>, env: Env): boolean {
  const names = namesSetBy(sim, statement.then);
  if (names.length > 0 || statement.then.some(s => s.kind === 'assign' && s.value.kind !== 'function')) {
    sim.assume(`\`${shortened(statement.text)}\` is not decided at module level: what it defines is unknown.`, statement.line);
  }
  for (const name of names) {
    const value = env.lookup(name);
    if (value === undefined || value === null) env.assign(name, opaque(name, statement.line));
  }
  return false;
}

/** The names a block's own statements set by plain assignment (`x = ...`; in JavaScript not a declaration). */
function namesSetBy(sim: Simulation, statements: Stmt[]): string[] {
  const names: string[] = [];
  for (const s of statements) {
    if (s.kind === 'assign' && (sim.language === 'python' || !s.declare)) {
      for (const target of s.targets) if (target.kind === 'name' && s.value.kind !== 'function') names.push(target.name);
    } else if (s.kind === 'expr' && s.value.kind === 'assign' && s.value.operator === undefined && s.value.target.kind === 'name') {
      names.push(s.value.target.name);
    }
  }
  return names;
}

/**
 * `x if unknown else y` / `unknown ? x : y`: the side that awaits something when only one does (`nonInteractive ?
 * "overwrite" : await prompt(...)`: the prompt is the function's work), as for an `if`; otherwise the first.
 */
export function decideExpression(sim: Simulation, expr: Extract<Expr, { kind: 'conditional' }>): boolean {
  const ordinal = sim.undecidedChoices++;
  const thenAwaits = exprAwaits(expr.then);
  const words: [string, string] = ['taken as true', 'taken as false'];
  if (thenAwaits !== exprAwaits(expr.otherwise)) {
    return sayChoice(sim, ordinal, thenAwaits, `${thenAwaits ? words[0] : words[1]} (the path that awaits)`, expr.text, expr.line, words);
  }
  return sayChoice(sim, ordinal, true, words[0], expr.text, expr.line, words);
}

/** A filter of a comprehension the code does not decide keeps the item. */
export function decideFilter(sim: Simulation, line: number): boolean {
  sim.undecidedChoices++;
  sim.assume('A filter the code does not decide keeps every item.', line);
  return true;
}

/**
 * `unknown and b`: b decides when it is false; `unknown or b` / `unknown ?? b`: b is evaluated only when it awaits
 * something (`cached or await fetch()` shows the fetch); the result is otherwise the unknown value.
 */
export function* decideLogical(sim: Simulation, task: SimTask, expr: Extract<Expr, { kind: 'logical' }>, left: Value, env: Env): Evaluation {
  if (expr.operator === 'and') {
    const right = yield* evaluate(sim, task, expr.right, env);
    return sim.semantics.truthy(right) === false ? right : left;
  }
  if (exprAwaits(expr.right)) return yield* evaluate(sim, task, expr.right, env);
  return left;
}

function shortened(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= 60 ? oneLine : `${oneLine.slice(0, 59)}…`;
}
