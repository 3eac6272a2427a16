/**
 * A `yield` that a syntax error leaves outside any function (half-typed code): the simulator took it as the
 * simulated function's own yield, handed a value that is no wait to the scheduler and threw "wait.register is not a
 * function" (found by the fuzz test, seed 20251111). It is an unknown value now: the simulation ends normally.
 */
import * as assert from 'assert/strict';
import { GrammarId } from '../../../src/engine/languages';
import { timelineOf } from './timelineOf';

const cases: Array<{ grammar: GrammarId; name: string; source: string }> = [
  {
    grammar: 'python',
    name: 'fetch_politely',
    source: `
      async def fetch_politely(session, url):
          def __init__(self, session, urls):
       yield    async def crawl_politely(self):
      async def worker(session, queue, results):
    `,
  },
  {
    grammar: 'typescript',
    name: 'main',
    source: `
      yield 1;
      async function main() {
        await new Promise(resolve => setTimeout(resolve, 100));
      }
    `,
  },
];

describe('a yield outside any function', () => {
  for (const c of cases) {
    it(`${c.grammar}: ${c.name} is simulated without an internal error`, async () => {
      const timeline = await timelineOf(c.grammar, c.source, c.name, { itemCount: 3, defaultLatency: 0, limitOverride: 1 });
      assert.notEqual(timeline.outcome, 'deadlocked');
    });
  }
});
