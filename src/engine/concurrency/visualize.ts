/**
 * The visualizer's entry point: finds the async function to show, builds its concurrency model and simulates it.
 * Synchronous and free of `vscode`, like the rules, so the editor, the webview's host and the CLI share it.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { LanguageFamily } from '../languages';
import { field, walk } from '../syntax';
import { javascriptFunctionName, javascriptFunctionTypes, lowerJavaScript } from './javascriptModel';
import { ProgramModel } from './model';
import { lowerPython } from './pythonModel';
import { Simulation } from './simulation';
import { defaultSimulationOptions, SimulationOptions, Timeline } from './timeline';

export interface AsyncFunctionInfo {
  name: string;
  /** 1-based line of the definition (of `async def` / `async function` / the declaration holding an arrow). */
  line: number;
  /** The definition's extent, in UTF-16 offsets. */
  startIndex: number;
  endIndex: number;
}

export interface VisualizeInput {
  tree: Tree;
  text: string;
  family: LanguageFamily;
}

/** Which function: by name (CLI) or the innermost async function around an offset (editor cursor). */
export type VisualizeTarget = { name: string } | { offset: number };

export type VisualizeResult =
  | { kind: 'timeline'; timeline: Timeline }
  /** No async function there, or it cannot be modelled; `message` says which, for the user. */
  | { kind: 'error'; message: string };

/** Every async function of the file, in source order, with the name a user would call it by. */
export function asyncFunctionsIn(input: VisualizeInput): AsyncFunctionInfo[] {
  const found: AsyncFunctionInfo[] = [];
  walk(input.tree.rootNode, node => {
    const name = input.family === 'python' ? pythonAsyncName(node) : javascriptAsyncName(node);
    if (name !== undefined) found.push({ name, line: node.startPosition.row + 1, startIndex: node.startIndex, endIndex: node.endIndex });
  });
  return found;
}

function pythonAsyncName(node: Node): string | undefined {
  if (node.type !== 'function_definition' || node.firstChild?.type !== 'async') return undefined;
  return field(node, 'name')?.text;
}

function javascriptAsyncName(node: Node): string | undefined {
  if (!javascriptFunctionTypes.has(node.type) || !node.children.some(child => child?.type === 'async')) return undefined;
  return javascriptFunctionName(node);
}

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

/** `functions`: the file's async functions when the caller has them already (the editor keeps them per parse). */
export function visualize(
  input: VisualizeInput,
  target: VisualizeTarget,
  options: Partial<SimulationOptions> = {},
  functions: readonly AsyncFunctionInfo[] = asyncFunctionsIn(input),
): VisualizeResult {
  const chosen = 'name' in target ? functions.find(f => f.name === target.name) : functionAt(functions, target.offset);
  if (!chosen) {
    if ('offset' in target) return { kind: 'error', message: 'The cursor is not in an async function.' };
    const names = functions.map(f => f.name);
    return { kind: 'error', message: `No async function named ${target.name}${names.length > 0 ? `; async functions here: ${names.join(', ')}` : '; this file has no async function'}.` };
  }
  const program = buildModel(input);
  const fn = program.functions.get(chosen.name);
  if (!fn) return { kind: 'error', message: `${chosen.name} could not be modelled.` };
  const timeline = new Simulation(program, { ...defaultSimulationOptions, ...options }).run(fn);
  return { kind: 'timeline', timeline };
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
