/**
 * The visualizer's wiring: the command, the panel, the CodeLens and the context key that shows the editor's
 * context-menu entry only inside async functions.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { supportedLanguageIds } from '../../engine/languages';
import { ParsedDocument } from '../../engine/parseCache';
import { DocumentParses, keyOf } from '../documentParses';
import { VisualizerCodeLenses, visualizeCommand } from './codeLenses';
import { AsyncFunctionLists, functionAt, FunctionTarget } from './simulation';
import { SimulationClient } from './simulationClient';
import { VisualizerPanel, visualizerViewType } from './visualizerPanel';

const inAsyncFunctionKey = 'asyncPatterns.inAsyncFunction';

const isTarget = (value: unknown): value is FunctionTarget =>
  typeof value === 'object' && value !== null && typeof (value as FunctionTarget).name === 'string' && Number.isInteger((value as FunctionTarget).line);

export function registerVisualizer(context: vscode.ExtensionContext, parses: DocumentParses, log: vscode.LogOutputChannel): VisualizerPanel {
  // Every simulation runs in this worker (started on first use), never on the extension host's thread.
  const dist = context.asAbsolutePath('dist');
  const simulations = new SimulationClient(path.join(dist, 'simulationWorker.js'), { wasmDirectory: dist }, message => log.warn(message));
  // A parse is current while it is its open document's latest: a newer one frees its tree.
  const isCurrent = (parsed: ParsedDocument) => {
    const document = vscode.workspace.textDocuments.find(d => !d.isClosed && keyOf(d) === parsed.key);
    return document !== undefined && parses.current(document) === parsed;
  };
  const functions = new AsyncFunctionLists(isCurrent, message => log.error(message));
  const panel = new VisualizerPanel(context.extensionUri, parses, simulations, functions, log);
  const lenses = new VisualizerCodeLenses(parses, simulations, functions, panel);

  /**
   * From the palette: the function at the cursor. From the editor's context menu: VS Code passes the document's
   * URI (the cursor still says which function). From a CodeLens: the URI and the function.
   */
  const command = vscode.commands.registerCommand(visualizeCommand, async (uri?: unknown, target?: unknown) => {
    const editor = vscode.window.activeTextEditor;
    const document = uri instanceof vscode.Uri
      ? vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString()) ?? (await vscode.workspace.openTextDocument(uri))
      : editor?.document;
    if (!document) {
      void vscode.window.showInformationMessage('Async Patterns: open a Python, JavaScript or TypeScript file and put the cursor in an async function.');
      return false;
    }
    if (isTarget(target)) return panel.show(document, target);
    const cursor = editor?.document === document ? editor.selection.active : undefined;
    return panel.show(document, { offset: cursor ? document.offsetAt(cursor) : 0 });
  });

  let contextTimer: ReturnType<typeof setTimeout> | undefined;
  /** Each update of the context key: one that finishes after a newer one started sets nothing. */
  let contextUpdate = 0;
  const updateContextKey = (editor: vscode.TextEditor | undefined) => {
    clearTimeout(contextTimer);
    contextTimer = setTimeout(async () => {
      const update = ++contextUpdate;
      const parsed = editor && parses.current(editor.document);
      const list = parsed && (await functions.of(parsed));
      // Replaced by a newer parse meanwhile: that parse's update (onDidParse) sets the key.
      if (update !== contextUpdate || (parsed && !list)) return;
      const inside = list !== undefined && functionAt(list, editor!.document.offsetAt(editor!.selection.active)) !== undefined;
      void vscode.commands.executeCommand('setContext', inAsyncFunctionKey, inside);
    }, 100);
  };

  context.subscriptions.push(
    simulations,
    panel,
    lenses,
    command,
    // A panel open when the window reloads comes back (activation event onWebviewPanel) with its page's state.
    vscode.window.registerWebviewPanelSerializer(visualizerViewType, { deserializeWebviewPanel: (webviewPanel, state) => panel.restore(webviewPanel, state) }),
    vscode.languages.registerCodeLensProvider(supportedLanguageIds.map(language => ({ language })), lenses),
    vscode.window.onDidChangeTextEditorSelection(event => updateContextKey(event.textEditor)),
    vscode.window.onDidChangeActiveTextEditor(editor => updateContextKey(editor)),
    parses.onDidParse(() => updateContextKey(vscode.window.activeTextEditor)),
    { dispose: () => clearTimeout(contextTimer) },
  );
  updateContextKey(vscode.window.activeTextEditor);
  return panel;
}
