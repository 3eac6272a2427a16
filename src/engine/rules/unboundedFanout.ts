/**
 * unbounded-fanout (documentation: docs/rules/unbounded-fanout.md, kept equal to the block below by a test)
 *
 * # unbounded-fanout
 *
 * ## What it does
 * Flags code that starts one task per element of a collection, all at once, when nothing limits how many run together:
 *
 * - JavaScript/TypeScript: `Promise.all`, `Promise.allSettled`, `Promise.any` and `Promise.race` over `xs.map(...)`,
 *   `Array.from(xs, fn)`, `[...xs].map(...)`, a variable holding such an array, or an array that a loop (or a
 *   `push(...xs.map(...))`) fills with promises before they are awaited together; a project's own `allSettled` wrapper
 *   (`utils.allSettled(xs.map(...))`); `pMap(xs, fn)` without a `concurrency` option (its default is Infinity).
 * - Python: `asyncio.gather(*...)`, `asyncio.wait(...)` and `asyncio.as_completed(...)` over comprehensions, generator
 *   expressions, `map(...)` or a list of coroutines or tasks, and a project's own gather wrapper (`safe_gather(*...)`);
 *   `create_task` (`asyncio.create_task`, `tg.create_task`), `asyncio.ensure_future`, anyio's and trio's `start_soon`
 *   and `start` on a task group or nursery, and aiorpcx's `group.spawn` inside a loop over a collection.
 *
 * It also flags a limiter created inside each task (`pLimit(4)` or `asyncio.Semaphore(5)` built per call): every task
 * gets its own, so nothing is limited.
 *
 * ### Levels
 * Like typescript-eslint's configs, the rule has two levels (`asyncPatterns.fanout.level`, CLI `--level`):
 *
 * - **`recommended`** (the default) reports a fan-out only with evidence of all three:
 *   1. *each task reaches an external resource*: a call the catalogue knows as I/O (`fetch`, `fs/promises.writeFile`,
 *      `child_process.exec`, `asyncio.create_subprocess_exec`, `aiohttp` sessions...), a call on a client or session
 *      (`octokit.repos.delete`, `client.get`, `session.put`), a call whose name says so (`fetch...`, `upload...`,
 *      `download...`, `exec`, `spawn`, a `delete...` or `update...` of another module), or a function or method of the
 *      same file that makes one, followed through its calls (in JavaScript/TypeScript also a method of an instance of a
 *      class of the same file: `cleaner.cleanup(fn)` after `const cleaner = options.cleaner || new Cleaner()`; a
 *      utility belt's function is never work, whatever its name: `_.cloneDeep(x)` is not a repository's clone; nor is a
 *      call whose value is thrown, which builds the error: `throw accessDeniedError(item)`; nor is building an object,
 *      whatever its class is named for, unless the catalogue knows the class reaches outside: `new UpdateResult()` is
 *      not an update; nor `exec` of a regular expression: a literal, a name bound to one or to `new RegExp(...)`, or a
 *      name that says so, `fkRegex.exec(sql)`; nor a call on registered middleware or listeners, which runs the
 *      project's own code in process: `schema.s.hooks.execPre('save', doc)`). In
 *      Python a name alone counts only in coroutines (and in functions run in a thread): a plain `def` a coroutine calls
 *      cannot wait for the network without blocking the loop, so its `comm.send(msg)` is a buffered write, as is a call
 *      a coroutine makes and drops; starting a task (`group.spawn(...)`) is not work either, what the task runs is.
 *      Awaiting a method of an object a class made for one address counts as reaching that device or host
 *      (`bulb = WifiLedBulb(info["ipaddr"])`, then `await bulb.turn_on()`: the first argument or a keyword names an IP
 *      address, host or MAC address), and so does awaiting a coroutine the file does not define that is handed a host
 *      or an address first (`await CephadmServe(self.mgr)._run_cephadm(host, 'osd', ...)`; a container's own methods,
 *      `cache.get(host)`, do not count). So does a call a Python task awaits inside a `try` whose `except` catches the
 *      errors of a failing connection (`ConnectionError`, `httpx.ConnectError`, `aiohttp.ClientError`, the catalogue's
 *      network exceptions), whatever its name: `try: await evaluate_with_service(row) except httpx.ConnectError: ...`. A
 *      Python task that runs a function its caller passes in (`action(*target)` of `def run(action, targets)`,
 *      `step.func(item)` of a pipeline's steps), and a `gather` over a parameter typed as coroutines
 *      (`jobs: List[Coroutine]`, which do not run until gathered) or over what a function of the same file typed as
 *      returning them makes (`def get_coroutines(tests) -> list[Coroutine]`), count: the work is the caller's, and it
 *      runs once per element. Where the call that starts the task names the function it hands over
 *      (`self._catch_errors(handler, data)`, `tg.start_soon(process, upload.read)`, a lambda), that function is judged
 *      instead: a handler taken from a list of handlers, or a method of an object in memory, is not external work;
 *   2. *the collection is data-driven*: it comes from an awaited call (an API page, a query result), a directory
 *      listing or glob, a parameter or field holding data, or it is a count written in the code of at least 100 (fewer is
 *      a choice: a cap such as `xs.slice(0, MAX_NODES)`, a page of 50, a check before the fan-out that refuses more than
 *      such a count, `if (xs.length > MAX_BATCH) throw ...`, `if len(ids) > MAX_IDS: raise ...`, also in a function around
 *      the callback that fans out; `strict` reports any count over `maxConcurrency`);
 *   3. *nothing bounds it*: no shared limiter (also one passed to each task: `fetch(url, sem)`,
 *      `create_task(self.fetch(x, self._sem))`), no queue or pool running the tasks (`queue.add(...)`,
 *      `pool.submit(...)`, `run_in_executor`; in JavaScript/TypeScript also inside a function of the same file each task
 *      calls: `this.executor.run(() => api.deleteJob(name))`), no chunk (`urls[i:i + n]`). In Python also: no connector
 *      or client made with a connection limit that each task is given or uses (`async with TCPConnector(limit_per_host=16)
 *      as conn`, `ClientSession(connector=TCPConnector(limit=10))`; `limit=0` is none), no one connection carrying
 *      every call (`conn.execute(sql, row)`: a receiver named `conn` or `connection`, as asyncpg's, aiosqlite's and
 *      aioredis's connections are, which send in order), no client whose class, in the
 *      module of the project its import names, builds a limiter (`client: Client` from `..client`, whose class makes an
 *      `aiolimiter.AsyncLimiter`: see Known limitations), and no hand-made limiter in the task or the functions of the
 *      file it calls (a shared count compared with a limit and a sleep while it is reached:
 *      `if self.active[host] > 2: await asyncio.sleep(0.01)`). In JavaScript/TypeScript also: no client whose requests
 *      a plugin the project depends on queues wherever the client is built: an Octokit (`octokit.request(...)`, or any
 *      variable made with `new Octokit(...)`, also from a class passed in) when the nearest `package.json` lists
 *      `@octokit/plugin-throttling` or `octokit` (whose Octokit includes it); no function of another module of the
 *      project that runs its work through a limiter its module builds once (`this.provider.request(...)`, whose class in
 *      `provider.js` calls `request.js`, which queues every call on `new PromiseQueue(2, Infinity)`: see Known
 *      limitations); no database client running the queries
 *      (`strapi.db.query(uid)`, `pool.query(sql)`, `trx.raw(sql)`, `databaseConnection.query(sql)`,
 *      `qb.delete().where(...).execute()`: a name along the receiver chain, or at its root, says database, pool,
 *      connection, transaction or query builder, and the method is `query`, `raw`, `execute`, `executeQueries` or a
 *      query builder's `getMany`/`getOne`), whose one connection or pool queues what it cannot run; no method of an
 *      ORM's query runner or entity manager whose work runs on its own connection (in a class named `...QueryRunner`
 *      or `...EntityManager`: what it calls on `this`, `this.client.query(sql)`, or a query on a request it builds);
 *      no Redis client sending the commands (a Redis command, `client.hgetall(key)`; any call on a receiver named for
 *      Redis, `this.redis.del(key)`; a client's generic `del`, `get`, `set` or `sendCommand` in a class named for Redis,
 *      not its other work), which it pipelines in order over its one connection; no DevTools
 *      or WebDriver BiDi protocol session carrying the commands (`session.sendCommand(...)`, `cdpSession.send(...)`,
 *      `this._browserSession.send(...)`, a `send` of a command written out in the protocol's shape on a receiver of any
 *      name, `client.send('Page.enable')`, or a function of another module handed the session:
 *      `fetchResponseBody(session, id)`), whose one connection the browser serves in order; and no hand-made limiter in
 *      the code that
 *      starts each task: a count raised when a task starts and lowered when it ends, compared with a limit
 *      (`if (open < MAX_OPEN_FILES) start(); else pending.push(start)`). The element a task is given is never taken
 *      for a limiter, whatever its name (`slot` of `for slot in slots`).
 *
 *   The message names the evidence: what starts the tasks, what each does, and where the collection comes from (also
 *   as a related location).
 * - **`strict`** reports any fan-out over a collection of unknown size or one known to be larger than `maxConcurrency`,
 *   as this rule always did.
 *
 * At `recommended` these are not reported: waiting on tasks or promises that already exist (`gather(*pending)` after
 * cancelling them, `asyncio.all_tasks()`, a parameter or field holding tasks, a task awaited in the iteration that
 * starts it, `create_task` followed by `break`); one Python task per message of a kind, a protocol's dispatch (a task
 * started in a chain of branches that test the loop's element: `if isinstance(command, OpenConnection): ... elif ...`,
 * a `match command:` of two or more `case`s), and in JavaScript/TypeScript a task that calls out only in branches
 * comparing its element with a value the code writes (`query.meta.map(m => { if (m === 'total_count') return
 * this.count(); ... })`, `switch (name) { case 'users': ... }`): the elements that do work are kinds the code names;
 * work in the process (handlers, callbacks, listeners, a map to plain
 * objects, coroutines that never reach outside, closing connections that are open, reading local files; in
 * JavaScript/TypeScript also renaming and deleting them, unless the tasks walk a tree: see Known limitations, and work
 * inside a `new Promise(executor)` that the executor settles in its own body, `new Promise((res, rej) => { try {
 * copy(src, dest); res(); } catch (e) { rej(e); } })`: it ran before the promise was made, one task after another);
 * collections small by design (configuration, plugins, handlers, providers, platforms, also by the names of such
 * things, `platform_names`, `platformList`, and in Python what a call the loop does not wait for, named for no I/O, computes from
 * configuration alone: `get_install_targets_map(platform_names)`; `*args`, names split from a
 * string, one task per worker: `range(workers)`, `Array.from({ length: workerCount })`; in Python also the servers a
 * client knows, one connection to each (`for server in servers`), the addresses one host name resolves to
 * (`await getaddrinfo(host, port)`: the catalogue marks such calls `fewResults`), state an object keeps (`self.engines`), also what a
 * part it holds keeps (`self.session.inflight_out`, also chained: `itertools.chain(...)`) or hands back without an
 * `await` (`self.wallet.get_unverified_txs()`) unless a name along the way says data (`self.urls`,
 * `self.frontier.urls`, `self.store.get_urls()`) or, for a call, I/O (`self.s3_client.list_keys()`), and a generic helper whose tasks run only
 * a function its caller passes in, over a parameter whose name says nothing of data (`def unordered_map(coroutine,
 * iterator)`); in JavaScript/TypeScript also
 * a field of a class that the class only ever sets to an empty collection and fills an entry at a time, unless its
 * name says data (`this.tabs.set(tab.id, tab)`, `this.databases[url] = db`, `this.#states.push(state)`: the things
 * the object opened or was handed, one per key as each came), kinds, types, suffixes, patterns, icons and managers by their names, constants written in `SCREAMING_CASE` or
 * exported by another module (`docker.REGISTRY_DOMAINS`), a part destructured from configuration
 * (`const { milestones } = this.options`), what a function of the configuration object hands back
 * (`await config.ui.getAdditionalFiles()`, unless a client kept in it reads it: `this.config.client.listRepos()`),
 * and what a synchronous function of the file returns when that is small:
 * `this.getMilestones()`; connectors and an `--only` selection by their names, a list whose element each task calls
 * an entry of configuration, `secrets.map(async secretConfig => ...)`, and chunks made by a chunker of the catalogue or
 * a project's helper named for one: `chunk(packages, 300)`); and test files (`test_*.py`, `*_test.py`, `conftest.py`,
 * `tests/`, `__tests__/`, `*.test.*`, `*.spec.*`), where starting many tasks at once is the point of the test; and
 * minified JavaScript (a file named `*.min.js`, or whose lines average more than 200 characters with one of 1,000 or
 * more, the measure by which CodeQL's extractor skips minified files): it is built from a source elsewhere, which is
 * where a maintainer would bound a fan-out. Nor, in JavaScript/TypeScript, a mode that runs everything at once on
 * purpose: a fan-out in a function named for running in parallel (`runScriptInPackagesParallel`,
 * `startAllConcurrently`) when another function of the same class (outside a class, of the same file) passes a
 * concurrency setting (`{ concurrency: this.concurrency }`): a tool's `--parallel` mode, which starts every package's
 * long-running command at once (watchers, dev servers that a bound would keep from ever starting).
 *
 * Work that is already bounded is not flagged at either level: literal or provably small collections (`[1, 2, 3]`,
 * `range(3)`, `Array.from({ length: 5 })`, `xs.slice(0, 5)`, `urls[:5]`), chunks (`itertools.batched(xs, 10)`, a
 * `for (let i = 0; i < xs.length; i += 10)` loop over `xs.slice(i, i + 10)`, a batch flushed whenever it reaches N:
 * `if (batch.length === N) { ...; batch = []; }`), tables written at module level that the file never changes (a
 * change anywhere in the file, `TABLE.append(x)` in another function, makes the size unknown; an entry read at a key
 * the code does not fix, `STAGES[name].needs`, is as large as the largest entry), the results of `gather` or
 * `Promise.all` over such a collection (as many as the awaitables), tasks that take a shared semaphore or
 * limiter (also inside a function of the same file they call, and TypeScript's compiled `(0, utils_1.pLimit)(n)`),
 * `p-map` with a `concurrency`, `p-queue`, `async.mapLimit`, Bluebird's `map` with `concurrency`, `aiometer`, and a
 * fixed number of queue workers.
 *
 * ## Why is this bad?
 * Every task starts at once. With a thousand ids that is a thousand sockets, file descriptors or database connections
 * opened together: pools run dry, servers rate-limit or refuse you, memory spikes, and the first failure arrives while
 * everything else is still in flight. It works in tests with ten items and fails in production with ten thousand.
 *
 * ## Example
 * ```python
 * import asyncio
 *
 *
 * async def load_orders(session, order_ids):
 *     return await asyncio.gather(*[fetch_order(session, o) for o in order_ids])
 * ```
 *
 * ```ts
 * export async function loadUsers(ids: string[]): Promise<User[]> {
 *   return Promise.all(ids.map(fetchUser));
 * }
 * ```
 *
 * ## Use instead
 * Share one limiter between all the tasks, created once, before the fan-out:
 *
 * ```python
 * import asyncio
 *
 *
 * async def load_orders(session, order_ids, limit=16):
 *     semaphore = asyncio.Semaphore(limit)
 *
 *     async def fetch_one(order_id):
 *         async with semaphore:
 *             return await fetch_order(session, order_id)
 *
 *     return await asyncio.gather(*[fetch_one(o) for o in order_ids])
 * ```
 *
 * or start a fixed number of workers that take the items from a queue:
 *
 * ```python
 * import asyncio
 *
 * WORKERS = 16
 *
 *
 * async def load_orders(session, order_ids):
 *     queue = asyncio.Queue()
 *     for order_id in order_ids:
 *         queue.put_nowait(order_id)
 *     orders = {}
 *
 *     async def worker():
 *         while not queue.empty():
 *             order_id = queue.get_nowait()
 *             orders[order_id] = await fetch_order(session, order_id)
 *
 *     await asyncio.gather(*[worker() for _ in range(WORKERS)])
 *     return [orders[o] for o in order_ids]
 * ```
 *
 * In JavaScript and TypeScript, share one [`p-limit`](https://github.com/sindresorhus/p-limit) limiter:
 *
 * ```ts
 * import pLimit from 'p-limit';
 *
 * const limit = pLimit(16);
 *
 * export async function loadUsers(ids: string[]): Promise<User[]> {
 *   return Promise.all(ids.map(id => limit(() => fetchUser(id))));
 * }
 * ```
 *
 * or map with [`p-map`](https://github.com/sindresorhus/p-map) and a `concurrency`:
 *
 * ```ts
 * import pMap from 'p-map';
 *
 * export async function loadUsers(ids: string[]): Promise<User[]> {
 *   return pMap(ids, fetchUser, { concurrency: 16 });
 * }
 * ```
 *
 * ## Options
 * - `asyncPatterns.fanout.level` (default `recommended`; CLI: `--level recommended|strict`): how much evidence a
 *   finding needs (see Levels). `fix` and fix-all apply the findings of the active level only.
 * - `asyncPatterns.fanout.maxConcurrency` (default `16`; CLI: `--max-concurrency N`): collections known to be larger
 *   than this are flagged (at `recommended` only counts of 100 or more); at `strict`, collections of unknown size
 *   always are. It is also the limit the quick fixes write.
 * - `asyncPatterns.fanout.severity` (default `warning`): `error`, `warning`, `information` or `hint`.
 * - `asyncPatterns.fanout.enable` (default `true`): set it to `false` to turn the rule off.
 *
 * ## When not to use it
 * When a collection is small for reasons the code does not show (the few mirrors a configuration file lists), suppress
 * the finding where it is, on the line before or on the same line:
 *
 * ```ts
 * export async function syncMirrors(mirrors: string[]) {
 *   // async-patterns-disable-next-line unbounded-fanout
 *   const pulled = await Promise.all(mirrors.map(pullMirror));
 *   const pushed = await Promise.all(mirrors.map(pushMirror)); // async-patterns-disable-line unbounded-fanout
 *   return { pulled, pushed };
 * }
 * ```
 *
 * ```python
 * import asyncio
 *
 *
 * async def sync_mirrors(mirrors):
 *     # async-patterns: ignore[unbounded-fanout]
 *     pulled = await asyncio.gather(*[pull_mirror(m) for m in mirrors])
 *     pushed = await asyncio.gather(*[push_mirror(m) for m in mirrors])  # async-patterns: ignore[unbounded-fanout]
 *     return pulled, pushed
 * ```
 *
 * ### Known limitations
 * The `recommended` level reads names where the code does not show what a value is, so it can be wrong both ways:
 *
 * - Work hidden behind a call into another module whose name says nothing (`this.templateMap.add(tmpl)`,
 *   `service.process(x)`, `test.test(device=device)`) is not seen as external. In JavaScript neither is a function
 *   passed in as a parameter, or a coroutine built dynamically. Use `strict` to see those fan-outs. One exception in
 *   JavaScript/TypeScript: promises made by a function of another module that is handed a client
 *   (`Promise.all(searchQueries(this.client, owner, shas))`) are taken as one call through that client per element of
 *   the last other argument it is handed. (Taking any
 *   Python call handed a `device`, `host`, `session` or connection as external was tried on the evaluation corpus:
 *   it found one more real problem, and seven false alarms and one debatable finding: constructors, handlers,
 *   per-connection tasks. What is taken now is narrower: an awaited coroutine of another module whose first argument
 *   names a host or an address; a function of another module that takes the host later, or a device object, is not.)
 * - A Python call the loop does not wait for, computed from configuration alone (`get_targets_map(platform_names)`),
 *   is taken for a lookup as small as its input, even when it reads something large on the way (a file named in the
 *   configuration); a read that says so by its name (`fetch_targets`, `download_...`) or is awaited stays data.
 * - A Python call guarded by an `except` of the network exceptions is taken as reaching the network even where the
 *   `try` also guards other work (a cache read before the request); `TimeoutError` and `OSError` alone are not taken
 *   as a connection's errors (timeouts and files raise them too), so a call guarded only by them stays unknown.
 * - In Python, a function passed in (`action(*target)`) counts as external work whatever it does, unless the call
 *   that starts the task shows which function it is: a helper that maps a callback over its input is reported when the
 *   input's name says data (`targets`), also where every caller passes in-process work; over a parameter named for nothing in particular (`iterator`, `xs`) it is taken as a generic
 *   helper and not reported, also where its callers pass network calls over many workflows, and those calls are not
 *   reported either.
 * - What a part of a Python object keeps or hands back without an `await` (`self.session.inflight_out`,
 *   `self.wallet.get_unverified_txs()`) is taken as state the object keeps, small like its attributes, even where that
 *   state is large (a wallet's transactions, a room's devices) or a synchronous client fetched it; a name that says data
 *   (or, for a call, I/O) along the way keeps it data.
 * - Coroutines passed in as a parameter named `tasks`, `coros` or `jobs` are taken as waiting on existing work, even
 *   where gather is what starts them, unless the parameter's annotation says coroutines (`List[Coroutine]`,
 *   `Iterable[Awaitable]`).
 * - A Python task started in a chain of branches that test the loop's element (`if isinstance ... elif`, `match`) is
 *   taken as a protocol's dispatch even when the loop is a batch that starts one kind of task per element.
 * - A hand-made limiter is recognised in one shape: a count kept on an object (`self.active`, `self.active[host]`,
 *   `len(self.running)`) compared with `>` or `>=` to a limit that is not zero, and a sleep in the branch it guards.
 *   In JavaScript/TypeScript the shape is a count raised (`++`, `+=`) and lowered (`--`, `-=`) in the loop or callback
 *   that starts the tasks and compared there (`<`, `<=`, `>`, `>=`); that the comparison guards the start is not
 *   checked, nor is a count kept in a function of another module.
 * - A fan-out in a function named for running in parallel is taken as deliberate when code of the same class (or file)
 *   passes a concurrency setting, whatever the option's value and whether the two functions do the same work; named so
 *   with no such setting beside it, it is judged like any other (the name alone may describe an oversight).
 * - A collection named like configuration (`plugins`, `platforms`, `regions`) is taken as small, and one named like
 *   data is not, whatever it holds at run time; a count of unknown value (`range(n)`) is taken as a pool of workers.
 *   In JavaScript/TypeScript what a function of an object named `config`, `options` or `settings` returns is taken as
 *   configured, also where that function reads data at run time (a hook that lists a CMS's documents).
 * - A bound outside the file is mostly not seen: a client throttled where it was built (an HTTP connector with a
 *   per-host limit made in another module). In JavaScript/TypeScript a limiter another module of the project builds,
 *   once at file level (`const requestQueue = new PromiseQueue(2, Infinity)`, `const limit = pLimit(8)`) or per
 *   instance of a class (`this.limiter = new Bottleneck(...)` in a method, a field `queue = new PQueue(...)`), is seen
 *   when the task's call leads to a function or method that runs its work through it (`requestQueue.add(...)`,
 *   `limit(() => ...)`, `this.limiter.schedule(...)`), followed up to
 *   four modules deep: a function imported by a relative `import` or `require` (also a property that wraps it, as
 *   `awsRequest.memoized = memoize(awsRequest)`), or a method called on a field or parameter whose class the file does
 *   not show (`this.provider.request(...)`), looked for in the module named after it (`provider.js` or
 *   `provider/index.js`) in the file's folder or a folder above it, up to the nearest `package.json`. A provider built
 *   elsewhere under another name, a method inherited from a base class, or a package imported by name (not a relative
 *   path) is not followed. In the editor, a change to those modules shows at the next check of the file.
 *   Another exception, in JavaScript/TypeScript: an Octokit is taken as throttled when the project depends on
 *   `@octokit/plugin-throttling` (or `octokit`), whether or not the client at hand was built with the plugin; the
 *   dependency is read from the nearest `package.json` of the checked file, and in the editor a change to it shows at
 *   the next check of the file. A client is known as an Octokit by the class it was made from or by a name that is the
 *   class's (`octokit`), not by a field whose class the file does not show (`this.client`).
 * - In Python, another module of the project is read for one thing only: whether the class of the object a task's
 *   work is called on builds a limiter the catalogue knows, when a type names that class (a field `client: Client`, a
 *   parameter `client: Client` used directly or kept as `self.client`) and an import names its module
 *   (`from ..client import Client`, followed through the `__init__.py` files that re-export it). Whether the class's
 *   methods go through that limiter is not checked; a limiter in a base class of yet another module, in a function of
 *   another module, or in a library's session (aiorpcx bounds a session's outgoing requests: a method of another
 *   module that sends through one) is not seen, nor is a client whose type no annotation gives. In the editor, a
 *   change to the imported module shows at the next check of the file that imports it.
 * - A Python object made from an address is taken as a connection to it only when a coroutine method of it is
 *   awaited in the task; a device class handed its address in another way (`Bulb(discovery)`, `Device(config)`) is
 *   not seen, and a value object whose coroutine methods stay in the process (`await Target(host).resolve()` from a
 *   cache) is taken for one.
 * - A Python collection named `servers` is taken as the few servers a client knows, also where a scanner is given
 *   thousands; `hosts`, `targets` and `addresses` are taken as data.
 * - Reading local files (stat, readFile, readdir, mkdir) is not counted as external work: the OS absorbs it. In
 *   Python, writes, copies and deletes are. In JavaScript/TypeScript renames and deletes are not counted either (rename,
 *   rm, unlink, and functions of other modules named so), except in a recursive walk: when a task calls the function
 *   that fans out again (directly or through functions of the same file, not from a callback kept for later such as a
 *   watcher's), every level of the tree fans out at once, and reads count too, also through functions of other modules
 *   named for them (`realpath(p)`, `readdirScoped(dir)`). In JavaScript/TypeScript a write or copy of one local file
 *   per element (`writeFile`, `fse.copy`, `copyFile`, a function of another module named `writePackage` or
 *   `copyOrLinkFile`) is reported only over a collection that evidently holds many files: one a glob or a directory
 *   listing made, or a value along the way named for files, paths, entries, pages, routes, templates or images
 *   (`routesToCopy`, `files.entries()`, `mapEntry._pages`). One file per package of a workspace or per file
 *   association of an app is a few files, and Node runs each file call on its thread pool; maintainers do not bound
 *   that. A glob whose pattern names the variants of one file, in a folder without wildcards (`.env.*`), is not such a
 *   listing either. The files of one template passed in as `files` are still reported; the writes of a site's pages
 *   into a collection named for something else (`this.templateMap`) are missed. A task that writes a file and also
 *   calls out (an upload) is judged by the call. Reads stay uncounted even over a listing of files: counting them was
 *   tried on the evaluation corpus and found one more real problem (the metadata file of every route of a Next.js
 *   site) against four reads that maintainers leave alone (the package.json files a glob finds, a cache's digest
 *   list). Tried again over 37 packages (content reads only: `readFile`, `readJson`, `createReadStream`), it found one
 *   more (Gatsby's query extraction, which parses every source file of a site at once) against four reads maintainers
 *   leave alone and four debatable ones (the config files a project's folder holds, a cache's files, the zips of one
 *   deployment). A third time (whole-file reads over such a listing, also through a function of another module named
 *   for one, `utils.readJSON`): two more real problems (those two) against four reads maintainers leave alone and
 *   four debatable ones (the package.json files a glob finds, a store's context files, a digest list's files), so
 *   serverless's zip of every file of a function's package, read through `fs.readFileAsync`, is missed too.
 * - Collections that are few for reasons only the domain shows (the extension instances or triggers an emulator runs,
 *   the secrets one function declares, the devices plugged in, the files of one template, an API page of tens) are
 *   reported when they come from a parameter or an awaited call and each task makes an API call or writes a file: on
 *   the JavaScript corpus this is most of what remains of the false alarms.
 * - In Python too, collections few by domain are reported when their names and sources look like data, because the
 *   same names hold large collections elsewhere: the layer repositories of one kas project (`repos`, where gita's
 *   `repos` are every registered repository), the assets of one release, the devices of one inventory that a
 *   maintenance command reaches, the regions of one Cosmos DB account (`endpoints`), the partitions of one Event Hub.
 *   On the Python corpus these findings are most of what remains below the precision target.
 * - In JavaScript/TypeScript a name written in capitals (`MIRROR_HOSTS`) is taken as a constant written out, and a
 *   value exported by another module (`registry.mirrorHosts`) as one too, even where it was filled at run time.
 * - In JavaScript/TypeScript a query is taken as bounded by its database client's pool when names say so
 *   (`db.query`, `knex.raw`, `pool.query`); a client named otherwise (`client.query` of a `pg.Client`) is reported, a
 *   Firestore `db.collection(...).doc(...).delete()` too (not a query method), and a pool that gives up waiting
 *   (knex's `acquireConnectionTimeout`) under thousands of queued queries is not considered.
 * - In JavaScript/TypeScript a receiver named `session` (or `cdp`, `cdpSession`) whose `send` or `sendCommand` a task
 *   calls, or that a task hands to a function, is taken as a DevTools protocol session; a session of another kind under
 *   that name (an SSH or an HTTP/2 session, which open a channel or a stream per command) is taken for one too.
 * - A JavaScript/TypeScript task that calls out only where its element equals a written value is taken as a dispatch
 *   over a few kinds, even when the collection repeats those kinds many times (a thousand `'total_count'`s).
 * - A promise whose executor settles it in its own body is taken as synchronous work even when a call in it starts
 *   something it does not wait for (`new Promise(res => { fetch(url); res(); })` starts the requests and drops them; the
 *   rule no longer sees them there).
 * - A minified file is skipped whatever it holds; hand-written code with very long lines (a generated table in a source
 *   file) can be taken for one, and then its fan-outs are reported at `strict` only.
 *
 * ## References
 * - [`asyncio.gather`](https://docs.python.org/3/library/asyncio-task.html#asyncio.gather),
 *   [`asyncio.Semaphore`](https://docs.python.org/3/library/asyncio-sync.html#asyncio.Semaphore),
 *   [`asyncio.TaskGroup`](https://docs.python.org/3/library/asyncio-task.html#asyncio.TaskGroup),
 *   [`asyncio.Queue`](https://docs.python.org/3/library/asyncio-queue.html#asyncio.Queue)
 * - [`Promise.all` on MDN](https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Promise/all)
 * - [`p-limit`](https://github.com/sindresorhus/p-limit), [`p-map`](https://github.com/sindresorhus/p-map)
 */
import type { Node } from 'web-tree-sitter';
import { findJavaScriptFanOuts, limiterPackageMentioned, mapperModuleNamed, minifiedFile, namesLimiterClass, namesLimiterFactory, prepareJavaScriptFanOuts } from '../fanout/javascript';
import { findPythonFanOuts, preparePythonFanOuts, pythonModuleChains } from '../fanout/python';
import { FanOut } from '../fanout/types';
import { Rule, RuleContext } from '../rule';
import { rangeOf, shortText } from '../syntax';
import { isTestFile } from '../fanout/evidence/types';

export const unboundedFanout: Rule = {
  meta: {
    id: 'unbounded-fanout',
    description: 'Flags one task per element of a large or unknown-size collection started with no concurrency limit.',
    languages: ['python', 'javascript'],
    defaultSeverity: 'warning',
    messages: {
      unknownSize: '`{callee}` starts one task per element of `{collection}` (size unknown) with no concurrency limit',
      largeSize: '`{callee}` starts one task per element of `{collection}` ({size} elements, more than {max}) with no concurrency limit',
      unboundedWork: '`{callee}` starts one {work} per element of `{collection}` ({source}) with no concurrency limit',
      perTaskLimiter: '`{limiter}` is created once per task, so each task gets its own and nothing is limited: create it once, before `{callee}`, and share it',
    },
  },
  check(context) {
    // Test code starts many tasks on purpose (a load test of 3,000 is the point of the test).
    if (context.options.level === 'recommended' && isTestFile(context.options.filePath)) return;
    const scope = { ranges: context.ranges, noteDependency: context.noteDependency, level: context.options.level, filePath: context.options.filePath };
    const fanOuts = context.family === 'python'
      ? findPythonFanOuts(context.tree, context.text, scope)
      : findJavaScriptFanOuts(context.tree, context.text, scope);
    for (const fanOut of fanOuts) reportIfUnbounded(fanOut, context);
  },
  fileFacts: [limiterPackageMentioned, mapperModuleNamed, minifiedFile],
  nameFacts: [namesLimiterFactory, namesLimiterClass, pythonModuleChains],
  prepare: (tree, text, family, manyChecks) => (family === 'python' ? preparePythonFanOuts(tree, text, manyChecks) : prepareJavaScriptFanOuts(tree, text, manyChecks)),
};

function reportIfUnbounded(fanOut: FanOut, context: RuleContext): void {
  const { size, limit } = fanOut;
  const max = context.options.maxConcurrency;
  if (size.kind === 'known' && size.count <= max) return;
  if (limit.kind === 'shared') return;
  const collection = shortText(fanOut.collection);
  const related = size.kind === 'unknown' && size.origin ? [originNote(size.origin, collection)] : [];
  if (limit.kind === 'perTask') {
    context.report({ node: fanOut.call, messageId: 'perTaskLimiter', data: { limiter: shortText(limit.limiter, 60), callee: fanOut.callee, collection }, related });
    return;
  }
  if (context.options.level === 'recommended') {
    reportWithEvidence(fanOut, collection, context);
    return;
  }
  if (size.kind === 'known') {
    context.report({ node: fanOut.call, messageId: 'largeSize', data: { callee: fanOut.callee, collection, size: size.count, max } });
    return;
  }
  context.report({ node: fanOut.call, messageId: 'unknownSize', data: { callee: fanOut.callee, collection }, related });
}

/** At `recommended`: only with evidence of external work per element of data-driven input (see evidence/types.ts). */
function reportWithEvidence(fanOut: FanOut, collection: string, context: RuleContext): void {
  const evidence = fanOut.evidence;
  if (evidence?.kind !== 'evidence') return;
  const { work, source } = evidence;
  // No line numbers in the text: the incremental analysis moves a finding it reuses, not the words of its message;
  // the related location points at the source.
  const data = {
    callee: fanOut.callee,
    collection,
    work: `\`${work.callee.length > 50 ? `${work.callee.slice(0, 49)}…` : work.callee}\` call${resourceWords[work.resource] ? ` (${resourceWords[work.resource]})` : ''}`,
    workCallee: work.callee,
    resource: work.resource,
    source: source.description,
  };
  const related = [{ range: rangeOf(source.node), message: `\`${collection}\` comes from here; nothing bounds its size` }];
  context.report({ node: fanOut.call, messageId: 'unboundedWork', data, related });
}

const resourceWords: Readonly<Record<string, string>> = { network: 'network', file: 'file system', process: 'a process', database: 'database', api: 'an API' };

function originNote(origin: Node, collection: string) {
  return { range: rangeOf(origin), message: `\`${collection}\` comes from here; nothing bounds its size` };
}
