import * as assert from 'assert/strict';
import { applyEdits } from '../../../src/engine/actions/action';
import { processInBatches } from '../../../src/engine/actions/processInBatches';
import { analyze } from '../../../src/engine/analyze';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { GrammarId } from '../../../src/engine/languages';
import { checkAction, checkNotApplicable, proposalAt } from './actionTester';
import { runProgram } from './execution';
import { indentedWith, mapInBatchesPlain, mapInBatchesTyped, withoutSemicolons } from './expectedHelpers';

const grammars = new GrammarLoader(packageWasmLocator());

describe('process-in-batches', () => {
  it('process_in_batches_replaces_the_call_and_inserts_the_helper_once', async () => {
    const { text, proposal } = await proposalAt(processInBatches, 'typescript', 'export async function f(ids: string[]) {\n  return $0Promise.all(ids.map(fetchUser));\n}\n', 5);
    const once = applyEdits(text, proposal!.edits);
    assert.match(once, /return mapInBatches\(ids, 5, fetchUser\);/);
    assert.match(once, /async function mapInBatches<T, R>\(items: Iterable<T>, size: number/);
    const again = await proposalAt(processInBatches, 'typescript', `${once}export async function g(ids: string[]) {\n  return $0Promise.all(ids.map(saveUser));\n}\n`);
    assert.equal(applyEdits(again.text, again.proposal!.edits).match(/function mapInBatches/g)?.length, 1);
  });

  it('the helper carries a justified suppression, so the fixed file is clean', async () => {
    const { text, proposal } = await proposalAt(processInBatches, 'typescript', 'export async function f(ids: string[]) {\n  return $0Promise.all(ids.map(fetchUser));\n}\n');
    const fixed = applyEdits(text, proposal!.edits);
    const tree = (await grammars.parserFor('typescript')).parse(fixed)!;
    assert.deepEqual(analyze({ options: { level: 'strict' }, tree, text: fixed, family: 'javascript' }), []);
    tree.delete();
  });

  // [name, grammar, before, after]: the whole file, helper included (a batch of 5).
  const cases: Array<[string, GrammarId, string, string]> = [
    ['typescript_helper_between_the_imports_and_the_code', 'typescript',
      "import { fetchUser } from './api';\n\nexport async function f(ids: string[]) {\n  return $0Promise.all(ids.map(fetchUser));\n}\n",
      `import { fetchUser } from './api';\n\n${mapInBatchesTyped}\nexport async function f(ids: string[]) {\n  return mapInBatches(ids, 5, fetchUser);\n}\n`],
    ['javascript_commonjs_without_semicolons', 'tsx',
      "const { fetchUser } = require('./api')\nexports.load = async ids => {\n  return $0Promise.all(ids.map(id => fetchUser(id)))\n}\n",
      `const { fetchUser } = require('./api')\n\n${withoutSemicolons(mapInBatchesPlain)}\nexports.load = async ids => {\n  return mapInBatches(ids, 5, id => fetchUser(id))\n}\n`],
    ['typescript_class_method_with_tabs_at_the_top_of_the_file', 'typescript',
      'export class Loader {\n\tasync load(ids: string[]) {\n\t\tconst users = await $0Promise.all(ids.map(id => this.fetch(id)));\n\t\treturn users;\n\t}\n}\n',
      `${indentedWith('\t', mapInBatchesTyped)}\nexport class Loader {\n\tasync load(ids: string[]) {\n\t\tconst users = await mapInBatches(ids, 5, id => this.fetch(id));\n\t\treturn users;\n\t}\n}\n`],
    ['javascript_use_strict_with_four_spaces_and_double_quotes', 'tsx',
      '"use strict";\nconst api = require("./api");\n\nmodule.exports = async function saveAll(rows) {\n    await $0Promise.all(rows.map(async row => { await api.save(row, "full"); }));\n};\n',
      `"use strict";\nconst api = require("./api");\n\n${indentedWith('    ', mapInBatchesPlain)}\nmodule.exports = async function saveAll(rows) {\n    await mapInBatches(rows, 5, async row => { await api.save(row, "full"); });\n};\n`],
    ['typescript_reuses_the_helper_already_in_the_file', 'typescript',
      `${mapInBatchesTyped}\nexport async function g(ids: string[]) {\n  return $0Promise.all(ids.map(saveUser));\n}\n`,
      `${mapInBatchesTyped}\nexport async function g(ids: string[]) {\n  return mapInBatches(ids, 5, saveUser);\n}\n`],
  ];
  for (const [name, grammar, before, after] of cases) {
    it(`process_in_batches_exact_${name}`, async () => {
      const result = await checkAction(processInBatches, grammar, before, after, 5);
      // The batch size written, behind the inserted helper, is the one the editor leaves selected.
      const { proposal } = await proposalAt(processInBatches, grammar, before, 5);
      assert.equal(result.slice(proposal!.limit!.startIndex, proposal!.limit!.endIndex), '5');
    });
  }

  it('process_in_batches_not_applicable_to_allSettled', () =>
    checkNotApplicable(processInBatches, 'typescript', 'export async function f(ids: string[]) {\n  return $0Promise.allSettled(ids.map(fetchUser));\n}\n'));

  it('runs: same results in order, same first rejection, never more than N at once', async () => {
    const source = `let inFlight = 0;
let peak = 0;
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
async function work(i) {
  inFlight++;
  peak = Math.max(peak, inFlight);
  await sleep(3 + (i % 4));
  inFlight--;
  if (i === 13) throw new Error('bad ' + i);
  return i + 100;
}
async function all(ids) {
  return $0Promise.all(ids.map(work));
}
(async () => {
  const ids = Array.from({ length: 27 }, (_, i) => i);
  console.log(JSON.stringify(await all(ids.filter(i => i !== 13))));
  try { await all(ids); } catch (error) { console.log('rejected', error.message); }
  console.log('peak', peak);
})();
`;
    const { text, proposal } = await proposalAt(processInBatches, 'tsx', source, 4);
    const run = (program: string) => runProgram('node', program);
    const before = run(text);
    const after = run(applyEdits(text, proposal!.edits));
    assert.deepEqual(after.slice(0, 2), before.slice(0, 2));
    assert.equal(before[2], 'peak 27');
    assert.equal(after[2], 'peak 4');
  });
});
