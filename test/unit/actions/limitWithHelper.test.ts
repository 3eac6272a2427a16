import * as assert from 'assert/strict';
import { execFileSync } from 'child_process';
import * as path from 'path';
import { quickFixesFor } from '../../../src/engine/actions';
import { applyEdits, FileKind } from '../../../src/engine/actions/action';
import { limitWithHelper } from '../../../src/engine/actions/limitWithHelper';
import { analyze } from '../../../src/engine/analyze';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { checkAction, checkNotApplicable, proposalAt } from './actionTester';
import { runProgram, withScratchFile } from './execution';
import { indentedWith, mapSettledWithConcurrencyTyped, mapWithConcurrencyPlain, mapWithConcurrencyTyped, withoutSemicolons } from './expectedHelpers';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const grammars = new GrammarLoader(packageWasmLocator());

async function fixed(grammar: 'typescript' | 'tsx', before: string, limit = 16, kind: FileKind = {}): Promise<string> {
  const { text, proposal } = await proposalAt(limitWithHelper, grammar, before, { maxConcurrency: limit, ...kind });
  assert.ok(proposal);
  return applyEdits(text, proposal.edits);
}


describe('limit-with-helper', () => {
  it('limit_with_helper_replaces_the_call_and_inserts_the_helper_after_the_imports', async () => {
    const result = await fixed('typescript', `
      import { fetchUser } from './api';

      export async function loadUsers(ids: string[]) {
        return $0Promise.all(ids.map(fetchUser));
      }
    `);
    assert.match(result, /^import \{ fetchUser \} from '\.\/api';\n\n\/\*\* Like Promise\.all\(items\.map\(fn\)\)/);
    assert.match(result, /return mapWithConcurrency\(ids, 16, fetchUser\);/);
    assert.match(result, /function mapWithConcurrency<T, R>\(items: Iterable<T>, limit: number/);
  });

  it('limit_with_helper_uses_the_settled_variant_for_allSettled', async () => {
    const result = await fixed('typescript', 'export async function f(ids: string[]) {\n  return $0Promise.allSettled(ids.map(id => save(id)));\n}\n');
    assert.match(result, /return mapSettledWithConcurrency\(ids, 16, id => save\(id\)\);/);
    assert.match(result, /status: 'fulfilled' as const/);
  });

  it('limit_with_helper_reuses_a_helper_already_in_the_file', async () => {
    const once = await fixed('typescript', 'export async function a(ids: string[]) {\n  return $0Promise.all(ids.map(f));\n}\nexport async function b(ids: string[]) {\n  return Promise.all(ids.map(g));\n}\n');
    const marked = once.replace('return Promise.all(ids.map(g))', 'return $0Promise.all(ids.map(g))');
    const twice = await fixed('typescript', marked);
    assert.equal(twice.match(/function mapWithConcurrency/g)?.length, 1);
    assert.match(twice, /return mapWithConcurrency\(ids, 16, g\);/);
  });

  it('limit_with_helper_writes_plain_javascript_without_semicolons_in_a_file_without_them', async () => {
    const result = await fixed('tsx', "const { fetchUser } = require('./api')\n\nexports.load = async ids => {\n  return $0Promise.all(ids.map(fetchUser))\n}\n");
    assert.doesNotMatch(result, /: Iterable|<T, R>|as const/);
    assert.doesNotMatch(result.split('exports.load')[0].replace(/for \(let i = 0; i < [^)]*\)/, ''), /;\n/);
  });

  // [name, grammar, before, after]: the whole fixed file, helper included, in each file's own style.
  const cases: Array<[string, 'typescript' | 'tsx', string, string]> = [
    ['typescript_helper_between_the_imports_and_the_code', 'typescript',
      "import { fetchUser } from './api';\n\nexport async function loadUsers(ids: string[]) {\n  return $0Promise.all(ids.map(fetchUser));\n}\n",
      `import { fetchUser } from './api';\n\n${mapWithConcurrencyTyped}\nexport async function loadUsers(ids: string[]) {\n  return mapWithConcurrency(ids, 16, fetchUser);\n}\n`],
    ['typescript_allSettled_at_the_top_of_a_file_without_imports', 'typescript',
      'export async function saveAll(rows: Row[]) {\n  const outcomes = await $0Promise.allSettled(rows.map(row => save(row)));\n  return outcomes;\n}\n',
      `${mapSettledWithConcurrencyTyped}\nexport async function saveAll(rows: Row[]) {\n  const outcomes = await mapSettledWithConcurrency(rows, 16, row => save(row));\n  return outcomes;\n}\n`],
    ['javascript_commonjs_without_semicolons', 'tsx',
      "const { fetchUser } = require('./api')\n\nexports.load = async ids => {\n  return $0Promise.all(ids.map(fetchUser))\n}\n",
      `const { fetchUser } = require('./api')\n\n${withoutSemicolons(mapWithConcurrencyPlain)}\nexports.load = async ids => {\n  return mapWithConcurrency(ids, 16, fetchUser)\n}\n`],
    ['javascript_use_strict_and_a_require_with_four_spaces', 'tsx',
      "'use strict';\nconst api = require('./api');\nmodule.exports = async function loadAll(ids) {\n    return $0Promise.all(ids.map(api.fetchUser));\n};\n",
      `'use strict';\nconst api = require('./api');\n\n${indentedWith('    ', mapWithConcurrencyPlain)}\nmodule.exports = async function loadAll(ids) {\n    return mapWithConcurrency(ids, 16, api.fetchUser);\n};\n`],
    ['typescript_class_method_indented_with_tabs', 'typescript',
      "import { Api } from './api';\n\nexport class Loader {\n\tconstructor(private api: Api) {}\n\n\tasync load(ids: string[]) {\n\t\treturn $0Promise.all(ids.map(id => this.api.fetch(id)));\n\t}\n}\n",
      `import { Api } from './api';\n\n${indentedWith('\t', mapWithConcurrencyTyped)}\nexport class Loader {\n\tconstructor(private api: Api) {}\n\n\tasync load(ids: string[]) {\n\t\treturn mapWithConcurrency(ids, 16, id => this.api.fetch(id));\n\t}\n}\n`],
    ['typescript_reuses_the_helper_already_in_the_file', 'typescript',
      `${mapWithConcurrencyTyped}\nexport async function f(ids: string[]) {\n  return $0Promise.all(ids.map(async id => (await fetchUser(id)).name));\n}\n`,
      `${mapWithConcurrencyTyped}\nexport async function f(ids: string[]) {\n  return mapWithConcurrency(ids, 16, async id => (await fetchUser(id)).name);\n}\n`],
  ];
  for (const [name, grammar, before, after] of cases) {
    it(`limit_with_helper_${name}`, async () => {
      const result = await checkAction(limitWithHelper, grammar, before, after);
      // The limit written, behind the inserted helper, is the one the editor leaves selected.
      const { proposal } = await proposalAt(limitWithHelper, grammar, before);
      assert.equal(result.slice(proposal!.limit!.startIndex, proposal!.limit!.endIndex), '16');
    });
  }

  // Typed or not by what the file is (its name or language), never by its text: a `.js` file whose comment reads like
  // a type annotation gets the plain helper; a `.tsx` file without a type in it gets the typed one.
  it('limit_with_helper_writes_the_plain_helper_into_a_js_file_whose_text_looks_typed', async () => {
    const result = await fixed('tsx', "// ids: string[] from the request\nexports.load = async ids => {\n  return $0Promise.all(ids.map(fetchUser));\n};\n", 16, { typescript: false });
    assert.match(result, /function mapWithConcurrency\(items, limit, fn\) \{/);
    withScratchFile('fixed.js', result, file => execFileSync(process.execPath, ['--check', file]));
  });

  it('limit_with_helper_writes_the_typed_helper_into_a_tsx_file_without_types', async () => {
    const result = await fixed('tsx', 'export const load = async ids => {\n  return $0Promise.all(ids.map(fetchUser));\n};\n', 16, { typescript: true });
    assert.match(result, /function mapWithConcurrency<T, R>\(items: Iterable<T>/);
  });

  // Where the promises start: Array.from, and a variable of the function whose only use is the fan-out.
  const wherePromisesStart: Array<[string, string, string]> = [
    ['array_from_a_length',
      'export async function pages(count: number) {\n  return $0Promise.all(Array.from({ length: count }, (_, i) => fetchPage(i)));\n}\n',
      `${mapWithConcurrencyTyped}\nexport async function pages(count: number) {\n  return mapWithConcurrency(Array.from({ length: count }), 16, (_, i) => fetchPage(i));\n}\n`],
    ['array_from_an_iterable',
      'export async function load(ids: Set<string>) {\n  return $0Promise.all(Array.from(ids, id => fetchUser(id)));\n}\n',
      `${mapWithConcurrencyTyped}\nexport async function load(ids: Set<string>) {\n  return mapWithConcurrency(ids, 16, id => fetchUser(id));\n}\n`],
    ['a_variable_awaited_later_becomes_the_promise_of_all_results',
      'export async function upload(files: string[]) {\n  const uploads = files.map(read);\n  log(files.length);\n  await $0Promise.all(uploads);\n}\n',
      `${mapWithConcurrencyTyped}\nexport async function upload(files: string[]) {\n  const uploads = mapWithConcurrency(files, 16, read);\n  log(files.length);\n  await uploads;\n}\n`],
    ['a_variable_of_settled_promises',
      'export async function upload(files: string[]) {\n  const uploads = files.map(read);\n  return $0Promise.allSettled(uploads);\n}\n',
      `${mapSettledWithConcurrencyTyped}\nexport async function upload(files: string[]) {\n  const uploads = mapSettledWithConcurrency(files, 16, read);\n  return uploads;\n}\n`],
  ];
  for (const [name, before, after] of wherePromisesStart) {
    it(`limit_with_helper_${name}`, () => checkAction(limitWithHelper, 'typescript', before, after));
  }

  it('limit_with_helper_not_offered_for_a_variable_used_elsewhere_and_says_why', async () => {
    const before = 'export async function upload(files: string[]) {\n  const uploads = files.map(read);\n  await $0Promise.all(uploads);\n  return uploads.length;\n}\n';
    await checkNotApplicable(limitWithHelper, 'typescript', before);
    const tree = (await grammars.parserFor('typescript')).parse(before.replace('$0', ''))!;
    const text = before.replace('$0', '');
    const finding = analyze({ options: { level: 'strict' }, tree, text, family: 'javascript' })[0];
    const proposals = quickFixesFor({ tree, text, family: 'javascript', grammar: 'typescript', finding, maxConcurrency: 16 });
    tree.delete();
    assert.deepEqual(proposals.map(p => p.id), ['no-automatic-fix', 'suppress-on-line']);
    assert.match(proposals[0].disabledReason!, /`uploads` is also used elsewhere as an array of promises/);
  });

  // Two helpers inserted after the imports, one fix after the other: the second goes above the first one's doc
  // comment, not between the comment and its function.
  it('limit_with_helper_keeps_each_doc_comment_on_its_helper_when_a_second_helper_is_inserted', async () => {
    const once = await fixed('typescript', "import { fetchUser } from './api';\n\nexport async function a(ids: string[]) {\n  return $0Promise.all(ids.map(fetchUser));\n}\nexport async function b(ids: string[]) {\n  return Promise.allSettled(ids.map(fetchUser));\n}\n");
    const twice = await fixed('typescript', once.replace('return Promise.allSettled', 'return $0Promise.allSettled'));
    assert.equal(twice, `import { fetchUser } from './api';\n\n${mapSettledWithConcurrencyTyped}\n${mapWithConcurrencyTyped}\nexport async function a(ids: string[]) {\n  return mapWithConcurrency(ids, 16, fetchUser);\n}\nexport async function b(ids: string[]) {\n  return mapSettledWithConcurrency(ids, 16, fetchUser);\n}\n`);
  });

  // Helper names by scope: a `mapWithConcurrency` the file imports is not ours (ours is numbered); one local to
  // another function does not number ours.
  it('limit_with_helper_numbers_its_helper_when_the_file_imports_that_name', async () => {
    const result = await fixed('typescript', "import { mapWithConcurrency } from './pool';\nexport async function f(ids: string[]) {\n  await mapWithConcurrency(ids, 2, warm);\n  return $0Promise.all(ids.map(fetchUser));\n}\n");
    assert.match(result, /^import \{ mapWithConcurrency \} from '\.\/pool';\n\n\/\*\* Like Promise\.all[^\n]*\nfunction mapWithConcurrency2<T, R>/);
    assert.match(result, /return mapWithConcurrency2\(ids, 16, fetchUser\);/);
  });

  it('limit_with_helper_keeps_the_plain_name_when_only_another_function_has_a_local_of_it', async () => {
    const result = await fixed('typescript', 'export function other() {\n  const mapWithConcurrency = 1;\n  return mapWithConcurrency;\n}\nexport async function f(ids: string[]) {\n  return $0Promise.all(ids.map(fetchUser));\n}\n');
    assert.match(result, /return mapWithConcurrency\(ids, 16, fetchUser\);/);
    assert.match(result, /^\/\*\* Like Promise\.all[^\n]*\nfunction mapWithConcurrency<T, R>/);
  });

  it('runs over Array.from and a variable awaited later: same results, never more than N at once', async () => {
    const program = (body: string) => `let inFlight = 0;
let peak = 0;
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
async function work(i) { inFlight++; peak = Math.max(peak, inFlight); await sleep(5); inFlight--; return i * i; }
async function run() {
${body}
}
run().then(result => console.log(JSON.stringify(result), 'peak', peak));
`;
    for (const body of [
      '  return $0Promise.all(Array.from({ length: 20 }, (_, i) => work(i)));',
      '  const squares = Array.from({ length: 20 }, (_, i) => i).map(work);\n  const all = await $0Promise.all(squares);\n  return all;',
    ]) {
      const { text, proposal } = await proposalAt(limitWithHelper, 'tsx', program(body), { maxConcurrency: 3, typescript: false });
      const run = (source: string) => runProgram('node', source).join('\n');
      const squares = JSON.stringify(Array.from({ length: 20 }, (_, i) => i * i));
      assert.equal(run(text), `${squares} peak 20`);
      assert.equal(run(applyEdits(text, proposal!.edits)), `${squares} peak 3`);
    }
  });

  const notApplicable: Array<[string, string]> = [
    ['Promise.race', 'export async function f(ids: string[]) { return $0Promise.race(ids.map(fetchUser)); }'],
    ['Promise.any', 'export async function f(ids: string[]) { return $0Promise.any(ids.map(fetchUser)); }'],
    ['a loop that pushes promises', 'export async function f(ids: string[]) { const ps = []; for (const id of ids) ps.push(fetchUser(id)); return $0Promise.all(ps); }'],
    ['map with a thisArg', 'export async function f(ids: string[]) { return $0Promise.all(ids.map(this.fetch, this)); }'],
  ];
  for (const [name, before] of notApplicable) {
    it(`limit_with_helper_not_applicable_to_${name.replace(/\W+/g, '_')}`, () => checkNotApplicable(limitWithHelper, 'typescript', before));
  }

  it('the inserted helper is not itself an unbounded fan-out', async () => {
    const result = await fixed('typescript', 'export async function f(ids: string[]) {\n  return $0Promise.all(ids.map(fetchUser));\n}\n');
    const tree = (await grammars.parserFor('typescript')).parse(result)!;
    assert.deepEqual(analyze({ options: { level: 'strict' }, tree, text: result, family: 'javascript' }), []);
    tree.delete();
  });

  it('runs: same results in the same order, the same first rejection, never more than N at once', async () => {
    const program = (call: string) => `let inFlight = 0;
let peak = 0;
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
async function work(i) {
  inFlight++;
  peak = Math.max(peak, inFlight);
  await sleep(5 + (i % 3));
  inFlight--;
  if (i === 17) throw new Error('bad ' + i);
  return i * i;
}
async function all(ids) {
  return ${call};
}
async function settled(ids) {
  return Promise.allSettled(ids.map(work));
}
(async () => {
  const ids = Array.from({ length: 30 }, (_, i) => i);
  console.log(JSON.stringify(await all(ids.filter(i => i !== 17))));
  try { await all(ids); } catch (error) { console.log('rejected', error.message); }
  console.log('peak', peak);
})();
`;
    const { text, proposal } = await proposalAt(limitWithHelper, 'tsx', program('$0Promise.all(ids.map(work))'), 4);
    const after = applyEdits(text, proposal!.edits);
    const run = (source: string) => runProgram('node', source);
    const before = run(text);
    const limited = run(after);
    assert.deepEqual(limited.slice(0, 2), before.slice(0, 2));
    assert.equal(before[2], 'peak 30');
    assert.equal(limited[2], 'peak 4');
  });

  it('the typed helpers compile with tsc --strict', async () => {
    const all = await fixed('typescript', 'declare function fetchUser(id: string): Promise<{ id: string }>;\nexport async function f(ids: string[]) {\n  return $0Promise.all(ids.map(fetchUser));\n}\n');
    const settledSource = await fixed('typescript', 'declare function save(id: string): Promise<void>;\nexport async function g(ids: string[]) {\n  return $0Promise.allSettled(ids.map(save));\n}\n');
    for (const source of [all, settledSource]) {
      const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
      // Run from the file's own folder, so the repository's @types are not pulled in: only the file is checked.
      withScratchFile('fixed.ts', source, file => execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--target', 'ES2022', '--lib', 'ES2022', file], { encoding: 'utf8', cwd: path.dirname(file) }));
    }
  });
});
