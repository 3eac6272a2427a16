import { unboundedFanout } from '../../../src/engine/rules/unboundedFanout';
import { runRuleTests } from './ruleTester';

describe('unbounded-fanout (Python)', () => {
  runRuleTests(unboundedFanout, {
    grammar: 'python',
    valid: [
      // The seed's examples: small, literal collections.
      `
      import asyncio
      async def main():
          tasks = [fetch_data(i) for i in range(3)]
          results = await asyncio.gather(*tasks)
      `,
      `
      import asyncio
      async def limited_fetch(sem, x):
          async with sem:
              await asyncio.sleep(1)
      async def main():
          semaphore = asyncio.Semaphore(2)
          tasks = [limited_fetch(semaphore, i) for i in range(5)]
          await asyncio.gather(*tasks)
      `,
      `
      import asyncio
      async def main():
          queue = asyncio.Queue()
          await asyncio.gather(producer(queue), consumer(queue))
      `,
      // Explicit arguments and literal collections.
      'import asyncio\nasync def main():\n    await asyncio.gather(fetch_users(), fetch_orders(), fetch_stock())\n',
      'import asyncio\nasync def main():\n    await asyncio.gather(*[ping(host) for host in ["db", "cache", "search"]])\n',
      'import asyncio\nasync def main():\n    done, _ = await asyncio.wait({asyncio.create_task(ping(h)) for h in ("a", "b")})\n',
      // Sizes followed through names, in the function and at module level.
      'import asyncio\nHOSTS = ["db", "cache"]\nasync def main():\n    await asyncio.gather(*[ping(h) for h in HOSTS])\n',
      'import asyncio\nasync def main():\n    n = 4\n    await asyncio.gather(*[work(i) for i in range(n)])\n',
      'import asyncio\nasync def main(urls):\n    await asyncio.gather(*[fetch(u) for u in urls[:5]])\n',
      'import asyncio\nasync def main(urls):\n    first = urls[:10]\n    await asyncio.gather(*map(fetch, first))\n',
      { name: 'a known size equal to the limit', code: 'import asyncio\nasync def main():\n    await asyncio.gather(*[work(i) for i in range(16)])\n' },
      { name: 'a larger limit set in options', code: 'import asyncio\nasync def main():\n    await asyncio.gather(*[work(i) for i in range(100)])\n', options: { maxConcurrency: 100 } },
      // Chunked work: each gather sees one chunk.
      'import asyncio, itertools\nasync def main(urls):\n    for batch in itertools.batched(urls, 10):\n        await asyncio.gather(*[fetch(u) for u in batch])\n',
      'import asyncio\nfrom itertools import batched\nasync def main(urls):\n    for batch in batched(urls, 10):\n        await asyncio.gather(*(fetch(u) for u in batch))\n',
      'import asyncio\nasync def main(urls):\n    for i in range(0, len(urls), 10):\n        await asyncio.gather(*[fetch(u) for u in urls[i:i + 10]])\n',
      // Bounded by a shared semaphore in the task, its helper, or the loop.
      'import asyncio\nasync def fetch(sem, u):\n    async with sem:\n        return u\nasync def main(urls):\n    sem = asyncio.Semaphore(4)\n    await asyncio.gather(*[fetch(sem, u) for u in urls])\n',
      'import asyncio\nsem = asyncio.Semaphore(8)\nasync def fetch(u):\n    async with sem:\n        return u\nasync def main(urls):\n    await asyncio.gather(*[fetch(u) for u in urls])\n',
      'import asyncio\nasync def main(urls):\n    sem = asyncio.Semaphore(10)\n    async def one(u):\n        async with sem:\n            return await fetch(u)\n    return await asyncio.gather(*(one(u) for u in urls))\n',
      'import asyncio\nasync def fetch(sem, u):\n    await sem.acquire()\n    try:\n        return u\n    finally:\n        sem.release()\nasync def main(urls, sem):\n    await asyncio.gather(*[fetch(sem, u) for u in urls])\n',
      'import asyncio\nclass Crawler:\n    def __init__(self):\n        self._sem = asyncio.Semaphore(3)\n    async def fetch(self, u):\n        async with self._sem:\n            return u\n    async def crawl(self, urls):\n        await asyncio.gather(*[self.fetch(u) for u in urls])\n',
      'import asyncio\nasync def bounded(sem, coro):\n    async with sem:\n        return await coro\nasync def main(urls):\n    sem = asyncio.Semaphore(5)\n    await asyncio.gather(*[bounded(sem, fetch(u)) for u in urls])\n',
      'import asyncio\nasync def main(urls):\n    sem = asyncio.Semaphore(10)\n    async with asyncio.TaskGroup() as tg:\n        for u in urls:\n            await sem.acquire()\n            tg.create_task(work(u, sem))\n',
      // Other bounded tools, and a fixed number of workers.
      'import aiometer, functools\nasync def main(urls):\n    await aiometer.run_all([functools.partial(fetch, u) for u in urls], max_at_once=10)\n',
      'import asyncio\nNUM_WORKERS = 8\nasync def main(queue):\n    workers = [asyncio.create_task(worker(queue)) for _ in range(NUM_WORKERS)]\n    await queue.join()\n',
      'import asyncio\nasync def main(queue):\n    workers = [asyncio.create_task(worker(queue)) for _ in range(4)]\n    await asyncio.gather(*workers)\n',
      // While loops are not collections; a single task is not a fan-out.
      'import asyncio\nasync def serve(server):\n    async with asyncio.TaskGroup() as tg:\n        while True:\n            conn = await server.accept()\n            tg.create_task(handle(conn))\n',
      'import asyncio\nasync def main(url):\n    task = asyncio.create_task(fetch(url))\n    await task\n',
      // Not asyncio: a local function named gather, and names in strings and comments.
      'def gather(*parts):\n    return list(parts)\nasync def main(urls):\n    gather(*[u for u in urls])\n',
      'import asyncio\nasync def main(urls):\n    # asyncio.gather(*[fetch(u) for u in urls])\n    print("asyncio.gather(*[fetch(u) for u in urls])")\n',
      // Suppressions.
      'import asyncio\nasync def main(urls):\n    await asyncio.gather(*[fetch(u) for u in urls])  # async-patterns: ignore[unbounded-fanout]\n',
      'import asyncio\nasync def main(urls):\n    # async-patterns: ignore[unbounded-fanout]\n    await asyncio.gather(*[fetch(u) for u in urls])\n',
      'import asyncio\nasync def main(urls):\n    await asyncio.gather(*[fetch(u) for u in urls])  # async-patterns: ignore\n',
      // A per-task limiter over a small collection harms nothing.
      'import asyncio\nasync def main():\n    await asyncio.gather(*[fetch(asyncio.Semaphore(2), i) for i in range(3)])\n',
    ],
    invalid: [
      // Comprehensions, generators and map over collections of unknown size.
      { code: 'import asyncio\nasync def main(urls):\n    await $0asyncio.gather(*[fetch(u) for u in urls])$0\n',
        errors: [{ messageId: 'unknownSize', data: { callee: 'asyncio.gather', collection: 'urls' } }] },
      { code: 'import asyncio\nasync def main(urls):\n    return await $0asyncio.gather(*(fetch(u) for u in urls))$0\n', errors: [{ messageId: 'unknownSize' }] },
      { code: 'import asyncio\nasync def main(urls):\n    await $0asyncio.gather(*map(fetch, urls))$0\n', errors: [{ messageId: 'unknownSize', data: { collection: 'urls' } }] },
      { code: 'import asyncio\nasync def main(urls):\n    await $0asyncio.gather(*list(map(fetch, urls)), return_exceptions=True)$0\n', errors: [{ messageId: 'unknownSize' }] },
      // Variables holding coroutines or tasks.
      { code: 'import asyncio\nasync def main(urls):\n    tasks = [fetch(u) for u in urls]\n    results = await $0asyncio.gather(*tasks)$0\n', errors: [{ messageId: 'unknownSize', data: { collection: 'urls' } }] },
      { code: 'import asyncio\nasync def main(urls):\n    tasks = [asyncio.create_task(fetch(u)) for u in urls]\n    await $0asyncio.gather(*tasks)$0\n', errors: [{ messageId: 'unknownSize' }] },
      { code: 'import asyncio\nasync def main(urls):\n    tasks = []\n    for u in urls:\n        tasks.append(asyncio.create_task(fetch(u)))\n    await $0asyncio.gather(*tasks)$0\n', errors: [{ messageId: 'unknownSize', data: { collection: 'urls' } }] },
      { code: 'import asyncio\nasync def main(db):\n    rows = await db.fetch_all("select id from users")\n    jobs = []\n    for row in rows:\n        jobs.append(notify(row))\n    await $0asyncio.gather(*jobs, return_exceptions=True)$0\n', errors: [{ messageId: 'unknownSize', data: { collection: 'rows' } }] },
      // Unknown sources: the file system, a query, an attribute.
      { code: 'import asyncio, os\nasync def main(folder):\n    names = os.listdir(folder)\n    await $0asyncio.gather(*[process(n) for n in names])$0\n', errors: [{ messageId: 'unknownSize', data: { collection: 'names' } }] },
      { code: 'import asyncio\nclass Crawler:\n    async def crawl(self):\n        await $0asyncio.gather(*[self.fetch(u) for u in self.urls])$0\n', errors: [{ messageId: 'unknownSize', data: { collection: 'self.urls' } }] },
      { code: 'import asyncio\nasync def main(session):\n    await $0asyncio.gather(*[post(session, o) for o in await session.pending_orders()])$0\n', errors: [{ messageId: 'unknownSize' }] },
      // asyncio.wait and asyncio.as_completed.
      { code: 'import asyncio\nasync def main(urls):\n    done, pending = await $0asyncio.wait([asyncio.create_task(fetch(u)) for u in urls])$0\n', errors: [{ messageId: 'unknownSize', data: { callee: 'asyncio.wait' } }] },
      { code: 'import asyncio\nasync def main(urls):\n    for next_done in $0asyncio.as_completed([fetch(u) for u in urls])$0:\n        print(await next_done)\n', errors: [{ messageId: 'unknownSize', data: { callee: 'asyncio.as_completed' } }] },
      // TaskGroup and create_task in loops.
      { code: 'import asyncio\nasync def main(urls):\n    async with asyncio.TaskGroup() as tg:\n        for u in urls:\n            $0tg.create_task(fetch(u))$0\n', errors: [{ messageId: 'unknownSize', data: { callee: 'tg.create_task', collection: 'urls' } }] },
      { code: 'import asyncio\nasync def main(urls):\n    async with asyncio.TaskGroup() as tg:\n        [$0tg.create_task(fetch(u))$0 for u in urls]\n', errors: [{ messageId: 'unknownSize' }] },
      { code: 'import asyncio\nasync def main(urls):\n    for u in urls:\n        $0asyncio.create_task(fetch(u))$0\n', errors: [{ messageId: 'unknownSize', data: { callee: 'asyncio.create_task' } }] },
      { code: 'import asyncio\nasync def main(urls):\n    for u in urls:\n        $0asyncio.ensure_future(fetch(u))$0\n', errors: [{ messageId: 'unknownSize' }] },
      // Known sizes above the limit.
      { code: 'import asyncio\nasync def main():\n    await $0asyncio.gather(*[work(i) for i in range(100)])$0\n', errors: [{ messageId: 'largeSize', data: { size: 100, max: 16, collection: 'range(100)' } }] },
      { code: 'import asyncio\nPAGES = 50\nasync def main():\n    await $0asyncio.gather(*[page(i) for i in range(1, PAGES + 1)])$0\n', errors: [{ messageId: 'largeSize', data: { size: 50 } }] },
      { code: 'import asyncio\nasync def main():\n    await $0asyncio.gather(*[work(i) for i in range(10)])$0\n', options: { maxConcurrency: 4 }, errors: [{ messageId: 'largeSize', data: { size: 10, max: 4 } }] },
      // Import forms.
      { code: 'import asyncio as aio\nasync def main(urls):\n    await $0aio.gather(*[fetch(u) for u in urls])$0\n', errors: [{ messageId: 'unknownSize', data: { callee: 'aio.gather' } }] },
      { code: 'from asyncio import gather\nasync def main(urls):\n    await $0gather(*[fetch(u) for u in urls])$0\n', errors: [{ messageId: 'unknownSize', data: { callee: 'gather' } }] },
      // The per-task limiter trap.
      { code: 'import asyncio\nasync def fetch(u):\n    sem = asyncio.Semaphore(5)\n    async with sem:\n        return u\nasync def main(urls):\n    await $0asyncio.gather(*[fetch(u) for u in urls])$0\n',
        errors: [{ messageId: 'perTaskLimiter', data: { limiter: 'asyncio.Semaphore(5)', callee: 'asyncio.gather' } }] },
      { code: 'import asyncio\nasync def fetch(u):\n    async with asyncio.Semaphore(5):\n        return u\nasync def main(urls):\n    await $0asyncio.gather(*[fetch(u) for u in urls])$0\n', errors: [{ messageId: 'perTaskLimiter' }] },
      { code: 'import asyncio\nasync def fetch(sem, u):\n    async with sem:\n        return u\nasync def main(urls):\n    await $0asyncio.gather(*[fetch(asyncio.Semaphore(5), u) for u in urls])$0\n', errors: [{ messageId: 'perTaskLimiter', data: { limiter: 'asyncio.Semaphore(5)' } }] },
      // Suppression for another rule does not hide this one; a syntax error elsewhere does not hide it either.
      { code: 'import asyncio\nasync def main(urls):\n    await $0asyncio.gather(*[fetch(u) for u in urls])$0  # async-patterns: ignore[other-rule]\n', errors: [{ messageId: 'unknownSize' }] },
      { code: 'import asyncio\ndef broken(:\n    pass\nasync def main(urls):\n    await $0asyncio.gather(*[fetch(u) for u in urls])$0\n', errors: [{ messageId: 'unknownSize' }] },
      // A list grown after a known start.
      { code: 'import asyncio\nasync def main(extra):\n    hosts = ["db"]\n    hosts.extend(extra)\n    await $0asyncio.gather(*[ping(h) for h in hosts])$0\n', errors: [{ messageId: 'unknownSize' }] },
    ],
  });
});
