/** Before/after tables for the fixes whose own files test mostly behaviour: p-map and batches, in each module style. */
import * as assert from 'assert/strict';
import { applyEdits, QuickFixProvider } from '../../../src/engine/actions/action';
import { limitWithPMap } from '../../../src/engine/actions/limitWithPMap';
import { processInBatches } from '../../../src/engine/actions/processInBatches';
import { analyze } from '../../../src/engine/analyze';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { GrammarId } from '../../../src/engine/languages';
import { dedent } from '../rules/ruleTester';
import { assertObeysOurRules } from './actionTester';

const grammars = new GrammarLoader(packageWasmLocator());

async function fixed(provider: QuickFixProvider, grammar: GrammarId, marked: string, dependencies: string[] = []): Promise<string | undefined> {
  const source = dedent(marked);
  const cursor = source.indexOf('$0');
  const text = source.replace('$0', '');
  const tree = (await grammars.parserFor(grammar)).parse(text)!;
  try {
    const lines = text.split('\n');
    const finding = analyze({ tree, text, family: 'javascript' })
      .find(f => lines.slice(0, f.range.start.line).reduce((n, l) => n + l.length + 1, 0) + f.range.start.column === cursor);
    assert.ok(finding, 'a finding at $0');
    const proposal = provider.provide({ tree, text, family: 'javascript', grammar, finding, maxConcurrency: 6, dependencies: new Set(dependencies) });
    const result = proposal && applyEdits(text, proposal.edits);
    if (result !== undefined) await assertObeysOurRules(grammar, text, result, finding);
    return result;
  } finally {
    tree.delete();
  }
}

describe('limit-with-p-map before/after', () => {
  const cases: Array<[string, GrammarId, string, string]> = [
    ['adds_an_esm_import_after_the_others', 'typescript',
      "import { fetchUser } from './api';\nexport async function f(ids: string[]) {\n  return $0Promise.all(ids.map(fetchUser));\n}\n",
      "import { fetchUser } from './api';\nimport pMap from 'p-map';\nexport async function f(ids: string[]) {\n  return pMap(ids, fetchUser, { concurrency: 6 });\n}\n"],
    ['reuses_an_import_under_another_name', 'typescript',
      "import mapLimited from 'p-map';\nexport async function f(ids: string[]) {\n  return $0Promise.all(ids.map(fetchUser));\n}\n",
      "import mapLimited from 'p-map';\nexport async function f(ids: string[]) {\n  return mapLimited(ids, fetchUser, { concurrency: 6 });\n}\n"],
    ['reuses_a_require_in_commonjs', 'tsx',
      "const { fetchUser } = require('./api');\nconst pMap = require('p-map');\nexports.f = async ids => $0Promise.all(ids.map(fetchUser));\n",
      "const { fetchUser } = require('./api');\nconst pMap = require('p-map');\nexports.f = async ids => pMap(ids, fetchUser, { concurrency: 6 });\n"],
    ['keeps_an_arrow_callback', 'typescript',
      "import pMap from 'p-map';\nexport async function f(ids: string[]) {\n  return $0Promise.all(ids.map(async id => (await fetchUser(id)).name));\n}\n",
      "import pMap from 'p-map';\nexport async function f(ids: string[]) {\n  return pMap(ids, async id => (await fetchUser(id)).name, { concurrency: 6 });\n}\n"],
    ['keeps_double_quotes', 'typescript',
      'import { fetchUser } from "./api";\nexport async function f(ids: string[]) {\n  return $0Promise.all(ids.map(fetchUser));\n}\n',
      'import { fetchUser } from "./api";\nimport pMap from "p-map";\nexport async function f(ids: string[]) {\n  return pMap(ids, fetchUser, { concurrency: 6 });\n}\n'],
    ['adds_an_import_without_a_semicolon_in_a_file_without_them', 'tsx',
      "import { fetchUser } from './api'\n\nexport async function f(ids) {\n\treturn $0Promise.all(ids.map(fetchUser))\n}\n",
      "import { fetchUser } from './api'\nimport pMap from 'p-map'\n\nexport async function f(ids) {\n\treturn pMap(ids, fetchUser, { concurrency: 6 })\n}\n"],
    ['keeps_this_in_a_class_method_callback', 'typescript',
      "import pMap from 'p-map';\n\nexport class Loader {\n    async load(ids: string[]) {\n        return $0Promise.all(ids.map(id => this.fetch(id)));\n    }\n}\n",
      "import pMap from 'p-map';\n\nexport class Loader {\n    async load(ids: string[]) {\n        return pMap(ids, id => this.fetch(id), { concurrency: 6 });\n    }\n}\n"],
  ];
  for (const [name, grammar, before, after] of cases) {
    it(`limit_with_p_map_${name}`, async () => assert.equal(await fixed(limitWithPMap, grammar, before, ['p-map']), after));
  }
  // p-map 5+ is ESM-only: a CommonJS file that does not require it already gets the helper fix instead.
  it('limit_with_p_map_not_applicable_in_commonjs_without_its_require', async () =>
    assert.equal(await fixed(limitWithPMap, 'tsx', "const { fetchUser } = require('./api');\nexports.f = async ids => $0Promise.all(ids.map(fetchUser));\n", ['p-map']), undefined));
  it('limit_with_p_map_not_applicable_to_allSettled', async () =>
    assert.equal(await fixed(limitWithPMap, 'typescript', 'export async function f(ids: string[]) {\n  return $0Promise.allSettled(ids.map(save));\n}\n', ['p-map']), undefined));
});

describe('process-in-batches before/after', () => {
  const cases: Array<[string, GrammarId, string, RegExp[]]> = [
    ['typed_helper_in_typescript', 'typescript', 'export async function f(ids: string[]) {\n  return $0Promise.all(ids.map(fetchUser));\n}\n',
      [/^\n?\/\*\* Like Promise\.all/, /async function mapInBatches<T, R>\(items: Iterable<T>, size: number/, /return mapInBatches\(ids, 6, fetchUser\);/]],
    ['plain_helper_without_semicolons_in_javascript', 'tsx', 'exports.f = async ids => {\n  return $0Promise.all(ids.map(fetchUser))\n}\n',
      [/async function mapInBatches\(items, size, fn\) \{/, /return mapInBatches\(ids, 6, fetchUser\)\n/, /^(?![\s\S]*: Iterable)/]],
    ['helper_after_the_imports', 'typescript', "import { fetchUser } from './api';\n\nexport async function f(ids: string[]) {\n  return $0Promise.all(ids.map(fetchUser));\n}\n",
      [/^import \{ fetchUser \} from '\.\/api';\n\n\/\*\* Like Promise\.all/]],
    ['keeps_an_arrow_callback', 'typescript', 'export async function f(ids: string[]) {\n  return $0Promise.all(ids.map(id => save(id, true)));\n}\n',
      [/return mapInBatches\(ids, 6, id => save\(id, true\)\);/]],
    ['passes_the_index_like_map_does', 'typescript', 'export async function f(ids: string[]) {\n  return $0Promise.all(ids.map(fetchUser));\n}\n',
      [/fn\(item, start \+ offset\)/]],
  ];
  for (const [name, grammar, before, expectations] of cases) {
    it(`process_in_batches_${name}`, async () => {
      const result = await fixed(processInBatches, grammar, before);
      assert.ok(result);
      for (const expectation of expectations) assert.match(result, expectation);
    });
  }
});
