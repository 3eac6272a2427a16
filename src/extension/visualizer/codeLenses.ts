/**
 * A CodeLens above each async function with its predicted total time and peak concurrency ("3.0 s · 2 at once"),
 * which opens the visualizer on that function. A function the simulator cannot handle still gets a lens, titled
 * "Visualize concurrency", so the panel can say why.
 */
import * as vscode from 'vscode';
import { lensTitle } from '../../webview/format';
import { DocumentParses } from '../documentParses';
import { readSettings } from '../settings';
import { functionsOf, inputOf, simulateTarget } from './simulation';

export const visualizeCommand = 'asyncPatterns.visualizeConcurrency';

/**
 * Lenses are computed for every async function of a file after each edit, on the extension host's thread: a
 * function that starts more tasks than this gets a plain lens (the panel simulates it in full on request).
 */
export const lensMaxTasks = 1000;

export class VisualizerCodeLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changeEmitter.event;
  /** Lenses of the last version of each document: VS Code asks again on scrolling, not only on edits. */
  private readonly cache = new Map<string, { version: number; settings: string; lenses: vscode.CodeLens[] }>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly parses: DocumentParses) {
    this.subscriptions = [
      parses.onDidParse(() => this.changeEmitter.fire()),
      parses.onDidForget(key => this.cache.delete(key)),
      vscode.workspace.onDidChangeConfiguration(event => {
        if (event.affectsConfiguration('asyncPatterns')) {
          this.cache.clear();
          this.changeEmitter.fire();
        }
      }),
    ];
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    const settings = readSettings(document.uri).visualizer;
    if (!settings.codeLens) return [];
    const parsed = await this.parses.parsed(document);
    if (!parsed || token.isCancellationRequested) return [];
    const key = document.uri.toString();
    const settingsKey = JSON.stringify(settings);
    const cached = this.cache.get(key);
    if (cached && cached.version === parsed.version && cached.settings === settingsKey) return cached.lenses;
    const input = inputOf(parsed);
    const options = { itemCount: settings.itemCount, defaultLatencyMs: settings.defaultLatencyMs };
    const functions = functionsOf(parsed);
    const lenses = functions.map(info => {
      const target = { name: info.name, line: info.line };
      const outcome = simulateTarget(input, target, options, { maxTasks: lensMaxTasks }, functions);
      let title = 'Visualize concurrency';
      if (outcome.kind === 'timeline') {
        // Stopped early (too many tasks or too long): its numbers are only lower bounds, not worth a title.
        title = outcome.timeline.truncated ? 'Visualize concurrency (too large to predict here)' : lensTitle(outcome.timeline.totalTime, outcome.timeline.peakConcurrency);
      }
      const line = document.lineAt(info.line - 1).range;
      return new vscode.CodeLens(line, { title, tooltip: 'Show the predicted timeline of this function', command: visualizeCommand, arguments: [document.uri, target] });
    });
    this.cache.set(key, { version: parsed.version, settings: settingsKey, lenses });
    return lenses;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changeEmitter.dispose();
  }
}
