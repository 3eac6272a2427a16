/**
 * Offers the engine's code actions: quick fixes in the lightbulb for our diagnostics (the preferred one, the
 * limiter, is marked `isPreferred` so "Auto Fix" picks it), and refactorings at the cursor under Refactor
 * (`refactor.rewrite`). Each engine proposal becomes one code action with a plain workspace edit (a snippet edit
 * would have VS Code re-indent our multi-line text); a command run after the edit selects the limit written, ready
 * to change. A proposal without a fix ("no automatic fix" for `Promise.race`) is shown disabled, with its reason.
 */
import * as vscode from 'vscode';
import { distinctActions, quickFixesFor, refactoringsAt } from '../engine/actions';
import { applyEdits, CodeActionProposal } from '../engine/actions/action';
import { fileKindOf } from '../engine/actions/fileKind';
import { Finding } from '../engine/finding';
import { familyOf, supportedLanguageIds } from '../engine/languages';
import { dependenciesNear } from '../engine/projectDependencies';
import { DocumentParses } from './documentParses';
import { readSettings } from './settings';

/** Selects a range of a document in its editor: the limit a fix wrote (run by VS Code after it applied the edit). */
export const selectWrittenLimitCommand = 'asyncPatterns.selectWrittenLimit';

export function registerCodeActions(parses: DocumentParses, log?: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerCodeActionsProvider(
      supportedLanguageIds.map(language => ({ language })),
      new CodeActions(parses, log),
      { providedCodeActionKinds: CodeActions.providedCodeActionKinds },
    ),
    vscode.commands.registerCommand(selectWrittenLimitCommand, selectWrittenLimit),
  );
}

export class CodeActions implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorRewrite];

  constructor(private readonly parses: DocumentParses, private readonly log?: vscode.LogOutputChannel) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    try {
      return this.actionsFor(document, range, context);
    } catch (error) {
      // VS Code would swallow the error and show "No code actions available": say what failed in our log.
      this.log?.error(`code actions for ${document.uri.toString()} failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
      return [];
    }
  }

  /** Computed once per request: the quick fixes of each diagnostic, the refactorings, then each distinct edit once. */
  private actionsFor(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const parsed = this.parses.current(document);
    if (!parsed) return [];
    const settings = readSettings(document.uri);
    const dependencies = document.uri.scheme === 'file' ? dependenciesNear(document.uri.fsPath) : undefined;
    const base = {
      tree: parsed.tree,
      text: parsed.text,
      family: familyOf(parsed.grammar),
      grammar: parsed.grammar,
      maxConcurrency: settings.fanout.maxConcurrency,
      dependencies,
      ...fileKindOf(document.fileName, document.languageId),
    };
    const wants = (kind: vscode.CodeActionKind) => !context.only || context.only.contains(kind) || kind.contains(context.only);
    const diagnosticOf = new Map<CodeActionProposal, vscode.Diagnostic>();
    const quickFixes: CodeActionProposal[] = [];
    const ours = wants(vscode.CodeActionKind.QuickFix) ? context.diagnostics.filter(diagnostic => diagnostic.source === 'Async Patterns') : [];
    for (const diagnostic of ours) {
      for (const proposal of quickFixesFor({ ...base, finding: findingOf(diagnostic) })) {
        diagnosticOf.set(proposal, diagnostic);
        quickFixes.push(proposal);
      }
    }
    const refactorings = wants(vscode.CodeActionKind.RefactorRewrite)
      ? refactoringsAt({ ...base, selection: { startIndex: document.offsetAt(range.start), endIndex: document.offsetAt(range.end) }, pythonVersion: settings.python.version })
      : [];
    return distinctActions(parsed.text, quickFixes, refactorings).map(proposal => toCodeAction(proposal, document, parsed.text, diagnosticOf.get(proposal)));
  }
}

function findingOf(diagnostic: vscode.Diagnostic): Finding {
  const { start, end } = diagnostic.range;
  const code = typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code);
  return {
    ruleId: code,
    messageId: '',
    message: diagnostic.message,
    severity: 'warning',
    range: { start: { line: start.line, column: start.character }, end: { line: end.line, column: end.character } },
    related: [],
    data: {},
  };
}

function toCodeAction(proposal: CodeActionProposal, document: vscode.TextDocument, text: string, diagnostic?: vscode.Diagnostic): vscode.CodeAction {
  const kind = proposal.kind === 'quickfix' ? vscode.CodeActionKind.QuickFix : vscode.CodeActionKind.RefactorRewrite.append(proposal.id);
  const action = new vscode.CodeAction(proposal.title, kind);
  if (diagnostic) action.diagnostics = [diagnostic];
  if (proposal.disabledReason) {
    action.disabled = { reason: proposal.disabledReason };
    return action;
  }
  action.isPreferred = proposal.isPreferred;
  const edit = new vscode.WorkspaceEdit();
  const range = (start: number, end: number) => new vscode.Range(document.positionAt(start), document.positionAt(end));
  edit.set(document.uri, proposal.edits.map(change => vscode.TextEdit.replace(range(change.startIndex, change.endIndex), change.newText)));
  action.edit = edit;
  if (proposal.limit) {
    // The limit's offsets are in the text after the edits: positions there, not in the document as it is now.
    const result = applyEdits(text, proposal.edits);
    const limit = new vscode.Range(positionIn(result, proposal.limit.startIndex), positionIn(result, proposal.limit.endIndex));
    action.command = { command: selectWrittenLimitCommand, title: 'Select the limit', arguments: [document.uri.toString(), limit] };
  }
  return action;
}

/** Selects `range` in the visible editor of the document, once the edit has landed. */
function selectWrittenLimit(uri: string, range: vscode.Range): void {
  const editor = vscode.window.visibleTextEditors.find(candidate => candidate.document.uri.toString() === uri);
  if (!editor) return;
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range);
}

/** The line and character of an offset of `text` (lines end at '\n', as the document's do; '\r' is a character). */
function positionIn(text: string, offset: number): vscode.Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return new vscode.Position(line, offset - (before.lastIndexOf('\n') + 1));
}
