/**
 * Iteration the simulator follows through the code's own classes: Python's `__iter__` / `__aiter__` protocols,
 * JavaScript's `[Symbol.iterator]` / `[Symbol.asyncIterator]` methods, and the instance a method is simulated on.
 */
import { js, py, runCases, SimulationCase } from './simulationCases';

const cases: SimulationCase[] = [
  { name: 'Python: a paginator with __aiter__ and __anext__ is walked by async for, StopAsyncIteration ends it', grammar: 'python', total: 0.4, peak: 1,
    source: py(`
      class Pages:
          def __init__(self, delays):
              self.delays = delays
              self.index = 0

          def __aiter__(self):
              return self

          async def __anext__(self):
              if self.index >= len(self.delays):
                  raise StopAsyncIteration
              delay = self.delays[self.index]
              self.index += 1
              await asyncio.sleep(delay)
              return delay

      async def main():
          async for _ in Pages([0.1, 0.2, 0.1]):
              pass
    `) },
  { name: 'Python: __iter__ written as a generator gives the items of a for loop and of list()', grammar: 'python', total: 0.6, peak: 1,
    source: py(`
      class Delays:
          def __init__(self, n):
              self.n = n

          def __iter__(self):
              for i in range(self.n):
                  yield i * 0.1

      async def main():
          for delay in Delays(3):
              await asyncio.sleep(delay)
          await asyncio.sleep(sum(list(Delays(3))))
    `) },
  { name: 'Python: __aiter__ as an async generator method', grammar: 'python', total: 0.3, peak: 1,
    source: py(`
      class Feed:
          async def __aiter__(self):
              for delay in (0.1, 0.2):
                  await asyncio.sleep(delay)
                  yield delay

      async def main():
          async for _ in Feed():
              pass
    `) },
  { name: 'Python: a method of a mixin iterating self, simulated alone, walks assumed items', grammar: 'python', fn: 'Lister.collect', total: 1, peak: 1,
    says: ['a collection of unknown size, 10 items assumed'],
    source: py(`
      class Lister:
          async def collect(self):
              items = []
              async for item in self:
                  items.append(item)
              return items
    `) },
  { name: 'JavaScript: [Symbol.asyncIterator]() returning an object with an async next()', grammar: 'tsx', total: 0.4, peak: 1,
    source: js(`
      class Pages {
        constructor(delays) { this.delays = delays; }
        [Symbol.asyncIterator]() {
          let i = 0;
          const delays = this.delays;
          return {
            async next() {
              if (i >= delays.length) return { done: true, value: undefined };
              const delay = delays[i++];
              await sleep(delay);
              return { done: false, value: delay };
            },
          };
        }
      }
      export async function main() {
        for await (const _ of new Pages([100, 200, 100])) {}
      }
    `) },
  { name: 'JavaScript: an async generator method [Symbol.asyncIterator], and a spread of [Symbol.iterator]', grammar: 'tsx', total: 0.45, peak: 1,
    source: js(`
      class Stream {
        async *[Symbol.asyncIterator]() {
          for (const ms of [100, 50]) { await sleep(ms); yield ms; }
        }
      }
      class Delays {
        *[Symbol.iterator]() { yield 100; yield 200; }
      }
      export async function main() {
        for await (const _ of new Stream()) {}
        await sleep(Math.max(...new Delays()) + 100);
      }
    `) },
  { name: 'Python: an instance of a class with an unknown base may be indexed, iterated and called', grammar: 'python', total: 0.3, peak: 1,
    source: py(`
      import collections

      class Registry(collections.UserDict):
          pass

      async def main():
          registry = Registry()
          for _ in registry["jobs"]:
              pass
          registry()
          await asyncio.sleep(0.3)
    `) },
  { name: 'Python: a decorator written as a class with __call__ wraps the method', grammar: 'python', total: 0.3, peak: 1,
    source: py(`
      class Slow:
          def __init__(self, seconds):
              self.seconds = seconds

          def __call__(self, f):
              async def wrapper(*args):
                  await asyncio.sleep(self.seconds)
                  return await f(*args)
              return wrapper

      @Slow(0.2)
      async def fetch():
          await asyncio.sleep(0.1)

      async def main():
          await fetch()
    `) },
  { name: 'JavaScript: `break` out of `for await` closes the generator: its `finally` runs, awaited, before the next statement', grammar: 'tsx', total: 0.4, peak: 1,
    source: js(`
      async function* rows() {
        try {
          for (let i = 0; i < 5; i++) {
            await sleep(100);
            yield i;
          }
        } finally {
          await sleep(200);
        }
      }
      async function main() {
        for await (const row of rows()) {
          if (row === 1) break;
        }
      }
    `) },
  { name: 'JavaScript: a throw in the loop body closes the generator too, before the catch runs', grammar: 'tsx', total: 0.5, peak: 1,
    source: js(`
      async function* rows() {
        try {
          for (let i = 0; i < 5; i++) {
            await sleep(100);
            yield i;
          }
        } finally {
          await sleep(200);
        }
      }
      async function main() {
        try {
          for await (const row of rows()) {
            if (row === 1) throw new Error('bad row');
          }
        } catch {
          await sleep(100);
        }
      }
    `) },
  { name: 'JavaScript: closing a chain of generator stages closes each stage it walks, down to the cursor whose `finally` sleeps while two uploads run (peak 3)', grammar: 'tsx', total: 0.4, peak: 3,
    source: js(`
      async function* pages() {
        try {
          for (let i = 0; i < 5; i++) {
            await sleep(100);
            yield i;
          }
        } finally {
          await sleep(200);
        }
      }
      async function* doubled(source) {
        for await (const item of source) yield item * 2;
      }
      async function main() {
        const uploads = [];
        for await (const item of doubled(pages())) {
          uploads.push(sleep(200));
          if (item === 2) break;
        }
        await Promise.all(uploads);
      }
    `) },
  { name: 'Python: `break` out of `async for` over a generator nothing else holds: the loop\'s finaliser starts `aclose()` as a task of its own, not awaited', grammar: 'python', total: 0.3, peak: 2,
    source: py(`
      async def rows():
          try:
              for i in range(5):
                  await asyncio.sleep(0.1)
                  yield i
          finally:
              await asyncio.sleep(0.2)

      async def main():
          async for row in rows():
              if row == 1:
                  break
          await asyncio.sleep(0.1)
    `) },
  { name: 'Python: a generator still held by a name (`pages = rows()`) is not closed when the loop breaks', grammar: 'python', total: 0.3, peak: 1,
    source: py(`
      async def rows():
          try:
              for i in range(5):
                  await asyncio.sleep(0.1)
                  yield i
          finally:
              await asyncio.sleep(0.2)

      async def main():
          pages = rows()
          async for row in pages:
              if row == 1:
                  break
          await asyncio.sleep(0.1)
    `) },
];

describe('visualizer simulation: iteration protocols', () => runCases(cases));
