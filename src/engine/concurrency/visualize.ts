/**
 * The visualizer's entry point: finds the async function to show, builds its concurrency model and simulates it.
 * Synchronous and free of `vscode`, like the rules, so the editor, the webview's host and the CLI share it.
 *
 * Functions are picked by where they are (the cursor, the CodeLens's line), or by the name a user gives: a method
 * as `Class.method`, or a bare name when only one function has it.
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
  /** `Class.method` for a method, `outer.inner` for a nested function, the name otherwise. */
  qualifiedName: string;
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

/** Which function: by name (CLI: `name` or `Class.method`) or the innermost async function around an offset (editor). */
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
    if (name !== undefined) {
      found.push({ name, qualifiedName: qualify(node, name, input.family), line: node.startPosition.row + 1, startIndex: node.startIndex, endIndex: node.endIndex });
    }
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

const classTypes = new Set(['class_definition', 'class_declaration', 'class', 'abstract_class_declaration']);
const functionTypes = new Set(['function_definition', ...javascriptFunctionTypes]);

/** `Class.method`, `outer.inner`: the names of the classes and functions the definition sits in. */
function qualify(node: Node, name: string, family: LanguageFamily): string {
  const names = [name];
  for (let current = node.parent; current; current = current.parent) {
    if (classTypes.has(current.type)) {
      const className = field(current, 'name')?.text ?? (current.parent?.type === 'variable_declarator' ? field(current.parent, 'name')?.text : undefined);
      if (className) names.unshift(className);
      // A class's methods are known by the class alone.
      break;
    }
    if (functionTypes.has(current.type)) {
      const outer = family === 'python' ? field(current, 'name')?.text : javascriptFunctionName(current);
      if (outer) names.unshift(outer);
    }
  }
  return names.join('.');
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

/** The function a user names: by its qualified name, or by its bare name when only one has it. */
export function functionNamed(functions: readonly AsyncFunctionInfo[], name: string): AsyncFunctionInfo | AsyncFunctionInfo[] | undefined {
  const exact = functions.filter(f => f.qualifiedName === name);
  if (exact.length >= 1) return exact[0];
  const bare = functions.filter(f => f.name === name);
  if (bare.length === 1) return bare[0];
  return bare.length > 1 ? bare : undefined;
}

/** `functions`: the file's async functions when the caller has them already (the editor keeps them per parse). */
export function visualize(
  input: VisualizeInput,
  target: VisualizeTarget,
  options: Partial<SimulationOptions> = {},
  functions: readonly AsyncFunctionInfo[] = asyncFunctionsIn(input),
): VisualizeResult {
  let chosen: AsyncFunctionInfo | undefined;
  if ('offset' in target) {
    chosen = functionAt(functions, target.offset);
    if (!chosen) return { kind: 'error', message: 'The cursor is not in an async function.' };
  } else {
    const named = functionNamed(functions, target.name);
    if (Array.isArray(named)) {
      return { kind: 'error', message: `Several async functions are named ${target.name}; name one of them: ${named.map(f => f.qualifiedName).join(', ')}.` };
    }
    if (!named) {
      const names = functions.map(f => f.qualifiedName);
      return { kind: 'error', message: `No async function named ${target.name}${names.length > 0 ? `; async functions here: ${names.join(', ')}` : '; this file has no async function'}.` };
    }
    chosen = named;
  }
  const program = buildModel(input);
  const fn = program.functions.find(f => f.startIndex === chosen!.startIndex);
  if (!fn) return { kind: 'error', message: `${chosen.qualifiedName} could not be modelled.` };
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
