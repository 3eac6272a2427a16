#!/usr/bin/env node
// The visualizer's page outside VS Code, for developing it and checking it at scale: loads the real page
// (the host's HTML, dist/webview.js, media/timeline.css) in headless Chromium with a stand-in for
// acquireVsCodeApi, sends it a hand-made timeline and reports how long it took to draw, then screenshots it.
// Never a substitute for the real host (scripts/screenshots.js): the colours here are a rough dark theme.
//   npm run compile && node esbuild.js && node scripts/webview-dev.js [--tasks N] [--limit N] [--engine] [--out file.png] [--check]
// --engine draws the real engine's prediction for `asyncio.gather` over N sleeps instead of a hand-made timeline.
// --check exits non-zero on a page error, a first draw over 2 s (a loaded machine varies a lot; alone it is ~0.2 s for 10,000 tasks) or scrolling slower than 30 frames a second.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { launchChromium, repoRoot } = require('./vscode-host/codeServer');

const argument = (name, fallback) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : fallback;
};

/** The engine's own timeline of a gather over `tasks` sleeps. */
async function engineTimeline(tasks) {
  const engine = path.join(repoRoot, 'out', 'src', 'engine');
  const { GrammarLoader, packageWasmLocator } = require(path.join(engine, 'grammarLoader'));
  const { visualize } = require(path.join(engine, 'concurrency', 'visualize'));
  const text = `import asyncio\n\n\nasync def main():\n    await asyncio.gather(*[asyncio.sleep(1) for _ in range(${tasks})])\n`;
  const tree = (await new GrammarLoader(packageWasmLocator()).parserFor('python')).parse(text);
  const result = visualize({ tree, text, family: 'python' }, { name: 'main' }, { maxMilliseconds: Infinity });
  tree.delete();
  return result.timeline;
}

async function main() {
  const { visualizerHtml } = require(path.join(repoRoot, 'out', 'src', 'extension', 'visualizer', 'html.js'));
  const { fanoutTimeline, semaphoreTimeline } = require(path.join(repoRoot, 'out', 'test', 'unit', 'webview', 'fakeTimelines.js'));
  const tasks = Number(argument('tasks', '0'));
  const timeline = process.argv.includes('--engine') ? await engineTimeline(tasks || 10000)
    : tasks > 0 ? fanoutTimeline(tasks, Number(argument('limit', '16'))) : semaphoreTimeline();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'webview-dev-'));
  fs.copyFileSync(path.join(repoRoot, 'dist', 'webview.js'), path.join(folder, 'webview.js'));
  fs.copyFileSync(path.join(repoRoot, 'media', 'timeline.css'), path.join(folder, 'timeline.css'));
  const nonce = 'devnonce';
  // VS Code defines these on the page; a rough dark theme so the page is readable here.
  const theme = `body{--vscode-foreground:#ccc;--vscode-editor-background:#1f1f1f;--vscode-font-family:sans-serif;--vscode-font-size:13px;--vscode-descriptionForeground:#9d9d9d;--vscode-charts-blue:#3794ff;--vscode-charts-yellow:#cca700;--vscode-charts-orange:#d18616;--vscode-charts-red:#f14c4c;--vscode-charts-purple:#b180d7;--vscode-disabledForeground:#8b8b8b;--vscode-focusBorder:#0078d4;--vscode-input-background:#313131;--vscode-input-foreground:#ccc}`;
  fs.writeFileSync(path.join(folder, 'theme.css'), theme);
  const stub = `window.posted=[];window.acquireVsCodeApi=()=>({postMessage:m=>window.posted.push(m),getState:()=>window.savedState,setState:s=>{window.savedState=s}});`;
  fs.writeFileSync(path.join(folder, 'stub.js'), stub);
  let html = visualizerHtml({ cspSource: 'file:', nonce, scriptUri: 'webview.js', styleUri: 'timeline.css' });
  html = html.replace('<link ', '<link href="theme.css" rel="stylesheet"><link ').replace(`<script nonce`, `<script nonce="${nonce}" src="stub.js"></script><script nonce`);
  fs.writeFileSync(path.join(folder, 'index.html'), html);

  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
    const errors = [];
    page.on('pageerror', error => errors.push(error.message));
    page.on('console', message => message.type() === 'error' && errors.push(message.text()));
    await page.goto(`file://${path.join(folder, 'index.html')}`);
    await page.waitForFunction(() => window.posted.some(m => m.type === 'ready'));
    // What the host posts: the timeline as columns (src/webview/wireTimeline.ts).
    const { timelineToWire } = require(path.join(repoRoot, 'out', 'src', 'webview', 'wireTimeline.js'));
    const message = { type: 'timeline', timeline: timelineToWire(timeline), options: { itemCount: 10, defaultLatencyMs: 100 }, functionName: timeline.function };
    const drawMs = await page.evaluate(m => {
      const started = performance.now();
      window.postMessage(m, '*');
      return new Promise(resolve => {
        const check = () => (window.posted.some(p => p.type === 'rendered') ? resolve(performance.now() - started) : setTimeout(check, 1));
        check();
      });
    }, message);
    // Scrolling through 10,000 rows: each frame must stay cheap.
    const scrollMs = await page.evaluate(async () => {
      const scroller = document.getElementById('gantt-scroll');
      const started = performance.now();
      for (let i = 0; i < 20; i++) {
        scroller.scrollTop += scroller.clientHeight;
        await new Promise(resolve => requestAnimationFrame(() => resolve()));
      }
      return (performance.now() - started) / 20;
    });
    await page.evaluate(() => { document.getElementById('gantt-scroll').scrollTop = 0; });
    await page.mouse.move(500, 10); // no hover
    const rendered = await page.evaluate(() => window.posted.find(m => m.type === 'rendered'));
    const out = argument('out', path.join(folder, 'page.png'));
    await page.waitForTimeout(100);
    await page.screenshot({ path: out, fullPage: true });
    console.log(JSON.stringify({ tasks: timeline.tasks.length, spans: timeline.spans.length, drawMs: Math.round(drawMs), msPerScrollFrame: Math.round(scrollMs * 10) / 10, rendered, errors, screenshot: out }, null, 2));
    if (process.argv.includes('--check')) {
      const problems = [];
      if (errors.length) problems.push(`page errors: ${errors.join('; ')}`);
      if (drawMs > 2000) problems.push(`first draw took ${Math.round(drawMs)} ms`);
      if (scrollMs > 33) problems.push(`scrolling took ${Math.round(scrollMs)} ms a frame`);
      if (rendered?.total !== require(path.join(repoRoot, 'out', 'src', 'webview', 'format.js')).formatSeconds(timeline.totalTime)) problems.push(`the page shows ${rendered?.total}`);
      if (problems.length) {
        console.error(problems.join('\n'));
        process.exitCode = 1;
      }
    }
  } finally {
    await browser.close();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
