/**
 * `contextlib.AsyncExitStack` / `ExitStack`: contexts entered through the stack, callbacks pushed on it, and the
 * order and exceptions of leaving it. Each total was measured with Python 3.11.
 */
import { py, runCases, SimulationCase } from './simulationCases';

const cases: SimulationCase[] = [
  { name: 'Python: `await stack.enter_async_context(cm)` of an `@asynccontextmanager` runs its start, and leaving the `AsyncExitStack` runs its end', grammar: 'python', total: 0.6, peak: 1,
    saysNot: ['assumed'],
    source: py(`
      import contextlib


      @contextlib.asynccontextmanager
      async def resource(seconds):
          await asyncio.sleep(seconds)
          try:
              yield seconds
          finally:
              await asyncio.sleep(0.20)


      async def main():
          async with contextlib.AsyncExitStack() as stack:
              await stack.enter_async_context(resource(0.30))
              await asyncio.sleep(0.10)
    `) },
  { name: 'Python: an `AsyncExitStack` enters classes by their `__aenter__` (returning its value) and leaves them by their `__aexit__` in reverse order', grammar: 'python', total: 0.9, peak: 1,
    saysNot: ['assumed'],
    source: py(`
      import contextlib


      class Resource:
          def __init__(self, name, log):
              self.name = name
              self.log = log

          async def __aenter__(self):
              await asyncio.sleep(0.1)
              return self.name

          async def __aexit__(self, exc_type, exc, tb):
              self.log.append(self.name)
              await asyncio.sleep(0.1)
              return False


      async def main():
          log = []
          async with contextlib.AsyncExitStack() as stack:
              a = await stack.enter_async_context(Resource("a", log))
              b = await stack.enter_async_context(Resource("b", log))
              await asyncio.sleep(0.2 if (a, b) == ("a", "b") else 1.0)
          if log == ["b", "a"]:
              await asyncio.sleep(0.3)
    `) },
  { name: 'Python: leaving an `AsyncExitStack` passes the exception to the last context entered; one that swallows it leaves None for the earlier ones', grammar: 'python', total: 0.5, peak: 1,
    saysNot: ['assumed'],
    source: py(`
      import contextlib


      class Outer:
          async def __aenter__(self):
              return self

          async def __aexit__(self, exc_type, exc, tb):
              await asyncio.sleep(0.2 if exc is None else 0.7)


      class Swallow:
          async def __aenter__(self):
              return self

          async def __aexit__(self, exc_type, exc, tb):
              await asyncio.sleep(0.1)
              return exc_type is ValueError


      async def main():
          async with contextlib.AsyncExitStack() as stack:
              await stack.enter_async_context(Outer())
              await stack.enter_async_context(Swallow())
              await asyncio.sleep(0.1)
              raise ValueError("boom")
          await asyncio.sleep(0.1)
    `) },
  { name: 'Python: `push_async_callback(fn, *args)` and `callback(fn, *args)` run when the `AsyncExitStack` is left, last pushed first', grammar: 'python', total: 0.8, peak: 1,
    saysNot: ['assumed'],
    source: py(`
      import contextlib


      async def release(log, name, seconds):
          log.append(name)
          await asyncio.sleep(seconds)


      async def main():
          log = []
          async with contextlib.AsyncExitStack() as stack:
              stack.push_async_callback(release, log, "first", 0.1)
              stack.callback(log.append, "sync")
              stack.push_async_callback(release, log, "last", 0.2)
              await asyncio.sleep(0.1)
          if log == ["last", "sync", "first"]:
              await asyncio.sleep(0.4)
    `) },
  { name: 'Python: a sync `ExitStack` enters `@contextmanager` generators; `pop_all()` moves them to a stack that `close()` leaves later; `await stack.aclose()` leaves an `AsyncExitStack`', grammar: 'python', total: 0.6, peak: 1,
    saysNot: ['assumed'],
    source: py(`
      import contextlib


      @contextlib.contextmanager
      def opened(log, name):
          log.append("open " + name)
          try:
              yield name
          finally:
              log.append("close " + name)


      async def main():
          log = []
          with contextlib.ExitStack() as stack:
              stack.enter_context(opened(log, "x"))
              stack.enter_context(opened(log, "y"))
              kept = stack.pop_all()
          await asyncio.sleep(0.1 if len(log) == 2 else 1.0)
          stack = contextlib.AsyncExitStack()
          await stack.enter_async_context(contextlib.AsyncExitStack())
          stack.push_async_callback(asyncio.sleep, 0.2)
          await stack.aclose()
          kept.close()
          if log[2:] == ["close y", "close x"]:
              await asyncio.sleep(0.3)
    `) },
];

describe('simulate: contextlib exit stacks', () => runCases(cases));
