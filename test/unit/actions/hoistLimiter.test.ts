import * as assert from 'assert/strict';
import { execFileSync } from 'child_process';
import { applyEdits } from '../../../src/engine/actions/action';
import { hoistLimiter } from '../../../src/engine/actions/hoistLimiter';
import { GrammarId } from '../../../src/engine/languages';
import { checkAction, checkNotApplicable, proposalAt } from './actionTester';
import { runProgram, withScratchFile } from './execution';

function compilesWithPython(source: string): void {
  withScratchFile('fixed.py', source, file => execFileSync('python3', ['-m', 'py_compile', file], { stdio: 'pipe' }));
}

describe('hoist-limiter', () => {
  it('hoist_limiter_python_semaphore_built_in_the_task_function', () => checkAction(hoistLimiter, 'python', `
    import asyncio

    async def fetch(u):
        sem = asyncio.Semaphore(5)
        async with sem:
            return await get(u)

    async def main(urls):
        await $0asyncio.gather(*[fetch(u) for u in urls])
  `, `
    import asyncio

    sem = asyncio.Semaphore(5)
    async def fetch(u):
        async with sem:
            return await get(u)

    async def main(urls):
        await asyncio.gather(*[fetch(u) for u in urls])
  `));

  it('hoist_limiter_python_semaphore_passed_inline_in_the_comprehension', () => checkAction(hoistLimiter, 'python', `
    import asyncio

    async def fetch(sem, u):
        async with sem:
            return await get(u)

    async def main(urls):
        await $0asyncio.gather(*[fetch(asyncio.Semaphore(5), u) for u in urls])
  `, `
    import asyncio

    async def fetch(sem, u):
        async with sem:
            return await get(u)

    async def main(urls):
        semaphore = asyncio.Semaphore(5)
        await asyncio.gather(*[fetch(semaphore, u) for u in urls])
  `));

  it('hoist_limiter_typescript_p_limit_built_in_the_callback', () => checkAction(hoistLimiter, 'typescript', `
    import pLimit from 'p-limit';
    export async function f(ids: string[]) {
      return $0Promise.all(ids.map(id => { const limit = pLimit(4); return limit(() => fetchUser(id)); }));
    }
  `, `
    import pLimit from 'p-limit';
    export async function f(ids: string[]) {
      const limit = pLimit(4);
      return Promise.all(ids.map(id => { const limit = pLimit(4); return limit(() => fetchUser(id)); }));
    }
  `.replace('{ const limit = pLimit(4); return', '{ return')));

  it('hoist_limiter_javascript_inline_p_limit_gets_a_name', () => checkAction(hoistLimiter, 'tsx', `
    const pLimit = require('p-limit');
    exports.f = async ids => {
      return $0Promise.all(ids.map(id => pLimit(2)(() => fetchUser(id))));
    };
  `, `
    const pLimit = require('p-limit');
    exports.f = async ids => {
      const limit = pLimit(2);
      return Promise.all(ids.map(id => limit(() => fetchUser(id))));
    };
  `));

  it('hoist_limiter_typescript_semaphore_built_in_a_loop_body', () => checkAction(hoistLimiter, 'typescript', `
    import pLimit from 'p-limit';
    export async function f(ids: string[]) {
      const ps = [];
      for (const id of ids) {
        const limit = pLimit(1);
        ps.push(limit(() => fetchUser(id)));
      }
      await $0Promise.all(ps);
    }
  `, `
    import pLimit from 'p-limit';
    export async function f(ids: string[]) {
      const ps = [];
      const limit = pLimit(1);
      for (const id of ids) {
        ps.push(limit(() => fetchUser(id)));
      }
      await Promise.all(ps);
    }
  `));

  // More shapes of the trap: where the limiter was built decides where the shared one goes.
  const cases: Array<[string, GrammarId, string, string]> = [
    ['python_method_semaphore_goes_to_the_module_not_the_class_body', 'python', `
      import asyncio

      class Crawler:
          async def fetch(self, u):
              sem = asyncio.Semaphore(5)
              async with sem:
                  return await get(u)

          async def crawl(self, urls):
              return await $0asyncio.gather(*[self.fetch(u) for u in urls])
    `, `
      import asyncio

      sem = asyncio.Semaphore(5)
      class Crawler:
          async def fetch(self, u):
              async with sem:
                  return await get(u)

          async def crawl(self, urls):
              return await asyncio.gather(*[self.fetch(u) for u in urls])
    `],
    ['python_semaphore_built_in_a_loop_that_collects_the_tasks', 'python', `
      import asyncio

      async def fetch(sem, u):
          async with sem:
              return await get(u)

      async def main(urls):
          tasks = []
          for u in urls:
              sem = asyncio.Semaphore(3)
              tasks.append(fetch(sem, u))
          return await $0asyncio.gather(*tasks)
    `, `
      import asyncio

      async def fetch(sem, u):
          async with sem:
              return await get(u)

      async def main(urls):
          tasks = []
          sem = asyncio.Semaphore(3)
          for u in urls:
              tasks.append(fetch(sem, u))
          return await asyncio.gather(*tasks)
    `],
    ['python_nested_task_function_indented_with_tabs', 'python',
      'import asyncio\n\nasync def main(urls):\n\tasync def fetch(u):\n\t\tsem = asyncio.Semaphore(5)\n\t\tasync with sem:\n\t\t\treturn await get(u)\n\n\treturn await $0asyncio.gather(*[fetch(u) for u in urls])\n',
      'import asyncio\n\nasync def main(urls):\n\tsem = asyncio.Semaphore(5)\n\tasync def fetch(u):\n\t\tasync with sem:\n\t\t\treturn await get(u)\n\n\treturn await asyncio.gather(*[fetch(u) for u in urls])\n'],
    ['typescript_class_method_callback_with_a_block_body', 'typescript', `
      import pLimit from 'p-limit';

      export class Loader {
        async load(ids: string[]) {
          return $0Promise.all(ids.map(async id => {
            const limit = pLimit(4);
            return limit(() => this.fetch(id));
          }));
        }
      }
    `, `
      import pLimit from 'p-limit';

      export class Loader {
        async load(ids: string[]) {
          const limit = pLimit(4);
          return Promise.all(ids.map(async id => {
            return limit(() => this.fetch(id));
          }));
        }
      }
    `],
    ['javascript_function_callback_in_commonjs_without_semicolons', 'tsx', `
      const pLimit = require('p-limit')
      exports.f = async function (ids) {
          return $0Promise.all(ids.map(function (id) {
              const limit = pLimit(3)
              return limit(() => fetchUser(id))
          }))
      }
    `, `
      const pLimit = require('p-limit')
      exports.f = async function (ids) {
          const limit = pLimit(3)
          return Promise.all(ids.map(function (id) {
              return limit(() => fetchUser(id))
          }))
      }
    `],
    ['typescript_task_function_declared_at_the_top_level_with_tabs', 'typescript',
      "import pLimit from 'p-limit';\n\nasync function fetchOne(id: string) {\n\tconst limit = pLimit(2);\n\treturn limit(() => fetchUser(id));\n}\n\nexport async function f(ids: string[]) {\n\treturn $0Promise.all(ids.map(fetchOne));\n}\n",
      "import pLimit from 'p-limit';\n\nconst limit = pLimit(2);\nasync function fetchOne(id: string) {\n\treturn limit(() => fetchUser(id));\n}\n\nexport async function f(ids: string[]) {\n\treturn Promise.all(ids.map(fetchOne));\n}\n"],
  ];
  for (const [name, grammar, before, after] of cases) {
    it(`hoist_limiter_${name}`, () => checkAction(hoistLimiter, grammar, before, after));
  }

  // The limiter moves only where every name it uses exists and is the same for every task.
  const stayPut: Array<[string, GrammarId, string]> = [
    ['a_limit_that_is_a_parameter_of_the_task', 'python',
      'import asyncio\n\nasync def fetch(u, limit_param):\n    sem = asyncio.Semaphore(limit_param)\n    async with sem:\n        return await get(u)\n\nasync def main(urls):\n    await $0asyncio.gather(*[fetch(u, 5) for u in urls])\n'],
    ['a_limit_read_from_self_in_a_method', 'python',
      'import asyncio\n\nclass Crawler:\n    async def fetch(self, u):\n        sem = asyncio.Semaphore(self.limit)\n        async with sem:\n            return await get(u)\n\n    async def crawl(self, urls):\n        return await $0asyncio.gather(*[self.fetch(u) for u in urls])\n'],
    ['a_limit_assigned_at_the_top_level_after_the_function', 'python',
      'import asyncio\n\nasync def fetch(u):\n    sem = asyncio.Semaphore(LIMIT)\n    async with sem:\n        return await get(u)\n\nLIMIT = 5\n\nasync def main(urls):\n    await $0asyncio.gather(*[fetch(u) for u in urls])\n'],
    ['a_name_assigned_again_in_the_task', 'python',
      'import asyncio\n\nasync def fetch(u, slow):\n    sem = asyncio.Semaphore(5)\n    if slow:\n        sem = asyncio.Semaphore(1)\n    async with sem:\n        return await get(u)\n\nasync def main(urls):\n    await $0asyncio.gather(*[fetch(u, False) for u in urls])\n'],
    ['a_p_limit_of_the_callback_s_argument', 'typescript',
      "import pLimit from 'p-limit';\nexport async function f(jobs: Job[]) {\n  return $0Promise.all(jobs.map(job => { const limit = pLimit(job.concurrency); return limit(() => run(job)); }));\n}\n"],
    ['a_p_limit_of_this_in_a_method_callback', 'typescript',
      "import pLimit from 'p-limit';\nexport class Runner {\n  async all(jobs: Job[]) {\n    return $0Promise.all(jobs.map(function (this: Runner, job) { const limit = pLimit(this.concurrency); return limit(() => run(job)); }, this));\n  }\n}\n"],
  ];
  for (const [name, grammar, before] of stayPut) {
    it(`hoist_limiter_not_applicable_to_${name}`, async () => {
      const { proposal, finding } = await proposalAt(hoistLimiter, grammar, before);
      assert.equal(finding.messageId, 'perTaskLimiter');
      assert.equal(proposal, undefined);
    });
  }

  const moves: Array<[string, GrammarId, string, string]> = [
    ['python_a_limit_of_the_enclosing_function_goes_into_it', 'python',
      'import asyncio\n\nasync def main(urls, limit):\n    async def fetch(u):\n        sem = asyncio.Semaphore(limit)\n        async with sem:\n            return await get(u)\n\n    return await $0asyncio.gather(*[fetch(u) for u in urls])\n',
      'import asyncio\n\nasync def main(urls, limit):\n    sem = asyncio.Semaphore(limit)\n    async def fetch(u):\n        async with sem:\n            return await get(u)\n\n    return await asyncio.gather(*[fetch(u) for u in urls])\n'],
    // Its block would be empty (a SyntaxError): a `pass` stays.
    ['python_the_only_statement_of_a_block_leaves_a_pass', 'python',
      'import asyncio\n\nasync def fetch(u):\n    try:\n        sem = asyncio.Semaphore(5)\n    except RuntimeError:\n        raise\n    async with sem:\n        return await get(u)\n\nasync def main(urls):\n    await $0asyncio.gather(*[fetch(u) for u in urls])\n',
      'import asyncio\n\nsem = asyncio.Semaphore(5)\nasync def fetch(u):\n    try:\n        pass\n    except RuntimeError:\n        raise\n    async with sem:\n        return await get(u)\n\nasync def main(urls):\n    await asyncio.gather(*[fetch(u) for u in urls])\n'],
  ];
  for (const [name, grammar, before, after] of moves) {
    it(`hoist_limiter_${name}`, async () => {
      const result = await checkAction(hoistLimiter, grammar, before, after);
      if (grammar === 'python') compilesWithPython(result);
    });
  }

  it('hoist_limiter_not_applicable_to_a_limiter_already_shared', () =>
    checkNotApplicable(hoistLimiter, 'typescript', "import pLimit from 'p-limit';\nexport async function f(ids: string[]) {\n  return $0Promise.all(ids.map(id => fetchUser(id)));\n}\n"));

  it('hoist_limiter_not_applicable_without_a_per_task_limiter', () =>
    checkNotApplicable(hoistLimiter, 'python', 'import asyncio\nasync def main(urls):\n    await $0asyncio.gather(*[fetch(u) for u in urls])\n'));

  it('runs: the hoisted semaphore limits the tasks it did not limit before', async () => {
    const source = `import asyncio

in_flight = 0
peak = 0


async def fetch(i):
    global in_flight, peak
    sem = asyncio.Semaphore(3)
    async with sem:
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.005)
        in_flight -= 1
        return i + 1


async def main(ids):
    return await $0asyncio.gather(*[fetch(i) for i in ids])


print(asyncio.run(main(list(range(20)))))
print("peak", peak)
`;
    const { text, proposal } = await proposalAt(hoistLimiter, 'python', source);
    const run = (program: string) => runProgram('python3', program);
    const before = run(text);
    const after = run(applyEdits(text, proposal!.edits));
    assert.equal(after[0], before[0]);
    assert.equal(before[1], 'peak 20');
    assert.equal(after[1], 'peak 3');
  });
});
