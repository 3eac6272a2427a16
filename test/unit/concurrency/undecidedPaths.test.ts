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
];

describe('visualizer simulation: undecided conditions take the path a user expects', () => runCases(cases));
