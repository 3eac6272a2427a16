/**
 * Conditions the code does not decide, in shapes of real code (from the real-world corpus,
 * `scripts/simulate-corpus.js`) that were predicted as "0 s": each takes the path a user expects to see, and says
 * so with its line.
 */
import { js, py, runCases, SimulationCase } from './simulationCases';

const cases: SimulationCase[] = [
  { name: 'JavaScript: `if (!item) continue;` on an undecided item is not taken: the item goes on through the loop', grammar: 'tsx', total: 1, peak: 1,
    says: ['`!item` is not decided by the code: not taken (the item goes on through the loop)'],
    linesOf: { '`!item`': 5 },
    source: js(`
      async function main(items, api) {
        for (const item of items) {
          if (!item) continue;
          await api.upload(item);
        }
      }
    `) },
  { name: 'Python: `if not ok: continue` with a body before it is not taken either', grammar: 'python', total: 1, peak: 1,
    says: ['`not spec.enabled` is not decided by the code: not taken (the item goes on through the loop)'],
    source: py(`
      async def main(specs, client):
          for spec in specs:
              if not spec.enabled:
                  print("skipped", spec)
                  continue
              await client.deploy(spec)
    `) },
  { name: 'JavaScript: a helper called while the module loads decides its conditions as any call does (a bundle copying a module\'s members)', grammar: 'tsx', total: 0.1, peak: 1,
    says: ['`e` is not decided by the code: taken (the body runs)', 'tag is among the properties copied from an unknown object'],
    linesOf: { '`e` is not decided': 6 },
    source: js(`
      var git = require("@changesets/git");
      function interopNamespace(e) {
        var n = Object.create(null);
        if (e) {
          Object.keys(e).forEach(function (k) {
            Object.defineProperty(n, k, { enumerable: true, get: function () { return e[k]; } });
          });
        }
        return Object.freeze(n);
      }
      var git__namespace = interopNamespace(git);
      async function main(tag, cwd) {
        await git__namespace.tag(tag, cwd);
      }
    `) },
  { name: 'Python: a module-level `if` still runs nothing undecided', grammar: 'python', total: 0.1, peak: 1,
    says: ['`FAST` is not decided at module level'],
    source: py(`
      import os
      FAST = os.environ.get("FAST")
      DELAY = 0.1
      if FAST:
          DELAY = 0
      async def main():
          await asyncio.sleep(DELAY)
    `) },
  { name: 'JavaScript: module state that starts as `{}` and a function replaces whole is unknown, not empty', grammar: 'tsx', fn: 'findIssue', total: 0.1, peak: 1,
    says: ['`!config.hasIssues` is not decided by the code: not taken (the straight path goes on)'],
    linesOf: { '`!config.hasIssues`': 8 },
    source: js(`
      let config = {};
      async function initRepo(repository) {
        config = { repository, hasIssues: true };
      }
      async function findIssue(title, api) {
        if (!config.hasIssues) {
          return null;
        }
        return await api.search(config.repository, title);
      }
    `) },
  { name: 'Python: a module-level `{}` a function rebinds with `global` is unknown, not empty', grammar: 'python', total: 0.1, peak: 1,
    says: ['`not _registry` is not decided by the code: not taken (the straight path goes on)'],
    source: py(`
      _registry = {}

      def configure(entries):
          global _registry
          _registry = dict(entries)

      async def main(name, client):
          if not _registry:
              return None
          return await client.fetch(_registry[name])
    `) },
  { name: 'JavaScript: a method alone reads a flag another method sets as unknown, not as the constructor\'s `false`', grammar: 'tsx', fn: 'StorageFunctions.dispatch', total: 0.1, peak: 1,
    says: ['enabled of the instance is set where the simulation cannot see', '`!this.enabled` is not decided by the code: not taken (the straight path goes on)'],
    source: js(`
      class StorageFunctions {
        constructor(projectId) {
          this.projectId = projectId;
          this.enabled = false;
        }
        enable() {
          this.enabled = true;
        }
        async dispatch(action, client) {
          if (!this.enabled) {
            return;
          }
          await client.post(this.projectId, action);
        }
      }
    `) },
  { name: 'JavaScript: a method alone reads an empty queue its constructor makes as a collection of unknown size', grammar: 'tsx', fn: 'WorkQueue.drain', total: 1, peak: 1,
    says: ['queue of the instance is set where the simulation cannot see'],
    source: js(`
      class WorkQueue {
        constructor() {
          this.queue = [];
        }
        submit(job) {
          this.queue.push(job);
        }
        async drain() {
          for (const job of this.queue) {
            await job.run();
          }
        }
      }
    `) },
  { name: 'Python: what the constructor sets and nothing else changes is still read (a semaphore of 2)', grammar: 'python', fn: 'Crawler.crawl', total: 0.5, peak: 2,
    says: ['self.limit is what Crawler.__init__'],
    source: py(`
      class Crawler:
          def __init__(self, session):
              self.session = session
              self.limit = asyncio.Semaphore(2)
              self.seen = {}

          async def fetch(self, url):
              async with self.limit:
                  await asyncio.sleep(0.1)

          async def crawl(self, urls):
              await asyncio.gather(*(self.fetch(u) for u in urls))
    `) },
];

describe('visualizer simulation: undecided conditions take the path a user expects', () => runCases(cases));
