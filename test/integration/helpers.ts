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
