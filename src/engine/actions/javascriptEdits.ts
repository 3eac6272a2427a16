/** Pieces of JS/TS rewriting shared by the actions: finding the fan-out call, adding an import the file's way. */
import type { Node } from 'web-tree-sitter';
import { JavaScriptScopes } from '../fanout/javascriptScopes';
import { GrammarId } from '../languages';
import { field, namedChildren, SyntaxIndex, unwrap } from '../syntax';
import { FileKind, indentUnit, occurrencesOfName, TextEdit } from './action';
import { freshJavaScriptName } from './freshNames';

/** The `Promise.all` / `Promise.allSettled` call starting at `offset`, and its method. */
export function promiseCallAt(index: SyntaxIndex, offset: number): { call: Node; method: string } | undefined {
  const node = index.nodeAt(offset);
  const call = node && [...index.ancestry(node)].reverse().find(candidate => candidate.type === 'call_expression' && candidate.startIndex === offset);
  const method = call && /^Promise\s*\.\s*(all|allSettled|any|race)$/.exec(field(call, 'function')?.text ?? '')?.[1];
  return call && method ? { call, method } : undefined;
}

/** `xs.map(fn)` as the only argument: the items and the function. */
export function mappedCollection(call: Node): { items: Node; fn: Node } | undefined {
  const args = argumentsOf(call);
  if (args.length !== 1) return undefined;
  const inner = unwrap(args[0]);
  if (inner.type !== 'call_expression') return undefined;
  const callee = field(inner, 'function');
  if (callee?.type !== 'member_expression' || field(callee, 'property')?.text !== 'map') return undefined;
  const mapArgs = argumentsOf(inner);
  const items = field(callee, 'object');
  if (mapArgs.length !== 1 || !items) return undefined;
  return { items, fn: mapArgs[0] };
}

/** Where the promises of a `Promise.all(...)` start, one per item: `xs.map(fn)` or `Array.from(xs, fn)`. */
export interface MappedPromises {
  /** The expression that starts them (`xs.map(fn)`, `Array.from(xs, fn)`). */
  mapping: Node;
  /** The items as a helper takes them: `xs`, or `Array.from({ length: n })` for an array-like that is no iterable. */
  items: string;
  fn: Node;
  /**
   * Set when the fan-out awaits a variable holding them (`const uploads = files.map(read)`, then
   * `Promise.all(uploads)`): `onlyUse` says whether that call is the variable's only use, the condition for turning the
   * variable into one promise of all results (`const uploads = mapWithConcurrency(...)`, then `await uploads`).
   */
  variable?: { name: Node; onlyUse: boolean; constant: boolean };
}

/** The promises the fan-out call's only argument starts, directly or through a variable of the same function. */
export function mappedPromises(index: SyntaxIndex, text: string, call: Node): MappedPromises | undefined {
  const args = argumentsOf(call);
  if (args.length !== 1) return undefined;
  const argument = unwrap(args[0]);
  if (argument.type !== 'identifier') return mappingOf(argument);
  const scopes = new JavaScriptScopes(index, text);
  const binding = scopes.lookup(argument.text, argument);
  if (binding?.kind !== 'variable' || !binding.value || binding.node.endIndex > call.startIndex) return undefined;
  if (scopes.enclosingFunction(binding.node).id !== scopes.enclosingFunction(call).id) return undefined;
  const mapped = mappingOf(unwrap(binding.value));
  if (!mapped) return undefined;
  const uses = occurrencesOfName(text, argument.text)
    .map(offset => index.nodeAt(offset))
    .filter(node => (node?.type === 'identifier' || node?.type === 'shorthand_property_identifier') && node.text === argument.text && node.id !== binding.node.id && scopes.lookup(node.text, node)?.node.id === binding.node.id);
  const onlyUse = uses.length === 1 && uses[0]!.id === argument.id;
  return { ...mapped, variable: { name: binding.node, onlyUse, constant: binding.declarationKind === 'const' } };
}

function mappingOf(node: Node): MappedPromises | undefined {
  if (node.type !== 'call_expression') return undefined;
  const callee = field(node, 'function');
  const args = argumentsOf(node);
  if (args.some(arg => arg.type === 'spread_element')) return undefined;
  if (callee?.type === 'member_expression' && field(callee, 'property')?.text === 'map') {
    const items = field(callee, 'object');
    // `map(fn, thisArg)`: the callback's `this` would be lost.
    return items && args.length === 1 ? { mapping: node, items: items.text, fn: args[0] } : undefined;
  }
  if (callee?.text.replace(/\s+/g, '') === 'Array.from' && args.length === 2) {
    const source = unwrap(args[0]);
    // `{ length: n }` is array-like, not iterable: `Array.from` makes it an array of n `undefined`s first.
    return { mapping: node, items: source.type === 'object' ? `Array.from(${args[0].text})` : args[0].text, fn: args[1] };
  }
  return undefined;
}

function argumentsOf(call: Node): Node[] {
  return namedChildren(field(call, 'arguments') ?? call).filter(arg => arg.type !== 'comment');
}

/**
 * The fan-out replaced by a call of a helper that takes the items, a limit and the function (`mapWithConcurrency`,
 * `mapInBatches`, `pMap`), in place: `Promise.all(xs.map(fn))` becomes `helper(xs, N, fn)`. A variable the fan-out
 * awaits becomes the helper's one promise (`const uploads = helper(files, N, read)`), and the fan-out call the
 * variable itself (`await uploads`); `call` is written by `helperCall(items, fn)`, `limitAt` is the limit's offset in it.
 */
export function replaceWithHelperCall(call: Node, mapped: MappedPromises, helperCall: { text: string; limitAt: number }): { edits: TextEdit[]; limitEdit: TextEdit; limitAt: number } {
  if (mapped.variable) {
    const limitEdit = { startIndex: mapped.mapping.startIndex, endIndex: mapped.mapping.endIndex, newText: helperCall.text };
    return { edits: [limitEdit, { startIndex: call.startIndex, endIndex: call.endIndex, newText: mapped.variable.name.text }], limitEdit, limitAt: helperCall.limitAt };
  }
  const limitEdit = { startIndex: call.startIndex, endIndex: call.endIndex, newText: helperCall.text };
  return { edits: [limitEdit], limitEdit, limitAt: helperCall.limitAt };
}

/** Whether the inserted helpers get types: TypeScript files, as the caller says (by name or language), else by grammar. */
export function writesTypes(kind: FileKind & { grammar: GrammarId }): boolean {
  return kind.typescript ?? kind.grammar === 'typescript';
}

/**
 * Whether the file is an ES module, where ESM-only packages (p-limit, p-map) can be imported: as its name says
 * (`.mjs`, `.cjs`), else when it has an `import` or `export` statement. A file with neither may be CommonJS, where
 * `import` is a SyntaxError and `require` of an ESM-only package fails.
 */
export function isEsModule(index: SyntaxIndex, kind: FileKind): boolean {
  if (kind.moduleSystem) return kind.moduleSystem === 'esm';
  return index.topLevelNodes().some(node => node.type === 'import_statement' || node.type === 'export_statement');
}

/**
 * A helper function of ours at the top of the file: the one already there (a top-level function of that name with
 * these parameters, from an earlier fix), or a new one under a name no other binding of the file has (`base2` when
 * the file has its own `base`), inserted after the imports.
 */
export function topLevelHelper(index: SyntaxIndex, text: string, base: string, parameters: readonly string[], usedAt: Node, source: (name: string) => string): { name: string; edit?: TextEdit } {
  const functions = new Map<string, Node>();
  for (const node of index.topLevelNodes()) {
    const declaration = node.type === 'export_statement' ? field(node, 'declaration') : node;
    const name = declaration?.type === 'function_declaration' ? field(declaration, 'name')?.text : undefined;
    if (name && declaration) functions.set(name, declaration);
  }
  const scopes = new JavaScriptScopes(index, text);
  const ours = [...functions].find(([name, declaration]) => (name === base || new RegExp(`^${base}\\d+$`).test(name))
    && parameterNames(declaration).join() === parameters.join() && scopes.lookup(name, usedAt)?.node.id === declaration.id);
  if (ours) return { name: ours[0] };
  const name = freshJavaScriptName(index, text, index.tree.rootNode, base, [], [usedAt]);
  const at = afterImports(index, text);
  return { name, edit: { startIndex: at, endIndex: at, newText: helperInsertion(text, at, source(name)) } };
}

function parameterNames(declaration: Node): string[] {
  const parameters = field(declaration, 'parameters');
  return parameters ? namedChildren(parameters).filter(p => p.type !== 'comment').map(p => (field(p, 'pattern') ?? p).text) : [];
}

/**
 * After the file's leading imports and requires (and a shebang, 'use strict', and the comments among them). A comment
 * right above the first other statement is that statement's (its doc comment, or the doc comment of a helper
 * inserted before): what goes after the imports goes above it, not between it and its statement.
 */
export function afterImports(index: SyntaxIndex, text: string): number {
  let end = 0;
  const nodes = index.topLevelNodes();
  for (const [i, statement] of nodes.entries()) {
    const source = text.slice(statement.startIndex, statement.endIndex);
    const isImport = statement.type === 'import_statement' || statement.type === 'hash_bang_line'
      || /^['"]use strict['"]/.test(source) || /^(?:const|let|var)\s[^=]+=\s*require\(/.test(source);
    const isHeaderComment = statement.type === 'comment' && !documentsNextStatement(nodes, i, text);
    if (!isImport && !isHeaderComment) break;
    end = statement.endIndex;
  }
  return end === 0 ? 0 : text.indexOf('\n', end) + 1 || text.length;
}

/**
 * Whether the comment `nodes[i]` sits right above (no blank line) a statement that is not an import, or above
 * comments that do: the statement's documentation. A comment after code on the same line is that line's.
 */
function documentsNextStatement(nodes: readonly Node[], i: number, text: string): boolean {
  const comment = nodes[i];
  if (i > 0 && nodes[i - 1].endPosition.row === comment.startPosition.row) return false;
  for (let j = i + 1; j < nodes.length; j++) {
    const previous = nodes[j - 1];
    const next = nodes[j];
    if (next.startPosition.row > previous.endPosition.row + 1) return false; // a blank line between
    if (next.type !== 'comment') {
      const source = text.slice(next.startIndex, next.endIndex);
      return !(next.type === 'import_statement' || /^(?:const|let|var)\s[^=]+=\s*require\(/.test(source));
    }
  }
  return false;
}

/**
 * A helper's source as inserted at `at` (what `afterImports` gives), set off by one blank line from the code around
 * it: none before it at the top of a file (a file starting with an empty line looks broken), and one after it when
 * the code right after it would otherwise touch it.
 */
export function helperInsertion(text: string, at: number, source: string): string {
  const before = at > 0 ? '\n' : '';
  const after = at < text.length && text[at] !== '\n' ? '\n' : '';
  // Helpers are written with two spaces a level; a file indented with tabs or four spaces gets its own (a file with
  // no indented line says nothing, and keeps the two).
  const unit = /^[ \t]+\S/m.test(text) ? indentUnit(text) : '  ';
  const indented = unit === '  ' ? source : source.replace(/^(?: {2})+/gm, spaces => unit.repeat(spaces.length / 2));
  return `${before}${indented}${after}`;
}

/** Whether most lines that could end in a semicolon do. */
export function usesSemicolons(text: string): boolean {
  // Only lines that end a statement: not openers or continuations, not comments, and not a closing `}` (which ends a
  // function or class in either style: counted, a file with semicolons but many blocks looked like one without).
  const lines = text.split('\n').map(line => line.trim())
    .filter(line => line && !/^(?:\/\/|\/\*|\*)/.test(line) && !/(?:[{}(\[,]|=>)$/.test(line));
  return lines.filter(line => line.endsWith(';')).length * 2 >= lines.length;
}

/**
 * The name a package's default export is bound to in the file: from its `import name from 'pkg'` or
 * `const name = require('pkg')`, or (`esm`) a new `import` with the file's quotes and semicolons, under a name no
 * other top-level binding has. Undefined when the file does not import it and is not an ES module: the ESM-only
 * packages (p-limit 4+, p-map 5+) cannot be required, and an `import` in CommonJS is a SyntaxError.
 */
export function ensureDefaultImport(index: SyntaxIndex, text: string, packageName: string, baseName: string, esm: boolean, usedAt: Node): { name: string; edit?: TextEdit } | undefined {
  const escaped = packageName.replace(/[-/]/g, '\\$&');
  const existing = new RegExp(`import\\s+([\\w$]+)\\s*(?:,[^;\\n]*)?\\s+from\\s+['"]${escaped}['"]|(?:const|let|var)\\s+([\\w$]+)\\s*=\\s*require\\(\\s*['"]${escaped}['"]\\s*\\)`).exec(text);
  if (existing) return { name: existing[1] ?? existing[2] };
  if (!esm) return undefined;
  const name = freshJavaScriptName(index, text, index.tree.rootNode, baseName, [], [usedAt]);
  const quote = (text.match(/'/g)?.length ?? 0) >= (text.match(/"/g)?.length ?? 0) ? "'" : '"';
  const semicolon = usesSemicolons(text) ? ';' : '';
  const at = afterImports(index, text);
  return { name, edit: { startIndex: at, endIndex: at, newText: `import ${name} from ${quote}${packageName}${quote}${semicolon}\n` } };
}

/** The statement holding `node` (a child of a block or the program), to put a declaration before it. */
export function statementAround(index: SyntaxIndex, node: Node): Node {
  const chain = index.ancestry(node);
  for (let i = chain.length - 1; i > 0; i--) {
    if (['statement_block', 'program', 'switch_case'].includes(chain[i - 1].type)) return chain[i];
  }
  return node;
}
