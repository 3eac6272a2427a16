import * as assert from 'assert/strict';
import { applyEdits } from '../../../src/engine/actions/action';
import { limitWithSemaphore } from '../../../src/engine/actions/limitWithSemaphore';
import { checkAction, checkNotApplicable, proposalAt } from './actionTester';
import { instrumentedPythonFetch, runProgram } from './execution';

describe('limit-with-semaphore', () => {
  const cases: Array<{ name: string; before: string; after: string }> = [
    {
      name: 'a list comprehension',
      before: `
        import asyncio

        async def main(urls):
            return await $0asyncio.gather(*[fetch(u) for u in urls])
      `,
      after: `
        import asyncio

        async def main(urls):
            semaphore = asyncio.Semaphore(16)

            async def run_limited(awaitable):
                async with semaphore:
                    return await awaitable

            return await asyncio.gather(*[run_limited(fetch(u)) for u in urls])
      `,
    },
    {
      name: 'a generator, keeping return_exceptions',
      before: `
        import asyncio

        async def main(urls):
            results = await $0asyncio.gather(*(fetch(u) for u in urls), return_exceptions=True)
            return results
      `,
      after: `
        import asyncio

        async def main(urls):
            semaphore = asyncio.Semaphore(16)

            async def run_limited(awaitable):
                async with semaphore:
                    return await awaitable

            results = await asyncio.gather(*(run_limited(fetch(u)) for u in urls), return_exceptions=True)
            return results
      `,
    },
    {
      name: 'map over a collection',
      before: `
        import asyncio

        async def main(urls):
            return await $0asyncio.gather(*map(fetch, urls))
      `,
      after: `
        import asyncio

        async def main(urls):
            semaphore = asyncio.Semaphore(16)

            async def run_limited(awaitable):
                async with semaphore:
                    return await awaitable

            return await asyncio.gather(*[run_limited(fetch(item)) for item in urls])
      `,
    },
    {
      name: 'a variable holding coroutines, with two-space indentation and taken names',
      before: `
        import asyncio

        async def main(urls, semaphore):
          tasks = [fetch(u, semaphore) for u in urls]
          return await $0asyncio.gather(*tasks)
      `,
      after: `
        import asyncio

        async def main(urls, semaphore):
          semaphore_2 = asyncio.Semaphore(16)

          async def run_limited(awaitable):
            async with semaphore_2:
              return await awaitable

          tasks = [run_limited(fetch(u, semaphore)) for u in urls]
          return await asyncio.gather(*tasks)
      `,
    },
    {
      name: 'gather imported from asyncio: adds the import',
      before: `
        from asyncio import gather

        async def main(urls):
            return await $0gather(*[fetch(u) for u in urls])
      `,
      after: `
        import asyncio
        from asyncio import gather

        async def main(urls):
            semaphore = asyncio.Semaphore(16)

            async def run_limited(awaitable):
                async with semaphore:
                    return await awaitable

            return await gather(*[run_limited(fetch(u)) for u in urls])
      `,
    },
    {
      name: 'a method indented with tabs',
      before: 'import asyncio\n\nclass Crawler:\n\tasync def crawl(self, urls):\n\t\treturn await $0asyncio.gather(*[self.fetch(u) for u in urls])\n',
      after: 'import asyncio\n\nclass Crawler:\n\tasync def crawl(self, urls):\n\t\tsemaphore = asyncio.Semaphore(16)\n\n\t\tasync def run_limited(awaitable):\n\t\t\tasync with semaphore:\n\t\t\t\treturn await awaitable\n\n\t\treturn await asyncio.gather(*[run_limited(self.fetch(u)) for u in urls])\n',
    },
    {
      name: 'the import goes after the docstring and from __future__',
      before: '"""Crawl."""\nfrom __future__ import annotations\nfrom asyncio import gather\n\nasync def main(urls: list[str]) -> list[bytes]:\n    return await $0gather(*[fetch(u) for u in urls])\n',
      after: '"""Crawl."""\nfrom __future__ import annotations\nimport asyncio\nfrom asyncio import gather\n\nasync def main(urls: list[str]) -> list[bytes]:\n    semaphore = asyncio.Semaphore(16)\n\n    async def run_limited(awaitable):\n        async with semaphore:\n            return await awaitable\n\n    return await gather(*[run_limited(fetch(u)) for u in urls])\n',
    },
    // The set-up needs lines of its own in the function: before the statement the fan-out's line starts with.
    {
      name: 'after if on the same line',
      before: 'import asyncio\nasync def main(urls):\n    if urls: return await $0asyncio.gather(*[fetch(u) for u in urls])\n    return []\n',
      after: 'import asyncio\nasync def main(urls):\n    semaphore = asyncio.Semaphore(16)\n\n    async def run_limited(awaitable):\n        async with semaphore:\n            return await awaitable\n\n    if urls: return await asyncio.gather(*[run_limited(fetch(u)) for u in urls])\n    return []\n',
    },
    {
      name: 'after else on the same line',
      before: 'import asyncio\nasync def main(urls):\n    if not urls:\n        return []\n    else: return await $0asyncio.gather(*[fetch(u) for u in urls])\n',
      after: 'import asyncio\nasync def main(urls):\n    semaphore = asyncio.Semaphore(16)\n\n    async def run_limited(awaitable):\n        async with semaphore:\n            return await awaitable\n\n    if not urls:\n        return []\n    else: return await asyncio.gather(*[run_limited(fetch(u)) for u in urls])\n',
    },
    {
      name: 'after a semicolon',
      before: 'import asyncio\nasync def main(urls):\n    urls = list(urls); return await $0asyncio.gather(*[fetch(u) for u in urls])\n',
      after: 'import asyncio\nasync def main(urls):\n    semaphore = asyncio.Semaphore(16)\n\n    async def run_limited(awaitable):\n        async with semaphore:\n            return await awaitable\n\n    urls = list(urls); return await asyncio.gather(*[run_limited(fetch(u)) for u in urls])\n',
    },
    {
      // In the class body, `semaphore` and `run_limited` would be class attributes the method cannot see (NameError).
      name: 'a one line method gets its set up before the class',
      before: 'import asyncio\n\nclass Crawler:\n    async def crawl(self, urls): return await $0asyncio.gather(*[fetch(u) for u in urls])\n',
      after: 'import asyncio\n\nsemaphore = asyncio.Semaphore(16)\n\nasync def run_limited(awaitable):\n    async with semaphore:\n        return await awaitable\n\nclass Crawler:\n    async def crawl(self, urls): return await asyncio.gather(*[run_limited(fetch(u)) for u in urls])\n',
    },
  ];
  for (const c of cases) it(`limit_with_semaphore_${c.name.replace(/\W+/g, '_')}`, () => checkAction(limitWithSemaphore, 'python', c.before, c.after));

  // Each coroutine is wrapped where it is made: in the comprehension, in the append, inside create_task (the task
  // starts where it did and waits for the semaphore before running its coroutine).
  const setUp = (indent: string, semaphore = 'semaphore', runner = 'run_limited') =>
    `${indent}${semaphore} = asyncio.Semaphore(16)\n\n${indent}async def ${runner}(awaitable):\n${indent}    async with ${semaphore}:\n${indent}        return await awaitable\n\n`;
  const whereMade: Array<[string, string, string]> = [
    ['tasks_started_by_create_task_in_the_comprehension',
      'import asyncio\nasync def main(urls):\n    await $0asyncio.gather(*[asyncio.create_task(fetch(u)) for u in urls])\n',
      `import asyncio\nasync def main(urls):\n${setUp('    ')}    await asyncio.gather(*[asyncio.create_task(run_limited(fetch(u))) for u in urls])\n`],
    ['tg_create_task_in_a_loop_gets_the_semaphore_before_the_loop',
      'import asyncio\nasync def main(urls):\n    async with asyncio.TaskGroup() as tg:\n        for u in urls:\n            $0tg.create_task(fetch(u), name=u)\n',
      `import asyncio\nasync def main(urls):\n    async with asyncio.TaskGroup() as tg:\n${setUp('        ')}        for u in urls:\n            tg.create_task(run_limited(fetch(u)), name=u)\n`],
    ['tg_create_task_in_nested_loops_gets_it_before_the_outer_loop',
      'import asyncio\nasync def main(groups):\n    async with asyncio.TaskGroup() as tg:\n        for group in groups:\n            for u in group:\n                $0tg.create_task(fetch(u))\n',
      `import asyncio\nasync def main(groups):\n    async with asyncio.TaskGroup() as tg:\n${setUp('        ')}        for group in groups:\n            for u in group:\n                tg.create_task(run_limited(fetch(u)))\n`],
    ['asyncio_wait_over_tasks',
      'import asyncio\nasync def main(urls):\n    done, pending = await $0asyncio.wait([asyncio.create_task(fetch(u)) for u in urls])\n    return done\n',
      `import asyncio\nasync def main(urls):\n${setUp('    ')}    done, pending = await asyncio.wait([asyncio.create_task(run_limited(fetch(u))) for u in urls])\n    return done\n`],
    ['asyncio_as_completed',
      'import asyncio\nasync def main(urls):\n    for next_done in $0asyncio.as_completed([fetch(u) for u in urls]):\n        print(await next_done)\n',
      `import asyncio\nasync def main(urls):\n${setUp('    ')}    for next_done in asyncio.as_completed([run_limited(fetch(u)) for u in urls]):\n        print(await next_done)\n`],
    ['a_list_built_by_append_in_a_loop',
      'import asyncio\nasync def main(urls):\n    pages = []\n    for u in urls:\n        if u:\n            pages.append(fetch(u))\n    return await $0asyncio.gather(*pages)\n',
      `import asyncio\nasync def main(urls):\n${setUp('    ')}    pages = []\n    for u in urls:\n        if u:\n            pages.append(run_limited(fetch(u)))\n    return await asyncio.gather(*pages)\n`],
    ['tasks_appended_in_a_loop',
      'import asyncio\nasync def main(urls):\n    tasks = []\n    for u in urls:\n        tasks.append(asyncio.create_task(fetch(u)))\n    return await $0asyncio.gather(*tasks)\n',
      `import asyncio\nasync def main(urls):\n${setUp('    ')}    tasks = []\n    for u in urls:\n        tasks.append(asyncio.create_task(run_limited(fetch(u))))\n    return await asyncio.gather(*tasks)\n`],
    // Resolved by scope: the list gathered is the one assigned last before the gather in this function.
    ['a_variable_reassigned_to_tasks_wraps_the_last_assignment',
      'import asyncio\nasync def main(urls):\n    jobs = [fetch(u) for u in urls]\n    jobs = [asyncio.create_task(fetch(u)) for u in urls]\n    await $0asyncio.gather(*jobs)\n',
      `import asyncio\nasync def main(urls):\n    jobs = [fetch(u) for u in urls]\n${setUp('    ')}    jobs = [asyncio.create_task(run_limited(fetch(u))) for u in urls]\n    await asyncio.gather(*jobs)\n`],
    // Names by scope: another function's `semaphore` and `run_limited` do not make these `semaphore_2`, `run_limited_2`.
    ['reuses_the_plain_names_when_only_another_function_has_them',
      'import asyncio\n\nasync def first(urls):\n    semaphore = asyncio.Semaphore(2)\n\n    async def run_limited(awaitable):\n        async with semaphore:\n            return await awaitable\n\n    return await asyncio.gather(*[run_limited(fetch(u)) for u in urls])\n\nasync def second(urls):\n    return await $0asyncio.gather(*[store(u) for u in urls])\n',
      `import asyncio\n\nasync def first(urls):\n    semaphore = asyncio.Semaphore(2)\n\n    async def run_limited(awaitable):\n        async with semaphore:\n            return await awaitable\n\n    return await asyncio.gather(*[run_limited(fetch(u)) for u in urls])\n\nasync def second(urls):\n${setUp('    ')}    return await asyncio.gather(*[run_limited(store(u)) for u in urls])\n`],
    ['numbers_a_name_a_global_use_in_the_function_would_lose',
      'import asyncio\nsemaphore = None\n\nasync def main(urls):\n    print(semaphore)\n    return await $0asyncio.gather(*[fetch(u) for u in urls])\n',
      `import asyncio\nsemaphore = None\n\nasync def main(urls):\n    print(semaphore)\n${setUp('    ', 'semaphore_2')}    return await asyncio.gather(*[run_limited(fetch(u)) for u in urls])\n`],
    ['a_method_s_local_name_numbers_the_runner_set_up_before_its_class',
      'import asyncio\n\nclass Crawler:\n    async def crawl(self, urls, run_limited=None): return await $0asyncio.gather(*[fetch(u) for u in urls])\n',
      `import asyncio\n\n${setUp('', 'semaphore', 'run_limited_2')}class Crawler:\n    async def crawl(self, urls, run_limited=None): return await asyncio.gather(*[run_limited_2(fetch(u)) for u in urls])\n`],
  ];
  for (const [name, before, after] of whereMade) {
    it(`limit_with_semaphore_${name}`, () => checkAction(limitWithSemaphore, 'python', before, after));
  }

  const notApplicable: Array<[string, string]> = [
    // Scope, not text: `jobs` of `first` (coroutines) says nothing of the parameter `jobs` of `second` (tasks already
    // running, which a semaphore taken now would not limit).
    ['a_parameter_named_like_another_function_s_list', 'import asyncio\nasync def first(urls):\n    jobs = [fetch(u) for u in urls]\n    return jobs\n\nasync def second(jobs):\n    await $0asyncio.gather(*jobs)\n'],
    ['a_list_extended_before_the_gather', 'import asyncio\nasync def main(urls, more):\n    jobs = [fetch(u) for u in urls]\n    jobs.extend(more)\n    await $0asyncio.gather(*jobs)\n'],
    ['a_list_made_by_another_function', 'import asyncio\njobs = [fetch(u) for u in range(100)]\n\nasync def main():\n    await $0asyncio.gather(*jobs)\n'],
  ];
  for (const [name, before] of notApplicable) {
    it(`limit_with_semaphore_not_applicable_to_${name}`, () => checkNotApplicable(limitWithSemaphore, 'python', before));
  }

  it('leaves the limit selected: its offsets point at the number in the result', async () => {
    const { text, proposal } = await proposalAt(limitWithSemaphore, 'python', 'import asyncio\nasync def main(urls):\n    return await $0asyncio.gather(*[fetch(u) for u in urls])\n', 7);
    const result = applyEdits(text, proposal!.edits);
    assert.equal(result.slice(proposal!.limit!.startIndex, proposal!.limit!.endIndex), '7');
  });

  it('runs: same results in the same order, and never more than N at once', async () => {
    const program = (gather: string) => `${instrumentedPythonFetch}    if i % 7 == 3:
        raise ValueError(f"bad {i}")
    return i * i


async def main(ids):
    return await ${gather}


results = asyncio.run(main(list(range(30))))
print([r if isinstance(r, int) else repr(r) for r in results])
print("peak", peak)
`;
    const before = program('$0asyncio.gather(*[fetch(i) for i in ids], return_exceptions=True)');
    const { text, proposal } = await proposalAt(limitWithSemaphore, 'python', before, 4);
    const after = applyEdits(text, proposal!.edits);
    const run = (source: string) => runProgram('python3', source);
    const [resultsBefore, peakBefore] = run(text);
    const [resultsAfter, peakAfter] = run(after);
    assert.equal(resultsAfter, resultsBefore);
    assert.equal(peakBefore, 'peak 30');
    assert.equal(peakAfter, 'peak 4');
  });

  it('runs: a TaskGroup loop, asyncio.wait over tasks, a list built by append: same results and exceptions, never more than N at once', async () => {
    const program = (main: string) => `${instrumentedPythonFetch}    if i == 9:
        raise ValueError(f"bad {i}")
    return i * i


${main}


try:
    print(asyncio.run(main(list(range(30)))))
except Exception as error:
    print("raised", repr(error), [repr(e) for e in getattr(error, "exceptions", [])])
# Tasks cancelled after the failure never counted themselves out: the peak is that of the run without one.
in_flight, peak = 0, 0
print(asyncio.run(main([i for i in range(30) if i != 9])))
print("peak", peak)
`;
    const mains = [
      'async def main(ids):\n    tasks = {}\n    async with asyncio.TaskGroup() as tg:\n        for i in ids:\n            tasks[i] = $0tg.create_task(fetch(i))\n    return [tasks[i].result() for i in ids]',
      'async def main(ids):\n    done, pending = await $0asyncio.wait([asyncio.create_task(fetch(i)) for i in ids])\n    return sorted(t.result() if not t.exception() else repr(t.exception()) for t in done)',
      'async def main(ids):\n    coros = []\n    for i in ids:\n        coros.append(fetch(i))\n    return await $0asyncio.gather(*coros)',
    ];
    for (const main of mains) {
      const { text, proposal } = await proposalAt(limitWithSemaphore, 'python', program(main), 4);
      assert.ok(proposal, main);
      const before = runProgram('python3', text);
      const after = runProgram('python3', applyEdits(text, proposal.edits));
      assert.deepEqual(after.slice(0, 2), before.slice(0, 2), main);
      assert.equal(before[2], 'peak 29', main);
      assert.equal(after[2], 'peak 4', main);
    }
  });

  it('runs from a one-line method and after else: never more than N at once', async () => {
    const program = (method: string) => `${instrumentedPythonFetch}    return i


class Crawler:
${method}


print(asyncio.run(Crawler().crawl(list(range(12)))), "peak", peak)
`;
    for (const method of [
      '    async def crawl(self, ids): return await $0asyncio.gather(*[fetch(i) for i in ids])',
      '    async def crawl(self, ids):\n        if not ids:\n            return []\n        else: return await $0asyncio.gather(*[fetch(i) for i in ids])',
    ]) {
      const { text, proposal } = await proposalAt(limitWithSemaphore, 'python', program(method), 3);
      assert.deepEqual(runProgram('python3', applyEdits(text, proposal!.edits)), ['[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] peak 3'], method);
    }
  });
});
