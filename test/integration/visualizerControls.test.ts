/**
 * The visualizer panel's controls in a real VS Code: an assumption's line, shown as a button in the page, reveals
 * that line in the editor; the what-if controls carry over to the CodeLenses of the document the panel shows; and
 * a limit on a function without a limiter says that it changes nothing. The extension host cannot click in the
 * page: the page reports its buttons' lines (read from its DOM) and the test hands the panel the message a click
 * posts.
 */
import * as assert from 'assert/strict';
import * as vscode from 'vscode';
import type { VisualizerState } from '../../src/extension/visualizer/visualizerPanel';
import { extension, untitledDocument, waitFor } from './helpers';

type Rendered = NonNullable<VisualizerState['rendered']>;

async function rendered(what: string, matches: (shown: Rendered) => boolean): Promise<Rendered> {
  try {
    return await waitFor(what, () => {
      const shown = extension().exports.visualizerState()?.rendered;
      return shown && matches(shown) ? shown : undefined;
    });
  } catch (error) {
    throw new Error(`${(error as Error).message}; the page last showed ${JSON.stringify(extension().exports.visualizerState()?.rendered)}`);
  }
}

async function openAt(content: string, cursorLine: number): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(await untitledDocument('python', content), vscode.ViewColumn.One);
  const at = new vscode.Position(cursorLine, 4);
  editor.selection = new vscode.Selection(at, at);
  assert.equal(await vscode.commands.executeCommand('asyncPatterns.visualizeConcurrency'), true);
  return editor;
}

const lensesOf = (uri: vscode.Uri) => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);

async function lensTitle(uri: vscode.Uri, line: number, expected: string): Promise<vscode.CodeLens> {
  let last: string | undefined;
  try {
    return await waitFor(`the lens of line ${line + 1} to say ${expected}`, async () => {
      const lens = (await lensesOf(uri)).find(l => l.range.start.line === line && l.command?.command === 'asyncPatterns.visualizeConcurrency');
      last = lens?.command?.title;
      return last === expected ? lens : undefined;
    });
  } catch (error) {
    throw new Error(`${(error as Error).message}; it says ${last}`);
  }
}

const limited = [
  'import asyncio',
  '',
  'async def fetch(sem, i):',
  '    async with sem:',
  '        await asyncio.sleep(1)',
  '',
  'async def main():',
  '    sem = asyncio.Semaphore(2)',
  '    await asyncio.gather(*(fetch(sem, i) for i in range(6)))',
  '',
].join('\n');

describe('concurrency visualizer controls', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows each assumption with its line, and a click on it reveals that line in the editor', async () => {
    const content = 'import asyncio\n\n\nasync def main(session, urls):\n    pages = await asyncio.gather(*[session.get(u) for u in urls])\n    return pages\n';
    const editor = await openAt(content, 4);
    const shown = await rendered('main with its assumptions', r => r.functionName === 'main' && r.revealLines.length > 0);
    const sent = extension().exports.visualizerState()?.sent;
    assert.ok(sent?.type === 'timeline');
    const said = [...sent.timeline.assumptions, ...sent.timeline.notes];
    assert.deepEqual(shown.revealLines, said.map(a => a.line), 'one button per assumption and note, with its line');
    assert.ok(shown.revealLines.every(line => line >= 1), `no line 0: ${shown.revealLines.join(', ')}`);
    assert.ok(shown.revealLines.includes(5), 'the gather line, where the unknown collection and calls are');
    // Move away, then "click" the button of line 5.
    const top = new vscode.Position(0, 0);
    editor.selection = new vscode.Selection(top, top);
    extension().exports.visualizerMessage({ type: 'reveal', line: 5 });
    await waitFor('the editor to show line 5', () => (vscode.window.activeTextEditor?.document === editor.document && vscode.window.activeTextEditor.selection.active.line === 4 ? true : undefined));
    assert.equal(vscode.window.activeTextEditor?.selection.active.character, 4, 'at the first character of the line');
  });

  it("makes the CodeLenses of the panel's document follow its what-if values, and go back to the settings when it closes", async () => {
    const editor = await openAt(limited, 7);
    await rendered('main as written', r => r.functionName === 'main' && r.total === '3.0 s' && r.peak === '2');
    const uri = editor.document.uri;
    await lensTitle(uri, 6, '3.0 s · 2 at once');
    extension().exports.visualizerMessage({ type: 'setOptions', limitOverride: 6 });
    await rendered('main with every limiter at 6', r => r.total === '1.0 s' && r.peak === '6');
    const lens = await lensTitle(uri, 6, '1.0 s · 6 at once (what-if)');
    assert.match(lens.command?.tooltip ?? '', /what-if values: 10 items in unknown collections, 100 ms per unknown call, every limiter at 6/);
    // Closing the panel ends its what-if: the lens predicts with the settings again.
    const panelTab = vscode.window.tabGroups.all.flatMap(group => group.tabs).find(tab => tab.input instanceof vscode.TabInputWebview);
    assert.ok(panelTab);
    await vscode.window.tabGroups.close(panelTab);
    await lensTitle(uri, 6, '3.0 s · 2 at once');
  });

  it('says next to the limit control when the function has no limiter for it to change', async () => {
    const content = 'import asyncio\n\nasync def main():\n    await asyncio.gather(*(asyncio.sleep(1) for _ in range(3)))\n';
    await openAt(content, 3);
    const before = await rendered('main', r => r.functionName === 'main' && r.total === '1.0 s');
    assert.equal(before.limitHint, '', 'no hint without a limit');
    extension().exports.visualizerMessage({ type: 'setOptions', limitOverride: 2 });
    const shown = await rendered('the hint', r => r.limitHint !== '');
    assert.equal(shown.limitHint, 'main creates no limiter: the limit changes nothing.');
    assert.equal(shown.peak, '3', 'nothing was limited');
    // A function with a limiter: no hint, the limit applies.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await openAt(limited, 7);
    extension().exports.visualizerMessage({ type: 'setOptions', limitOverride: 3 });
    const applied = await rendered('main with every limiter at 3', r => r.functionName === 'main' && r.peak === '3');
    assert.equal(applied.limitHint, '');
  });
});
