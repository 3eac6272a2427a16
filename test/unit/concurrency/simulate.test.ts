/**
 * The visualizer's prediction, construct by construct and language by language: each case is a small program, the
 * async function to simulate, and what the event loop would do (total, peak, and where it matters, exact spans).
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { visualize } from '../../../src/engine/concurrency/visualize';
import { SimulationOptions, Timeline } from '../../../src/engine/concurrency/timeline';
import { timelineOf } from './timelineOf';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { GrammarId } from '../../../src/engine/languages';
import { dedent } from '../rules/ruleTester';

const grammars = new GrammarLoader(packageWasmLocator());
const examples = path.resolve(__dirname, '..', '..', '..', '..', 'examples');

/** Spans as `task label: state start-end` lines, sorted, for exact comparisons. */
function spanLines(timeline: Timeline): string[] {
  const label = (id: number) => timeline.tasks.find(t => t.id === id)!.label;
  return timeline.spans.map(s => `${label(s.task)}: ${s.state} ${s.start}-${s.end}`).sort();
}

interface Case {
  name: string;
  grammar: GrammarId;
  source: string;
  fn: string;
  total: number;
  peak: number;
  sequential?: number;
  outcome?: Timeline['outcome'];
  spans?: string[];
  options?: Partial<SimulationOptions>;
  /** Substrings expected in the assumptions or notes. */
  says?: string[];
}

const py = (source: string) => `import asyncio\n\n${dedent(source)}`;

const cases: Case[] = [
  // ---- the seed's four examples (the accuracy bar) ----
  { name: 'seed 1: gather runs three 1 s fetches at once', grammar: 'python', source: fs.readFileSync(path.join(examples, 'seed_1_gather.py'), 'utf8'), fn: 'main', total: 1, peak: 3, sequential: 3 },
  { name: 'seed 2: a shared Semaphore(2) over five tasks', grammar: 'python', source: fs.readFileSync(path.join(examples, 'seed_2_semaphore.py'), 'utf8'), fn: 'main', total: 3, peak: 2, sequential: 5 },
  { name: 'seed 3: producer and consumer over a queue, sentinel shutdown', grammar: 'python', source: fs.readFileSync(path.join(examples, 'seed_3_queue.py'), 'utf8'), fn: 'main', total: 5.5, peak: 2, sequential: 7.5 },
  { name: 'seed 4: wait_for cancels the 5 s task at 2 s', grammar: 'python', source: fs.readFileSync(path.join(examples, 'seed_4_timeout.py'), 'utf8'), fn: 'main', total: 2, peak: 1,
    spans: ['long_task(): cancelled 0-2', 'main(): timedOut 0-2'] },
  { name: 'seed 1 in TypeScript: Promise.all over map', grammar: 'typescript', source: fs.readFileSync(path.join(examples, 'seed_1_gather.ts'), 'utf8'), fn: 'main', total: 1, peak: 3 },
  { name: 'seed 2 in JavaScript: two workers over a shared iterator', grammar: 'tsx', source: fs.readFileSync(path.join(examples, 'seed_2_limit.mjs'), 'utf8'), fn: 'main', total: 3, peak: 2, sequential: 5 },
  { name: 'seed 3 in JavaScript: a hand-written queue class with deferred promises', grammar: 'tsx', source: fs.readFileSync(path.join(examples, 'seed_3_queue.mjs'), 'utf8'), fn: 'main', total: 5.5, peak: 2, sequential: 7.5 },
  { name: 'seed 4 in JavaScript: Promise.race does not cancel the long task', grammar: 'tsx', source: fs.readFileSync(path.join(examples, 'seed_4_timeout.mjs'), 'utf8'), fn: 'main', total: 2, peak: 1,
    spans: ['longTask(): running 0-5', 'main(): awaiting 0-2'], says: ['still running when main returned'] },

  // ---- Python constructs ----
  { name: 'sequential awaits add up', grammar: 'python', fn: 'main', total: 1.5, peak: 1,
    source: py(`
      async def main():
          await asyncio.sleep(1)
          await asyncio.sleep(0.5)
    `) },
  { name: 'an awaited call of the file is a task of its own', grammar: 'python', fn: 'main', total: 0.3, peak: 1,
    spans: ['main(): awaiting 0-0.3', 'step(): running 0-0.3'],
    source: py(`
      async def step():
          await asyncio.sleep(0.3)

      async def main():
          await step()
    `) },
  { name: 'unknown I/O takes the default latency and is listed as an assumption', grammar: 'python', fn: 'main', total: 0.2, peak: 1, options: { defaultLatency: 0.2 },
    says: ['session.get(url): I/O of unknown duration, 200 ms assumed'],
    source: py(`
      async def main(session, url):
          return await session.get(url)
    `) },
  { name: 'gather over a parameter of unknown size uses the assumed item count', grammar: 'python', fn: 'main', total: 0.1, peak: 7, options: { itemCount: 7 },
    says: ['urls: a collection of unknown size, 7 items assumed'],
    source: py(`
      async def main(urls):
          await asyncio.gather(*[fetch(u) for u in urls])
    `) },
  { name: 'a semaphore created per task limits nothing', grammar: 'python', fn: 'main', total: 1, peak: 4,
    source: py(`
      async def work(i):
          async with asyncio.Semaphore(1):
              await asyncio.sleep(1)

      async def main():
          await asyncio.gather(*(work(i) for i in range(4)))
    `) },
  { name: 'a semaphore hands permits out first come, first served', grammar: 'python', fn: 'main', total: 3, peak: 1,
    spans: ['main(): awaiting 0-3', 'work(sem, 0): running 0-1', 'work(sem, 1): running 1-2', 'work(sem, 1): waiting 0-1', 'work(sem, 2): running 2-3', 'work(sem, 2): waiting 0-2'],
    source: py(`
      async def work(sem, i):
          async with sem:
              await asyncio.sleep(1)

      async def main():
          sem = asyncio.Semaphore(1)
          await asyncio.gather(*[work(sem, i) for i in range(3)])
    `) },
  { name: 'acquire and release by hand', grammar: 'python', fn: 'main', total: 2, peak: 2,
    source: py(`
      async def work(sem):
          await sem.acquire()
          try:
              await asyncio.sleep(1)
          finally:
              sem.release()

      async def main():
          sem = asyncio.Semaphore(2)
          await asyncio.gather(*[work(sem) for _ in range(4)])
    `) },
  { name: 'the limit override replaces the semaphore size', grammar: 'python', fn: 'main', total: 1, peak: 4, options: { limitOverride: 4 }, says: ['replaced by 4'],
    source: py(`
      async def work(sem):
          async with sem:
              await asyncio.sleep(1)

      async def main():
          sem = asyncio.Semaphore(1)
          await asyncio.gather(*[work(sem) for _ in range(4)])
    `) },
  { name: 'a TaskGroup waits for its tasks at the end of the block', grammar: 'python', fn: 'main', total: 2, peak: 2,
    source: py(`
      async def work(seconds):
          await asyncio.sleep(seconds)

      async def main():
          async with asyncio.TaskGroup() as tg:
              tg.create_task(work(1))
              tg.create_task(work(2))
    `) },
  { name: 'create_task then await: the task runs while main sleeps', grammar: 'python', fn: 'main', total: 1, peak: 2,
    source: py(`
      async def work():
          await asyncio.sleep(1)

      async def main():
          task = asyncio.create_task(work())
          await asyncio.sleep(0.5)
          await task
    `) },
  { name: 'asyncio.timeout cancels the block at the deadline and the except clause runs', grammar: 'python', fn: 'main', total: 1.5, peak: 1,
    spans: ['main(): cancelled 0-1', 'main(): running 1-1.5'],
    source: py(`
      async def main():
          try:
              async with asyncio.timeout(1):
                  await asyncio.sleep(5)
          except TimeoutError:
              await asyncio.sleep(0.5)
    `) },
  { name: 'wait_for that finishes in time raises nothing', grammar: 'python', fn: 'main', total: 1, peak: 1, outcome: 'returned',
    source: py(`
      async def main():
          await asyncio.wait_for(asyncio.sleep(1), timeout=3)
    `) },
  { name: 'an uncaught timeout makes the function raise', grammar: 'python', fn: 'main', total: 1, peak: 1, outcome: 'raised', says: ['main raises TimeoutError'],
    source: py(`
      async def main():
          await asyncio.wait_for(asyncio.sleep(5), 1)
    `) },
  { name: 'cancelling a gather by timeout cancels every child', grammar: 'python', fn: 'main', total: 1, peak: 3,
    spans: ['main(): timedOut 0-1', 'work(1): cancelled 0-1', 'work(2): cancelled 0-1', 'work(3): cancelled 0-1'],
    source: py(`
      async def work(n):
          await asyncio.sleep(n + 1)

      async def main():
          try:
              await asyncio.wait_for(asyncio.gather(work(1), work(2), work(3)), timeout=1)
          except asyncio.TimeoutError:
              pass
    `) },
  { name: 'a worker pool: join waits for task_done, then the workers are cancelled', grammar: 'python', fn: 'main', total: 3, peak: 2,
    source: py(`
      async def worker(queue):
          while True:
              item = await queue.get()
              await asyncio.sleep(1)
              queue.task_done()

      async def main():
          queue = asyncio.Queue()
          for i in range(6):
              queue.put_nowait(i)
          workers = [asyncio.create_task(worker(queue)) for _ in range(2)]
          await queue.join()
          for w in workers:
              w.cancel()
          await asyncio.gather(*workers, return_exceptions=True)
    `) },
  { name: 'a consumer that never calls task_done leaves join waiting forever', grammar: 'python', fn: 'main', total: 3, peak: 1, outcome: 'deadlocked',
    says: ['main never finishes', 'waiting for task_done()'],
    source: py(`
      async def worker(queue):
          while True:
              item = await queue.get()
              await asyncio.sleep(1)

      async def main():
          queue = asyncio.Queue()
          for i in range(3):
              await queue.put(i)
          asyncio.create_task(worker(queue))
          await queue.join()
    `) },
  { name: 'a bounded queue blocks the producer while it is full', grammar: 'python', fn: 'main', total: 3, peak: 1,
    spans: ['producer(queue): blocked 0-1', 'producer(queue): blocked 1-2'],
    source: py(`
      async def producer(queue):
          for i in range(3):
              await queue.put(i)
          await queue.put(None)

      async def consumer(queue):
          while (item := await queue.get()) is not None:
              await asyncio.sleep(1)

      async def main():
          queue = asyncio.Queue(maxsize=1)
          await asyncio.gather(producer(queue), consumer(queue))
    `) },
  { name: 'as_completed hands results over as they finish', grammar: 'python', fn: 'main', total: 3, peak: 3,
    source: py(`
      async def work(n):
          await asyncio.sleep(n)
          return n

      async def main():
          for next_done in asyncio.as_completed([work(3), work(1), work(2)]):
              await next_done
    `) },
  { name: 'asyncio.wait with FIRST_COMPLETED returns at the first, leaving the other running', grammar: 'python', fn: 'main', total: 1, peak: 2,
    says: ['1 task was still running when main returned'],
    source: py(`
      async def work(n):
          await asyncio.sleep(n)

      async def main():
          done, pending = await asyncio.wait([asyncio.create_task(work(1)), asyncio.create_task(work(3))], return_when=asyncio.FIRST_COMPLETED)
    `) },
  { name: 'asyncio.wait with a timeout returns at the deadline and cancels nothing', grammar: 'python', fn: 'main', total: 1.5, peak: 3,
    spans: ['main(): awaiting 0-1.5', 'work(2): running 0-2', 'work(3): running 0-3'],
    source: py(`
      async def work(n):
          await asyncio.sleep(n)

      async def main():
          done, pending = await asyncio.wait([asyncio.create_task(work(n)) for n in (1, 2, 3)], timeout=1.5)
    `) },
  { name: 'asyncio.wait by default waits for all', grammar: 'python', fn: 'main', total: 3, peak: 3,
    source: py(`
      async def work(n):
          await asyncio.sleep(n)

      async def main():
          await asyncio.wait([asyncio.create_task(work(n)) for n in (1, 2, 3)])
    `) },
  { name: 'recursion is not followed forever', grammar: 'python', fn: 'walk', total: 0.1, peak: 1, says: ['Recursive call to walk'],
    source: py(`
      async def walk(node):
          await walk(node)
    `) },
  { name: 'a heartbeat that never ends is cut off and marked truncated', grammar: 'python', fn: 'main', total: 49999, peak: 1, outcome: 'truncated', options: { maxTasks: 100 }, says: ['The simulation stopped after 100001 steps'],
    source: py(`
      async def main():
          while True:
              await asyncio.sleep(1)
    `) },

  { name: 'a Python class holding its semaphore: methods and self are followed', grammar: 'python', fn: 'main', total: 2, peak: 2,
    source: py(`
      class Client:
          def __init__(self, limit):
              self.sem = asyncio.Semaphore(limit)

          async def get(self, i):
              async with self.sem:
                  await asyncio.sleep(1)

      async def main():
          client = Client(2)
          await asyncio.gather(*[client.get(i) for i in range(4)])
    `) },
  { name: 'None passed as an argument stays None', grammar: 'python', fn: 'main', total: 1, peak: 1,
    source: py(`
      async def wait_unless(item):
          if item is None:
              await asyncio.sleep(1)

      async def main():
          await wait_unless(None)
    `) },

  // ---- JavaScript / TypeScript constructs ----
  { name: 'sequential awaits in a loop add up', grammar: 'typescript', fn: 'main', total: 0.3, peak: 1,
    source: `
      const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
      async function main() {
        for (let i = 0; i < 3; i++) {
          await sleep(100);
        }
      }
    ` },
  { name: 'promises started before they are awaited overlap', grammar: 'typescript', fn: 'main', total: 0.2, peak: 2,
    source: `
      const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
      async function slow(ms: number) { await sleep(ms); }
      async function main() {
        const a = slow(200);
        const b = slow(100);
        await a;
        await b;
      }
    ` },
  { name: 'p-limit bounds the calls it wraps', grammar: 'typescript', fn: 'main', total: 0.3, peak: 2,
    source: `
      import pLimit from 'p-limit';
      const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
      async function work(i: number) { await sleep(100); }
      export async function main() {
        const limit = pLimit(2);
        await Promise.all([0, 1, 2, 3, 4, 5].map(i => limit(() => work(i))));
      }
    ` },
  { name: 'p-map with a concurrency option', grammar: 'typescript', fn: 'main', total: 0.2, peak: 3,
    source: `
      import pMap from 'p-map';
      import { setTimeout as delay } from 'node:timers/promises';
      async function work(i: number) { await delay(100); }
      export async function main() {
        await pMap([1, 2, 3, 4, 5, 6], work, { concurrency: 3 });
      }
    ` },
  { name: 'p-queue: add and onIdle', grammar: 'typescript', fn: 'main', total: 0.2, peak: 2,
    source: `
      import PQueue from 'p-queue';
      const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
      export async function main() {
        const queue = new PQueue({ concurrency: 2 });
        for (let i = 0; i < 4; i++) queue.add(() => sleep(100));
        await queue.onIdle();
      }
    ` },
  { name: 'Promise.any resolves with the first success', grammar: 'typescript', fn: 'main', total: 0.1, peak: 2, says: ['still running when main returned'],
    source: `
      const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
      async function work(ms: number) { await sleep(ms); }
      export async function main() {
        await Promise.any([work(100), work(300)]);
      }
    ` },
  { name: 'Array.from({ length }) with a worker function', grammar: 'typescript', fn: 'main', total: 0.1, peak: 4,
    source: `
      const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
      async function worker() { await sleep(100); }
      export async function main() {
        await Promise.all(Array.from({ length: 4 }, () => worker()));
      }
    ` },
  { name: 'Array.from({ length: workers }) with a count the code does not decide makes the workers of a collection of unknown size, and says so',
    grammar: 'typescript', fn: 'copyTables', total: 0.1, peak: 5, options: { itemCount: 5 },
    says: ['Array.from({ length: workers }, () => work()): a collection of unknown size, 5 items assumed.'],
    source: `
      const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
      export async function copyTables(names: string[], workers: number) {
        const pending = [...names];
        async function work() {
          while (pending.length > 0) {
            pending.shift();
            await sleep(100);
          }
        }
        await Promise.all(Array.from({ length: workers }, () => work()));
      }
    ` },
  { name: 'AbortSignal.timeout ends a fetch at its deadline', grammar: 'typescript', fn: 'main', total: 0.05, peak: 1, outcome: 'raised', options: { defaultLatency: 0.1 },
    spans: ['main(): cancelled 0-0.05'],
    source: `
      export async function main(url: string) {
        return await fetch(url, { signal: AbortSignal.timeout(50) });
      }
    ` },
  { name: 'TypeScript: `await f<T>(...)` awaits the call (tree-sitter reads it as `(await f)<T>(...)`)', grammar: 'typescript', fn: 'main', total: 0.14, peak: 1,
    source: `
      const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms));
      async function load<T>(ms: number, value: T): Promise<T> {
        await sleep(ms);
        return value;
      }
      export async function main(): Promise<void> {
        await load<string>(100, 'a');
        await sleep(40);
      }
    ` },
  { name: 'TypeScript: `await Promise.all<void>([...])` and `await xs.reduce<Promise<void>>(...)` wait for what they combine', grammar: 'typescript', fn: 'main', total: 0.56, peak: 2,
    source: `
      const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms));
      export async function main(): Promise<void> {
        await Promise.all<void>([sleep(100), sleep(200)]);
        await [100, 100, 100].reduce<Promise<void>>((chain, ms) => chain.then(() => sleep(ms)), Promise.resolve());
        await sleep(60);
      }
    ` },
  { name: 'node:timers/promises setTimeout given a signal is cleared when it aborts, and rejects with an AbortError', grammar: 'typescript', fn: 'main', total: 0.3, peak: 1,
    spans: ['main(): cancelled 0-0.2'],
    source: `
      import { setTimeout as delay } from 'node:timers/promises';
      export async function main() {
        try {
          await delay(400, undefined, { signal: AbortSignal.timeout(200) });
        } catch (error) {
          if (error.name !== 'AbortError') throw error;
          await delay(100);
        }
      }
    ` },
  { name: 'node:timers/promises setTimeout given a signal already aborted rejects at once', grammar: 'typescript', fn: 'main', total: 0, peak: 0, outcome: 'raised',
    source: `
      import { setTimeout as delay } from 'node:timers/promises';
      export async function main() {
        const controller = new AbortController();
        controller.abort();
        await delay(400, undefined, { signal: controller.signal });
      }
    ` },
  { name: 'a try/catch around a rejected race carries on, while the loser still runs', grammar: 'typescript', fn: 'main', total: 0.15, peak: 2, says: ['still running when main returned'],
    source: `
      const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
      const timeout = (ms: number) => new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms));
      export async function main() {
        try {
          await Promise.race([sleep(1000), timeout(100)]);
        } catch {
          await sleep(50);
        }
      }
    ` },
  // Every timer is work from its start until it fires (as the real runs measure it), a stored resolve's too.
  { name: 'a deferred promise settles when a setTimeout callback calls its stored resolve', grammar: 'typescript', fn: 'main', total: 0.3, peak: 1,
    spans: ['main(): running 0-0.3'],
    source: `
      export async function main() {
        let release = () => {};
        const gate = new Promise<void>(resolve => { release = resolve; });
        setTimeout(() => release(), 300);
        await gate;
      }
    ` },
  { name: 'a cleared timer never fires, and the function waits forever', grammar: 'typescript', fn: 'main', total: 0, peak: 0, outcome: 'deadlocked',
    source: `
      export async function main() {
        let release = () => {};
        const gate = new Promise<void>(resolve => { release = resolve; });
        const timer = setTimeout(() => release(), 300);
        clearTimeout(timer);
        await gate;
      }
    ` },
  { name: 'Promise.all over ids.map of a fetch: the assumed count at once', grammar: 'typescript', fn: 'loadUsers', total: 0.2, peak: 5, options: { itemCount: 5 },
    source: fs.readFileSync(path.join(examples, 'unbounded_fanout.ts'), 'utf8') },
];

describe('visualizer simulation', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const timeline = await timelineOf(c.grammar, c.source, c.fn, c.options);
      assert.equal(timeline.totalTime, c.total, 'total time');
      assert.equal(timeline.peakConcurrency, c.peak, 'peak concurrency');
      if (c.sequential !== undefined) assert.equal(timeline.sequentialTime, c.sequential, 'sequential time');
      assert.equal(timeline.outcome, c.outcome ?? 'returned');
      assert.equal(timeline.truncated, c.outcome === 'truncated');
      if (c.spans) for (const span of c.spans) assert.ok(spanLines(timeline).includes(span), `span ${span} in\n${spanLines(timeline).join('\n')}`);
      const said = [...timeline.assumptions, ...timeline.notes].map(a => a.message).join('\n');
      for (const text of c.says ?? []) assert.ok(said.includes(text), `"${text}" in\n${said}`);
    });
  }

  it('gives the semaphore example exact spans, waiting included', async () => {
    const timeline = await timelineOf('python', fs.readFileSync(path.join(examples, 'seed_2_semaphore.py'), 'utf8'), 'main');
    assert.deepEqual(spanLines(timeline), [
      'limited_fetch(semaphore, 0): running 0-1',
      'limited_fetch(semaphore, 1): running 0-1',
      'limited_fetch(semaphore, 2): running 1-2',
      'limited_fetch(semaphore, 2): waiting 0-1',
      'limited_fetch(semaphore, 3): running 1-2',
      'limited_fetch(semaphore, 3): waiting 0-1',
      'limited_fetch(semaphore, 4): running 2-3',
      'limited_fetch(semaphore, 4): waiting 0-2',
      'main(): awaiting 0-3',
    ]);
    assert.deepEqual(timeline.concurrency, [{ time: 0, count: 2 }, { time: 1, count: 2 }, { time: 2, count: 1 }, { time: 3, count: 0 }]);
    assert.equal(timeline.speedUp, 1.666667);
    assert.equal(timeline.tasks.find(t => t.label === 'limited_fetch(semaphore, 0)')?.parent, 0);
  });

  it('stops at the real-time budget, so no program can hold up the editor', async () => {
    const timeline = await timelineOf('python', py(`
      async def main():
          while True:
              await asyncio.sleep(1)
    `), 'main', { maxMilliseconds: 0 });
    assert.equal(timeline.truncated, true);
    assert.ok(timeline.totalTime < 4096, 'cut at the first check, after 4096 steps');
  });

  it('simulates 10,000 gathered tasks', async () => {
    const timeline = await timelineOf('python', py(`
      async def main():
          await asyncio.gather(*[asyncio.sleep(1) for _ in range(10000)])
    `), 'main');
    assert.equal(timeline.tasks.length, 10001);
    assert.equal(timeline.peakConcurrency, 10000);
  });

  it('lists the async functions when the name is unknown', async () => {
    const text = py(`
      async def load():
          pass

      async def save():
          pass
    `);
    const tree = (await grammars.parserFor('python')).parse(text)!;
    const result = visualize({ tree, text, family: 'python' }, { name: 'main' });
    tree.delete();
    assert.deepEqual(result, { kind: 'error', message: 'No async function named main; async functions here: load, save.' });
  });
});
