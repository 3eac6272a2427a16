/**
 * A person's whole path, from the packaged extension: the built .vsix is installed into a fresh code-server (not the
 * development folder), a copy of examples/ is opened in headless Chromium, and the steps are the ones a user takes
 * with keyboard and mouse. Each step writes a screenshot to test-results/e2e/; `UPDATE_SCREENSHOTS=1` also copies the
 * README's ones to docs/images/.
 */
import * as assert from 'assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
// The host scripts are plain CommonJS shared with the integration runner and the demo.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const host = require(path.join(repoRoot, 'scripts', 'vscode-host', 'codeServer.js'));
const shots = path.join(repoRoot, 'test-results', 'e2e');
const readmeShots: Record<string, string> = { 'quick-fix-menu': 'quick-fix.png' };

describe('a user with the packaged extension', function () {
  this.timeout(120000);
  let server: { stop(): void; workbenchUrl(options: { folder: string }): string; output(): string };
  let browser: Browser;
  let page: Page;
  let workspace: string;
  let step = 0;

  async function screenshot(name: string): Promise<void> {
    const file = path.join(shots, `${String(++step).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file });
    if (process.env.UPDATE_SCREENSHOTS && readmeShots[name]) fs.copyFileSync(file, path.join(repoRoot, 'docs', 'images', readmeShots[name]));
  }

  async function openFile(name: string): Promise<void> {
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type(name);
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: name }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tab.active').filter({ hasText: name }).waitFor();
    await page.locator('.monaco-editor.focused').waitFor();
  }

  async function goToLine(lineAndColumn: string): Promise<void> {
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type(lineAndColumn);
    await page.keyboard.press('Enter');
  }

  async function runCommand(title: string): Promise<void> {
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type(title);
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: title }).first().waitFor();
    await page.keyboard.press('Enter');
  }

  /**
   * Control+. at the cursor, until the menu shows. The first request for a file can come back empty while a language
   * server starts (TypeScript's own, here) and VS Code says "No code actions available"; a person presses Control+.
   * again, and so does this.
   */
  async function openQuickFixes() {
    const focused = page.locator('.action-widget .monaco-list-row.focused');
    for (let attempt = 0; ; attempt++) {
      await page.keyboard.press('Control+.');
      try {
        await focused.waitFor({ timeout: 5000 });
        return focused;
      } catch (error) {
        if (attempt === 5) throw error;
        await page.keyboard.press('Escape');
      }
    }
  }

  const squiggles = () => page.locator('.monaco-editor.focused .squiggly-warning');

  /**
   * Saves the focused editor (Control+S, as a user does) and waits until the file on disk matches `pattern`. The
   * editor's rendered lines are not the document: Monaco renders only what is scrolled into view, and reuses line
   * elements out of order, so a fix whose new lines sit above or below the viewport cannot be read from them.
   */
  async function saveAndExpectOnDisk(name: string, pattern: RegExp): Promise<void> {
    await page.keyboard.press('Control+S');
    const file = path.join(workspace, name);
    const deadline = Date.now() + 20000;
    while (!pattern.test(fs.readFileSync(file, 'utf8'))) {
      if (Date.now() > deadline) assert.match(fs.readFileSync(file, 'utf8'), pattern, `${name} as saved`);
      await page.waitForTimeout(200);
    }
  }

  /** The run's own folder: the packaged extension, the host's user data and the workspace. */
  let scratch: string | undefined;

  before(async function () {
    this.timeout(600000);
    host.ensureInstalled();
    fs.rmSync(shots, { recursive: true, force: true });
    fs.mkdirSync(shots, { recursive: true });
    // The .vsix a user would install, built from dist/ as `npm run package` does.
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'async-patterns-e2e-'));
    const vsix = path.join(scratch, 'async-patterns.vsix');
    execFileSync(process.execPath, [path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', vsix], { cwd: repoRoot, stdio: 'ignore' });
    const extensionsDir = path.join(scratch, 'extensions');
    execFileSync(process.execPath, [host.codeServerEntry(), '--extensions-dir', extensionsDir, '--user-data-dir', path.join(scratch, 'user'), '--install-extension', vsix], {
      stdio: 'ignore', env: { ...process.env, HOME: scratch, XDG_CONFIG_HOME: path.join(scratch, 'config'), XDG_DATA_HOME: path.join(scratch, 'share') },
    });
    assert.ok(fs.readdirSync(extensionsDir).some(name => name.startsWith('async-patterns.async-patterns-')), 'the .vsix is installed');
    // A copy of examples/, so applying fixes never touches the repository; plus an empty file to type a snippet into.
    workspace = path.join(scratch, 'examples');
    fs.cpSync(path.join(repoRoot, 'examples'), workspace, { recursive: true });
    fs.writeFileSync(path.join(workspace, 'scratch.py'), 'import asyncio\n\n\nasync def main(urls):\n    \n');
    server = await host.startCodeServer({ extensionsDir });
    browser = await host.launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(server.workbenchUrl({ folder: workspace }));
    await page.locator('.explorer-folders-view').waitFor({ timeout: 90000 });
  });

  after(async () => {
    await browser?.close();
    server?.stop();
    // The installed .vsix, the host's user data and the copy of examples/: tens of megabytes per run.
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('sees the unbounded-fanout squiggle in TypeScript and its entry in the Problems panel', async () => {
    await openFile('unbounded_fanout.ts');
    await squiggles().first().waitFor({ timeout: 60000 });
    await page.keyboard.press('Control+Shift+M');
    const entry = page.locator('.markers-panel .monaco-list-row').filter({ hasText: 'starts one `fetch` call (network) per element of `ids`' });
    await entry.first().waitFor({ timeout: 20000 });
    await screenshot('problems-panel');
  });

  it('opens the quick fix with Control+. on the squiggle, and applying it clears the warning', async () => {
    // F8 moves the cursor to the problem, as a user going through warnings does; Control+. opens the fixes there.
    await page.keyboard.press('Control+1'); // back to the editor from the Problems panel
    await page.keyboard.press('F8');
    await page.keyboard.press('Escape');
    const focused = await openQuickFixes();
    // The preferred fix comes first and is focused: Enter applies it.
    assert.match(await focused.innerText(), /Limit to 16 at once with/);
    await screenshot('quick-fix-menu');
    await page.keyboard.press('Enter');
    await squiggles().first().waitFor({ state: 'detached', timeout: 30000 });
    assert.equal(await squiggles().count(), 0);
    await saveAndExpectOnDisk('unbounded_fanout.ts', /mapWithConcurrency\(|pLimit\(|pMap\(/);
    await screenshot('quick-fix-applied');
  });

  it('fixes a Python fan-out over a query result the same way', async () => {
    await openFile('orders_report.py');
    await squiggles().first().waitFor({ timeout: 60000 });
    await page.keyboard.press('F8');
    await page.keyboard.press('Escape');
    const focused = await openQuickFixes();
    assert.match(await focused.innerText(), /shared asyncio\.Semaphore/);
    await page.keyboard.press('Enter');
    await squiggles().first().waitFor({ state: 'detached', timeout: 30000 });
    await saveAndExpectOnDisk('orders_report.py', /asyncio\.Semaphore\(16\)/);
  });

  it('types a snippet prefix, is offered the snippet, and inserts it', async () => {
    await openFile('scratch.py');
    await goToLine('5:5');
    await page.keyboard.type('asem');
    // The snippet's row, by its description: the editor may also offer the typed word itself (`abc asem`), and list
    // it first (a CI run accepted that word instead of the snippet).
    const snippetRow = page.locator('.suggest-widget .monaco-list-row').filter({ hasText: 'shared asyncio' }).first();
    await snippetRow.waitFor({ timeout: 20000 });
    await screenshot('snippet-suggested');
    const focusedRow = page.locator('.suggest-widget .monaco-list-row.focused');
    for (let moves = 0; !/shared asyncio/.test(await focusedRow.innerText()); moves++) {
      assert.ok(moves < 10, 'the snippet could not be focused in the suggestions');
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    await saveAndExpectOnDisk('scratch.py', /asyncio\.Semaphore/);
    await screenshot('snippet-inserted');
  });

  it('shows a CodeLens with the prediction above an async function', async () => {
    await openFile('seed_2_semaphore.py');
    const lens = page.locator('.monaco-editor.focused .codelens-decoration').filter({ hasText: '3.0 s · 2 at once' });
    await lens.first().waitFor({ timeout: 60000 });
    await screenshot('codelens');
  });

  it('runs Visualize Concurrency and reads the expected total and peak in the panel', async () => {
    await goToLine('11:5');
    await runCommand('Async Patterns: Visualize Concurrency');
    const webview = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await webview.locator('#total').filter({ hasText: '3.0 s' }).waitFor({ timeout: 60000 });
    assert.equal((await webview.locator('#peak').innerText()).trim(), '2');
    await screenshot('visualizer');
  });
});
