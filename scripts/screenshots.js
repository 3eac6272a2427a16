#!/usr/bin/env node
// Screenshots of the concurrency visualizer for the README, taken the way a person gets there: in a real VS Code
// (code-server with this extension in development mode) in headless Chromium, open examples/seed_2_semaphore.py,
// put the cursor in `main`, run "Async Patterns: Visualize Concurrency" from the command palette. Each theme is a
// fresh workbench with `workbench.colorTheme` set. On the way it checks the page's real DOM (inside the webview's
// iframes): the summary says 3.0 s and 2 at once, the limit control re-runs the simulation, the keyboard reaches
// the spans, Enter or a click on a span moves the editor's cursor to its line, the editor's context menu offers
// the command inside an async function, and the page reports no Content Security Policy violation.
//   npm run build && node scripts/screenshots.js [--out docs/images]
const fs = require('fs');
const path = require('path');
const { ensureInstalled, launchChromium, repoRoot, startCodeServer } = require('./vscode-host/codeServer');

const outFolder = path.resolve(process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1] : path.join(repoRoot, 'docs', 'images'));
const themes = [
  { name: 'Default Light Modern', file: 'visualizer-light.png' },
  { name: 'Default Dark Modern', file: 'visualizer-dark.png' },
  { name: 'Default High Contrast', file: 'visualizer-high-contrast.png' },
];
const step = message => console.log(`  ${message}`);

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function screenshot(browser, server, theme) {
  // User settings are read when the workbench loads: write them before opening it.
  const settingsFile = path.join(server.dataFolder, 'user', 'User', 'settings.json');
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.writeFileSync(settingsFile, JSON.stringify({
    'workbench.colorTheme': theme.name,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'editor.minimap.enabled': false,
    'chat.commandCenter.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'extensions.ignoreRecommendations': true,
    'git.openRepositoryInParentFolders': 'never', // no "a git repository was found" toast over the picture
  }, null, 2));
  const page = await browser.newPage({ viewport: { width: 1500, height: 860 }, deviceScaleFactor: 1 });
  // Messages from every frame, the webview's included: a CSP violation is logged there.
  const violations = [];
  page.on('console', message => {
    if (/Content Security Policy|Refused to (load|execute|apply)/i.test(message.text())) violations.push(message.text());
  });
  try {
    await page.goto(server.workbenchUrl({ folder: path.join(repoRoot, 'examples'), extensionDevelopmentPath: repoRoot }));
    await page.locator('.explorer-folders-view').waitFor({ timeout: 60000 });
    step(`${theme.name}: workbench loaded`);
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type('seed_2_semaphore.py');
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'seed_2_semaphore.py' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .view-lines').first().waitFor();
    await page.waitForTimeout(1000);
    // Go to line 10 (`semaphore = asyncio.Semaphore(2)`), inside `main`.
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type('10');
    await page.keyboard.press('Enter');
    step('cursor in main');
    await page.keyboard.press('Control+B'); // the side bar off: more room for the panel
    // The context menu offers the command inside an async function (the context key follows the cursor).
    await page.waitForTimeout(500);
    await page.locator('.monaco-editor .view-line').filter({ hasText: 'asyncio.Semaphore' }).click({ button: 'right' });
    const menuItem = page.locator('.context-view .action-label').filter({ hasText: 'Visualize Concurrency' });
    await menuItem.first().waitFor({ timeout: 10000 });
    await page.keyboard.press('Escape');
    // ... and not outside one: line 1 is `import asyncio`.
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type('1');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(500);
    await page.locator('.monaco-editor .view-line').filter({ hasText: 'import asyncio' }).click({ button: 'right' });
    await page.locator('.context-view .action-label').filter({ hasText: 'Cut' }).first().waitFor({ timeout: 10000 });
    check(await menuItem.count() === 0, 'no Visualize Concurrency in the context menu outside an async function');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type('10');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    step('context menu offers Visualize Concurrency in main only');
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type('Async Patterns: Visualize Concurrency');
    await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: 'Visualize Concurrency' }).first().waitFor();
    await page.keyboard.press('Enter');
    const webview = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    const total = webview.locator('#total');
    await total.filter({ hasText: '3.0 s' }).waitFor({ timeout: 30000 });
    const summary = { total: await total.textContent(), peak: await webview.locator('#peak').textContent() };
    check(summary.total === '3.0 s' && summary.peak === '2', `the panel shows ${JSON.stringify(summary)}`);
    step(`panel shows total ${summary.total}, peak ${summary.peak}`);

    // The limit control re-runs the simulation: 5 at once finishes in 1.0 s; cleared, the code's 2 again.
    await webview.locator('#limit').fill('5');
    await total.filter({ hasText: '1.0 s' }).waitFor({ timeout: 10000 });
    await webview.locator('#limit').fill('');
    await total.filter({ hasText: '3.0 s' }).waitFor({ timeout: 10000 });
    step('limit control re-runs the simulation');

    // Keyboard: the Gantt takes focus, arrows move between spans and say which one.
    const gantt = webview.locator('#gantt');
    await gantt.focus();
    await gantt.press('ArrowDown');
    await gantt.press('ArrowDown');
    const announced = await webview.locator('#announcer').textContent();
    check(/limited_fetch/.test(announced), `the keyboard reaches the tasks (announced: ${announced})`);
    step(`keyboard: ${announced}`);
    const position = page.locator('.statusbar-item[id="status.editor.selection"]');
    await gantt.press('Enter');
    await position.filter({ hasText: /Ln 6,/ }).waitFor({ timeout: 10000 }).catch(async () => {
      throw new Error(`Enter on the second task's sleep reveals line 6 (status bar: ${await position.textContent()})`);
    });
    step('Enter on a span reveals its line');
    // Back in the editor: put the cursor in main again (Ctrl+G 10) so the click below is seen to move it.
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').waitFor();
    await page.keyboard.type('10');
    await page.keyboard.press('Enter');
    await position.filter({ hasText: /Ln 10,/ }).waitFor({ timeout: 10000 });

    // Hover a running span for the tooltip in the picture, then click it: the editor goes to its line.
    // The page says where its time axis lies; 0.4 s of 3.0 s falls in every task's first span.
    const [timeLeft, timeWidth] = await gantt.evaluate(canvas => [Number(canvas.dataset.timeLeft), Number(canvas.dataset.timeWidth)]);
    const spanPoint = { x: Math.round(timeLeft + timeWidth * (0.4 / 3)), y: 22 * 1 + 11 };
    await gantt.click({ position: spanPoint });
    await position.filter({ hasText: /Ln 6,/ }).waitFor({ timeout: 10000 }).catch(async () => {
      throw new Error(`a click on the first task's sleep reveals line 6 (status bar: ${await position.textContent()})`);
    });
    const status = await position.textContent();
    step(`click on a span: ${status.trim()}`);
    // Line 6 is in limited_fetch: the panel's own reveal must not switch it away from main.
    await page.waitForTimeout(500);
    check(await webview.locator('#title').textContent() === 'main()', 'the panel stays on main after revealing a line elsewhere');
    await gantt.hover({ position: { x: spanPoint.x, y: 22 * 3 + 11 } });
    await webview.locator('#tooltip:not([hidden])').waitFor({ timeout: 5000 });
    await page.waitForTimeout(300);
    check(violations.length === 0, `no CSP violations, but: ${violations.join('\n')}`);
    fs.mkdirSync(outFolder, { recursive: true });
    const file = path.join(outFolder, theme.file);
    await page.screenshot({ path: file });
    step(`saved ${path.relative(repoRoot, file)}`);

    if (theme === themes[0]) {
      // A window reload brings the panel back (its serializer), on the same function, drawn afresh. The browser
      // workbench stores its layout and the page's state asynchronously: give it a moment before reloading.
      await page.waitForTimeout(2000);
      await page.reload();
      await page.locator('.explorer-folders-view, .monaco-workbench').first().waitFor({ timeout: 60000 });
      await total.filter({ hasText: '3.0 s' }).waitFor({ timeout: 60000 });
      check(await webview.locator('#title').textContent() === 'main()', 'the restored panel shows main');
      step('the panel comes back after a window reload');
    }
  } finally {
    await page.close();
  }
}

async function main() {
  ensureInstalled();
  const server = await startCodeServer();
  const browser = await launchChromium();
  try {
    // --only light: one theme, for a quicker check.
    const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
    for (const theme of themes.filter(t => !only || t.file.includes(only))) await screenshot(browser, server, theme);
  } finally {
    await browser.close().catch(() => {});
    server.stop();
  }
}

main().catch(error => {
  console.error(`screenshots failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
