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
          tasks = [fetch(u, semaphore) for u in urls]
          semaphore_2 = asyncio.Semaphore(16)

          async def run_limited(awaitable):
            async with semaphore_2:
              return await awaitable

          return await asyncio.gather(*(run_limited(awaitable) for awaitable in tasks))
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

  const notApplicable: Array<[string, string]> = [
    ['tasks already started by create_task', 'import asyncio\nasync def main(urls):\n    await $0asyncio.gather(*[asyncio.create_task(fetch(u)) for u in urls])\n'],
    ['a TaskGroup loop', 'import asyncio\nasync def main(urls):\n    async with asyncio.TaskGroup() as tg:\n        for u in urls:\n            $0tg.create_task(fetch(u))\n'],
    // The list gathered is the one assigned last before the gather: here tasks, though coroutines were assigned first.
    ['a variable reassigned to tasks', 'import asyncio\nasync def main(urls):\n    jobs = [fetch(u) for u in urls]\n    jobs = [asyncio.create_task(fetch(u)) for u in urls]\n    await $0asyncio.gather(*jobs)\n'],
    ['asyncio.wait', 'import asyncio\nasync def main(urls):\n    await $0asyncio.wait([fetch(u) for u in urls])\n'],
  ];
  for (const [name, before] of notApplicable) {
    it(`limit_with_semaphore_not_applicable_to_${name.replace(/\W+/g, '_')}`, () => checkNotApplicable(limitWithSemaphore, 'python', before));
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
