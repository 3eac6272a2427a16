/**
 * Conditions the code does not decide, in shapes of real code (from the real-world corpus,
 * `scripts/simulate-corpus.js`) that were predicted as "0 s": each takes the path a user expects to see, and says
 * so with its line.
 */
import * as assert from 'assert/strict';
import { LocalFunctions, straightPathAwaits } from '../../../src/engine/concurrency/straightPath';
import { buildModel } from '../../../src/engine/concurrency/visualize';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { familyOf, GrammarId } from '../../../src/engine/languages';
import { js, py, runCases, SimulationCase } from './simulationCases';

const cases: SimulationCase[] = [
  { name: 'JavaScript: `if (!item) continue;` on an undecided item is not taken: the item goes on through the loop', grammar: 'tsx', total: 1, peak: 1,
    says: ['`!item` is not decided by the code: not taken (the item goes on through the loop)'],
    linesOf: { '`!item`': 5 },
    source: js(`
      async function main(items, api) {
        for (const item of items) {
          if (!item) continue;
          await api.upload(item);
        }
      }
    `) },
  { name: 'Python: `if not ok: continue` with a body before it is not taken either', grammar: 'python', total: 1, peak: 1,
    says: ['`not spec.enabled` is not decided by the code: not taken (the item goes on through the loop)'],
    source: py(`
      async def main(specs, client):
          for spec in specs:
              if not spec.enabled:
                  print("skipped", spec)
                  continue
              await client.deploy(spec)
    `) },
  { name: 'JavaScript: a helper called while the module loads decides its conditions as any call does (a bundle copying a module\'s members)', grammar: 'tsx', total: 0.1, peak: 1,
    says: ['`e` is not decided by the code: taken (the body runs)', 'tag is among the properties copied from an unknown object'],
    linesOf: { '`e` is not decided': 6 },
    source: js(`
      var git = require("@changesets/git");
      function interopNamespace(e) {
        var n = Object.create(null);
        if (e) {
          Object.keys(e).forEach(function (k) {
            Object.defineProperty(n, k, { enumerable: true, get: function () { return e[k]; } });
          });
        }
        return Object.freeze(n);
      }
      var git__namespace = interopNamespace(git);
      async function main(tag, cwd) {
        await git__namespace.tag(tag, cwd);
      }
    `) },
  { name: 'Python: a module-level `if` still runs nothing undecided', grammar: 'python', total: 0.1, peak: 1,
    says: ['`FAST` is not decided at module level'],
    source: py(`
      import os
      FAST = os.environ.get("FAST")
      DELAY = 0.1
      if FAST:
          DELAY = 0
      async def main():
          await asyncio.sleep(DELAY)
    `) },
  { name: 'JavaScript: module state that starts as `{}` and a function replaces whole is unknown, not empty', grammar: 'tsx', fn: 'findIssue', total: 0.1, peak: 1,
    says: ['`!config.hasIssues` is not decided by the code: not taken (the straight path goes on)'],
    linesOf: { '`!config.hasIssues`': 8 },
    source: js(`
      let config = {};
      async function initRepo(repository) {
        config = { repository, hasIssues: true };
      }
      async function findIssue(title, api) {
        if (!config.hasIssues) {
          return null;
        }
        return await api.search(config.repository, title);
      }
    `) },
  { name: 'Python: a module-level `{}` a function rebinds with `global` is unknown, not empty', grammar: 'python', total: 0.1, peak: 1,
    says: ['`not _registry` is not decided by the code: not taken (the straight path goes on)'],
    source: py(`
      _registry = {}

      def configure(entries):
          global _registry
          _registry = dict(entries)

      async def main(name, client):
          if not _registry:
              return None
          return await client.fetch(_registry[name])
    `) },
  { name: 'JavaScript: a method alone reads a flag another method sets as unknown, not as the constructor\'s `false`', grammar: 'tsx', fn: 'StorageFunctions.dispatch', total: 0.1, peak: 1,
    says: ['enabled of the instance is set where the simulation cannot see', '`!this.enabled` is not decided by the code: not taken (the straight path goes on)'],
    source: js(`
      class StorageFunctions {
        constructor(projectId) {
          this.projectId = projectId;
          this.enabled = false;
        }
        enable() {
          this.enabled = true;
        }
        async dispatch(action, client) {
          if (!this.enabled) {
            return;
          }
          await client.post(this.projectId, action);
        }
      }
    `) },
  { name: 'JavaScript: a method alone reads an empty queue its constructor makes as a collection of unknown size', grammar: 'tsx', fn: 'WorkQueue.drain', total: 1, peak: 1,
    says: ['queue of the instance is set where the simulation cannot see'],
    source: js(`
      class WorkQueue {
        constructor() {
          this.queue = [];
        }
        submit(job) {
          this.queue.push(job);
        }
        async drain() {
          for (const job of this.queue) {
            await job.run();
          }
        }
      }
    `) },
  { name: 'Python: what the constructor sets and nothing else changes is still read (a semaphore of 2)', grammar: 'python', fn: 'Crawler.crawl', total: 0.5, peak: 2,
    says: ['self.limit is what Crawler.__init__'],
    source: py(`
      class Crawler:
          def __init__(self, session):
              self.session = session
              self.limit = asyncio.Semaphore(2)
              self.seen = {}

          async def fetch(self, url):
              async with self.limit:
                  await asyncio.sleep(0.1)

          async def crawl(self, urls):
              await asyncio.gather(*(self.fetch(u) for u in urls))
    `) },
  { name: 'JavaScript: a Map read with a key the code does not decide is unknown, not missing', grammar: 'tsx', total: 0.1, peak: 1,
    says: ['`!feature` is not decided by the code: not taken (the path that does not raise)'],
    source: js(`
      const featureMap = new Map([["hosting", 1], ["functions", 2]]);
      async function main(name, api) {
        const feature = featureMap.get(name);
        if (!feature) throw new Error(\`\${name} is not a valid feature\`);
        await api.init(feature);
      }
    `) },
  { name: 'Python: dict.get and a set\'s membership with a key the code does not decide are unknown', grammar: 'python', total: 0.2, peak: 1,
    says: ['`handler is None` is not decided by the code', '`not SEEN.__contains__(kind)` is not decided by the code'],
    source: py(`
      HANDLERS = {"a": 1, "b": 2}
      SEEN = {"c"}
      async def main(kind, client):
          handler = HANDLERS.get(kind)
          if handler is None:
              raise KeyError(kind)
          await client.run(handler)
          if not SEEN.__contains__(kind):
              raise ValueError(kind)
          await client.run(kind)
    `) },
  { name: 'JavaScript: `key in object` with a key the code does not decide is unknown', grammar: 'tsx', total: 0.1, peak: 1,
    says: ['`!(template in TEMPLATES)` is not decided by the code: not taken (the path that does not raise)'],
    source: js(`
      const TEMPLATES = { basic: 1, full: 2 };
      async function main(template, api) {
        if (!(template in TEMPLATES)) throw new Error("invalid template");
        await api.create(template);
      }
    `) },
  { name: 'JavaScript: a helper\'s early return before the statements that raise is the path taken', grammar: 'tsx', total: 0.1, peak: 1,
    says: ['`projectId || project` is not decided by the code: taken (the path that does not raise)'],
    linesOf: { '`projectId || project`': 4 },
    source: js(`
      function needProjectId({ projectId, project }) {
        if (projectId || project) {
          return projectId || project;
        }
        throw new Error("No currently active project.");
      }
      async function main(options, api) {
        const projectId = needProjectId(options);
        return (await api.getProject(projectId)).projectNumber;
      }
    `) },
  { name: 'JavaScript: `this` of a function outside any class is what its caller gives it, not undefined', grammar: 'tsx', fn: 'resolveEntryPoint', total: 0.1, peak: 1,
    says: ['`this` of resolveEntryPoint is what its caller gives it'],
    linesOf: { '`this` of resolveEntryPoint': 3 },
    source: js(`
      async function resolveEntryPoint(route) {
        const resolvedId = await this.resolve(route.entrypoint).then((res) => res?.id);
        if (!resolvedId) return route;
        return { ...route, resolvedId };
      }
    `) },
  { name: 'JavaScript: parameters that default to `[]` are what a caller passes, so an empty check does not return', grammar: 'tsx', fn: 'Client.distribute', total: 0.1, peak: 1,
    says: ['testerEmails, [] by default, is what a caller passes: an unknown value', '`testerEmails.length === 0 && groupAliases.length === 0` is not decided by the code: not taken'],
    source: js(`
      class Client {
        async distribute(releaseName, testerEmails = [], groupAliases = []) {
          if (testerEmails.length === 0 && groupAliases.length === 0) {
            return;
          }
          await this.api.post(\`\${releaseName}:distribute\`, { testerEmails, groupAliases });
        }
      }
    `) },
  { name: 'Python: a parameter that defaults to `{}` is what a caller passes; one that defaults to a value keeps it', grammar: 'python', total: 0.3, peak: 1,
    says: ['headers, {} by default, is what a caller passes'],
    saysNot: ['retries, 3 by default'],
    source: py(`
      async def main(client, headers={}, retries=3):
          if not headers:
              return None
          for _ in range(retries):
              await client.get(headers)
    `) },
  { name: 'JavaScript: returning `new Response(...)` early is no work: the path that awaits goes on', grammar: 'tsx', total: 0.1, peak: 1,
    says: ['`!params.name` is not decided by the code: not taken (the straight path goes on)'],
    source: js(`
      async function main(result, api) {
        const params = result.params;
        if (!params.name) {
          return new Response(null, { status: 400 });
        }
        const data = await api.render(params.name);
        return new Response(data);
      }
    `) },
  { name: 'JavaScript: returning `new Promise(...)` is work: that branch is the path that awaits', grammar: 'tsx', total: 0.1, peak: 1,
    says: ['`!ready` is not decided by the code: taken (the path that awaits)'],
    source: js(`
      async function main(ms, ready) {
        if (!ready) {
          return new Promise(resolve => setTimeout(resolve, ms));
        }
        return true;
      }
    `) },
  { name: 'Python: a member the simulator\'s model of a library object lacks is unknown, not an AttributeError (the loop\'s getaddrinfo, int.from_bytes)', grammar: 'python', total: 0.3, peak: 1,
    says: ['loop.getaddrinfo(host, port): I/O of unknown duration'],
    source: py(`
      async def main(host, port, reader):
          loop = asyncio.get_running_loop()
          infos = await loop.getaddrinfo(host, port)
          length = int.from_bytes(await reader.readexactly(2), "big")
          await asyncio.sleep(0.1)
    `) },
  { name: 'JavaScript: a branch with a `let` of its own that ends in `throw` is the path that raises, not taken', grammar: 'tsx', total: 0.1, peak: 1,
    says: ['`!api.isInteractive() && questions.length` is not decided by the code: not taken (the path that does not raise)'],
    source: js(`
      async function main(questions, help, api) {
        if (!api.isInteractive() && questions.length) {
          let message = "Input is required.";
          if (help) {
            message += help;
          }
          throw new Error(message);
        }
        await api.prompt(questions);
      }
    `) },
  { name: 'JavaScript: a branch with a `const` of its own that ends in `continue` is not taken', grammar: 'tsx', total: 1, peak: 1,
    says: ['`!spec.enabled` is not decided by the code: not taken (the item goes on through the loop)'],
    source: js(`
      async function main(specs, client) {
        for (const spec of specs) {
          if (!spec.enabled) {
            const reason = spec.reason ?? "disabled";
            console.log(reason);
            continue;
          }
          await client.deploy(spec);
        }
      }
    `) },
  { name: 'JavaScript: `this` of a method of an object a function returns (a plugin\'s hook) is unknown, not undefined', grammar: 'tsx', fn: 'markdown.handler', total: 0.1, peak: 1,
    says: ['this.resolve(id): I/O of unknown duration'],
    source: js(`
      function markdown() {
        return {
          name: "markdown",
          load: {
            async handler(id) {
              const resolved = await this.resolve(id);
              return resolved?.id;
            },
          },
        };
      }
    `) },
  { name: 'JavaScript: an early `return cache.get(key)` before the function\'s awaits is the way out, not the path that awaits', grammar: 'tsx', fn: 'getRepo', total: 0.1, peak: 1,
    says: ['`!forceRefresh && repoCache.has(repoPath)` is not decided by the code: not taken (the straight path goes on)'],
    linesOf: { '`!forceRefresh': 5 },
    source: js(`
      const repoCache = new Map();
      async function getRepo(registry, repoPath, forceRefresh = false) {
        if (!forceRefresh && repoCache.has(repoPath)) {
          return repoCache.get(repoPath);
        }
        const repo = await registry.getRepository(repoPath);
        repoCache.set(repoPath, repo);
        return repo;
      }
    `) },
  { name: 'JavaScript: `return cache.get(obj)` in a synchronous helper (Babel\'s interop of a bundle) awaits nothing: the module\'s members are copied', grammar: 'tsx', total: 0.1, peak: 1,
    says: ['`cache && cache.has(obj)` is not decided by the code: not taken (the straight path goes on)'],
    saysNot: ['(the path that awaits)'],
    source: js(`
      function _getRequireWildcardCache() {
        return new WeakMap();
      }
      function _interopRequireWildcard(obj) {
        if (obj && obj.__esModule) {
          return obj;
        }
        var cache = _getRequireWildcardCache();
        if (cache && cache.has(obj)) {
          return cache.get(obj);
        }
        var newObj = {};
        for (var key in obj) {
          if (key !== "default" && Object.prototype.hasOwnProperty.call(obj, key)) newObj[key] = obj[key];
        }
        newObj.default = obj;
        return newObj;
      }
      const _fs = _interopRequireWildcard(require("fs"));
      async function main(path) {
        return await _fs.default.promises.realpath(path);
      }
    `) },
  { name: 'JavaScript: a branch whose last `if` returns or raises on both paths leaves early: the straight path goes on', grammar: 'tsx', fn: 'getPackageVersion', total: 0.1, peak: 1,
    says: ['`envVal && typeof envVal === "string"` is not decided by the code: not taken (the straight path goes on)'],
    source: js(`
      async function getPackageVersion(run, packageName, envVariable) {
        const envVal = process.env[envVariable];
        if (envVal && typeof envVal === "string") {
          if (envVal.length > 0) {
            return envVal;
          } else {
            throw new Error("Invalid version string");
          }
        }
        return await run("npm", ["view", packageName, "version"]);
      }
    `) },
  { name: 'Python: a branch ending in a `try` whose body and handler both leave leaves early too', grammar: 'python', total: 0.1, peak: 1,
    says: ['`override` is not decided by the code: not taken (the straight path goes on)'],
    source: py(`
      async def main(client, override):
          if override:
              try:
                  return parse(override)
              except ValueError:
                  raise SystemExit("bad override")
          return await client.fetch_version()
    `) },
  { name: 'JavaScript: a member of a builtin function the simulator does not model (`require.resolve`) is unknown, not missing', grammar: 'tsx', fn: 'getMonorepoTemplatePath', total: 0.1, peak: 1,
    says: ['fs.promises.realpath(localTemplateOriginPath): I/O of unknown duration'],
    source: js(`
      const path = require("path");
      const fs = require("fs");
      async function getMonorepoTemplatePath() {
        const cliPath = path.dirname(require.resolve("@expo/cli/package.json"));
        const localTemplateOriginPath = path.join(cliPath, "local-template");
        return await fs.promises.realpath(localTemplateOriginPath);
      }
    `) },
  { name: 'JavaScript: a Map keyed by made-up items\' names may hold a name it does not find (lerna\'s topological run): not "not found"', grammar: 'tsx', fn: 'runTopologically', total: 1, peak: 1,
    says: ['`!project` is not decided by the code: not taken (the path that does not raise)'],
    saysNot: ['raises'],
    source: js(`
      async function runTopologically(projects, runner) {
        const projectsMap = new Map(projects.map((p) => [p.name, p]));
        const getProject = (name) => {
          const project = projectsMap.get(name);
          if (!project) {
            throw new Error(\`Failed to find project \${name}.\`);
          }
          return project;
        };
        const dependencies = projects.reduce((prev, next) => ({ ...prev, [next.name]: new Set() }), {});
        const batch = Object.keys(dependencies).filter((p) => dependencies[p].size === 0);
        for (const name of batch) {
          await runner(getProject(name));
        }
      }
    `) },
  { name: 'Python: a dict keyed by made-up items\' names may hold a key the code names: `in` is not decided and `d[key]` is unknown, not a KeyError', grammar: 'python', total: 0.2, peak: 1,
    says: ['`name not in by_name` is not decided by the code: not taken (the path that does not raise)'],
    saysNot: ['KeyError'],
    source: py(`
      async def main(jobs, runner):
          by_name = {job.name: job for job in jobs}
          for name in ["api", "db"]:
              if name not in by_name:
                  raise LookupError(name)
              await runner(by_name[name])
    `) },
  { name: 'Python: a class attribute None in the class that a method sets through `cls = self.__class__` is unknown, not None (redis\'s Lock scripts)', grammar: 'python', fn: 'Lock.do_release', total: 0.1, peak: 1,
    says: ['lua_release of the instance is None in the class and set by its methods: an unknown value'],
    saysNot: ['not callable'],
    source: py(`
      class Lock:
          lua_release = None

          def __init__(self, redis, name):
              self.redis = redis
              self.name = name
              self.register_scripts()

          def register_scripts(self):
              cls = self.__class__
              if cls.lua_release is None:
                  cls.lua_release = self.redis.register_script("release")

          async def do_release(self, token):
              if not bool(await self.lua_release(keys=[self.name], args=[token], client=self.redis)):
                  raise LookupError("Cannot release a lock that's no longer owned")
    `) },
  { name: 'JavaScript: `unknown ? value : await call()` takes the side that awaits, as an `if` does', grammar: 'tsx', fn: 'updatePackageJson', total: 0.1, peak: 1,
    says: ['`nonInteractive` is not decided by the code: taken as false (the path that awaits)'],
    source: js(`
      async function updatePackageJson(nonInteractive, prompts) {
        const choice = nonInteractive ? "overwrite" : await prompts.select({ message: "Update package.json?" });
        return choice;
      }
    `) },
  { name: 'Python: `await call() if unknown else value` takes the side that awaits', grammar: 'python', total: 0.1, peak: 1,
    says: ['is not decided by the code: taken as true (the path that awaits)'],
    source: py(`
      async def main(client, cached):
          return await client.fetch() if not cached else cached
    `) },
  { name: 'JavaScript: an environment variable is the user\'s, not decided by the code (not absent): lerna\'s OIDC token exchange', grammar: 'tsx', fn: 'oidc', total: 0.2, peak: 1,
    says: ['is not decided by the code: not taken (the straight path goes on)', 'fetch(process.env["ACTIONS_ID_TOKEN_REQUEST_URL"]): I/O of unknown duration'],
    source: js(`
      async function oidc(fetch, registry) {
        let idToken = process.env["NPM_ID_TOKEN"];
        if (!idToken) {
          if (!(process.env["ACTIONS_ID_TOKEN_REQUEST_URL"] && process.env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"])) {
            return undefined;
          }
          const response = await fetch(process.env["ACTIONS_ID_TOKEN_REQUEST_URL"]);
          const json = await response.json();
          idToken = json.value;
        }
        return idToken;
      }
    `) },
  { name: 'JavaScript: an instance\'s `constructor` is its class: `this.constructor.transformCommand(...)` calls the static method (discord.js)', grammar: 'tsx', fn: 'CommandManager.create', total: 0.1, peak: 1,
    saysNot: ['not callable'],
    source: js(`
      class CommandManager {
        constructor(client) {
          this.client = client;
        }
        static transformCommand(command) {
          return { name: command.name, options: command.options };
        }
        async create(command) {
          return await this.client.rest.post("/commands", { body: this.constructor.transformCommand(command) });
        }
      }
    `) },
  { name: 'Python: an attribute set on a function at module level is read back (ipyparallel\'s `_atexit_cleanup_clusters.registered`)', grammar: 'python', total: 0.1, peak: 1,
    saysNot: ['AttributeError'],
    source: py(`
      HANDLERS = []

      def _cleanup(*args):
          pass

      _cleanup.registered = False

      async def main(client):
          if not _cleanup.registered:
              HANDLERS.append(_cleanup)
              _cleanup.registered = True
          await client.start()
    `) },
  { name: 'Python: an instance whose base class defines `__await__` is awaitable (distributed\'s `await FlakyConnectionPool(...)`)', grammar: 'python', total: 0.2, peak: 1,
    saysNot: ["can't be used in 'await' expression"],
    source: py(`
      class ConnectionPool:
          def __await__(self):
              async def _():
                  await self.start()
                  return self
              return _().__await__()

          async def start(self):
              await asyncio.sleep(0.1)

      class FlakyConnectionPool(ConnectionPool):
          pass

      async def main(client):
          pool = await FlakyConnectionPool()
          await client.connect(pool)
    `) },
  { name: 'JavaScript: an unknown object\'s `find([dir])` with no callback is its own method, not an array\'s (netlify\'s edge functions bundler)', grammar: 'tsx', fn: 'Registry.scan', total: 0.1, peak: 3,
    saysNot: ['not callable'],
    source: js(`
      class Registry {
        constructor(bundler, directories) {
          this.bundler = bundler;
          this.directories = directories;
        }
        async scan() {
          const [framework, internal, user] = await Promise.all([
            this.bundler.find([this.directories.framework]),
            this.bundler.find([this.directories.internal]),
            this.bundler.find([this.directories.user]),
          ]);
          return [...framework, ...internal, ...user];
        }
      }
    `) },
  { name: 'JavaScript: a method that only throws an error class named Unimplemented is a stub a subclass overrides (expo\'s AppIdResolver)', grammar: 'tsx', fn: 'AppIdResolver.getAppIdAsync', total: 0.2, peak: 1,
    says: ['AppIdResolver.hasNativeProjectAsync is a stub for a subclass to override'],
    saysNot: ['raises'],
    source: js(`
      const _errors = require("../utils/errors");
      class AppIdResolver {
        constructor(projectRoot) {
          this.projectRoot = projectRoot;
        }
        async getAppIdAsync() {
          if (await this.hasNativeProjectAsync()) {
            return this.getAppIdFromNativeAsync();
          }
          return this.getAppIdFromConfigAsync();
        }
        async hasNativeProjectAsync() {
          throw new _errors.UnimplementedError();
        }
        async getAppIdFromNativeAsync() {
          throw new _errors.UnimplementedError();
        }
        async getAppIdFromConfigAsync() {
          return await this.loadConfig(this.projectRoot);
        }
      }
    `) },
  { name: 'JavaScript: a lookup in a loop that awaits nothing is not taken when what follows the loop awaits (astro\'s getModuleForRoute)',
    grammar: 'tsx', fn: 'getModuleForRoute', total: 0.1, peak: 1,
    says: ['`route.component === defaultRoute.component` is not decided by the code: not taken (a lookup that awaits nothing: the straight path goes on after the loop)'],
    linesOf: { '`route.component === defaultRoute.component`': 6 },
    source: js(`
      class Pipeline {
        async getModuleForRoute(route) {
          for (const defaultRoute of this.defaultRoutes) {
            if (route.component === defaultRoute.component) {
              return { page: () => Promise.resolve(defaultRoute.instance) };
            }
          }
          const importComponent = this.manifest.pageMap.get(route.component);
          return await importComponent();
        }
      }
    `) },
  { name: 'Python: the same lookup in an async method: the fetch after the loop is shown', grammar: 'python', fn: 'Cache.get', total: 0.1, peak: 1,
    says: ['not taken (a lookup that awaits nothing: the straight path goes on after the loop)'],
    source: py(`
      class Cache:
          async def get(self, key):
              for entry in self.entries:
                  if entry.key == key:
                      return entry.value
              return await self.client.fetch(key)
    `) },
  { name: 'JavaScript: a lookup whose loop awaits is not one (each item is fetched): the check succeeds once it has waited', grammar: 'tsx', total: 0.1, peak: 1,
    says: ['the loop ends once it has waited for what it checks'],
    saysNot: ['a lookup that awaits nothing'],
    source: js(`
      async function main(ids, api) {
        for (const id of ids) {
          const item = await api.get(id);
          if (item.ok) {
            return item;
          }
        }
        return await api.fallback();
      }
    `) },
  { name: 'JavaScript: `some` over unknown items with a callback that decides nothing is undecided, not true (firebase-tools\' executeLifecycleHooks)',
    grammar: 'tsx', total: 0.1, peak: 1,
    says: ['`isFiltered` is not decided by the code: not taken (the straight path goes on)'],
    linesOf: { '`isFiltered`': 5 },
    source: js(`
      async function main(endpoints, planned, api) {
        const isFiltered = endpoints.some(ep => !planned.has(ep.id));
        if (isFiltered) {
          return false;
        }
        await api.runHook();
      }
    `) },
  { name: 'JavaScript: `every` is decided when a known item decides it (one fails the check), undecided otherwise', grammar: 'tsx', total: 0.1, peak: 1,
    says: ['`ready` is not decided by the code'],
    source: js(`
      async function main(workers, api) {
        const known = [{ up: false }, ...workers].every(w => w.up);
        const ready = workers.every(w => w.up);
        if (known) {
          return;
        }
        if (ready) {
          await api.start();
        }
      }
    `) },
  { name: 'JavaScript: a module name still empty that an undecided module-level `if` would set is unknown, not undefined (directus\' rate limiter queue)',
    grammar: 'tsx', total: 0.1, peak: 1,
    says: ['is not decided at module level: what it defines is unknown', '`!queue` is not decided by the code: not taken (the straight path goes on)'],
    linesOf: { '`!queue`': 6 },
    source: js(`
      let queue;
      if (process.env.LIMIT_ENABLED === "true") queue = new RateLimiterQueue(limiter);
      async function main() {
        if (!queue) return;
        await queue.removeTokens(1);
      }
    `) },
  { name: 'Python: the same for `None` at module level; a value set before the `if` is kept', grammar: 'python', total: 0.1, peak: 1,
    says: ['`os.environ.get("LIMIT")` is not decided at module level: what it defines is unknown'],
    source: py(`
      import os
      limiter = None
      DELAY = 0.1
      if os.environ.get("LIMIT"):
          limiter = make_limiter()
          DELAY = 0
      async def main():
          if limiter is None:
              return
          await asyncio.sleep(DELAY)
    `) },
  { name: 'JavaScript: a check that raises at its end but may return before it, holding all the function\'s waiting, runs (renovate\'s validateIncludeForks)', grammar: 'tsx', fn: 'validateIncludeForks', total: 0.1, peak: 1,
    says: ['`config.isFork` is not decided by the code: taken (the path that awaits, and may return before it raises)', '`repoConfig.includeForks` is not decided by the code: taken (the path that does not raise)'],
    linesOf: { '`config.isFork`': 4 },
    source: js(`
      async function validateIncludeForks(config, platform) {
        if (config.isFork) {
          const repoConfig = await platform.getJsonFile("renovate.json");
          if (!repoConfig) throw new Error("forked");
          if (repoConfig.includeForks) {
            return;
          }
          throw new Error("forked");
        }
      }
    `) },
  { name: 'Python: the same check after the function has awaited is the exception it reads as (a retry succeeds on the first try)', grammar: 'python', fn: 'fetch', total: 0.1, peak: 1,
    says: ['`response.status != 200` is not decided by the code: not taken (the path that does not raise)'],
    saysNot: ['may return before it raises'],
    source: py(`
      async def fetch(client, url, attempt=0):
          response = await client.get(url)
          if response.status != 200:
              if attempt < 3:
                  return await fetch(client, url, attempt + 1)
              raise RuntimeError(response.status)
          return response
    `) },
  { name: 'JavaScript: an attribute a method sets through `assign(this, {...})` is unknown when another method runs (typeorm\'s DataSource.destroy)', grammar: 'tsx', fn: 'DataSource.destroy', total: 0.1, peak: 1,
    says: ['`!this.isInitialized` is not decided by the code: not taken (the path that does not raise)'],
    source: js(`
      const ObjectUtils_1 = require("../util/ObjectUtils");
      class DataSource {
        constructor(options) {
          this.isInitialized = false;
          this.driver = options.driver;
        }
        async initialize() {
          await this.driver.connect();
          ObjectUtils_1.ObjectUtils.assign(this, { isInitialized: true });
        }
        async destroy() {
          if (!this.isInitialized) throw new Error("not connected");
          await this.driver.disconnect();
        }
      }
    `) },
  { name: 'Python: the same for `setattr(self, "name", value)`', grammar: 'python', fn: 'Client.send', total: 0.1, peak: 1,
    says: ['`not self.connected` is not decided by the code: not taken (the path that does not raise)'],
    source: py(`
      class Client:
          def __init__(self, transport):
              self.transport = transport
              self.connected = False

          async def connect(self):
              await self.transport.open()
              setattr(self, "connected", True)

          async def send(self, data):
              if not self.connected:
                  raise RuntimeError("not connected")
              await self.transport.write(data)
    `) },
  { name: 'Python: the keywords a caller passes to `**args` are unknown, not an empty dict that raises KeyError (cylc\'s GraphQL resolvers)', grammar: 'python', fn: 'resolve_broadcasts', total: 0.1, peak: 1,
    says: ["`not args['ids']` is not decided by the code"],
    source: py(`
      async def resolve_broadcasts(root, info, **args):
          if not args['ids']:
              return {}
          return await info.context.resolvers.get_broadcasts(args['ids'])
    `) },
  { name: 'JavaScript: a poll whose check resolves the promise succeeds at once, not "deadlocked" (shopify cli-kit\'s pollForDeviceAuthorization)', grammar: 'tsx', fn: 'pollForDeviceAuthorization', total: 5.1, peak: 1,
    says: ['`!result.isErr()` is not decided by the code: taken (the path that resolves the promise: a check that succeeds at once)'],
    source: js(`
      async function pollForDeviceAuthorization(code, api, interval = 5) {
        return new Promise((resolve, reject) => {
          const onPoll = async () => {
            const result = await api.exchange(code);
            if (!result.isErr()) {
              resolve(result.value);
              return;
            }
            if (result.error === 'authorization_pending') {
              startPolling();
              return;
            }
            reject(new Error(result.error));
          };
          const startPolling = () => {
            setTimeout(onPoll, interval * 1000);
          };
          startPolling();
        });
      }
    `) },
  { name: 'JavaScript: a function returned after a bundler\'s `/*#__PURE__*/` comment is in the model (payload\'s NavToggler onClick was "no async function")', grammar: 'tsx', fn: 'onClick', total: 0.1, peak: 1,
    source: js(`
      const NavToggler = (props) => {
        return /*#__PURE__*/ React.createElement("button", {
          onClick: async () => {
            if (!props.largeBreak) {
              await props.setPreference("nav", { open: true });
            }
          },
        });
      };
    `) },
];

describe('visualizer simulation: undecided conditions take the path a user expects', () => runCases(cases));

/** What `scripts/simulate-corpus.js` and the straight-path test count: a function whose straight path awaits time. */
describe('straight path: what counts as awaiting something', () => {
  const grammars = new GrammarLoader(packageWasmLocator());
  const table: Array<{ grammar: GrammarId; source: string; awaits: boolean }> = [
    { grammar: 'python', source: 'async def f():\n    await asyncio.sleep(0)\n', awaits: false },
    { grammar: 'python', source: 'async def f():\n    await asyncio.sleep(0.1)\n', awaits: true },
    // With the import, the resolver names the library's function (`asyncio.sleep`): still a turn of the loop.
    { grammar: 'python', source: 'import asyncio\n\nasync def f(n):\n    for _ in range(n):\n        await asyncio.sleep(0)\n', awaits: false },
    { grammar: 'python', source: 'import asyncio\n\nasync def f(n):\n    await asyncio.sleep(1)\n', awaits: true },
    { grammar: 'python', source: 'async def f(client):\n    await asyncio.sleep(0)\n    await client.get()\n', awaits: true },
    { grammar: 'tsx', source: 'async function f() {\n  await Promise.resolve();\n}\n', awaits: false },
    { grammar: 'tsx', source: 'async function f(api) {\n  await api.connect();\n}\n', awaits: true },
    { grammar: 'tsx', source: 'async function f(api) {\n  if (api.ready) await api.connect();\n}\n', awaits: true },
    // A settled value assigned, not only awaited alone (lerna's `config = await Promise.resolve(config)`).
    { grammar: 'tsx', source: 'async function f(config) {\n  config = await Promise.resolve(config);\n  return config;\n}\n', awaits: false },
    // The file's own helpers: awaiting one that awaits only a turn of the loop takes no time (anyio's checkpoint()).
    { grammar: 'python', source: 'async def checkpoint():\n    await sleep(0)\n\nasync def f(sock):\n    await checkpoint()\n    return sock.recv(1024)\n', awaits: false },
    { grammar: 'python', source: 'async def fetch(client):\n    await client.get()\n\nasync def f(client):\n    await fetch(client)\n', awaits: true },
    { grammar: 'python', source: 'class Stream:\n    async def wait_turn(self):\n        await asyncio.sleep(0)\n\n    async def f(self):\n        await self.wait_turn()\n', awaits: false },
    { grammar: 'tsx', source: 'async function waitCycles(n) {\n  for (let i = 0; i < n; i++) await sleep(0);\n}\nasync function f() {\n  await waitCycles(2);\n}\n', awaits: false },
    // An async JavaScript helper that returns a call's promise waits for it (firebase-tools' `return new Promise(...)`).
    { grammar: 'tsx', source: 'async function prompt(ask) {\n  return ask.select({ message: "?" });\n}\nasync function f(ask) {\n  await prompt(ask);\n}\n', awaits: true },
    { grammar: 'tsx', source: 'class Page {\n  async read() {\n    if (!this.reading) this.reading = this.load();\n    return this.reading;\n  }\n  async f() {\n    await this.read();\n  }\n}\n', awaits: true },
    { grammar: 'tsx', source: 'async function f(handler) {\n  await Promise.resolve(handler());\n}\n', awaits: true },
    // A method that only raises is there to be overridden: what a subclass's does is not known.
    { grammar: 'tsx', source: 'class Resolver {\n  async resolveAppId() {\n    throw new Error("unimplemented");\n  }\n  async f() {\n    return await this.resolveAppId();\n  }\n}\n', awaits: true },
    // What an async JavaScript helper returns from a synchronous helper of the file is a value (lerna's
    // `return normalizeNewPresetConfig(config)`); from one that returns `new Promise(...)` it is work.
    { grammar: 'tsx', source: 'function normalize(config) {\n  if (config.parser) return { ...config };\n  return config;\n}\nasync function resolveConfig(name) {\n  return normalize(require(name));\n}\nasync function f(name) {\n  return await resolveConfig(name);\n}\n', awaits: false },
    { grammar: 'tsx', source: 'function later(ms) {\n  return new Promise(resolve => setTimeout(resolve, ms));\n}\nasync function wait(ms) {\n  return later(ms);\n}\nasync function f() {\n  await wait(100);\n}\n', awaits: true },
    // A helper that is not async, or recursion, still counts: what it returns may be a promise of work.
    { grammar: 'tsx', source: 'function later(api) {\n  return api.connect();\n}\nasync function f(api) {\n  await later(api);\n}\n', awaits: true },
    { grammar: 'tsx', source: 'async function f(api) {\n  if (!(await api.ready())) return await f(api);\n}\n', awaits: true },
    // p-map over a function that awaits nothing and returns nothing to wait for: a turn of the loop per item (lerna's
    // `updateCanaryVersions`); over one that returns a call's promise, or awaits, it is the work.
    { grammar: 'tsx', source: 'const pMap = require("p-map");\nasync function f(updates) {\n  await pMap(updates, (node) => {\n    getPackage(node).set("version", "1.0.0");\n  });\n}\n', awaits: false },
    { grammar: 'tsx', source: 'const pMap = require("p-map");\nasync function f(updates) {\n  await pMap(updates, (node) => ({ name: node.name, dir: path.join(root, node.name) }));\n}\n', awaits: false },
    { grammar: 'tsx', source: 'const pMap = require("p-map");\nasync function f(updates, api) {\n  await pMap(updates, (node) => api.publish(node));\n}\n', awaits: true },
    { grammar: 'tsx', source: 'const pMap = require("p-map");\nasync function f(updates, api) {\n  await pMap(updates, async (node) => {\n    await api.publish(node);\n  });\n}\n', awaits: true },
    { grammar: 'tsx', source: 'const pMap = require("p-map");\nasync function f(updates) {\n  await pMap(updates, (node) => node.ready);\n}\n', awaits: true },
    // A promise resolved on the next turns of the loop lets other callbacks run, and takes no time (shopify's
    // `waitFor`); one resolved by a timer with a delay takes that delay.
    { grammar: 'tsx', source: 'async function f(condition) {\n  while (!condition()) {\n    await new Promise((resolve) => setImmediate(() => setTimeout(resolve, 0)));\n  }\n}\n', awaits: false },
    { grammar: 'tsx', source: 'async function f() {\n  await new Promise((resolve) => process.nextTick(resolve));\n}\n', awaits: false },
    { grammar: 'tsx', source: 'async function f() {\n  await new Promise((resolve) => setTimeout(resolve, 10));\n}\n', awaits: true },
    { grammar: 'tsx', source: 'async function f(api) {\n  await new Promise((resolve) => api.on("ready", resolve));\n}\n', awaits: true },
    // The bundle's own call form: `(0, import_p_map.default)(...)`.
    { grammar: 'tsx', source: 'var import_p_map = __toESM(require("p-map"));\nasync function f(updates) {\n  await (0, import_p_map.default)(updates, (node) => {\n    getPackage(node).set("version", "1.0.0");\n  });\n}\n', awaits: false },
  ];
  for (const row of table) {
    it(`${row.grammar}: ${JSON.stringify(row.source)} ${row.awaits ? 'awaits' : 'awaits nothing that takes time'}`, async () => {
      const tree = (await grammars.parserFor(row.grammar)).parse(row.source)!;
      try {
        const model = buildModel({ tree, text: row.source, family: familyOf(row.grammar) });
        const fn = model.functions.find(f => f.name === 'f')!;
        assert.equal(straightPathAwaits(fn.body, { functions: new LocalFunctions(model), caller: fn }), row.awaits);
      } finally {
        tree.delete();
      }
    });
  }
});
