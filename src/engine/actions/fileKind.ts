/**
 * What kind of file the actions write into, from its name (the CLI) or its language (the editor): TypeScript or
 * not, ES module or CommonJS. `.js` and `.ts` say nothing about modules: the actions look at the file's statements.
 * JavaScript is parsed with the TSX grammar, so the grammar cannot tell a `.js` file from a `.tsx` one.
 */
import { FileKind } from './action';

const typescriptLanguageIds = new Set(['typescript', 'typescriptreact']);
const javascriptLanguageIds = new Set(['javascript', 'javascriptreact']);

export function fileKindOf(fileName: string, languageId?: string): FileKind {
  const extension = /\.[^./\\]+$/.exec(fileName)?.[0].toLowerCase() ?? '';
  const typescript = languageId && (typescriptLanguageIds.has(languageId) || javascriptLanguageIds.has(languageId))
    ? typescriptLanguageIds.has(languageId)
    : ['.ts', '.tsx', '.mts', '.cts'].includes(extension);
  const moduleSystem = extension === '.mjs' || extension === '.mts' ? 'esm' : extension === '.cjs' || extension === '.cts' ? 'commonjs' : undefined;
  return moduleSystem ? { typescript, moduleSystem } : { typescript };
}
