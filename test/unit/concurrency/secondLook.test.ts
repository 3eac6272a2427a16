/**
 * The second look (visualize.ts): a function whose straight path awaits, predicted as taking 0 s because a choice the
 * code does not decide led it out before its work, is shown the way that does the work, and says which choice it
 * made the other way.
 */
import { js, py, runCases, SimulationCase } from './simulationCases';

const cases: SimulationCase[] = [
  { name: 'Python: a token refresh whose wait for another refresher returns early is shown refreshing (azure\'s `_update_token_and_reschedule`)', grammar: 'python', fn: 'Credential.refresh', total: 0.1, peak: 1,
    says: ['`self._refreshing` is not decided by the code: not taken (the other way, refresh awaits nothing)'],
    linesOf: { 'not taken (the other way': 15 },
    source: py(`
      from asyncio import Condition, Lock

      class Credential:
          def __init__(self, refresher):
              self._refresher = refresher
              self._lock = Condition(Lock())
              self._refreshing = False

          async def refresh(self):
              should_refresh = False
              async with self._lock:
                  while self._expiring(self._token):
                      if self._refreshing:
                          if self._valid(self._token):
                              return self._token
                          await self._wait_for_owner()
                      else:
                          should_refresh = True
                          self._refreshing = True
                          break
              if should_refresh:
                  self._token = await self._refresher()
              return self._token

          async def _wait_for_owner(self):
              self._lock.release()
              await self._lock.acquire()
    `) },
  { name: 'JavaScript: a conditional expression whose first side makes the function leave is taken the other way', grammar: 'tsx', total: 0.1, peak: 1,
    says: ['`options.dryRun` is not decided by the code: taken as false (the other way, main awaits nothing)'],
    saysNot: ['taken as true'],
    source: js(`
      async function main(options, api) {
        const mode = options.dryRun ? 'skip' : 'run';
        if (mode === 'skip') return;
        await api.deploy();
      }
    `) },
  { name: 'Python: what a made-up None lacks, once the code has handed on keywords it does not show, is an unknown value, not an AttributeError (vdirsyncer\'s `DAVStorage.create_collection`)', grammar: 'python', fn: 'Storage.create_collection', total: 0.1, peak: 1,
    says: ['None.rstrip: the simulation\'s value has no such member; the code\'s is set where the simulation cannot see: an unknown value'],
    linesOf: { 'None.rstrip': 7 },
    source: py(`
      import asyncio

      class Session:
          def __init__(self, url=None, username=None):
              self.url = url.rstrip("/") + "/"
              self.username = username

          async def request(self, method, path):
              await asyncio.sleep(0.1)
              return self.url + path

      class Storage:
          @classmethod
          async def create_collection(cls, collection, **kwargs):
              session = Session(**kwargs)
              return await session.request("MKCOL", collection)
    `) },
  { name: 'JavaScript: a call of a member the simulation has as undefined is unknown code, not a TypeError (sequelize\'s static `Model.drop`)', grammar: 'tsx', fn: 'Model.drop', total: 0.1, peak: 1,
    says: ['undefined(): the simulation\'s value has no such member'],
    source: js(`
      class Model {
        static get queryInterface() {
          return this.sequelize.getQueryInterface();
        }
        static get queryGenerator() {
          return this.queryInterface.queryGenerator;
        }
        get sequelize() {
          return this.constructor.sequelize;
        }
        static getTableName() {
          return this.queryGenerator.addSchema(this);
        }
        static async drop(options) {
          return await this.queryInterface.dropTable(this.getTableName(options), options);
        }
      }
    `) },
  { name: 'JavaScript: state a made-up instance has when its constructor ends, and other methods change in place, is unknown when only it keeps the function from its work (puppeteer\'s `HTTPRequest.finalizeInterceptions`)', grammar: 'tsx', fn: 'Request.finalize', total: 0.1, peak: 1,
    says: ['this.interception is what Request.constructor', 'and other methods change it before this one runs: an unknown value'],
    source: js(`
      class Request {
        interception = { enabled: false, handlers: [] };
        constructor(client) {
          this.client = client;
        }
        enable() {
          this.interception.enabled = true;
        }
        async finalize() {
          if (!this.interception.enabled) return;
          await this.client.send('Fetch.continueRequest');
        }
      }
    `) },
  { name: 'state the constructor sets is what the function reads when the function does its work with it', grammar: 'tsx', fn: 'Counter.bump', total: 0.3, peak: 1,
    saysNot: ['other methods change it'],
    source: js(`
      class Counter {
        constructor(api) {
          this.api = api;
          this.times = 3;
        }
        async bump() {
          for (let i = 0; i < this.times; i++) await this.api.bump();
        }
      }
    `) },
  { name: 'a function the code makes raise keeps raising: a second look is lenient only with what the simulation raises by itself', grammar: 'python', total: 0, peak: 0, outcome: 'raised',
    saysNot: ['has no such member', 'the other way'],
    source: py(`
      async def main(client):
          raise ValueError("not configured")
          await client.get()
    `) },
  { name: 'a function whose straight path awaits nothing keeps its 0 s, with no choice made the other way', grammar: 'python', total: 0, peak: 0,
    saysNot: ['the other way'],
    source: py(`
      async def main(cache, key):
          if key in cache:
              return cache[key]
          return None
    `) },
];

describe('simulate: the second look at a function shown as taking 0 s', () => {
  runCases(cases);
});
