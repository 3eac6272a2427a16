/**
 * Property keys in JavaScript: what a computed key names. Shapes from the real-world corpus
 * (`scripts/simulate-corpus.js`): a class keeping its state under module symbols (lerna's `Package`, with `[PKG]`,
 * `[_location]`, `[_scripts]`) lost it when the next symbol-keyed field was set, and a command that read it raised on
 * its straight path ("0 s").
 */
import { js, runCases, SimulationCase } from './simulationCases';

const cases: SimulationCase[] = [
  { name: 'JavaScript: two symbols are two keys: `this[_scripts] = …` does not overwrite `this[PKG]`',
    grammar: 'tsx', total: 0.1, peak: 1,
    saysNot: ['no workspaces'],
    source: js(`
      const PKG = Symbol("pkg");
      const _location = Symbol("location");
      const _scripts = Symbol("scripts");
      class Package {
        [PKG];
        [_location];
        [_scripts];
        constructor(pkg, location) {
          this[PKG] = pkg;
          this[_location] = location;
          this[_scripts] = { ...pkg.scripts };
        }
        get(key) {
          return this[PKG][key];
        }
      }
      async function main(api) {
        const manifest = new Package({ name: "root", workspaces: ["packages/*"], scripts: {} }, "/repo");
        const workspaces = manifest.get("workspaces");
        if (!workspaces) throw new Error("no workspaces");
        await api.save(workspaces);
      }
    `) },
  { name: 'JavaScript: an object literal with symbol keys keeps each under its own symbol',
    grammar: 'tsx', total: 0.3, peak: 1,
    source: js(`
      const fast = Symbol("fast");
      const slow = Symbol("slow");
      const delays = { [fast]: 100, [slow]: 200 };
      async function main() {
        await sleep(delays[fast]);
        await sleep(delays[slow]);
      }
    `) },
];

describe('visualizer simulation: property keys', () => runCases(cases));
