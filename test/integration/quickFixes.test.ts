import * as assert from 'assert/strict';
import * as vscode from 'vscode';
import { quickFixesFor, refactoringsAt } from '../../src/engine/actions';
import { applyEdits } from '../../src/engine/actions/action';
import { fileKindOf } from '../../src/engine/actions/fileKind';
import { analyze } from '../../src/engine/analyze';
import { GrammarLoader, packageWasmLocator } from '../../src/engine/grammarLoader';
import { familyOf, grammarForLanguageId } from '../../src/engine/languages';
import { CodeActions } from '../../src/extension/codeActions';
import { DocumentParses } from '../../src/extension/documentParses';
import { openUntitled, waitFor, workspaceFile } from './helpers';

const grammars = new GrammarLoader(packageWasmLocator());

/**
 * What the engine says the document becomes with the action of this title (the quick fix of the first finding, or
 * the refactoring at `cursor`), with the settings' defaults but the strict level (see atStrictLevel): the text the
 * editor must show after applying it.
 */
async function engineResult(languageId: string, content: string, title: string, cursor?: number): Promise<string> {
  const grammar = grammarForLanguageId(languageId)!;
  const tree = (await grammars.parserFor(grammar)).parse(content)!;
  try {
    const family = familyOf(grammar);
    const base = { tree, text: content, family, grammar, maxConcurrency: 16, level: 'strict' as const, ...fileKindOf('Untitled-1', languageId) };
    const proposals = cursor === undefined
      ? quickFixesFor({ ...base, finding: analyze({ tree, text: content, family, options: { level: 'strict' } })[0] })
      : refactoringsAt({ ...base, selection: { startIndex: cursor, endIndex: cursor }, pythonVersion: '3.11' });
    const proposal = proposals.find(candidate => candidate.title === title);
    assert.ok(proposal, `the engine offers ${title}: ${proposals.map(p => p.title).join(', ')}`);
    return applyEdits(content, proposal.edits);
  } finally {
    tree.delete();
  }
}

/** Applies a code action as the lightbulb does: its edit, then its command. */
async function apply(action: vscode.CodeAction): Promise<void> {
  assert.ok(action.edit, `${action.title} has an edit`);
  assert.ok(await vscode.workspace.applyEdit(action.edit));
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
}

async function ourDiagnostic(uri: vscode.Uri): Promise<vscode.Diagnostic> {
  return waitFor('a diagnostic', () => vscode.languages.getDiagnostics(uri).find(d => d.source === 'Async Patterns'));
}

async function quickFixesAt(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
  // The command returns actions without their diagnostics: ours are known by their titles.
  return actions.filter(action => /^(Limit to \d+ at once|Suppress unbounded-fanout on this line)/.test(action.title));
}

// These suites test how fixes are offered and applied, on small texts without the evidence the recommended level
// asks for (I/O per task, data-driven collections): they run at the strict level. diagnostics.test.ts covers the
// default level and the switch between them.
const atStrictLevel = () => vscode.workspace.getConfiguration('asyncPatterns').update('fanout.level', 'strict', vscode.ConfigurationTarget.Global);
const atDefaultLevel = () => vscode.workspace.getConfiguration('asyncPatterns').update('fanout.level', undefined, vscode.ConfigurationTarget.Global);

describe('quick fixes', () => {
  before(atStrictLevel);
  after(atDefaultLevel);
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
      const editor = await openUntitled(language, content);
      const uri = editor.document.uri;
      const diagnostic = await ourDiagnostic(uri);
      const actions = await quickFixesAt(uri, diagnostic.range);
      const titles = actions.map(action => action.title);
      assert.ok(titles.some(title => /^Suppress unbounded-fanout on this line$/.test(title)), titles.join(', '));
      const fix = actions.find(action => action.isPreferred);
      assert.ok(fix?.edit, `a preferred fix among ${titles.join(', ')}`);
      assert.match(fix.title, preferred);
      await apply(fix);
      await waitFor('the warning to clear', () => (vscode.languages.getDiagnostics(uri).some(d => d.source === 'Async Patterns') ? undefined : true));
      // The limit is written as a number (not snippet syntax) and left selected, ready to change.
      assert.doesNotMatch(editor.document.getText(), /\$\{1/);
      assert.equal(editor.document.getText(editor.selection), '16');
    });
  }

  it('the suppression fix clears the warning too', async () => {
    const editor = await openUntitled('typescript', cases[1].content);
    const uri = editor.document.uri;
    const diagnostic = await ourDiagnostic(uri);
    const suppress = (await quickFixesAt(uri, diagnostic.range)).find(action => action.title.startsWith('Suppress'));
    assert.ok(suppress?.edit);
    assert.ok(await vscode.workspace.applyEdit(suppress.edit));
    await waitFor('the warning to clear', () => (vscode.languages.getDiagnostics(uri).some(d => d.source === 'Async Patterns') ? undefined : true));
    assert.match(editor.document.getText(), /\/\/ async-patterns-disable-next-line unbounded-fanout\n {2}return Promise\.all/);
  });
});

// Multi-line text written by a fix: VS Code re-indents a snippet edit's lines (each one got the line's indentation
// again), so the editor applies plain edits. The document must read exactly what the engine wrote.
describe('fixes applied in the editor', () => {
  before(atStrictLevel);
  after(atDefaultLevel);
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  const indentedCallback = 'export class Loader {\n    async load(ids: string[]) {\n        return Promise.all(ids.map(async id => {\n            const user = await fetchUser(id);\n            return user.name;\n        }));\n    }\n}\n';
  const cases = [
    { name: 'mapWithConcurrency', language: 'typescript', content: indentedCallback, title: 'Limit to 16 at once with mapWithConcurrency()', selected: '16' },
    { name: 'mapInBatches', language: 'typescript', content: indentedCallback, title: 'Process in batches of 16', selected: '16' },
    {
      name: 'Python "Add a timeout"', language: 'python', title: 'Add a timeout (async with asyncio.timeout)', selected: '10',
      content: 'import asyncio\n\n\nclass Client:\n    async def load(self, url):\n        if url:\n            data = await fetch_data(\n                url,\n                retries=3,\n            )\n            return data\n',
      cursor: 'fetch_data',
    },
  ];
  for (const { name, language, content, title, selected, cursor } of cases) {
    it(`${name}: the document reads what the engine wrote, and the ${selected} is selected`, async () => {
      const editor = await openUntitled(language, content);
      const uri = editor.document.uri;
      const at = cursor === undefined ? undefined : content.indexOf(cursor) + 2;
      const action = await waitFor(title, async () => {
        const range = at === undefined
          ? vscode.languages.getDiagnostics(uri).find(d => d.source === 'Async Patterns')?.range
          : new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at));
        if (!range) return undefined;
        const kind = at === undefined ? vscode.CodeActionKind.QuickFix : vscode.CodeActionKind.RefactorRewrite;
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind.value);
        return actions.find(candidate => candidate.title === title);
      });
      const expected = await engineResult(language, content, title, at);
      await apply(action);
      assert.equal(editor.document.getText(), expected);
      assert.equal(editor.document.getText(editor.selection), selected);
    });
  }
});

describe('the lightbulb', () => {
  before(atStrictLevel);
  after(atDefaultLevel);
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  async function allActionsAt(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
    return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range);
  }

  it('lists each distinct edit once: the quick fix, not the refactoring that writes the same', async () => {
    const content = 'export async function loadUsers(ids: string[]) {\n  return Promise.all(ids.map(fetchUser));\n}\n';
    const editor = await openUntitled('typescript', content);
    const diagnostic = await ourDiagnostic(editor.document.uri);
    const actions = await allActionsAt(editor.document.uri, diagnostic.range);
    const titles = actions.map(action => action.title);
    assert.ok(titles.includes('Limit to 16 at once with mapWithConcurrency()'), titles.join(', '));
    assert.ok(!titles.some(title => title.startsWith('Limit concurrency: ')), titles.join(', '));
    const ours = actions.filter(action => /^(Limit|Process in batches|Suppress unbounded-fanout|Convert to a queue)/.test(action.title));
    const texts = ours.filter(action => action.edit).map(action => JSON.stringify(action.edit!.entries().map(([, edits]) => edits.map(edit => [edit.range.start.line, edit.range.start.character, edit.range.end.line, edit.range.end.character, edit.newText]))));
    assert.equal(new Set(texts).size, texts.length, titles.join(', '));
  });

  // VS Code's executeCodeActionProvider leaves disabled actions out: our provider is asked directly, in the host.
  it('shows Promise.race with a disabled "no automatic fix" that says why, and the suppression', async () => {
    const content = 'export async function first(ids: string[]) {\n  return Promise.race(ids.map(fetchUser));\n}\n';
    const { document } = await openUntitled('typescript', content);
    const diagnostic = await ourDiagnostic(document.uri);
    const tree = (await grammars.parserFor('typescript')).parse(content)!;
    try {
      const parses = { current: () => ({ key: document.uri.toString(), grammar: 'typescript', version: document.version, text: content, tree, parsedBy: 'full' }) };
      const provider = new CodeActions(parses as unknown as DocumentParses);
      const actions = provider.provideCodeActions(document, diagnostic.range, { diagnostics: [diagnostic], only: undefined, triggerKind: vscode.CodeActionTriggerKind.Invoke });
      const disabled = actions.find(action => action.disabled);
      assert.ok(disabled, actions.map(action => action.title).join(', '));
      assert.equal(disabled.edit, undefined);
      assert.deepEqual(disabled.diagnostics, [diagnostic]);
      assert.match(disabled.disabled!.reason, /^`Promise\.race` settles with the first task to settle/);
      assert.deepEqual(actions.filter(action => !action.disabled).map(action => action.title), ['Suppress unbounded-fanout on this line']);
    } finally {
      tree.delete();
    }
  });
});

describe('refactorings', () => {
  before(atStrictLevel);
  after(atDefaultLevel);
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  async function refactoringsAt(uri: vscode.Uri, position: vscode.Position): Promise<string[]> {
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(position, position), vscode.CodeActionKind.Refactor.value);
    return actions.filter(action => /^(Await \d+ independent calls together|Limit concurrency: )/.test(action.title)).map(action => action.title);
  }

  it('lists "Await independent calls together" on the first of two independent awaits, and not elsewhere', async () => {
    const content = 'export async function show(id: string) {\n  const user = await fetchUser(id);\n  const orders = await fetchOrders(id);\n  return { user, orders };\n}\n';
    const editor = await openUntitled('typescript', content);
    const uri = editor.document.uri;
    await waitFor('the document parsed', async () => ((await refactoringsAt(uri, new vscode.Position(1, 10))).length ? true : undefined));
    assert.deepEqual(await refactoringsAt(uri, new vscode.Position(1, 10)), ['Await 2 independent calls together']);
    assert.deepEqual(await refactoringsAt(uri, new vscode.Position(3, 4)), []);
  });

  it('lists "Limit concurrency" inside any Promise.all, flagged or not, and applying it keeps the code clean', async () => {
    const content = "export async function f() {\n  return Promise.all(['a', 'b'].map(id => fetchUser(id)));\n}\n";
    const editor = await openUntitled('typescript', content);
    const uri = editor.document.uri;
    const position = new vscode.Position(1, 12);
    await waitFor('the refactoring', async () => ((await refactoringsAt(uri, position)).length ? true : undefined));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, new vscode.Range(position, position), vscode.CodeActionKind.Refactor.value);
    const limit = actions.find(action => action.title.startsWith('Limit concurrency: '));
    assert.ok(limit?.edit);
    await apply(limit);
    assert.match(editor.document.getText(), /return mapWithConcurrency\(\['a', 'b'\], 16, id => fetchUser\(id\)\);/);
  });
});
