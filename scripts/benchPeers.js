// The parts of `npm run bench` that run whole processes or need the bundles (see scripts/bench.js):
// our `check` against ESLint + eslint-plugin-llm-core on the same files, activation and first-analysis time,
// bundle and .vsix sizes, and the visualizer's simulation of 10,000 tasks.
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { simulate10k } = require('./benchSimulation');

const root = path.join(__dirname, '..');
const processRuns = Number(process.env.BENCH_PROCESS_RUNS || 5);

function timeProcess(command, args, options = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...options });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error) throw result.error;
  return { elapsed, stdout: result.stdout, stderr: result.stderr, status: result.status };
}

/** The JS/TS corpus: generated TypeScript files and our hand-written examples and fixtures. */
function writeCorpus(folder, { typescriptUnits, generate }) {
  const generated = [1000, 10000, 50000].map(lines => {
    const file = path.join(folder, `generated-${lines}.ts`);
    fs.writeFileSync(file, generate(typescriptUnits, "import pLimit from 'p-limit';\n", lines));
    return file;
  });
  const handWritten = [];
  for (const source of [path.join(root, 'examples'), path.join(root, 'test', 'fixtures', 'rules', 'unbounded-fanout')]) {
    for (const name of fs.readdirSync(source)) {
      if (!/\.(ts|tsx|js|mjs|cjs|jsx)$/.test(name)) continue;
      const target = path.join(folder, `${path.basename(source)}-${name}`);
      fs.copyFileSync(path.join(source, name), target);
      handWritten.push(target);
    }
  }
  const lines = [...generated, ...handWritten].reduce((sum, file) => sum + fs.readFileSync(file, 'utf8').split('\n').length, 0);
  return { generated, handWritten, files: generated.length + handWritten.length, lines };
}

function ourFindings(stdout) {
  return JSON.parse(stdout).map(finding => `${path.basename(finding.file)}:${finding.line}`);
}

function eslintFindings(stdout) {
  return JSON.parse(stdout).flatMap(file => file.messages.filter(m => m.ruleId).map(m => `${path.basename(file.filePath)}:${m.line}`));
}

function compareWithEslint(helpers, median) {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'async-patterns-bench-'));
  try {
    const corpus = writeCorpus(folder, helpers);
    // Both run in the corpus folder on '.': ESLint only lints files under its working directory.
    const ours = [process.execPath, [path.join(root, 'dist', 'cli.js'), 'check', '--format', 'json', '.']];
    const eslint = [process.execPath, [path.join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--no-config-lookup', '-c', path.join(root, 'bench', 'eslint.config.mjs'), '-f', 'json', '.']];
    const oursTimes = [], eslintTimes = [];
    let oursOut, eslintOut;
    // Interleaved, so a busy moment on the machine hits both tools alike.
    for (let i = 0; i < processRuns; i++) {
      const a = timeProcess(...ours, { cwd: folder });
      const b = timeProcess(...eslint, { cwd: folder });
      oursTimes.push(a.elapsed);
      eslintTimes.push(b.elapsed);
      oursOut = a.stdout;
      eslintOut = b.stdout;
    }
    const oursSet = new Set(ourFindings(oursOut));
    const eslintSet = new Set(eslintFindings(eslintOut));
    const handNames = new Set(corpus.handWritten.map(f => path.basename(f)));
    const disagreements = [];
    for (const key of [...new Set([...oursSet, ...eslintSet])].sort()) {
      if (!handNames.has(key.split(':')[0]) || (oursSet.has(key) && eslintSet.has(key))) continue;
      const [name, line] = key.split(':');
      const text = fs.readFileSync(path.join(folder, name), 'utf8').split('\n')[Number(line) - 1].trim();
      disagreements.push(`${name.replace(/^unbounded-fanout-/, 'fixtures/')}:${line}, only ${oursSet.has(key) ? 'Async Patterns' : 'ESLint'}: \`${text.length > 90 ? `${text.slice(0, 89)}…` : text}\``);
    }
    return {
      corpus: { files: corpus.files, lines: corpus.lines },
      ours: median(oursTimes), eslint: median(eslintTimes),
      oursFindings: oursSet.size, eslintFindings: eslintSet.size, disagreements,
    };
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * Loads dist/extension.js in a fresh process against a stand-in `vscode` module whose every member is a no-op
 * (a recursive Proxy), and times require + activate. The stand-in only serves this measurement.
 */
const activationScript = `
const Module = require('module');
const noop = new Proxy(function () {}, {
  get: (target, key) => key === Symbol.toPrimitive ? () => '' : key === 'then' ? undefined : noop,
  apply: () => noop,
  construct: () => noop,
  // esbuild's ESM interop builds the module object on this prototype: every member resolves through it.
  getPrototypeOf: () => noop,
});
const load = Module._load;
Module._load = function (request, ...rest) { return request === 'vscode' ? noop : load.call(this, request, request === 'vscode' ? [] : rest[0], rest[1]); };
const start = process.hrtime.bigint();
const extension = require(process.argv[1]);
extension.activate({ subscriptions: [], asAbsolutePath: p => require('path').join(process.argv[2], p), extensionPath: process.argv[2], extensionUri: noop, globalState: noop, workspaceState: noop });
process.stdout.write(String(Number(process.hrtime.bigint() - start) / 1e6));
`;

const firstAnalysisScript = `
const path = require('path');
const out = path.join(process.argv[1], 'out', 'src', 'engine');
const start = process.hrtime.bigint();
const { GrammarLoader, packageWasmLocator } = require(path.join(out, 'grammarLoader'));
const { analyze } = require(path.join(out, 'analyze'));
new GrammarLoader(packageWasmLocator()).parserFor('typescript').then(parser => {
  const text = require('fs').readFileSync(process.argv[2], 'utf8');
  const tree = parser.parse(text);
  analyze({ tree, text, family: 'javascript' });
  process.stdout.write(String(Number(process.hrtime.bigint() - start) / 1e6));
});
`;

function activation(median) {
  const times = [];
  for (let i = 0; i < processRuns; i++) {
    const result = timeProcess(process.execPath, ['-e', activationScript, path.join(root, 'dist', 'extension.js'), root]);
    if (result.status !== 0) throw new Error(`activation run failed: ${result.stderr}`);
    times.push(Number(result.stdout));
  }
  return median(times);
}

function firstAnalysis(helpers, median) {
  const file = path.join(os.tmpdir(), `async-patterns-first-${process.pid}.ts`);
  fs.writeFileSync(file, helpers.generate(helpers.typescriptUnits, "import pLimit from 'p-limit';\n", 1000));
  try {
    const times = [];
    for (let i = 0; i < processRuns; i++) {
      const result = timeProcess(process.execPath, ['-e', firstAnalysisScript, root, file]);
      if (result.status !== 0) throw new Error(`first-analysis run failed: ${result.stderr}`);
      times.push(Number(result.stdout));
    }
    return median(times);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

function vsixBytes() {
  const vsix = path.join(os.tmpdir(), `async-patterns-bench-${process.pid}.vsix`);
  execFileSync(process.execPath, [path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', vsix], { cwd: root, stdio: 'ignore' });
  const size = fs.statSync(vsix).size;
  fs.rmSync(vsix, { force: true });
  return size;
}

/** The same fan-out of 10,000 timers in each language, as the visualizer simulates it (model built once per tree). */
/** The visualizer's page in headless Chromium drawing the engine's 10,000-task timeline (scripts/webview-dev.js). */
function render10k(median) {
  const times = [];
  for (let i = 0; i < processRuns; i++) {
    const result = timeProcess(process.execPath, [path.join(root, 'scripts', 'webview-dev.js'), '--engine', '--tasks', '10000', '--out', path.join(os.tmpdir(), `async-patterns-render-${process.pid}.png`)]);
    if (result.status !== 0) throw new Error(`render run failed: ${result.stderr}`);
    const report = JSON.parse(result.stdout);
    if (report.errors.length > 0 || report.tasks !== 10001) throw new Error(`render run went wrong: ${result.stdout}`);
    times.push(report.drawMs);
  }
  fs.rmSync(path.join(os.tmpdir(), `async-patterns-render-${process.pid}.png`), { force: true });
  return median(times);
}

async function measurePeers(helpers) {
  const { median } = helpers;
  const comparison = compareWithEslint(helpers, median);
  return {
    ...comparison,
    processRuns,
    activation: activation(median),
    firstAnalysis: firstAnalysis(helpers, median),
    bundleBytes: fs.statSync(path.join(root, 'dist', 'extension.js')).size,
    vsixBytes: vsixBytes(),
    simulate10k: await simulate10k(median, 'python'),
    simulate10kJs: await simulate10k(median, 'javascript'),
    render10k: render10k(median),
  };
}

module.exports = { measurePeers };
