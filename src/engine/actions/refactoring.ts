/** Refactorings: offered at the cursor or selection, with no diagnostic needed (`refactor.rewrite.*`). */
import type { Node, Tree } from 'web-tree-sitter';
import { SyntaxIndex } from '../syntax';
import { GrammarId, LanguageFamily } from '../languages';
import { CodeActionProposal, FileKind } from './action';

export interface RefactoringContext extends FileKind {
  tree: Tree;
  text: string;
  family: LanguageFamily;
  grammar: GrammarId;
  /** The cursor (startIndex === endIndex) or selection. */
  selection: { startIndex: number; endIndex: number };
  maxConcurrency: number;
  dependencies?: ReadonlySet<string>;
  /** The Python version the project targets, e.g. "3.11" (asyncPatterns.python.version). */
  pythonVersion?: string;
}

export interface RefactoringProvider {
  id: string;
  provide(context: RefactoringContext): CodeActionProposal | undefined;
}

/** The node at the cursor; a cursor at the end of a line belongs to what is just before it. */
export function nodeAtCursor(index: SyntaxIndex, text: string, offset: number): Node | undefined {
  const before = offset > 0 && /\s/.test(text[offset] ?? '\n') ? offset - 1 : offset;
  return index.nodeAt(before);
}
