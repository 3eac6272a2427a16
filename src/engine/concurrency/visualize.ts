/**
 * The visualizer's entry point: finds the async function to show, builds its concurrency model and simulates it.
 * Synchronous and free of `vscode`, like the rules, so the editor, the webview's host and the CLI share it.
 */
import type { Node, Tree } from 'web-tree-sitter';
import { LanguageFamily } from '../languages';
import { field, walk } from '../syntax';
import { lowerJavaScript } from './javascriptModel';
import { FunctionModel, ProgramModel } from './model';
import { lowerPython } from './pythonModel';
import { Simulation } from './simulate';
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

const javascriptFunctionTypes = new Set(['function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition', 'generator_function_declaration']);

function javascriptAsyncName(node: Node): string | undefined {
  if (!javascriptFunctionTypes.has(node.type) || !node.children.some(child => child?.type === 'async')) return undefined;
  const own = field(node, 'name')?.text;
  if (own !== undefined) return own;
  // `const load = async () => ...`, `load: async () => ...`, `this.load = async function () {...}`
  const holder = node.parent;
  if (holder?.type === 'variable_declarator') return field(holder, 'name')?.text;
  if (holder?.type === 'pair') return field(holder, 'key')?.text;
  if (holder?.type === 'assignment_expression') return field(holder, 'left')?.text;
  return undefined;
}

/** The innermost async function whose extent holds `offset`. */
export function asyncFunctionAt(input: VisualizeInput, offset: number): AsyncFunctionInfo | undefined {
  let best: AsyncFunctionInfo | undefined;
  for (const candidate of asyncFunctionsIn(input)) {
    if (candidate.startIndex <= offset && offset <= candidate.endIndex && (!best || candidate.startIndex >= best.startIndex)) best = candidate;
  }
  return best;
}

export function visualize(input: VisualizeInput, target: VisualizeTarget, options: Partial<SimulationOptions> = {}): VisualizeResult {
  const functions = asyncFunctionsIn(input);
  const chosen = 'name' in target ? functions.find(f => f.name === target.name) : asyncFunctionAt(input, target.offset);
  if (!chosen) {
    if ('offset' in target) return { kind: 'error', message: 'The cursor is not in an async function.' };
    const names = functions.map(f => f.name);
    return { kind: 'error', message: `No async function named ${target.name}${names.length > 0 ? `; async functions here: ${names.join(', ')}` : '; this file has no async function'}.` };
  }
  const program = buildModel(input);
  const fn = [...program.functions.values(), ...nestedFunctions(program)].find(f => f.line === chosen.line && f.name === chosen.name)
    ?? program.functions.get(chosen.name);
  if (!fn) return { kind: 'error', message: `${chosen.name} could not be modelled.` };
  const timeline = new Simulation(program, { ...defaultSimulationOptions, ...options }).run(fn);
  return { kind: 'timeline', timeline };
}

/** The concurrency model of a whole file. */
export function buildModel(input: VisualizeInput): ProgramModel {
  return input.family === 'python' ? lowerPython(input.tree.rootNode) : lowerJavaScript(input.tree.rootNode);
}

function nestedFunctions(program: ProgramModel): FunctionModel[] {
  void program;
  return [];
}
