/**
 * "Async Patterns: Show Syntax Tree of Active File": opens the tree-sitter tree our rules see, beside the
 * editor. It is how a user (or a rule author) checks why something was or was not flagged.
 */
import * as vscode from 'vscode';
import { indentSyntaxTree, syntaxTreeText } from '../../engine/syntaxTreeText';
import { DocumentParses } from '../documentParses';

export function registerShowSyntaxTree(parses: DocumentParses): vscode.Disposable {
  return vscode.commands.registerCommand('asyncPatterns.showSyntaxTree', async () => {
    const document = vscode.window.activeTextEditor?.document;
    if (!document) {
      void vscode.window.showInformationMessage('Async Patterns: open a Python, JavaScript or TypeScript file first.');
      return undefined;
    }
    const parsed = await parses.parsed(document);
    if (!parsed) {
      void vscode.window.showInformationMessage(
        `Async Patterns does not analyze this file (language '${document.languageId}', or turned off or too large in settings).`,
      );
      return undefined;
    }
    const content = indentSyntaxTree(syntaxTreeText(parsed.tree.rootNode));
    const shown = await vscode.workspace.openTextDocument({ content, language: 'plaintext' });
    await vscode.window.showTextDocument(shown, { viewColumn: vscode.ViewColumn.Beside, preview: true });
    return content;
  });
}
