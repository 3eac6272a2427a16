/**
 * Issue 13's bar for code the visualizer was not written for: every async function of examples/ and of real files
 * (test/realworld/files.json: files of the pinned corpus, read from its cache) whose straight path awaits something is predicted as taking time, and
 * none is said to be deadlocked: conditions the code does not decide take the path a user expects, and a wait that
 * unknown code may release is assumed released.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { LocalFunctions, straightPathAwaits } from '../../../src/engine/concurrency/straightPath';
import { asyncFunctionsIn, buildModel, visualize } from '../../../src/engine/concurrency/visualize';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { familyOf, grammarForFileName } from '../../../src/engine/languages';
import { realworldFiles } from '../../realworld/files';

const grammars = new GrammarLoader(packageWasmLocator());
const root = path.resolve(__dirname, '..', '..', '..', '..');
const examples = path.join(root, 'examples');
const files = [
  ...fs.readdirSync(examples).filter(file => grammarForFileName(file) !== undefined).sort().map(name => ({ label: `examples/${name}`, absolute: path.join(examples, name) })),
  ...realworldFiles().map(file => ({ label: `realworld/${file.name}`, absolute: file.absolute })),
];

interface Verdict { fn: string; awaits: boolean; total: number; outcome: string }

async function verdictsOf(file: string): Promise<Verdict[]> {
  const grammar = grammarForFileName(file)!;
  const text = fs.readFileSync(file, 'utf8');
  const tree = (await grammars.parserFor(grammar)).parse(text)!;
  try {
    const input = { tree, text, family: familyOf(grammar) };
    const model = buildModel(input);
    const functions = new LocalFunctions(model);
    return asyncFunctionsIn(input).map(info => {
      const fn = model.functions.find(f => f.startIndex === info.startIndex)!;
      // The step budget bounds each simulation; no real-time budget, so a loaded machine changes nothing.
      const result = visualize(input, { offset: info.startIndex }, { maxMilliseconds: Infinity });
      assert.equal(result.kind, 'timeline', `${fn.qualifiedName}: ${result.kind === 'error' ? result.message : ''}`);
      const timeline = (result as Extract<typeof result, { kind: 'timeline' }>).timeline;
      return { fn: `${fn.qualifiedName} (line ${info.line})`, awaits: straightPathAwaits(fn.body, { functions, caller: fn }), total: timeline.totalTime, outcome: timeline.outcome };
    });
  } finally {
    tree.delete();
  }
}

describe('straight paths of examples and real files take time', function () {
  this.timeout(120000);
  for (const { label, absolute } of files) {
    it(`${label}: no async function that awaits is predicted as 0 s or deadlocked`, async () => {
      const verdicts = await verdictsOf(absolute);
      assert.ok(verdicts.length > 0, 'the file has async functions');
      assert.deepEqual(verdicts.filter(v => v.awaits && v.total === 0).map(v => v.fn), [], 'predicted as 0 s');
      assert.deepEqual(verdicts.filter(v => v.outcome === 'deadlocked').map(v => v.fn), [], 'said to be deadlocked');
    });
  }
});
