// The visualizer's simulation of 10,000 tasks for `npm run bench`, measured where the extension runs it: in a
// worker thread made with the simulation worker's own resource limits (src/extension/visualizer/simulationClient.ts),
// so the bench times the heap users get, not the bench process's. Needs `npm run compile` (it loads out/).
const path = require('path');
const { Worker, isMainThread, parentPort, workerData } = require('worker_threads');

const root = path.join(__dirname, '..');
const engine = path.join(root, 'out', 'src', 'engine');

const fanOuts10k = {
  python: { grammar: 'python', text: 'import asyncio\n\n\nasync def main():\n    await asyncio.gather(*[asyncio.sleep(1) for _ in range(10000)])\n' },
  javascript: { grammar: 'tsx', text: 'async function main() {\n  await Promise.all(Array.from({ length: 10000 }, () => new Promise(resolve => setTimeout(resolve, 1000))));\n}\n' },
};

/** In the worker: 25 simulations (5 to warm up, then 20 timed) of the fan-out in `family`, each checked. */
async function timeSimulations(family) {
  const { GrammarLoader, packageWasmLocator } = require(path.join(engine, 'grammarLoader'));
  const { visualize } = require(path.join(engine, 'concurrency', 'visualize'));
  const { grammar, text } = fanOuts10k[family];
  const parser = await new GrammarLoader(packageWasmLocator()).parserFor(grammar);
  const tree = parser.parse(text);
  const times = [];
  for (let i = 0; i < 25; i++) {
    const start = process.hrtime.bigint();
    const result = visualize({ tree, text, family }, { name: 'main' }, { maxMilliseconds: Infinity });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (result.kind !== 'timeline' || result.timeline.peakConcurrency !== 10000) throw new Error(`the 10,000-task simulation (${family}) went wrong`);
  }
  tree.delete();
  return times.slice(5);
}

/** The median of 20 simulations of the 10,000-task fan-out in `family`, in a worker like the extension's. */
function simulate10k(median, family = 'python') {
  const { simulationWorkerLimits } = require(path.join(root, 'out', 'src', 'extension', 'visualizer', 'simulationClient'));
  return new Promise((resolve, reject) => {
    const worker = new Worker(__filename, { workerData: { family }, resourceLimits: simulationWorkerLimits });
    worker.once('message', times => resolve(median(times)));
    worker.once('error', reject);
    worker.once('exit', code => reject(new Error(`the simulation bench's worker stopped (exit code ${code})`)));
  });
}

if (!isMainThread) {
  timeSimulations(workerData.family).then(times => parentPort.postMessage(times), error => { throw error; });
}

module.exports = { simulate10k };
