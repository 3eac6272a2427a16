/**
 * Shapes of real code (from the real-world corpus, `scripts/simulate-corpus.js`) whose async functions were
 * predicted as "0 s": each is simulated from what it awaits, and says what it had to assume.
 */
import { js, py, runCases, SimulationCase } from './simulationCases';

const cases: SimulationCase[] = [
  { name: 'JavaScript: a static method reads its class as `this` (a registry of running services)', grammar: 'tsx', fn: 'start', total: 0.1, peak: 1,
    says: ['instance.start(): I/O of unknown duration'],
    source: js(`
      class Registry {
        static async start(instance) {
          if (this.isRunning(instance.name)) {
            throw new Error(\`\${instance.name} is already running\`);
          }
          this.set(instance.name, instance);
          await instance.start();
        }
        static isRunning(name) {
          return this.running.has(name);
        }
        static set(name, instance) {
          this.running.set(name, instance);
        }
      }
      Registry.running = new Map();
    `) },
  { name: 'JavaScript: a static method called on its class reads it as `this`', grammar: 'tsx', total: 0.1, peak: 1,
    says: ['instance.start(): I/O of unknown duration'],
    source: js(`
      class Registry {
        static async start(instance) {
          if (this.isRunning(instance.name)) return;
          await instance.start();
        }
        static isRunning(name) {
          return this.running.has(name);
        }
      }
      Registry.running = new Set();
      async function main(instance) {
        await Registry.start(instance);
      }
    `) },
  { name: 'JavaScript: a switch on a value the code does not decide takes the first case that awaits, not `default: throw`', grammar: 'tsx', total: 0.3, peak: 1,
    says: ['`switch (platform)` is not decided by the code: `case Platform.IOS` is taken (the first that awaits)'],
    source: js(`
      const Platform = { IOS: "IOS", ANDROID: "ANDROID", WEB: "WEB" };
      async function main(platform, client) {
        let app;
        switch (platform) {
          case Platform.IOS:
            app = await client.createIosApp();
            break;
          case Platform.ANDROID:
            app = await client.createAndroidApp();
            break;
          default:
            throw new Error("Unexpected platform");
        }
        await sleep(200);
        return app;
      }
    `) },
  { name: 'JavaScript: cases that fall through to one that awaits are taken with it', grammar: 'tsx', total: 0.1, peak: 1,
    says: ['`switch (kind)` is not decided by the code: `case "file"` is taken (the first that awaits)'],
    source: js(`
      async function main(kind, api) {
        switch (kind) {
          case "file":
          case "blob":
            return await api.upload();
          default:
            throw new Error(\`unknown kind \${kind}\`);
        }
      }
    `) },
  { name: 'Python: parameters that default to None are what a caller passes, so a guard on them does not raise', grammar: 'python', total: 0.1, peak: 1,
    says: ['password, None by default, is what a caller passes: an unknown value', '`password is None and token is None` is not decided by the code: not taken (the path that does not raise)'],
    source: py(`
      async def main(client, password=None, device_name="", token=None):
          if password is None and token is None:
              raise ValueError("Either a password or a token needs to be provided")
          return await client.send("login", password or token, device_name)
    `) },
  { name: 'JavaScript: a parameter that defaults to null is what a caller passes', grammar: 'tsx', total: 0.1, peak: 1,
    says: ['cursor, null by default, is what a caller passes'],
    source: js(`
      async function main(api, cursor = null) {
        if (cursor === null) throw new Error("a cursor is needed");
        return await api.page(cursor);
      }
    `) },
  { name: 'Python: a base class method awaiting a stub a subclass overrides awaits an unknown call', grammar: 'python', fn: 'Messageable.send', total: 0.2, peak: 1,
    says: ['Messageable._get_channel is a stub for a subclass to override', 'Messageable._refetch is a stub for a subclass to override', 'self._get_channel(): I/O of unknown duration'],
    source: py(`
      import abc

      class Messageable(abc.ABC):
          async def _get_channel(self):
              raise NotImplementedError

          async def _refetch(self):
              """Fetches the state again, by whatever means the subclass has."""

          async def send(self, content):
              channel = await self._get_channel()
              await self._refetch()
              return channel.id
    `) },
  { name: 'JavaScript: a method awaiting an abstract one that throws "not implemented" awaits an unknown call', grammar: 'tsx', fn: 'Datasource.getReleases', total: 0.1, peak: 1,
    says: ['Datasource.fetchReleases is a stub for a subclass to override'],
    source: js(`
      class Datasource {
        async fetchReleases(name) {
          throw new Error("Method not implemented.");
        }
        async getReleases(name) {
          const releases = await this.fetchReleases(name);
          return releases.filter(r => !r.deprecated);
        }
      }
    `) },
  { name: 'JavaScript: module state an init function sets is unknown when the function starts, not its empty value', grammar: 'tsx', fn: 'set', total: 0.1, peak: 1,
    says: ['`!cacheProxy` is not decided by the code: not taken (the straight path goes on)'],
    source: js(`
      let cacheProxy;
      const memCache = new Map();
      async function set(namespace, key, value) {
        if (!cacheProxy) {
          return;
        }
        await cacheProxy.set(namespace, key, value);
        memCache.set(\`\${namespace}:\${key}\`, value);
      }
      async function init(config) {
        cacheProxy = await connectRedis(config.redisUrl);
      }
    `) },
  { name: 'Python: a module global a function sets is unknown when another starts, so its guard does not raise', grammar: 'python', fn: 'refresh', total: 0.1, peak: 1,
    says: ['`_last_options is None` is not decided by the code: not taken (the path that does not raise)'],
    source: py(`
      _last_options = None

      async def require_auth(options):
          global _last_options
          _last_options = options

      async def refresh():
          if _last_options is None:
              raise RuntimeError("not yet authenticated")
          return await _last_options.client.refresh_token()
    `) },
  { name: 'a module name only the module sets keeps its value: an empty one decides', grammar: 'tsx', fn: 'flush', total: 0, peak: 0,
    source: js(`
      let queue = null;
      async function flush() {
        if (!queue) return;
        await queue.drain();
      }
    `) },
  { name: 'JavaScript: a method of an object literal called on it has the object as `this`', grammar: 'tsx', total: 0.2, peak: 1,
    says: ['this.client.get(key): I/O of unknown duration'],
    source: js(`
      const store = {
        client: null,
        async load(key) {
          return await this.client.get(key);
        },
      };
      store.fetch = async function (key) {
        return await this.client.get(key);
      };
      async function main(client) {
        store.client = client;
        await store.load("a");
        await store.fetch("b");
      }
    `) },
  { name: 'JavaScript: pre-class code: methods set on a function\'s prototype are methods of what `new` makes', grammar: 'tsx', total: 0.3, peak: 1,
    spans: ['main(): awaiting 0-0.3'],
    source: js(`
      function Poller(delay) {
        this.delay = delay;
      }
      Poller.prototype = {};
      Poller.prototype.wait = function () {
        return sleep(this.delay);
      };
      Poller.prototype.poll = async function (times) {
        for (let i = 0; i < times; i++) await this.wait();
      };
      async function main() {
        const poller = new Poller(100);
        await poller.poll(3);
      }
    `) },
  { name: 'JavaScript: a stub whose "needs to be implemented" message follows other arguments is a stub', grammar: 'tsx', fn: 'Command.runCommand', total: 0.1, peak: 1,
    says: ['Command.initialize is a stub for a subclass to override'],
    source: js(`
      class ValidationError extends Error {}
      class Command {
        async runCommand() {
          const proceed = await this.initialize();
          return proceed;
        }
        initialize() {
          throw new ValidationError(this.name, "initialize() needs to be implemented.");
        }
      }
    `) },
  { name: 'Python: a rest parameter of the simulated function is what a caller passes, a collection of unknown size', grammar: 'python', total: 0.1, peak: 10,
    says: ['slots: a collection of unknown size, 10 items assumed'],
    source: py(`
      async def main(client, *slots):
          return await asyncio.gather(
              *(asyncio.ensure_future(client.execute_command("CLUSTER DELSLOTS", slot)) for slot in slots)
          )
    `) },
  { name: 'Python: a class attribute that is None and set by the class\'s methods is unknown on the instance', grammar: 'python', fn: 'Network.stop_gossip', total: 0.1, peak: 1,
    says: ['gossip of the instance is None in the class and set by its methods: an unknown value'],
    source: py(`
      class Network:
          gossip = None

          async def start_gossip(self, factory):
              if self.gossip is None:
                  self.gossip = factory()

          async def stop_gossip(self):
              if self.gossip:
                  await self.gossip.stop()
                  self.gossip = None
    `) },
  { name: 'JavaScript: a cache hit returned as Promise.resolve(hit) is no work: the lookup path awaits', grammar: 'tsx', fn: 'getServiceUrl', total: 0.1, peak: 1,
    says: ['`alreadyFetched` is not decided by the code: not taken (the straight path goes on)'],
    source: js(`
      const urlCache = {};
      async function getServiceUrl(region, serviceId, api) {
        const alreadyFetched = urlCache[\`\${region}/\${serviceId}\`];
        if (alreadyFetched) {
          return Promise.resolve(alreadyFetched);
        }
        const res = await api.get(\`/locations/\${region}/services/\${serviceId}\`);
        urlCache[\`\${region}/\${serviceId}\`] = res.url;
        return res.url;
      }
    `) },
  { name: 'JavaScript: the platform is the user\'s machine, not decided by the code', grammar: 'tsx', fn: 'focusWindow', total: 0.1, peak: 1,
    says: ["`process.platform !== 'darwin'` is not decided by the code: not taken (the straight path goes on)"],
    source: js(`
      async function focusWindow(device, osascript) {
        if (process.platform !== 'darwin') {
          return false;
        }
        await osascript.execAsync(\`tell application "System Events" to activate \${device.pid}\`);
        return true;
      }
    `) },
];

describe('visualizer simulation: shapes of real code are not 0 s', () => runCases(cases));
