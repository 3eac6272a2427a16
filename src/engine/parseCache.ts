/**
 * One syntax tree per open document, kept in step with the editor by incremental re-parsing:
 * each change is applied to the old tree with `Tree.edit`, then the parser re-uses every unchanged subtree.
 * Trees live in the WebAssembly heap, so they are freed explicitly when replaced or closed.
 *
 * Every language is parsed a top-level region at a time (see documentTree.ts), the way every analysis reads it:
 * after an edit only the regions whose text changed are parsed again.
 */
import type { Tree } from 'web-tree-sitter';
import { GrammarLoader } from './grammarLoader';
import { GrammarId } from './languages';
import { DocumentTree } from './documentTree';
import { regionScannerOf } from './parseForAnalysis';
import { RegionTrees } from './regionTrees';
import { TextChange } from './textChange';

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
  /** The regions of each document, kept in step with its changes. */
  private readonly regions = new Map<string, RegionTrees>();
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
    const regions = RegionTrees.parse(parser, regionScannerOf(grammar), text);
    this.regions.get(key)?.delete();
    this.regions.set(key, regions);
    const tree = DocumentTree.of(regions);
    this.stats.full++;
    return this.store({ key, grammar, version, text, tree, parsedBy: 'full' });
  }

  /**
   * Brings a cached tree up to date with the editor's changes (in the order the editor reports them),
   * re-using the trees of the regions they left alone. Returns undefined when there is no cached tree to edit: the caller then
   * parses in full with `parse`.
   */
  async applyChanges(key: string, changes: readonly TextChange[], newText: string, newVersion: number): Promise<ParsedDocument | undefined> {
    const cached = this.documents.get(key);
    if (!cached) return undefined;
    const regions = this.regions.get(key);
    if (!regions) return undefined;
    regions.applyChanges(changes, newText);
    const tree = DocumentTree.of(regions);
    this.stats.incremental++;
    return this.store({ key, grammar: cached.grammar, version: newVersion, text: newText, tree, parsedBy: 'incremental' });
  }

  close(key: string): void {
    this.documents.get(key)?.tree.delete();
    this.documents.delete(key);
    this.regions.get(key)?.delete();
    this.regions.delete(key);
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
