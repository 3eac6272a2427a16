/**
 * Which grammar parses which language. Kept as data: the editor speaks in VS Code language ids,
 * the CLI in file extensions, and both must agree on the grammar.
 *
 * JavaScript (and JSX, MJS, CJS) is parsed with the TSX grammar: TypeScript's grammar is a superset of
 * JavaScript's, and TSX adds JSX. One grammar family for JS and TS means one set of node types for our rules.
 */
import grammarFiles from './grammars.json';

export type GrammarId = keyof typeof grammarFiles;

/** The two families our rules are written for; every grammar belongs to one. */
export type LanguageFamily = 'python' | 'javascript';

export const grammarIds = Object.keys(grammarFiles) as GrammarId[];

export function wasmFileOf(grammar: GrammarId): string {
  return grammarFiles[grammar].wasm;
}

export function familyOf(grammar: GrammarId): LanguageFamily {
  return grammar === 'python' ? 'python' : 'javascript';
}

const grammarByLanguageId: Readonly<Record<string, GrammarId>> = {
  python: 'python',
  typescript: 'typescript',
  typescriptreact: 'tsx',
  javascript: 'tsx',
  javascriptreact: 'tsx',
};

const grammarByExtension: Readonly<Record<string, GrammarId>> = {
  '.py': 'python',
  '.pyi': 'python',
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
  '.js': 'tsx',
  '.jsx': 'tsx',
  '.mjs': 'tsx',
  '.cjs': 'tsx',
};

/** The VS Code language ids we analyze; the manifest's activation events list the same ones. */
export const supportedLanguageIds = Object.keys(grammarByLanguageId);

export const supportedFileExtensions = Object.keys(grammarByExtension);

export function grammarForLanguageId(languageId: string): GrammarId | undefined {
  return Object.hasOwn(grammarByLanguageId, languageId) ? grammarByLanguageId[languageId] : undefined;
}

export function grammarForFileName(fileName: string): GrammarId | undefined {
  if (fileName.endsWith('.d.ts')) return 'typescript';
  const dot = fileName.lastIndexOf('.');
  if (dot < 0) return undefined;
  const extension = fileName.slice(dot).toLowerCase();
  return Object.hasOwn(grammarByExtension, extension) ? grammarByExtension[extension] : undefined;
}
