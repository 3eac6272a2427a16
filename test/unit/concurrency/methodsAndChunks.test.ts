/**
 * What a function simulated alone takes from around it (issue 13's consistency test): a method reads what its class's
 * constructor sets (a limiter, a queue, a count), required keyword-only parameters are unknown rather than missing,
 * a slice of an unknown collection in a loop stepping by its size is a chunk of that size, and a limiter handed in
 * by a caller is a limiter when its name says so, as the rule takes it.
 */
import { js, py, runCases, SimulationCase } from './simulationCases';

const cases: SimulationCase[] = [
  {
    name: 'a method reads the semaphore its class\'s __init__ makes (8 at once, not 100)',
    grammar: 'python',
    source: py(`
      class Crawler:
          def __init__(self, session, urls, workers=3):
              self.session = session
              self.urls = urls
              self._sem = asyncio.Semaphore(8)
              self.retries = workers

          async def fetch(self, url):
              async with self._sem:
                  await asyncio.sleep(1)

          async def crawl(self):
              return await asyncio.gather(*[self.fetch(u) for u in self.urls])
    `),
    fn: 'crawl',
    options: { itemCount: 100 },
    total: 13,
    peak: 8,
    says: ['self._sem is what Crawler.__init__ (line 4) sets it to', 'self.urls: a collection of unknown size, 100 items assumed'],
    // A parameter's default is not what a caller passes: the attribute made of it stays unknown.
    saysNot: ['self.retries is what'],
    linesOf: { 'self._sem is what': 11 },
  },
  {
    name: 'a JavaScript method reads the limiter its constructor and fields make',
    grammar: 'typescript',
    source: js(`
      import pLimit from 'p-limit';

      class Sync {
        #gate = pLimit(4);
        constructor(ids) {
          this.ids = ids;
        }
        async run() {
          await Promise.all(this.ids.map(id => this.#gate(() => sleep(1000))));
        }
      }
    `),
    fn: 'run',
    options: { itemCount: 10 },
    total: 3,
    peak: 4,
    says: ['this.#gate is what Sync.constructor'],
  },
  {
    name: 'a constructor that raises sets nothing: its attributes stay unknown',
    grammar: 'python',
    source: py(`
      class Pool:
          def __init__(self, size):
              self._sem = asyncio.Semaphore(2)
              raise RuntimeError("not configured")

          async def run(self, jobs):
              async with self._sem:
                  await asyncio.sleep(1)
    `),
    fn: 'run',
    total: 1,
    peak: 1,
    says: ['_sem of the instance is set where the simulation cannot see'],
    saysNot: ['is what Pool.__init__'],
  },
  {
    name: 'an attribute the method sets again is its own, not the constructor\'s',
    grammar: 'python',
    source: py(`
      class Batch:
          def __init__(self):
              self.size = 2

          async def run(self):
              self.size = 3
              await asyncio.gather(*[asyncio.sleep(1) for _ in range(self.size)])
    `),
    fn: 'run',
    total: 1,
    peak: 3,
    saysNot: ['self.size is what'],
  },
  {
    name: 'required keyword-only parameters are unknown values, not None',
    grammar: 'python',
    source: py(`
      async def download(session, *, url, on_done):
          await session.get(url)
          on_done(url)
    `),
    fn: 'download',
    total: 0.1,
    peak: 1,
    saysNot: ['raises'],
  },
  {
    name: 'xs[i:i + n] in range(0, len(xs), n) is a chunk of n: 10 chunks of 10 for 100 items',
    grammar: 'python',
    source: py(`
      async def sync_in_chunks(ids):
          for i in range(0, len(ids), 10):
              await asyncio.gather(*[asyncio.sleep(0.1) for _ in ids[i:i + 10]])
    `),
    fn: 'sync_in_chunks',
    options: { itemCount: 100 },
    total: 1,
    peak: 10,
    says: ['len(ids) is taken as 100', 'a slice of ids: 10 items of a collection of unknown size, taken to have 100'],
  },
  {
    name: 'the last chunk holds what is left',
    grammar: 'python',
    source: py(`
      async def sync_in_chunks(ids):
          for i in range(0, len(ids), 4):
              await asyncio.gather(*[asyncio.sleep(1) for _ in ids[i:i + 4]])
    `),
    fn: 'sync_in_chunks',
    options: { itemCount: 10 },
    total: 3,
    peak: 4,
    says: ['a slice of ids: 2 items'],
  },
  {
    name: 'xs.slice(i, i + N) in a loop stepping by N is a chunk of N (JavaScript)',
    grammar: 'typescript',
    source: js(`
      async function syncInChunks(ids) {
        for (let i = 0; i < ids.length; i += 10) {
          await Promise.all(ids.slice(i, i + 10).map(() => sleep(100)));
        }
      }
    `),
    fn: 'syncInChunks',
    options: { itemCount: 100 },
    total: 1,
    peak: 10,
    says: ['ids.slice(i, i + 10): 10 items of a collection of unknown size, taken to have 100'],
  },
  {
    name: 'a limiter handed in is a limiter when its name says so, with the rule\'s limit assumed',
    grammar: 'typescript',
    source: js(`
      async function buildReport(limiter, queries) {
        return Promise.all(queries.map(query => limiter.run(() => sleep(1000))));
      }
    `),
    fn: 'buildReport',
    options: { itemCount: 100 },
    total: 7,
    peak: 16,
    says: ['limiter is taken as a limiter, as its name says (as the rule does): its permits are not in the code, 16 assumed'],
  },
  {
    name: 'the what-if limit replaces the permits assumed for a limiter handed in',
    grammar: 'typescript',
    source: js(`
      async function buildReport(pool, queries) {
        return Promise.all(queries.map(query => pool.submit(() => sleep(1000))));
      }
    `),
    fn: 'buildReport',
    options: { itemCount: 10, limitOverride: 5 },
    total: 2,
    peak: 5,
    says: ['Limit of 16 replaced by 5'],
  },
  {
    name: 'an object whose name is no limiter\'s is not taken as one',
    grammar: 'typescript',
    source: js(`
      async function buildReport(client, queries) {
        return Promise.all(queries.map(query => client.run(() => sleep(1000))));
      }
    `),
    fn: 'buildReport',
    options: { itemCount: 20 },
    // Each call is unknown I/O (100 ms, what Promise.all waits for) that calls its function back after 100 ms.
    total: 0.1,
    peak: 40,
    saysNot: ['taken as a limiter'],
  },
];

describe('functions simulated alone: constructors, chunks and limiters handed in', () => {
  runCases(cases);
});
