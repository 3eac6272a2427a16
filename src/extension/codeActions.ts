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

  constructor(private readonly parses: DocumentParses) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
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
  const edit = new vscode.WorkspaceEdit();
  for (const change of proposal.edits) {
    edit.replace(document.uri, new vscode.Range(document.positionAt(change.startIndex), document.positionAt(change.endIndex)), change.newText);
  }
  action.edit = edit;
  return action;
}
