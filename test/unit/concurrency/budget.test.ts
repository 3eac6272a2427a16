/**
 * The simulator's budget: a program that never ends, or builds ever larger values, stops with a truncated timeline
 * that names the budget that ran out; it never throws, never hangs, and never spends more than its budget.
 * Each case is a reproducer of issue 11 (before the budget, each hung, crashed the process or threw).
 */
import * as assert from 'assert/strict';
import { Budget, BudgetExhausted, budgetExhaustedBy, BudgetKind, budgetLimitsFor } from '../../../src/engine/concurrency/budget';
import { Simulation } from '../../../src/engine/concurrency/simulation';
import { defaultSimulationOptions, SimulationOptions, simulationBounds, Timeline, withinBounds } from '../../../src/engine/concurrency/timeline';
import { buildModel } from '../../../src/engine/concurrency/visualize';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { familyOf, GrammarId } from '../../../src/engine/languages';
import { dedent } from '../rules/ruleTester';
import { timelineOf } from './timelineOf';

const grammars = new GrammarLoader(packageWasmLocator());

/** Simulates `main` and returns the timeline with the budget it spent. No real-time budget: the counts decide. */
async function simulate(grammar: GrammarId, source: string, options: Partial<SimulationOptions> = {}): Promise<{ timeline: Timeline; budget: Budget }> {
  const text = dedent(source);
  const tree = (await grammars.parserFor(grammar)).parse(text)!;
  try {
    const program = buildModel({ tree, text, family: familyOf(grammar) });
    const simulation = new Simulation(program, { ...defaultSimulationOptions, maxMilliseconds: Infinity, ...options });
    return { timeline: simulation.run(program.functions.find(f => f.name === 'main')!), budget: simulation.budget };
  } finally {
    tree.delete();
  }
}

/** Every number in the timeline is finite: JSON would write Infinity and NaN as null, and the SVG would say NaN. */
function assertAllFinite(timeline: Timeline): void {
  const numbers: number[] = [timeline.totalTime, timeline.sequentialTime, timeline.speedUp, timeline.peakConcurrency];
  for (const span of timeline.spans) numbers.push(span.start, span.end);
  for (const step of timeline.concurrency) numbers.push(step.time, step.count);
  assert.ok(numbers.every(Number.isFinite), 'all numbers finite');
  assert.ok(!JSON.stringify(timeline).includes('null'), 'no null in the JSON');
}

interface Case {
  name: string;
  grammar: GrammarId;
  source: string;
  budget: BudgetKind;
  options?: Partial<SimulationOptions>;
}

const cases: Case[] = [
  // ---- loops whose body is empty never counted a step, and never ended ----
  { name: 'while True: pass', grammar: 'python', budget: 'steps', source: `
      async def main():
          while True:
              pass
    ` },
  { name: 'while (true) {}', grammar: 'typescript', budget: 'steps', source: `
      async function main() {
        while (true) {}
      }
    ` },
  { name: 'for (;;) {}', grammar: 'typescript', budget: 'steps', source: `
      async function main() {
        for (;;) {}
      }
    ` },
  { name: 'do {} while (true)', grammar: 'typescript', budget: 'steps', source: `
      async function main() {
        do {} while (true);
      }
    ` },
  { name: 'a for loop over an endless shared iterator that only continues', grammar: 'typescript', budget: 'steps', source: `
      async function main() {
        for (let i = 0; ; i++) { continue; }
      }
    ` },

  // ---- work inside expressions was not counted: a comprehension over a comprehension ran for a minute ----
  { name: 'a nested comprehension of 10^10 elements', grammar: 'python', budget: 'steps', source: `
      async def main():
          xs = [[x for x in range(100000)] for y in range(100000)]
    ` },
  // A range is lazy (`range(10 ** 12)` costs nothing, as in Python); a list of it is not.
  { name: 'a range too large to make into a list', grammar: 'python', budget: 'memory', source: `
      async def main():
          xs = list(range(10 ** 12))
    ` },

  // ---- values that double each turn: a fatal V8 "invalid size" abort, "Invalid string length" ----
  { name: 'a list doubling in a loop (Python)', grammar: 'python', budget: 'memory', source: `
      async def main():
          xs = [1]
          while True:
              xs = xs + xs
    ` },
  { name: 'a list doubling in a loop (push of a spread)', grammar: 'typescript', budget: 'memory', source: `
      async function main() {
        const xs = [1];
        while (true) { xs.push(...xs); }
      }
    ` },
  { name: 'a string doubling in a loop', grammar: 'python', budget: 'memory', source: `
      async def main():
          s = "a"
          while True:
              s = s + s
    ` },
  { name: 'a string doubling in a loop (JavaScript)', grammar: 'typescript', budget: 'memory', source: `
      async function main() {
        let s = "a";
        for (;;) { s = s + s; }
      }
    ` },

  // ---- the other budgets ----
  { name: 'more tasks than the task budget', grammar: 'python', budget: 'tasks', source: `
      import asyncio
      async def main():
          await asyncio.gather(*[asyncio.sleep(1) for _ in range(30000)])
    ` },
  { name: 'a heartbeat that records more waits than the span budget', grammar: 'python', budget: 'spans', source: `
      import asyncio
      async def main():
          while True:
              await asyncio.sleep(1)
    ` },
  { name: 'two sleeps of 1e308 s (their sum overflows to Infinity)', grammar: 'python', budget: 'simulatedTime', source: `
      import asyncio
      async def main():
          await asyncio.sleep(1e308)
          await asyncio.sleep(1e308)
    ` },
  { name: 'a timer of 1e308 ms', grammar: 'typescript', budget: 'simulatedTime', source: `
      async function main() {
        await new Promise(resolve => setTimeout(resolve, 1e308));
        await new Promise(resolve => setTimeout(resolve, 1e308));
      }
    ` },
  { name: 'a sleep of no number at all (0/0)', grammar: 'typescript', budget: 'simulatedTime', source: `
      async function main() {
        await new Promise(resolve => setTimeout(resolve, 0 / 0));
      }
    ` },
  { name: 'real time, read while a loop runs', grammar: 'python', budget: 'time', options: { maxMilliseconds: 0 }, source: `
      async def main():
          while True:
              pass
    ` },
  { name: 'real time, read while one gather starts 10,000 tasks in a single step', grammar: 'python', budget: 'time', options: { maxMilliseconds: 0, itemCount: 10000 }, source: `
      import asyncio
      async def main(requests):
          await asyncio.gather(*requests)
    ` },
];

describe('simulation budget', () => {
  for (const c of cases) {
    it(`stops ${c.name}: truncated, by its ${c.budget} budget, within it`, async () => {
      const { timeline, budget } = await simulate(c.grammar, c.source, c.options);
      assert.equal(timeline.outcome, 'truncated');
      assert.equal(timeline.truncated, true);
      assert.equal(timeline.budgetExhausted, c.budget);
      const note = timeline.notes.map(n => n.message).find(message => message.startsWith('The simulation stopped after'));
      assert.ok(note?.includes(budget.describe()), `the note names the budget: ${note}`);
      // One count past a limit is what stops the simulation; nothing is spent after it.
      const limits = budget.limits;
      if (c.budget === 'time') assert.ok(budget.tasks <= 64 + 1, `the clock is read every 64 tasks: ${budget.tasks} tasks`);
      assert.ok(budget.steps <= limits.maxSteps + 1, `${budget.steps} steps`);
      assert.ok(budget.tasks <= limits.maxTasks + 1, `${budget.tasks} tasks`);
      assert.ok(budget.spans <= limits.maxSpans + 1, `${budget.spans} spans`);
      assertAllFinite(timeline);
    });
  }

  it('reads the clock while it builds one large list (a fuzzed `Array.from({ length: 1_000_000 }, ...)` ran 100-500 ms in that one step on a 30 ms budget)', async () => {
    const { timeline, budget } = await simulate('typescript', `
      async function main() {
        await Promise.all(Array.from({ length: 1_000_000 }, (_, page) => fetch('/api/products?page=' + page)));
      }
    `, { maxMilliseconds: 0, limitOverride: 10_000 });
    assert.equal(timeline.budgetExhausted, 'time');
    // Stopped while the list was built, before the callback ran for its elements (the clock is read every 1,024 steps).
    assert.ok(budget.steps < 1024, `${budget.steps} steps`);
  });

  it('reads the clock as elements are made (a fuzzed loop over chunks of an unknown collection made 10,000 items a step, and ran 400-600 ms on a 30 ms budget)', async () => {
    const { timeline, budget } = await simulate('typescript', `
      async function main(names) {
        const images = [];
        for (let i = 0; i < names.length; i += 10) {
          images.push(...(await settle(names.slice(i, i + 10).map(name => readFile(name)))));
        }
      }
    `, { maxMilliseconds: 0, itemCount: 10_000 });
    assert.equal(timeline.budgetExhausted, 'time');
    assert.ok(budget.steps < 1024, `${budget.steps} steps`);
  });

  it('counts the elements of Counter.elements() against the memory budget before making them (ten million were made uncounted)', async () => {
    const { timeline } = await simulate('python', `
      import asyncio, collections
      async def main():
          xs = collections.Counter({"a": 10 ** 7}).elements()
          await asyncio.sleep(1)
    `);
    assert.equal(timeline.budgetExhausted, 'memory');
  });

  it('still shows the sleep that ends within the horizon before one that does not', async () => {
    const { timeline } = await simulate('python', `
      import asyncio
      async def main():
          await asyncio.sleep(2)
          await asyncio.sleep(1e308)
    `);
    assert.equal(timeline.totalTime, 2);
    assert.equal(timeline.budgetExhausted, 'simulatedTime');
  });

  it('clamps an item count above the maximum (--items 1000000 overflowed the stack, 10000000 ran out of memory)', async () => {
    for (const itemCount of [1_000_000, 10_000_000]) {
      const timeline = await timelineOf('python', `
        import asyncio
        async def main(urls):
            await asyncio.gather(*[asyncio.sleep(1) for u in urls])
      `, 'main', { itemCount });
      assert.equal(timeline.outcome, 'returned');
      assert.equal(timeline.peakConcurrency, simulationBounds.maxItemCount);
      assert.ok(timeline.assumptions.some(a => a.message === `Item count of ${itemCount} is more than the visualizer simulates: 10000 assumed.`));
    }
  });

  it('spreads a list of 200,000 items into a call item by item (a spread into push overflowed the stack)', async () => {
    const timeline = await timelineOf('typescript', `
      async function main() {
        const xs = Array.from({ length: 200000 }, (_, i) => i);
        const ys = [];
        ys.push(...xs);
        await new Promise(resolve => setTimeout(resolve, ys.length));
      }
    `, 'main');
    assert.equal(timeline.totalTime, 200);
  });

  it('walks a range of more than 20,000 numbers in full (it was cut there without a word)', async () => {
    const timeline = await timelineOf('python', `
      import asyncio
      async def main():
          total = 0
          for i in range(100000):
              total = total + 1
          await asyncio.sleep(total)
    `, 'main');
    assert.equal(timeline.totalTime, 100000);
  });

  it('lets a string grow one character at a time, 20,000 times (joining strings copies nothing)', async () => {
    const timeline = await timelineOf('python', `
      import asyncio
      async def main():
          s = ""
          for i in range(20000):
              s = s + "x"
          await asyncio.sleep(len(s))
    `, 'main');
    assert.deepEqual([timeline.outcome, timeline.totalTime], ['returned', 20000]);
  });

  it('walks a huge range lazily, so a loop that breaks early costs nothing', async () => {
    const timeline = await timelineOf('python', `
      import asyncio
      async def main():
          for i in range(10 ** 12):
              await asyncio.sleep(1)
              if i == 2:
                  break
    `, 'main');
    assert.deepEqual([timeline.outcome, timeline.totalTime], ['returned', 3]);
  });

  const deep: Array<[string, GrammarId, string]> = [
    ['a 20,000-term sum', 'python', `async def main():\n    x = ${Array(20000).fill('1').join(' + ')}\n`],
    ['lists nested 3,000 deep', 'python', `async def main():\n    x = ${'['.repeat(3000)}1${']'.repeat(3000)}\n`],
    ['calls nested 3,000 deep', 'python', `async def main():\n    x = ${'f('.repeat(3000)}1${')'.repeat(3000)}\n`],
    ['a 20,000-term sum (TypeScript)', 'typescript', `async function main() {\n  const x = ${Array(20000).fill('1').join(' + ')};\n}\n`],
    ['arrows nested 3,000 deep', 'typescript', `async function main() {\n  const x = ${'() => '.repeat(3000)}1;\n}\n`],
  ];
  for (const [what, grammar, source] of deep) {
    it(`models and simulates ${what} without overflowing the stack`, async () => {
      const { timeline } = await simulate(grammar, source);
      assert.equal(timeline.outcome, 'returned');
    });
  }

  it('makes nothing bigger than the budget: the budget is checked before a collection is built', () => {
    const budget = new Budget(budgetLimitsFor(100, Infinity));
    assert.throws(() => budget.allocate(Infinity), BudgetExhausted);
    assert.equal(budget.exhausted, 'memory');
    // Exhausted once, every later count fails too, so no `finally` of the program can carry on.
    assert.throws(() => budget.step(), BudgetExhausted);
    assert.throws(() => budget.span(), BudgetExhausted);
  });

  const errors: Array<[string, unknown, BudgetKind | undefined]> = [
    ['our own signal', new BudgetExhausted('spans'), 'spans'],
    ['a stack overflow', new RangeError('Maximum call stack size exceeded'), 'depth'],
    ['an invalid array length', new RangeError('Invalid array length'), 'memory'],
    ['a bug', new TypeError('x is undefined'), undefined],
  ];
  for (const [what, error, kind] of errors) {
    it(`takes ${what} for ${kind ?? 'no budget'}`, () => assert.equal(budgetExhaustedBy(error), kind));
  }
});

describe('simulation knobs within bounds', () => {
  const base = defaultSimulationOptions;
  const table: Array<[string, Partial<SimulationOptions>, Partial<SimulationOptions>, number]> = [
    ['in bounds: kept', { itemCount: 50, defaultLatency: 2, limitOverride: 3 }, { itemCount: 50, defaultLatency: 2, limitOverride: 3 }, 0],
    ['the maxima: kept', { itemCount: 10_000, defaultLatency: 86_400, limitOverride: 10_000 }, { itemCount: 10_000, defaultLatency: 86_400, limitOverride: 10_000 }, 0],
    ['above the maxima: clamped', { itemCount: 10_001, defaultLatency: 1e9, limitOverride: 1e6 }, { itemCount: 10_000, defaultLatency: 86_400, limitOverride: 10_000 }, 3],
    ['no numbers: the defaults', { itemCount: NaN, defaultLatency: -1 }, { itemCount: 10, defaultLatency: 0.1 }, 2],
    ['a limit of 0: the code\'s own limits', { limitOverride: 0 }, { limitOverride: undefined }, 1],
    ['infinite: clamped', { itemCount: Infinity, defaultLatency: Infinity }, { itemCount: 10_000, defaultLatency: 86_400 }, 2],
  ];
  for (const [what, given, expected, adjustments] of table) {
    it(what, () => {
      const { options, adjusted } = withinBounds({ ...base, ...given });
      for (const [key, value] of Object.entries(expected)) assert.equal(options[key as keyof SimulationOptions], value, key);
      assert.equal(adjusted.length, adjustments, adjusted.join('\n'));
    });
  }
});
