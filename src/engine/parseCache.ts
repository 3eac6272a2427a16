/**
 * One syntax tree per open document, kept in step with the editor by incremental re-parsing:
 * each change is applied to the old tree with `Tree.edit`, then the parser re-uses every unchanged subtree.
 * Trees live in the WebAssembly heap, so they are freed explicitly when replaced or closed.
 *
 * Python is parsed a top-level region at a time (see pythonDocumentTree.ts), the way every analysis of Python reads
 * it: after an edit only the regions whose text changed are parsed again.
 */
import type { Tree } from 'web-tree-sitter';
import { GrammarLoader } from './grammarLoader';
import { GrammarId } from './languages';
import { PythonDocumentTree } from './pythonDocumentTree';
import { PythonRegionTrees } from './pythonRegionTrees';
import { TextChange, treeSitterEditOf } from './textChange';

export interface ParsedDocument {
  readonly key: string;
  readonly grammar: GrammarId;
  readonly version: number;
  readonly text: string;
  readonly tree: Tree;
  /** How this tree was made: lets tests and the log prove that typing does not re-parse from scratch. */
  readonly parsedBy: 'full' | 'incremental';
}

export class ParseCache {
  private readonly documents = new Map<string, ParsedDocument>();
  /** The regions of each Python document, kept in step with its changes. */
  private readonly pythonRegions = new Map<string, PythonRegionTrees>();
  /** Counts of parses by kind since this cache was made. */
  readonly stats = { full: 0, incremental: 0 };

  constructor(private readonly grammars: GrammarLoader) {}

  get(key: string): ParsedDocument | undefined {
    return this.documents.get(key);
  }

  /**
   * The tree for this exact version of the document. Parses from scratch when nothing usable is cached
   * (first sight, another grammar, or a version gap we saw no changes for).
   */
  async parse(key: string, grammar: GrammarId, text: string, version: number): Promise<ParsedDocument> {
    const cached = this.documents.get(key);
    if (cached && cached.grammar === grammar && cached.version === version && cached.text === text) return cached;
    const parser = await this.grammars.parserFor(grammar);
    let tree: Tree;
    if (grammar === 'python') {
      const regions = PythonRegionTrees.parse(parser, text);
      this.pythonRegions.get(key)?.delete();
      this.pythonRegions.set(key, regions);
      tree = PythonDocumentTree.of(regions);
    } else {
      this.pythonRegions.get(key)?.delete();
      this.pythonRegions.delete(key);
      tree = parseOrThrow(parser.parse(text), key);
    }
    this.stats.full++;
    return this.store({ key, grammar, version, text, tree, parsedBy: 'full' });
  }

  /**
   * Brings a cached tree up to date with the editor's changes (in the order the editor reports them),
   * re-using unchanged subtrees. Returns undefined when there is no cached tree to edit: the caller then
   * parses in full with `parse`.
   */
  async applyChanges(key: string, changes: readonly TextChange[], newText: string, newVersion: number): Promise<ParsedDocument | undefined> {
    const cached = this.documents.get(key);
    if (!cached) return undefined;
    const parser = await this.grammars.parserFor(cached.grammar);
    // The cache may have moved on while the grammar promise resolved; only edit the tree we looked at.
    if (this.documents.get(key) !== cached) return undefined;
    const regions = this.pythonRegions.get(key);
    let tree: Tree;
    if (regions) {
      regions.applyChanges(changes, newText);
      tree = PythonDocumentTree.of(regions);
    } else {
      const edited = cached.tree.copy();
      for (const change of changes) edited.edit(treeSitterEditOf(change));
      tree = parseOrThrow(parser.parse(newText, edited), key);
      edited.delete();
    }
    this.stats.incremental++;
    return this.store({ key, grammar: cached.grammar, version: newVersion, text: newText, tree, parsedBy: 'incremental' });
  }

  close(key: string): void {
    this.documents.get(key)?.tree.delete();
    this.documents.delete(key);
    this.pythonRegions.get(key)?.delete();
    this.pythonRegions.delete(key);
  }

  dispose(): void {
    for (const key of [...this.documents.keys()]) this.close(key);
  }

  get size(): number {
    return this.documents.size;
  }

  private store(document: ParsedDocument): ParsedDocument {
    const previous = this.documents.get(document.key);
    this.documents.set(document.key, document);
    // Analyses run synchronously on the tree they are given, so nothing reads the replaced tree after this.
    if (previous && previous.tree !== document.tree) previous.tree.delete();
    return document;
  }
}

function parseOrThrow(tree: Tree | null, key: string): Tree {
  // tree-sitter returns null only when parsing was cancelled or no language was set: neither is a syntax error.
  if (!tree) throw new Error(`tree-sitter returned no tree for ${key}`);
  return tree;
}
