/**
 * The actions ask the resolver which name a module is bound to where their code goes, and the catalogue what a call
 * is (issue 13): cases a regex over the file's text got wrong, each failing with the old regexes.
 */
import * as assert from 'assert/strict';
import { addTimeout } from '../../../src/engine/actions/addTimeout';
import { awaitTogether } from '../../../src/engine/actions/awaitTogether';
import { limitWithPLimit } from '../../../src/engine/actions/limitWithPLimit';
import { limitConcurrency } from '../../../src/engine/actions/limitConcurrency';
import { workerQueue } from '../../../src/engine/actions/workerQueue';
import { checkNotApplicable, proposalAt, refactorAt } from './actionTester';

describe('actions read the resolver and the catalogue', () => {
  describe('the one Python importer', () => {
    it('add_timeout_an_import_inside_another_function_is_not_seen_here_so_one_is_added', async () => {
      const { result } = await refactorAt(addTimeout, 'python', 'def setup():\n    import asyncio\n    return asyncio\n\nasync def main(url):\n    return await fetch_d$0ata(url)\n', { pythonVersion: '3.10' });
      assert.equal(result, 'import asyncio\ndef setup():\n    import asyncio\n    return asyncio\n\nasync def main(url):\n    return await asyncio.wait_for(fetch_data(url), timeout=10)\n');
    });

    it('add_timeout_an_import_in_the_enclosing_function_is_used', async () => {
      const { result } = await refactorAt(addTimeout, 'python', 'async def main(url):\n    import asyncio as aio\n    return await fetch_d$0ata(url)\n', { pythonVersion: '3.10' });
      assert.equal(result, 'async def main(url):\n    import asyncio as aio\n    return await aio.wait_for(fetch_data(url), timeout=10)\n');
    });

    it('add_timeout_not_applicable_where_asyncio_names_something_else', async () => {
      const { proposal } = await refactorAt(addTimeout, 'python', 'async def main(asyncio, url):\n    return await fetch_d$0ata(url)\n', { pythonVersion: '3.10' });
      assert.equal(proposal, undefined);
    });

    it('await_together_an_import_written_in_the_docstring_is_no_import', async () => {
      const { result } = await refactorAt(awaitTogether, 'python', '"""Usage:\nimport asyncio as aio\n"""\nasync def main(i):\n    $0a = await x(i)\n    b = await y(i)\n');
      assert.equal(result, '"""Usage:\nimport asyncio as aio\n"""\nimport asyncio\nasync def main(i):\n    a, b = await asyncio.gather(x(i), y(i))\n');
    });
  });

  describe('calls by qualified name and role', () => {
    it('limit_concurrency_gather_imported_under_another_name', async () => {
      const { result } = await refactorAt(limitConcurrency, 'python', 'import asyncio\nfrom asyncio import gather as g\n\nasync def main(urls):\n    return await $0g(*[fetch(u) for u in urls])\n');
      assert.equal(result, 'import asyncio\nfrom asyncio import gather as g\n\nasync def main(urls):\n    semaphore = asyncio.Semaphore(16)\n\n    async def run_limited(awaitable):\n        async with semaphore:\n            return await awaitable\n\n    return await g(*[run_limited(fetch(u)) for u in urls])\n');
    });

    it('limit_concurrency_not_applicable_to_a_promise_class_of_the_file', async () => {
      const { proposal } = await refactorAt(limitConcurrency, 'typescript', 'class Promise { static all(xs: unknown[]) { return xs; } }\nexport async function f(ids: string[]) {\n  return $0Promise.all(ids.map(id => load(id)));\n}\n');
      assert.equal(proposal, undefined);
    });

    it('worker_queue_not_applicable_to_tasks_started_by_an_imported_create_task', () => checkNotApplicable(workerQueue, 'python',
      'import asyncio\nfrom asyncio import create_task as start\n\nasync def main(urls):\n    return await $0asyncio.gather(*[start(fetch(u)) for u in urls])\n'));

    it('add_timeout_a_fetch_of_the_file_s_own_gets_the_helper_not_a_signal_it_would_ignore', async () => {
      const { result } = await refactorAt(addTimeout, 'typescript', 'async function fetch(url: string): Promise<string> {\n  return url;\n}\nexport async function f(url: string) {\n  return await fet$0ch(url);\n}\n');
      assert.ok(result?.includes('return await withTimeout(fetch(url), 10000);'), result);
    });

    it('add_timeout_the_global_fetch_gets_a_signal', async () => {
      const { result } = await refactorAt(addTimeout, 'typescript', 'export async function f(url: string) {\n  return await fet$0ch(url);\n}\n');
      assert.equal(result, 'export async function f(url: string) {\n  return await fetch(url, { signal: AbortSignal.timeout(10000) });\n}\n');
    });

    it('limit_with_p_limit_an_import_in_a_comment_binds_nothing', async () => {
      // A CommonJS file: p-limit (ESM-only) cannot be added, and the commented-out import binds no `pLimit`.
      const { proposal } = await proposalAt(limitWithPLimit, 'tsx',
        "// import pLimit from 'p-limit';\nconst api = require('./api');\nexports.f = async ids => $0Promise.all(ids.map(id => api.fetchUser(id)));\n",
        { dependencies: ['p-limit'], moduleSystem: 'commonjs' });
      assert.equal(proposal, undefined);
    });
  });
});
