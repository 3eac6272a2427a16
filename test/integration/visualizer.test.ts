/**
 * The concurrency visualizer in a real VS Code: the command opens the panel on the function at the cursor, and the
 * page reports what its DOM shows (`#total`, `#peak`) through the `rendered` message, since the extension host
 * cannot read a webview's DOM. Edits, syntax errors and cursor moves are followed live.
 */
import * as assert from 'assert/strict';
import * as vscode from 'vscode';
import type { VisualizerState } from '../../src/extension/visualizer/visualizerPanel';
import { formatSeconds } from '../../src/engine/concurrency/format';
import { nothingToShow } from '../../src/extension/visualizer/visualizerPanel';
import { timelineToWire } from '../../src/webview/wireTimeline';
import { semaphoreTimeline } from '../unit/webview/fakeTimelines';
import { extension, untitledDocument, waitFor, workspaceFile } from './helpers';

type Rendered = NonNullable<VisualizerState['rendered']>;

/** Waits until the page has drawn a picture matching `expected` (a subset of what it reports). */
async function rendered(what: string, expected: Partial<Rendered>): Promise<Rendered> {
  try {
    return await waitFor(what, () => {
      const shown = extension().exports.visualizerState()?.rendered;
      if (!shown) return undefined;
      return Object.entries(expected).every(([key, value]) => shown[key as keyof Rendered] === value) ? shown : undefined;
    });
  } catch (error) {
    const state = extension().exports.visualizerState();
    const sent = state?.sent.type === 'timeline' ? { ...state.sent, timeline: `${state.sent.timeline.tasks.id.length} tasks, ${state.sent.timeline.totalTime} s` } : state?.sent;
    throw new Error(`${(error as Error).message}; the page last showed ${JSON.stringify(state?.rendered)}; last sent ${JSON.stringify(sent)}`);
  }
}

async function replaceText(editor: vscode.TextEditor, from: string | RegExp, to: string): Promise<void> {
  const text = editor.document.getText();
  const match = typeof from === 'string' ? { index: text.indexOf(from), 0: from } : from.exec(text);
  assert.ok(match && match.index >= 0, `${from} is in the document`);
  const start = editor.document.positionAt(match.index);
  const end = editor.document.positionAt(match.index + match[0].length);
  assert.ok(await editor.edit(edit => edit.replace(new vscode.Range(start, end), to)));
}

function lineOf(document: vscode.TextDocument, text: string): number {
  const line = document.getText().split('\n').findIndex(l => l.includes(text));
  assert.ok(line >= 0, `${text} is in the document`);
  return line;
}

describe('concurrency visualizer', () => {
  let editor: vscode.TextEditor;

  const files = () => vscode.workspace.getConfiguration('files');

  before(async () => {
    // The web workbench saves after a second by default: the example on disk must keep its text through the edits.
    await files().update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(workspaceFile('seed_2_semaphore.py')), vscode.ViewColumn.One);
    await waitFor('activation', () => (extension().isActive ? true : undefined));
  });

  after(async () => {
    // The examples on disk stay as they are: throw the test's edits away.
    await vscode.window.showTextDocument(editor.document, vscode.ViewColumn.One);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await files().update('autoSave', undefined, vscode.ConfigurationTarget.Global);
  });

  it('opens beside the editor on the function under the cursor, and the page shows its total and peak', async () => {
    const inMain = new vscode.Position(lineOf(editor.document, 'asyncio.Semaphore(2)'), 8);
    editor.selection = new vscode.Selection(inMain, inMain);
    assert.equal(await vscode.commands.executeCommand('asyncPatterns.visualizeConcurrency'), true);
    const shown = await rendered('the panel to show main', { functionName: 'main', total: '3.0 s', peak: '2', stale: '' });
    assert.deepEqual(shown, { type: 'rendered', functionName: 'main', total: '3.0 s', peak: '2', stale: '', status: '', limitHint: '', revealLines: [] });
    const panelTab = vscode.window.tabGroups.all.flatMap(group => group.tabs).find(tab => tab.input instanceof vscode.TabInputWebview);
    assert.equal(panelTab?.label, 'Concurrency: main');
    assert.equal(panelTab?.group.viewColumn, vscode.ViewColumn.Two, 'beside the editor');
    assert.equal(vscode.window.activeTextEditor?.document, editor.document, 'the editor keeps the focus');
  });

  it('follows edits to the function', async () => {
    await replaceText(editor, 'asyncio.Semaphore(2)', 'asyncio.Semaphore(5)');
    await rendered('the picture for Semaphore(5)', { functionName: 'main', total: '1.0 s', peak: '5', stale: '' });
  });

  it('keeps the last good picture while the function has a syntax error, and says so', async () => {
    await replaceText(editor, 'await asyncio.gather(*tasks)', 'await asyncio.gather(*tasks');
    const shown = await rendered('the stale picture', { functionName: 'main', total: '1.0 s', peak: '5' });
    await waitFor('the page to say why', () => (extension().exports.visualizerState()?.rendered?.stale.includes('has syntax errors') ? true : undefined));
    assert.equal(shown.functionName, 'main');
    await replaceText(editor, 'await asyncio.gather(*tasks', 'await asyncio.gather(*tasks)');
    await rendered('the fresh picture again', { total: '1.0 s', peak: '5', stale: '' });
  });

  it('says when the function no longer exists', async () => {
    await replaceText(editor, 'async def main():', 'async def main_renamed():');
    await waitFor('the page to say it is gone', () => (extension().exports.visualizerState()?.rendered?.stale.includes('no longer exists') ? true : undefined));
    await replaceText(editor, 'async def main_renamed():', 'async def main():');
    await rendered('main again', { functionName: 'main', total: '1.0 s', stale: '' });
  });

  it('follows the cursor into another async function', async () => {
    const inFetch = new vscode.Position(lineOf(editor.document, 'await asyncio.sleep(1)'), 8);
    editor.selection = new vscode.Selection(inFetch, inFetch);
    await rendered('limited_fetch', { functionName: 'limited_fetch' });
    const inMain = new vscode.Position(lineOf(editor.document, 'asyncio.Semaphore('), 8);
    editor.selection = new vscode.Selection(inMain, inMain);
    await rendered('main again', { functionName: 'main', total: '1.0 s' });
  });

  it('shows a CodeLens with the total and the peak above each async function', async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    const lenses = await waitFor('lenses for the reverted file', async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 100);
      return found.some(lens => lens.command?.title === '3.0 s · 2 at once') ? found : undefined;
    });
    const mainLine = lineOf(editor.document, 'async def main');
    const mainLens = lenses.find(lens => lens.range.start.line === mainLine && lens.command?.command === 'asyncPatterns.visualizeConcurrency');
    assert.equal(mainLens?.command?.title, '3.0 s · 2 at once');
    assert.ok(lenses.some(lens => lens.range.start.line === lineOf(editor.document, 'async def limited_fetch')), 'a lens above limited_fetch too');
    // The lens's command opens the panel on its function, wherever the cursor is.
    const top = new vscode.Position(0, 0);
    editor.selection = new vscode.Selection(top, top);
    await vscode.commands.executeCommand(mainLens!.command!.command, ...(mainLens!.command!.arguments ?? []));
    await rendered('main from the lens', { functionName: 'main', total: '3.0 s', peak: '2', stale: '' });
  });

  it('draws the picture again after the panel is hidden and shown', async () => {
    const before = extension().exports.visualizerState();
    assert.ok(before?.rendered);
    const rendersBefore = before.renders;
    // Another editor in the panel's group hides the panel (its page is thrown away: no retainContextWhenHidden).
    const other = await untitledDocument('plaintext', 'hides the panel');
    await vscode.window.showTextDocument(other, { viewColumn: vscode.ViewColumn.Two, preview: false });
    await waitFor('the panel to be hidden', () => (vscode.window.tabGroups.all.flatMap(g => g.tabs).some(t => t.input instanceof vscode.TabInputWebview && !t.isActive) ? true : undefined));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitFor('the page to draw again', () => ((extension().exports.visualizerState()?.renders ?? 0) > rendersBefore ? true : undefined));
    await rendered('the restored page', { functionName: 'main', total: '3.0 s', peak: '2' });
  });

  it('simulates and draws 10,000 tasks', async function () {
    this.timeout(60000);
    const content = 'import asyncio\n\nasync def fetch(sem, i):\n    async with sem:\n        await asyncio.sleep(1)\n\n'
      + 'async def crawl():\n    sem = asyncio.Semaphore(50)\n    await asyncio.gather(*[fetch(sem, i) for i in range(10000)])\n';
    const big = await vscode.window.showTextDocument(await untitledDocument('python', content), vscode.ViewColumn.One);
    const inCrawl = new vscode.Position(7, 4);
    big.selection = new vscode.Selection(inCrawl, inCrawl);
    const started = Date.now();
    assert.equal(await vscode.commands.executeCommand('asyncPatterns.visualizeConcurrency'), true);
    const shown = await rendered('10,000 tasks drawn', { functionName: 'crawl', stale: '' });
    const sent = extension().exports.visualizerState()?.sent;
    assert.ok(sent?.type === 'timeline');
    // The simulation stops at a real-time budget, so on a very busy machine the picture may show only the start
    // (truncated, with a note, the total a lower bound, fewer tasks started): whatever was computed is what the page
    // must show.
    if (sent.timeline.truncated) assert.ok(sent.timeline.tasks.id.length > 1 && sent.timeline.tasks.id.length <= 10001, `${sent.timeline.tasks.id.length} tasks`);
    else assert.equal(sent.timeline.tasks.id.length, 10001);
    assert.equal(shown.total, `${sent.timeline.truncated ? '≥ ' : ''}${formatSeconds(sent.timeline.totalTime)}`);
    assert.equal(shown.peak, String(sent.timeline.peakConcurrency));
    if (!sent.timeline.truncated) assert.deepEqual([shown.total, shown.peak], ['200 s', '50']);
    console.log(`      10,001 tasks simulated, sent and drawn in ${Date.now() - started} ms${sent.timeline.truncated ? ' (the simulation hit its time budget: partial picture)' : ''}`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});

describe('concurrency visualizer settings and languages', () => {
  const setting = (key: string, value: unknown) => vscode.workspace.getConfiguration('asyncPatterns').update(key, value, vscode.ConfigurationTarget.Global);

  afterEach(async () => {
    for (const key of ['visualizer.itemCount', 'visualizer.defaultLatencyMs', 'visualizer.codeLens']) await setting(key, undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  // Lenses get their titles when resolved (as VS Code does for those in view): ask for up to 100 resolved.
  const lensesOf = (uri: vscode.Uri) => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);

  it('shows the CodeLens for TypeScript too', async () => {
    const uri = workspaceFile('seed_1_gather.ts');
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const mainLine = lineOf(document, 'async function main');
    const lens = await waitFor('the lens above main', async () => (await lensesOf(uri)).find(l => l.range.start.line === mainLine && l.command?.title === '1.0 s · 3 at once'));
    assert.equal(lens.command?.command, 'asyncPatterns.visualizeConcurrency');
  });

  it('asyncPatterns.visualizer.codeLens = false hides the lenses', async () => {
    const uri = workspaceFile('seed_2_semaphore.py');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await waitFor('lenses', async () => ((await lensesOf(uri)).some(l => l.command?.command === 'asyncPatterns.visualizeConcurrency') ? true : undefined));
    await setting('visualizer.codeLens', false);
    await waitFor('no lenses', async () => ((await lensesOf(uri)).some(l => l.command?.command === 'asyncPatterns.visualizeConcurrency') ? undefined : true));
  });

  it('clamps an item count above the maximum to it', async () => {
    const content = 'import asyncio\n\nasync def main(urls):\n    count = 0\n    for u in urls:\n        count = count + 1\n    await asyncio.sleep(count)\n';
    const editor = await vscode.window.showTextDocument(await untitledDocument('python', content));
    await setting('visualizer.itemCount', 1_000_000);
    editor.selection = new vscode.Selection(new vscode.Position(3, 4), new vscode.Position(3, 4));
    assert.equal(await vscode.commands.executeCommand('asyncPatterns.visualizeConcurrency'), true);
    await rendered('10,000 items at most', { functionName: 'main', total: formatSeconds(10_000) });
    const sent = extension().exports.visualizerState()?.sent;
    assert.equal(sent?.type === 'timeline' && sent.options.itemCount, 10_000);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('takes the assumed item count and latency from the settings, and re-runs when they change', async () => {
    const content = 'import asyncio\n\nasync def main(session, urls):\n    await asyncio.gather(*[session.get(u) for u in urls])\n';
    const editor = await vscode.window.showTextDocument(await untitledDocument('python', content));
    const inMain = new vscode.Position(3, 4);
    editor.selection = new vscode.Selection(inMain, inMain);
    assert.equal(await vscode.commands.executeCommand('asyncPatterns.visualizeConcurrency'), true);
    await rendered('the defaults', { functionName: 'main', total: '100 ms', peak: '10' });
    await setting('visualizer.defaultLatencyMs', 250);
    await setting('visualizer.itemCount', 3);
    await rendered('the new settings', { functionName: 'main', total: '250 ms', peak: '3' });
    const sent = extension().exports.visualizerState()?.sent;
    assert.deepEqual(sent?.type === 'timeline' && sent.options, { itemCount: 3, defaultLatencyMs: 250 });
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});

describe('concurrency visualizer never freezes the editor', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  // Each of these loops used to be simulated on the extension host's thread, for ever: the host froze.
  const endless: Array<[string, string, string]> = [
    ['typescript', 'for (;;) {}', 'export async function main() {\n  await fetch("a");\n  for (;;) {}\n}\n'],
    ['python', 'while True: pass', 'import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n    while True:\n        pass\n'],
  ];
  for (const [language, loop, content] of endless) {
    it(`gives a CodeLens and a panel for an async function with \`${loop}\` (${language})`, async () => {
      const document = await untitledDocument(language, content);
      const editor = await vscode.window.showTextDocument(document);
      const lens = await waitFor('the lens above main', async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 100);
        return found.find(l => l.range.start.line === 0 || l.range.start.line === 2)?.command?.title.startsWith('Visualize concurrency (') ? found : undefined;
      });
      assert.ok(lens.length > 0);
      const inMain = document.positionAt(content.indexOf(language === 'python' ? 'while' : 'for'));
      editor.selection = new vscode.Selection(inMain, inMain);
      assert.equal(await vscode.commands.executeCommand('asyncPatterns.visualizeConcurrency'), true);
      const sent = await waitFor('a truncated picture', () => {
        const state = extension().exports.visualizerState();
        return state?.sent.type === 'timeline' && state.sent.timeline.truncated ? state.sent : undefined;
      });
      assert.equal(sent.timeline.outcome, 'truncated');
      assert.ok(sent.timeline.notes.some(note => note.message.startsWith('The simulation stopped after')));
      await rendered('the truncated picture', { functionName: 'main', stale: '' });
      // Typing goes on while the panel follows: the edit is applied and the picture comes back, still truncated.
      assert.ok(await editor.edit(edit => edit.insert(new vscode.Position(0, 0), language === 'python' ? '# typed\n' : '// typed\n')));
      await waitFor('the picture after the edit', () => {
        const state = extension().exports.visualizerState();
        return state?.sent.type === 'timeline' && state.sent.timeline.line === (language === 'python' ? 4 : 2) ? true : undefined;
      });
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });
  }
});

describe('concurrency visualizer restored after a reload', () => {
  const stateFor = (document: vscode.Uri) => ({
    message: { type: 'timeline', timeline: { ...timelineToWire(semaphoreTimeline()), line: 7 }, options: { itemCount: 10, defaultLatencyMs: 100 }, functionName: 'main', document: document.toString() },
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows the saved function of a document that is open', async () => {
    const uri = workspaceFile('seed_2_semaphore.py');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    await extension().exports.restoreVisualizer(stateFor(uri));
    await rendered('main restored', { functionName: 'main', total: '3.0 s', peak: '2', stale: '' });
  });

  it('opens nothing for a document that is not open, and says there is nothing to show', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const uri = workspaceFile('seed_1_gather.py');
    await extension().exports.restoreVisualizer(stateFor(uri));
    const state = await waitFor('the page to say there is nothing to show', () => {
      const current = extension().exports.visualizerState();
      return current?.rendered?.status === nothingToShow ? current : undefined;
    });
    assert.equal(state.document, undefined);
    assert.deepEqual(state.sent, { type: 'status', message: nothingToShow });
    assert.ok(!vscode.window.tabGroups.all.flatMap(g => g.tabs).some(t => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString()), 'no editor was opened');
  });
});
