/**
 * The visualizer's panel beside the editor: one at a time, showing one async function and following it live.
 * - Edits to its document re-simulate ~300 ms after typing pauses; while the function is broken or gone the
 *   panel keeps its last good picture and says why.
 * - Moving the cursor into another async function (in any supported editor) switches the panel to it.
 * - The webview's controls change the assumptions for this panel; settings give their starting values.
 * The page is not kept alive when hidden: it saves its own state (getState/setState) and asks again with `ready`.
 */
import * as vscode from 'vscode';
import { grammarForLanguageId } from '../../engine/languages';
import { FromWebview, isFromWebview, ToWebview, ViewOptions, withRequestedOptions } from '../../webview/protocol';
import { DocumentParses } from '../documentParses';
import { readSettings } from '../settings';
import { makeNonce, visualizerHtml } from './html';
import { restorableView } from './restore';
import { AsyncFunctionLists, functionAt, FunctionTarget } from './simulation';
import { SimulationClient, workerDocumentOf } from './simulationClient';

export const visualizerViewType = 'asyncPatterns.visualizer';
/** What an empty panel says. */
export const nothingToShow = 'Put the cursor in an async function and run Async Patterns: Visualize Concurrency.';
const editDebounceMs = 300;
/**
 * The panel's real-time budget per simulation. The engine's default (half a second) suits the CodeLens, run for
 * every function in view after each edit; the panel is one function the user asked to see, where up to a second
 * (in the simulation worker, never on the extension host's thread) is a fair price for a complete picture of a
 * large fan-out.
 */
const panelMaxMilliseconds = 1000;
/** How long the worker may take over the panel's simulation before it is ended: the budget, and margin. */
const panelDeadlineMs = 2000;
const cursorDebounceMs = 150;

/** What the integration tests read: what was sent to the page and what the page says it drew. */
export interface VisualizerState {
  /** Undefined while the panel shows nothing (a restored panel whose document is not open). */
  document?: string;
  functionName?: string;
  /** The last message sent to the page. */
  sent: ToWebview;
  /** What the page last reported reading from its own DOM, if it has drawn anything yet. */
  rendered?: Extract<FromWebview, { type: 'rendered' }>;
  /** How many times the page has reported drawing: a page shown again after being hidden draws anew. */
  renders: number;
}

export class VisualizerPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private document: vscode.TextDocument | undefined;
  private target: FunctionTarget | undefined;
  /** Assumptions changed in the page, kept for the panel's life over the settings' values. */
  private overrides: Omit<Extract<FromWebview, { type: 'setOptions' }>, 'type'> = {};
  private lastSent: ToWebview | undefined;
  /** The last picture of the current function that was up to date, kept while the code is broken. */
  private lastGood: Extract<ToWebview, { type: 'timeline' }> | undefined;
  private rendered: VisualizerState['rendered'];
  private renders = 0;
  private editTimer: ReturnType<typeof setTimeout> | undefined;
  private cursorTimer: ReturnType<typeof setTimeout> | undefined;
  /** A reveal the panel asked for: the cursor landing there must not switch the panel to another function. */
  private ownReveal: { uri: string; line: number; until: number } | undefined;
  /** Simulations finish in order of request; an older one that finishes late must not overwrite a newer one. */
  private generation = 0;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly whatIfEmitter = new vscode.EventEmitter<void>();
  /** The panel's what-if values changed, or now apply to another document, or to none (see `whatIfFor`). */
  readonly onDidChangeWhatIf = this.whatIfEmitter.event;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly parses: DocumentParses,
    private readonly simulations: SimulationClient,
    private readonly functions: AsyncFunctionLists,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument(event => {
        if (!this.panel || event.document !== this.document || event.contentChanges.length === 0) return;
        clearTimeout(this.editTimer);
        this.editTimer = setTimeout(() => void this.refresh(), editDebounceMs);
      }),
      vscode.window.onDidChangeTextEditorSelection(event => this.onCursor(event)),
      vscode.workspace.onDidCloseTextDocument(document => {
        if (document === this.document) this.showUnavailable('is no longer open');
      }),
      vscode.workspace.onDidChangeConfiguration(event => {
        if (this.panel && event.affectsConfiguration('asyncPatterns.visualizer')) void this.refresh();
      }),
    );
  }

  /** Opens the panel (or brings it forward) on the async function at `offset`, or named `name`, in `document`. */
  async show(document: vscode.TextDocument, at: { offset: number } | FunctionTarget): Promise<boolean> {
    const parsed = await this.parses.parsed(document);
    if (!parsed) {
      void vscode.window.showInformationMessage(`Async Patterns does not analyze this file (language '${document.languageId}', or turned off or too large in settings).`);
      return false;
    }
    let target: FunctionTarget | undefined;
    if ('offset' in at) {
      // The offset is of the version the command was given: the list of the newest parse, if typing went on meanwhile.
      const list = (await this.functions.of(parsed)) ?? (await this.functions.ofLatest(() => this.parses.parsed(document)))?.functions;
      const found = list && functionAt(list, at.offset);
      target = found && { name: found.name, line: found.line };
    } else target = at;
    if (!target) {
      void vscode.window.showInformationMessage('Async Patterns: put the cursor in an async function to visualize its concurrency.');
      return false;
    }
    this.retarget(document, target);
    this.openPanel();
    await this.refresh();
    return true;
  }

  /**
   * The panel's what-if values (its controls, over the settings) when the user changed any for `uri`'s document:
   * the CodeLenses of that document then predict with them, so the editor and the panel show the same numbers.
   */
  whatIfFor(uri: vscode.Uri): ViewOptions | undefined {
    if (!this.panel || this.document?.uri.toString() !== uri.toString()) return undefined;
    const options = this.options();
    return JSON.stringify(options) === JSON.stringify(this.settingsOptions()) ? undefined : options;
  }

  /** A message as if the page had sent it (for the integration tests, which cannot click in the page). */
  receive(message: unknown): void {
    this.onMessage(message);
  }

  state(): VisualizerState | undefined {
    if (!this.panel || !this.lastSent) return undefined;
    return { document: this.document?.uri.toString(), functionName: this.target?.name, sent: this.lastSent, rendered: this.rendered, renders: this.renders };
  }

  private retarget(document: vscode.TextDocument, target: FunctionTarget): void {
    const sameFunction = this.document === document && this.target?.name === target.name;
    const otherDocument = this.document !== document;
    this.document = document;
    if (otherDocument && Object.keys(this.overrides).length > 0) this.whatIfEmitter.fire();
    this.target = target;
    if (!sameFunction) this.lastGood = undefined;
  }

  /** The page's options: scripts on, and nothing loadable but our own media/ and dist/ folders. */
  webviewOptions(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media'), vscode.Uri.joinPath(this.extensionUri, 'dist')],
    };
  }

  private openPanel(): void {
    if (this.panel) {
      this.panel.reveal(undefined, true);
      return;
    }
    // Beside the editor and without taking focus: the user keeps typing while the picture follows.
    const panel = vscode.window.createWebviewPanel(visualizerViewType, 'Concurrency', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, this.webviewOptions());
    this.adopt(panel);
  }

  /**
   * Takes over a panel VS Code kept across a window reload (see the serializer in index.ts): the page's saved
   * state says which document and function it showed; they are simulated afresh. The state comes from the page,
   * so its document is shown only if the user has it open now, in a language we analyze (see restore.ts);
   * otherwise the panel shows that there is nothing to show, and opens nothing.
   */
  async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    if (this.panel) {
      panel.dispose(); // one visualizer at a time
      return;
    }
    panel.webview.options = this.webviewOptions();
    this.adopt(panel);
    const view = restorableView(state, openDocumentUris());
    if (view) {
      try {
        const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(view.document, true));
        if (grammarForLanguageId(document.languageId)) {
          if (view.limitOverride !== undefined) this.overrides = { limitOverride: view.limitOverride };
          this.retarget(document, { name: view.functionName, line: view.line });
          await this.refresh();
          return;
        }
      } catch (error) {
        this.log.info(`Visualizer: could not reopen ${view.document}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    this.post({ type: 'status', message: nothingToShow });
  }

  /** What VS Code does after a window reload, on demand: a new panel restored from a page's saved `state` (for tests). */
  restoreInNewPanel(state: unknown): Promise<void> {
    const panel = vscode.window.createWebviewPanel(visualizerViewType, 'Concurrency', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, this.webviewOptions());
    return this.restore(panel, state);
  }

  private adopt(panel: vscode.WebviewPanel): void {
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(media, 'visualizer.svg');
    panel.webview.html = visualizerHtml({
      cspSource: panel.webview.cspSource,
      nonce: makeNonce(),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(media, 'timeline.css')).toString(),
    });
    panel.webview.onDidReceiveMessage(message => this.onMessage(message), undefined, this.subscriptions);
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.document = undefined;
      this.target = undefined;
      this.overrides = {};
      this.lastSent = undefined;
      this.lastGood = undefined;
      this.rendered = undefined;
      this.whatIfEmitter.fire();
    }, undefined, this.subscriptions);
  }

  private settingsOptions(): ViewOptions {
    const settings = readSettings(this.document?.uri).visualizer;
    return { itemCount: settings.itemCount, defaultLatencyMs: settings.defaultLatencyMs };
  }

  private options(): ViewOptions {
    return withRequestedOptions(this.settingsOptions(), { type: 'setOptions', ...this.overrides });
  }

  /** Re-simulates the current function and sends the page what to show. */
  private async refresh(): Promise<void> {
    clearTimeout(this.editTimer);
    const document = this.document;
    const target = this.target;
    if (!this.panel || !document || !target) return;
    const generation = ++this.generation;
    const parsed = await this.parses.parsed(document);
    if (generation !== this.generation || document !== this.document) return;
    if (!parsed) {
      this.showUnavailable('is in a file that is no longer analyzed');
      return;
    }
    const options = this.options();
    const started = Date.now();
    const outcome = await this.simulations.simulate(
      { document: workerDocumentOf(parsed), target, options, limits: { maxMilliseconds: panelMaxMilliseconds } },
      { slot: 'panel', deadlineMs: panelDeadlineMs, urgent: true },
    );
    // A newer refresh took its place (its result is the one to show), or the panel moved on meanwhile.
    if (outcome.kind === 'superseded' || generation !== this.generation || document !== this.document || !this.panel) return;
    this.log.trace(`Visualizer: ${target.name} simulated in ${Date.now() - started} ms (${outcome.kind}).`);
    this.target = outcome.target;
    this.updateTitle();
    if (outcome.kind === 'timeline') {
      this.lastGood = { type: 'timeline', timeline: outcome.timeline, options, functionName: outcome.target.name, document: document.uri.toString() };
      this.post(this.lastGood);
    } else this.showUnavailable(outcome.reason);
  }

  /** Keeps the last good picture with the reason it is not current, or says only the reason when there is none. */
  private showUnavailable(reason: string): void {
    if (!this.target) return;
    if (this.lastGood) this.post({ ...this.lastGood, stale: reason });
    else this.post({ type: 'status', message: `${this.target.name} ${reason}.` });
  }

  private updateTitle(): void {
    if (this.panel && this.target) this.panel.title = `Concurrency: ${this.target.name}`;
  }

  private post(message: ToWebview): void {
    this.lastSent = message;
    void this.panel?.webview.postMessage(message);
  }

  private onMessage(message: unknown): void {
    if (!isFromWebview(message)) return; // another version's message, or noise: never trusted
    switch (message.type) {
      case 'ready':
        // A page that was hidden and shown again, or just loaded: it may have missed messages meanwhile.
        if (this.lastSent) void this.panel?.webview.postMessage(this.lastSent);
        else void this.refresh();
        return;
      case 'reveal':
        void this.reveal(message.line);
        return;
      case 'setOptions': {
        const { type: _type, ...requested } = message;
        this.overrides = { ...this.overrides, ...requested };
        this.whatIfEmitter.fire();
        void this.refresh();
        return;
      }
      case 'rendered':
        this.rendered = message;
        this.renders++;
        return;
    }
  }

  private async reveal(line: number): Promise<void> {
    const document = this.document;
    if (!document || document.isClosed) return;
    const visible = vscode.window.visibleTextEditors.find(editor => editor.document === document);
    const position = new vscode.Position(Math.min(line - 1, document.lineCount - 1), 0);
    const lineText = document.lineAt(position.line);
    const start = position.with(undefined, lineText.firstNonWhitespaceCharacterIndex);
    this.ownReveal = { uri: document.uri.toString(), line: start.line, until: Date.now() + 1000 };
    const editor = await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.One, preserveFocus: false });
    editor.selection = new vscode.Selection(start, start);
    editor.revealRange(new vscode.Range(start, start), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private onCursor(event: vscode.TextEditorSelectionChangeEvent): void {
    if (!this.panel) return;
    const document = event.textEditor.document;
    const offset = document.offsetAt(event.selections[0].active);
    const own = this.ownReveal;
    if (own && own.uri === document.uri.toString() && own.line === event.selections[0].active.line && Date.now() < own.until) return;
    clearTimeout(this.cursorTimer);
    this.cursorTimer = setTimeout(async () => {
      // The tree of exactly this version, or nothing: mid-typing, the edit handler refreshes anyway.
      const parsed = this.parses.current(document);
      if (!parsed || document.isClosed) return;
      const list = await this.functions.of(parsed);
      // Undefined: a newer version replaced this one while its functions were searched (the offset is of this one).
      const found = list && functionAt(list, offset);
      if (!found || !this.panel || (document === this.document && found.name === this.target?.name && found.line === this.target.line)) return;
      this.retarget(document, { name: found.name, line: found.line });
      void this.refresh();
    }, cursorDebounceMs);
  }

  dispose(): void {
    clearTimeout(this.editTimer);
    clearTimeout(this.cursorTimer);
    this.panel?.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.whatIfEmitter.dispose();
  }
}

/**
 * The URIs of the documents open in the editor now: those of its text tabs (after a reload, tabs are there before
 * their documents are loaded; and `workspace.textDocuments` still holds documents whose tabs were closed).
 */
function openDocumentUris(): Set<string> {
  const uris = new Set<string>();
  for (const tab of vscode.window.tabGroups.all.flatMap(group => group.tabs)) {
    if (tab.input instanceof vscode.TabInputText) uris.add(tab.input.uri.toString());
    else if (tab.input instanceof vscode.TabInputTextDiff) uris.add(tab.input.modified.toString());
  }
  return uris;
}
