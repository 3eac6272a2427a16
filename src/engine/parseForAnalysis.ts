/**
 * How a text is parsed for analysis, in one place: a top-level region at a time (see documentTree.ts), in regions of
 * its language's scanner. The CLI, the editor and the fix actions all parse this way, so that their analyses of one
 * text agree.
 */
import type { Parser, Tree } from 'web-tree-sitter';
import { DocumentTree } from './documentTree';
import { javascriptRegions } from './javascriptRegions';
import { familyOf, GrammarId, LanguageFamily } from './languages';
import { pythonRegions } from './pythonRegions';
import { RegionScanner } from './regions';

/** `text` parsed for analysis with `parser` (set to the grammar of `language`: a grammar or a family). */
export function parseForAnalysis(parser: Parser, language: GrammarId | LanguageFamily, text: string): Tree {
  return DocumentTree.parse(parser, regionScannerOf(language), text);
}

/** How a text of `language` (a grammar or a family) splits into top-level regions. */
export function regionScannerOf(language: GrammarId | LanguageFamily): RegionScanner {
  const family = language === 'javascript' ? 'javascript' : familyOf(language);
  return family === 'python' ? pythonRegions : javascriptRegions;
}
