/**
 * Every snippet runs: placed in a small program whose placeholders are small working functions (sleep-based I/O
 * that counts how many calls run at once), it completes and prints what the pattern promises: results in order,
 * at most N at once for the bounded forms, a timeout when the work is slower than the limit, and a process that
 * exits promptly (no timer left keeping Node alive). TypeScript snippets run too, their types removed by tsc.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { instrumentedPythonFetch, runProgram } from '../actions/execution';
import { contributedSnippets, ContributedSnippet, ProgramOptions, programAround, repoRoot, snippetOf } from './snippetFiles';

interface RunCase extends ProgramOptions {
  prefix: string;
  /** What the case shows. */
  name: string;
  /** The lines the program prints. */
  expected: string[];
  /** The whole process (start to exit) must take less than this, in ms. */
  exitsWithinMs?: number;
  /** ... or at least this (the control cases, which prove the measurement can fail). */
  takesAtLeastMs?: number;
  /** A change to the snippet's body, for control cases only. */
  editBody?: (body: string) => string;
}

// fetch(item): counts calls in flight into `peak` (execution.ts), then returns item * 10, or raises for FAILING.
const pythonPrelude = `${instrumentedPythonFetch}
FAILING = None
completed = []
cancelled = []
_counted_fetch = fetch


async def fetch(item):
    await _counted_fetch(item)
    if item == FAILING:
        raise ValueError(f"item {item} failed")
    completed.append(item)
    return item * 10


process = fetch


async def slow():
    try:
        await asyncio.sleep(3)
        return "late"
    except asyncio.CancelledError:
        cancelled.append("slow")
        raise


async def delayed(item):
    await asyncio.sleep(item / 100)
    return item


items = list(range(1, 11))
`;

const pythonCases: RunCase[] = [
  { prefix: 'agather', name: 'all at once, results in order', after: 'print(results, peak)', expected: ['[10, 20, 30, 40, 50, 60, 70, 80, 90, 100] 10'] },
  {
    prefix: 'agather', name: 'return_exceptions=True returns the failure in its place', values: { 5: 'True' }, prelude: 'FAILING = 3',
    after: 'print([type(r).__name__ if isinstance(r, Exception) else r for r in results])',
    expected: ["[10, 20, 'ValueError', 40, 50, 60, 70, 80, 90, 100]"],
  },
  { prefix: 'ataskgroup', name: 'all at once, results in order', after: 'print(results, peak)', expected: ['[10, 20, 30, 40, 50, 60, 70, 80, 90, 100] 10'] },
  {
    prefix: 'ataskgroup', name: 'a failure cancels the others and raises an ExceptionGroup', prelude: 'FAILING = 1\nitems = [1, "slow"]',
    values: { 1: '(lambda item: slow() if item == "slow" else fetch(item))' }, after: 'print("not reached")', epilogue: 'print(cancelled)',
    expected: ["main raised: ExceptionGroup('unhandled errors in a TaskGroup', [ValueError('item 1 failed')])", "['slow']"],
    exitsWithinMs: 2000,
  },
  { prefix: 'asem', name: 'at most N at once, results in order', values: { 1: '3' }, after: 'print(results, peak)', expected: ['[10, 20, 30, 40, 50, 60, 70, 80, 90, 100] 3'] },
  { prefix: 'aqueue', name: 'every item consumed in order, one at a time; the sentinel stops the consumer', values: { 1: '2' }, after: 'print(completed, peak)', expected: ['[1, 2, 3, 4, 5, 6, 7, 8, 9, 10] 1'] },
  {
    prefix: 'aworkers', name: 'at most N at once; a failure is collected and the other items still processed', values: { 4: '3' }, prelude: 'FAILING = 3',
    after: 'print(sorted(completed), peak, [(item, type(error).__name__) for item, error in failures])',
    expected: ["[1, 2, 4, 5, 6, 7, 8, 9, 10] 3 [(3, 'ValueError')]"],
  },
  { prefix: 'atimeout', name: 'fast work: its result', values: { 2: 'fetch(1)' }, after: 'print(result)', expected: ['10'] },
  {
    prefix: 'atimeout', name: 'slow work: cancelled at the limit, the fallback used', values: { 2: 'slow()', 3: '0.1' },
    after: 'print(result, cancelled)', expected: ["None ['slow']"], exitsWithinMs: 2000,
  },
  { prefix: 'atimeoutwith', name: 'fast work: its result', values: { 3: 'fetch(1)' }, after: 'print(result)', expected: ['10'] },
  {
    prefix: 'atimeoutwith', name: 'slow work: cancelled at the limit, the fallback used', values: { 1: '0.1', 3: 'slow()' },
    after: 'print(result, cancelled)', expected: ["None ['slow']"], exitsWithinMs: 2000,
  },
  { prefix: 'arun', name: 'runs main', values: { 1: 'print("main ran")' }, prelude: '', expected: ['main ran'] },
  {
    prefix: 'acompleted', name: 'results in completion order', values: { 1: 'delayed' }, prelude: 'items = [3, 1, 2]\norder = []',
    atCursor: 'order.append(result)', after: 'print(order)', expected: ['[1, 2, 3]'],
  },
];

// fetchItem(item, { signal }): counts calls in flight into `peak`, waits 5 ms, returns item * 10 or rejects for
// `failing`; with `slowItems`, the other items take 3 s unless their signal aborts them.
const javaScriptPrelude = `let inFlight = 0;
let peak = 0;
let failing;
let slowItems = false;
let aborted = 0;
const completed = [];
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function fetchItem(item, options = {}) {
  inFlight++;
  peak = Math.max(peak, inFlight);
  try {
    if (slowItems && item !== failing) {
      await new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, 3000);
        options.signal?.addEventListener('abort', () => {
          aborted++;
          clearTimeout(timer);
          reject(options.signal.reason);
        });
      });
    }
    await pause(5);
    if (item === failing) throw new Error(\`item \${item} failed\`);
    completed.push(item);
    return item * 10;
  } finally {
    inFlight--;
  }
}
const processItem = fetchItem;
const slowWork = () => new Promise((resolve) => setTimeout(resolve, 3000, 'late').unref());
let items = Array.from({ length: 10 }, (_, i) => i + 1);
`;

/** A local server for the fetch snippet: answers after \`delayMs\` (a timer that does not itself keep Node alive). */
const server = (delayMs: number) => `import http from 'node:http';
const server = http.createServer((request, response) => setTimeout(() => response.end('body'), ${delayMs}).unref());
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = \`http://127.0.0.1:\${server.address().port}/\`;`;
const closeServer = 'server.closeAllConnections();\nserver.close();';

const javaScriptCases: RunCase[] = [
  { prefix: 'pall', name: 'all at once, results in order', after: 'console.log(JSON.stringify(results), peak);', expected: ['[10,20,30,40,50,60,70,80,90,100] 10'] },
  {
    prefix: 'psettled', name: 'never rejects; values and errors partitioned', prelude: 'failing = 3;',
    after: 'console.log(JSON.stringify(values), errors.map((error) => error.message));',
    expected: ["[10,20,40,50,60,70,80,90,100] [ 'item 3 failed' ]"],
  },
  { prefix: 'plimit', name: 'at most N at once, results in order', values: { 1: '3' }, after: 'console.log(JSON.stringify(results), peak);', expected: ['[10,20,30,40,50,60,70,80,90,100] 3'] },
  {
    prefix: 'plimit', name: 'a failure rejects, and frees its slot for the items still waiting', values: { 1: '1' }, prelude: 'failing = 1;',
    epilogue: 'await pause(200);\nconsole.log(peak, JSON.stringify(completed));', expected: ['main rejected: Error item 1 failed', '1 [2,3,4,5,6,7,8,9,10]'],
  },
  {
    prefix: 'plimitpkg', name: 'at most N at once, results in order', values: { 1: '3' }, prelude: "import pLimit from 'p-limit';",
    after: 'console.log(JSON.stringify(results), peak);', expected: ['[10,20,30,40,50,60,70,80,90,100] 3'],
  },
  { prefix: 'pqueue', name: 'N workers: at most N at once, results in order', values: { 5: '3' }, after: 'console.log(JSON.stringify(results), peak);', expected: ['[10,20,30,40,50,60,70,80,90,100] 3'] },
  {
    prefix: 'ptimeout', name: 'a fast response is read, and the 5 s signal does not keep Node alive', prelude: server(0),
    atCursor: 'console.log(await response.text());', after: closeServer, expected: ['body'], exitsWithinMs: 2500,
  },
  {
    prefix: 'ptimeout', name: 'a slow response is aborted at the limit', prelude: server(3000), values: { 3: '100', 4: "console.log('timed out');" },
    atCursor: 'console.log(await response.text());', after: closeServer, expected: ['timed out'], exitsWithinMs: 2500,
  },
  {
    prefix: 'pwithtimeout', name: 'fast work: its result, and the 5 s timer is cleared so Node exits at once', values: { 2: 'fetchItem(1)' },
    after: 'console.log(result);', expected: ['10'], exitsWithinMs: 2500,
  },
  {
    prefix: 'pwithtimeout', name: 'control: without clearTimeout the same program lives until the timer fires', values: { 2: 'fetchItem(1)', 3: '3000' },
    editBody: body => body.replace('.finally(() => clearTimeout(timer))', ''), after: 'console.log(result);', expected: ['10'], takesAtLeastMs: 3000,
  },
  {
    prefix: 'pwithtimeout', name: 'slow work: rejects with a TimeoutError at the limit', values: { 2: 'slowWork()', 3: '100' },
    expected: ['main rejected: TimeoutError timed out after 100 ms'], exitsWithinMs: 2500,
  },
  {
    prefix: 'pabort', name: 'the first failure aborts the calls still running', prelude: 'failing = 1;\nslowItems = true;',
    epilogue: 'console.log(aborted, inFlight);', expected: ['main rejected: Error item 1 failed', '9 0'], exitsWithinMs: 2500,
  },
  {
    prefix: 'psleep', name: 'resolves after the time given',
    after: 'const start = Date.now();\nawait sleep(50);\nconsole.log(Date.now() - start >= 45);', expected: ['true'],
  },
];

/** Where JavaScript programs run: inside the repository, so that `import 'p-limit'` resolves. */
const runFolder = path.join(repoRoot, 'out', 'snippet-runs');

function runCase(snippet: ContributedSnippet, runCase: RunCase): { lines: string[]; elapsedMs: number } {
  const edited = runCase.editBody ? { ...snippet, body: runCase.editBody(snippet.body) } : snippet;
  if (runCase.editBody) assert.notEqual(edited.body, snippet.body, 'the control case changes the snippet');
  const python = snippet.family === 'python';
  const prelude = (python ? pythonPrelude : javaScriptPrelude) + (runCase.prelude ? `\n${runCase.prelude}\n` : '');
  let program = programAround(edited, { ...runCase, prelude });
  if (snippet.family === 'typescript') {
    program = ts.transpileModule(program, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
  }
  fs.mkdirSync(runFolder, { recursive: true });
  const start = Date.now();
  const lines = runProgram(python ? 'python3' : 'node', program, python ? {} : { folder: runFolder, fileName: `${snippet.family}-${snippet.prefix}-${process.pid}.mjs` });
  return { lines, elapsedMs: Date.now() - start };
}

describe('snippets run', function () {
  this.timeout(60000);
  const families = [
    { family: 'python' as const, cases: pythonCases },
    { family: 'javascript' as const, cases: javaScriptCases },
    { family: 'typescript' as const, cases: javaScriptCases },
  ];
  for (const { family, cases } of families) {
    describe(family, () => {
      for (const testCase of cases) {
        it(`${testCase.prefix}: ${testCase.name}`, () => {
          const { lines, elapsedMs } = runCase(snippetOf(family, testCase.prefix), testCase);
          assert.deepEqual(lines, testCase.expected);
          if (testCase.exitsWithinMs !== undefined) assert.ok(elapsedMs < testCase.exitsWithinMs, `exited after ${elapsedMs} ms`);
          if (testCase.takesAtLeastMs !== undefined) assert.ok(elapsedMs >= testCase.takesAtLeastMs, `exited after ${elapsedMs} ms`);
        });
      }
    });
  }

  it('has a case for every snippet', () => {
    for (const snippet of contributedSnippets()) {
      const cases = snippet.family === 'python' ? pythonCases : javaScriptCases;
      assert.ok(cases.some(c => c.prefix === snippet.prefix), `${snippet.family} ${snippet.prefix}`);
    }
  });
});
