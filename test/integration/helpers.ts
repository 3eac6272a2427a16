/** Shared steps of the integration tests: the extension under test, the fixture workspace, waiting. */
import * as assert from 'assert/strict';
import * as vscode from 'vscode';
import type { AsyncPatternsApi } from '../../src/extension/extension';

export const extensionId = 'async-patterns.async-patterns';

export function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run with examples/ open');
  return vscode.Uri.joinPath(folder.uri, name);
}

export function extension(): vscode.Extension<AsyncPatternsApi> {
  const found = vscode.extensions.getExtension<AsyncPatternsApi>(extensionId);
  assert.ok(found, `extension ${extensionId} is installed in the host`);
  return found;
}

/** Polls until `check` returns a value that is not undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, timeoutMs = 30000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

/**
 * A new untitled document holding exactly `content`. VS Code names it `Untitled-N` with the lowest N free, so the
 * name of a document a test just closed comes back; while that one's backup is not yet discarded, VS Code fills the
 * new document from the backup instead of from `content` (seen in CI: a Python document holding the TypeScript text
 * of the test before, so no finding, or syntax errors where none were typed). Such a document keeps its name taken
 * while it is open, so the next one opened gets a name with no backup; the stale ones are then closed unsaved.
 */
export async function untitledDocument(language: string, content: string): Promise<vscode.TextDocument> {
  const stale: vscode.TextDocument[] = [];
  let document = await vscode.workspace.openTextDocument({ language, content });
  while (document.getText() !== content && stale.length < 5) {
    stale.push(document);
    document = await vscode.workspace.openTextDocument({ language, content });
  }
  for (const old of stale) {
    await vscode.window.showTextDocument(old, { preview: false });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  assert.equal(document.getText(), content, 'the document holds the text the test asked for');
  return document;
}

/** `untitledDocument` shown in an editor (in `column`, or the active one). */
export async function openUntitled(language: string, content: string, column?: vscode.ViewColumn): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await untitledDocument(language, content), column);
}
