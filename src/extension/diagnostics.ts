/**
 * Publishes the rules' findings as diagnostics: right after a document is first parsed, ~200 ms after typing
 * pauses, and for every open document when settings change; cleared when a document is closed or stops being
 * analyzed. Each document keeps an IncrementalAnalysis, so a pause re-checks only what the edits could change.
 * The analysis runs in slices (the first of a large file takes seconds), and a run is dropped when a newer version
 * of its document, or a newer run, makes its result useless.
 */
import * as vscode from 'vscode';
import { editorSlicing, runInSlices } from '../engine/cooperative';
import { Finding, Severity } from '../engine/finding';
import { IncrementalAnalysis } from '../engine/incrementalAnalysis';
import { familyOf } from '../engine/languages';
import { allRules } from '../engine/rules';
import { DocumentParses, isOpen, keyOf } from './documentParses';
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

export class Diagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('async-patterns');
  private readonly analyses = new Map<string, IncrementalAnalysis>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The run whose result each document waits for: an older run gives up at its next slice. */
  private readonly currentRuns = new Map<string, number>();
  private lastRunId = 0;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Analyses run per document: lets the tests prove typing is debounced. */
  readonly runs = new Map<string, number>();

  constructor(private readonly parses: DocumentParses, private readonly log: vscode.LogOutputChannel) {
    this.subscriptions.push(
      this.collection,
      parses.onDidParse(parsed => this.schedule(parsed.key, parsed.parsedBy === 'full' ? 0 : typingPauseMs)),
      parses.onDidForget(key => this.clear(key)),
      vscode.workspace.onDidCloseTextDocument(document => {
        if (!isOpen(keyOf(document))) this.clear(keyOf(document));
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
      if (!(await this.parses.parsed(document))) return this.clear(key); // not analyzed: off, too large, other language
      // Read the tree synchronously, right before analyzing it: a newer edit may have replaced it meanwhile.
      const parsed = this.parses.current(document);
      if (!parsed) {
        this.schedule(key, typingPauseMs); // the document moved on while we waited: look again after the pause
        return;
      }
      const settings = readSettings(document.uri);
      const rules = allRules.filter(rule => rule.meta.id !== 'unbounded-fanout' || settings.fanout.enable);
      let analysis = this.analyses.get(key);
      if (!analysis) this.analyses.set(key, (analysis = new IncrementalAnalysis()));
      const runId = ++this.lastRunId;
      this.currentRuns.set(key, runId);
      const steps = analysis.steps({
        tree: parsed.tree,
        text: parsed.text,
        family: familyOf(parsed.grammar),
        options: { maxConcurrency: settings.fanout.maxConcurrency },
        rules,
      });
      // Between slices the document may change: its tree is then replaced (and freed), and this run is dropped.
      const stillWanted = () => this.currentRuns.get(key) === runId && this.analyses.get(key) === analysis && this.parses.current(document) === parsed;
      const findings = await runInSlices(steps, editorSlicing, stillWanted);
      if (!findings) return; // the newer version or run publishes instead
      this.currentRuns.delete(key);
      this.runs.set(key, (this.runs.get(key) ?? 0) + 1);
      this.collection.set(document.uri, findings.map(finding => toDiagnostic(finding, document.uri, settings.fanout.severity)));
    } catch (error) {
      // Keep the last diagnostics: a failure here must never reach the extension host.
      this.log.error(`Could not analyze ${document.uri.toString(true)}: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    }
  }

  private clear(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.currentRuns.delete(key);
    this.analyses.delete(key);
    this.collection.delete(vscode.Uri.parse(key));
  }

  dispose(): void {
    this.currentRuns.clear(); // a run between two slices stops there
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const subscription of this.subscriptions) subscription.dispose();
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

function rangeOf(range: Finding['range']): vscode.Range {
  return new vscode.Range(range.start.line, range.start.column, range.end.line, range.end.column);
}
