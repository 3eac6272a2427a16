/**
 * Publishes the rules' findings as diagnostics: right after a document is first parsed, ~200 ms after typing
 * pauses, and for every open document when settings change; cleared when a document is closed or stops being
 * analyzed. Each document keeps an IncrementalAnalysis, so a pause re-checks only what the edits could change.
 * The analysis runs in slices (the first of a large file takes seconds), and a run is dropped when a newer version
 * of its document, or a newer run, makes its result useless.
 *
 * What a document keeps (its analysis, the findings last published) belongs to that very document: another one that
 * reuses its name (`Untitled-1` after the first was closed) starts afresh. The findings published are kept, as
 * vscode-eslint keeps its fixes, so that a quick fix gets the finding of its diagnostic with everything the rule
 * said (message id, data, matched nodes) rather than one rebuilt from the squiggle's position.
 */
import * as vscode from 'vscode';
import { editorSlicing, runInSlices } from '../engine/cooperative';
import { Finding, Severity, SourceRange } from '../engine/finding';
import { IncrementalAnalysis } from '../engine/incrementalAnalysis';
import { familyOf } from '../engine/languages';
import { AnalysisOptions } from '../engine/rule';
import { allRules } from '../engine/rules';
import { DocumentParses, filePathOf, isOpen, keyOf } from './documentParses';
import { readSettings } from './settings';

/** How long typing must pause before a document is analyzed again. */
export const typingPauseMs = 200;

const docsBase = 'https://github.com/async-patterns/async-patterns/blob/main/docs/rules/';

const severityOf: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** What one open document keeps between its analyses. */
interface DocumentState {
  readonly document: vscode.TextDocument;
  readonly analysis: IncrementalAnalysis;
  /** The findings last published, by their diagnostic's key, and the document version they are of. */
  published?: { version: number; findings: ReadonlyMap<string, Finding> };
}

/** The finding a diagnostic was published from, while the document is as it was analyzed. */
export interface PublishedFindings {
  findingOf(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Finding | undefined;
}

export class Diagnostics implements vscode.Disposable, PublishedFindings {
  private readonly collection = vscode.languages.createDiagnosticCollection('async-patterns');
  private readonly states = new Map<string, DocumentState>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The run whose result each document waits for: an older run gives up at its next slice. */
  private readonly currentRuns = new Map<string, number>();
  private lastRunId = 0;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Analyses run per document: lets the tests prove typing is debounced. */
  readonly runs = new Map<string, number>();
  /** The options of each document's last analysis: lets the tests see the settings reach the rules. */
  readonly lastOptions = new Map<string, AnalysisOptions>();

  constructor(private readonly parses: DocumentParses, private readonly log: vscode.LogOutputChannel) {
    this.subscriptions.push(
      this.collection,
      parses.onDidParse(parsed => this.schedule(parsed.key, parsed.parsedBy === 'full' ? 0 : typingPauseMs)),
      parses.onDidForget(key => this.clear(key)),
      vscode.workspace.onDidCloseTextDocument(document => {
        const key = keyOf(document);
        // Also when another document has its name already (Untitled-1, closed and reopened in one step): that one
        // must neither show this one's diagnostics nor inherit its state. It is parsed and analyzed on its own.
        if (!isOpen(key) || this.states.get(key)?.document === document) this.clear(key);
      }),
      vscode.workspace.onDidChangeConfiguration(event => {
        if (!event.affectsConfiguration('asyncPatterns')) return;
        for (const document of vscode.workspace.textDocuments) this.schedule(keyOf(document), 0);
      }),
    );
  }

  private schedule(key: string, delayMs: number): void {
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.run(key);
    }, delayMs));
  }

  private async run(key: string): Promise<void> {
    const document = vscode.workspace.textDocuments.find(d => !d.isClosed && keyOf(d) === key);
    if (!document) return this.clear(key);
    try {
      const analyzed = await this.parses.parsed(document);
      // Closed meanwhile: a document that has its name now is opened, parsed and scheduled on its own.
      if (document.isClosed) return;
      if (!analyzed) return this.clear(key); // not analyzed: off, too large, other language
      // Read the tree synchronously, right before analyzing it: a newer edit may have replaced it meanwhile.
      const parsed = this.parses.current(document);
      if (!parsed) {
        this.schedule(key, typingPauseMs); // the document moved on while we waited: look again after the pause
        return;
      }
      const settings = readSettings(document.uri);
      const rules = allRules.filter(rule => rule.meta.id !== 'unbounded-fanout' || settings.fanout.enable);
      const state = this.stateOf(key, document);
      const runId = ++this.lastRunId;
      this.currentRuns.set(key, runId);
      const options: AnalysisOptions = { maxConcurrency: settings.fanout.maxConcurrency, level: settings.fanout.level, filePath: filePathOf(document) };
      const steps = state.analysis.steps({ tree: parsed.tree, text: parsed.text, family: familyOf(parsed.grammar), options, rules });
      // Between slices the document may change: its tree is then replaced (and freed), and this run is dropped.
      const stillWanted = () => this.currentRuns.get(key) === runId && this.states.get(key) === state && this.parses.current(document) === parsed;
      const findings = await runInSlices(steps, editorSlicing, stillWanted);
      if (!findings) return; // the newer version or run publishes instead
      this.currentRuns.delete(key);
      this.runs.set(key, (this.runs.get(key) ?? 0) + 1);
      this.lastOptions.set(key, options);
      state.published = { version: parsed.version, findings: new Map(findings.map(finding => [findingKey(finding), finding])) };
      this.collection.set(document.uri, findings.map(finding => toDiagnostic(finding, document.uri, settings.fanout.severity)));
    } catch (error) {
      // Keep the last diagnostics: a failure here must never reach the extension host.
      this.log.error(`Could not analyze ${document.uri.toString(true)}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    }
  }

  /** The document's state: a new one when there is none, or when the one kept is another document's of the same name. */
  private stateOf(key: string, document: vscode.TextDocument): DocumentState {
    const kept = this.states.get(key);
    if (kept?.document === document) return kept;
    // The analysis keeps a copy of its last tree in WebAssembly memory: free it with the state it belonged to.
    kept?.analysis.dispose();
    const state: DocumentState = { document, analysis: new IncrementalAnalysis() };
    this.states.set(key, state);
    return state;
  }

  /** The version of the document whose findings are published, if any are (none published yet: undefined). */
  publishedVersion(document: vscode.TextDocument): number | undefined {
    const state = this.states.get(keyOf(document));
    return state?.document === document ? state.published?.version : undefined;
  }

  findingOf(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Finding | undefined {
    const state = this.states.get(keyOf(document));
    if (state?.document !== document || state.published?.version !== document.version) return undefined;
    return state.published.findings.get(diagnosticKey(diagnostic));
  }

  private clear(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.currentRuns.delete(key);
    this.states.get(key)?.analysis.dispose();
    this.states.delete(key);
    this.collection.delete(vscode.Uri.parse(key));
  }

  dispose(): void {
    this.currentRuns.clear(); // a run between two slices stops there
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const subscription of this.subscriptions) subscription.dispose();
    for (const state of this.states.values()) state.analysis.dispose();
  }
}

export function toDiagnostic(finding: Finding, uri: vscode.Uri, severity: Severity): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(rangeOf(finding.range), finding.message, severityOf[severity]);
  diagnostic.source = 'Async Patterns';
  diagnostic.code = { value: finding.ruleId, target: vscode.Uri.parse(`${docsBase}${finding.ruleId}.md`) };
  diagnostic.relatedInformation = finding.related.map(related =>
    new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, rangeOf(related.range)), related.message));
  return diagnostic;
}

/** A finding and the diagnostic made of it have the same key: rule, range and message (vscode-eslint's computeKey). */
function findingKey(finding: Finding): string {
  return keyFrom(finding.ruleId, finding.range, finding.message);
}

function diagnosticKey(diagnostic: vscode.Diagnostic): string {
  const code = typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code);
  const { start, end } = diagnostic.range;
  return keyFrom(code, { start: { line: start.line, column: start.character }, end: { line: end.line, column: end.character } }, diagnostic.message);
}

function keyFrom(ruleId: string, range: SourceRange, message: string): string {
  return `${ruleId}\0${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}\0${message}`;
}

function rangeOf(range: Finding['range']): vscode.Range {
  return new vscode.Range(range.start.line, range.start.column, range.end.line, range.end.column);
}
