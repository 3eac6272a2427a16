import * as assert from 'assert/strict';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { asyncFunctionAt, asyncFunctionsIn, VisualizeInput } from '../../../src/engine/concurrency/visualize';
import { findTarget, functionAt, simulateTarget } from '../../../src/extension/visualizer/simulation';

const grammars = new GrammarLoader(packageWasmLocator());
const options = { itemCount: 10, defaultLatencyMs: 100 };

async function python(text: string): Promise<VisualizeInput> {
  const tree = (await grammars.parserFor('python')).parse(text)!;
  return { tree, text, family: 'python' };
}

const seed = `import asyncio

async def limited_fetch(sem, x):
    async with sem:
        await asyncio.sleep(1)

async def main():
    semaphore = asyncio.Semaphore(2)
    tasks = [limited_fetch(semaphore, i) for i in range(5)]
    await asyncio.gather(*tasks)
`;

describe('visualizer simulation in the editor', () => {
  it('follows a function by name to the one nearest where it was', async () => {
    const input = await python(`class A:\n    async def run(self):\n        pass\n\nclass B:\n    async def run(self):\n        pass\n`);
    const functions = asyncFunctionsIn(input);
    assert.equal(findTarget(functions, { name: 'run', line: 7 })?.line, 6);
    assert.equal(findTarget(functions, { name: 'run', line: 1 })?.line, 2);
    assert.equal(findTarget(functions, { name: 'walk', line: 2 }), undefined);
  });

  it('simulates the method of the class the lens or panel is on, where another class has one of the same name', async () => {
    const input = await python('import asyncio\n\nclass Fast:\n    async def arun(self):\n        await asyncio.sleep(0.2)\n\nclass Slow:\n    async def arun(self):\n        await asyncio.sleep(0.2)\n        await asyncio.sleep(0.5)\n');
    const totals = [4, 8].map(line => {
      const outcome = simulateTarget(input, { name: 'arun', line }, options);
      return outcome.kind === 'timeline' ? [outcome.target.line, outcome.timeline.totalTime] : outcome.reason;
    });
    assert.deepEqual(totals, [[4, 0.2], [8, 0.7]]);
  });

  it('finds the function at an offset as the engine does, nested ones included, from one walk of the tree', async () => {
    const input = await python(`async def outer():\n    async def inner():\n        await x()\n    await inner()\n\ndef plain():\n    pass\n`);
    const functions = asyncFunctionsIn(input);
    for (let offset = 0; offset <= input.text.length; offset++) {
      assert.equal(functionAt(functions, offset)?.name, asyncFunctionAt(input, offset)?.name, `at ${offset}`);
    }
    assert.equal(functionAt(functions, input.text.indexOf('await x()'))?.name, 'inner');
    assert.equal(functionAt(functions, input.text.indexOf('pass')), undefined);
  });

  it('simulates the function with the options of the panel', async () => {
    const outcome = simulateTarget(await python(seed), { name: 'main', line: 7 }, options);
    assert.equal(outcome.kind, 'timeline');
    assert.deepEqual(outcome.target, { name: 'main', line: 7 });
    assert.deepEqual(outcome.kind === 'timeline' && [outcome.timeline.function, outcome.timeline.totalTime, outcome.timeline.peakConcurrency], ['main', 3, 2]);
    const overridden = simulateTarget(await python(seed), { name: 'main', line: 7 }, { ...options, limitOverride: 5 });
    assert.deepEqual(overridden.kind === 'timeline' && [overridden.timeline.totalTime, overridden.timeline.peakConcurrency], [1, 5]);
  });

  it('stops at a task limit when asked (the CodeLens does, to stay cheap)', async () => {
    const outcome = simulateTarget(await python(seed.replace('range(5)', 'range(50)')), { name: 'main', line: 7 }, options, { maxTasks: 10 });
    assert.ok(outcome.kind === 'timeline' && outcome.timeline.truncated);
  });

  it('updates the line as the function moves', async () => {
    const outcome = simulateTarget(await python(`\n\n${seed}`), { name: 'main', line: 7 }, options);
    assert.deepEqual(outcome.target, { name: 'main', line: 9 });
  });

  it('says a renamed or deleted function no longer exists', async () => {
    const outcome = simulateTarget(await python(seed.replace('async def main', 'async def main2')), { name: 'main', line: 7 }, options);
    assert.deepEqual(outcome, { kind: 'unavailable', reason: 'no longer exists', target: { name: 'main', line: 7 } });
  });

  it('says a function with a syntax error in it has syntax errors', async () => {
    const broken = seed.replace('asyncio.gather(*tasks)', 'asyncio.gather(*tasks');
    const outcome = simulateTarget(await python(broken), { name: 'main', line: 7 }, options);
    assert.equal(outcome.kind, 'unavailable');
    assert.equal(outcome.kind === 'unavailable' && outcome.reason, 'has syntax errors');
  });

  it('still simulates a function when the syntax error is elsewhere in the file', async () => {
    const broken = `${seed}\ndef other(:\n    pass\n`;
    const outcome = simulateTarget(await python(broken), { name: 'limited_fetch', line: 3 }, options);
    assert.equal(outcome.kind, 'timeline', JSON.stringify(outcome));
  });
});
