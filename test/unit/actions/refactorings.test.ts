import * as assert from 'assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { awaitTogether } from '../../../src/engine/actions/awaitTogether';
import { limitConcurrency } from '../../../src/engine/actions/limitConcurrency';
import { RefactoringProvider } from '../../../src/engine/actions/refactoring';
import { GrammarId } from '../../../src/engine/languages';
import { dedent } from '../rules/ruleTester';
import { refactorAt } from './actionTester';

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
    ];
    for (const [name, grammar, before, after] of cases) {
      it(`await_together_${name}`, async () => assert.equal(await refactor(awaitTogether, grammar, before), dedent(after)));
    }

    const notApplicable: Array<[string, GrammarId, string]> = [
      ['the_second_uses_the_first', 'python', 'async def f(i):\n    $0user = await fetch_user(i)\n    orders = await fetch_orders(user.id)\n'],
      ['a_single_await', 'typescript', 'async function f() {\n  $0const a = await x();\n  return a;\n}\n'],
      ['mixed_const_and_let', 'typescript', 'async function f() {\n  $0const a = await x();\n  let b = await y();\n}\n'],
      ['mixed_assigned_and_bare', 'python', 'async def f():\n    $0a = await x()\n    await y()\n'],
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
        const run = (source: string) => {
          const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'async-patterns-together-')), 'program.py');
          fs.writeFileSync(file, source);
          return execFileSync('python3', [file], { encoding: 'utf8' }).trim();
        };
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
    it('limit_concurrency_not_applicable_outside_a_fan_out', async () => {
      assert.equal(await refactor(limitConcurrency, 'typescript', 'export async function f(id: string) {\n  return fetch$0User(id);\n}\n'), undefined);
    });
  });
});
