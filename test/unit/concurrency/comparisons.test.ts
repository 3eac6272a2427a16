/**
 * Python's rich comparisons on the program's own classes (`__lt__`, `__eq__`..., reflected operands, NotImplemented,
 * @dataclass's eq and order, @functools.total_ordering), and what orders by them: asyncio.PriorityQueue, sorted(),
 * list.sort(), min(), max() and heapq. Each total and peak is what python3 measured for the same program.
 */
import { py, runCases, SimulationCase } from './simulationCases';

const cases: SimulationCase[] = [
  { name: 'Python: `<` calls the class\'s `__lt__`, and `>` the other operand\'s `__lt__` (reflected) when the class has no `__gt__`', grammar: 'python', total: 0.5, peak: 1,
    source: py(`
      class Job:
          def __init__(self, priority, seconds):
              self.priority, self.seconds = priority, seconds

          def __lt__(self, other):
              return self.priority < other.priority

      async def main():
          urgent, later = Job(1, 0.3), Job(2, 0.1)
          await asyncio.sleep(urgent.seconds if urgent < later else later.seconds)
          await asyncio.sleep(0.2 if later > urgent else 0.5)
    `) },
  { name: 'Python: a `__lt__` that returns NotImplemented lets the other operand\'s `__gt__` answer, and raises TypeError when none does', grammar: 'python', total: 0.4, peak: 1,
    source: py(`
      class Deadline:
          def __init__(self, at):
              self.at = at

          def __lt__(self, other):
              if not isinstance(other, Deadline):
                  return NotImplemented
              return self.at < other.at

      class Never:
          def __gt__(self, other):
              return True

      async def main():
          await asyncio.sleep(0.3 if Deadline(1) < Never() else 0.9)
          try:
              early = Deadline(1) < 5
          except TypeError:
              early = None
          await asyncio.sleep(0.1 if early is None else 0.9)
    `) },
  { name: 'Python: the right operand\'s reflected method is asked first when its class is a subclass of the left\'s', grammar: 'python', total: 0.3, peak: 1,
    source: py(`
      class Base:
          def __lt__(self, other):
              return False

      class Urgent(Base):
          def __gt__(self, other):
              return True

      async def main():
          await asyncio.sleep(0.3 if Base() < Urgent() else 0.1)
    `) },
  { name: 'Python: `!=` is the inverse of the class\'s `__eq__` when it defines no `__ne__`', grammar: 'python', total: 0.5, peak: 1,
    source: py(`
      class Key:
          def __init__(self, name):
              self.name = name

          def __eq__(self, other):
              return isinstance(other, Key) and self.name == other.name

      async def main():
          same, other = Key("a"), Key("b")
          await asyncio.sleep(0.1 if Key("a") != same else 0.3)
          await asyncio.sleep(0.2 if Key("a") != other else 0.5)
    `) },
  { name: 'Python: `==` between @dataclass instances compares their fields, not their identity', grammar: 'python', total: 0.5, peak: 1,
    source: py(`
      from dataclasses import dataclass

      @dataclass
      class Point:
          x: int
          y: int

      async def main():
          await asyncio.sleep(0.3 if Point(1, 2) == Point(1, 2) else 0.1)
          await asyncio.sleep(0.2 if Point(1, 2) != Point(2, 1) else 0.6)
    `) },
  { name: 'Python: @dataclass(order=True) orders by the fields as a tuple, leaving out `field(compare=False)`', grammar: 'python', total: 0.6, peak: 1,
    source: py(`
      from dataclasses import dataclass, field

      @dataclass(order=True)
      class Job:
          priority: int
          seconds: float = field(compare=False)

      async def main():
          await asyncio.sleep(0.3 if Job(1, 5.0) < Job(2, 0.1) else 0.1)
          await asyncio.sleep(0.2 if Job(2, 0.9) <= Job(2, 0.1) else 0.6)
          await asyncio.sleep(0.1 if Job(2, 0.9) == Job(2, 0.1) else 0.7)
    `) },
  { name: 'Python: @functools.total_ordering derives `>=`, `>` and `<=` from `__lt__` and `__eq__`', grammar: 'python', total: 0.6, peak: 1,
    source: py(`
      import functools

      @functools.total_ordering
      class Version:
          def __init__(self, number):
              self.number = number

          def __eq__(self, other):
              return self.number == other.number

          def __lt__(self, other):
              return self.number < other.number

      async def main():
          old, new = Version(1), Version(2)
          await asyncio.sleep(0.1 if new >= old else 0.9)
          await asyncio.sleep(0.2 if new > old else 0.9)
          await asyncio.sleep(0.3 if old <= Version(1) else 0.9)
    `) },
  { name: 'Python: tuples compare item by item with the items\' own `__eq__` / `__lt__` (min of `(priority, job)` pairs)', grammar: 'python', total: 0.4, peak: 1,
    source: py(`
      class Job:
          def __init__(self, seconds):
              self.seconds = seconds

          def __lt__(self, other):
              return self.seconds > other.seconds

      async def main():
          short, long = Job(0.1), Job(0.4)
          first = min((1, short), (1, long))
          await asyncio.sleep(first[1].seconds)
    `) },
  { name: 'Python: asyncio.PriorityQueue of `(priority, job)` tuples breaks ties by the job\'s `__lt__`', grammar: 'python', total: 0.5, peak: 2,
    source: py(`
      class Job:
          def __init__(self, name, seconds):
              self.name, self.seconds = name, seconds

          def __lt__(self, other):
              return self.name < other.name

      async def worker(queue):
          while not queue.empty():
              _, job = await queue.get()
              await asyncio.sleep(job.seconds)

      async def main():
          queue = asyncio.PriorityQueue()
          for item in [(1, Job("c", 0.2)), (1, Job("a", 0.5)), (0, Job("z", 0.1)), (1, Job("b", 0.2))]:
              queue.put_nowait(item)
          await asyncio.gather(worker(queue), worker(queue))
    `) },
  { name: 'Python: asyncio.PriorityQueue of instances ordered by their `__lt__` hands out the smallest first', grammar: 'python', total: 0.6, peak: 2,
    source: py(`
      class Job:
          def __init__(self, priority, seconds):
              self.priority, self.seconds = priority, seconds

          def __lt__(self, other):
              return self.priority < other.priority

      async def worker(queue):
          while not queue.empty():
              job = await queue.get()
              await asyncio.sleep(job.seconds)

      async def main():
          queue = asyncio.PriorityQueue()
          for job in [Job(3, 0.1), Job(3, 0.1), Job(2, 0.2), Job(1, 0.6)]:
              await queue.put(job)
          await asyncio.gather(worker(queue), worker(queue))
    `) },
  { name: 'Python: sorted() and list.sort(reverse=True) order @dataclass(order=True) instances by their fields', grammar: 'python', total: 0.5, peak: 1,
    source: py(`
      from dataclasses import dataclass

      @dataclass(order=True)
      class Job:
          priority: int
          seconds: float

      async def main():
          jobs = [Job(3, 0.1), Job(1, 0.4), Job(2, 0.2)]
          await asyncio.sleep(sorted(jobs)[0].seconds)
          jobs.sort(reverse=True)
          await asyncio.sleep(jobs[0].seconds)
    `) },
  { name: 'Python: max() and min() compare @functools.total_ordering instances (`>` derived from `__lt__`), the first of equals winning', grammar: 'python', total: 0.5, peak: 1,
    source: py(`
      import functools

      @functools.total_ordering
      class Job:
          def __init__(self, priority, seconds):
              self.priority, self.seconds = priority, seconds

          def __eq__(self, other):
              return self.priority == other.priority

          def __lt__(self, other):
              return self.priority < other.priority

      async def main():
          jobs = [Job(2, 0.2), Job(3, 0.4), Job(1, 0.1), Job(3, 0.9)]
          await asyncio.sleep(max(jobs).seconds)
          await asyncio.sleep(min(jobs).seconds)
    `) },
  { name: 'Python: heapq.heapify / heappop / heappush order a list of tuples as a heap', grammar: 'python', total: 0.7, peak: 1,
    source: py(`
      import heapq

      async def main():
          heap = [(3, 0.1), (1, 0.4), (2, 0.2)]
          heapq.heapify(heap)
          _, seconds = heapq.heappop(heap)
          await asyncio.sleep(seconds)
          heapq.heappush(heap, (0, 0.3))
          _, seconds = heapq.heappop(heap)
          await asyncio.sleep(seconds)
    `) },
  { name: 'Python: heapq\'s heappush, heappushpop, heapreplace, nlargest and nsmallest order instances by their `__lt__`', grammar: 'python', total: 1.6, peak: 1,
    source: py(`
      import heapq

      class Job:
          def __init__(self, priority, seconds):
              self.priority, self.seconds = priority, seconds

          def __lt__(self, other):
              return self.priority < other.priority

      async def main():
          heap = []
          for job in [Job(3, 0.1), Job(1, 0.2), Job(2, 0.4)]:
              heapq.heappush(heap, job)
          smallest = heapq.heappushpop(heap, Job(5, 0.9))
          replaced = heapq.heapreplace(heap, Job(0, 0.9))
          await asyncio.sleep(smallest.seconds + replaced.seconds)
          await asyncio.sleep(heapq.nlargest(1, heap)[0].seconds)
          await asyncio.sleep(heapq.nsmallest(2, heap)[1].seconds)
    `) },
];

describe('simulate: Python comparisons of the program\'s own classes', () => {
  runCases(cases);
});
