/**
 * unbounded-fanout in Python: `asyncio.gather` / `wait` / `as_completed` over a collection, and `create_task` /
 * `ensure_future` in loops and comprehensions. `$0...$0` marks the exact range of each expected finding: the fan-out
 * call without `await`. The seed's four examples are fixtures (test/fixtures/rules/unbounded-fanout/seed_*.py).
 */
import * as assert from 'assert/strict';
import { analyze } from '../../../src/engine/analyze';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { unboundedFanout } from '../../../src/engine/rules/unboundedFanout';
import { runRuleTests } from './ruleTester';

const grammars = new GrammarLoader(packageWasmLocator());

describe('unbounded-fanout (Python)', () => {
  runRuleTests(unboundedFanout, {
    grammar: 'python',
    // Today's rule, kept as the strict level: any fan-out over a collection of unknown size.
    options: { level: 'strict' },
    valid: [
      // Explicit arguments and literal collections: the number of tasks is written in the code.
      {
        name: 'gather over explicit arguments counts them (3 tasks)',
        code: `
          import asyncio

          async def load_dashboard(user_id):
              return await asyncio.gather(fetch_user(user_id), fetch_orders(user_id), fetch_cart(user_id))
        `,
      },
      {
        name: 'a comprehension over a literal list',
        code: `
          import asyncio

          async def health_check():
              return await asyncio.gather(*[ping(host) for host in ["db", "cache", "search"]])
        `,
      },
      {
        name: 'asyncio.wait over a set comprehension of a module-level tuple',
        code: `
          import asyncio

          REPLICAS = ("primary", "replica")

          async def first_replica():
              done, _ = await asyncio.wait({asyncio.create_task(ping(h)) for h in REPLICAS}, return_when=asyncio.FIRST_COMPLETED)
              return done.pop().result()
        `,
      },
      {
        name: 'as_completed over a literal list of mirrors',
        code: `
          import asyncio

          async def fastest_mirror():
              for next_done in asyncio.as_completed([download(m) for m in ["eu.example", "us.example"]]):
                  return await next_done
        `,
      },

      // Sizes followed through names: local, module-level, and arithmetic on them.
      {
        name: 'range(3), as in the seed',
        code: `
          import asyncio

          async def main():
              results = await asyncio.gather(*[fetch_data(i) for i in range(3)])
        `,
      },
      {
        name: 'range(N) with a local N = 4',
        code: `
          import asyncio

          async def scan_shards():
              n = 4
              await asyncio.gather(*[scan_shard(i) for i in range(n)])
        `,
      },
      {
        name: 'range over a module-level constant',
        code: `
          import asyncio

          SHARDS = 4

          async def scan_shards():
              await asyncio.gather(*[scan_shard(i) for i in range(SHARDS)])
        `,
      },
      {
        name: 'a module-level list of regions',
        code: `
          import asyncio

          REGIONS = ["eu-west-1", "us-east-1", "ap-south-1"]

          async def ping_regions(session):
              await asyncio.gather(*[session.get(f"/{r}/health") for r in REGIONS])
        `,
      },
      {
        name: 'a known size equal to the limit (16) is allowed',
        code: `
          import asyncio

          async def warm_cache():
              await asyncio.gather(*[load_page(i) for i in range(16)])
        `,
      },
      {
        name: 'maxConcurrency from options raises the limit',
        options: { maxConcurrency: 100 },
        code: `
          import asyncio

          async def warm_cache():
              await asyncio.gather(*[load_page(i) for i in range(100)])
        `,
      },

      // Slices and chunks: each gather sees at most a few elements, whatever the collection's size.
      {
        name: 'a slice urls[:5]',
        code: `
          import asyncio

          async def preview(urls):
              await asyncio.gather(*[fetch(u) for u in urls[:5]])
        `,
      },
      {
        name: 'a variable holding a slice, mapped',
        code: `
          import asyncio

          async def first_page(urls):
              first = urls[:10]
              return await asyncio.gather(*map(fetch, first))
        `,
      },
      {
        name: 'chunks from itertools.batched',
        code: `
          import asyncio
          import itertools

          async def reindex(order_ids):
              for batch in itertools.batched(order_ids, 10):
                  await asyncio.gather(*[reindex_order(o) for o in batch])
        `,
      },
      {
        name: 'chunks from batched imported by name, with a generator expression',
        code: `
          import asyncio
          from itertools import batched

          async def reindex(order_ids):
              for batch in batched(order_ids, 10):
                  await asyncio.gather(*(reindex_order(o) for o in batch))
        `,
      },
      {
        name: 'a stepped range over len(urls) with urls[i:i + 10]',
        code: `
          import asyncio

          async def crawl(urls):
              for i in range(0, len(urls), 10):
                  await asyncio.gather(*[fetch(u) for u in urls[i:i + 10]])
        `,
      },
      {
        name: 'a TaskGroup loop over a slice',
        code: `
          import asyncio

          async def preview(urls):
              async with asyncio.TaskGroup() as tg:
                  for u in urls[:5]:
                      tg.create_task(fetch(u))
        `,
      },

      // A shared semaphore bounds the tasks: in the task itself, in a function of this file, or in a class.
      {
        name: 'a shared semaphore passed to a task function that holds it',
        code: `
          import asyncio

          async def fetch(sem, url):
              async with sem:
                  return await http_get(url)

          async def crawl(urls):
              sem = asyncio.Semaphore(4)
              await asyncio.gather(*[fetch(sem, u) for u in urls])
        `,
      },
      {
        name: 'a module-level semaphore held by the task function',
        code: `
          import asyncio

          semaphore = asyncio.Semaphore(8)

          async def fetch_order(session, order_id):
              async with semaphore:
                  return await session.get(f"/orders/{order_id}")

          async def load_orders(session, order_ids):
              return await asyncio.gather(*[fetch_order(session, o) for o in order_ids])
        `,
      },
      {
        name: 'a nested function holding the enclosing semaphore',
        code: `
          import asyncio

          async def load_orders(session, order_ids, limit=16):
              semaphore = asyncio.Semaphore(limit)

              async def fetch_one(order_id):
                  async with semaphore:
                      return await session.get(f"/orders/{order_id}")

              return await asyncio.gather(*(fetch_one(o) for o in order_ids))
        `,
      },
      {
        name: 'acquire and release in the task function',
        code: `
          import asyncio

          async def upload(sem, path):
              await sem.acquire()
              try:
                  return await put_object(path)
              finally:
                  sem.release()

          async def upload_all(paths, sem):
              await asyncio.gather(*[upload(sem, p) for p in paths])
        `,
      },
      {
        name: 'a semaphore held in an attribute by the method the tasks run',
        code: `
          import asyncio

          class Crawler:
              def __init__(self, urls):
                  self.urls = urls
                  self._sem = asyncio.Semaphore(3)

              async def fetch(self, url):
                  async with self._sem:
                      return await http_get(url)

              async def crawl(self):
                  async with asyncio.TaskGroup() as tg:
                      for u in self.urls:
                          tg.create_task(self.fetch(u))
        `,
      },
      {
        name: 'a generic bounded(sem, coro) wrapper around each coroutine',
        code: `
          import asyncio

          async def bounded(sem, coro):
              async with sem:
                  return await coro

          async def crawl(urls):
              sem = asyncio.Semaphore(5)
              await asyncio.gather(*[bounded(sem, fetch(u)) for u in urls])
        `,
      },
      {
        name: 'TaskGroup tasks built by a comprehension, each holding the shared semaphore',
        code: `
          import asyncio

          async def crawl(urls):
              sem = asyncio.Semaphore(10)

              async def one(url):
                  async with sem:
                      return await fetch(url)

              async with asyncio.TaskGroup() as tg:
                  tasks = [tg.create_task(one(u)) for u in urls]
              return [t.result() for t in tasks]
        `,
      },

      // Tools that bound concurrency themselves, and a fixed number of queue workers.
      {
        name: 'aiometer.run_all with max_at_once',
        code: `
          import functools
          import aiometer

          async def crawl(urls):
              return await aiometer.run_all([functools.partial(fetch, u) for u in urls], max_at_once=10)
        `,
      },
      {
        name: 'aiometer.amap with max_at_once',
        code: `
          import aiometer

          async def crawl(urls):
              async with aiometer.amap(fetch, urls, max_at_once=10) as results:
                  async for page in results:
                      print(page)
        `,
      },
      {
        name: 'a fixed number of workers from a module-level constant',
        code: `
          import asyncio

          NUM_WORKERS = 8

          async def process(queue):
              workers = [asyncio.create_task(worker(queue)) for _ in range(NUM_WORKERS)]
              await queue.join()
              for w in workers:
                  w.cancel()
        `,
      },
      {
        name: 'four workers gathered',
        code: `
          import asyncio

          async def process(queue):
              workers = [asyncio.create_task(worker(queue)) for _ in range(4)]
              await asyncio.gather(*workers)
        `,
      },

      // Not a fan-out over a collection: a while loop, one task, awaiting one at a time, a function not from asyncio.
      {
        name: 'a while loop accepting connections is not a collection',
        code: `
          import asyncio

          async def serve(server):
              async with asyncio.TaskGroup() as tg:
                  while True:
                      conn = await server.accept()
                      tg.create_task(handle(conn))
        `,
      },
      {
        name: 'a single task',
        code: `
          import asyncio

          async def refresh(url):
              task = asyncio.create_task(fetch(url))
              return await task
        `,
      },
      {
        name: 'awaiting each item in turn is sequential',
        code: `
          import asyncio

          async def sync_users(user_ids):
              users = []
              for uid in user_ids:
                  users.append(await fetch_user(uid))
              return users
        `,
      },
      {
        name: 'a local function named gather is not asyncio.gather',
        code: `
          def gather(*parts):
              return list(parts)

          async def collect(urls):
              return gather(*[u.strip() for u in urls])
        `,
      },
      {
        name: 'fan-outs in comments and strings are not code',
        code: `
          import asyncio

          async def crawl(urls):
              # asyncio.gather(*[fetch(u) for u in urls])
              print("asyncio.gather(*[fetch(u) for u in urls])")
        `,
      },

      // A limiter created per task limits nothing, but over three tasks there is nothing to limit.
      {
        name: 'a per-task semaphore over range(3)',
        code: `
          import asyncio

          async def main():
              await asyncio.gather(*[fetch(asyncio.Semaphore(2), i) for i in range(3)])
        `,
      },

      // Suppression comments, in each form.
      {
        name: 'suppressed on the same line',
        code: `
          import asyncio

          async def ping_regions(regions):
              await asyncio.gather(*[ping(r) for r in regions])  # async-patterns: ignore[unbounded-fanout]
        `,
      },
      {
        name: 'suppressed by a comment alone on the line before',
        code: `
          import asyncio

          async def ping_regions(regions):
              # async-patterns: ignore[unbounded-fanout]
              await asyncio.gather(*[ping(r) for r in regions])
        `,
      },
      {
        name: 'suppressed for all rules (no list)',
        code: `
          import asyncio

          async def ping_regions(regions):
              await asyncio.gather(*[ping(r) for r in regions])  # async-patterns: ignore
        `,
      },
      {
        name: 'suppressed in a list of rules, after another tool\'s comment',
        code: `
          import asyncio

          async def ping_regions(regions):
              await asyncio.gather(*[ping(r) for r in regions])  # type: ignore  # async-patterns: ignore[other-rule, unbounded-fanout]
        `,
      },

      // Module-level tables the file never changes, however far the names go (issue 13: the simulator counts them).
      {
        name: 'a module-level table reached through three names (a comprehension, a filter over zip, a sorted set)',
        code: `
          import asyncio

          WAREHOUSES = [{"name": "a", "region": "eu"}, {"name": "b", "region": "us"}, {"name": "c", "region": "eu"}]
          REGION_OF = {w["name"]: w["region"] for w in WAREHOUSES}

          async def main():
              names = [w["name"] for w in WAREHOUSES]
              answers = await asyncio.gather(*(fetch_counts(n) for n in names), return_exceptions=True)
              missing = [n for n, a in zip(names, answers) if isinstance(a, Exception)]
              regions = sorted({REGION_OF[n] for n in missing})
              return await asyncio.gather(*(read_cache(r) for r in regions))
        `,
      },
      {
        name: 'a loop over a module-level table of lists: each list is as long as the longest',
        code: `
          import asyncio

          PAGES = [["user:1", "cart:7"], ["user:2", "cart:9", "user:1"]]

          async def main(client):
              for keys in PAGES:
                  await asyncio.gather(*(client.read(key) for key in keys))
        `,
      },
      {
        name: 'asyncio.wait in a loop over what it left pending: never more than the table it started from',
        code: `
          import asyncio

          CARRIERS = {"ups": 0.18, "dhl": 0.12, "fedex": 0.26}

          async def best_quote(shipment):
              pending = {asyncio.create_task(quote(c, shipment)) for c in CARRIERS}
              while pending:
                  done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
                  for task in done:
                      if task.exception() is None:
                          return task.result()
        `,
      },
      {
        name: 'an attribute set once in __init__ from the constructor\'s argument, a module-level table',
        code: `
          import asyncio

          RESTART_TIME = {"web-1": 0.24, "web-2": 0.40, "worker-1": 0.60}

          class Rollout:
              def __init__(self, hosts):
                  self.hosts = hosts

          async def main():
              rollout = Rollout(list(RESTART_TIME))
              async with asyncio.TaskGroup() as tg:
                  for host in rollout.hosts:
                      tg.create_task(deploy(host))
        `,
      },
      {
        name: 'a function\'s local of the same name changed, not the module\'s table',
        code: `
          import asyncio

          REPLICAS = ["a", "b", "c"]

          async def read_all(key):
              return await asyncio.gather(*(read(r, key) for r in REPLICAS))

          def extended(extra):
              REPLICAS = list(extra)
              REPLICAS.append("d")
              return REPLICAS
        `,
      },
      {
        name: "gather's results, one per awaitable gathered over a module-level dict",
        code: `
          import asyncio

          VOLUMES = {"db": 0.3, "media": 0.4, "logs": 0.1}

          async def main(manager):
              snapshots = await asyncio.gather(*(manager.snapshot(v) for v in VOLUMES))
              await asyncio.gather(*(manager.prune(s) for s in snapshots))
        `,
      },
    ],

    invalid: [
      // Comprehensions, generator expressions and map over a parameter: size unknown.
      {
        name: 'a list comprehension over a parameter (the rule\'s doc example)',
        code: `
          import asyncio

          async def load_orders(session, order_ids):
              return await $0asyncio.gather(*[fetch_order(session, o) for o in order_ids])$0
        `,
        errors: [{ messageId: 'unknownSize', data: { callee: 'asyncio.gather', collection: 'order_ids' } }],
      },
      {
        name: 'a generator expression',
        code: `
          import asyncio

          async def crawl(urls):
              return await $0asyncio.gather(*(fetch(u) for u in urls))$0
        `,
        errors: [{ messageId: 'unknownSize', data: { callee: 'asyncio.gather', collection: 'urls' } }],
      },
      {
        name: 'map(fetch, urls)',
        code: `
          import asyncio

          async def crawl(urls):
              return await $0asyncio.gather(*map(fetch, urls))$0
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'urls' } }],
      },
      {
        name: 'list(map(...)) with return_exceptions',
        code: `
          import asyncio

          async def crawl(urls):
              return await $0asyncio.gather(*list(map(fetch, urls)), return_exceptions=True)$0
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'urls' } }],
      },
      {
        name: 'a filtered comprehension with type hints',
        code: `
          import asyncio

          async def crawl(urls: list[str]) -> list[bytes]:
              return await $0asyncio.gather(*[fetch(u) for u in urls if u.startswith("https://")])$0
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'urls' } }],
      },
      {
        name: 'enumerate(urls)',
        code: `
          import asyncio

          async def crawl(urls):
              await $0asyncio.gather(*[fetch(i, u) for i, u in enumerate(urls)])$0
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'enumerate(urls)' } }],
      },

      // Variables holding coroutines or tasks: only the consumer is flagged, once.
      {
        name: 'a variable holding a comprehension of coroutines',
        code: `
          import asyncio

          async def crawl(urls):
              tasks = [fetch(u) for u in urls]
              results = await $0asyncio.gather(*tasks)$0
              return results
        `,
        errors: [{ messageId: 'unknownSize', data: { callee: 'asyncio.gather', collection: 'urls' } }],
      },
      {
        name: 'a variable holding list(map(...))',
        code: `
          import asyncio

          async def crawl(urls):
              tasks = list(map(fetch, urls))
              await $0asyncio.gather(*tasks)$0
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'urls' } }],
      },
      {
        name: 'create_task in a comprehension, then gathered: the gather only',
        code: `
          import asyncio

          async def crawl(urls):
              tasks = [asyncio.create_task(fetch(u)) for u in urls]
              await $0asyncio.gather(*tasks)$0
        `,
        errors: [{ messageId: 'unknownSize', data: { callee: 'asyncio.gather' } }],
      },
      {
        name: 'a for loop appending tasks, then gathered: the gather only',
        code: `
          import asyncio

          async def crawl(urls):
              tasks = []
              for u in urls:
                  tasks.append(asyncio.create_task(fetch(u)))
              await $0asyncio.gather(*tasks)$0
        `,
        errors: [{ messageId: 'unknownSize', data: { callee: 'asyncio.gather', collection: 'urls' } }],
      },
      {
        name: 'a for loop appending coroutines over query rows',
        code: `
          import asyncio

          async def notify_users(db):
              rows = await db.fetch_all("select id, email from users")
              jobs = []
              for row in rows:
                  jobs.append(send_email(row["email"]))
              await $0asyncio.gather(*jobs, return_exceptions=True)$0
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'rows' } }],
      },
      {
        name: 'tasks created by a comprehension and awaited one by one: the create_task',
        code: `
          import asyncio

          async def crawl(urls):
              tasks = [$0asyncio.create_task(fetch(u))$0 for u in urls]
              return [await t for t in tasks]
        `,
        errors: [{ messageId: 'unknownSize', data: { callee: 'asyncio.create_task', collection: 'urls' } }],
      },

      // Sources of unknown size: the file system, a query, an attribute, dict items.
      {
        name: 'os.listdir inline',
        code: `
          import asyncio
          import os

          async def upload_folder(folder):
              await $0asyncio.gather(*[upload(name) for name in os.listdir(folder)])$0
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'os.listdir(folder)' } }],
      },
      {
        name: 'os.listdir through a variable',
        code: `
          import asyncio
          import os

          async def upload_folder(folder):
              names = os.listdir(folder)
              await $0asyncio.gather(*[upload(name) for name in names])$0
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'names' } }],
      },
      {
        name: 'an attribute self.urls',
        code: `
          import asyncio

          class Crawler:
              async def crawl(self):
                  await $0asyncio.gather(*[self.fetch(u) for u in self.urls])$0
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'self.urls' } }],
      },
      {
        name: 'an awaited query inline',
        code: `
          import asyncio

          async def ship_pending(session, db):
              await $0asyncio.gather(*[ship(session, o) for o in await db.fetch_all("select * from orders")])$0
        `,
        errors: [{ messageId: 'unknownSize', data: { callee: 'asyncio.gather' } }],
      },
      {
        name: 'dict items',
        code: `
          import asyncio

          async def notify(users):
              await $0asyncio.gather(*[send_email(uid, email) for uid, email in users.items()])$0
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'users.items()' } }],
      },
      {
        name: 'a known list extended by a parameter becomes unknown',
        code: `
          import asyncio

          async def ping_all(extra_hosts):
              hosts = ["db"]
              hosts.extend(extra_hosts)
              await $0asyncio.gather(*[ping(h) for h in hosts])$0
        `,
        errors: [{ messageId: 'unknownSize' }],
      },

      // asyncio.wait and asyncio.as_completed take the iterable as their first argument.
      {
        name: 'asyncio.wait over a comprehension of tasks',
        code: `
          import asyncio

          async def crawl(urls):
              done, pending = await $0asyncio.wait([asyncio.create_task(fetch(u)) for u in urls])$0
        `,
        errors: [{ messageId: 'unknownSize', data: { callee: 'asyncio.wait', collection: 'urls' } }],
      },
      {
        name: 'asyncio.wait over a list appended in a loop, with a timeout',
        code: `
          import asyncio

          async def crawl(urls):
              tasks = []
              for u in urls:
                  tasks.append(asyncio.create_task(fetch(u)))
              done, pending = await $0asyncio.wait(tasks, timeout=10)$0
        `,
        errors: [{ messageId: 'unknownSize', data: { callee: 'asyncio.wait', collection: 'urls' } }],
      },
      {
        name: 'asyncio.as_completed over a comprehension',
        code: `
          import asyncio

          async def crawl(urls):
              for next_done in $0asyncio.as_completed([fetch(u) for u in urls])$0:
                  print(await next_done)
        `,
        errors: [{ messageId: 'unknownSize', data: { callee: 'asyncio.as_completed', collection: 'urls' } }],
      },
      {
        name: 'asyncio.as_completed over a variable of ensure_future tasks: the consumer only',
        code: `
          import asyncio

          async def crawl(urls):
              futures = [asyncio.ensure_future(fetch(u)) for u in urls]
              for fut in $0asyncio.as_completed(futures)$0:
                  print(await fut)
        `,
        errors: [{ messageId: 'unknownSize', data: { callee: 'asyncio.as_completed' } }],
      },

      // create_task / ensure_future in loops and comprehensions (TaskGroup fan-out): the call itself is flagged.
      {
        name: 'tg.create_task in a for loop',
        code: `
          import asyncio

          async def crawl(urls):
              async with asyncio.TaskGroup() as tg:
                  for u in urls:
                      $0tg.create_task(fetch(u))$0
        `,
        errors: [{ messageId: 'unknownSize', data: { callee: 'tg.create_task', collection: 'urls' } }],
      },
      {
        name: 'tg.create_task in a comprehension',
        code: `
          import asyncio

          async def crawl(urls):
              async with asyncio.TaskGroup() as tg:
                  tasks = [$0tg.create_task(fetch(u))$0 for u in urls]
              return [t.result() for t in tasks]
        `,
        errors: [{ messageId: 'unknownSize', data: { callee: 'tg.create_task', collection: 'urls' } }],
      },
      {
        name: 'tg.create_task in an async for over a cursor',
        code: `
          import asyncio

          async def export_rows(cursor):
              async with asyncio.TaskGroup() as tg:
                  async for row in cursor:
                      $0tg.create_task(export(row))$0
        `,
        errors: [{ messageId: 'unknownSize', data: { callee: 'tg.create_task', collection: 'cursor' } }],
      },
      {
        name: 'fire-and-forget asyncio.create_task in a for loop',
        code: `
          import asyncio

          async def send_all(messages):
              for m in messages:
                  $0asyncio.create_task(send(m))$0
        `,
        errors: [{ messageId: 'unknownSize', data: { callee: 'asyncio.create_task', collection: 'messages' } }],
      },
      {
        name: 'asyncio.ensure_future in a for loop',
        code: `
          import asyncio

          async def send_all(messages):
              for m in messages:
                  $0asyncio.ensure_future(send(m))$0
        `,
        errors: [{ messageId: 'unknownSize', data: { callee: 'asyncio.ensure_future' } }],
      },

      // Known sizes above the limit.
      {
        name: 'range(100) is more than 16',
        code: `
          import asyncio

          async def warm_cache():
              await $0asyncio.gather(*[load_page(i) for i in range(100)])$0
        `,
        errors: [{ messageId: 'largeSize', data: { callee: 'asyncio.gather', collection: 'range(100)', size: 100, max: 16 } }],
      },
      {
        name: 'a module-level constant in range arithmetic',
        code: `
          import asyncio

          PAGES = 50

          async def warm_cache():
              await $0asyncio.gather(*[load_page(i) for i in range(1, PAGES + 1)])$0
        `,
        errors: [{ messageId: 'largeSize', data: { size: 50, max: 16 } }],
      },
      {
        name: 'a slice larger than the limit',
        code: `
          import asyncio

          async def first_pages(urls):
              return await $0asyncio.gather(*[fetch(u) for u in urls[:50]])$0
        `,
        errors: [{ messageId: 'largeSize', data: { collection: 'urls[:50]', size: 50 } }],
      },
      {
        name: 'chunks of 100 are larger than the limit',
        code: `
          import asyncio
          import itertools

          async def reindex(order_ids):
              for batch in itertools.batched(order_ids, 100):
                  await $0asyncio.gather(*[reindex_order(o) for o in batch])$0
        `,
        errors: [{ messageId: 'largeSize', data: { size: 100 } }],
      },
      {
        name: 'tg.create_task in a loop over range(100)',
        code: `
          import asyncio

          async def warm_cache():
              async with asyncio.TaskGroup() as tg:
                  for i in range(100):
                      $0tg.create_task(load_page(i))$0
        `,
        errors: [{ messageId: 'largeSize', data: { callee: 'tg.create_task', collection: 'range(100)', size: 100 } }],
      },
      {
        name: 'maxConcurrency from options lowers the limit',
        options: { maxConcurrency: 4 },
        code: `
          import asyncio

          async def warm_cache():
              await $0asyncio.gather(*[load_page(i) for i in range(10)])$0
        `,
        errors: [{ messageId: 'largeSize', data: { size: 10, max: 4 } }],
      },

      // Import forms: data.callee is the callee as written.
      {
        name: 'import asyncio as aio',
        code: `
          import asyncio as aio

          async def crawl(urls):
              await $0aio.gather(*[fetch(u) for u in urls])$0
        `,
        errors: [{ messageId: 'unknownSize', data: { callee: 'aio.gather' } }],
      },
      {
        name: 'from asyncio import gather',
        code: `
          from asyncio import gather

          async def crawl(urls):
              await $0gather(*[fetch(u) for u in urls])$0
        `,
        errors: [{ messageId: 'unknownSize', data: { callee: 'gather' } }],
      },
      {
        name: 'from asyncio import as_completed',
        code: `
          from asyncio import as_completed

          async def crawl(urls):
              for fut in $0as_completed([fetch(u) for u in urls])$0:
                  await fut
        `,
        errors: [{ messageId: 'unknownSize', data: { callee: 'as_completed' } }],
      },

      // A limiter created per task bounds nothing.
      {
        name: 'a semaphore created in the task function body',
        code: `
          import asyncio

          async def fetch_invoice(session, order_id):
              limiter = asyncio.Semaphore(5)
              async with limiter:
                  return await session.get(f"/invoices/{order_id}")

          async def load_invoices(session, order_ids):
              return await $0asyncio.gather(*[fetch_invoice(session, o) for o in order_ids])$0
        `,
        errors: [{ messageId: 'perTaskLimiter', data: { limiter: 'asyncio.Semaphore(5)', callee: 'asyncio.gather' } }],
      },
      {
        name: 'async with asyncio.Semaphore(...) directly in the task function',
        code: `
          import asyncio

          async def fetch(url):
              async with asyncio.Semaphore(5):
                  return await http_get(url)

          async def crawl(urls):
              await $0asyncio.gather(*[fetch(u) for u in urls])$0
        `,
        errors: [{ messageId: 'perTaskLimiter', data: { limiter: 'asyncio.Semaphore(5)' } }],
      },
      {
        name: 'a semaphore constructed in the comprehension element',
        code: `
          import asyncio

          async def fetch(sem, url):
              async with sem:
                  return await http_get(url)

          async def crawl(urls):
              await $0asyncio.gather(*[fetch(asyncio.Semaphore(5), u) for u in urls])$0
        `,
        errors: [{ messageId: 'perTaskLimiter', data: { limiter: 'asyncio.Semaphore(5)', callee: 'asyncio.gather' } }],
      },
      {
        name: 'a per-task semaphore over a known large range',
        code: `
          import asyncio

          async def fetch(page):
              async with asyncio.Semaphore(5):
                  return await load_page(page)

          async def warm_cache():
              await $0asyncio.gather(*[fetch(i) for i in range(100)])$0
        `,
        errors: [{ messageId: 'perTaskLimiter', data: { limiter: 'asyncio.Semaphore(5)' } }],
      },
      {
        name: 'a semaphore constructed per tg.create_task call',
        code: `
          import asyncio

          async def fetch(sem, url):
              async with sem:
                  return await http_get(url)

          async def crawl(urls):
              async with asyncio.TaskGroup() as tg:
                  for u in urls:
                      $0tg.create_task(fetch(asyncio.Semaphore(3), u))$0
        `,
        errors: [{ messageId: 'perTaskLimiter', data: { limiter: 'asyncio.Semaphore(3)', callee: 'tg.create_task' } }],
      },
      {
        name: 'a semaphore constructed in the loop body, once per task',
        code: `
          import asyncio

          async def fetch(sem, url):
              async with sem:
                  return await http_get(url)

          async def crawl(urls):
              async with asyncio.TaskGroup() as tg:
                  for u in urls:
                      sem = asyncio.Semaphore(2)
                      $0tg.create_task(fetch(sem, u))$0
        `,
        errors: [{ messageId: 'perTaskLimiter', data: { limiter: 'asyncio.Semaphore(2)', callee: 'tg.create_task' } }],
      },

      // Two fan-outs are two findings, in order.
      {
        name: 'two gathers in one function',
        code: `
          import asyncio

          async def sync(urls):
              pages = await $0asyncio.gather(*[fetch(u) for u in urls])$0
              await $0asyncio.gather(*[store(p) for p in pages])$0
        `,
        errors: [
          { messageId: 'unknownSize', data: { collection: 'urls' } },
          { messageId: 'unknownSize', data: { collection: 'pages' } },
        ],
      },

      // Suppression comments only hide what they name, where they are; a syntax error elsewhere hides nothing.
      {
        name: 'a suppression naming another rule',
        code: `
          import asyncio

          async def crawl(urls):
              await $0asyncio.gather(*[fetch(u) for u in urls])$0  # async-patterns: ignore[other-rule]
        `,
        errors: [{ messageId: 'unknownSize' }],
      },
      {
        name: 'a suppression two lines above (a blank line between) does not apply',
        code: `
          import asyncio

          async def crawl(urls):
              # async-patterns: ignore[unbounded-fanout]

              await $0asyncio.gather(*[fetch(u) for u in urls])$0
        `,
        errors: [{ messageId: 'unknownSize' }],
      },
      {
        name: 'a syntax error in another function',
        code: `
          import asyncio

          def broken(:
              pass

          async def crawl(urls):
              await $0asyncio.gather(*[fetch(u) for u in urls])$0
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'urls' } }],
      },
      // A module-level table the file changes, or a local that shadows it: its size is not the table's.
      {
        name: 'a module-level table appended to in another function',
        code: `
          import asyncio

          REPLICAS = ["a", "b", "c"]

          async def read_all(key):
              return await $0asyncio.gather(*(read(r, key) for r in REPLICAS))$0

          def register(replica):
              REPLICAS.append(replica)
        `,
        errors: [{ messageId: 'unknownSize', data: { callee: 'asyncio.gather', collection: 'REPLICAS' } }],
      },
      {
        name: 'a module-level table bound again in a function that declares it global',
        code: `
          import asyncio

          HOSTS = ("h1", "h2")

          async def ping_all():
              return await $0asyncio.gather(*[ping(h) for h in HOSTS])$0

          def reload(config):
              global HOSTS
              HOSTS = tuple(config["hosts"])
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'HOSTS' } }],
      },
      {
        name: 'a module-level dict given new keys elsewhere (an item set)',
        code: `
          import asyncio

          ENDPOINTS = {"eu": "https://eu.example", "us": "https://us.example"}

          async def probe_all():
              return await $0asyncio.gather(*(probe(url) for url in ENDPOINTS.values()))$0

          def add_region(name, url):
              ENDPOINTS[name] = url
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'ENDPOINTS.values()' } }],
      },
      {
        name: 'a local of the same name shadows the module-level table',
        code: `
          import asyncio

          REPLICAS = ["a", "b", "c"]

          async def read_all(key, REPLICAS):
              return await $0asyncio.gather(*(read(r, key) for r in REPLICAS))$0
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'REPLICAS' } }],
      },
      {
        name: 'a table of lists one of whose lists grows',
        code: `
          import asyncio

          PAGES = [["user:1", "cart:7"], ["user:2"]]

          async def main(client):
              for keys in PAGES:
                  await $0asyncio.gather(*(client.read(key) for key in keys))$0

          def remember(key):
              PAGES[0].append(key)
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'keys' } }],
      },
      {
        name: 'asyncio.wait in a loop that adds new tasks to the pending set',
        code: `
          import asyncio

          async def hedge(replicas, key):
              pending = {asyncio.create_task(read(r, key)) for r in replicas[:2]}
              while pending:
                  done, pending = await $0asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)$0
                  for task in done:
                      pending.add($0asyncio.create_task(read(task.result(), key))$0)
        `,
        errors: [{ messageId: 'unknownSize', data: { collection: 'pending' } }, { messageId: 'unknownSize', data: { collection: 'done' } }],
      },
      {
        name: 'an attribute set in __init__ and grown by a method',
        code: `
          import asyncio

          RESTART_TIME = {"web-1": 0.24, "web-2": 0.40}

          class Rollout:
              def __init__(self, hosts):
                  self.hosts = hosts

              def add(self, host):
                  self.hosts.append(host)

          async def main():
              rollout = Rollout(list(RESTART_TIME))
              async with asyncio.TaskGroup() as tg:
                  for host in rollout.hosts:
                      $0tg.create_task(deploy(host))$0
        `,
        errors: [{ messageId: 'unknownSize', data: { callee: 'tg.create_task', collection: 'rollout.hosts' } }],
      },
    ],
  });
});

describe('unbounded-fanout (Python): sizes read through gather results stay bounded in depth', () => {
  // A bracket left open (`print((results)`) nests the rest of the file in one expression: a gather's result size
  // read the gathers nested in its own comprehension from depth 0 again, until the stack overflowed (the fuzz test's
  // seed 20251111 found it).
  // Its comments matter: they change how tree-sitter recovers from the error.
  const nested = [
    '   print((results)',
    ' tch_data(i) for i icio.Semaphore(4)',
    '    return await asyncio.gather(*[fetch_invoice_limited(session, o) for o in order_ids])  # RULE unbounded-fanout:perTaskLimiter',
    '',
    '',
    'async def ping_regions(session):',
    '    return await asyncio.gather(*[session.get(f"/{r}/health") for r in REGIONS])',
    '',
    '',
    'async def archive_exports(session, folder):',
    '    names = os.listdir(folder)',
    '    async with asyncio.TaskGroup() as tg:',
    '        for name in names:',
    '            tg.create_task(session.upload(name))  # RULE unbounded-fanout',
    '',
    '',
    'async def reindex(session, order_ids):',
    '    for batch in batched(order_ids, 10):',
    '        await asyncio.gather(*[session.post(f"/index/{o}") for o in batch])',
    '',
    '',
    'async def warm_cache(session):',
    '    await asyncio.gather(*[session.post(f"/notify/{o}") for o in order_ids])  # async-patterns: ignore[unbounded-fanout]',
  ].join('\n');
  for (const level of ['strict', 'recommended'] as const) {
    it(`analyzes a file a bracket left open, at the ${level} level`, async () => {
      const parser = await grammars.parserFor('python');
      const tree = parser.parse(nested)!;
      assert.doesNotThrow(() => analyze({ tree, text: nested, family: 'python', options: { level } }));
      tree.delete();
    });
  }
});
