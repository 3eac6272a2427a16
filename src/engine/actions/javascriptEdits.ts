/** Pieces of JS/TS rewriting shared by the actions: finding the fan-out call, adding an import the file's way. */
import type { Node } from 'web-tree-sitter';
import { field, namedChildren, SyntaxIndex, unwrap } from '../syntax';
import { indentUnit, TextEdit } from './action';

/** The `Promise.all` / `Promise.allSettled` call starting at `offset`, and its method. */
export function promiseCallAt(index: SyntaxIndex, offset: number): { call: Node; method: string } | undefined {
  const node = index.nodeAt(offset);
  const call = node && [...index.ancestry(node)].reverse().find(candidate => candidate.type === 'call_expression' && candidate.startIndex === offset);
  const method = call && /^Promise\s*\.\s*(all|allSettled|any|race)$/.exec(field(call, 'function')?.text ?? '')?.[1];
  return call && method ? { call, method } : undefined;
}

/** `xs.map(fn)` as the only argument: the items and the function. */
export function mappedCollection(call: Node): { items: Node; fn: Node } | undefined {
  const args = namedChildren(field(call, 'arguments') ?? call).filter(arg => arg.type !== 'comment');
  if (args.length !== 1) return undefined;
  const inner = unwrap(args[0]);
  if (inner.type !== 'call_expression') return undefined;
  const callee = field(inner, 'function');
  if (callee?.type !== 'member_expression' || field(callee, 'property')?.text !== 'map') return undefined;
  const mapArgs = namedChildren(field(inner, 'arguments') ?? inner).filter(arg => arg.type !== 'comment');
  const items = field(callee, 'object');
  if (mapArgs.length !== 1 || !items) return undefined;
  return { items, fn: mapArgs[0] };
}

/** After the file's leading imports and requires (and a shebang or 'use strict'). */
export function afterImports(index: SyntaxIndex, text: string): number {
  let end = 0;
  for (const statement of index.topLevelNodes()) {
    const source = text.slice(statement.startIndex, statement.endIndex);
    const isImport = statement.type === 'import_statement' || statement.type === 'comment' || statement.type === 'hash_bang_line'
      || /^['"]use strict['"]/.test(source) || /^(?:const|let|var)\s[^=]+=\s*require\(/.test(source);
    if (!isImport) break;
    end = statement.endIndex;
  }
  return end === 0 ? 0 : text.indexOf('\n', end) + 1 || text.length;
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
 * The name a package's default export is bound to in the file, adding `import name from 'pkg'` (or a `require`
 * in CommonJS files) when it is missing, with the file's quotes and semicolons.
 */
export function ensureDefaultImport(index: SyntaxIndex, text: string, packageName: string, preferredName: string): { name: string; edit?: TextEdit } {
  const escaped = packageName.replace(/[-/]/g, '\\$&');
  const existing = new RegExp(`import\\s+([\\w$]+)\\s*(?:,[^;\\n]*)?\\s+from\\s+['"]${escaped}['"]|(?:const|let|var)\\s+([\\w$]+)\\s*=\\s*require\\(\\s*['"]${escaped}['"]\\s*\\)`).exec(text);
  if (existing) return { name: existing[1] ?? existing[2] };
  const quote = (text.match(/'/g)?.length ?? 0) >= (text.match(/"/g)?.length ?? 0) ? "'" : '"';
  const semicolon = usesSemicolons(text) ? ';' : '';
  const commonJs = !/^\s*(?:import|export)\b/m.test(text) && /\brequire\(/.test(text);
  const line = commonJs
    ? `const ${preferredName} = require(${quote}${packageName}${quote})${semicolon}\n`
    : `import ${preferredName} from ${quote}${packageName}${quote}${semicolon}\n`;
  const at = afterImports(index, text);
  return { name: preferredName, edit: { startIndex: at, endIndex: at, newText: line } };
}

/** The statement holding `node` (a child of a block or the program), to put a declaration before it. */
export function statementAround(index: SyntaxIndex, node: Node): Node {
  const chain = index.ancestry(node);
  for (let i = chain.length - 1; i > 0; i--) {
    if (['statement_block', 'program', 'switch_case'].includes(chain[i - 1].type)) return chain[i];
  }
  return node;
}
