/**
 * Keeps the engine's parse cache in step with VS Code's documents: a full parse when a document is opened
 * (or first seen), an incremental one for each change event, a freed tree when it is closed.
 * Work for one document runs in order on its own queue, so a change is never applied to a tree it does not
 * belong to, and a failure is logged without ever reaching (or freezing) the extension host.
 */
import * as vscode from 'vscode';
import { GrammarId, grammarForLanguageId } from '../engine/languages';
import { ParseCache, ParsedDocument } from '../engine/parseCache';
import { formatSize } from '../engine/sourceText';
import { readSettings } from './settings';

export class DocumentParses implements vscode.Disposable {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly skipped = new Set<string>();
  private readonly changeEmitter = new vscode.EventEmitter<ParsedDocument>();
  private readonly forgetEmitter = new vscode.EventEmitter<string>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /**
   * The document each parse was made from: a document that reuses a closed one's name (`Untitled-1`) has the same
   * key, and may have the same version, language and length, but a parse of the other one is never its parse.
   */
  private readonly parsedFrom = new WeakMap<ParsedDocument, vscode.TextDocument>();
  /** Fires after each document's tree is brought up to date. */
  readonly onDidParse = this.changeEmitter.event;
  /** Fires with a document's key when it is closed or stops being analyzed (turned off, too large, other language). */
  readonly onDidForget = this.forgetEmitter.event;

  constructor(private readonly cache: ParseCache, private readonly log: vscode.LogOutputChannel) {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument(document => this.track(document)),
      vscode.workspace.onDidChangeTextDocument(event => this.onChange(event)),
      vscode.workspace.onDidCloseTextDocument(document => {
        // An untitled name (`Untitled-1`) is reused: a late close of the old document must not forget the new one.
        if (!isOpen(keyOf(document))) this.forget(document);
      }),
      vscode.workspace.onDidChangeConfiguration(event => {
        if (event.affectsConfiguration('asyncPatterns')) this.retrackAll();
      }),
    );
    this.retrackAll();
  }

  /** The tree of exactly this version of the document, if it is parsed already (synchronous: safe to analyze now). */
  current(document: vscode.TextDocument): ParsedDocument | undefined {
    const parsed = this.cache.get(keyOf(document));
    return parsed && this.isParseOf(parsed, document) ? parsed : undefined;
  }

  /** The current tree of a document, after everything queued for it has run; none once it is closed. */
  async parsed(document: vscode.TextDocument): Promise<ParsedDocument | undefined> {
    await this.queues.get(keyOf(document));
    if (document.isClosed) return undefined;
    const parsed = this.cache.get(keyOf(document));
    if (parsed && this.isParseOf(parsed, document)) return parsed;
    return this.grammarIfAnalyzed(document) ? this.enqueue(document, () => this.parseFully(document)) : undefined;
  }

  private retrackAll(): void {
    for (const document of vscode.workspace.textDocuments) this.track(document);
  }

  private track(document: vscode.TextDocument): void {
    const key = keyOf(document);
    if (!this.grammarIfAnalyzed(document)) {
      this.forget(document);
      return;
    }
    const cached = this.cache.get(key);
    if (cached && this.isParseOf(cached, document)) return;
    void this.enqueue(document, () => this.parseFully(document));
  }

  private onChange(event: vscode.TextDocumentChangeEvent): void {
    const { document, contentChanges } = event;
    if (contentChanges.length === 0) return; // dirty-state only changes
    const grammar = this.grammarIfAnalyzed(document);
    if (!grammar) {
      this.forget(document);
      return;
    }
    // Capture now: by the time the queue reaches this step the document may have changed again.
    const text = document.getText();
    const version = document.version;
    const changes = contentChanges.map(change => ({
      rangeOffset: change.rangeOffset,
      rangeLength: change.rangeLength,
      text: change.text,
      range: { start: change.range.start, end: change.range.end },
    }));
    void this.enqueue(document, async () => {
      // Closed meanwhile (closing an unsaved document first empties it): its forget step is queued after this one.
      if (document.isClosed) return undefined;
      const key = keyOf(document);
      const cached = this.cache.get(key);
      // Incremental only from this document's version these changes were made against; anything else in full.
      const parsed = cached && cached.version === version - 1 && this.parsedFrom.get(cached) === document
        ? await this.cache.applyChanges(key, changes, text, version)
        : undefined;
      return parsed ?? this.cache.parse(key, grammar, text, version);
    });
  }

  private parseFully(document: vscode.TextDocument): Promise<ParsedDocument | undefined> {
    const grammar = !document.isClosed && this.grammarIfAnalyzed(document);
    return grammar ? this.cache.parse(keyOf(document), grammar, document.getText(), document.version) : Promise.resolve(undefined);
  }

  private enqueue(document: vscode.TextDocument, step: () => Promise<ParsedDocument | undefined>): Promise<ParsedDocument | undefined> {
    const key = keyOf(document);
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(step).then(
      parsed => {
        if (parsed) {
          this.parsedFrom.set(parsed, document);
          this.changeEmitter.fire(parsed);
        }
        return parsed;
      },
      error => {
        this.log.error(`Could not parse ${document.uri.toString(true)}: ${error instanceof Error ? error.message : String(error)}`);
        this.cache.close(key);
        return undefined;
      },
    );
    this.queues.set(key, next);
    void next.then(() => {
      if (this.queues.get(key) === next) this.queues.delete(key);
    });
    return next;
  }

  private forget(document: vscode.TextDocument): void {
    const key = keyOf(document);
    if (!this.cache.get(key) && !this.queues.has(key)) return;
    void this.enqueue(document, async () => {
      this.cache.close(key);
      this.forgetEmitter.fire(key);
      return undefined;
    });
  }

  /** The grammar for a document we should analyze, or undefined (unsupported, turned off, or too large). */
  private grammarIfAnalyzed(document: vscode.TextDocument): GrammarId | undefined {
    const grammar = grammarForLanguageId(document.languageId);
    if (!grammar || document.uri.scheme === 'output') return undefined;
    const settings = readSettings(document.uri);
    if (!settings.enable) return undefined;
    const key = keyOf(document);
    const length = document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
    if (length > settings.maxFileSizeKB * 1024) {
      if (!this.skipped.has(key)) {
        this.skipped.add(key);
        this.log.info(`Not analyzing ${document.uri.toString(true)}: ${formatSize(length)} is over asyncPatterns.maxFileSizeKB (${settings.maxFileSizeKB} KB).`);
      }
      return undefined;
    }
    this.skipped.delete(key);
    return grammar;
  }

  /**
   * Whether a cached parse is of this document as it is now: made from this very document (not one whose name it
   * reuses), of its version, language and length (cheap checks, run on every use).
   */
  private isParseOf(parsed: ParsedDocument, document: vscode.TextDocument): boolean {
    if (this.parsedFrom.get(parsed) !== document) return false;
    if (parsed.version !== document.version || parsed.grammar !== grammarForLanguageId(document.languageId)) return false;
    const length = document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
    return parsed.text.length === length;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changeEmitter.dispose();
    this.forgetEmitter.dispose();
    this.cache.dispose();
  }
}

export function keyOf(document: vscode.TextDocument): string {
  return document.uri.toString();
}

/** Whether a document with this key is open now. */
export function isOpen(key: string): boolean {
  return vscode.workspace.textDocuments.some(document => !document.isClosed && keyOf(document) === key);
}

/**
 * The path rules are told for a document (AnalysisOptions.filePath): a file's path on disk, the path of another
 * scheme's URI (a remote or virtual file), nothing for an untitled document.
 */
export function filePathOf(document: vscode.TextDocument): string | undefined {
  if (document.uri.scheme === 'untitled') return undefined;
  return document.uri.scheme === 'file' ? document.uri.fsPath : document.uri.path;
}
