/**
 * Python's `match` statement (structural pattern matching) and default arguments, which Python evaluates once where
 * the function is defined (JavaScript at each call). Totals confirmed with python3.11 / node.
 */
import { js, py, runCases, SimulationCase } from './simulationCases';

const cases: SimulationCase[] = [
  { name: 'Python: `match` with literal, `|`, `as`, negative-number, None and wildcard patterns, and a guard', grammar: 'python', total: 0.88, peak: 1,
    saysNot: ['not decided', '100 ms assumed'],
    source: py(`
      def literal(kind):
          match kind:
              case "api" | "web" as name if name == "web":
                  return 0.05
              case "api":
                  return 0.30
              case 1 | -2:
                  return 0.01
              case None:
                  return 0.02
              case _:
                  return 0.50

      async def main():
          await asyncio.sleep(literal("api") + literal("web") + literal(-2) + literal(None) + literal("x"))
    `) },
  { name: 'Python: `match` with sequence patterns (`[a, b]`, `[first, *rest]` with a guard, a tuple subject, a string is no sequence)', grammar: 'python', total: 0.96, peak: 1,
    saysNot: ['not decided', '100 ms assumed'],
    source: py(`
      async def main():
          for xs in ([0.1, 0.2, 0.05], [0.4], (0.1, 0.1), "ab"):
              match xs:
                  case [a, b]:
                      await asyncio.sleep(a + b)
                  case [first, *rest] if len(rest) > 1:
                      await asyncio.sleep(first + sum(rest))
                  case [only]:
                      await asyncio.sleep(only)
                  case _:
                      await asyncio.sleep(0.01)
    `) },
  { name: 'Python: `match` with mapping patterns (`{"t": float(t), **others}`, a missing key, `{}`)', grammar: 'python', total: 0.67, peak: 1,
    saysNot: ['not decided', '100 ms assumed'],
    source: py(`
      async def main():
          for config in ({"t": 0.2, "u": 0.1, "v": 0.05}, {"u": 0.3}, {"t": "x"}):
              match config:
                  case {"t": float(t), **others}:
                      await asyncio.sleep(t + sum(others.values()))
                  case {"u": u}:
                      await asyncio.sleep(u)
                  case {}:
                      await asyncio.sleep(0.02)
    `) },
  { name: 'Python: `match` with class patterns (a dataclass\'s fields by position, keywords, `__match_args__`, a dotted value)', grammar: 'python', total: 0.65, peak: 1,
    saysNot: ['not decided', '100 ms assumed'],
    source: py(`
      from dataclasses import dataclass

      @dataclass
      class Job:
          name: str
          seconds: float

      class Step:
          __match_args__ = ("seconds",)
          def __init__(self, seconds):
              self.seconds = seconds
              self.fast = seconds < 0.1

      class Kind:
          SLOW = "slow"

      async def main():
          for item in (Job("a", 0.2), Job("b", 0.3), Step(0.05), Step(0.4), ("slow", 0.1)):
              match item:
                  case Job("a", seconds):
                      await asyncio.sleep(seconds)
                  case Job(name=n, seconds=s):
                      await asyncio.sleep(s / 3)
                  case Step(s, fast=True):
                      await asyncio.sleep(s)
                  case Step(s):
                      await asyncio.sleep(s / 2)
                  case (Kind.SLOW, str() | float() as t):
                      await asyncio.sleep(t)
    `) },
  { name: 'Python: a class pattern on an attribute the instance lacks does not match (no AttributeError)', grammar: 'python', total: 0.25, peak: 1,
    source: py(`
      class Step:
          def __init__(self, seconds):
              self.seconds = seconds

      async def main():
          for item in (Step(0.2), Step(0.1)):
              match item:
                  case Step(retries=r):
                      await asyncio.sleep(1.0)
                  case Step(seconds=s) if s > 0.15:
                      await asyncio.sleep(s)
                  case Step():
                      await asyncio.sleep(0.05)
    `) },
  { name: 'Python: `match a, b:` matches the tuple; `str(word)` binds the subject itself', grammar: 'python', total: 0.3, peak: 1,
    saysNot: ['not decided', '100 ms assumed'],
    source: py(`
      async def main():
          a, b = 1, "x"
          match a, b:
              case (1, "y"):
                  await asyncio.sleep(0.5)
              case 1, str(word):
                  await asyncio.sleep(0.1 * len(word + "yz"))
    `) },
  { name: 'Python: a `match` on an unknown subject is not decided by the code: said with the case\'s line, a case that raises not taken, names bound', grammar: 'python', total: 0.2, peak: 1,
    says: ['`case "fast"` is not decided by the code: taken', '`case {"delay": delay}` is not decided by the code'],
    saysNot: ['delay is not defined'],
    linesOf: { '`case "bad"`': 5, '`case "fast"`': 7, '`case {"delay": delay}`': 12 },
    source: py(`
      async def main(kind, request):
          match kind:
              case "bad":
                  raise ValueError(kind)
              case "fast":
                  await asyncio.sleep(0.1)
              case _:
                  await asyncio.sleep(0.3)
          match request:
              case {"delay": delay}:
                  await asyncio.sleep(delay)
              case _:
                  pass
    `) },
  { name: 'Python: `async def job(t=t)` in a loop keeps each iteration\'s value (defaults are evaluated at the def)', grammar: 'python', total: 0.4, peak: 2,
    source: py(`
      async def main():
          jobs = []
          for t in [0.30, 0.10]:
              async def job(t=t):
                  await asyncio.sleep(t)
              jobs.append(job)
          await asyncio.gather(*(job() for job in jobs))
          await asyncio.sleep(0.10)
    `) },
  { name: 'Python: `lambda t=t: asyncio.sleep(t)` in a comprehension keeps each item', grammar: 'python', total: 0.4, peak: 2,
    source: py(`
      async def main():
          makers = [lambda t=t: asyncio.sleep(t) for t in [0.3, 0.1]]
          await asyncio.gather(*(make() for make in makers))
          await asyncio.sleep(0.1)
    `) },
  { name: 'Python: a default read from a module name keeps the value it had at the def, however the name is set later', grammar: 'python', total: 0.1, peak: 1,
    source: py(`
      base = 0.1

      async def job(t=base):
          await asyncio.sleep(t)

      async def main():
          global base
          base = 0.3
          await job()
    `) },
  { name: 'Python: a method\'s default is taken in the class body when the class is made (a class attribute, not its later value)', grammar: 'python', total: 0.3, peak: 1,
    saysNot: ['not defined', '100 ms assumed'],
    source: py(`
      class Client:
          TIMEOUT = 0.2

          async def fetch(self, t=TIMEOUT):
              await asyncio.sleep(t)

      async def main():
          Client.TIMEOUT = 0.5
          client = Client()
          await client.fetch()
          await client.fetch(0.1)
    `) },
  { name: 'JavaScript: a default parameter is evaluated at each call that leaves the argument out', grammar: 'tsx', total: 0.4, peak: 1,
    source: js(`
      let base = 100;
      const job = async (t = base) => { await sleep(t); };

      async function main() {
        base = 300;
        await job();
        for (const t of [200, 100]) base = t;
        await job();
      }
    `) },
];

describe('simulate: Python match statements and default arguments', () => {
  runCases(cases);
});
