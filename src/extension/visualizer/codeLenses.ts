/**
 * A CodeLens above each async function with its predicted total time and peak concurrency ("3.0 s · 2 at once"),
 * which opens the visualizer on that function. A function the simulator cannot handle still gets a lens, titled
 * "Visualize concurrency", so the panel can say why. The simulation runs in the simulation worker; the lens's
 * title comes when it is done.
 *
 * The lenses predict with the settings' assumptions, except in the document the panel shows after the user changed
 * its what-if controls (items, latency, limit): there they use the panel's values, so the numbers above a function
 * are the panel's, and the title says "what-if" (its tooltip says the values).
 */
import * as vscode from 'vscode';
import { ParsedDocument } from '../../engine/parseCache';
import { lensTitle } from '../../engine/concurrency/format';
import { DocumentParses } from '../documentParses';
import type { ViewOptions } from '../../webview/protocol';
import { readSettings } from '../settings';
import { ClientOutcome, SimulationClient, tookTooLong, workerDocumentOf } from './simulationClient';
import { AsyncFunctionLists, FunctionTarget } from './simulation';

export const visualizeCommand = 'asyncPatterns.visualizeConcurrency';

/**
 * Lenses are simulated again after each edit for those in view: a function that starts more tasks than this gets
 * a plain lens (the panel simulates it in full on request).
 */
export const lensMaxTasks = 1000;

/** How long a lens's simulation may take in the worker before the worker is ended. */
const lensDeadlineMs = 1000;

const plainTitle = 'Visualize concurrency';

/** A lens's title from its simulation: undefined when a newer request took its place (nothing to keep). */
export function lensTitleOf(outcome: ClientOutcome): string | undefined {
  if (outcome.kind === 'superseded') return undefined;
  if (outcome.kind === 'unavailable') return outcome.reason === tookTooLong ? `${plainTitle} (took too long to predict)` : plainTitle;
  // Stopped early (too many tasks or too long): its numbers are only lower bounds, not worth a title.
  return outcome.timeline.truncated ? `${plainTitle} (too large to predict here)` : lensTitle(outcome.timeline.totalTime, outcome.timeline.peakConcurrency);
}

/** A lens knows its function; its title (the simulation) is computed only when VS Code shows it. */
class FunctionLens extends vscode.CodeLens {
  constructor(range: vscode.Range, readonly uri: vscode.Uri, readonly target: FunctionTarget) {
    super(range);
  }
}

/** Where the panel's what-if values come from (the panel; a stand-in in tests). */
export interface WhatIfSource {
  whatIfFor(uri: vscode.Uri): ViewOptions | undefined;
  readonly onDidChangeWhatIf: vscode.Event<void>;
}

/** How a lens tells that its numbers are the panel's what-if, not the settings'. */
export function whatIfTitle(title: string): string {
  return `${title} (what-if)`;
}

export function whatIfTooltip(options: ViewOptions): string {
  const limit = options.limitOverride === undefined ? 'limiters as written' : `every limiter at ${options.limitOverride}`;
  return `Predicted with the panel's what-if values: ${options.itemCount} items in unknown collections, ${options.defaultLatencyMs} ms per unknown call, ${limit}. Show the timeline of this function`;
}

export class VisualizerCodeLenses implements vscode.CodeLensProvider<FunctionLens>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changeEmitter.event;
  /** Titles per parse (a new object per version, so old ones are forgotten) and per settings, as they come. */
  private readonly titles = new WeakMap<ParsedDocument, { settings: string; byFunction: Map<string, Promise<string | undefined>> }>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly parses: DocumentParses,
    private readonly simulations: SimulationClient,
    private readonly functions: AsyncFunctionLists,
    private readonly whatIf: WhatIfSource,
  ) {
    this.subscriptions = [
      parses.onDidParse(() => this.changeEmitter.fire()),
      whatIf.onDidChangeWhatIf(() => this.changeEmitter.fire()),
      vscode.workspace.onDidChangeConfiguration(event => {
        if (event.affectsConfiguration('asyncPatterns')) this.changeEmitter.fire();
      }),
    ];
  }

  /**
   * Cheap: one lens per async function, from the functions found once per parse (in slices), of the latest parse: a
   * list dropped half-way for a newer version is found again for that one, so the lenses are never a partial list.
   */
  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<FunctionLens[]> {
    if (!readSettings(document.uri).visualizer.codeLens) return [];
    for (;;) {
      const found = await this.functions.ofLatest(() => this.parses.parsed(document), () => token.isCancellationRequested);
      if (!found || token.isCancellationRequested) return [];
      // Lines are read from the document: the list must be of the version it has now (else the newer one's is found).
      if (found.parsed.version === document.version) {
        return found.functions.map(info => new FunctionLens(document.lineAt(info.line - 1).range, document.uri, { name: info.name, line: info.line }));
      }
    }
  }

  /**
   * Simulates the function behind a lens VS Code is about to show: only visible lenses cost anything, so a file
   * with a hundred async functions is no slower to edit than one with two.
   */
  async resolveCodeLens(lens: FunctionLens, token: vscode.CancellationToken): Promise<FunctionLens> {
    const document = vscode.workspace.textDocuments.find(d => d.uri.toString() === lens.uri.toString());
    const parsed = document && (await this.parses.parsed(document));
    let title: string | undefined;
    const whatIf = this.whatIf.whatIfFor(lens.uri);
    if (document && parsed && !token.isCancellationRequested) {
      const settings = readSettings(document.uri).visualizer;
      title = await this.titleOf(parsed, lens.target, whatIf ?? { itemCount: settings.itemCount, defaultLatencyMs: settings.defaultLatencyMs }, token);
    }
    lens.command = {
      title: title !== undefined && whatIf ? whatIfTitle(title) : title ?? plainTitle,
      tooltip: whatIf ? whatIfTooltip(whatIf) : 'Show the predicted timeline of this function',
      command: visualizeCommand,
      arguments: [lens.uri, lens.target],
    };
    return lens;
  }

  private titleOf(parsed: ParsedDocument, target: FunctionTarget, options: ViewOptions, token: vscode.CancellationToken): Promise<string | undefined> {
    const optionsKey = JSON.stringify(options);
    let cached = this.titles.get(parsed);
    if (!cached || cached.settings !== optionsKey) {
      cached = { settings: optionsKey, byFunction: new Map() };
      this.titles.set(parsed, cached);
    }
    const key = `${target.name}:${target.line}`;
    let title = cached.byFunction.get(key);
    if (title === undefined) {
      const byFunction = cached.byFunction;
      const request = { document: workerDocumentOf(parsed), target, options, limits: { maxTasks: lensMaxTasks } };
      title = this.simulations
        .simulate(request, { slot: `lens:${parsed.key}:${key}`, deadlineMs: lensDeadlineMs, isCancelled: () => token.isCancellationRequested })
        .then(outcome => {
          const resolved = lensTitleOf(outcome);
          // Replaced by a newer request: nothing worth keeping, the next resolve asks again.
          if (resolved === undefined && byFunction.get(key) === title) byFunction.delete(key);
          return resolved;
        });
      byFunction.set(key, title);
    }
    return title;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.changeEmitter.dispose();
  }
}
