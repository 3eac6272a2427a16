/**
 * Wires the engine into VS Code and nothing more: every registration goes into `context.subscriptions`.
 * Grammars are not loaded here but on the first parse of each language, so activation stays cheap.
 */
import * as vscode from 'vscode';
import { bundledWasmLocator, GrammarLoader } from '../engine/grammarLoader';
import { ParseCache } from '../engine/parseCache';
import { Finding } from '../engine/finding';
import { AnalysisOptions } from '../engine/rule';
import { syntaxTreeText } from '../engine/syntaxTreeText';
import { registerCodeActions } from './codeActions';
import { registerShowSyntaxTree } from './commands/showSyntaxTree';
import { Diagnostics } from './diagnostics';
import { DocumentParses } from './documentParses';
import { reportInvalidSettingsTo } from './settings';
import { registerVisualizer } from './visualizer';
import { VisualizerState } from './visualizer/visualizerPanel';

/** What the extension exports: a read-only window on its state, used by the integration tests. */
export interface AsyncPatternsApi {
  /** The parsed state of an open document once its queued work has run, or undefined if it is not analyzed. */
  parsedDocument(uri: vscode.Uri): Promise<{ version: number; parsedBy: 'full' | 'incremental'; syntaxTree: string; hasSyntaxErrors: boolean } | undefined>;
  /** How many grammars have been loaded, and how many full and incremental parses ran. */
  stats(): { grammarsLoaded: number; fullParses: number; incrementalParses: number };
  /** How many times a document's diagnostics were computed (typing is debounced, so far fewer than keystrokes). */
  analysisRuns(uri: vscode.Uri): number;
  /** The options the rules were given in a document's last analysis (level, file path, limit). */
  analysisOptions(uri: vscode.Uri): AnalysisOptions | undefined;
  /** The version of an open document whose diagnostics are published (undefined before its first analysis). */
  publishedVersion(uri: vscode.Uri): number | undefined;
  /** The finding a diagnostic of ours was published from, while the document is as it was analyzed. */
  publishedFinding(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Finding | undefined;
  /**
   * The visualizer panel's function, the last message sent to its page and what the page reported drawing
   * (read from its DOM), or undefined when no panel is open.
   */
  visualizerState(): VisualizerState | undefined;
  /** Opens a visualizer panel restored from a page's saved state, as VS Code does after a window reload. */
  restoreVisualizer(state: unknown): Promise<void>;
  /** Hands the visualizer panel a message as if its page had sent it (a click: tests cannot click in a webview). */
  visualizerMessage(message: unknown): void;
}

export function activate(context: vscode.ExtensionContext): AsyncPatternsApi {
  const log = vscode.window.createOutputChannel('Async Patterns', { log: true });
  reportInvalidSettingsTo(log);
  const grammars = new GrammarLoader(bundledWasmLocator(context.asAbsolutePath('dist')));
  const cache = new ParseCache(grammars);
  const parses = new DocumentParses(cache, log);
  const diagnostics = new Diagnostics(parses, log);
  const visualizer = registerVisualizer(context, parses, log);

  context.subscriptions.push(
    log,
    parses,
    diagnostics,
    registerShowSyntaxTree(parses),
    registerCodeActions(parses, diagnostics, log),
    vscode.commands.registerCommand('asyncPatterns.showLog', () => log.show()),
  );

  return {
    async parsedDocument(uri) {
      const document = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString());
      const parsed = document && (await parses.parsed(document));
      if (!parsed) return undefined;
      return {
        version: parsed.version,
        parsedBy: parsed.parsedBy,
        syntaxTree: syntaxTreeText(parsed.tree.rootNode),
        hasSyntaxErrors: parsed.tree.rootNode.hasError,
      };
    },
    stats: () => ({ grammarsLoaded: grammars.loadCount, fullParses: cache.stats.full, incrementalParses: cache.stats.incremental }),
    analysisRuns: uri => diagnostics.runs.get(uri.toString()) ?? 0,
    analysisOptions: uri => diagnostics.lastOptions.get(uri.toString()),
    publishedVersion: uri => {
      const document = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString());
      return document && diagnostics.publishedVersion(document);
    },
    publishedFinding: (uri, diagnostic) => {
      const document = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString());
      return document && diagnostics.findingOf(document, diagnostic);
    },
    visualizerState: () => visualizer.state(),
    restoreVisualizer: state => visualizer.restoreInNewPanel(state),
    visualizerMessage: message => visualizer.receive(message),
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
