/**
 * `setInterval` of node:timers/promises, an async iterator: its cadence, its queued ticks, `break` and `signal`.
 * Each total was measured with Node 20.
 */
import { js, runCases, SimulationCase } from './simulationCases';

const cases: SimulationCase[] = [
  { name: 'JavaScript: `for await` over `setInterval(ms)` yields on a fixed cadence from the call; the body\'s work runs between ticks; `break` stops the ticker', grammar: 'typescript', total: 1, peak: 1,
    saysNot: ['assumed'],
    source: js(`
      import { setInterval } from 'node:timers/promises';

      export async function main() {
        let ticks = 0;
        for await (const _ of setInterval(300)) {
          await sleep(100);
          if (++ticks === 3) break;
        }
      }
    `) },
  { name: 'JavaScript: waiting for a tick of `setInterval` is a clock, not work: only a background sleep counts in the peak', grammar: 'typescript', total: 0.5, peak: 1,
    saysNot: ['assumed'],
    source: js(`
      import { setInterval } from 'node:timers/promises';

      export async function main() {
        const background = sleep(500);
        let ticks = 0;
        for await (const _ of setInterval(200)) {
          if (++ticks === 2) break;
        }
        await background;
      }
    `) },
  { name: 'JavaScript: ticks of `setInterval(ms, value)` that pass while the body runs are queued and come at once, as Node queues them; each yields `value`', grammar: 'typescript', total: 0.6, peak: 1,
    saysNot: ['assumed'],
    source: js(`
      import { setInterval } from 'node:timers/promises';

      export async function main() {
        let ticks = 0;
        for await (const value of setInterval(100, 'tick')) {
          if (value !== 'tick') await sleep(1000);
          if (++ticks === 1) await sleep(350);
          if (ticks === 6) break;
        }
      }
    `) },
  { name: 'JavaScript: `setInterval(ms, value, { signal })`: an abort rejects the wait for the next tick with an AbortError', grammar: 'typescript', total: 0.35, peak: 1,
    saysNot: ['assumed'],
    source: js(`
      import { setInterval } from 'node:timers/promises';

      export async function main() {
        const controller = new AbortController();
        setTimeout(() => controller.abort(), 250);
        let ticks = 0;
        try {
          for await (const _ of setInterval(100, null, { signal: controller.signal })) ticks++;
        } catch (error) {
          if (error.name === 'AbortError' && ticks === 2) await sleep(100);
        }
      }
    `) },
];

describe('simulate: node:timers/promises setInterval', () => runCases(cases));
