/**
 * The host's side of the simulation worker, with real worker threads: the real worker (compiled to out/), and a
 * scripted one that answers, hangs, spins or crashes on request, to prove the deadline, the restart, the queue's
 * order and that a document's text crosses to the worker once per version.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ClientOutcome, ClientRequest, SimulationClient, tookTooLong } from '../../../src/extension/visualizer/simulationClient';

const realWorker = path.resolve(__dirname, '..', '..', '..', 'src', 'extension', 'visualizer', 'simulationWorker.js');

/** Answers with whether the request carried the text; `spin` never answers after parsing, `crash` throws. */
const scriptedWorker = `
const { parentPort } = require('worker_threads');
parentPort.on('message', request => {
  const name = request.target.name;
  if (name === 'crash') throw new Error('boom');
  parentPort.postMessage({ id: request.id, kind: 'parsed' });
  if (name === 'spin') for (;;) {}
  const reason = request.document.text === undefined ? 'without text' : 'with text';
  parentPort.postMessage({ id: request.id, kind: 'done', outcome: { kind: 'unavailable', reason, target: request.target } });
});
`;

const seed = `import asyncio

async def limited_fetch(sem, x):
    async with sem:
        await asyncio.sleep(1)

async def main():
    semaphore = asyncio.Semaphore(2)
    tasks = [limited_fetch(semaphore, i) for i in range(5)]
    await asyncio.gather(*tasks)
`;

function request(name: string, text = seed, version = 1, key = 'file:///a.py'): ClientRequest {
  return { document: { key, version, grammar: 'python', text }, target: { name, line: 1 }, options: { itemCount: 10, defaultLatencyMs: 100 }, limits: {} };
}

const reasonOf = (outcome: ClientOutcome) => (outcome.kind === 'unavailable' ? outcome.reason : outcome.kind);

describe('simulation worker client', () => {
  let folder: string;
  let scripted: string;
  const clients: SimulationClient[] = [];
  const client = (script: string) => {
    const made = new SimulationClient(script);
    clients.push(made);
    return made;
  };

  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'async-patterns-worker-'));
    scripted = path.join(folder, 'worker.js');
    fs.writeFileSync(scripted, scriptedWorker);
  });
  afterEach(() => {
    for (const made of clients.splice(0)) made.dispose();
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('simulates in the worker and gets the timeline back', async () => {
    const outcome = await client(realWorker).simulate(request('main'), { slot: 'panel', deadlineMs: 5000 });
    assert.equal(outcome.kind, 'timeline');
    assert.deepEqual(outcome.kind === 'timeline' && [outcome.timeline.totalTime, outcome.timeline.peakConcurrency], [3, 2]);
    assert.deepEqual(outcome.kind === 'timeline' && outcome.target, { name: 'main', line: 7 });
  });

  it('gets a truncated timeline back for a loop that never ends, and the worker lives on', async () => {
    const simulations = client(realWorker);
    const endless = 'async def main():\n    while True:\n        pass\n';
    const outcome = await simulations.simulate(request('main', endless), { slot: 'panel', deadlineMs: 5000 });
    assert.ok(outcome.kind === 'timeline' && outcome.timeline.truncated);
    assert.equal(simulations.restarts, 0);
  });

  it('sends a document\'s text once per version', async () => {
    const simulations = client(scripted);
    const reasons = [];
    reasons.push(reasonOf(await simulations.simulate(request('a'), { slot: 'a', deadlineMs: 5000 })));
    reasons.push(reasonOf(await simulations.simulate(request('b'), { slot: 'b', deadlineMs: 5000 })));
    reasons.push(reasonOf(await simulations.simulate(request('a', `${seed}\n`, 2), { slot: 'a', deadlineMs: 5000 })));
    reasons.push(reasonOf(await simulations.simulate(request('a', seed, 1, 'file:///b.py'), { slot: 'a', deadlineMs: 5000 })));
    assert.deepEqual(reasons, ['with text', 'without text', 'with text', 'with text']);
  });

  it('ends a worker that does not answer by the deadline: the request took too long, the next gets a new worker', async () => {
    const simulations = client(scripted);
    const outcome = await simulations.simulate(request('spin'), { slot: 'panel', deadlineMs: 100 });
    assert.deepEqual(outcome, { kind: 'unavailable', reason: tookTooLong, target: { name: 'spin', line: 1 } });
    assert.equal(simulations.restarts, 1);
    // The new worker has no document yet: the text is sent again.
    assert.equal(reasonOf(await simulations.simulate(request('main'), { slot: 'panel', deadlineMs: 5000 })), 'with text');
    assert.equal(simulations.starts, 2);
  });

  it('reports a worker that crashes as a function that could not be simulated, and starts another', async () => {
    const simulations = client(scripted);
    assert.equal(reasonOf(await simulations.simulate(request('crash'), { slot: 'panel', deadlineMs: 5000 })), 'could not be simulated');
    assert.equal(reasonOf(await simulations.simulate(request('main'), { slot: 'panel', deadlineMs: 5000 })), 'with text');
    assert.equal(simulations.restarts, 1);
  });

  it('drops an older request of the same slot, queued or running, for the newest', async () => {
    const simulations = client(scripted);
    const outcomes = await Promise.all(['first', 'second', 'third'].map(name => simulations.simulate(request(name), { slot: 'panel', deadlineMs: 5000 })));
    assert.deepEqual(outcomes.map(reasonOf), ['superseded', 'superseded', 'without text']);
  });

  it('serves urgent requests (the panel) before the others (lenses), and skips cancelled ones', async () => {
    const simulations = client(scripted);
    const finished: string[] = [];
    const ask = (name: string, urgent: boolean, isCancelled?: () => boolean) =>
      simulations.simulate(request(name), { slot: name, deadlineMs: 5000, urgent, isCancelled }).then(outcome => finished.push(`${name}: ${reasonOf(outcome)}`));
    await Promise.all([ask('lens1', false), ask('lens2', false), ask('gone', false, () => true), ask('lens3', false), ask('panel', true)]);
    // A cancelled request is dropped when its turn comes, without reaching the worker.
    assert.deepEqual(finished, ['lens1: with text', 'panel: without text', 'lens2: without text', 'gone: superseded', 'lens3: without text']);
  });
});
