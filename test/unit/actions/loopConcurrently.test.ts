import * as assert from 'assert/strict';
import { loopConcurrently } from '../../../src/engine/actions/loopConcurrently';
import { GrammarId } from '../../../src/engine/languages';
import { dedent } from '../rules/ruleTester';
import { refactorAt } from './actionTester';
import { mapWithConcurrencyTyped } from './expectedHelpers';
import { instrumentedPythonFetch, runProgram } from './execution';

async function refactor(grammar: GrammarId, marked: string, maxConcurrency = 16, dependencies: string[] = []): Promise<string | undefined> {
  return (await refactorAt(loopConcurrently, grammar, marked, { maxConcurrency, dependencies })).result;
}

describe('loop-concurrently', () => {
  it('loop_concurrently_python_small_literal_list_gathers_without_a_limit', async () => {
    assert.equal(await refactor('python', `
      import asyncio
      async def main():
          pages = []
          f$0or u in ["a", "b"]:
              pages.append(await fetch(u))
          return pages
    `), dedent(`
      import asyncio
      async def main():
          pages = []
          pages.extend(await asyncio.gather(*[fetch(u) for u in ["a", "b"]]))
          return pages
    `));
  });

  it('loop_concurrently_python_unknown_size_is_bounded_with_a_semaphore', async () => {
    const result = await refactor('python', 'import asyncio\nasync def main(urls):\n    for u in urls:\n        aw$0ait notify(u)\n', 4);
    assert.equal(result, 'import asyncio\nasync def main(urls):\n    semaphore = asyncio.Semaphore(4)\n\n    async def run_limited(awaitable):\n        async with semaphore:\n            return await awaitable\n\n    await asyncio.gather(*[run_limited(notify(u)) for u in urls])\n');
  });

  it('loop_concurrently_typescript_accumulator_with_unknown_size_uses_the_helper', async () => {
    const result = await refactor('typescript', `
      export async function load(ids: string[]) {
        const users: User[] = [];
        for (const id of i$0ds) {
          users.push(await fetchUser(id));
        }
        return users;
      }
    `);
    assert.match(result!, /users\.push\(\.\.\.\(await mapWithConcurrency\(\[\.\.\.ids\], 16, id => fetchUser\(id\)\)\)\);/);
    assert.match(result!, /function mapWithConcurrency/);
  });

  it('loop_concurrently_javascript_small_literal_without_accumulator', async () => {
    assert.equal(await refactor('tsx', "async function warm() {\n  for (const host of ['db', 'cache']) await p$0ing(host);\n}\n"),
      "async function warm() {\n  await Promise.all([...['db', 'cache']].map(host => ping(host)));\n}\n");
  });

  // [name, grammar, before, after, dependencies]: a bounded rewrite whenever the size is unknown, the way the quick fix bounds it.
  const cases: Array<[string, GrammarId, string, string, string[]]> = [
    ['python_selected_loop_with_an_accumulator_and_aliased_asyncio', 'python', `
      import asyncio as aio

      async def main(urls):
          results = []
          $0for u in urls:
              results.append(await fetch(u))$0
          return results
    `, `
      import asyncio as aio

      async def main(urls):
          results = []
          semaphore = aio.Semaphore(16)

          async def run_limited(awaitable):
              async with semaphore:
                  return await awaitable

          results.extend(await aio.gather(*[run_limited(fetch(u)) for u in urls]))
          return results
    `, []],
    ['python_method_with_tabs_over_a_literal_tuple', 'python',
      'import asyncio\n\nclass Cache:\n\tasync def warm(self):\n\t\tfor key in ("users", "orders"):\n\t\t\tawait self.load(key)$0\n',
      'import asyncio\n\nclass Cache:\n\tasync def warm(self):\n\t\tawait asyncio.gather(*[self.load(key) for key in ("users", "orders")])\n', []],
    // `from __future__` must stay first, and the docstring stays the module's.
    ['python_import_goes_after_the_docstring_and_future_imports', 'python', `
      """Warm the caches."""
      from __future__ import annotations

      async def warm() -> None:
          for key in ["users", "orders"]:
              await lo$0ad(key)
    `, `
      """Warm the caches."""
      from __future__ import annotations
      import asyncio

      async def warm() -> None:
          await asyncio.gather(*[load(key) for key in ["users", "orders"]])
    `, []],
    ['typescript_accumulator_bounded_with_p_limit', 'typescript', `
      import { fetchUser } from './api';

      export async function load(ids: string[]) {
        const users = [];
        for (const id of ids) {
          users.push(await fetchUser(id));
        }$0
        return users;
      }
    `, `
      import { fetchUser } from './api';
      import pLimit from 'p-limit';

      export async function load(ids: string[]) {
        const users = [];
        const limit = pLimit(16);
        users.push(...(await Promise.all([...ids].map(id => limit(() => fetchUser(id))))));
        return users;
      }
    `, ['p-limit']],
    ['javascript_let_loop_with_tabs_and_no_semicolons', 'tsx',
      "async function warm() {\n\tf$0or (let host of ['db', 'cache']) {\n\t\tawait ping(host)\n\t}\n}\n",
      "async function warm() {\n\tawait Promise.all([...['db', 'cache']].map(host => ping(host)))\n}\n", []],
    ['javascript_selected_loop_in_commonjs_bounded_with_p_map', 'tsx', `
      const pMap = require('p-map');
      exports.saveAll = async function (rows) {
          $0for (const row of rows) await save(row);$0
      };
    `, `
      const pMap = require('p-map');
      exports.saveAll = async function (rows) {
          await pMap([...rows], row => save(row), { concurrency: 16 });
      };
    `, ['p-map']],
    ['typescript_method_over_a_field_uses_the_helper', 'typescript',
      'export class Store {\n  private ids: string[] = [];\n\n  async refreshAll() {\n    for (const id of this.ids) await this.refresh(id);$0\n  }\n}\n',
      `${mapWithConcurrencyTyped}\nexport class Store {\n  private ids: string[] = [];\n\n  async refreshAll() {\n    await mapWithConcurrency([...this.ids], 16, id => this.refresh(id));\n  }\n}\n`, []],
  ];
  for (const [name, grammar, before, after, dependencies] of cases) {
    it(`loop_concurrently_${name}`, async () => assert.equal(await refactor(grammar, before, 16, dependencies), dedent(after)));
  }

  const notApplicable: Array<[string, GrammarId, string]> = [
    ['two_statements', 'python', 'async def main(urls):\n    for u in urls:\n        r = await fetch(u)\n        pages.append(r)$0\n'],
    ['a_call_using_the_accumulator', 'python', 'async def main(urls):\n    for u in urls:\n        pages.append(await fetch(u, pages))$0\n'],
    ['a_call_using_an_accumulator_named_with_a_dollar', 'typescript', 'async function f(ids: string[], rows$: string[]) {\n  for (const id of ids) rows$.push(await lo$0ad(id, rows$));\n}\n'],
    ['a_for_in_loop', 'typescript', 'async function f(o: object) {\n  for (const k in o) await sa$0ve(k);\n}\n'],
    ['a_break', 'typescript', 'async function f(ids: string[]) {\n  for (const id of ids) { if (await done(id)) break; }$0\n}\n'],
  ];
  for (const [name, grammar, before] of notApplicable) {
    it(`loop_concurrently_not_applicable_to_${name}`, async () => assert.equal(await refactor(grammar, before), undefined));
  }

  it('runs: same results in the same order, and never more than N at once', async () => {
    const program = `${instrumentedPythonFetch}    return i * 3


async def main(ids):
    results = []
    for i in ids:
        results.append(await fetch(i))$0
    return results


print(asyncio.run(main(list(range(25)))), "peak", peak)
`;
    const after = await refactor('python', program, 5);
    assert.ok(after);
    const run = (source: string) => runProgram('python3', source).join('\n');
    const before = run(program.replace('$0', ''));
    const concurrent = run(after);
    assert.equal(concurrent.replace(/peak \d+$/, ''), before.replace(/peak \d+$/, ''));
    assert.match(before, /peak 1$/);
    assert.match(concurrent, /peak 5$/);
  });
});
