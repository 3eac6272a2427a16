import * as assert from 'assert/strict';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { asyncFunctionAt, asyncFunctionsIn, VisualizeInput } from '../../../src/engine/concurrency/visualize';
import { AsyncFunctionLists, findTarget, functionAt, simulateTarget } from '../../../src/extension/visualizer/simulation';
import { statementsPerStep } from '../../../src/engine/asyncFunctions';
import { Slicing } from '../../../src/engine/cooperative';
import { ParsedDocument } from '../../../src/engine/parseCache';

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

/**
 * The list of async functions the CodeLens, the panel and the context key share: found in slices on the editor's
 * thread (a fake clock here: one search step per slice), complete when it finishes, and never handed out for a parse
 * a newer one replaced while it was searched.
 */
describe('async functions of a parse, in slices', () => {
  /** One step of the search per slice, and a hook run at each pause (where the editor would type). */
  function stepPerSlice(atPause: (pause: number) => void = () => {}): { slicing: Slicing; pauses: () => number } {
    let clock = 0;
    let pauses = 0;
    return {
      slicing: { sliceMs: 1, now: () => clock++, yieldToEventLoop: async () => atPause(++pauses) },
      pauses: () => pauses,
    };
  }

  async function parsedTypeScript(text: string, version = 1): Promise<ParsedDocument> {
    const tree = (await grammars.parserFor('typescript')).parse(text)!;
    return { key: 'file:///big.ts', grammar: 'typescript', version, text, tree, parsedBy: 'full' };
  }

  const manyFunctions = (count: number, name = 'f') => Array.from({ length: count }, (_, i) => `async function ${name}${i}() { return ${i}; }\n`).join('');
  const reports: string[] = [];
  const report = (message: string) => void reports.push(message);

  it('gives the complete list, the same as one search, after several slices', async () => {
    const parsed = await parsedTypeScript(manyFunctions(statementsPerStep * 3 + 7));
    const { slicing, pauses } = stepPerSlice();
    const lists = new AsyncFunctionLists(() => true, report, slicing);
    const list = await lists.of(parsed);
    assert.equal(pauses(), 3);
    assert.equal(list?.length, statementsPerStep * 3 + 7);
    assert.deepEqual(list, asyncFunctionsIn({ tree: parsed.tree, text: parsed.text, family: 'javascript' }));
    // Asked again (the cursor, the lens, the panel): the same list, not a second search.
    assert.equal(await lists.of(parsed), list);
    assert.equal(pauses(), 3);
    parsed.tree.delete();
  });

  it('drops a search whose parse a newer one replaced between slices, and gives the newer parse its own list', async () => {
    const older = await parsedTypeScript(manyFunctions(statementsPerStep * 3, 'old'), 1);
    const newer = await parsedTypeScript(manyFunctions(statementsPerStep * 2, 'new'), 2);
    let current = older;
    // The user types while the older version is searched: the newer parse replaces it at the first pause.
    const { slicing } = stepPerSlice(pause => {
      if (pause === 1) current = newer;
    });
    const lists = new AsyncFunctionLists(parsed => parsed === current, report, slicing);
    const latest = [older, newer];
    const found = await lists.ofLatest(async () => latest.shift() ?? current);
    assert.equal(await lists.of(older), undefined);
    assert.equal(found?.parsed, newer);
    assert.deepEqual(found?.functions.map(f => f.name), Array.from({ length: statementsPerStep * 2 }, (_, i) => `new${i}`));
    older.tree.delete();
    newer.tree.delete();
  });

  it('never reads the tree of a parse that is no longer current (it is freed)', async () => {
    const parsed = await parsedTypeScript('async function f() {}\n');
    const freed: ParsedDocument = { ...parsed, tree: new Proxy(parsed.tree, { get: () => assert.fail('the freed tree was read') }) };
    reports.length = 0;
    const lists = new AsyncFunctionLists(() => false, report, stepPerSlice().slicing);
    assert.equal(await lists.of(freed), undefined);
    assert.equal(await lists.ofLatest(async () => freed), undefined);
    assert.deepEqual(reports, []);
    parsed.tree.delete();
  });

  it('reports a failure of the search and gives no list, without failing the caller', async () => {
    const parsed = await parsedTypeScript('async function f() {}\n');
    const broken: ParsedDocument = { ...parsed, tree: new Proxy(parsed.tree, { get: () => { throw new Error('engine failure'); } }) };
    reports.length = 0;
    const lists = new AsyncFunctionLists(() => true, report, stepPerSlice().slicing);
    assert.equal(await lists.ofLatest(async () => broken), undefined);
    assert.equal(reports.length, 1);
    assert.match(reports[0], /async functions of file:\/\/\/big\.ts: engine failure/);
    parsed.tree.delete();
  });
});
