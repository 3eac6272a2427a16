import * as assert from 'assert/strict';
import * as vscode from 'vscode';
import { waitFor, workspaceFile } from './helpers';

async function ourDiagnostic(uri: vscode.Uri): Promise<vscode.Diagnostic> {
  return waitFor('a diagnostic', () => vscode.languages.getDiagnostics(uri).find(d => d.source === 'Async Patterns'));
}

async function quickFixesAt(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
  // The command returns actions without their diagnostics: ours are known by their titles.
  return actions.filter(action => /^(Limit to \d+ at once|Suppress unbounded-fanout on this line)/.test(action.title));
}

describe('quick fixes', () => {
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  const cases = [
    { language: 'python', content: 'import asyncio\n\n\nasync def main(urls):\n    return await asyncio.gather(*[fetch(u) for u in urls])\n', preferred: /asyncio\.Semaphore/ },
    { language: 'typescript', content: 'export async function loadUsers(ids: string[]) {\n  return Promise.all(ids.map(fetchUser));\n}\n', preferred: /mapWithConcurrency/ },
  ];
  // Files on disk, not only untitled documents: their fixes look for the nearest package.json.
  // examples/ sits in this repository, whose package.json has p-limit: the TypeScript file gets the p-limit fix.
  for (const { file, preferred } of [{ file: 'unbounded_fanout.ts', preferred: /with p-limit/ }, { file: 'orders_report.py', preferred: /asyncio\.Semaphore/ }]) {
    it(`offers the fixes in the workspace file ${file}, at the start of the squiggle as on it`, async () => {
      const editor = await vscode.window.showTextDocument(workspaceFile(file));
      const diagnostic = await ourDiagnostic(editor.document.uri);
      for (const at of [diagnostic.range, new vscode.Range(diagnostic.range.start, diagnostic.range.start)]) {
        const actions = await quickFixesAt(editor.document.uri, at);
        assert.ok(actions.some(action => action.isPreferred && preferred.test(action.title)), `at ${at.start.line}:${at.start.character}-${at.end.character}: ${actions.map(a => a.title).join(', ') || 'no actions'}`);
      }
    });
  }

  for (const { language, content, preferred } of cases) {
    it(`offers the ${language} limiter as the preferred fix, and applying it clears the warning`, async () => {
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language, content }));
      const uri = editor.document.uri;
      const diagnostic = await ourDiagnostic(uri);
      const actions = await quickFixesAt(uri, diagnostic.range);
      const titles = actions.map(action => action.title);
      assert.ok(titles.some(title => /^Suppress unbounded-fanout on this line$/.test(title)), titles.join(', '));
      const fix = actions.find(action => action.isPreferred);
      assert.ok(fix?.edit, `a preferred fix among ${titles.join(', ')}`);
      assert.match(fix.title, preferred);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      await waitFor('the warning to clear', () => (vscode.languages.getDiagnostics(uri).some(d => d.source === 'Async Patterns') ? undefined : true));
      // The limit is written as a number (not snippet syntax) and left selected, ready to change.
      assert.doesNotMatch(editor.document.getText(), /\$\{1/);
      assert.equal(editor.document.getText(editor.selection), '16');
    });
  }

  it('the suppression fix clears the warning too', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'typescript', content: cases[1].content }));
    const uri = editor.document.uri;
    const diagnostic = await ourDiagnostic(uri);
    const suppress = (await quickFixesAt(uri, diagnostic.range)).find(action => action.title.startsWith('Suppress'));
    assert.ok(suppress?.edit);
    assert.ok(await vscode.workspace.applyEdit(suppress.edit));
    await waitFor('the warning to clear', () => (vscode.languages.getDiagnostics(uri).some(d => d.source === 'Async Patterns') ? undefined : true));
    assert.match(editor.document.getText(), /\/\/ async-patterns-disable-next-line unbounded-fanout\n {2}return Promise\.all/);
  });
});

describe('refactorings', () => {
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  async function refactoringsAt(uri: vscode.Uri, position: vscode.Position): Promise<string[]> {
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(position, position), vscode.CodeActionKind.Refactor.value);
    return actions.filter(action => /^(Await \d+ independent calls together|Limit concurrency: )/.test(action.title)).map(action => action.title);
  }

  it('lists "Await independent calls together" on the first of two independent awaits, and not elsewhere', async () => {
    const content = 'export async function show(id: string) {\n  const user = await fetchUser(id);\n  const orders = await fetchOrders(id);\n  return { user, orders };\n}\n';
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'typescript', content }));
    const uri = editor.document.uri;
    await waitFor('the document parsed', async () => ((await refactoringsAt(uri, new vscode.Position(1, 10))).length ? true : undefined));
    assert.deepEqual(await refactoringsAt(uri, new vscode.Position(1, 10)), ['Await 2 independent calls together']);
    assert.deepEqual(await refactoringsAt(uri, new vscode.Position(3, 4)), []);
  });

  it('lists "Limit concurrency" inside any Promise.all, flagged or not, and applying it keeps the code clean', async () => {
    const content = "export async function f() {\n  return Promise.all(['a', 'b'].map(id => fetchUser(id)));\n}\n";
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'typescript', content }));
    const uri = editor.document.uri;
    const position = new vscode.Position(1, 12);
    await waitFor('the refactoring', async () => ((await refactoringsAt(uri, position)).length ? true : undefined));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(position, position), vscode.CodeActionKind.Refactor.value);
    const limit = actions.find(action => action.title.startsWith('Limit concurrency: '));
    assert.ok(limit?.edit);
    assert.ok(await vscode.workspace.applyEdit(limit.edit));
    assert.match(editor.document.getText(), /return mapWithConcurrency\(\['a', 'b'\], 16, id => fetchUser\(id\)\);/);
  });
});
