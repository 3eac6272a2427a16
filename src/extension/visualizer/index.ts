/**
 * The visualizer's wiring: the command, the panel, the CodeLens and the context key that shows the editor's
 * context-menu entry only inside async functions.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { supportedLanguageIds } from '../../engine/languages';
import { DocumentParses } from '../documentParses';
import { VisualizerCodeLenses, visualizeCommand } from './codeLenses';
import { functionAt, functionsOf, FunctionTarget } from './simulation';
import { SimulationClient } from './simulationClient';
import { VisualizerPanel, visualizerViewType } from './visualizerPanel';

const inAsyncFunctionKey = 'asyncPatterns.inAsyncFunction';

const isTarget = (value: unknown): value is FunctionTarget =>
  typeof value === 'object' && value !== null && typeof (value as FunctionTarget).name === 'string' && Number.isInteger((value as FunctionTarget).line);

export function registerVisualizer(context: vscode.ExtensionContext, parses: DocumentParses, log: vscode.LogOutputChannel): VisualizerPanel {
  // Every simulation runs in this worker (started on first use), never on the extension host's thread.
  const dist = context.asAbsolutePath('dist');
  const simulations = new SimulationClient(path.join(dist, 'simulationWorker.js'), { wasmDirectory: dist }, message => log.warn(message));
  const panel = new VisualizerPanel(context.extensionUri, parses, simulations, log);
  const lenses = new VisualizerCodeLenses(parses, simulations, panel);

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
  const updateContextKey = (editor: vscode.TextEditor | undefined) => {
    clearTimeout(contextTimer);
    contextTimer = setTimeout(() => {
      const parsed = editor && parses.current(editor.document);
      const inside = parsed !== undefined && functionAt(functionsOf(parsed), editor!.document.offsetAt(editor!.selection.active)) !== undefined;
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
