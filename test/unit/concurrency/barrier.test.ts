/**
 * asyncio.Barrier (Python 3.11): waiting until `parties` tasks wait, the index each gets, rounds, `abort()` and
 * `reset()`, its properties. Each expected total and peak is a real run's (python3 3.11: sleeps in progress at once).
 */
import { py, runCases, SimulationCase } from './simulationCases';

const cases: SimulationCase[] = [
  { name: 'Python: `await barrier.wait()` blocks until `parties` tasks wait, then releases them all', grammar: 'python', total: 0.8, peak: 3,
    source: py(`
      async def party(barrier, seconds):
          await asyncio.sleep(seconds)
          await barrier.wait()
          await asyncio.sleep(0.2)

      async def main():
          barrier = asyncio.Barrier(3)
          await asyncio.gather(*(party(barrier, s) for s in [0.2, 0.4, 0.6]))
    `) },
  { name: 'Python: `barrier.wait()` returns each task its place in the order of arrival', grammar: 'python', total: 0.6, peak: 3,
    source: py(`
      async def party(barrier, seconds):
          await asyncio.sleep(seconds)
          index = await barrier.wait()
          await asyncio.sleep(0.1 * (index + 1))

      async def main():
          barrier = asyncio.Barrier(3)
          await asyncio.gather(*(party(barrier, s) for s in [0.3, 0.1, 0.2]))
    `) },
  { name: 'Python: `async with barrier as index` waits on entry and gives the index', grammar: 'python', total: 0.5, peak: 2,
    source: py(`
      async def party(barrier, seconds):
          await asyncio.sleep(seconds)
          async with barrier as index:
              await asyncio.sleep(0.1 * (index + 1))

      async def main():
          barrier = asyncio.Barrier(2)
          await asyncio.gather(party(barrier, 0.1), party(barrier, 0.3))
    `) },
  { name: 'Python: a barrier is used again once released (two rounds)', grammar: 'python', total: 0.5, peak: 2,
    source: py(`
      async def party(barrier, delays):
          for seconds in delays:
              await asyncio.sleep(seconds)
              await barrier.wait()

      async def main():
          barrier = asyncio.Barrier(2)
          await asyncio.gather(party(barrier, [0.1, 0.1]), party(barrier, [0.3, 0.2]))
    `) },
  { name: 'Python: `await barrier.abort()` breaks the waiters with BrokenBarrierError, and `broken` stays true', grammar: 'python', total: 0.4, peak: 2,
    source: py(`
      async def party(barrier):
          try:
              await barrier.wait()
          except asyncio.BrokenBarrierError:
              await asyncio.sleep(0.1)

      async def breaker(barrier):
          await asyncio.sleep(0.2)
          await barrier.abort()

      async def main():
          barrier = asyncio.Barrier(3)
          await asyncio.gather(party(barrier), party(barrier), breaker(barrier))
          if barrier.broken:
              await asyncio.sleep(0.1)
    `) },
  { name: 'Python: `await barrier.reset()` breaks the waiters\' wait, then the barrier fills again', grammar: 'python', total: 0.5, peak: 2,
    source: py(`
      async def waiter(barrier):
          try:
              await barrier.wait()
          except asyncio.BrokenBarrierError:
              await asyncio.sleep(0.1)
          await barrier.wait()

      async def other(barrier):
          await asyncio.sleep(0.2)
          await barrier.reset()
          await asyncio.sleep(0.3)
          await barrier.wait()

      async def main():
          barrier = asyncio.Barrier(2)
          await asyncio.gather(waiter(barrier), other(barrier))
    `) },
  { name: 'Python: `n_waiting` counts the tasks waiting and `parties` is the barrier\'s size', grammar: 'python', total: 0.4, peak: 3,
    source: py(`
      async def party(barrier, seconds):
          await asyncio.sleep(seconds)
          await barrier.wait()
          await asyncio.sleep(0.1)

      async def monitor(barrier):
          while barrier.n_waiting < barrier.parties - 1:
              await asyncio.sleep(0.1)
          await barrier.wait()
          await asyncio.sleep(0.1)

      async def main():
          barrier = asyncio.Barrier(3)
          await asyncio.gather(party(barrier, 0.15), party(barrier, 0.25), monitor(barrier))
    `) },
  { name: 'Python: a subclass of asyncio.Barrier made by `super().__init__(2)`: `async with` calls its `wait` override, as asyncio\'s `__aenter__` calls `self.wait()`', grammar: 'python', total: 0.6, peak: 2,
    source: py(`
      class Rendezvous(asyncio.Barrier):
          def __init__(self):
              super().__init__(2)
              self.rounds = 0

          async def wait(self):
              self.rounds += 1
              return await super().wait()

      async def party(barrier, seconds):
          await asyncio.sleep(seconds)
          async with barrier:
              await asyncio.sleep(0.1)

      async def main():
          barrier = Rendezvous()
          await asyncio.gather(party(barrier, 0.1), party(barrier, 0.3))
          await asyncio.sleep(0.1 * barrier.rounds)
    `) },
];

describe('simulate: asyncio.Barrier', () => {
  runCases(cases);
});
