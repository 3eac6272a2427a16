/**
 * Shapes of real code (from the real-world corpus, `scripts/simulate-corpus.js`) that were predicted as "0 s", or
 * with a wrong peak or total: each is now predicted as the event loop would run it.
 */
import { js, py, runCases, SimulationCase } from './simulationCases';

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
  { name: 'JavaScript: `new F()` of a constructor function that returns a function makes that function (npmlog\'s `new ThemeSet()` in a bundle)', grammar: 'tsx', total: 0.1, peak: 1,
    saysNot: ['raises'],
    source: js(`
      var ThemeSetProto = {};
      ThemeSetProto.addTheme = function (name, theme) {
        this.themes[name] = theme;
      };
      ThemeSetProto.newThemeSet = function () {
        var themeset = function (opts) {
          return themeset.themes[opts];
        };
        return Object.assign(themeset, ThemeSetProto, { themes: {} });
      };
      var ThemeSet = function () {
        return ThemeSetProto.newThemeSet();
      };
      var themes = new ThemeSet();
      themes.addTheme("ASCII", { bar: "#" });
      async function main(api) {
        await api.render(themes("ASCII"));
      }
    `) },
  { name: 'JavaScript: an instance of a class whose base is not known may inherit what it lacks: `this.on(...)` is an unknown call, not "undefined is not callable"', grammar: 'tsx', total: 0.1, peak: 1,
    says: ['The base class'],
    source: js(`
      var Logger, log;
      function initLog() {
        var streams = require("readable-streams");
        Logger = class extends streams.Base {
          constructor() {
            super();
            this.on("error", () => {});
          }
        };
        log = new Logger();
      }
      async function main(api) {
        initLog();
        await api.fetch(log);
      }
    `) },
  { name: 'JavaScript: a member of a module read at run time is the catalogue\'s (`require("node:events").EventEmitter` is the emitter class)', grammar: 'tsx', total: 0.2, peak: 1,
    saysNot: ['is not known'],
    source: js(`
      async function main(api) {
        var events = require("node:events");
        var Ticker = class extends events.EventEmitter {};
        var ticker = new Ticker();
        setTimeout(() => ticker.emit("tick"), 100);
        await events.once(ticker, "tick");
        await api.fetch();
      }
    `) },
  { name: 'JavaScript: an options object destructured with an empty default is what a caller passes, not `{}` (discord.js\'s `prune({ days, dry = false } = {})`)', grammar: 'tsx', fn: 'prune', total: 0.1, peak: 1,
    says: ['The options object of GuildMembers.prune, {} by default, is what a caller passes'],
    linesOf: { 'The options object': 7 },
    source: js(`
      class GuildMembers {
        constructor(client) {
          this.client = client;
        }
        async prune(guildId, { days, dry = false, roles = [] } = {}) {
          if (typeof days !== 'number') throw new TypeError('days must be a number');
          return await this.client.post(guildId, { days, dry, roles });
        }
      }
    `) },
  { name: 'JavaScript: a member other than then/catch/finally of an unknown value taken as a promise is unknown, not "undefined is not callable" (renovate\'s Result chain)', grammar: 'tsx', total: 0.1, peak: 1,
    source: js(`
      const result = require("./result");
      async function main(api) {
        const { val } = await result.Result.wrap(api.fetch())
          .catch((e) => result.Result.err(e))
          .transform((res) => res.items)
          .unwrap();
        return val;
      }
    `) },
  { name: 'JavaScript: a parameter that defaults to the empty string is what a caller passes (netlify\'s `decompressResponseBody(body, contentEncoding = \'\')`)', grammar: 'tsx', total: 0.1, peak: 1,
    says: ['contentEncoding, "" by default, is what a caller passes', 'is taken (the first that awaits)'],
    source: js(`
      const zlib = require("zlib");
      const util = require("util");
      const gunzip = util.promisify(zlib.gunzip);
      async function main(body, contentEncoding = '') {
        switch (contentEncoding) {
          case 'gzip':
            return await gunzip(body);
          default:
            return body;
        }
      }
    `) },
  { name: 'JavaScript: a module\'s empty Map that another function fills is unknown, not empty, when the function runs (gatsby\'s `waitJobs`)', grammar: 'tsx', fn: 'waitJobs', total: 0.1, peak: 10,
    says: ['a collection of unknown size, 10 items assumed'],
    source: js(`
      const jobsInProcess = new Map();
      function enqueueJob(api, job) {
        jobsInProcess.set(job.digest, { job, done: api.run(job) });
      }
      async function waitJobs(digests) {
        const promises = [];
        for (const [digest, entry] of jobsInProcess) {
          if (digests.has(digest)) promises.push(entry.done);
        }
        await Promise.all(promises);
      }
    `) },
  { name: 'Python: a module\'s empty list that the simulated function\'s own workers fill stays empty when it starts', grammar: 'python', total: 0.1, peak: 3,
    source: py(`
      RESULTS = []

      async def fetch(client, n):
          RESULTS.append(await client.get(n))

      async def main(client):
          await asyncio.gather(*(fetch(client, n) for n in range(3)))
          for result in RESULTS:
              print(result)
    `) },
  { name: 'JavaScript: a module\'s empty table filled by a function the simulated one hands on by name (`names.map(upload)`) is filled in the simulation: the counter decides the retry', grammar: 'tsx', total: 0.3, peak: 1,
    saysNot: ['not decided'],
    source: js(`
      const tries = new Map();
      async function upload(name) {
        const attempt = (tries.get(name) ?? 0) + 1;
        tries.set(name, attempt);
        await sleep(100);
        if (attempt === 1) throw new Error(name + ': 503');
      }
      async function main() {
        const results = await Promise.allSettled(['a'].map(upload));
        if (results[0].status === 'rejected') await sleep(200);
      }
    `) },
  { name: 'Python: the same with a coroutine function handed to a helper by name (`retry(upload, name)`)', grammar: 'python', total: 0.3, peak: 1,
    saysNot: ['not decided'],
    source: py(`
      TRIES = {}

      async def upload(name):
          attempt = TRIES.get(name, 0) + 1
          TRIES[name] = attempt
          await asyncio.sleep(0.1)
          return attempt

      async def call(fn, name):
          return await fn(name)

      async def main():
          if await call(upload, 'a') == 1:
              await asyncio.sleep(0.2)
    `) },
  { name: 'JavaScript: a module\'s empty table that the function fills through the arrows it passes on (a retry helper\'s task) is read as filled: the retries happen', grammar: 'tsx', total: 0.54, peak: 3,
    saysNot: ['not decided'],
    source: js(`
      const DURATION = { billing: 100, search: 140, mail: 60 };
      const FLAKY_TRIES = { search: 2, mail: 1 };
      const tries = {};
      const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
      async function refresh(service) {
        tries[service] = (tries[service] ?? 0) + 1;
        await sleep(DURATION[service]);
        if (tries[service] <= (FLAKY_TRIES[service] ?? 0)) throw new Error('503');
        return service;
      }
      async function retry(task, delay) {
        try {
          return await task();
        } catch {
          await sleep(delay);
          return retry(task, delay * 2);
        }
      }
      async function main() {
        await Promise.all(Object.keys(DURATION).map(service => retry(() => refresh(service), 40)));
      }
    `) },
  { name: 'Python: a module\'s empty dict that a lambda the function passes on fills is read as filled', grammar: 'python', total: 0.3, peak: 1,
    saysNot: ['not decided'],
    source: py(`
      ATTEMPTS = {}

      async def call(name):
          ATTEMPTS[name] = ATTEMPTS.get(name, 0) + 1
          await asyncio.sleep(0.1)
          if ATTEMPTS[name] < 3:
              raise OSError(name)

      async def retry(task):
          while True:
              try:
                  return await task()
              except OSError:
                  pass

      async def main():
          await retry(lambda: call("db"))
    `) },
  { name: 'JavaScript: a lookup helper takes the path that finds what it looks for, so its caller does not raise its own "not found" (firebase-tools\' addInstanceToKit)', grammar: 'tsx', fn: 'addInstance', total: 0.1, peak: 1,
    says: ['`Array.isArray(functions)` is not decided by the code: taken (the path that finds a value: what follows returns nothing)'],
    saysNot: ['raises'],
    source: js(`
      function findKit(config, kitId) {
        const functions = config.functions;
        if (!functions) {
          return undefined;
        }
        if (Array.isArray(functions)) {
          return functions.find((f) => f.kit === kitId);
        }
        return undefined;
      }
      async function addInstance(config, kitId, fs) {
        const target = findKit(config, kitId);
        if (!target) {
          throw new Error("Kit not found");
        }
        await fs.ensureDir(target.dir);
      }
    `) },
  { name: 'Python: an undecided branch that only drops an item from a collection is not taken: the collection the code goes on to use is not emptied (telethon\'s `_get_thumb`)', grammar: 'python', total: 0.1, peak: 1,
    says: ['not taken (the item is kept)'],
    source: py(`
      def largest(sizes):
          thumbs = list(sizes)
          for i in reversed(range(len(thumbs))):
              if isinstance(thumbs[i], PathSize):
                  thumbs.pop(i)
          return thumbs[-1]

      async def main(client, photo):
          size = largest(photo.sizes)
          await client.download(size)
    `) },
  { name: 'JavaScript: a cache\'s early return of a value, before work that ends in `return null`, is still not taken (astro\'s getSessionDriver)', grammar: 'tsx', fn: 'getDriver', total: 0.1, peak: 1,
    says: ['(the straight path goes on)'],
    source: js(`
      class Pipeline {
        constructor(loadDriver) {
          this.loadDriver = loadDriver;
        }
        async getDriver() {
          if (this.resolved !== void 0) {
            return this.resolved;
          }
          if (this.loadDriver) {
            const mod = await this.loadDriver();
            this.resolved = mod.default;
            return this.resolved;
          }
          this.resolved = null;
          return null;
        }
      }
    `) },
  { name: 'Python: awaiting `self(request)` whose `__call__` is a stub, on a class with an unknown base, is an unknown call (telethon\'s client)', grammar: 'python', fn: 'switch_dc', total: 0.1, peak: 1,
    says: ['Client.__call__ is a stub for a subclass to override'],
    source: py(`
      import abc

      class Client(abc.ABC):
          def __call__(self, request):
              """Invokes the request."""
              raise NotImplementedError

          async def switch_dc(self, dc):
              config = await self(dc)
              return config
    `) },
  { name: 'Python: a wait that only a signal handler releases is not a deadlock (distributed\'s wait_for_signals)', grammar: 'python', total: 0.1, peak: 0,
    says: ['only code the simulation cannot see can release'],
    source: py(`
      import signal

      async def main():
          loop = asyncio.get_running_loop()
          event = asyncio.Event()

          def handle_signal(signum, frame):
              loop.call_soon_threadsafe(event.set)

          signal.signal(signal.SIGTERM, handle_signal)
          await event.wait()
    `) },
  { name: 'JavaScript: a getter of an object literal, own or on a prototype, is read by calling it (npm-conf\'s `ProtoList.prototype = { get keys() {...} }`)', grammar: 'tsx', total: 0.3, peak: 1,
    source: js(`
      function ProtoList() {
        this.list = [{ registry: "a", cache: "b" }];
      }
      ProtoList.prototype = {
        get keys() {
          return Object.keys(this.list[0]);
        },
      };
      const defaults = { get first() { return "registry"; } };
      async function main(api) {
        const conf = new ProtoList();
        for (const key of conf.keys) await api.fetch(key);
        await api.fetch(defaults.first);
      }
    `) },
  { name: 'JavaScript: how many unknown items a filter keeps is not decided (`if (unsupported.length > 0) throw` of unknown endpoints is not the path shown)', grammar: 'tsx', total: 0.1, peak: 1,
    says: ['`unsupported.length > 0` is not decided by the code: not taken (the path that does not raise)'],
    source: js(`
      function validatePlatformTargets(endpoints) {
        const unsupported = endpoints.filter((e) => !SUPPORTED.includes(e.platform));
        if (unsupported.length > 0) {
          throw new Error(\`Tried to set secrets on \${unsupported.length} endpoints\`);
        }
      }
      async function main(backend, api) {
        const endpoints = backend.allEndpoints().filter((e) => e.secrets && e.secrets.length > 0);
        validatePlatformTargets(endpoints);
        await api.validateSecretVersions(endpoints.map((e) => e.id));
      }
    `) },
  { name: 'JavaScript: a filter that the code decides keeps a decided count (`[1, 2, 3].filter(n => n > 1)` has 2 items)', grammar: 'tsx', total: 0.2, peak: 1,
    source: js(`
      async function main(api) {
        const big = [1, 2, 3].filter((n) => n > 1);
        if (big.length !== 2) throw new Error("two");
        for (const n of big) await api.fetch(n);
      }
    `) },
  { name: 'Python: a count of unknown arguments that are set (`sum(1 for x in args if x is not None) != 1`) is not decided: the check that raises is not the path shown', grammar: 'python', total: 0.1, peak: 1,
    says: ['is not decided by the code: not taken (the path that does not raise)'],
    source: py(`
      async def main(client, *, text=None, geo=None, contact=None, game=False):
          args = (text, geo, contact, game)
          if sum(1 for x in args if x is not None and x is not False) != 1:
              raise ValueError('Must set exactly one of text, geo, contact or game')
          return await client.send(text)
    `) },
  { name: 'Python: a list of unknown items an undecided filter kept may be empty (`if dead: raise` is not the path shown; `len()` is not decided either)', grammar: 'python', total: 0.2, peak: 1,
    source: py(`
      async def main(client, replicas):
          dead = [r for r in replicas if not r.alive]
          if dead:
              raise RuntimeError('a replica is down')
          if len(list(filter(lambda r: r.stale, replicas))) > 1:
              raise RuntimeError('stale replicas')
          await client.connect(replicas)
          await client.fetch()
    `) },
  { name: 'Python: a sync method behind a decorator the simulation does not know, awaited, is what the decorator made awaitable (electrum\'s `@sql` methods that return futures)', grammar: 'python', total: 0.2, peak: 1,
    says: ['The decorator sql is not known: remove runs as written'],
    source: py(`
      from .sql_db import sql

      class Store:
          def __init__(self, conn):
              self.conn = conn

          @sql
          def remove(self, key):
              c = self.conn.cursor()
              c.execute("DELETE FROM items WHERE key=?", (key,))

          @sql
          def keys(self):
              c = self.conn.cursor()
              return [row[0] for row in c.fetchall()]

      async def main(connection, key):
          store = Store(connection)
          await store.remove(key)
          for k in await store.keys():
              print(k)
    `) },
  { name: 'Python: whether an unknown value is callable is not decided (a hook looked up with `getattr(addon, name, None)` is called)', grammar: 'python', total: 0.1, peak: 1,
    says: ['`callable(func)` is not decided by the code'],
    source: py(`
      def hooks_of(addon, name):
          func = getattr(addon, name, None)
          if func:
              if callable(func):
                  yield func
              else:
                  raise TypeError(f"{name} is not callable")

      async def main(addon, event):
          for func in hooks_of(addon, event.name):
              result = func(event)
              if result is not None and inspect.isawaitable(result):
                  await result
    `) },
  { name: 'Python: a pool\'s reuse of a held connection (`while available: ... return comm`) is a lookup that awaits nothing: the straight path opens one (distributed\'s ConnectionPool.connect)', grammar: 'python', total: 0.1, peak: 1,
    says: ['a lookup that awaits nothing: the straight path goes on after the loop'],
    source: py(`
      async def main(pool, addr):
          available = pool.available[addr]
          while available:
              comm = available.pop()
              if comm.closed():
                  pool.release()
              else:
                  return comm
          return await pool.open(addr)
    `) },
  { name: 'Python: an undecided branch that only clears a flag the work is gated on (`can_broadcast = False` before `if can_broadcast: await ...`) is not taken (electrum\'s maybe_redeem)', grammar: 'python', total: 0.1, peak: 1,
    says: ['not taken (the flag it would set skips the work that follows)'],
    source: py(`
      async def main(network, sweep_info, tx):
          can_broadcast = True
          local_height = network.get_local_height()
          if sweep_info.cltv_expiry:
              if sweep_info.cltv_expiry - local_height > 0:
                  can_broadcast = False
                  reason = 'waiting for CLTV'
          if can_broadcast:
              await network.broadcast(tx)
          else:
              network.log(reason)
    `) },
  { name: 'JavaScript: an undecided branch that only sets a flag that skips the work after it (`skip = true` before `if (!skip) await ...`) is not taken', grammar: 'tsx', total: 0.1, peak: 1,
    says: ['not taken (the flag it would set skips the work that follows)'],
    source: js(`
      async function main(api, options) {
        let skip = false;
        if (options.dryRun) {
          skip = true;
        }
        if (!skip) {
          await api.deploy(options);
        }
      }
    `) },
  { name: 'Python: a collection that an object the constructor made starts empty and its class\'s methods fill is unknown when the method runs (discord\'s `self.paginator.pages`)', grammar: 'python', fn: 'HelpCommand.send_pages', total: 1, peak: 1,
    says: ['paginator._pages starts empty and the methods of Paginator fill it'],
    source: py(`
      class Paginator:
          def __init__(self):
              self._pages = []

          def close_page(self, page):
              self._pages.append(page)

          @property
          def pages(self):
              return self._pages

      class HelpCommand:
          def __init__(self):
              self.paginator = Paginator()

          async def send_pages(self, destination):
              for page in self.paginator.pages:
                  await destination.send(page)
    `) },
  { name: 'JavaScript: a collection inside an item of an item of an unknown collection holds one item, so the innermost loop\'s awaits run (firebase-tools\' filterFrameworksWithFiles)', grammar: 'tsx', total: 10, peak: 1,
    says: ['taken to hold one item'],
    source: js(`
      async function main(specs, fs) {
        const found = [];
        for (const spec of specs) {
          let present = true;
          for (const files of spec.requiredFiles) {
            for (const file of files) {
              present = present && (await fs.exists(file));
            }
          }
          if (present) found.push(spec);
        }
        return found;
      }
    `) },
  { name: 'JavaScript: a filter whose callback answers on a path the code does not decide (`if (!resolved) return true; ... return false;`) keeps a count that is not decided (expo\'s getMissingPackagesAsync)', grammar: 'tsx', total: 0.1, peak: 1,
    source: js(`
      function collectMissing(required, resolver) {
        const resolutions = {};
        const missing = required.filter((p) => {
          const resolved = resolver.silent(p.file);
          if (!resolved || !resolver.satisfies(resolved, p)) {
            return true;
          }
          resolutions[p.pkg] = resolved;
          return false;
        });
        return { missing, resolutions };
      }
      async function main(required, resolver, api) {
        const results = collectMissing(required, resolver);
        if (!results.missing.length) {
          return results;
        }
        await api.install(results.missing);
        return results;
      }
    `) },
  { name: 'JavaScript: a callback whose checks each return a call and may all miss (`if (m === "total_count") return count(...)`) takes the path that returns the call (directus\'s getMetaForQuery)', grammar: 'tsx', total: 0.1, peak: 10,
    says: ['taken (the path that finds a value: what follows returns nothing)'],
    source: js(`
      async function count(db, filter) {
        return await db.count(filter);
      }
      async function main(db, meta) {
        return await Promise.all(meta.map((m) => {
          if (m === "total_count") return count(db, {});
          if (m === "filter_count") return count(db, { filtered: true });
        }));
      }
    `) },
  { name: 'Python: a property that only raises NotImplementedError, read on an instance whose class the file does not show whole, is a subclass\'s value (discord\'s `_sorting_bucket`)', grammar: 'python', fn: 'GuildChannel.move', total: 0.1, peak: 1,
    says: ['GuildChannel._sorting_bucket is a stub for a subclass to override'],
    source: py(`
      class GuildChannel(Protocol):
          @property
          def _sorting_bucket(self):
              raise NotImplementedError

          async def move(self, position):
              bucket = self._sorting_bucket
              await self._state.http.move(self.id, bucket, position)
    `) },
  { name: 'Python: removing an object from a list of unknown items takes out one of them, not a ValueError (discord\'s `channels.remove(self)`)', grammar: 'python', fn: 'Channel.move', total: 0.1, peak: 1,
    says: ['which item is the one looked for is not decided by the code'],
    source: py(`
      class Channel:
          async def move(self, guild, position):
              channels = [c for c in guild.channels]
              try:
                  channels.remove(self)
              except ValueError:
                  return
              channels.insert(position, self)
              await guild.http.bulk_update([c.id for c in channels])
    `) },
  { name: 'Python: a parameter that defaults to a module\'s sentinel (`_Unset = object()`) is what a caller passes (azure\'s generated operations: `body=_Unset, *, name=_Unset`)', grammar: 'python', fn: 'Faces.create', total: 0.1, peak: 1,
    says: ['name, _Unset by default, is what a caller passes', 'not taken (the path that does not raise)'],
    saysNot: ['raises'],
    source: py(`
      from typing import Any
      _Unset: Any = object()

      class Faces:
          async def create(self, list_id, body=_Unset, *, name=_Unset, user_data=None):
              if body is _Unset:
                  if name is _Unset:
                      raise TypeError("missing required argument: name")
                  body = {"name": name, "userData": user_data}
              return await self._client.put(list_id, body)
    `) },
  { name: 'JavaScript: a parameter that defaults to a module\'s symbol (`const UNSET = Symbol(\'unset\')`) is what a caller passes', grammar: 'tsx', total: 0.1, peak: 1,
    says: ['body, UNSET by default, is what a caller passes'],
    saysNot: ['raises'],
    source: js(`
      const UNSET = Symbol('unset');
      async function main(client, body = UNSET) {
        if (body === UNSET) throw new TypeError('missing required argument: body');
        return await client.put(body);
      }
    `) },
  { name: 'Python: a default that is a module\'s value, not a sentinel, is the default', grammar: 'python', total: 0.3, peak: 1,
    saysNot: ['by default, is what a caller passes'],
    source: py(`
      import asyncio
      RETRIES = 3

      async def main(retries=RETRIES):
          for _ in range(retries):
              await asyncio.sleep(0.1)
    `) },
  { name: 'JavaScript: a visitor (`root.walk(fn)`) calls the function for each part before it returns, so the loop over what it collected awaits (arborist\'s `retrieveNodesFromParsedAst`)', grammar: 'tsx', total: 1, peak: 1,
    saysNot: ['assumed to be called once', 'still running'],
    source: js(`
      async function main(root, results) {
        const queue = new Set();
        root.walk((node) => {
          queue.add(node);
        });
        for (const node of queue) {
          await results.update(node);
        }
      }
    `) },
  { name: 'Python: a tuple key with an unknown part (`BATCH_TIME[(region, feed)]` with the region a caller passes) may be any of the table\'s keys: unknown, not a KeyError', grammar: 'python', total: 0.1, peak: 1,
    saysNot: ['raises', 'has no such member'],
    source: py(`
      BATCH_TIME = {("eu", "clicks"): 0.1, ("us", "orders"): 0.3}

      async def main(region):
          await asyncio.sleep(BATCH_TIME[(region, "clicks")])
    `) },
  { name: 'JavaScript: lodash\'s `_.each(object, fn)` calls `fn` for each value before it returns, so the promises it pushes are awaited (sequelize\'s `_customValidators`)', grammar: 'tsx', total: 0.1, peak: 3,
    saysNot: ['assumed to be called once', 'still running'],
    source: js(`
      const _ = require('lodash');
      const VALIDATORS = { notEmpty: 0.1, isEmail: 0.1, unique: 0.1 };
      async function main(check) {
        const validators = [];
        _.each(VALIDATORS, (seconds, name) => {
          validators.push(check(name, seconds));
        });
        await Promise.all(validators);
      }
    `) },
  { name: 'JavaScript: compiled `lodash_1.default.forIn(attributes, fn)` over an unknown object walks its assumed values', grammar: 'tsx', total: 0.1, peak: 10,
    saysNot: ['assumed to be called once', 'still running'],
    source: js(`
      var __importDefault = (this && this.__importDefault) || function (mod) {
          return (mod && mod.__esModule) ? mod : { "default": mod };
      };
      const lodash_1 = __importDefault(require("lodash"));
      async function main(model, client) {
        const pending = [];
        lodash_1.default.forIn(model.rawAttributes, (attribute) => {
          pending.push(client.validate(attribute));
        });
        await Promise.all(pending);
      }
    `) },
  { name: 'JavaScript: `_.forEach(null, fn)` walks nothing, as lodash does, instead of raising (sequelize\'s `Model.create` with no associations)', grammar: 'tsx', total: 0.1, peak: 1,
    saysNot: ['raises', 'not iterable', 'has no such member', 'a collection of unknown size'],
    source: js(`
      const _ = require('lodash');
      async function main(client) {
        const used = [];
        _.forEach(null, (association) => used.push(association));
        await client.create(used.length);
      }
    `) },
  { name: 'Python: a method decorated with `@contextmanager` is called with `self` (apt-mirror\'s `with self.lock():`)', grammar: 'python', total: 0.1, peak: 1,
    saysNot: ['None.get_lock_file', 'has no such member'],
    source: py(`
      from contextlib import contextmanager

      class Mirror:
          LOCK_FILE = "lock"

          def get_lock_file(self):
              return self.LOCK_FILE

          @contextmanager
          def lock(self):
              yield self.get_lock_file()

      async def main():
          with Mirror().lock():
              await asyncio.sleep(0.1)
    `) },
  { name: 'Python: a method decorated with `@asynccontextmanager` is entered with `self` and its own waits', grammar: 'python', total: 0.3, peak: 1,
    saysNot: ['has no such member'],
    source: py(`
      from contextlib import asynccontextmanager

      class Client:
          def __init__(self):
              self.open_time = 0.1

          @asynccontextmanager
          async def session(self):
              await asyncio.sleep(self.open_time)
              yield self
              await asyncio.sleep(self.open_time)

      async def main():
          async with Client().session():
              await asyncio.sleep(0.1)
    `) },
  { name: 'JavaScript: `_.reduce(xs, fn, start)` folds in order, awaiting each step of a promise chain', grammar: 'tsx', total: 0.3, peak: 1,
    source: js(`
      const _ = require('lodash');
      const STEPS = [0.1, 0.1, 0.1];
      async function main() {
        await _.reduce(STEPS, (chain, seconds) => chain.then(() => sleep(seconds * 1000)), Promise.resolve());
      }
    `) },
  { name: 'JavaScript: the listeners of an EventEmitter subclass\'s instance, for a method simulated alone, are registered elsewhere: unknown, not none (eleventy\'s `AsyncEventEmitter.emit`)', grammar: 'tsx', fn: 'AsyncEmitter.emit', total: 0.1, peak: 10,
    says: ['this.listeners(type): the listeners are registered where the simulation cannot see'],
    source: js(`
      const { EventEmitter } = require('node:events');
      class AsyncEmitter extends EventEmitter {
        async emit(type, ...args) {
          const listeners = this.listeners(type);
          if (listeners.length === 0) return [];
          return Promise.all(listeners.map((listener) => listener.apply(this, args)));
        }
      }
    `) },
  { name: 'JavaScript: listeners the simulated function registers itself are the ones it knows', grammar: 'tsx', total: 0, peak: 0,
    saysNot: ['registered where the simulation cannot see'],
    source: js(`
      const { EventEmitter } = require('node:events');
      async function main() {
        const emitter = new EventEmitter();
        emitter.on('done', () => {});
        return emitter.listeners('done').length + emitter.listenerCount('other');
      }
    `) },
  { name: 'Python: a base class\'s `peer_addr: Optional[...] = None` that a subclass\'s constructor sets is the subclass\'s unknown value, not None (electrum\'s `LNTransport.handshake`)', grammar: 'python', fn: 'Transport.handshake', total: 0.1, peak: 1,
    says: ['peer_addr of the instance is None in the class and set by its methods'],
    saysNot: ['raises', 'has no such member'],
    source: py(`
      import asyncio
      from typing import Optional

      class TransportBase:
          peer_addr: Optional[str] = None

          def __init__(self):
              self._pubkey = None

      class Transport(TransportBase):
          def __init__(self, privkey, peer_addr):
              TransportBase.__init__(self)
              self.privkey = privkey
              self.peer_addr = peer_addr

          async def handshake(self):
              self.reader, self.writer = await asyncio.open_connection(self.peer_addr.host, self.peer_addr.port)
    `) },
  { name: 'JavaScript: an object spread from one that may hold any property may hold any too (`{ ...base }` after `Object.assign({}, options)`)', grammar: 'tsx', total: 0.1, peak: 1,
    says: ['url is among the properties copied from an unknown object'],
    source: js(`
      async function main(options, api) {
        const base = Object.assign({}, options);
        const settings = { ...base };
        if (!settings.url) return;
        await api.get(settings.url);
      }
    `) },
  { name: 'JavaScript: `Object.assign` from an unknown object may set any property (puppeteer\'s `Object.assign({ ...this.#_state }, ...this.#transactions)`)', grammar: 'tsx', total: 0.1, peak: 1,
    says: ['url is among the properties copied from an unknown object'],
    source: js(`
      async function main(options, api) {
        const settings = Object.assign({ retries: 0 }, options);
        if (!settings.url) return;
        await api.get(settings.url);
      }
    `) },
  { name: 'Python: a dict spread from an unknown mapping may hold any key (`{**defaults, **overrides}`)', grammar: 'python', total: 0.1, peak: 1,
    source: py(`
      async def main(overrides, client):
          settings = {"retries": 0, **overrides}
          if "url" not in settings:
              return None
          return await client.get(settings["url"])
    `) },
  { name: 'JavaScript: a CommonJS export that is an empty array when the module has loaded is filled by the modules that import it (nx\'s `registeredProjectGraphListenerSockets`)', grammar: 'tsx', fn: 'notifyListeners', total: 0.1, peak: 10,
    says: ['exports.registeredSockets: a collection of unknown size, 10 items assumed'],
    linesOf: { 'registeredSockets: a collection': 6 },
    source: js(`
      "use strict";
      Object.defineProperty(exports, "__esModule", { value: true });
      exports.registeredSockets = void 0;
      exports.registeredSockets = [];
      async function notifyListeners(graph, send) {
        if (exports.registeredSockets.length === 0) return;
        await Promise.all(exports.registeredSockets.map((socket) => send(socket, graph)));
      }
    `) },
  { name: 'JavaScript: a module\'s own array that nothing exports stays empty', grammar: 'tsx', fn: 'notifyListeners', total: 0, peak: 0,
    saysNot: ['a collection of unknown size'],
    source: js(`
      const sockets = [];
      async function notifyListeners(graph, send) {
        if (sockets.length === 0) return;
        await Promise.all(sockets.map((socket) => send(socket, graph)));
      }
    `) },
];

describe('simulate: shapes of the real-world corpus', () => {
  runCases(cases);
});
