import * as assert from 'assert/strict';
import { producerConsumer } from '../../../src/engine/actions/producerConsumer';
import { analyze } from '../../../src/engine/analyze';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { GrammarId } from '../../../src/engine/languages';
import { refactorAt } from './actionTester';
import { gatherWithWorkers, indentedWith, mapWithWorkersPlain, mapWithWorkersTyped, pythonIndented, withoutSemicolons } from './expectedHelpers';
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
    assert.deepEqual(analyze({ options: { level: 'strict' }, tree, text: result, family: 'javascript' }), []);
    tree.delete();
  });

  // [name, grammar, before, after]: the cursor or selection anywhere in the fan-out; 5 workers.
  const cases: Array<[string, GrammarId, string, string]> = [
    ['python_cursor_in_the_callee', 'python',
      'import asyncio\n\nasync def main(urls):\n    return await asyncio.gat$0her(*[fetch(u) for u in urls])\n',
      `import asyncio\n\nasync def main(urls):\n${pythonIndented(gatherWithWorkers, '    ')}    return await gather_with_workers([fetch(u) for u in urls], 5)\n`],
    ['python_selection_of_the_whole_call_keeping_return_exceptions', 'python',
      'import asyncio\n\nasync def main(urls):\n    results = await $0asyncio.gather(*(fetch(u) for u in urls), return_exceptions=True)$0\n    return results\n',
      `import asyncio\n\nasync def main(urls):\n${pythonIndented(gatherWithWorkers, '    ')}    results = await gather_with_workers([fetch(u) for u in urls], 5, return_exceptions=True)\n    return results\n`],
    ['python_cursor_at_the_end_of_the_line_with_two_spaces', 'python',
      'import asyncio\n\nasync def main(urls):\n  pages = await asyncio.gather(*map(fetch, urls))$0\n  return pages\n',
      `import asyncio\n\nasync def main(urls):\n${pythonIndented(gatherWithWorkers, '  ', '  ')}  pages = await gather_with_workers(map(fetch, urls), 5)\n  return pages\n`],
    ['python_method_with_tabs_and_aliased_asyncio', 'python',
      'import asyncio as aio\n\nclass Crawler:\n\tasync def crawl(self, urls):\n\t\treturn await aio.gather(*[self.fe$0tch(u) for u in urls])\n',
      `import asyncio as aio\n\nclass Crawler:\n\tasync def crawl(self, urls):\n${pythonIndented(gatherWithWorkers, '\t\t', '\t', 'aio')}\t\treturn await gather_with_workers([self.fetch(u) for u in urls], 5)\n`],
    ['python_nested_function_adds_the_import_after_from_future', 'python',
      'from __future__ import annotations\nfrom asyncio import gather\n\nasync def main(urls):\n    async def crawl():\n        return await gather(*[fetch(u) for u in urls])$0\n    return await crawl()\n',
      `from __future__ import annotations\nimport asyncio\nfrom asyncio import gather\n\nasync def main(urls):\n    async def crawl():\n${pythonIndented(gatherWithWorkers, '        ')}        return await gather_with_workers([fetch(u) for u in urls], 5)\n    return await crawl()\n`],
    ['typescript_helper_after_the_imports', 'typescript',
      "import { fetchUser } from './api';\n\nexport async function f(ids: string[]) {\n  return Promise.a$0ll(ids.map(fetchUser));\n}\n",
      `import { fetchUser } from './api';\n\n${mapWithWorkersTyped}\nexport async function f(ids: string[]) {\n  return mapWithWorkers(ids, 5, fetchUser);\n}\n`],
    ['javascript_commonjs_without_semicolons', 'tsx',
      "const { fetchUser } = require('./api')\nexports.load = async ids => Promise.all(ids.map(fetch$0User))\n",
      `const { fetchUser } = require('./api')\n\n${withoutSemicolons(mapWithWorkersPlain)}\nexports.load = async ids => mapWithWorkers(ids, 5, fetchUser)\n`],
    ['typescript_class_method_with_tabs', 'typescript',
      'export class Loader {\n\tasync load(ids: string[]) {\n\t\treturn Promise.all(ids.map(id => this.fe$0tch(id)));\n\t}\n}\n',
      `${indentedWith('\t', mapWithWorkersTyped)}\nexport class Loader {\n\tasync load(ids: string[]) {\n\t\treturn mapWithWorkers(ids, 5, id => this.fetch(id));\n\t}\n}\n`],
    ['javascript_selection_with_four_spaces_and_an_async_arrow', 'tsx',
      'export async function saveAll(rows) {\n    await $0Promise.all(rows.map(async row => { await save(row); }))$0;\n}\n',
      `${indentedWith('    ', mapWithWorkersPlain)}\nexport async function saveAll(rows) {\n    await mapWithWorkers(rows, 5, async row => { await save(row); });\n}\n`],
    ['typescript_reuses_the_helper_already_in_the_file', 'typescript',
      `${mapWithWorkersTyped}\nexport async function g(ids: string[]) {\n  return Promise.all(ids.map(sa$0veUser));\n}\n`,
      `${mapWithWorkersTyped}\nexport async function g(ids: string[]) {\n  return mapWithWorkers(ids, 5, saveUser);\n}\n`],
  ];
  for (const [name, grammar, before, after] of cases) {
    it(`producer_consumer_${name}`, async () => assert.equal(await refactor(grammar, before, 5), after));
  }

  const notApplicable: Array<[string, GrammarId, string]> = [
    ['tasks_already_started', 'python', 'import asyncio\nasync def main(urls):\n    await asyncio.gat$0her(*[asyncio.create_task(fetch(u)) for u in urls])\n'],
    ['allSettled', 'typescript', 'export async function f(ids: string[]) {\n  return Promise.allSet$0tled(ids.map(save));\n}\n'],
  ];
  for (const [name, grammar, before] of notApplicable) {
    it(`producer_consumer_not_applicable_to_${name}`, async () => assert.equal(await refactor(grammar, before), undefined));
  }

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
