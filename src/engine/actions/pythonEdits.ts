/**
 * Pieces of Python rewriting shared by the actions: where set-up code can go before the statement that needs it, and
 * the one importer of a module the code they write uses.
 */
import type { Node } from 'web-tree-sitter';
import { Callees } from '../semantics/callees';
import { SyntaxIndex } from '../syntax';
import { lineAround, lineEnding, pythonImportOffset, startsLine, TextEdit } from './action';

/**
 * The statement to insert set-up code (a semaphore, a helper) before, on lines of its own: the innermost statement
 * around `node` that begins its line. A statement sharing its line with an `if x:`, `else:`, a one-line `def` or an
 * earlier statement and `;` is not one: the lines above it belong to another block, or to no block at all (between
 * an `if` body and its `else`). Not in a class body: a name assigned there is a class attribute, which the methods
 * cannot see (NameError); the code then goes before the class.
 */
export function statementToInsertBefore(index: SyntaxIndex, text: string, node: Node): Node | undefined {
  const chain = index.ancestry(node);
  for (let i = chain.length - 1; i > 0; i--) {
    const block = chain[i - 1];
    if (block.type !== 'block' && block.type !== 'module') continue;
    if (block.type === 'block' && chain[i - 2]?.type === 'class_definition') continue;
    // The statement itself, or the earlier one of its block that its line starts with (`x = 1; await ...`).
    const line = lineAround(text, chain[i].startIndex);
    const first = line.start + line.indent.length;
    const opening = startsLine(text, chain[i].startIndex) ? chain[i] : block.namedChildren.find(child => child?.startIndex === first);
    if (opening) return opening;
  }
  return undefined;
}

/**
 * The name code written at `usedAt` reaches `module` by, and the import to add when nothing there does (after Ruff's
 * `importer().get_or_import_symbol`): the one Python importer of the actions. The resolver says which plain
 * `import module [as name]` is visible at `usedAt` (one inside another function is not). Undefined when no import
 * can be added (see pythonImportOffset), or when the module's own name is bound there to something else (an import at
 * the top would not reach it).
 */
export function importedModule(callees: Callees, text: string, module: string, usedAt: Node): { name: string; edit?: TextEdit } | undefined {
  const names = callees.python!;
  const local = names.localNameOfModuleAt(module, usedAt);
  if (local) return { name: local };
  if (names.isBoundAt(module, usedAt)) return undefined;
  const at = pythonImportOffset(text);
  return at === undefined ? undefined : { name: module, edit: { startIndex: at, endIndex: at, newText: `import ${module}${lineEnding(text)}` } };
}
