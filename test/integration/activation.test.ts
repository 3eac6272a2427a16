import * as assert from 'assert/strict';
import * as vscode from 'vscode';
import { extension, untitledDocument, waitFor, workspaceFile } from './helpers';

const manifest = extension().packageJSON as { contributes: { commands: { command: string }[] } };

describe('activation', () => {
  it('is not active before a supported document is opened', async () => {
    // A JSON document is not one of ours; activation is onLanguage (and our commands) only.
    await vscode.window.showTextDocument(await untitledDocument('json', '{}'));
    assert.equal(extension().isActive, false);
  });

  it('activates when a Python document is opened', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile('seed_1_gather.py')));
    await waitFor('activation on Python', () => (extension().isActive ? true : undefined));
  });

  it('registers every command the manifest contributes', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = manifest.contributes.commands.map(c => c.command);
    assert.ok(contributed.length > 0);
    for (const command of contributed) assert.ok(registered.has(command), `${command} is registered`);
  });

  it('parses a Python document with the Python grammar', async () => {
    const uri = workspaceFile('seed_1_gather.py');
    const parsed = await waitFor('python parse', () => extension().exports.parsedDocument(uri));
    assert.match(parsed.syntaxTree, /^\(module /);
    assert.match(parsed.syntaxTree, /\(function_definition name: \(identifier\)/);
    assert.equal(parsed.hasSyntaxErrors, false);
  });

  it('loads the TypeScript grammar only when a TypeScript document is opened', async () => {
    const before = extension().exports.stats().grammarsLoaded;
    assert.equal(before, 1, 'only Python has been needed so far');
    const uri = workspaceFile('unbounded_fanout.ts');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const parsed = await waitFor('typescript parse', () => extension().exports.parsedDocument(uri));
    assert.match(parsed.syntaxTree, /^\(program /);
    assert.match(parsed.syntaxTree, /interface_declaration/);
    assert.equal(extension().exports.stats().grammarsLoaded, 2);
  });
});
