/**
 * Runs the engine's visualizer for the editor and says what to show: the function the user chose is followed by
 * name (and nearest line, for same-named methods) through edits, and when it cannot be simulated the panel keeps
 * its last good picture and says why. Free of `vscode`, so the decisions are unit-tested on real parse trees, and
 * so it runs in the simulation worker (workerSession.ts), where every simulation of the editor happens.
 */
import type { Tree } from 'web-tree-sitter';
import { SimulationOptions } from '../../engine/concurrency/timeline';
import { asyncFunctionSteps } from '../../engine/asyncFunctions';
import { AsyncFunctionInfo, asyncFunctionsIn, functionAt, visualize, VisualizeInput } from '../../engine/concurrency/visualize';
import { editorSlicing, runInSlices, Slicing } from '../../engine/cooperative';
import { familyOf } from '../../engine/languages';
import { ParsedDocument } from '../../engine/parseCache';
import { ViewOptions, simulationOptionsOf } from '../../webview/protocol';
import { timelineToWire, type WireTimeline } from '../../webview/wireTimeline';

/** The function being visualized, as the user would recognise it across edits. */
export interface FunctionTarget {
  name: string;
  /** 1-based line where it was last seen; picks among functions of the same name. */
  line: number;
}

export type SimulationOutcome =
  /** The timeline as it travels to the host and on to the page, as columns (src/webview/wireTimeline.ts). */
  | { kind: 'timeline'; timeline: WireTimeline; target: FunctionTarget }
  /** The function is there but cannot be shown now; `reason` completes "<name> ...", e.g. "has syntax errors". */
  | { kind: 'unavailable'; reason: string; target: FunctionTarget };

export function inputOf(parsed: ParsedDocument): VisualizeInput {
  return { tree: parsed.tree, text: parsed.text, family: familyOf(parsed.grammar) };
}

/**
 * The async functions of each parse, found once and in slices. The cursor, the context key, the CodeLens and the
 * panel all ask about the same version of a document, and a search of a large tree on every cursor move would add
 * up; the first search of a large file takes longer than the extension host may be held (~50 ms, see
 * cooperative.ts), so it gives the thread back between slices.
 *
 * A tree is freed when a newer parse of its document replaces it: a search still running then stops at its next
 * slice, and its list is undefined (a list of a version that is gone is never handed out). Each parse is a new
 * object, so the WeakMap forgets old versions by itself.
 */
export class AsyncFunctionLists {
  private readonly byParse = new WeakMap<ParsedDocument, Promise<AsyncFunctionInfo[] | undefined>>();

  /**
   * `isCurrent`: whether a parse is still its document's latest (its tree alive). `report`: how an engine failure is
   * told (the list is then undefined; the editor must not fail with it).
   */
  constructor(
    private readonly isCurrent: (parsed: ParsedDocument) => boolean,
    private readonly report: (message: string) => void,
    private readonly slicing: Slicing = editorSlicing,
  ) {}

  /** The list of this parse; undefined when a newer parse replaced it before (or while) it was searched. */
  of(parsed: ParsedDocument): Promise<AsyncFunctionInfo[] | undefined> {
    let list = this.byParse.get(parsed);
    if (!list) {
      // The first slice runs before `stillWanted` is asked: a replaced parse's tree is freed and must not be read.
      list = this.isCurrent(parsed)
        ? runInSlices(asyncFunctionSteps(inputOf(parsed)), this.slicing, () => this.isCurrent(parsed)).catch(error => {
          this.report(`Could not list the async functions of ${parsed.key}: ${error instanceof Error ? error.message : String(error)}`);
          return undefined;
        })
        : Promise.resolve(undefined);
      this.byParse.set(parsed, list);
    }
    return list;
  }

  /**
   * The list of a document's latest parse (`latest` waits for it, undefined when the document is not analyzed): a
   * list dropped for a newer parse is asked again of that one, until one is complete or `isCancelled`.
   */
  async ofLatest(latest: () => Promise<ParsedDocument | undefined>, isCancelled: () => boolean = () => false): Promise<{ parsed: ParsedDocument; functions: AsyncFunctionInfo[] } | undefined> {
    let previous: ParsedDocument | undefined;
    for (;;) {
      const parsed = await latest();
      // The same parse again: its search failed, or it is no longer current, and asking again changes nothing.
      if (!parsed || parsed === previous || isCancelled()) return undefined;
      const functions = await this.of(parsed);
      if (functions) return { parsed, functions };
      previous = parsed;
    }
  }
}

/** The innermost async function around an offset, on a list of `AsyncFunctionLists`. */
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
  if (result.kind === 'timeline') return { kind: 'timeline', timeline: timelineToWire(result.timeline), target: current };
  return { kind: 'unavailable', reason: `cannot be simulated: ${result.message}`, target: current };
}
