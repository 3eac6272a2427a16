/**
 * Values the simulator computes with: module-level tables and comprehensions read before the function runs, dicts
 * keyed by tuples, objects and their keys, classes with instance state and private fields, closures, strings.
 * Durations come from the data, so a wrong value shows as a wrong total.
 */
import { js, py, runCases, SimulationCase } from './simulationCases';

const cases: SimulationCase[] = [
  // ---- module-level data ----
  { name: 'Python: a module table of dicts and module comprehensions decide how many and how long', grammar: 'python', total: 0.4, peak: 3,
    source: py(`
      SERVERS = [{"name": "a", "ms": 200}, {"name": "b", "ms": 400}, {"name": "c", "ms": 100}]
      LATENCY = {s["name"]: s["ms"] / 1000 for s in SERVERS}
      NAMES = [s["name"] for s in SERVERS]

      async def ping(name):
          await asyncio.sleep(LATENCY[name])

      async def main():
          await asyncio.gather(*(ping(n) for n in NAMES))
    `) },
  { name: 'Python: a dict keyed by tuples gives durations', grammar: 'python', total: 0.5, peak: 1,
    source: py(`
      LATENCY = {("r1", "k"): 0.2, ("r2", "k"): 0.3}

      async def read(replica, key):
          await asyncio.sleep(LATENCY[(replica, key)])

      async def main():
          await read("r1", "k")
          await read("r2", "k")
    `) },
  { name: 'Python: a missing key raises KeyError, which the code catches', grammar: 'python', total: 0.25, peak: 1,
    source: py(`
      TIMES = {"a": 0.1}

      async def main():
          for name in ["a", "b"]:
              try:
                  await asyncio.sleep(TIMES[name])
              except KeyError:
                  await asyncio.sleep(0.15)
    `) },
  { name: 'Python: membership in a module set decides which path runs', grammar: 'python', total: 0.3, peak: 2,
    source: py(`
      OFFLINE = {"b"}

      async def fetch(name):
          if name in OFFLINE:
              await asyncio.sleep(0.3)
              return None
          await asyncio.sleep(0.1)
          return name

      async def main():
          await asyncio.gather(fetch("a"), fetch("b"))
    `) },
  { name: 'JavaScript: Object.entries and Object.keys of a module object', grammar: 'tsx', total: 0.3, peak: 3,
    source: js(`
      const JOBS = { a: 100, b: 300, c: 200 };
      export async function main() {
        await Promise.all(Object.entries(JOBS).map(([name, ms]) => sleep(ms)));
        if (Object.keys(JOBS).length !== 3) await sleep(1000);
      }
    `) },
  { name: 'JavaScript: Object.fromEntries of a mapped module table', grammar: 'tsx', total: 0.24, peak: 1,
    source: js(`
      const SITE = { '/': { kb: 100 }, '/docs': { kb: 20 } };
      const MS = Object.fromEntries(Object.entries(SITE).map(([path, page]) => [path, 2 * page.kb]));
      export async function main() {
        await sleep(MS['/']);
        await sleep(MS['/docs']);
      }
    `) },
  { name: 'JavaScript: arrays of objects, spread, destructuring with defaults', grammar: 'tsx', total: 0.35, peak: 1,
    source: js(`
      const BASE = { ms: 100 };
      const ITEMS = [{ ...BASE, id: 'a' }, { id: 'b', ms: 250 }];
      export async function main() {
        for (const { ms = 0, id } of ITEMS) await sleep(ms);
      }
    `) },
  { name: 'JavaScript: a Map and a Set as state', grammar: 'tsx', total: 0.2, peak: 1,
    source: js(`
      const seen = new Set();
      const durations = new Map([['x', 100], ['y', 300]]);
      export async function main() {
        for (const key of ['x', 'x', 'z']) {
          if (seen.has(key)) continue;
          seen.add(key);
          await sleep(durations.get(key) ?? 100);
        }
      }
    `) },

  // ---- classes and state ----
  { name: 'Python: a retry counter in the instance fails the first tries', grammar: 'python', total: 0.6, peak: 1,
    source: py(`
      FAILS = {"a": 2}

      class Client:
          def __init__(self):
              self.attempts = {}

          async def get(self, name):
              attempt = self.attempts.get(name, 0)
              self.attempts[name] = attempt + 1
              await asyncio.sleep(0.1)
              if attempt < FAILS.get(name, 0):
                  raise ConnectionError(name)

      async def main():
          client = Client()
          for attempt in range(5):
              try:
                  return await client.get("a")
              except ConnectionError:
                  await asyncio.sleep(0.1 * 2 ** attempt)
    `) },
  { name: 'JavaScript: private fields and methods hold a class\'s state', grammar: 'tsx', total: 0.3, peak: 1,
    source: js(`
      class Counter {
        #count = 0;
        #step;
        constructor(step) { this.#step = step; }
        #next() { return (this.#count += this.#step); }
        async tick() { await sleep(this.#next()); }
      }
      export async function main() {
        const counter = new Counter(100);
        await counter.tick();
        await counter.tick();
      }
    `) },
  { name: 'TypeScript: parameter properties and a class extending another', grammar: 'typescript', total: 0.3, peak: 1,
    source: `
      const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms));
      class Base {
        constructor(protected readonly ms: number) {}
        async run(): Promise<void> { await sleep(this.ms); }
      }
      class Twice extends Base {
        async run(): Promise<void> { await super.run(); await super.run(); }
      }
      export async function main(): Promise<void> {
        await new Twice(150).run();
      }
    ` },
  { name: 'Python: a closure counts attempts', grammar: 'python', total: 0.3, peak: 1,
    source: py(`
      def make():
          calls = 0

          async def call():
              nonlocal calls
              calls += 1
              await asyncio.sleep(0.1 * calls)

          return call

      async def main():
          call = make()
          await call()
          await call()
    `) },
  { name: 'Python: a dataclass, a property and class attributes', grammar: 'python', total: 0.5, peak: 1,
    source: py(`
      from dataclasses import dataclass

      @dataclass
      class Job:
          name: str
          seconds: float = 0.2

          @property
          def doubled(self):
              return self.seconds * 2

      async def main():
          await asyncio.sleep(Job("a", 0.15).doubled)
          await asyncio.sleep(Job("b").seconds)
    `) },

  // ---- strings, numbers and the languages' library ----
  { name: 'Python: f-strings and string methods build the keys', grammar: 'python', total: 0.3, peak: 1,
    source: py(`
      TIMES = {"API-1": 0.1, "API-2": 0.2}

      async def main():
          for n in range(1, 3):
              key = f"{'api'.upper()}-{n}"
              await asyncio.sleep(TIMES[key])
    `) },
  { name: 'JavaScript: template strings, split and join build the keys', grammar: 'tsx', total: 0.3, peak: 1,
    source: js(`
      const MS = { 'a/b': 100, 'c/d': 200 };
      export async function main() {
        for (const pair of 'a:b,c:d'.split(',')) await sleep(MS[pair.split(':').join('/')]);
      }
    `) },
  { name: 'Python: json.loads of what json.dumps made, sum, min and sorted', grammar: 'python', total: 0.9, peak: 1,
    source: py(`
      import json

      async def main():
          data = json.loads(json.dumps({"a": [0.1, 0.2, 0.3]}))
          await asyncio.sleep(sum(data["a"]))
          await asyncio.sleep(min(sorted(data["a"], reverse=True)))
          await asyncio.sleep(max(data["a"]) - 0.1)
    `) },
  { name: 'JavaScript: Math, JSON and a regex match decide durations', grammar: 'tsx', total: 0.5, peak: 1,
    source: js(`
      export async function main() {
        const { ms } = JSON.parse(JSON.stringify({ ms: 120.4 }));
        await sleep(Math.round(ms) + Math.max(80, 30));
        const [, n] = 'wait=300'.match(/wait=(\\d+)/);
        await sleep(Number(n));
      }
    `) },
  { name: 'JavaScript: Buffer.from is synchronous; only the awaited body takes time', grammar: 'tsx', total: 0.2, peak: 1,
    says: ['response.arrayBuffer()'], saysNot: ['Buffer.from'],
    source: `
      export async function main(url) {
        const response = await fetch(url);
        const data = Buffer.from(await response.arrayBuffer());
        return data.length;
      }
    ` },
  { name: 'Python: a call of something unknown that is not awaited takes no time', grammar: 'python', total: 0.1, peak: 1,
    saysNot: ['json.loads'],
    source: py(`
      import json

      async def main(response):
          body = json.loads(await response.text())
          return body
    `) },
];

describe('visualizer simulation: values', () => runCases(cases));
