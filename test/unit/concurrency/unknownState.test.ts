/**
 * State the simulated function cannot know (set by a caller, by a lazy initializer, by code outside the file): reading
 * it, or a member of it, gives an unknown value, listed as an assumption with its line, never a simulated error that
 * ends the prediction at "0 s". Shapes from the real-world corpus (`scripts/simulate-corpus.js`).
 */
import { js, py, runCases, SimulationCase } from './simulationCases';

const cases: SimulationCase[] = [
  { name: 'JavaScript: a module `var` a lazy initializer sets by destructuring is unknown, not undefined (a bundle\'s `({ types } = require_types())`)',
    grammar: 'tsx', total: 0.1, peak: 1,
    saysNot: ['TypeError', 'is read of a value that is undefined'],
    source: js(`
      var types;
      var initTypes = () => {
        ({ types } = require("./types"));
      };
      function parseField(input, key) {
        return [].concat(types[key]);
      }
      async function main(api) {
        const field = parseField("x", "stdio");
        await api.save(field);
      }
    `) },
  { name: 'JavaScript: a nullish link of an optional chain ends the whole chain (`server?.getInstance()?.location.port ?? null`): no TypeError, nothing unknown',
    grammar: 'tsx', total: 0.1, peak: 1,
    saysNot: ['TypeError', 'unknown value'],
    source: js(`
      function portOf(server) {
        return server?.getInstance()?.location.port ?? null;
      }
      async function main(api) {
        const port = portOf(null);
        if (port === null) await api.start();
      }
    `) },
  { name: 'JavaScript: a member of a field the simulation has as undefined (set by another function, a caller\'s) is unknown, said with its line',
    grammar: 'tsx', total: 0.1, peak: 1,
    says: ['.stdio is read of a value that is undefined in the simulation'],
    linesOf: { '.stdio is read': 8 },
    saysNot: ['TypeError'],
    source: js(`
      const state = {};
      function configure(options) {
        state.execOpts = options;
      }
      function modeOf() {
        return state.execOpts.stdio || "pipe";
      }
      async function main(api) {
        await api.spawn(modeOf());
      }
    `) },
  { name: 'JavaScript: `this.project = p` runs the class\'s setter, and its getter reads what it stored (no read of the getter first)',
    grammar: 'tsx', total: 0.1, peak: 1,
    saysNot: ['no project', 'not followed'],
    source: js(`
      class Command {
        _project;
        get project() {
          if (this._project === void 0) throw new Error("no project");
          return this._project;
        }
        set project(project) {
          this._project = project;
        }
      }
      async function main(api) {
        const command = new Command();
        command.project = { root: "/repo" };
        await api.load(command.project.root);
      }
    `) },
  { name: 'JavaScript: an async function that returns a thenable (an object with a `then` method) waits for it',
    grammar: 'tsx', total: 0.1, peak: 1, fn: 'handler',
    source: js(`
      class Command {
        constructor(api) {
          this.runner = Promise.resolve().then(() => api.load());
        }
        then(onResolved, onRejected) {
          return this.runner.then(onResolved, onRejected);
        }
      }
      async function handler(api) {
        return new Command(api);
      }
    `) },
  { name: 'Python: an attribute the class body sets on a method (Azure\'s generated `_delete_initial.metadata = {...}`) is read back through `self`',
    grammar: 'python', fn: 'Operations._delete_initial', total: 0.1, peak: 1,
    saysNot: ['AttributeError'],
    source: py(`
      class Operations:
          def __init__(self, client):
              self._client = client

          async def _delete_initial(self, name):
              url = self._delete_initial.metadata["url"].format(name=name)
              return await self._client.delete(url)

          _delete_initial.metadata = {"url": "/workspaces/{name}"}
    `) },
  { name: 'Python: `islice(blocks, 0, max_concurrency)` with a limit a caller passes takes the blocks there are; no false deadlock on an empty `asyncio.wait`',
    grammar: 'python', total: 0.1, peak: 10,
    saysNot: ['never finishes'],
    source: py(`
      from itertools import islice
      async def main(uploader, max_concurrency):
          blocks = uploader.get_blocks()
          running = [asyncio.ensure_future(uploader.upload(b)) for b in islice(blocks, 0, max_concurrency)]
          done, running = await asyncio.wait(running)
          return [d.result() for d in done]
    `) },
  { name: 'Python: `asyncio.wait` of an empty set raises ValueError, as asyncio does, instead of waiting forever', grammar: 'python', total: 0, peak: 0, outcome: 'raised',
    says: ['ValueError'],
    source: py(`
      async def main():
          done, pending = await asyncio.wait([])
    `) },
  { name: 'JavaScript: setting a member of what the simulation has as undefined is not followed, said with its line, and raises nothing',
    grammar: 'tsx', total: 0.1, peak: 1,
    says: ['.throwHttpErrors is set on a value that is undefined in the simulation'],
    linesOf: { '.throwHttpErrors is set': 8 },
    saysNot: ['TypeError'],
    source: js(`
      const state = {};
      function configure(options) {
        state.httpOptions = options;
      }
      async function main(api) {
        state.httpOptions.throwHttpErrors = true;
        await api.request(state.httpOptions);
      }
    `) },
  { name: 'Python: isinstance of a class attribute and its class, whose base is not known (an Enum member), is undecided: the setter that checks it does not raise (distributed\'s `Status`)',
    grammar: 'python', total: 0.1, peak: 1, fn: 'main',
    says: ['isinstance(value, Status)'],
    saysNot: ['TypeError'],
    source: py(`
      from enum import Enum

      class Status(Enum):
          closed = "closed"
          running = "running"

      class Server:
          def __init__(self):
              self._status = Status.closed

          @property
          def status(self):
              return self._status

          @status.setter
          def status(self, value):
              if not isinstance(value, Status):
                  raise TypeError(f"Expected Status; got {value!r}")
              self._status = value

          async def start(self):
              self.status = Status.running
              await asyncio.sleep(0.1)

      async def main():
          server = Server()
          await server.start()
    `) },
];

describe('visualizer simulation: state the function cannot know is unknown', () => runCases(cases));
