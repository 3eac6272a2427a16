/** The simulation worker's own work, without the thread: parse once per version, keep a few documents, simulate. */
import * as assert from 'assert/strict';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { SimulationRequest } from '../../../src/extension/visualizer/workerProtocol';
import { WorkerSession } from '../../../src/extension/visualizer/workerSession';

const text = 'import asyncio\n\nasync def main():\n    await asyncio.sleep(2)\n';

function request(key: string, version: number, withText: boolean): SimulationRequest {
  return {
    id: 1, target: { name: 'main', line: 3 }, options: { itemCount: 10, defaultLatencyMs: 100 }, limits: {},
    document: { key, version, grammar: 'python', ...(withText ? { text } : {}) },
  };
}

describe('simulation worker session', () => {
  const session = new WorkerSession(new GrammarLoader(packageWasmLocator()));
  let parsedCalls = 0;
  const onParsed = () => parsedCalls++;

  it('asks for the text of a version it has not seen', async () => {
    assert.deepEqual(await session.handle(request('file:///a.py', 1, false), onParsed), { id: 1, kind: 'needsText' });
    assert.equal(parsedCalls, 0, 'no simulation started');
  });

  it('simulates a version sent with its text, and again without it', async () => {
    for (const withText of [true, false]) {
      const reply = await session.handle(request('file:///a.py', 1, withText), onParsed);
      assert.ok(reply.kind === 'done' && reply.outcome.kind === 'timeline' && reply.outcome.timeline.totalTime === 2, JSON.stringify(reply));
    }
    assert.equal(parsedCalls, 2);
    assert.equal((await session.handle(request('file:///a.py', 2, false), onParsed)).kind, 'needsText', 'another version');
  });

  it('keeps the last version of four documents, the least recently used going first', async () => {
    for (const name of ['b', 'c', 'd', 'e']) await session.handle(request(`file:///${name}.py`, 1, true), onParsed);
    assert.equal(session.size, 4);
    assert.equal((await session.handle(request('file:///a.py', 1, false), onParsed)).kind, 'needsText');
    assert.equal((await session.handle(request('file:///e.py', 1, false), onParsed)).kind, 'done');
  });
});
