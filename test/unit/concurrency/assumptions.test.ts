/**
 * What the timeline says carries a line the panel can reveal: never 0 or missing, even for a value a library made
 * without a line of its own, or for an option the simulator had to bound.
 */
import { py, runCases, SimulationCase } from './simulationCases';

const cases: SimulationCase[] = [
  { name: 'Python: a collection a library made without a line is assumed at the statement that walks it', grammar: 'python', total: 1, peak: 1,
    linesOf: { 'asdict(...): a collection of unknown size': 7 },
    source: py(`
      import dataclasses

      async def main(record):
          fields = dataclasses.asdict(record)
          for name in fields:
              await asyncio.sleep(0.1)
    `) },
  { name: 'an item count above the maximum is said at the simulated function', grammar: 'python', total: 10000, peak: 1,
    options: { itemCount: 1e9 }, linesOf: { 'Item count of 1000000000': 3 },
    source: py(`
      async def main(urls):
          for url in urls:
              await asyncio.sleep(1)
    `) },
  { name: 'a limit override on a function that creates no limiter says it changes nothing', grammar: 'python', total: 0.1, peak: 3,
    options: { limitOverride: 2 }, says: ['The limit of 2 changes nothing: main creates no limiter'],
    source: py(`
      async def main():
          await asyncio.gather(*(asyncio.sleep(0.1) for _ in range(3)))
    `) },
  { name: 'a limit override on a function with a semaphore applies, and says so', grammar: 'python', total: 0.2, peak: 2,
    options: { limitOverride: 2 }, says: ['Limit of 1 replaced by 2'], saysNot: ['changes nothing'],
    source: py(`
      async def one(gate):
          async with gate:
              await asyncio.sleep(0.1)

      async def main():
          gate = asyncio.Semaphore(1)
          await asyncio.gather(*(one(gate) for _ in range(3)))
    `) },
  { name: 'an exception among its own args is written without end (it overflowed the stack)', grammar: 'python', total: 0.1, peak: 1,
    source: py(`
      async def main():
          error = ValueError("x")
          error.args = (error,)
          try:
              raise error
          except ValueError as caught:
              text = str(caught)
          await asyncio.sleep(0.1)
    `) },
  { name: 'an Event set by a callback given by keyword to unknown code is assumed set, not a deadlock', grammar: 'python', total: 0.1, peak: 0,
    says: ['done.wait() that only code the simulation cannot see can release'],
    source: py(`
      async def main(device):
          done = asyncio.Event()

          def lost(client):
              done.set()

          client = Client(device, disconnected_callback=lost)
          await done.wait()
    `) },
];

describe('visualizer simulation: lines of assumptions and notes', () => runCases(cases));
