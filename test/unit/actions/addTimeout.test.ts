import * as assert from 'assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { addTimeout } from '../../../src/engine/actions/addTimeout';
import { GrammarId } from '../../../src/engine/languages';
import { refactorAt } from './actionTester';

function timeoutAt(grammar: GrammarId, marked: string, pythonVersion = '3.10') {
  return refactorAt(addTimeout, grammar, marked, { pythonVersion });
}

function run(command: string, name: string, source: string): string[] {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'async-patterns-timeout-')), name);
  fs.writeFileSync(file, source);
  return execFileSync(command, [file], { encoding: 'utf8' }).trim().split('\n');
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
