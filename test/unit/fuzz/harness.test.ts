/**
 * The fuzz test's own machinery: it must see each kind of failure when there is one (a fuzz test that cannot fail
 * proves nothing), and replay the same inputs from the same seed.
 */
import * as assert from 'assert/strict';
import { applyEdits, CodeActionProposal } from '../../../src/engine/actions/action';
import { RefactoringContext, RefactoringProvider } from '../../../src/engine/actions/refactoring';
import { IncrementalAnalysis } from '../../../src/engine/incrementalAnalysis';
import { Worker } from 'worker_threads';
import { loadParsers, startWatchdog } from './campaign';
import { CodeActions, Exerciser } from './exercise';
import { mutate } from './mutations';
import { PythonCompiler } from './pythonCompiler';
import { Random } from './random';

const source = 'import asyncio\n\nasync def main(urls):\n    return await asyncio.gather(*[fetch(u) for u in urls])\n';

/** A refactoring offered everywhere that does `edit` to the text. */
function brokenRefactoring(id: string, edit: (context: RefactoringContext) => Omit<CodeActionProposal, 'id' | 'title' | 'kind' | 'isPreferred'>): CodeActions {
  const provider: RefactoringProvider = { id, provide: context => ({ id, title: id, kind: 'refactor.rewrite', isPreferred: false, ...edit(context) }) };
  return { quickFixes: [], refactorings: [provider], quickFixesFor: () => [], refactoringsAt: context => [provider.provide(context)!] };
}

async function failuresWith(actions: CodeActions) {
  const exerciser = new Exerciser(await loadParsers(), { simulationMilliseconds: 20, hangSlackMilliseconds: 150, simulationsPerInput: 1, skipVisualizer: true }, () => {}, actions);
  return exerciser.exercise({ grammar: 'python', text: source, origin: 'harness test' }, new Random(1), { analysis: new IncrementalAnalysis() });
}

describe('fuzz harness', () => {
  it('reports an exception, with the provider that threw', async () => {
    const failures = await failuresWith(brokenRefactoring('throws', () => { throw new Error('boom'); }));
    assert.ok(failures.some(f => f.category === 'exception' && f.stage === 'refactoring throws' && /boom/.test(f.detail)), JSON.stringify(failures));
  });

  it('reports a fix that breaks a file that parsed', async () => {
    const colon = source.indexOf(':');
    const failures = await failuresWith(brokenRefactoring('drops-a-colon', () => ({ edits: [{ startIndex: colon, endIndex: colon + 1, newText: '' }] })));
    assert.ok(failures.some(f => f.category === 'broken-fix' && f.stage === 'refactoring drops-a-colon' && /syntax error/.test(f.detail)), JSON.stringify(failures));
  });

  it('reports a selected limit that is not the number written, and overlapping edits', async () => {
    const at = source.indexOf('urls');
    const wrongLimit = await failuresWith(brokenRefactoring('wrong-limit', () => ({ edits: [{ startIndex: 0, endIndex: 0, newText: '# 7\n' }], limit: { startIndex: 0, endIndex: 1 } })));
    assert.ok(wrongLimit.some(f => f.category === 'broken-fix' && /selected limit/.test(f.detail)), JSON.stringify(wrongLimit));
    const overlapping = await failuresWith(brokenRefactoring('overlaps', () => ({ edits: [{ startIndex: at, endIndex: at + 4, newText: 'a' }, { startIndex: at + 2, endIndex: at + 3, newText: 'b' }] })));
    assert.ok(overlapping.some(f => f.category === 'broken-fix' && /overlap/.test(f.detail)), JSON.stringify(overlapping));
  });

  it('hands CPython what tree-sitter accepts, and CPython rejects an import before from __future__', async () => {
    const future = 'from __future__ import annotations\n';
    const exerciser = new Exerciser(await loadParsers(), { simulationMilliseconds: 20, hangSlackMilliseconds: 150, simulationsPerInput: 1, skipVisualizer: true }, () => {},
      brokenRefactoring('import-first', () => ({ edits: [{ startIndex: 0, endIndex: 0, newText: 'import os\n' }] })));
    const input = future + source;
    assert.deepEqual(exerciser.exercise({ grammar: 'python', text: input, origin: 'harness test' }, new Random(1)), []);
    const results = exerciser.pythonResults.map(result => result.text);
    assert.ok(results.length > 0 && results.every(result => result === applyEdits(input, [{ startIndex: 0, endIndex: 0, newText: 'import os\n' }])));
    const compiler = new PythonCompiler();
    try {
      assert.deepEqual(await compiler.errors(input, results.slice(0, 1)), [[0, 'from __future__ imports must occur at the beginning of the file']]);
      // An input CPython rejects says nothing about its fixes.
      assert.deepEqual(await compiler.errors('def f(:\n', ['x = 1\n']), []);
    } finally {
      compiler.close();
    }
  });

  it('replays the same mutations from the same seed', () => {
    const run = (seed: number) => {
      const random = new Random(seed);
      return Array.from({ length: 20 }, () => mutate(source, random, () => 'other = 1\n'));
    };
    assert.deepEqual(run(42), run(42));
    assert.notDeepEqual(run(42), run(43));
  });
});

describe("the fuzz's watchdog", function () {
  this.timeout(30000);
  // The watchdog counts this whole process's CPU time (the worker's, and whatever else the test run does meanwhile),
  // so each limit below leaves room for what the rest of the process may use while a case runs.

  it('stops a worker that burns CPU', async () => {
    const worker = new Worker('for (;;) {}', { eval: true });
    await new Promise(resolve => worker.once('online', resolve));
    const started = performance.now();
    await new Promise<void>(resolve => startWatchdog(300, resolve, 20000));
    const elapsed = performance.now() - started;
    await worker.terminate();
    assert.ok(elapsed >= 100 && elapsed < 20000, `stopped after ${Math.round(elapsed)} ms: by the CPU limit, not the wall-time cap`);
  });

  it('lets a worker that waits longer than the CPU limit, without using the CPU, finish (a core busy elsewhere)', async () => {
    const worker = new Worker("const { parentPort } = require('worker_threads'); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 900); parentPort.postMessage('done');", { eval: true });
    const first = await new Promise<string>(resolve => {
      const timer = startWatchdog(300, () => resolve('stopped'));
      worker.once('message', () => {
        clearInterval(timer);
        resolve('finished');
      });
    });
    await worker.terminate();
    assert.equal(first, 'finished');
  });

  it('stops a worker blocked without using CPU at the wall-time cap', async () => {
    const worker = new Worker('Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);', { eval: true });
    await new Promise(resolve => worker.once('online', resolve));
    const started = performance.now();
    await new Promise<void>(resolve => startWatchdog(20000, resolve, 500));
    const elapsed = performance.now() - started;
    await worker.terminate();
    assert.ok(elapsed >= 500, `stopped after ${Math.round(elapsed)} ms, before its 500 ms of wall time`);
  });
});
