/**
 * The visualizer's entry point: finds the async function to show, builds its concurrency model and simulates it.
 * Synchronous and free of `vscode`, like the rules, so the editor, the webview's host and the CLI share it.
 *
 * Functions are picked by where they are (the cursor, the CodeLens's line), or by the name a user gives: a method
 * as `Class.method`, or a bare name when only one function has it.
 */
import type { Tree } from 'web-tree-sitter';
import { AsyncFunctionInfo, asyncFunctionsIn } from '../asyncFunctions';
import { LanguageFamily } from '../languages';
import { lowerJavaScript } from './javascriptModel';
import { FunctionModel, ProgramModel } from './model';
import { lowerPython } from './pythonModel';
import { SecondLook, Simulation } from './simulation';
import { LocalFunctions, straightPathAwaits } from './straightPath';
import { defaultSimulationOptions, SimulationOptions, Timeline } from './timeline';

export interface VisualizeInput {
  tree: Tree;
  text: string;
  family: LanguageFamily;
}

/** Which function: by name (CLI: `name` or `Class.method`) or the innermost async function around an offset (editor). */
export type VisualizeTarget = { name: string } | { offset: number };

export { asyncFunctionsIn };
export type { AsyncFunctionInfo };

export type VisualizeResult =
  | { kind: 'timeline'; timeline: Timeline }
  /** No async function there, or it cannot be modelled; `message` says which, for the user. */
  | { kind: 'error'; message: string };

/** The innermost of `functions` whose extent holds `offset`. */
export function functionAt(functions: readonly AsyncFunctionInfo[], offset: number): AsyncFunctionInfo | undefined {
  let best: AsyncFunctionInfo | undefined;
  for (const candidate of functions) {
    if (candidate.startIndex <= offset && offset <= candidate.endIndex && (!best || candidate.startIndex >= best.startIndex)) best = candidate;
  }
  return best;
}

/** The innermost async function whose extent holds `offset`. */
export function asyncFunctionAt(input: VisualizeInput, offset: number): AsyncFunctionInfo | undefined {
  return functionAt(asyncFunctionsIn(input), offset);
}

/** An async function as the CLI names it: its name, and `Class.method` / `outer.inner` where it sits in others. */
export interface NamedAsyncFunction {
  name: string;
  qualifiedName: string;
  line: number;
  fn: FunctionModel;
}

/**
 * The file's async functions (those the editor lists, see asyncFunctions.ts) with their qualified names, in source
 * order. The model knows the classes and functions each sits in; the editor's quick list does not need them.
 */
export function namedAsyncFunctions(input: VisualizeInput): NamedAsyncFunction[] {
  const byStart = new Map(buildModel(input).functions.map(fn => [fn.startIndex, fn]));
  const named: NamedAsyncFunction[] = [];
  for (const info of asyncFunctionsIn(input)) {
    const fn = byStart.get(info.startIndex);
    if (fn) named.push({ name: info.name, qualifiedName: fn.qualifiedName, line: info.line, fn });
  }
  return named;
}

/** The function a user names: by its qualified name, or by its bare name when only one has it. */
export function functionNamed(functions: readonly NamedAsyncFunction[], name: string): NamedAsyncFunction | NamedAsyncFunction[] | undefined {
  const exact = functions.find(f => f.qualifiedName === name);
  if (exact) return exact;
  const bare = functions.filter(f => f.name === name);
  if (bare.length === 1) return bare[0];
  return bare.length > 1 ? bare : undefined;
}

/** `functions`: the file's async functions when the caller has them already (the editor keeps them per parse). */
export function visualize(
  input: VisualizeInput,
  target: VisualizeTarget,
  options: Partial<SimulationOptions> = {},
  functions?: readonly AsyncFunctionInfo[],
): VisualizeResult {
  const program = buildModel(input);
  let fn: FunctionModel | undefined;
  if ('offset' in target) {
    const chosen = functionAt(functions ?? asyncFunctionsIn(input), target.offset);
    if (!chosen) return { kind: 'error', message: 'The cursor is not in an async function.' };
    fn = program.functions.find(f => f.startIndex === chosen.startIndex);
    if (!fn) return { kind: 'error', message: `${chosen.name} could not be modelled.` };
  } else {
    const named = namedAsyncFunctions(input);
    const found = functionNamed(named, target.name);
    if (Array.isArray(found)) {
      return { kind: 'error', message: `Several async functions are named ${target.name}; name one of them: ${found.map(f => f.qualifiedName).join(', ')}.` };
    }
    if (!found) {
      const names = named.map(f => f.qualifiedName);
      return { kind: 'error', message: `No async function named ${target.name}${names.length > 0 ? `; async functions here: ${names.join(', ')}` : '; this file has no async function'}.` };
    }
    fn = found.fn;
  }
  const simulationOptions = { ...defaultSimulationOptions, ...options };
  const started = performance.now();
  const simulation = new Simulation(program, simulationOptions);
  let timeline = simulation.run(fn);
  if (awaitsNothing(timeline) && straightPathAwaits(fn.body, { functions: new LocalFunctions(program), caller: fn })) {
    timeline = secondLook(program, fn, simulationOptions, simulation.flippable, timeline.outcome === 'raised', started) ?? timeline;
  }
  return { kind: 'timeline', timeline };
}

/**
 * How many other runs a second look tries, within what is left of the simulation's budget of real time, and how many
 * of them make choices the other way before the instance's state is taken as unknown.
 */
const maxSecondLooks = 16;
const maxFlipsBeforeState = 8;

function awaitsNothing(timeline: Timeline): boolean {
  return timeline.totalTime === 0 && (timeline.outcome === 'returned' || timeline.outcome === 'raised');
}

/**
 * A function whose straight path awaits, shown as taking 0 s: a choice the code does not decide led it out before
 * its work (a cache's check that looked like a lookup, a validation that raised), the simulation raised by itself on
 * a value it made up (`None` has no attribute `host`: an attribute a callback sets), or a check read the state a
 * made-up instance has when its constructor ends (`this.#state.buttons` is 0 until a `down()`). Undecided is not
 * false: the path a user expects to see is the one that does the work. When the function raised, the runs are
 * lenient (see `Simulation.tolerate`). In turn: the run as it was (lenient), each undecided choice made the other
 * way, the latest first (the nearest to the way out), then the same with the instance's state unknown. The first run
 * that spends time is shown, one that returns before one that raises. Undefined when none does, or the budget ran out.
 */
function secondLook(program: ProgramModel, fn: FunctionModel, options: SimulationOptions, flippable: readonly number[], raised: boolean, started: number): Timeline | undefined {
  const left = () => options.maxMilliseconds - (performance.now() - started);
  let runs = 0;
  let fallback: Timeline | undefined;
  const attempt = (look: SecondLook): { found?: Timeline; choices: readonly number[] } => {
    runs++;
    const simulation = new Simulation(program, { ...options, maxMilliseconds: left() }, { lenient: raised, ...look });
    const timeline = simulation.run(fn);
    if (timeline.totalTime === 0 || timeline.outcome === 'truncated' || timeline.outcome === 'deadlocked') return { choices: simulation.flippable };
    if (timeline.outcome === 'returned') return { found: timeline, choices: simulation.flippable };
    fallback ??= timeline;
    return { choices: simulation.flippable };
  };
  const withFlips = (choices: readonly number[], look: SecondLook, until: number): Timeline | undefined => {
    // Each choice has its own place in the count: the latest ones, nearest to the way out, are all a look can try.
    for (const ordinal of choices.slice(-until).reverse()) {
      if (runs >= until || left() <= 0) return undefined;
      const { found } = attempt({ ...look, flips: new Set([ordinal]) });
      if (found) return found;
    }
    return undefined;
  };
  let choices = flippable;
  if (raised) {
    // As it was, but lenient: it may go further, and its choices are then the ones to make the other way.
    const first = attempt({});
    if (first.found) return first.found;
    choices = first.choices;
  }
  const flipped = withFlips(choices, {}, maxFlipsBeforeState);
  if (flipped) return flipped;
  if (runs < maxSecondLooks && left() > 0) {
    const unknownState = attempt({ stateUnknown: true });
    if (unknownState.found) return unknownState.found;
    const found = withFlips(unknownState.choices, { stateUnknown: true }, maxSecondLooks);
    if (found) return found;
  }
  return fallback;
}

/**
 * The concurrency model of a whole file, built once per tree: each CodeLens and the panel simulate a function of
 * the same parse. A tree is never changed after it is parsed here, and a WeakMap forgets old ones by itself.
 */
const modelsByTree = new WeakMap<Tree, ProgramModel>();

export function buildModel(input: VisualizeInput): ProgramModel {
  let model = modelsByTree.get(input.tree);
  if (!model) {
    model = input.family === 'python' ? lowerPython(input.tree, input.text) : lowerJavaScript(input.tree, input.text);
    modelsByTree.set(input.tree, model);
  }
  return model;
}
