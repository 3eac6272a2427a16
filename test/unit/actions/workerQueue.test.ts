import * as assert from 'assert/strict';
import { applyEdits } from '../../../src/engine/actions/action';
import { workerQueue } from '../../../src/engine/actions/workerQueue';
import { assertObeysOurRules, checkAction, checkNotApplicable, proposalAt } from './actionTester';
import { gatherWithWorkers, pythonIndented } from './expectedHelpers';
import { instrumentedPythonFetch, runProgram } from './execution';

const run = (source: string) => runProgram('python3', source);

const program = (gather: string) => `${instrumentedPythonFetch}    if i == 9:
        raise ValueError(f"bad {i}")
    return i * i


async def main(ids, tolerant):
    return await ${gather}


print([r if isinstance(r, int) else repr(r) for r in asyncio.run(main(list(range(30)), True))])
try:
    asyncio.run(main(list(range(30)), False))
except ValueError as error:
    print("raised", error)
print("peak", peak)
`;

describe('worker-queue', () => {
  it('worker_queue_replaces_gather_with_a_queue_helper_before_the_statement', async () => {
    const { text, proposal } = await proposalAt(workerQueue, 'python', 'import asyncio\n\nasync def main(urls):\n    return await $0asyncio.gather(*[fetch(u) for u in urls])\n', 6);
    const result = applyEdits(text, proposal!.edits);
    assert.match(result, /\n {4}async def gather_with_workers\(awaitables, worker_count, return_exceptions=False\):\n/);
    assert.match(result, /queue = asyncio\.Queue\(\)/);
    assert.match(result, /await queue\.join\(\)/);
    assert.match(result, /running\.cancel\(\)/);
    assert.match(result, /return await gather_with_workers\(\[fetch\(u\) for u in urls\], 6\)\n$/);
  });

  it('worker_queue_output_is_not_flagged_by_our_rule_its_workers_included', async () => {
    const { text, proposal, finding } = await proposalAt(workerQueue, 'python', 'import asyncio\n\nasync def main(urls):\n    return await $0asyncio.gather(*[fetch(u) for u in urls])\n');
    await assertObeysOurRules('python', text, applyEdits(text, proposal!.edits), finding);
  });

  it('worker_queue_keeps_return_exceptions', async () => {
    const { text, proposal } = await proposalAt(workerQueue, 'python', 'import asyncio\n\nasync def main(urls):\n    return await $0asyncio.gather(*(fetch(u) for u in urls), return_exceptions=True)\n');
    assert.match(applyEdits(text, proposal!.edits), /gather_with_workers\(\[fetch\(u\) for u in urls\], 16, return_exceptions=True\)/);
  });

  // [name, before, after]: the helper goes just before the statement, in its indentation and the file's unit.
  const cases: Array<[string, string, string]> = [
    ['a_list_comprehension_returned',
      'import asyncio\n\nasync def main(urls):\n    return await $0asyncio.gather(*[fetch(u) for u in urls])\n',
      `import asyncio\n\nasync def main(urls):\n${pythonIndented(gatherWithWorkers, '    ')}    return await gather_with_workers([fetch(u) for u in urls], 16)\n`],
    ['a_generator_keeping_return_exceptions',
      'import asyncio\n\nasync def main(urls):\n    results = await $0asyncio.gather(*(fetch(u) for u in urls), return_exceptions=True)\n    return results\n',
      `import asyncio\n\nasync def main(urls):\n${pythonIndented(gatherWithWorkers, '    ')}    results = await gather_with_workers([fetch(u) for u in urls], 16, return_exceptions=True)\n    return results\n`],
    ['map_over_a_collection',
      'import asyncio\n\nasync def main(urls):\n    return await $0asyncio.gather(*map(fetch, urls))\n',
      `import asyncio\n\nasync def main(urls):\n${pythonIndented(gatherWithWorkers, '    ')}    return await gather_with_workers(map(fetch, urls), 16)\n`],
    ['a_method_indented_with_tabs_and_aliased_asyncio',
      'import asyncio as aio\n\nclass Crawler:\n\tasync def crawl(self, urls):\n\t\tpages = await $0aio.gather(*[self.fetch(u) for u in urls])\n\t\treturn pages\n',
      `import asyncio as aio\n\nclass Crawler:\n\tasync def crawl(self, urls):\n${pythonIndented(gatherWithWorkers, '\t\t', '\t', 'aio')}\t\tpages = await gather_with_workers([self.fetch(u) for u in urls], 16)\n\t\treturn pages\n`],
    ['gather_imported_from_asyncio_adds_the_import_after_the_docstring',
      '"""Crawl."""\nfrom asyncio import gather\n\nasync def main(urls):\n  return await $0gather(*[fetch(u) for u in urls])\n',
      `"""Crawl."""\nimport asyncio\nfrom asyncio import gather\n\nasync def main(urls):\n${pythonIndented(gatherWithWorkers, '  ', '  ')}  return await gather_with_workers([fetch(u) for u in urls], 16)\n`],
    ['a_list_built_by_append_in_a_loop',
      'import asyncio\n\nasync def main(urls):\n    pending = []\n    for u in urls:\n        pending.append(fetch(u))\n    return await $0asyncio.gather(*pending)\n',
      `import asyncio\n\nasync def main(urls):\n    pending = []\n    for u in urls:\n        pending.append(fetch(u))\n${pythonIndented(gatherWithWorkers, '    ')}    return await gather_with_workers(pending, 16)\n`],
    ['a_variable_holding_coroutines',
      'import asyncio\n\nasync def main(urls):\n    pending = [fetch(u) for u in urls]\n    done = await $0asyncio.gather(*pending)\n    return done\n',
      `import asyncio\n\nasync def main(urls):\n    pending = [fetch(u) for u in urls]\n${pythonIndented(gatherWithWorkers, '    ')}    done = await gather_with_workers(pending, 16)\n    return done\n`],
  ];
  for (const [name, before, after] of cases) {
    it(`worker_queue_${name}`, () => checkAction(workerQueue, 'python', before, after));
  }

  const notApplicable: Array<[string, string]> = [
    ['a_variable_holding_tasks', 'import asyncio\nasync def main(urls):\n    tasks = [asyncio.create_task(fetch(u)) for u in urls]\n    await $0asyncio.gather(*tasks)\n'],
    // The list gathered is the one assigned last before the gather: here tasks, though coroutines were assigned first.
    ['a_variable_reassigned_to_tasks', 'import asyncio\nasync def main(urls):\n    jobs = [fetch(u) for u in urls]\n    jobs = [asyncio.create_task(fetch(u)) for u in urls]\n    await $0asyncio.gather(*jobs)\n'],
    // Scope, not text: another function's list of coroutines named `jobs` says nothing about this parameter.
    ['a_parameter_named_like_another_function_s_list', 'import asyncio\nasync def first(urls):\n    jobs = [fetch(u) for u in urls]\n    return jobs\n\nasync def second(jobs):\n    await $0asyncio.gather(*jobs)\n'],
    ['tasks_appended_in_a_loop', 'import asyncio\nasync def main(urls):\n    tasks = []\n    for u in urls:\n        tasks.append(asyncio.create_task(fetch(u)))\n    await $0asyncio.gather(*tasks)\n'],
  ];
  for (const [name, before] of notApplicable) {
    it(`worker_queue_not_applicable_to_${name}`, () => checkNotApplicable(workerQueue, 'python', before));
  }

  it('worker_queue_not_applicable_to_tasks_already_started', () =>
    checkNotApplicable(workerQueue, 'python', 'import asyncio\nasync def main(urls):\n    await $0asyncio.gather(*[asyncio.create_task(fetch(u)) for u in urls])\n'));

  it('runs: same results and exceptions as gather, and never more than N at once', async () => {
    const source = program('$0asyncio.gather(*[fetch(i) for i in ids], return_exceptions=tolerant)');
    const { text, proposal } = await proposalAt(workerQueue, 'python', source, 4);
    const current = applyEdits(text, proposal!.edits);
    const before = run(source.replace('$0', ''));
    const after = run(current);
    assert.deepEqual(after.slice(0, 2), before.slice(0, 2));
    assert.equal(before[2], 'peak 30');
    assert.equal(after[2], 'peak 4');
  });

  it('runs from a one-line method (the helper goes before the class) and after a semicolon: never more than N at once', async () => {
    const crawler = (method: string) => `${instrumentedPythonFetch}    return i


class Crawler:
${method}


print(asyncio.run(Crawler().crawl(list(range(12)))), "peak", peak)
`;
    for (const method of [
      '    async def crawl(self, ids): return await $0asyncio.gather(*[fetch(i) for i in ids])',
      '    async def crawl(self, ids):\n        ids = list(ids); return await $0asyncio.gather(*[fetch(i) for i in ids])',
    ]) {
      const { text, proposal } = await proposalAt(workerQueue, 'python', crawler(method), 3);
      assert.deepEqual(run(applyEdits(text, proposal!.edits)), ['[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] peak 3'], method);
    }
  });
});
