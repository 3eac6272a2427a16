import * as assert from 'assert/strict';
import { awaitTogether } from '../../../src/engine/actions/awaitTogether';
import { limitConcurrency } from '../../../src/engine/actions/limitConcurrency';
import { RefactoringProvider } from '../../../src/engine/actions/refactoring';
import { GrammarId } from '../../../src/engine/languages';
import { dedent } from '../rules/ruleTester';
import { refactorAt } from './actionTester';
import { runProgram } from './execution';
import { mapWithConcurrencyPlain, mapWithConcurrencyTyped, withoutSemicolons } from './expectedHelpers';

/** Applies the refactoring at the `$0` cursor (or the `$0...$0` selection); undefined when it is not offered. */
async function refactor(provider: RefactoringProvider, grammar: GrammarId, marked: string, dependencies: string[] = []): Promise<string | undefined> {
  return (await refactorAt(provider, grammar, marked, { maxConcurrency: 8, dependencies })).result;
}

describe('refactorings', () => {
  describe('await-together', () => {
    const cases: Array<[string, GrammarId, string, string]> = [
      ['python_assignments', 'python', `
        import asyncio
        async def show(user_id):
            $0user = await fetch_user(user_id)
            orders = await fetch_orders(user_id)
            return user, orders
      `, `
        import asyncio
        async def show(user_id):
            user, orders = await asyncio.gather(fetch_user(user_id), fetch_orders(user_id))
            return user, orders
      `],
      ['python_three_then_a_dependent_one', 'python', `
        import asyncio
        async def show(user_id):
            user = await fetch_user(user_id)$0
            orders = await fetch_orders(user_id)
            prices = await fetch_prices()
            total = await price(orders, prices)
            return user, total
      `, `
        import asyncio
        async def show(user_id):
            user, orders, prices = await asyncio.gather(fetch_user(user_id), fetch_orders(user_id), fetch_prices())
            total = await price(orders, prices)
            return user, total
      `],
      ['python_bare_awaits_add_the_import', 'python', `
        async def warm_up():
            $0await ping("db")
            await ping("cache")
      `, `
        import asyncio
        async def warm_up():
            await asyncio.gather(ping("db"), ping("cache"))
      `],
      ['typescript_const_declarations', 'typescript', `
        export async function show(id: string) {
          $0const user = await fetchUser(id);
          const orders = await fetchOrders(id);
          return { user, orders };
        }
      `, `
        export async function show(id: string) {
          const [user, orders] = await Promise.all([fetchUser(id), fetchOrders(id)]);
          return { user, orders };
        }
      `],
      ['javascript_bare_awaits_without_semicolons', 'tsx', `
        async function warmUp() {
          await ping('db')$0
          await ping('cache')
        }
      `, `
        async function warmUp() {
          await Promise.all([ping('db'), ping('cache')])
        }
      `],
      ['python_aliased_asyncio_in_a_method_indented_with_tabs', 'python',
        'import asyncio as aio\n\nclass Dashboard:\n\tasync def load(self, user_id):\n\t\tprofile = await self.api.profile(user_id)$0\n\t\tfeed = await self.api.feed(user_id)\n\t\treturn profile, feed\n',
        'import asyncio as aio\n\nclass Dashboard:\n\tasync def load(self, user_id):\n\t\tprofile, feed = await aio.gather(self.api.profile(user_id), self.api.feed(user_id))\n\t\treturn profile, feed\n'],
      // The selection says which: notify must still wait for both clears.
      ['python_a_selection_takes_only_the_selected_statements', 'python', `
        import asyncio
        async def refresh():
            $0await clear("cache")
            await clear("sessions")$0
            await notify("admins")
      `, `
        import asyncio
        async def refresh():
            await asyncio.gather(clear("cache"), clear("sessions"))
            await notify("admins")
      `],
      ['javascript_let_declarations_with_four_spaces_and_double_quotes', 'tsx', `
        async function load(id) {
            $0let user = await fetchUser(id, "full");
            let orders = await fetchOrders(id, "open");
            return { user, orders };
        }
      `, `
        async function load(id) {
            let [user, orders] = await Promise.all([fetchUser(id, "full"), fetchOrders(id, "open")]);
            return { user, orders };
        }
      `],
      ['typescript_a_selection_in_a_class_method', 'typescript', `
        class Page {
          async render(id: string) {
            $0const user = await this.users.get(id);
            const theme = await this.themes.current();$0
            return view(user, theme);
          }
        }
      `, `
        class Page {
          async render(id: string) {
            const [user, theme] = await Promise.all([this.users.get(id), this.themes.current()]);
            return view(user, theme);
          }
        }
      `],
      ['javascript_three_var_declarations_in_an_arrow_with_tabs_and_no_semicolons', 'tsx',
        'const load = async id => {\n\tvar a = await getA(id)$0\n\tvar b = await getB(id)\n\tvar c = await getC(id)\n\treturn a + b + c\n}\n',
        'const load = async id => {\n\tvar [a, b, c] = await Promise.all([getA(id), getB(id), getC(id)])\n\treturn a + b + c\n}\n'],
      ['javascript_a_selection_of_two_of_three_bare_awaits', 'tsx', `
        export async function refresh() {
          $0await clear('cache');
          await clear('sessions');$0
          await notify('admins');
        }
      `, `
        export async function refresh() {
          await Promise.all([clear('cache'), clear('sessions')]);
          await notify('admins');
        }
      `],
    ];
    for (const [name, grammar, before, after] of cases) {
      it(`await_together_${name}`, async () => assert.equal(await refactor(awaitTogether, grammar, before), dedent(after)));
    }

    const notApplicable: Array<[string, GrammarId, string]> = [
      ['the_second_uses_the_first', 'python', 'async def f(i):\n    $0user = await fetch_user(i)\n    orders = await fetch_orders(user.id)\n'],
      ['a_single_await', 'typescript', 'async function f() {\n  $0const a = await x();\n  return a;\n}\n'],
      ['mixed_const_and_let', 'typescript', 'async function f() {\n  $0const a = await x();\n  let b = await y();\n}\n'],
      ['mixed_assigned_and_bare', 'python', 'async def f():\n    $0a = await x()\n    await y()\n'],
      // A name with a `$` once went into a RegExp, where `$` is the end of the text: the use was not seen.
      ['the_second_uses_a_name_with_a_dollar_the_first_assigns', 'typescript', 'async function f() {\n  $0const user$ = await loadUser();\n  const orders = await loadOrders(user$);\n}\n'],
      ['the_cursor_on_a_comment', 'typescript', 'async function f() {\n  // fetch both$0\n  const a = await x();\n  const b = await y();\n}\n'],
    ];
    for (const [name, grammar, before] of notApplicable) {
      it(`await_together_not_applicable_when_${name}`, async () => assert.equal(await refactor(awaitTogether, grammar, before), undefined));
    }

    it('runs: same results, and the calls now overlap', () => {
      const program = (body: string) => `import asyncio

in_flight = 0
peak = 0


async def fetch(name):
    global in_flight, peak
    in_flight += 1
    peak = max(peak, in_flight)
    await asyncio.sleep(0.01)
    in_flight -= 1
    return name.upper()


async def main():
${body}
    return user, orders


print(asyncio.run(main()), "peak", peak)
`;
      return (async () => {
        const before = program('    $0user = await fetch("user")\n    orders = await fetch("orders")');
        const after = await refactor(awaitTogether, 'python', before);
        assert.ok(after);
        const run = (source: string) => runProgram('python3', source).join('\n');
        assert.equal(run(before.replace('$0', '')), "('USER', 'ORDERS') peak 1");
        assert.equal(run(after), "('USER', 'ORDERS') peak 2");
      })();
    });
  });

  describe('limit-concurrency', () => {
    it('limit_concurrency_on_an_unflagged_python_gather', async () => {
      const result = await refactor(limitConcurrency, 'python', 'import asyncio\nasync def main():\n    await asyncio.gat$0her(*[fetch(u) for u in ["a", "b", "c"]])\n');
      assert.match(result!, /semaphore = asyncio\.Semaphore\(8\)/);
      assert.match(result!, /asyncio\.gather\(\*\[run_limited\(fetch\(u\)\) for u in \["a", "b", "c"\]\]\)/);
    });
    it('limit_concurrency_on_a_typescript_promise_all_with_p_map', async () => {
      const result = await refactor(limitConcurrency, 'typescript', 'export async function f() {\n  return Promise.all([1, 2, 3].map(i$0d => fetchUser(id)));\n}\n', ['p-map']);
      assert.match(result!, /return pMap\(\[1, 2, 3\], id => fetchUser\(id\), \{ concurrency: 8 \}\);/);
    });

    // The same rewrite as the quick fix, wherever the cursor or selection is in the call: [name, grammar, before, after, dependencies].
    const cases: Array<[string, GrammarId, string, string, string[]]> = [
      ['python_cursor_in_the_callee_of_a_small_literal_list', 'python', `
        import asyncio
        async def main():
            await asyncio.gat$0her(*[fetch(u) for u in ["a", "b", "c"]])
      `, `
        import asyncio
        async def main():
            semaphore = asyncio.Semaphore(8)

            async def run_limited(awaitable):
                async with semaphore:
                    return await awaitable

            await asyncio.gather(*[run_limited(fetch(u)) for u in ["a", "b", "c"]])
      `, []],
      ['python_selection_of_the_call_keeping_return_exceptions', 'python', `
        import asyncio

        async def main(urls):
            results = await $0asyncio.gather(*(fetch(u) for u in urls), return_exceptions=True)$0
            return [r for r in results if not isinstance(r, Exception)]
      `, `
        import asyncio

        async def main(urls):
            semaphore = asyncio.Semaphore(8)

            async def run_limited(awaitable):
                async with semaphore:
                    return await awaitable

            results = await asyncio.gather(*(run_limited(fetch(u)) for u in urls), return_exceptions=True)
            return [r for r in results if not isinstance(r, Exception)]
      `, []],
      ['python_map_with_two_space_indentation', 'python', `
        import asyncio

        async def main(urls):
          pages = await asyncio.gather(*map(fet$0ch, urls))
          return pages
      `, `
        import asyncio

        async def main(urls):
          semaphore = asyncio.Semaphore(8)

          async def run_limited(awaitable):
            async with semaphore:
              return await awaitable

          pages = await asyncio.gather(*[run_limited(fetch(item)) for item in urls])
          return pages
      `, []],
      ['python_method_indented_with_tabs', 'python',
        'import asyncio\n\nclass Crawler:\n\tasync def crawl(self):\n\t\treturn await asyncio.gather(*[self.fetch(u) for u in self.ur$0ls])\n',
        'import asyncio\n\nclass Crawler:\n\tasync def crawl(self):\n\t\tsemaphore = asyncio.Semaphore(8)\n\n\t\tasync def run_limited(awaitable):\n\t\t\tasync with semaphore:\n\t\t\t\treturn await awaitable\n\n\t\treturn await asyncio.gather(*[run_limited(self.fetch(u)) for u in self.urls])\n', []],
      ['python_cursor_at_the_end_of_the_line_with_aliased_asyncio', 'python', `
        import asyncio as aio

        async def main(urls):
            await aio.gather(*[fetch(u) for u in urls])$0
      `, `
        import asyncio as aio

        async def main(urls):
            semaphore = aio.Semaphore(8)

            async def run_limited(awaitable):
                async with semaphore:
                    return await awaitable

            await aio.gather(*[run_limited(fetch(u)) for u in urls])
      `, []],
      ['typescript_p_limit_adds_its_import', 'typescript', `
        import { fetchUser } from './api';

        export async function load(ids: string[]) {
          return Promise.all(ids.map(id => fetch$0User(id)));
        }
      `, `
        import { fetchUser } from './api';
        import pLimit from 'p-limit';

        export async function load(ids: string[]) {
          const limit = pLimit(8);
          return Promise.all(ids.map(id => limit(() => fetchUser(id))));
        }
      `, ['p-limit']],
      ['javascript_p_map_in_an_es_module_without_semicolons', 'tsx', `
        import { fetchUser } from './api'
        export const load = async ids => Promise.a$0ll(ids.map(fetchUser))
      `, `
        import { fetchUser } from './api'
        import pMap from 'p-map'
        export const load = async ids => pMap(ids, fetchUser, { concurrency: 8 })
      `, ['p-map']],
      ['python_asyncio_wait', 'python', `
        import asyncio
        async def main(urls):
            done, _ = await asyncio.wa$0it({asyncio.create_task(fetch(u)) for u in urls})
            return done
      `, `
        import asyncio
        async def main(urls):
            semaphore = asyncio.Semaphore(8)

            async def run_limited(awaitable):
                async with semaphore:
                    return await awaitable

            done, _ = await asyncio.wait({asyncio.create_task(run_limited(fetch(u))) for u in urls})
            return done
      `, []],
      // Tasks started by create_task: each coroutine is wrapped inside the call, the task waits for the semaphore.
      ['python_tasks_started_in_the_comprehension', 'python', `
        import asyncio
        async def main(urls):
            await asyncio.gat$0her(*[asyncio.create_task(fetch(u)) for u in urls])
      `, `
        import asyncio
        async def main(urls):
            semaphore = asyncio.Semaphore(8)

            async def run_limited(awaitable):
                async with semaphore:
                    return await awaitable

            await asyncio.gather(*[asyncio.create_task(run_limited(fetch(u))) for u in urls])
      `, []],
      ['typescript_selection_of_the_call_without_dependencies_uses_the_helper', 'typescript',
        'export async function load(ids: string[]) {\n  return $0Promise.all(ids.map(fetchUser))$0;\n}\n',
        `${mapWithConcurrencyTyped}\nexport async function load(ids: string[]) {\n  return mapWithConcurrency(ids, 8, fetchUser);\n}\n`, []],
      ['javascript_allSettled_with_a_function_callback_and_tabs', 'tsx',
        "import pLimit from 'p-limit';\n\nexport async function saveAll(rows) {\n\tconst outcomes = await Promise.allSet$0tled(rows.map(function (row) { return save(row); }));\n\treturn outcomes;\n}\n",
        "import pLimit from 'p-limit';\n\nexport async function saveAll(rows) {\n\tconst limit = pLimit(8);\n\tconst outcomes = await Promise.allSettled(rows.map(function (row) { return limit(() => { return save(row); }); }));\n\treturn outcomes;\n}\n", ['p-limit']],
      // With both packages, p-limit (kept first, as the quick fixes list it).
      ['javascript_p_limit_before_p_map_with_double_quotes_and_four_spaces', 'tsx', `
        import { save } from "./db"

        export async function saveAll(rows) {
            await Promise.all($0rows.map(async row => {
                await save(row)
            }))
        }
      `, `
        import { save } from "./db"
        import pLimit from "p-limit"

        export async function saveAll(rows) {
            const limit = pLimit(8)
            await Promise.all(rows.map(async row => limit(async () => {
                await save(row)
            })))
        }
      `, ['p-map', 'p-limit']],
    ];
    for (const [name, grammar, before, after, dependencies] of cases) {
      it(`limit_concurrency_${name}`, async () => assert.equal(await refactor(limitConcurrency, grammar, before, dependencies), dedent(after)));
    }

    const notApplicable: Array<[string, GrammarId, string]> = [
      ['tasks_made_elsewhere', 'python', 'import asyncio\nasync def main(tasks):\n    await asyncio.gat$0her(*tasks)\n'],
      ['promise_race', 'typescript', 'export async function f(ids: string[]) {\n  return Promise.ra$0ce(ids.map(fetchUser));\n}\n'],
    ];
    for (const [name, grammar, before] of notApplicable) {
      it(`limit_concurrency_not_applicable_to_${name}`, async () => assert.equal(await refactor(limitConcurrency, grammar, before), undefined));
    }
    it('limit_concurrency_javascript_p_map_in_commonjs_uses_the_helper_p_map_being_esm_only', async () => {
      const result = await refactor(limitConcurrency, 'tsx', "const { fetchUser } = require('./api')\nexports.load = async ids => Promise.a$0ll(ids.map(fetchUser))\n", ['p-map']);
      assert.equal(result, `const { fetchUser } = require('./api')\n\n${withoutSemicolons(mapWithConcurrencyPlain)}\nexports.load = async ids => mapWithConcurrency(ids, 8, fetchUser)\n`);
    });
    it('limit_concurrency_not_applicable_outside_a_fan_out', async () => {
      assert.equal(await refactor(limitConcurrency, 'typescript', 'export async function f(id: string) {\n  return fetch$0User(id);\n}\n'), undefined);
    });
  });
});
