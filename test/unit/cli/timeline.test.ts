/** `async-patterns timeline`: the visualizer's prediction from the built CLI, in JSON, SVG and HTML. */
import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const examples = path.join(repoRoot, 'examples');
const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), ...args], { encoding: 'utf8' });

describe('cli timeline', () => {
  it('prints the seed semaphore example as JSON, times in seconds', () => {
    const result = cli('timeline', path.join(examples, 'seed_2_semaphore.py'), '--function', 'main');
    assert.equal(result.status, 0, result.stderr);
    const timeline = JSON.parse(result.stdout);
    assert.equal(timeline.function, 'main');
    assert.equal(timeline.language, 'python');
    assert.equal(timeline.totalTime, 3);
    assert.equal(timeline.peakConcurrency, 2);
    assert.equal(timeline.sequentialTime, 5);
    assert.deepEqual(Object.keys(timeline.spans[0]).sort(), ['end', 'label', 'line', 'start', 'state', 'task']);
    assert.ok(timeline.spans.some((s: { state: string; line: number }) => s.state === 'waiting' && s.line === 4));
    assert.ok(Array.isArray(timeline.assumptions));
  });

  it('gives JavaScript times in seconds too', () => {
    const result = cli('timeline', path.join(examples, 'seed_1_gather.ts'), '--function', 'main');
    assert.equal(result.status, 0, result.stderr);
    const timeline = JSON.parse(result.stdout);
    assert.equal(timeline.language, 'javascript');
    assert.equal(timeline.totalTime, 1);
    assert.equal(timeline.peakConcurrency, 3);
  });

  it('applies --items, --latency and --limit', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'async-patterns-timeline-'));
    const file = path.join(folder, 'load.py');
    fs.writeFileSync(file, 'import asyncio\n\n\nasync def load(urls, session):\n    sem = asyncio.Semaphore(2)\n\n    async def one(u):\n        async with sem:\n            return await session.get(u)\n\n    return await asyncio.gather(*[one(u) for u in urls])\n');
    try {
      const defaults = JSON.parse(cli('timeline', file, '--function', 'load').stdout);
      assert.equal(defaults.totalTime, 0.5, '10 items, 2 at a time, 0.1 s each');
      const tuned = JSON.parse(cli('timeline', file, '--function', 'load', '--items', '4', '--latency', '0.5', '--limit', '4').stdout);
      assert.equal(tuned.totalTime, 0.5, '4 items, all at once, 0.5 s each');
      assert.equal(tuned.peakConcurrency, 4);
      assert.ok(tuned.assumptions.some((a: { message: string }) => a.message.includes('4 items assumed')));
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('writes an SVG and an HTML page with the summary', () => {
    const svg = cli('timeline', path.join(examples, 'seed_2_semaphore.py'), '--function', 'main', '--format', 'svg');
    assert.equal(svg.status, 0);
    assert.match(svg.stdout, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg.stdout, /main: 3\.0 s · 2 at once · 5\.0 s one after another \(1\.7× faster\)/);
    assert.equal((svg.stdout.match(/<rect [^>]*fill="#e3a21a"/g) ?? []).length, 3 + 1, 'three waiting spans and the legend');
    const html = cli('timeline', path.join(examples, 'seed_2_semaphore.py'), '--function', 'main', '--format', 'html');
    assert.match(html.stdout, /<dd id="total">3\.0 s<\/dd>/);
    assert.match(html.stdout, /<dd id="peak">2 at once<\/dd>/);
  });

  it('lists the async functions when the name is unknown, and exits 2', () => {
    const result = cli('timeline', path.join(examples, 'seed_2_semaphore.py'), '--function', 'nope');
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /No async function named nope; async functions here: limited_fetch, main\./);
  });

  it('needs --function when the file has several async functions, not when it has one', () => {
    const several = cli('timeline', path.join(examples, 'seed_2_semaphore.py'));
    assert.equal(several.status, 2);
    assert.match(several.stderr, /--function is needed: .* has limited_fetch, main/);
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'async-patterns-timeline-'));
    try {
      fs.writeFileSync(path.join(folder, 'one.mjs'), 'export async function only() {\n  await new Promise(r => setTimeout(r, 250));\n}\n');
      const one = cli('timeline', path.join(folder, 'one.mjs'));
      assert.equal(one.status, 0, one.stderr);
      assert.equal(JSON.parse(one.stdout).function, 'only');
      assert.equal(JSON.parse(one.stdout).totalTime, 0.25);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('picks a method by Class.method where two classes have one of that name, and lists them so', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'async-patterns-timeline-'));
    const file = path.join(folder, 'runners.py');
    fs.writeFileSync(file, [
      'import asyncio', '', '',
      'class Fast:', '    async def arun(self):', '        await asyncio.sleep(0.2)', '', '',
      'class Slow:', '    async def arun(self):', '        await asyncio.sleep(0.2)', '        await asyncio.sleep(0.5)', '',
    ].join('\n'));
    try {
      const slow = cli('timeline', file, '--function', 'Slow.arun');
      assert.equal(slow.status, 0, slow.stderr);
      assert.equal(JSON.parse(slow.stdout).totalTime, 0.7);
      assert.equal(JSON.parse(slow.stdout).line, 10);
      assert.equal(JSON.parse(cli('timeline', file, '--function', 'Fast.arun').stdout).totalTime, 0.2);
      const bare = cli('timeline', file, '--function', 'arun');
      assert.equal(bare.status, 2);
      assert.match(bare.stderr, /Several async functions are named arun; name one of them: Fast\.arun, Slow\.arun\./);
      const none = cli('timeline', file);
      assert.equal(none.status, 2);
      assert.match(none.stderr, /--function is needed: .* has Fast\.arun, Slow\.arun/);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('rejects bad options with exit 2', () => {
    for (const args of [['--format', 'png'], ['--items', '0'], ['--latency', 'soon'], ['--limit', '1.5']]) {
      const result = cli('timeline', path.join(examples, 'seed_1_gather.py'), ...args);
      assert.equal(result.status, 2, args.join(' '));
      assert.match(result.stderr, /^async-patterns: /);
    }
    assert.equal(cli('timeline', path.join(examples, 'missing.py')).status, 2);
  });
});
