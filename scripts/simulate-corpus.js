#!/usr/bin/env node
// Simulates every async function of every source file of the downloaded real-world corpus (eval/realworld/,
// `npm run eval:realworld` downloads it) and counts what issue 13 says must not happen: a function whose straight
// path awaits something predicted as taking 0 s, and "deadlocked"; also errors (no timeline, or the simulator threw)
// and simulations cut short by their budget. Needs `npm run compile` (it loads out/).
//
//   node scripts/simulate-corpus.js [--budget 1000] [--package NAME]... [--details FILE]
//
// Prints the counts as JSON (and each package's running counts on stderr); --details FILE lists every function
// counted as 0 s, deadlocked, an error or truncated, with what the simulation said (written after each package).
//
// --budget: real milliseconds one simulation may take (the simulator's own budget, which ends it 'truncated');
// a file whose lowering and simulations together take longer than a minute plus the budget per function is
// abandoned (its worker is stopped) and counted as a file over budget. --details writes every bad verdict as JSON.
const fs = require('fs');
const path = require('path');
const { parseArgs } = require('util');
const { Worker, isMainThread, parentPort, workerData } = require('worker_threads');

const root = path.join(__dirname, '..');
const extensions = new Set(['.py', '.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.tsx', '.jsx']);
/** Bundles and generated files past this size are skipped: nobody opens the visualizer on them. */
const maxFileBytes = 1024 * 1024;
const fileTimeoutBaseMs = 60_000;

/** Files the CLI also walks: never node_modules, declaration files or caches. */
function* sourceFiles(dir) {
  const stack = [dir];
  while (stack.length) {
    const current = stack.pop();
    for (const entry of fs.readdirSync(current, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) {
        if (!['node_modules', '.git', '__pycache__'].includes(entry.name)) stack.push(full);
      } else if (entry.isFile() && extensions.has(path.extname(entry.name)) && !/\.d\.[cm]?ts$/.test(entry.name)) {
        yield full;
      }
    }
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      budget: { type: 'string', default: '1000' },
      package: { type: 'string', multiple: true },
      details: { type: 'string' },
    },
  });
  const budgetMs = Number(values.budget);
  if (!(budgetMs > 0)) throw new Error(`--budget takes milliseconds, not ${values.budget}`);
  if (!fs.existsSync(path.join(root, 'out', 'src', 'engine', 'concurrency', 'visualize.js'))) throw new Error('run npm run compile first');
  const { loadCorpus, isDownloaded } = require('./eval-realworld/corpus');
  const wanted = values.package;
  const entries = loadCorpus().filter(entry => isDownloaded(entry) && (!wanted || wanted.includes(entry.name)));
  if (entries.length === 0) throw new Error('no package of the corpus is downloaded (npm run eval:realworld downloads them)');

  const counts = { packages: entries.length, files: 0, skippedFiles: 0, filesOverBudget: 0, functions: 0, awaiting: 0, zeroSeconds: 0, deadlocked: 0, raised: 0, errors: 0, truncated: 0 };
  const truncatedBy = {};
  const bad = [];
  const pool = new FilePool(budgetMs);
  const started = Date.now();
  try {
    for (const entry of entries) {
      for (const file of sourceFiles(entry.dir)) {
        if (fs.statSync(file).size > maxFileBytes) { counts.skippedFiles++; continue; }
        counts.files++;
        const where = `${entry.name}/${path.relative(entry.dir, file)}`;
        const result = await pool.run(file);
        if (result.overBudget) {
          counts.filesOverBudget++;
          bad.push({ where, verdict: 'file over budget' });
          continue;
        }
        if (result.error) {
          counts.errors++;
          bad.push({ where, verdict: 'error', message: result.error });
          continue;
        }
        for (const fn of result.functions) {
          counts.functions++;
          if (fn.awaits) counts.awaiting++;
          const at = `${where}:${fn.line} ${fn.name}`;
          if (fn.error) { counts.errors++; bad.push({ where: at, verdict: 'error', message: fn.error }); continue; }
          if (fn.outcome === 'truncated') {
            counts.truncated++;
            truncatedBy[fn.budget] = (truncatedBy[fn.budget] ?? 0) + 1;
            bad.push({ where: at, verdict: `truncated (${fn.budget})`, note: fn.note });
            continue;
          }
          if (fn.outcome === 'raised') counts.raised++;
          if (fn.outcome === 'deadlocked') { counts.deadlocked++; bad.push({ where: at, verdict: 'deadlocked', note: fn.note }); }
          if (fn.awaits && fn.total === 0) { counts.zeroSeconds++; bad.push({ where: at, verdict: '0 s', outcome: fn.outcome, note: fn.note }); }
        }
      }
      process.stderr.write(`${entry.name}: ${JSON.stringify(counts)}\n`);
      // A long run that is stopped still leaves what it found.
      if (values.details) fs.writeFileSync(values.details, JSON.stringify(bad, null, 2) + '\n');
    }
  } finally {
    await pool.close();
  }
  console.log(JSON.stringify({ ...counts, truncatedBy, seconds: Math.round((Date.now() - started) / 1000) }, null, 2));
  if (values.details) fs.writeFileSync(values.details, JSON.stringify(bad, null, 2) + '\n');
}

/** One worker at a time runs files; a file that takes too long has its worker stopped and a new one started. */
class FilePool {
  constructor(budgetMs) {
    this.budgetMs = budgetMs;
    this.worker = undefined;
  }

  start() {
    this.worker = new Worker(__filename, { workerData: { budgetMs: this.budgetMs } });
    this.worker.unref();
  }

  run(file) {
    if (!this.worker) this.start();
    const worker = this.worker;
    return new Promise(resolve => {
      let timer;
      const done = result => {
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        resolve(result);
      };
      const onMessage = message => {
        if (message.file !== file) return;
        if (message.functionCount !== undefined) {
          // The file's functions are known: it may take the budget of each.
          clearTimeout(timer);
          timer = setTimeout(onTimeout, fileTimeoutBaseMs + message.functionCount * this.budgetMs * 2);
          return;
        }
        done(message);
      };
      const onError = error => {
        this.worker = undefined;
        done({ error: `worker failed: ${error.message}` });
      };
      const onTimeout = () => {
        this.worker = undefined;
        void worker.terminate();
        done({ overBudget: true });
      };
      timer = setTimeout(onTimeout, fileTimeoutBaseMs);
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.postMessage(file);
    });
  }

  async close() {
    if (this.worker) await this.worker.terminate();
  }
}

function serveFiles() {
  const out = path.join(root, 'out', 'src', 'engine');
  const { asyncFunctionsIn } = require(path.join(out, 'asyncFunctions'));
  const { buildModel, visualize } = require(path.join(out, 'concurrency', 'visualize'));
  const { LocalFunctions, straightPathAwaits } = require(path.join(out, 'concurrency', 'straightPath'));
  const { GrammarLoader, packageWasmLocator } = require(path.join(out, 'grammarLoader'));
  const { familyOf, grammarForFileName } = require(path.join(out, 'languages'));
  const grammars = new GrammarLoader(packageWasmLocator());
  const budgetMs = workerData.budgetMs;

  parentPort.on('message', async file => {
    try {
      const grammar = grammarForFileName(file);
      const text = fs.readFileSync(file, 'utf8');
      const tree = (await grammars.parserFor(grammar)).parse(text);
      try {
        const input = { tree, text, family: familyOf(grammar) };
        const infos = asyncFunctionsIn(input);
        parentPort.postMessage({ file, functionCount: infos.length });
        if (infos.length === 0) { parentPort.postMessage({ file, functions: [] }); return; }
        const model = buildModel(input);
        const local = new LocalFunctions(model);
        const functions = infos.map(info => verdictOf(input, model, local, info));
        parentPort.postMessage({ file, functions });
      } finally {
        tree.delete();
      }
    } catch (error) {
      parentPort.postMessage({ file, error: error instanceof Error ? error.message.split('\n')[0] : String(error) });
    }
  });

  function verdictOf(input, model, local, info) {
    const fn = model.functions.find(f => f.startIndex === info.startIndex);
    const verdict = { name: fn ? fn.qualifiedName : info.name, line: info.line, awaits: fn ? straightPathAwaits(fn.body, { functions: local, caller: fn }) : false };
    try {
      const result = visualize(input, { offset: info.startIndex }, { maxMilliseconds: budgetMs });
      if (result.kind === 'error') return { ...verdict, error: result.message };
      const timeline = result.timeline;
      const said = [...timeline.notes, ...timeline.assumptions].map(a => `${a.line}: ${a.message}`);
      return { ...verdict, total: timeline.totalTime, outcome: timeline.outcome, budget: timeline.budgetExhausted, note: said.slice(0, 4).join(' | ') };
    } catch (error) {
      return { ...verdict, error: `threw: ${error instanceof Error ? error.stack.split('\n').slice(0, 3).join(' ') : String(error)}` };
    }
  }
}

if (isMainThread) {
  main().catch(error => {
    console.error(`simulate-corpus: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
} else {
  serveFiles();
}
