import * as assert from 'assert/strict';
import { producerConsumer } from '../../../src/engine/actions/producerConsumer';
import { analyze } from '../../../src/engine/analyze';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { GrammarId } from '../../../src/engine/languages';
import { refactorAt } from './actionTester';
import { runProgram } from './execution';

const grammars = new GrammarLoader(packageWasmLocator());

async function refactor(grammar: GrammarId, marked: string, maxConcurrency = 16): Promise<string | undefined> {
  return (await refactorAt(producerConsumer, grammar, marked, { maxConcurrency })).result;
}

describe('producer-consumer', () => {
  it('producer_consumer_typescript_worker_pool_over_a_shared_iterator', async () => {
    const result = await refactor('typescript', 'export async function f(ids: string[]) {\n  return Promise.a$0ll(ids.map(fetchUser));\n}\n', 3);
    assert.match(result!, /return mapWithWorkers\(ids, 3, fetchUser\);/);
    assert.match(result!, /const entries = Array\.from\(items\)\.entries\(\);/);
    assert.match(result!, /for \(const \[index, item\] of entries\) results\[index\] = await fn\(item, index\);/);
  });

  it('producer_consumer_python_asyncio_queue', async () => {
    const result = await refactor('python', 'import asyncio\n\nasync def main(urls):\n    return await asyncio.gat$0her(*[fetch(u) for u in urls])\n', 5);
    assert.match(result!, /queue = asyncio\.Queue\(\)/);
    assert.match(result!, /return await gather_with_workers\(\[fetch\(u\) for u in urls\], 5\)/);
  });

  it('the converted TypeScript is clean for our own rule', async () => {
    const result = (await refactor('typescript', 'export async function f(ids: string[]) {\n  return Promise.a$0ll(ids.map(fetchUser));\n}\n'))!;
    const tree = (await grammars.parserFor('typescript')).parse(result)!;
    assert.deepEqual(analyze({ tree, text: result, family: 'javascript' }), []);
    tree.delete();
  });

  it('producer_consumer_not_applicable_outside_a_fan_out', async () => {
    assert.equal(await refactor('typescript', 'export async function f(id: string) {\n  return fetch$0User(id);\n}\n'), undefined);
  });

  it('runs in Node: same results and rejection, never more than N at once, every item taken once', async () => {
    const program = `let inFlight = 0;
let peak = 0;
const seen = [];
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
async function work(i) {
  seen.push(i);
  inFlight++;
  peak = Math.max(peak, inFlight);
  await sleep(2 + (i % 5));
  inFlight--;
  if (i === 21) throw new Error('bad ' + i);
  return i * 7;
}
async function all(ids) {
  return Promise.a$0ll(ids.map(work));
}
(async () => {
  const ids = Array.from({ length: 30 }, (_, i) => i);
  console.log(JSON.stringify(await all(ids.filter(i => i !== 21))));
  const eachOnce = seen.length === 29 && new Set(seen).size === 29;
  try { await all(ids); } catch (error) { console.log('rejected', error.message); }
  console.log('peak', peak, 'each once', eachOnce);
})();
`;
    const after = await refactor('tsx', program, 4);
    const before = runProgram('node', program.replace('$0', ''));
    const pooled = runProgram('node', after!);
    assert.deepEqual(pooled.slice(0, 2), before.slice(0, 2));
    assert.equal(before[2], 'peak 30 each once true');
    assert.equal(pooled[2], 'peak 4 each once true');
  });
});
