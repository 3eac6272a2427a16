/**
 * Runs the engine's visualizer for the editor and says what to show: the function the user chose is followed by
 * name (and nearest line, for same-named methods) through edits, and when it cannot be simulated the panel keeps
 * its last good picture and says why. Free of `vscode`, so the decisions are unit-tested on real parse trees, and
 * so it runs in the simulation worker (workerSession.ts), where every simulation of the editor happens.
 */
import type { Tree } from 'web-tree-sitter';
import { SimulationOptions, Timeline } from '../../engine/concurrency/timeline';
import { AsyncFunctionInfo, asyncFunctionsIn, functionAt, visualize, VisualizeInput } from '../../engine/concurrency/visualize';
import { familyOf } from '../../engine/languages';
import { ParsedDocument } from '../../engine/parseCache';
import { ViewOptions, simulationOptionsOf } from '../../webview/protocol';

/** The function being visualized, as the user would recognise it across edits. */
export interface FunctionTarget {
  name: string;
  /** 1-based line where it was last seen; picks among functions of the same name. */
  line: number;
}

export type SimulationOutcome =
  | { kind: 'timeline'; timeline: Timeline; target: FunctionTarget }
  /** The function is there but cannot be shown now; `reason` completes "<name> ...", e.g. "has syntax errors". */
  | { kind: 'unavailable'; reason: string; target: FunctionTarget };

export function inputOf(parsed: ParsedDocument): VisualizeInput {
  return { tree: parsed.tree, text: parsed.text, family: familyOf(parsed.grammar) };
}

/**
 * The async functions of one parse, found once: the cursor, the context key, the CodeLens and the panel all ask
 * about the same version of a document, and a walk of a large tree on every cursor move would add up.
 * Each parse is a new object, so a WeakMap forgets old versions by itself.
 */
const functionsByParse = new WeakMap<ParsedDocument, AsyncFunctionInfo[]>();

export function functionsOf(parsed: ParsedDocument): AsyncFunctionInfo[] {
  let functions = functionsByParse.get(parsed);
  if (!functions) {
    functions = asyncFunctionsIn(inputOf(parsed));
    functionsByParse.set(parsed, functions);
  }
  return functions;
}

/** The innermost async function around an offset, on the list found once per parse. */
export { functionAt };

/** The function of that name nearest the line it was last seen on. */
export function findTarget(functions: AsyncFunctionInfo[], target: FunctionTarget): AsyncFunctionInfo | undefined {
  let best: AsyncFunctionInfo | undefined;
  for (const candidate of functions) {
    if (candidate.name !== target.name) continue;
    if (!best || Math.abs(candidate.line - target.line) < Math.abs(best.line - target.line)) best = candidate;
  }
  return best;
}

function hasErrorWithin(tree: Tree, info: AsyncFunctionInfo): boolean {
  const node = tree.rootNode.descendantForIndex(info.startIndex, Math.max(info.startIndex, info.endIndex - 1));
  return node?.hasError ?? false;
}

/**
 * Simulates `target` in the current tree. A function whose text is broken, or that a syntax error has swallowed,
 * is "unavailable" rather than gone: the user is mid-edit, and the last picture is still the best one.
 */
export function simulateTarget(
  input: VisualizeInput,
  target: FunctionTarget,
  options: ViewOptions,
  limits: Partial<SimulationOptions> = {},
  functions: AsyncFunctionInfo[] = asyncFunctionsIn(input),
): SimulationOutcome {
  const found = findTarget(functions, target);
  if (!found) {
    const reason = input.tree.rootNode.hasError ? 'has syntax errors' : 'no longer exists';
    return { kind: 'unavailable', reason, target };
  }
  const current = { name: found.name, line: found.line };
  if (hasErrorWithin(input.tree, found)) return { kind: 'unavailable', reason: 'has syntax errors', target: current };
  let result;
  try {
    result = visualize(input, { offset: found.startIndex }, { ...simulationOptionsOf(options), ...limits }, functions);
  } catch (error) {
    // An engine failure must not take the panel down with it; it is reported like any other limitation.
    result = { kind: 'error' as const, message: `could not be simulated (${error instanceof Error ? error.message : String(error)})` };
  }
  if (result.kind === 'timeline') return { kind: 'timeline', timeline: result.timeline, target: current };
  return { kind: 'unavailable', reason: `cannot be simulated: ${result.message}`, target: current };
}
