/**
 * Shapes of real code (from the real-world corpus, `scripts/simulate-corpus.js`) that were predicted as "0 s", or
 * with a wrong peak or total: each is now predicted as the event loop would run it.
 */
import { py, runCases, SimulationCase } from './simulationCases';

const cases: SimulationCase[] = [
  { name: 'Python: a function given to `atexit.register` is not called while the program runs (no second task)', grammar: 'python', total: 0.1, peak: 1,
    saysNot: ['assumed to be called once'],
    source: py(`
      import atexit

      def cleanup(client):
          client.close()

      async def main(client):
          atexit.register(cleanup, client)
          await client.fetch()
    `) },
  { name: 'Python: a handler given to `signal.signal` runs on a signal, not during the function', grammar: 'python', total: 0.1, peak: 1,
    saysNot: ['assumed to be called once'],
    source: py(`
      import signal

      async def main(client, stop):
          signal.signal(signal.SIGTERM, lambda *_: stop.set())
          await client.fetch()
    `) },
];

describe('simulate: shapes of the real-world corpus', () => {
  runCases(cases);
});
