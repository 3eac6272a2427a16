import * as assert from 'assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { applyEdits } from '../../../src/engine/actions/action';
import { processInBatches } from '../../../src/engine/actions/processInBatches';
import { analyze } from '../../../src/engine/analyze';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { checkNotApplicable, proposalAt } from './actionTester';

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
    assert.deepEqual(analyze({ tree, text: fixed, family: 'javascript' }), []);
    tree.delete();
  });

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
    const run = (program: string) => {
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'async-patterns-batches-')), 'program.js');
      fs.writeFileSync(file, program);
      return execFileSync(process.execPath, [file], { encoding: 'utf8' }).trim().split('\n');
    };
    const before = run(text);
    const after = run(applyEdits(text, proposal!.edits));
    assert.deepEqual(after.slice(0, 2), before.slice(0, 2));
    assert.equal(before[2], 'peak 27');
    assert.equal(after[2], 'peak 4');
  });
});
