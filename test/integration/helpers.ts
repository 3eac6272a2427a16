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
 * A new untitled document showing `content`, in an editor. VS Code names it `Untitled-N` with the lowest N free, so
 * the name of a document a test just closed comes back; while that one's backup is not yet discarded, VS Code fills
 * the new document from the backup instead of from `content` (seen in CI: a Python document holding the TypeScript
 * text of the test before, so no finding). The text the test asked for is then put in, as a user would type it, and
 * the diagnostics of the other text are waited out: a test must not take them for those of its own.
 */
export async function openUntitled(language: string, content: string): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language, content }));
  const document = editor.document;
  if (document.getText() !== content) {
    const whole = new vscode.Range(0, 0, document.lineCount, 0);
    assert.ok(await editor.edit(edit => edit.replace(whole, content)));
    await waitFor('the analysis of the text put in', () => (extension().exports.publishedVersion(document.uri) === document.version ? true : undefined));
  }
  assert.equal(document.getText(), content, 'the document holds the text the test asked for');
  return editor;
}
