/**
 * The incremental analysis must always agree with a full analysis of the same text, while re-checking only the
 * top-level statements an edit can have changed the verdict of.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import type { Parser, Tree } from 'web-tree-sitter';
import { analyze } from '../../../src/engine/analyze';
import { charactersPerIndexStep, FileLevelNames } from '../../../src/engine/fanout/fileLevelNames';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { charactersOfNamesPerStep, ReadUnit, unitsOf } from '../../../src/engine/analysisUnits';
import { IncrementalAnalysis } from '../../../src/engine/incrementalAnalysis';
import { familyOf, GrammarId, grammarForFileName } from '../../../src/engine/languages';
import { ParseCache } from '../../../src/engine/parseCache';
import { unboundedFanout } from '../../../src/engine/rules/unboundedFanout';
import { SyntaxIndex } from '../../../src/engine/syntax';
import { random, randomEdit } from './randomEdits';
import { applyChange } from './textEdits';
import { parseForAnalysis } from '../../../src/engine/parseForAnalysis';

const grammars = new GrammarLoader(packageWasmLocator());

interface EditCase {
  name: string;
  grammar: GrammarId;
  before: string;
  /**
   * Text replacements applied one after another, each followed by a re-analysis; optionally how many units it must
   * check again or reuse, and how many findings there must be (proof that the edit changes the verdict the case is
   * about).
   */
  edits: Array<{ find: string; replace: string; expectChecked?: number; expectReused?: number; expectFindings?: number }>;
  /** The rule's level; the strict one when absent. */
  level?: 'recommended' | 'strict';
}

const cases: EditCase[] = [
  {
    name: 'typing inside one function re-checks only that function',
    grammar: 'python',
    before: `import asyncio

async def fetch(u):
    return u

async def load_orders(order_ids):
    return await asyncio.gather(*[fetch(o) for o in order_ids])

async def load_users(user_ids):
    return await asyncio.gather(*[fetch(u) for u in user_ids])
`,
    edits: [{ find: 'return await asyncio.gather(*[fetch(u) for u in user_ids])', replace: 'return await asyncio.gather(*[fetch(u) for u in user_ids[:5]])', expectChecked: 1 }],
  },
  {
    name: 'adding a semaphore to a called function re-checks its callers',
    grammar: 'python',
    before: `import asyncio

sem = asyncio.Semaphore(4)

async def fetch(u):
    return u

async def main(urls):
    return await asyncio.gather(*[fetch(u) for u in urls])
`,
    edits: [
      { find: 'async def fetch(u):\n    return u', replace: 'async def fetch(u):\n    async with sem:\n        return u' },
      { find: 'async with sem:\n        return u', replace: 'return u' },
    ],
  },
  {
    name: 'changing a module-level constant re-checks the collections sized by it',
    grammar: 'python',
    before: `import asyncio

WORKERS = 4

async def main():
    await asyncio.gather(*[work(i) for i in range(WORKERS)])
`,
    edits: [{ find: 'WORKERS = 4', replace: 'WORKERS = 400' }, { find: 'WORKERS = 400', replace: 'WORKERS = 8' }],
  },
  {
    name: 'lines inserted above move the findings below',
    grammar: 'typescript',
    before: `export async function loadUsers(ids: string[]) {
  return Promise.all(ids.map(id => fetchUser(id)));
}
`,
    edits: [{ find: 'export async', replace: '// Users.\n\nexport async' }, { find: '// Users.\n\n', replace: '' }],
  },
  {
    name: 'a shared limiter defined at file level, then removed',
    grammar: 'typescript',
    before: `import pLimit from 'p-limit';
const limit = pLimit(4);

export async function loadUsers(ids: string[]) {
  return Promise.all(ids.map(id => limit(() => fetchUser(id))));
}
`,
    edits: [{ find: "const limit = pLimit(4);", replace: 'const limit = (f: () => Promise<unknown>) => f();' }],
  },
  {
    // tree-sitter-python recovers from `xdef ...:` before a `try` by making the rest of the file one ERROR: the
    // functions after it are the same statements, now inside the ERROR, and keep their findings (the first one loses
    // its `async` to the ERROR, so it changed). Before, every statement after the broken line was checked again.
    name: 'a broken def line that makes the rest of the file one syntax error re-checks only what it changed',
    grammar: 'python',
    before: `import asyncio


def parse(raw, *, separator=","):
    try:
        return raw.split(separator)
    except ValueError as error:
        raise ValueError("bad line") from error


async def load_orders(order_ids):
    return await asyncio.gather(*[fetch(o) for o in order_ids])


async def load_users(user_ids):
    return await asyncio.gather(*[fetch(u) for u in user_ids])


async def load_regions():
    return await asyncio.gather(*[fetch(r) for r in ("eu", "us")])
`,
    edits: [
      { find: 'def parse', replace: 'xdef parse', expectReused: 3 },
      { find: 'xdef parse', replace: 'def parse', expectReused: 3, expectFindings: 2 },
    ],
  },
  {
    name: 'a suppression comment on its own line above a statement',
    grammar: 'python',
    before: `import asyncio

async def main(urls):
    await asyncio.gather(*[fetch(u) for u in urls])
`,
    edits: [{ find: '    await asyncio', replace: '    # async-patterns: ignore[unbounded-fanout]\n    await asyncio' }],
  },
  {
    name: 'renaming a parameter on a def line re-checks that def alone when nothing calls it',
    grammar: 'python',
    before: `import asyncio

async def load_orders(order_ids):
    return await asyncio.gather(*[fetch(o) for o in order_ids])

async def load_users(user_ids):
    return await asyncio.gather(*[fetch(u) for u in user_ids])
`,
    edits: [{ find: 'load_users(user_ids)', replace: 'load_users(user_idsx)', expectChecked: 1, expectFindings: 2 }],
  },
  {
    name: 'an import of gather from asyncio, added and removed, changes what a bare gather is',
    grammar: 'python',
    before: `import os

async def main(urls):
    return await gather(*[fetch(u) for u in urls])
`,
    edits: [
      { find: 'import os', replace: 'from asyncio import gather', expectFindings: 1 },
      { find: 'from asyncio import gather', replace: 'import os', expectFindings: 0 },
    ],
  },
  {
    // An import binds in its scope (the resolver's reading): one inside another function names nothing in `main`.
    name: 'another name for asyncio, imported inside a function elsewhere, then at module level',
    grammar: 'python',
    before: `def setup():
    pass

async def main(urls):
    return await aio.gather(*[fetch(u) for u in urls])
`,
    edits: [
      { find: '    pass', replace: '    import asyncio as aio', expectFindings: 0 },
      { find: 'def setup():\n    import asyncio as aio', replace: 'import asyncio as aio', expectChecked: 2, expectFindings: 1 },
    ],
  },
  {
    name: 'a loop at module level that a gather in another statement covers',
    grammar: 'python',
    before: `import asyncio
loop = asyncio.get_event_loop()
tasks = []
for u in urls:
    tasks.append(loop.create_task(fetch(u)))
loop.run_until_complete(asyncio.gather(*tasks))
`,
    edits: [
      { find: 'loop.run_until_complete(asyncio.gather(*tasks))', replace: 'loop.run_forever()', expectFindings: 1 },
      { find: 'loop.run_forever()', replace: 'loop.run_until_complete(asyncio.gather(*tasks))', expectFindings: 1 },
    ],
  },
  {
    name: 'two definitions of a constant swapped in one edit',
    grammar: 'python',
    before: `import asyncio
N = 3
asyncio.run(asyncio.gather(*[f(i) for i in range(N)]))
N = 300
`,
    edits: [{ find: 'N = 3\nasyncio.run(asyncio.gather(*[f(i) for i in range(N)]))\nN = 300', replace: 'N = 300\nasyncio.run(asyncio.gather(*[f(i) for i in range(N)]))\nN = 3', expectFindings: 1 }],
  },
  {
    name: 'a bracket that turns the whole file into one syntax error: its statements are reused, typing re-checks one',
    grammar: 'python',
    before: `import asyncio


async def first(urls):
    return await asyncio.gather(*[fetch(u) for u in urls])


def helper(rows):
    return [row for row in rows]


async def second(urls):
    return await asyncio.gather(*[fetch(u) for u in urls])


async def third(urls):
    return await asyncio.gather(*[fetch(u) for u in urls])


async def fourth(urls):
    return await asyncio.gather(*[fetch(u) for u in urls])
`,
    edits: [
      { find: 'third(urls):\n    return', replace: 'third(urls):\n (   return' },
      { find: 'first(urls)', replace: 'first(urlsx)', expectChecked: 1, expectReused: 4 },
      { find: '\n (   return', replace: '\n    return', expectFindings: 4 },
    ],
  },
  {
    name: 'a function too long for one step is checked in parts: a gather at its end still covers the loop at its start',
    grammar: 'python',
    before: `import asyncio

async def crawl(urls):
    tasks = []
    for u in urls:
        tasks.append(asyncio.create_task(fetch(u)))
${Array.from({ length: 150 }, (_, i) => `    log.debug("step ${i} of the crawl, with a line long enough to fill a step")`).join('\n')}
    return await asyncio.gather(*tasks)
`,
    edits: [
      { find: 'step 7 of', replace: 'step 7a of', expectChecked: 1, expectFindings: 1 },
      { find: '    return await asyncio.gather(*tasks)', replace: '    return tasks', expectFindings: 1 },
    ],
  },
  {
    name: 'a file-level Promise declared, then removed',
    grammar: 'typescript',
    before: `const a = 1;

export async function loadUsers(ids: string[]) {
  return Promise.all(ids.map(id => fetchUser(id)));
}
`,
    edits: [
      { find: 'const a = 1;', replace: 'const Promise = Bluebird;', expectFindings: 0 },
      { find: 'const Promise = Bluebird;', replace: 'const a = 1;', expectFindings: 1 },
    ],
  },
  {
    name: 'a let reassigned inside another function',
    grammar: 'typescript',
    before: `let ids = [1, 2, 3];

export async function load() {
  return Promise.all(ids.map(id => fetchUser(id)));
}

function reset() {
  console.log('reset');
}
`,
    edits: [{ find: "console.log('reset');", replace: 'ids = [];', expectChecked: 2, expectFindings: 1 }],
  },
  {
    name: 'a limiter package named elsewhere in the file changes what a limiter call is',
    grammar: 'typescript',
    before: `import pLimit from 'not-a-limiter';
const queueName = 'some-queue';

export async function loadUsers(ids: string[]) {
  return Promise.all(ids.map(id => pLimit(2)(() => fetchUser(id))));
}
`,
    edits: [
      { find: "'some-queue'", replace: "'p-queue'", expectChecked: 2 },
      { find: "'p-queue'", replace: "'some-queue'", expectChecked: 2 },
    ],
  },
  {
    // `pLimit` no longer resolves to the import, but reads as a limiter factory by its name: no verdict changes, and
    // none that only asked that is checked again (before, every fan-out through `limit` was).
    name: 'a limiter import renamed to a name that still reads as a limiter factory re-checks only the import',
    grammar: 'typescript',
    before: `import pLimit from 'p-limit';
const limit = pLimit(4);

export async function loadUsers(ids: string[]) {
  return Promise.all(ids.map(id => limit(() => fetchUser(id))));
}

export async function loadOrders(ids: string[]) {
  return Promise.all(ids.map(id => limit(() => fetchOrder(id))));
}
`,
    edits: [
      { find: 'import pLimit from', replace: 'import pLimitx from', expectChecked: 1, expectFindings: 0 },
      // The broken line falls apart into four statements: those are checked, nothing else.
      { find: 'import pLimitx from', replace: 'ximport pLimit from', expectChecked: 4, expectFindings: 0 },
      { find: 'ximport pLimit from', replace: 'import pLimit from', expectChecked: 1, expectFindings: 0 },
    ],
  },
  {
    // The names assigned a limiter are kept from the last run's search when an edit changes no call assignment and
    // not whether the file names a limiter package: every other edit must make them again (a name missing from them
    // is no limiter, whatever it is bound to).
    name: 'the names assigned a limiter follow edits of the assignments and of the limiter package named',
    grammar: 'typescript',
    before: `import makeGate from 'p-limit';
const gatex = makeGate(4);
const other = build(1);

export async function loadUsers(ids: string[]) {
  return Promise.all(ids.map(id => gate(() => fetchUser(id))));
}
`,
    edits: [
      { find: 'fetchUser(id)', replace: 'fetchUsers(id)', expectChecked: 1, expectFindings: 1 },
      { find: 'const gatex = makeGate(4);', replace: 'const gate = makeGate(4);', expectFindings: 0 },
      // The same assignments, in a file that no longer names a limiter package: `gate` is no limiter's name...
      { find: "from 'p-limit'", replace: "from 'not-a-limiter'", expectFindings: 1 },
      { find: 'const other = build(1);', replace: 'const other2 = build(1);', expectFindings: 1 },
      // ...until it names one again.
      { find: "from 'not-a-limiter'", replace: "from 'p-limit'", expectFindings: 0 },
      // Moved: the same assignments in another order.
      { find: 'const gate = makeGate(4);\nconst other2 = build(1);', replace: 'const other2 = build(1);\nconst gate = makeGate(4);', expectFindings: 0 },
    ],
  },
  {
    name: 'an import from a module whose name holds a name the file uses re-checks only the import',
    grammar: 'typescript',
    before: `import { format } from './limit';
const limit = 10;

export async function loadUsers(ids: string[]) {
  return Promise.all(ids.slice(0, limit).map(id => fetchUser(id)));
}
`,
    edits: [{ find: 'import { format }', replace: 'import { formatx }', expectChecked: 1, expectFindings: 0 }],
  },
  {
    name: 'a limiter import renamed so that its old name makes no limiter re-checks the fan-outs through it',
    grammar: 'typescript',
    before: `import createLimit from 'p-limit';
const limit = createLimit(4);

export async function loadUsers(ids: string[]) {
  return Promise.all(ids.map(id => limit(() => fetchUser(id))));
}

export async function loadOrders(ids: string[]) {
  return Promise.all(ids.map(id => limit(() => fetchOrder(id))));
}
`,
    edits: [
      { find: 'import createLimit from', replace: 'import createLimitx from', expectChecked: 3, expectFindings: 2 },
      { find: 'import createLimitx from', replace: 'import createLimit from', expectChecked: 3, expectFindings: 0 },
    ],
  },
  {
    name: 'a limiter class import renamed away and back re-checks the fan-outs through it',
    grammar: 'typescript',
    before: `import Queue from 'p-queue';
const queue = new Queue({ concurrency: 2 });

export async function loadUsers(ids: string[]) {
  return Promise.all(ids.map(id => queue.add(() => fetchUser(id))));
}
`,
    edits: [
      { find: 'import Queue from', replace: 'import Queuex from', expectChecked: 2, expectFindings: 1 },
      { find: 'import Queuex from', replace: 'import Queue from', expectChecked: 2, expectFindings: 0 },
    ],
  },
  {
    // `asyncio` no longer names the import, but `asyncio.gather` still names asyncio's gather (an unimported module
    // reads as itself): the fan-outs asked only that, so only the import is checked again (before, every unit was).
    name: 'the asyncio import renamed, broken and mended re-checks only the import (Python)',
    grammar: 'python',
    before: `import asyncio

async def load_users(ids):
    return await asyncio.gather(*[fetch_user(i) for i in ids])

async def load_orders(ids):
    sem = asyncio.Semaphore(4)
    return await asyncio.gather(*[fetch_order(i, sem) for i in ids])
`,
    edits: [
      { find: 'import asyncio\n', replace: 'import asynciox\n', expectChecked: 1, expectFindings: 2 },
      { find: 'import asynciox\n', replace: 'ximport asyncio\n', expectChecked: 2, expectFindings: 2 },
      { find: 'ximport asyncio\n', replace: '\nimport asyncio\n', expectChecked: 1, expectFindings: 2 },
    ],
  },
  {
    // `aio.gather` names asyncio's gather only through the import: the answer changes, so the fan-outs are checked.
    name: 'an aliased asyncio import renamed re-checks the fan-outs through the alias (Python)',
    grammar: 'python',
    before: `import asyncio as aio

async def load_users(ids):
    return await aio.gather(*[fetch_user(i) for i in ids])

async def load_orders(ids):
    return await aio.gather(*[fetch_order(i) for i in ids[:5]])
`,
    edits: [
      { find: 'import asyncio as aio', replace: 'import asyncio as aiox', expectChecked: 3, expectFindings: 0 },
      { find: 'import asyncio as aiox', replace: 'import asyncio as aio', expectChecked: 3, expectFindings: 1 },
    ],
  },
  {
    // A module-level binding of the name other than an import makes `asyncio.gather` name nothing.
    name: 'a module-level assignment to the module name re-checks the fan-outs through it (Python)',
    grammar: 'python',
    before: `import asyncio

def setup():
    pass

async def load_users(ids):
    return await asyncio.gather(*[fetch_user(i) for i in ids])
`,
    edits: [
      { find: 'def setup():\n    pass', replace: 'asyncio = None', expectChecked: 2, expectFindings: 0 },
      { find: 'asyncio = None', replace: 'def setup():\n    pass', expectChecked: 2, expectFindings: 1 },
    ],
  },
  {
    name: 'a statement sharing a line with the edit: the findings after it move sideways',
    grammar: 'typescript',
    before: `const a = 1; const all = Promise.all(ids.map(id => fetchUser(id)));
`,
    edits: [{ find: 'const a = 1;', replace: 'const a = 12;', expectChecked: 1 }, { find: 'const a = 12;', replace: 'let a=1;', expectChecked: 1 }],
  },

  // Found by the fuzz test (test/unit/fuzz): pairs of texts where the second used to differ from analyze().
  {
    name: 'fuzz: a unit that moves along its line takes its new column',
    grammar: 'typescript',
    before: 'return Promise.all(ids.map(fetchUser));',
    edits: [{ find: 'return', replace: ';return' }],
  },
  {
    name: 'fuzz: a finding of a unit parsed inside an error is not kept for a unit of the same text without one (Python)',
    grammar: 'python',
    before: 'r r=asyncio.gather(*(d))',
    edits: [{ find: 'r r=asyncio.gather(*(d))', replace: 'r' }],
  },
  {
    name: 'fuzz: a finding of an error-parsed unit is not kept once the text around it changes (TypeScript)',
    grammar: 'typescript',
    before: 'interface User {\r\n  id: string;\r\n  name: string;\r\n  return Promise.all(i;',
    edits: [{ find: ' Promise.all(i;', replace: '' }],
  },
  {
    // Every unit depends on the file's facts (whether it names a limiter package): a fact is the same for every copy.
    name: 'copies of one doc comment are not checked again after an edit elsewhere',
    grammar: 'typescript',
    before: `import pLimit from 'p-limit';\n\n/** Loads them all. */\nexport async function loadUsers(ids: string[]) {\n  return Promise.all(ids.map(fetchUser));\n}\n\n/** Loads them all. */\nexport async function loadOrders(ids: string[]) {\n  return Promise.all(ids.map(fetchOrder));\n}\n`,
    edits: [{ find: 'ids.map(fetchOrder)', replace: 'ids.map(fetchOrders)', expectChecked: 1, expectFindings: 2 }],
  },
  {
    // Whether the file reads as minified is the whole file's: a long line typed into another statement changes it.
    name: 'a line that makes the file read as minified silences the recommended level in units the edit left alone, and its removal brings them back',
    grammar: 'typescript',
    level: 'recommended',
    before: `import { readdir } from 'fs/promises';
export const banner = 'short';

export async function uploadAll(dir: string) {
  const names = await readdir(dir);
  await Promise.all(names.map(name => fetch(\`https://cdn.example/\${name}\`, { method: 'PUT' })));
}
`,
    edits: [
      { find: "'short'", replace: `'${'x'.repeat(3000)}'`, expectFindings: 0 },
      { find: `'${'x'.repeat(3000)}'`, replace: "'short'", expectFindings: 1 },
    ],
  },
  {
    name: 'fuzz: text appended after the last unit re-checks the unit it changes',
    grammar: 'tsx',
    before: 'const limit = pLimit(2);exports.run = asyn~c function run(queue) {\n  const jobs = await queue.fetchPending();\n  return Promise.allSettled(jobs.map(job => limit(() => handle(job))));\n};',
    edits: [{ find: '};', replace: '};n=function n(){' }],
  },
  {
    name: 'fuzz: a verdict next to an error is computed again once the error is gone (Python)',
    grammar: 'python',
    before: ']results = await asyncio.gather(*tasks)',
    edits: [{ find: ']results', replace: 'results' }],
  },
];

/** `text` parsed as the analysis parses it (Python a region at a time: see pythonDocumentTree.ts). */
function parse(parser: Parser, text: string): Tree {
  return parseForAnalysis(parser, parser.language?.name === 'python' ? 'python' : 'javascript', text);
}

function summaryOfUnits(read: ReadUnit[]): string[] {
  return read.map(({ unit, previous }) => `${unit.startIndex}-${unit.endIndex} ${unit.startRow}:${unit.startColumn} ${unit.type} ${previous} ${unit.key.length}`);
}

function summary(findings: ReturnType<typeof analyze>): string[] {
  return findings.map(f => `${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column} ${f.messageId} ${f.message}`);
}

describe('incremental analysis', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const parser = await grammars.parserFor(c.grammar);
      const family = familyOf(c.grammar);
      const incremental = new IncrementalAnalysis();
      let text = c.before;
      let tree = parse(parser, text);
      // The cases were written for the strict level (any unknown size); the random sessions below cover both levels.
      const options = { level: c.level ?? 'strict' } as const;
      assert.deepEqual(summary(incremental.analyze({ tree, text, family, options })), summary(analyze({ tree, text, family, options })));
      for (const edit of c.edits) {
        assert.ok(text.includes(edit.find), `the case's text contains ${JSON.stringify(edit.find)}`);
        text = text.replace(edit.find, edit.replace);
        tree.delete();
        tree = parse(parser, text);
        const expected = summary(analyze({ tree, text, family, options }));
        assert.deepEqual(summary(incremental.analyze({ tree, text, family, options })), expected, `after replacing ${JSON.stringify(edit.find)}`);
        if (edit.expectChecked !== undefined) assert.equal(incremental.lastRun.checked, edit.expectChecked, 'units checked again');
        if (edit.expectReused !== undefined) assert.equal(incremental.lastRun.reused, edit.expectReused, 'units reused');
        if (edit.expectFindings !== undefined) assert.equal(expected.length, edit.expectFindings, 'findings');
      }
      tree.delete();
    });
  }

  it('indexes the file-level names in steps of a bounded size before the first check', async () => {
    const parser = await grammars.parserFor('python');
    const statements = 20_000;
    const text = `import asyncio\n\n${Array.from({ length: statements }, (_, i) => `LIMIT_${i} = ${i}\n`).join('')}\nasync def main(ids):\n    await asyncio.gather(*[f(i) for i in ids])\n`;
    const tree = parse(parser, text);
    const incremental = new IncrementalAnalysis();
    const names = () => FileLevelNames.madeFor(SyntaxIndex.of(tree));
    let pausesWhileIndexing = 0;
    const steps = incremental.steps({ tree, text, family: 'python' });
    for (let step = steps.next(); !step.done; step = steps.next()) {
      if (names().length > 0 && !names().every(made => made.indexedAll)) pausesWhileIndexing++;
    }
    assert.ok(names().length > 0 && names().every(made => made.indexedAll), 'indexed before the check');
    assert.ok(pausesWhileIndexing >= text.length / charactersPerIndexStep - 1, `${pausesWhileIndexing} pauses while indexing`);
    tree.delete();
  });

  it('files a first run\'s results, and reads each file fact, in steps of their own', async () => {
    const parser = await grammars.parserFor('typescript');
    const units = 3_500;
    const text = Array.from({ length: units }, (_, i) => `export const limit${i} = ${i};\n`).join('');
    const tree = parse(parser, text);
    const incremental = new IncrementalAnalysis();
    const stepsOf = new Map<string, number>();
    const steps = incremental.steps({ tree, text, family: 'javascript' });
    for (let step = steps.next(); ; step = steps.next()) {
      stepsOf.set(incremental.piece, (stepsOf.get(incremental.piece) ?? 0) + 1);
      if (step.done) break;
    }
    // 3,500 units with results: at most 1,000 filed per step, and not in the commit.
    assert.ok((stepsOf.get('indexing what the verdicts depend on') ?? 0) >= units / 1_000, JSON.stringify([...stepsOf]));
    // The fan-out rule reads facts from the whole text (see FileFact): a first run reads each in a step of its own.
    assert.equal(stepsOf.get('reading file facts'), unboundedFanout.fileFacts?.length, JSON.stringify([...stepsOf]));
    tree.delete();
  });

  it('reads only the file facts of the file\'s language', async () => {
    const parser = await grammars.parserFor('python');
    const text = 'import asyncio\n\nasync def main(ids):\n    await asyncio.gather(*[f(i) for i in ids])\n';
    const tree = parse(parser, text);
    const incremental = new IncrementalAnalysis();
    const pieces = new Set<string>();
    const steps = incremental.steps({ tree, text, family: 'python' });
    for (let step = steps.next(); ; step = steps.next()) {
      pieces.add(incremental.piece);
      if (step.done) break;
    }
    assert.ok(unboundedFanout.fileFacts?.every(fact => fact.family === 'javascript'), 'the rule\'s file facts are all JavaScript\'s');
    assert.ok(!pieces.has('reading file facts'), JSON.stringify([...pieces]));
    tree.delete();
  });

  it('reads the names a long unit defines in steps of a bounded size', async () => {
    const parser = await grammars.parserFor('python');
    // One function of ~400k characters (a bracket left open while typing can make the rest of a file one unit).
    const body = Array.from({ length: 20_000 }, (_, i) => `    value_${i} = compute(${i})\n`).join('');
    let text = `import asyncio\n\ndef build():\n${body}    return value_0\n`;
    let tree = parse(parser, text);
    const incremental = new IncrementalAnalysis();
    incremental.analyze({ tree, text, family: 'python' });
    text = text.replace('value_10000 = compute', 'value_10000x = compute');
    tree.delete();
    tree = parse(parser, text);
    let stepsReadingNames = 0;
    const steps = incremental.steps({ tree, text, family: 'python' });
    for (let step = steps.next(); !step.done; step = steps.next()) if (incremental.piece === 'reading the names new units define') stepsReadingNames++;
    assert.equal(incremental.lastRun.checked, 1, 'the function is checked again');
    assert.ok(stepsReadingNames >= body.length / charactersOfNamesPerStep - 1, `${stepsReadingNames} steps reading names`);
    tree.delete();
  });

  it('knows the units tree-sitter reused from the last tree without reading them again', async () => {
    const parser = await grammars.parserFor('typescript');
    const text = Array.from({ length: 300 }, (_, i) => `export async function load${i}(ids: string[]) {\n  return Promise.all(ids.map(fetchUser));\n}\n`).join('');
    const tree = parse(parser, text);
    const units = [...unitsOf(tree, text)].map(read => read.unit);
    // A letter typed inside the 150th function, re-parsed from the last tree (as the editor does).
    const at = text.indexOf('fetchUser', text.indexOf('load150'));
    const edited = `${text.slice(0, at)}x${text.slice(at)}`;
    const position = { row: 150 * 3 + 1, column: at - text.lastIndexOf('\n', at) - 1 };
    const old = tree.copy();
    old.edit({ startIndex: at, oldEndIndex: at, newEndIndex: at + 1, startPosition: position, oldEndPosition: position, newEndPosition: { ...position, column: position.column + 1 } });
    const updated = parser.parse(edited, old)!;
    // Every read of a node's end or kind is a call into WebAssembly: counted on the class of the nodes.
    const prototype = Object.getPrototypeOf(updated.rootNode) as object;
    let reads = 0;
    const restore = ['endIndex', 'typeId'].map(property => {
      const descriptor = Object.getOwnPropertyDescriptor(prototype, property)!;
      Object.defineProperty(prototype, property, { ...descriptor, get(this: unknown) { reads++; return descriptor.get!.call(this); } });
      return () => Object.defineProperty(prototype, property, descriptor);
    });
    let known: ReturnType<typeof summaryOfUnits>;
    let readAgain: ReturnType<typeof summaryOfUnits>;
    let readsKnowing: number;
    const parsedAfresh = parse(parser, edited);
    try {
      known = summaryOfUnits([...unitsOf(updated, edited, { text, units, treeAlive: true })]);
      readsKnowing = reads;
      reads = 0;
      readAgain = summaryOfUnits([...unitsOf(parsedAfresh, edited, { text, units })]);
    } finally {
      for (const undo of restore) undo();
    }
    assert.deepEqual(known, readAgain, 'the same units, known as the same units of the last run');
    assert.ok(readsKnowing <= 4, `${readsKnowing} reads of ends and kinds (${reads} reading them all)`);
    assert.ok(reads >= 2 * units.length, `${reads} reads reading them all`);
    for (const t of [tree, old, updated, parsedAfresh]) t.delete();
  });

  it('re-checks nothing when nothing changed, and everything when the options change', async () => {
    const parser = await grammars.parserFor('python');
    const text = 'import asyncio\n\nasync def main():\n    await asyncio.gather(*[f(i) for i in range(20)])\n';
    const tree = parse(parser, text);
    const incremental = new IncrementalAnalysis();
    const strict = { level: 'strict' } as const;
    assert.equal(incremental.analyze({ tree, text, family: 'python', options: strict }).length, 1);
    assert.equal(incremental.analyze({ tree, text, family: 'python', options: strict }).length, 1);
    assert.equal(incremental.lastRun.checked, 0);
    assert.equal(incremental.analyze({ tree, text, family: 'python', options: { ...strict, maxConcurrency: 32 } }).length, 0);
    assert.ok(incremental.lastRun.checked > 0);
    // `f` does nothing the rule can see: the recommended level (another option) checks again and reports nothing.
    assert.equal(incremental.analyze({ tree, text, family: 'python', options: { maxConcurrency: 16 } }).length, 0);
    assert.ok(incremental.lastRun.checked > 0);
    tree.delete();
  });
});

/**
 * The property the incremental analysis rests on: after every edit of a session, it reports exactly what a full
 * analysis of the same tree reports. Sessions replay edits the way the editor does (an incremental re-parse per
 * change), over every example and rule fixture, with edits that break the syntax, edits on `def`/`function` lines,
 * on imports and on the first line, lines that change what the rule knows about the whole file (an asyncio import,
 * a limiter), and undo back to earlier versions; before each check, a run is started and dropped part-way, as the
 * editor drops a run when the document changes under it.
 */
describe('incremental analysis over random edit sessions', () => {
  const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
  const files = [path.join(repoRoot, 'examples'), path.join(repoRoot, 'test', 'fixtures', 'rules', 'unbounded-fanout')]
    .flatMap(folder => fs.readdirSync(folder).map(name => path.join(folder, name)))
    .filter(file => grammarForFileName(file) !== undefined);
  // INCREMENTAL_SESSIONS=100 searches longer (about a minute per 25 sessions per file).
  const sessionsPerFile = Number(process.env.INCREMENTAL_SESSIONS ?? 3);
  const editsPerSession = 12;

  it('reads every example and fixture', () => assert.ok(files.length >= 20, `${files.length} files`));

  for (const file of files) {
    for (let session = 0; session < sessionsPerFile; session++) {
      const seed = 1 + session + 7 * files.indexOf(file);
      // Sessions alternate between the levels: recommended reads evidence across statements, strict does not.
      const options = { level: session % 2 === 0 ? 'recommended' : 'strict' } as const;
      it(`${path.basename(file)}, session ${session + 1} (seed ${seed}, ${options.level})`, async () => {
        const grammar = grammarForFileName(file)!;
        const family = familyOf(grammar);
        const next = random(seed);
        const cache = new ParseCache(grammars);
        const incremental = new IncrementalAnalysis();
        let text = fs.readFileSync(file, 'utf8');
        const history = [text];
        let parsed = await cache.parse('doc', grammar, text, 0);
        const log: string[] = [];
        const check = (what: string) => {
          const expected = summary(analyze({ tree: parsed.tree, text, family, options }));
          // The editor drops a run half-way when a newer version arrives: that must leave nothing behind.
          const dropped = incremental.steps({ tree: parsed.tree, text, family, options });
          for (let steps = next(4); steps > 0 && !dropped.next().done; steps--) { /* part of a run */ }
          dropped.return([]);
          assert.deepEqual(summary(incremental.analyze({ tree: parsed.tree, text, family, options })), expected, `after ${log.concat(what).join('; ')}`);
        };
        check('opening the file');
        for (let version = 1; version <= editsPerSession; version++) {
          const { change, what } = randomEdit(text, family, history, next);
          text = applyChange(text, change);
          history.push(text);
          parsed = (await cache.applyChanges('doc', [change], text, version))!;
          check(what);
          log.push(what);
        }
        cache.dispose();
      });
    }
  }
});
