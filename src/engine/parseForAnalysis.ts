/**
 * How a text is parsed for analysis, in one place: Python a top-level region at a time (see pythonDocumentTree.ts),
 * JavaScript and TypeScript as one tree. The CLI, the editor and the fix actions all parse this way, so that their
 * analyses of one text agree.
 */
import type { Parser, Tree } from 'web-tree-sitter';
import { GrammarId, LanguageFamily } from './languages';
import { PythonDocumentTree } from './pythonDocumentTree';

/** `text` parsed for analysis with `parser` (set to the grammar of `language`: a grammar or a family). */
export function parseForAnalysis(parser: Parser, language: GrammarId | LanguageFamily, text: string): Tree {
  if (language === 'python') return PythonDocumentTree.parse(parser, text);
  const tree = parser.parse(text);
  // tree-sitter returns null only when parsing was cancelled or no language was set: neither is a syntax error.
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}
