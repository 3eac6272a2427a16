/**
 * Program classes that extend a library class the simulator models (asyncio's Semaphore, Lock, Event and queues,
 * p-queue's PQueue) behave as that class, with their own attributes and overrides. Each expected total and peak is
 * a real run's (python3 3.11, node with p-queue 8: sleeps in progress at once).
 */
import { js, py, runCases, SimulationCase } from './simulationCases';

const cases: SimulationCase[] = [
  { name: 'Python: an empty subclass of asyncio.Semaphore is a semaphore (the inherited `__init__` makes its permits)', grammar: 'python', total: 0.4, peak: 2,
    source: py(`
      class Limiter(asyncio.Semaphore):
          pass

      async def job(limiter, seconds):
          async with limiter:
              await asyncio.sleep(seconds)

      async def main():
          limiter = Limiter(2)
          await asyncio.gather(*(job(limiter, 0.2) for _ in range(4)))
    `) },
  { name: 'Python: a subclass of BoundedSemaphore made by `super().__init__(n)` keeps its own attributes, and its `acquire` override runs and calls `super().acquire()`', grammar: 'python', total: 0.8, peak: 3,
    source: py(`
      class Counting(asyncio.BoundedSemaphore):
          def __init__(self, permits):
              super().__init__(permits)
              self.taken = 0

          async def acquire(self):
              self.taken += 1
              return await super().acquire()

      async def job(limiter):
          await limiter.acquire()
          try:
              await asyncio.sleep(0.1)
          finally:
              limiter.release()

      async def main():
          limiter = Counting(3)
          await asyncio.gather(*(job(limiter) for _ in range(6)))
          await asyncio.sleep(0.1 * limiter.taken)
    `) },
  { name: 'Python: `async with` on a Semaphore subclass runs its own `__aenter__`, which enters through `super().__aenter__()`; `__aexit__` is the semaphore\'s', grammar: 'python', total: 0.8, peak: 2,
    source: py(`
      class Gate(asyncio.Semaphore):
          entered = 0

          async def __aenter__(self):
              self.entered += 1
              return await super().__aenter__()

      async def job(gate):
          async with gate:
              await asyncio.sleep(0.2)

      async def main():
          gate = Gate(2)
          await asyncio.gather(*(job(gate) for _ in range(4)))
          await asyncio.sleep(0.1 * gate.entered)
    `) },
  { name: 'Python: `async with` on a Semaphore subclass calls its `acquire` override, as asyncio\'s `__aenter__` calls `self.acquire()`', grammar: 'python', total: 0.8, peak: 2,
    source: py(`
      class Counting(asyncio.Semaphore):
          taken = 0

          async def acquire(self):
              self.taken += 1
              return await super().acquire()

      async def job(limiter):
          async with limiter:
              await asyncio.sleep(0.2)

      async def main():
          limiter = Counting(2)
          await asyncio.gather(*(job(limiter) for _ in range(4)))
          await asyncio.sleep(0.1 * limiter.taken)
    `) },
  { name: 'Python: a class that extends asyncio.Semaphore through another program class is a semaphore', grammar: 'python', total: 0.3, peak: 2,
    source: py(`
      class Limiter(asyncio.Semaphore):
          pass

      class Pair(Limiter):
          def __init__(self):
              super().__init__(2)

      async def job(limiter):
          async with limiter:
              await asyncio.sleep(0.1)

      async def main():
          limiter = Pair()
          await asyncio.gather(*(job(limiter) for _ in range(6)))
    `) },
  { name: 'Python: a subclass of asyncio.Lock serializes `async with`, keeps its own attributes and has the lock\'s `locked()`', grammar: 'python', total: 0.4, peak: 1,
    source: py(`
      class NamedLock(asyncio.Lock):
          def __init__(self, name):
              super().__init__()
              self.name = name

      async def job(lock):
          async with lock:
              await asyncio.sleep(0.1)

      async def main():
          lock = NamedLock("db")
          await asyncio.gather(*(job(lock) for _ in range(3)))
          if lock.name == "db" and not lock.locked():
              await asyncio.sleep(0.1)
    `) },
  { name: 'Python: a subclass of asyncio.Event: its own method calls the inherited `set()`, which wakes `wait()`', grammar: 'python', total: 0.3, peak: 1,
    source: py(`
      class Ready(asyncio.Event):
          def fire(self):
              self.set()

      async def waiter(ready):
          await ready.wait()
          await asyncio.sleep(0.1)

      async def firer(ready):
          await asyncio.sleep(0.2)
          ready.fire()

      async def main():
          ready = Ready()
          await asyncio.gather(waiter(ready), firer(ready))
    `) },
  { name: 'Python: a subclass of asyncio.Queue filled by its `__init__` (`super().__init__()`, `self.put_nowait`) is a queue: `empty()` is decided', grammar: 'python', total: 0.6, peak: 2,
    source: py(`
      class Jobs(asyncio.Queue):
          def __init__(self, items):
              super().__init__()
              for item in items:
                  self.put_nowait(item)

      async def worker(queue):
          while not queue.empty():
              await asyncio.sleep(await queue.get())

      async def main():
          queue = Jobs([0.4, 0.2, 0.2, 0.2])
          await asyncio.gather(worker(queue), worker(queue))
    `) },
  { name: 'Python: a subclass of PriorityQueue made by the inherited `__init__` (`maxsize=`) hands items out smallest first', grammar: 'python', total: 0.5, peak: 2,
    source: py(`
      class Jobs(asyncio.PriorityQueue):
          pass

      async def worker(queue):
          while not queue.empty():
              await asyncio.sleep(queue.get_nowait())

      async def main():
          queue = Jobs(maxsize=3)
          for seconds in [0.4, 0.1, 0.1]:
              queue.put_nowait(seconds)
          await asyncio.gather(worker(queue), worker(queue))
    `) },
  { name: 'Python: a Queue subclass\'s `get` override counts every call (the workers\' last, blocked ones too) and gets through `super().get()`', grammar: 'python', total: 0.9, peak: 2,
    source: py(`
      class Counted(asyncio.Queue):
          def __init__(self):
              super().__init__()
              self.gets = 0

          async def get(self):
              self.gets += 1
              return await super().get()

      async def worker(queue):
          while True:
              seconds = await queue.get()
              await asyncio.sleep(seconds)
              queue.task_done()

      async def main():
          queue = Counted()
          for seconds in [0.2, 0.2, 0.2]:
              await queue.put(seconds)
          workers = [asyncio.create_task(worker(queue)) for _ in range(2)]
          await queue.join()
          for w in workers:
              w.cancel()
          await asyncio.sleep(0.1 * queue.gets)
    `) },
  { name: 'JavaScript: a class that extends PQueue is a queue of the concurrency its `super({ concurrency })` gives; its `add` override calls `super.add`', grammar: 'tsx', total: 0.8, peak: 2,
    source: js(`
      import PQueue from 'p-queue';

      class Pool extends PQueue {
        constructor() {
          super({ concurrency: 2 });
          this.added = 0;
        }
        add(fn) {
          this.added++;
          return super.add(fn);
        }
      }

      export async function main() {
        const pool = new Pool();
        await Promise.all([1, 2, 3, 4].map(() => pool.add(() => sleep(200))));
        await pool.onIdle();
        await sleep(100 * pool.added);
      }
    `) },
];

describe('simulate: subclasses of the library\'s classes', () => {
  runCases(cases);
});
