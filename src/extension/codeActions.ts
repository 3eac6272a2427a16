/**
 * Offers the engine's code actions: quick fixes in the lightbulb for our diagnostics (the preferred one, the
 * limiter, is marked `isPreferred` so "Auto Fix" picks it), and refactorings at the cursor under Refactor
 * (`refactor.rewrite`). Each engine proposal becomes one code action with its workspace edit.
 */
import * as vscode from 'vscode';
import { quickFixesFor, refactoringsAt } from '../engine/actions';
import { CodeActionProposal } from '../engine/actions/action';
import { Finding } from '../engine/finding';
import { familyOf } from '../engine/languages';
import { dependenciesNear } from '../engine/projectDependencies';
import { DocumentParses } from './documentParses';
import { readSettings } from './settings';

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

  private actionsFor(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const parsed = this.parses.current(document);
    if (!parsed) return [];
    const settings = readSettings(document.uri);
    const dependencies = document.uri.scheme === 'file' ? dependenciesNear(document.uri.fsPath) : undefined;
    const wants = (kind: vscode.CodeActionKind) => !context.only || context.only.contains(kind) || kind.contains(context.only);
    const actions: vscode.CodeAction[] = [];
    if (wants(vscode.CodeActionKind.RefactorRewrite)) {
      const proposals = refactoringsAt({
        tree: parsed.tree,
        text: parsed.text,
        family: familyOf(parsed.grammar),
        grammar: parsed.grammar,
        selection: { startIndex: document.offsetAt(range.start), endIndex: document.offsetAt(range.end) },
        maxConcurrency: settings.fanout.maxConcurrency,
        dependencies,
        pythonVersion: settings.python.version,
      });
      for (const proposal of proposals) actions.push(toCodeAction(proposal, document));
    }
    const ours = wants(vscode.CodeActionKind.QuickFix) ? context.diagnostics.filter(diagnostic => diagnostic.source === 'Async Patterns') : [];
    for (const diagnostic of ours) {
      const finding = findingOf(diagnostic);
      const proposals = quickFixesFor({
        tree: parsed.tree,
        text: parsed.text,
        family: familyOf(parsed.grammar),
        grammar: parsed.grammar,
        finding,
        maxConcurrency: settings.fanout.maxConcurrency,
        dependencies,
      });
      for (const proposal of proposals) actions.push(toCodeAction(proposal, document, diagnostic));
    }
    return actions;
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

function toCodeAction(proposal: CodeActionProposal, document: vscode.TextDocument, diagnostic?: vscode.Diagnostic): vscode.CodeAction {
  const kind = proposal.kind === 'quickfix' ? vscode.CodeActionKind.QuickFix : vscode.CodeActionKind.RefactorRewrite.append(proposal.id);
  const action = new vscode.CodeAction(proposal.title, kind);
  if (diagnostic) action.diagnostics = [diagnostic];
  action.isPreferred = proposal.isPreferred;
  action.edit = workspaceEdit(proposal, document);
  return action;
}

/**
 * The proposal's edits; the one that writes the limit (or the timeout) becomes a snippet edit with that number as
 * its placeholder, so it is left selected for the user to change.
 */
function workspaceEdit(proposal: CodeActionProposal, document: vscode.TextDocument): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  const range = (start: number, end: number) => new vscode.Range(document.positionAt(start), document.positionAt(end));
  const placeholder = proposal.limit ? placeholderEdit(proposal) : undefined;
  const edits: (vscode.TextEdit | vscode.SnippetTextEdit)[] = proposal.edits.map((change, i) => {
    if (placeholder?.index !== i) return vscode.TextEdit.replace(range(change.startIndex, change.endIndex), change.newText);
    const { before, value, after } = placeholder;
    const snippet = new vscode.SnippetString().appendText(before).appendPlaceholder(value).appendText(after);
    return vscode.SnippetTextEdit.replace(range(change.startIndex, change.endIndex), snippet);
  });
  edit.set(document.uri, edits);
  return edit;
}

/** Which edit writes the `limit` range of the result, and the text around the number in it. */
function placeholderEdit(proposal: CodeActionProposal): { index: number; before: string; value: string; after: string } | undefined {
  const limit = proposal.limit!;
  const order = proposal.edits.map((change, index) => ({ change, index })).sort((a, b) => a.change.startIndex - b.change.startIndex);
  let shift = 0;
  for (const { change, index } of order) {
    const start = change.startIndex + shift;
    const offset = limit.startIndex - start;
    if (offset >= 0 && limit.endIndex - start <= change.newText.length) {
      return { index, before: change.newText.slice(0, offset), value: change.newText.slice(offset, limit.endIndex - start), after: change.newText.slice(limit.endIndex - start) };
    }
    shift += change.newText.length - (change.endIndex - change.startIndex);
  }
  return undefined;
}
