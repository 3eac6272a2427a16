import * as assert from 'assert/strict';
import { applyEdits } from '../../../src/engine/actions/action';
import { workerQueue } from '../../../src/engine/actions/workerQueue';
import { checkNotApplicable, proposalAt } from './actionTester';
import { instrumentedPythonFetch, runProgram } from './execution';

const run = (source: string) => runProgram('python3', source);

const program = (gather: string) => `${instrumentedPythonFetch}    if i == 9:
        raise ValueError(f"bad {i}")
    return i * i


async def main(ids, tolerant):
    return await ${gather}


print([r if isinstance(r, int) else repr(r) for r in asyncio.run(main(list(range(30)), True))])
try:
    asyncio.run(main(list(range(30)), False))
except ValueError as error:
    print("raised", error)
print("peak", peak)
`;

describe('worker-queue', () => {
  it('worker_queue_replaces_gather_with_a_queue_helper_before_the_statement', async () => {
    const { text, proposal } = await proposalAt(workerQueue, 'python', 'import asyncio\n\nasync def main(urls):\n    return await $0asyncio.gather(*[fetch(u) for u in urls])\n', 6);
    const result = applyEdits(text, proposal!.edits);
    assert.match(result, /\n {4}async def gather_with_workers\(awaitables, worker_count, return_exceptions=False\):\n/);
    assert.match(result, /queue = asyncio\.Queue\(\)/);
    assert.match(result, /await queue\.join\(\)/);
    assert.match(result, /running\.cancel\(\)/);
    assert.match(result, /return await gather_with_workers\(\[fetch\(u\) for u in urls\], 6\)\n$/);
  });

  it('worker_queue_keeps_return_exceptions', async () => {
    const { text, proposal } = await proposalAt(workerQueue, 'python', 'import asyncio\n\nasync def main(urls):\n    return await $0asyncio.gather(*(fetch(u) for u in urls), return_exceptions=True)\n');
    assert.match(applyEdits(text, proposal!.edits), /gather_with_workers\(\[fetch\(u\) for u in urls\], 16, return_exceptions=True\)/);
  });

  it('worker_queue_not_applicable_to_tasks_already_started', () =>
    checkNotApplicable(workerQueue, 'python', 'import asyncio\nasync def main(urls):\n    await $0asyncio.gather(*[asyncio.create_task(fetch(u)) for u in urls])\n'));

  it('runs: same results and exceptions as gather, and never more than N at once', async () => {
    const source = program('$0asyncio.gather(*[fetch(i) for i in ids], return_exceptions=tolerant)');
    const { text, proposal } = await proposalAt(workerQueue, 'python', source, 4);
    const current = applyEdits(text, proposal!.edits);
    const before = run(source.replace('$0', ''));
    const after = run(current);
    assert.deepEqual(after.slice(0, 2), before.slice(0, 2));
    assert.equal(before[2], 'peak 30');
    assert.equal(after[2], 'peak 4');
  });
});
