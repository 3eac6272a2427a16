/**
 * Names for what the actions insert (a semaphore, a runner, a limiter, a helper), chosen by scope, not by the whole
 * file's text: `base` unless a name of that spelling is visible where the new one goes (bound there or in a scope
 * around it), or is used there for something bound outside it (a global, a builtin, a closure's variable), which the
 * new name would capture. A same-named binding only in an unrelated function leaves `base` free.
 */
import type { Node } from 'web-tree-sitter';
import { JavaScriptScopes } from '../fanout/javascriptScopes';
import { PythonScopes } from '../fanout/pythonScopes';
import { contains, field, SyntaxIndex } from '../syntax';
import { occurrencesOfName } from './action';

const javascriptBlocks = new Set(['statement_block', 'program', 'switch_body', 'switch_case', 'switch_default', 'class_body']);
/** Nodes that are a name in JS (a reference or a declaration), as opposed to a property key (`obj.limit`, `{ limit: 1 }`). */
const javascriptNameTypes = new Set(['identifier', 'shorthand_property_identifier', 'shorthand_property_identifier_pattern']);

/** `base`, `base_2`, `base_3`... (JS: `base2`), the first that `isTaken` rejects not. */
function firstFree(base: string, separator: string, isTaken: (name: string) => boolean, reserved: readonly string[]): string {
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}${separator}${i}`;
    if (!reserved.includes(name) && !isTaken(name)) return name;
  }
}

/**
 * A Python name for a binding inserted just before `statement` (in its function, or the module). `reserved` are
 * names this same edit inserts too; `usedAt` are where the edit uses the name (in a method, for a binding made before
 * its class), where no other binding of it may be visible either.
 */
export function freshPythonName(index: SyntaxIndex, text: string, statement: Node, base: string, reserved: readonly string[] = [], usedAt: readonly Node[] = []): string {
  const scopes = new PythonScopes(index, text);
  const scope = scopes.enclosingScope(statement);
  const shadowed = (name: string) => usedAt.some(use => scopes.lookup(name, use) !== undefined);
  return firstFree(base, '_', name => pythonNameTaken(index, text, scopes, scope, statement, name) || shadowed(name), reserved);
}

/**
 * Whether a binding of `name` can go before `statement` without clashing, not counting the bindings inside
 * `moving` (a declaration being moved there, whose old place goes away).
 */
export function pythonNameFree(index: SyntaxIndex, text: string, statement: Node, name: string, moving: Node): boolean {
  const scopes = new PythonScopes(index, text);
  return !pythonNameTaken(index, text, scopes, scopes.enclosingScope(statement), statement, name, moving);
}

function pythonNameTaken(index: SyntaxIndex, text: string, scopes: PythonScopes, scope: Node, at: Node, name: string, moving?: Node): boolean {
  const visible = scopes.lookup(name, at);
  if (visible && !(moving && contains(moving, visible.node))) return true;
  for (const offset of occurrencesOfName(text.slice(scope.startIndex, scope.endIndex), name)) {
    const node = index.nodeAt(scope.startIndex + offset);
    if (node?.type !== 'identifier' || node.text !== name) continue; // in a string or a comment
    const parent = index.parent(node);
    if (parent?.type === 'keyword_argument' && field(parent, 'name')?.id === node.id) continue;
    if (parent?.type === 'global_statement' || parent?.type === 'nonlocal_statement') return true;
    const binding = scopes.lookup(name, node);
    if (binding && moving && contains(moving, binding.node)) continue;
    // Bound in this scope itself; or a use of a global or builtin, or of a variable of a scope around this one,
    // which the new name would capture.
    if (!binding || !contains(scope, binding.node) || binding.scope.id === scope.id) return true;
  }
  return false;
}

/**
 * A JS/TS name for a declaration inserted just before `statement`, in the block that holds it (or the file, for an
 * import or helper at the top level: pass the root). `usedAt` are where the edit uses the name (a helper called in a
 * function), where no other binding of it may be visible either.
 */
export function freshJavaScriptName(index: SyntaxIndex, text: string, statement: Node, base: string, reserved: readonly string[] = [], usedAt: readonly Node[] = []): string {
  const scopes = new JavaScriptScopes(index, text);
  const block = statement.type === 'program' ? statement : index.closest(statement, javascriptBlocks) ?? index.tree.rootNode;
  const shadowed = (name: string) => usedAt.some(use => scopes.lookup(name, use) !== undefined);
  return firstFree(base, '', name => javascriptNameTaken(index, text, scopes, block, statement, name) || shadowed(name), reserved);
}

/** Whether a declaration of `name` can go before `statement`, not counting the declarations inside `moving`. */
export function javascriptNameFree(index: SyntaxIndex, text: string, statement: Node, name: string, moving: Node): boolean {
  const block = index.closest(statement, javascriptBlocks) ?? index.tree.rootNode;
  return !javascriptNameTaken(index, text, new JavaScriptScopes(index, text), block, statement, name, moving);
}

function javascriptNameTaken(index: SyntaxIndex, text: string, scopes: JavaScriptScopes, block: Node, at: Node, name: string, moving?: Node): boolean {
  const visible = scopes.lookup(name, at);
  if (visible && !(moving && contains(moving, visible.node))) return true;
  for (const offset of occurrencesOfName(text.slice(block.startIndex, block.endIndex), name)) {
    const node = index.nodeAt(block.startIndex + offset);
    if (!node || !javascriptNameTypes.has(node.type) || node.text !== name) continue;
    const binding = scopes.lookup(name, node);
    if (binding && moving && contains(moving, binding.node)) continue;
    // Declared in this block; free (a global) or bound around the block (captured); or a `var` (hoisted to the whole
    // function, it would clash).
    if (!binding || !contains(block, binding.node) || binding.scope.id === block.id) return true;
    if (binding.kind === 'variable' && binding.declarationKind === 'var') return true;
  }
  return false;
}
