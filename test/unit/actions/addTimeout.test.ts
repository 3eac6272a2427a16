import * as assert from 'assert/strict';
import { execFileSync } from 'child_process';
import { addTimeout } from '../../../src/engine/actions/addTimeout';
import { GrammarId } from '../../../src/engine/languages';
import { dedent } from '../rules/ruleTester';
import { refactorAt } from './actionTester';
import { withScratchFile } from './execution';
import { withoutSemicolons, withTimeoutPlain, withTimeoutTyped } from './expectedHelpers';

function timeoutAt(grammar: GrammarId, marked: string, pythonVersion = '3.10') {
  return refactorAt(addTimeout, grammar, marked, { pythonVersion });
}

function run(command: string, name: string, source: string): string[] {
  return withScratchFile(name, source, file => execFileSync(command, [file], { encoding: 'utf8' }).trim().split('\n'));
}

describe('add-timeout', () => {
  it('add_timeout_python_wait_for_before_3_11', async () => {
    const { result, proposal } = await timeoutAt('python', 'import asyncio\nasync def main(url):\n    data = await fetch_d$0ata(url)\n    return data\n');
    assert.equal(result, 'import asyncio\nasync def main(url):\n    data = await asyncio.wait_for(fetch_data(url), timeout=10)\n    return data\n');
    assert.equal(result!.slice(proposal!.limit!.startIndex, proposal!.limit!.endIndex), '10');
  });

  it('add_timeout_python_async_with_timeout_from_3_11', async () => {
    const { result } = await timeoutAt('python', 'import asyncio\nasync def main(url):\n    return await fetch_d$0ata(url)\n', '3.12');
    assert.equal(result, 'import asyncio\nasync def main(url):\n    async with asyncio.timeout(10):\n        return await fetch_data(url)\n');
  });

  it('add_timeout_typescript_fetch_gets_an_abort_signal', async () => {
    const { result } = await timeoutAt('typescript', "export async function f(url: string) {\n  const response = await fet$0ch(url, { method: 'POST' });\n}\n");
    assert.equal(result, "export async function f(url: string) {\n  const response = await fetch(url, { method: 'POST', signal: AbortSignal.timeout(10000) });\n}\n");
  });

  it('add_timeout_typescript_bare_fetch', async () => {
    const { result } = await timeoutAt('typescript', 'export async function f(url: string) {\n  return await fet$0ch(url);\n}\n');
    assert.match(result!, /await fetch\(url, \{ signal: AbortSignal\.timeout\(10000\) \}\)/);
  });

  // [name, grammar, before, after, pythonVersion]: the whole file after, with the deadline the version allows.
  const cases: Array<[string, GrammarId, string, string, string]> = [
    ['python_wait_for_with_aliased_asyncio_in_a_method_with_tabs', 'python',
      'import asyncio as aio\n\nclass Client:\n\tasync def load(self, url):\n\t\tresult = await self.http.g$0et(url)\n\t\treturn result\n',
      'import asyncio as aio\n\nclass Client:\n\tasync def load(self, url):\n\t\tresult = await aio.wait_for(self.http.get(url), timeout=10)\n\t\treturn result\n', '3.10'],
    ['python_timeout_block_with_two_space_indentation', 'python', `
      import asyncio
      async def main(user):
        await not$0ify(user)
        return True
    `, `
      import asyncio
      async def main(user):
        async with asyncio.timeout(10):
          await notify(user)
        return True
    `, '3.11'],
    ['python_timeout_block_around_a_statement_over_several_lines', 'python', `
      import asyncio
      async def main(url):
          result = await fet$0ch(
              url,
              retries=3,
          )
          return result
    `, `
      import asyncio
      async def main(url):
          async with asyncio.timeout(10):
              result = await fetch(
                  url,
                  retries=3,
              )
          return result
    `, '3.12'],
    ['python_import_goes_after_from_future', 'python', `
      from __future__ import annotations

      async def main(url: str) -> bytes:
          return await down$0load(url)
    `, `
      from __future__ import annotations
      import asyncio

      async def main(url: str) -> bytes:
          return await asyncio.wait_for(download(url), timeout=10)
    `, '3.10'],
    ['javascript_fetch_options_with_double_quotes_tabs_and_no_semicolons', 'tsx',
      'async function save(url, body) {\n\tconst response = await fe$0tch(url, { method: "POST", body })\n\treturn response.ok\n}\n',
      'async function save(url, body) {\n\tconst response = await fetch(url, { method: "POST", body, signal: AbortSignal.timeout(10000) })\n\treturn response.ok\n}\n', '3.10'],
    ['typescript_fetch_options_one_per_line_get_the_signal_on_its_own_line', 'typescript', `
      export async function save(url: string, body: string) {
        const response = await fetch(url, {$0
          method: 'POST',
          body,
        });
        return response.ok;
      }
    `, `
      export async function save(url: string, body: string) {
        const response = await fetch(url, {
          method: 'POST',
          body,
          signal: AbortSignal.timeout(10000),
        });
        return response.ok;
      }
    `, '3.10'],
    ['typescript_other_calls_go_through_the_typed_helper_after_the_imports', 'typescript',
      "import { client } from './http';\n\nexport async function load(url: string) {\n  const response = await client.g$0et(url);\n  return response.data;\n}\n",
      `import { client } from './http';\n\n${withTimeoutTyped}\nexport async function load(url: string) {\n  const response = await withTimeout(client.get(url), 10000);\n  return response.data;\n}\n`, '3.10'],
    ['javascript_commonjs_gets_the_plain_helper_without_semicolons', 'tsx',
      "const db = require('./db')\n\nexports.count = async () => {\n  return await db.qu$0ery('select count(*) from users')\n}\n",
      `const db = require('./db')\n\n${withoutSemicolons(withTimeoutPlain)}\nexports.count = async () => {\n  return await withTimeout(db.query('select count(*) from users'), 10000)\n}\n`, '3.10'],
  ];
  for (const [name, grammar, before, after, pythonVersion] of cases) {
    it(`add_timeout_${name}`, async () => {
      const { result, proposal } = await timeoutAt(grammar, before, pythonVersion);
      assert.equal(result, dedent(after));
      // The deadline written is the one the editor leaves selected.
      assert.match(result!.slice(proposal!.limit!.startIndex, proposal!.limit!.endIndex), /^10(000)?$/);
    });
  }

  // A statement that shares its line with other code cannot go in an `async with` block (the block needs lines of
  // its own): there the deadline goes on the awaited call with wait_for, on any Python version. The same for an
  // await that a block around its statement would not time (a generator's runs later).
  // [name, grammar, before, after]: Python 3.12 for every case.
  const sharedLineCases: Array<[string, GrammarId, string, string]> = [
    ['python_after_if_on_the_same_line', 'python',
      'import asyncio\nasync def main(url, retry):\n    if retry: await fe$0tch(url)\n    return True\n',
      'import asyncio\nasync def main(url, retry):\n    if retry: await asyncio.wait_for(fetch(url), timeout=10)\n    return True\n'],
    ['python_one_line_def', 'python',
      'import asyncio\nasync def main(url): return await fe$0tch(url)\n',
      'import asyncio\nasync def main(url): return await asyncio.wait_for(fetch(url), timeout=10)\n'],
    ['python_after_a_semicolon', 'python',
      'import asyncio\nasync def main(url):\n    count = 1; await fe$0tch(url)\n',
      'import asyncio\nasync def main(url):\n    count = 1; await asyncio.wait_for(fetch(url), timeout=10)\n'],
    ['python_before_a_semicolon_the_next_statement_stays_out_of_the_deadline', 'python',
      'import asyncio\nasync def main(url):\n    await fe$0tch(url); done = True\n',
      'import asyncio\nasync def main(url):\n    await asyncio.wait_for(fetch(url), timeout=10); done = True\n'],
    ['python_after_else', 'python',
      'import asyncio\nasync def main(url, cached):\n    if cached:\n        return cached\n    else: return await fe$0tch(url)\n',
      'import asyncio\nasync def main(url, cached):\n    if cached:\n        return cached\n    else: return await asyncio.wait_for(fetch(url), timeout=10)\n'],
    ['python_after_while', 'python',
      'import asyncio\nasync def main(queue):\n    while queue: await han$0dle(queue.pop())\n',
      'import asyncio\nasync def main(queue):\n    while queue: await asyncio.wait_for(handle(queue.pop()), timeout=10)\n'],
    ['python_after_try', 'python',
      'import asyncio\nasync def main(url):\n    try: await fe$0tch(url)\n    finally: print("done")\n',
      'import asyncio\nasync def main(url):\n    try: await asyncio.wait_for(fetch(url), timeout=10)\n    finally: print("done")\n'],
    ['python_in_an_async_generator_expression_that_runs_later', 'python',
      'import asyncio\nasync def main(urls):\n    pages = (await fe$0tch(u) for u in urls)\n    return [p async for p in pages]\n',
      'import asyncio\nasync def main(urls):\n    pages = (await asyncio.wait_for(fetch(u), timeout=10) for u in urls)\n    return [p async for p in pages]\n'],
    ['python_import_added_for_a_one_line_def_goes_at_the_top', 'python',
      '"""Pages."""\nasync def main(url): return await fe$0tch(url)\n',
      '"""Pages."""\nimport asyncio\nasync def main(url): return await asyncio.wait_for(fetch(url), timeout=10)\n'],
    // On lines of their own the block is still written, keeping what belongs to the line or to a string.
    ['python_block_keeps_a_trailing_comment', 'python',
      'import asyncio\nasync def main(url):\n    await fe$0tch(url)  # the slow one\n',
      'import asyncio\nasync def main(url):\n    async with asyncio.timeout(10):\n        await fetch(url)  # the slow one\n'],
    ['python_block_leaves_the_lines_of_a_multiline_string_as_they_are', 'python',
      'import asyncio\nasync def main(db):\n    await db.exe$0cute("""\n        SELECT 1\n    """)\n',
      'import asyncio\nasync def main(db):\n    async with asyncio.timeout(10):\n        await db.execute("""\n        SELECT 1\n    """)\n'],
    ['python_block_in_a_file_with_crlf_line_endings', 'python',
      'async def main(url):\r\n    data = await fe$0tch(url)\r\n    return data\r\n',
      'import asyncio\r\nasync def main(url):\r\n    async with asyncio.timeout(10):\r\n        data = await fetch(url)\r\n    return data\r\n'],
    // JS/TS: the call is rewritten in place, whatever shares its line.
    ['javascript_after_a_semicolon_on_the_same_line', 'tsx',
      'async function main(url) {\n  let tries = 0; const page = await fe$0tch(url);\n  return page;\n}\n',
      'async function main(url) {\n  let tries = 0; const page = await fetch(url, { signal: AbortSignal.timeout(10000) });\n  return page;\n}\n'],
    ['javascript_after_if_without_braces', 'tsx',
      'async function main(url, retry) {\n  if (retry) await fe$0tch(url);\n}\n',
      'async function main(url, retry) {\n  if (retry) await fetch(url, { signal: AbortSignal.timeout(10000) });\n}\n'],
    ['typescript_an_arrow_body', 'typescript',
      'export const load = async (url: string) => await fe$0tch(url);\n',
      'export const load = async (url: string) => await fetch(url, { signal: AbortSignal.timeout(10000) });\n'],
    ['typescript_fetch_options_ending_in_a_comment', 'typescript',
      "export async function f(url: string) {\n  return await fe$0tch(url, { method: 'POST', /* no cache */ });\n}\n",
      "export async function f(url: string) {\n  return await fetch(url, { method: 'POST', signal: AbortSignal.timeout(10000), /* no cache */ });\n}\n"],
    ['typescript_fetch_options_with_a_trailing_comma_keep_it', 'typescript',
      "export async function f(url: string) {\n  return await fe$0tch(url, { method: 'POST', });\n}\n",
      "export async function f(url: string) {\n  return await fetch(url, { method: 'POST', signal: AbortSignal.timeout(10000), });\n}\n"],
    ['javascript_fetch_options_spread_from_elsewhere_go_through_the_helper', 'tsx',
      'async function save(url, options) {\n  return await fe$0tch(url, { ...options })\n}\n',
      `${withoutSemicolons(withTimeoutPlain)}\nasync function save(url, options) {\n  return await withTimeout(fetch(url, { ...options }), 10000)\n}\n`],
    ['javascript_fetch_with_spread_arguments_goes_through_the_helper', 'tsx',
      'async function load(args) {\n  return await fe$0tch(...args)\n}\n',
      `${withoutSemicolons(withTimeoutPlain)}\nasync function load(args) {\n  return await withTimeout(fetch(...args), 10000)\n}\n`],
    ['javascript_a_withTimeout_of_the_file_keeps_its_name_and_ours_gets_another', 'tsx',
      "import { withTimeout } from './retry'\n\nasync function load(db) {\n  await withTimeout(1000, db.connect())\n  return await db.qu$0ery('select 1')\n}\n",
      `import { withTimeout } from './retry'\n\n${withoutSemicolons(withTimeoutPlain).replace('function withTimeout(', 'function withTimeout2(')}\nasync function load(db) {\n  await withTimeout(1000, db.connect())\n  return await withTimeout2(db.query('select 1'), 10000)\n}\n`],
  ];
  for (const [name, grammar, before, after] of sharedLineCases) {
    it(`add_timeout_${name}`, async () => {
      const { result, proposal } = await timeoutAt(grammar, before, '3.12');
      assert.equal(result, dedent(after));
      // The deadline written is the one the editor leaves selected.
      assert.match(result!.slice(proposal!.limit!.startIndex, proposal!.limit!.endIndex), /^10(000)?$/);
    });
  }

  it('add_timeout_not_applicable_when_a_future_import_shares_its_line_with_code', async () => {
    // No `import asyncio` can go before `from __future__` (a SyntaxError), nor after it (after the code on its line).
    const { proposal } = await timeoutAt('python', 'from __future__ import annotations; import sys\nasync def main(url):\n    return await fe$0tch(url)\n', '3.12');
    assert.equal(proposal, undefined);
  });

  it('add_timeout_not_applicable_to_a_fetch_with_a_signal', async () => {
    const { proposal } = await timeoutAt('typescript', 'export async function f(url: string, signal: AbortSignal) {\n  return await fet$0ch(url, { signal });\n}\n');
    assert.equal(proposal, undefined);
  });

  it('add_timeout_not_applicable_outside_an_await', async () => {
    const { proposal } = await timeoutAt('python', 'def main(url):\n    return fetch_d$0ata(url)\n');
    assert.equal(proposal, undefined);
  });

  it('runs in Python: the slow call times out, the fast one does not', async () => {
    const source = (call: string) => `import asyncio


async def work(seconds):
    await asyncio.sleep(seconds)
    return seconds


async def main(seconds):
    try:
        return await ${call}
    except TimeoutError:
        return "timed out"


print(asyncio.run(main(0.01)), asyncio.run(main(30)))
`;
    const { result, proposal } = await timeoutAt('python', source('wo$0rk(seconds)'));
    const fixed = result!.slice(0, proposal!.limit!.startIndex) + '0.2' + result!.slice(proposal!.limit!.endIndex);
    assert.deepEqual(run('python3', 'program.py', fixed), ['0.01 timed out']);
  });

  it('runs in Python: a deadline after `if x:`, in a one-line def and after `;` times the slow call out', async () => {
    const source = (marked: string) => `import asyncio


async def work(seconds):
    await asyncio.sleep(seconds)
    return seconds


${marked}


async def guarded(seconds):
    try:
        return await main(seconds)
    except asyncio.TimeoutError:
        return "timed out"


print(asyncio.run(guarded(0.01)), asyncio.run(guarded(30)))
`;
    for (const marked of [
      'async def main(seconds):\n    if seconds: return await wo$0rk(seconds)',
      'async def main(seconds): return await wo$0rk(seconds)',
      'async def main(seconds):\n    result = None; result = await wo$0rk(seconds)\n    return result',
    ]) {
      const { result, proposal } = await timeoutAt('python', source(marked), '3.12');
      const fixed = result!.slice(0, proposal!.limit!.startIndex) + '0.2' + result!.slice(proposal!.limit!.endIndex);
      assert.deepEqual(run('python3', 'program.py', fixed), ['0.01 timed out'], marked);
    }
  });

  it('runs in Node: our helper next to a withTimeout of the file\'s own, with other parameters', async () => {
    const source = `const sleep = (ms, value) => new Promise(resolve => setTimeout(() => resolve(value), ms));
function withTimeout(ms, promise) { return promise; }
async function main() {
  const first = await withTimeout(1000, sleep(5, 'theirs'));
  const second = await sl$0eep(5, 'ours');
  console.log(first, second);
}
main();
`;
    const { result } = await timeoutAt('tsx', source);
    assert.deepEqual(run(process.execPath, 'program.js', result!), ['theirs ours']);
  });

  it('runs in Node: withTimeout rejects the slow promise and its timer does not keep the process alive', async () => {
    const source = `const sleep = (ms, value) => new Promise(resolve => setTimeout(() => resolve(value), ms));
async function main() {
  const fast = await sl$0eep(10, 'fast');
  console.log(fast);
}
main().then(() => console.log('done'));
`;
    const { result, proposal } = await timeoutAt('tsx', source);
    // A 60 s deadline: if the timer were not cleared, the process would wait for it.
    const fixed = result!.slice(0, proposal!.limit!.startIndex) + '60000' + result!.slice(proposal!.limit!.endIndex);
    const started = Date.now();
    assert.deepEqual(run(process.execPath, 'program.js', fixed), ['fast', 'done']);
    assert.ok(Date.now() - started < 30000, 'the process ended long before the deadline');
    const slow = fixed.replace("sleep(10, 'fast'), 60000)", "sleep(1500, 'slow'), 20)").replace('const fast = await', 'const fast = await').replace("main().then(() => console.log('done'));", "main().catch(error => console.log(error.name));");
    assert.deepEqual(run(process.execPath, 'slow.js', slow), ['TimeoutError']);
  });
});
