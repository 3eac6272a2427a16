import * as assert from 'assert/strict';
import * as vscode from 'vscode';
import { extension, openUntitled, waitFor } from './helpers';

/** The tree a fresh document with the same text gets: what incremental parsing must agree with. */
async function freshSyntaxTree(language: string, content: string): Promise<string> {
  const editor = await openUntitled(language, content);
  const parsed = await waitFor('fresh parse', () => extension().exports.parsedDocument(editor.document.uri));
  assert.equal(parsed.parsedBy, 'full');
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  return parsed.syntaxTree;
}

async function currentParse(document: vscode.TextDocument) {
  return waitFor(`parse of version ${document.version}`, async () => {
    const parsed = await extension().exports.parsedDocument(document.uri);
    return parsed && parsed.version === document.version ? parsed : undefined;
  });
}

describe('parsing as the user types', () => {
  afterEach(() => vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor'));

  const typingCases = [
    { language: 'python', start: 'import asyncio\n\n', typed: 'async def main():\n    await asyncio.gather(a(), b())\n' },
    { language: 'typescript', start: 'const ids: string[] = [];\n', typed: 'await Promise.all(ids.map(async (id) => { return id; }));\n' },
    { language: 'javascriptreact', start: '', typed: 'const App = () => <div>{items.map(i => <b key={i}>é😀</b>)}</div>;\n' },
  ];
  for (const { language, start, typed } of typingCases) {
    it(`re-parses ${language} incrementally, one keystroke at a time, through syntax errors`, async () => {
      const editor = await openUntitled(language, start);
      await currentParse(editor.document);
      const incrementalBefore = extension().exports.stats().incrementalParses;
      const fullBefore = extension().exports.stats().fullParses;
      // Each keystroke at the end of what is typed so far, once the document reads the one before (as a user types at
      // the cursor): an insert at a position read before the last edit reached the document would scramble the text.
      let expected = editor.document.getText();
      for (const char of typed) {
        const end = editor.document.positionAt(expected.length);
        assert.ok(await editor.edit(edit => edit.insert(end, char)));
        expected += char;
        await waitFor('the document to read the keystroke', () => (editor.document.getText() === expected ? true : undefined));
      }
      const parsed = await currentParse(editor.document);
      assert.equal(parsed.parsedBy, 'incremental');
      assert.equal(parsed.hasSyntaxErrors, false, `syntax errors in ${JSON.stringify(editor.document.getText())}`);
      const stats = extension().exports.stats();
      assert.equal(stats.fullParses, fullBefore, 'no keystroke caused a parse from scratch');
      assert.equal(stats.incrementalParses - incrementalBefore, [...typed].length);
      assert.equal(parsed.syntaxTree, await freshSyntaxTree(language, editor.document.getText()));
    });
  }

  it('keeps up with multi-cursor edits and deletions', async () => {
    const editor = await openUntitled('python', 'async def a():\n    await x\n\nasync def b():\n    await y\n');
    await currentParse(editor.document);
    assert.ok(await editor.edit(edit => {
      edit.replace(new vscode.Range(1, 10, 1, 11), 'fetch(1)');
      edit.replace(new vscode.Range(4, 10, 4, 11), 'fetch(2)');
      edit.delete(new vscode.Range(2, 0, 3, 0));
    }));
    const parsed = await currentParse(editor.document);
    assert.equal(parsed.parsedBy, 'incremental');
    assert.equal(parsed.syntaxTree, await freshSyntaxTree('python', editor.document.getText()));
  });
});

describe('settings', () => {
  afterEach(async () => {
    const configuration = vscode.workspace.getConfiguration('asyncPatterns');
    await configuration.update('enable', undefined, vscode.ConfigurationTarget.Global);
    await configuration.update('maxFileSizeKB', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('asyncPatterns.enable = false stops analysis, and turning it on again resumes it', async () => {
    const editor = await openUntitled('python', 'import asyncio\n');
    await currentParse(editor.document);
    await vscode.workspace.getConfiguration('asyncPatterns').update('enable', false, vscode.ConfigurationTarget.Global);
    assert.equal(await extension().exports.parsedDocument(editor.document.uri), undefined);
    await vscode.workspace.getConfiguration('asyncPatterns').update('enable', true, vscode.ConfigurationTarget.Global);
    assert.ok(await currentParse(editor.document));
  });

  it('files over asyncPatterns.maxFileSizeKB are not parsed', async () => {
    await vscode.workspace.getConfiguration('asyncPatterns').update('maxFileSizeKB', 1, vscode.ConfigurationTarget.Global);
    const editor = await openUntitled('typescript', `// ${'x'.repeat(2000)}\nawait f();\n`);
    assert.equal(await extension().exports.parsedDocument(editor.document.uri), undefined);
  });

  it('a setting of the wrong type falls back to the default instead of failing', async () => {
    await vscode.workspace.getConfiguration('asyncPatterns').update('maxFileSizeKB', 'big', vscode.ConfigurationTarget.Global);
    const editor = await openUntitled('python', 'x = 1\n');
    assert.ok(await currentParse(editor.document));
  });
});

describe('Show Syntax Tree command', () => {
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('opens the indented tree of the active file beside it', async () => {
    await openUntitled('python', 'async def main():\n    await f()\n');
    const shown = await vscode.commands.executeCommand<string>('asyncPatterns.showSyntaxTree');
    assert.ok(shown);
    assert.match(shown, /^\(module\n {2}\(function_definition/);
    assert.equal(vscode.window.activeTextEditor?.document.getText(), shown);
  });

  it('says so, and opens nothing, for a language it does not analyze', async () => {
    await openUntitled('json', '{}');
    assert.equal(await vscode.commands.executeCommand('asyncPatterns.showSyntaxTree'), undefined);
    assert.equal(vscode.window.activeTextEditor?.document.languageId, 'json');
  });
});
