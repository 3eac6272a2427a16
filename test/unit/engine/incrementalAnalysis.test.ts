/**
 * The incremental analysis must always agree with a full analysis of the same text, while re-checking only the
 * top-level statements an edit can have changed the verdict of.
 */
import * as assert from 'assert/strict';
import type { Parser, Tree } from 'web-tree-sitter';
import { analyze } from '../../../src/engine/analyze';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { IncrementalAnalysis } from '../../../src/engine/incrementalAnalysis';
import { familyOf, GrammarId } from '../../../src/engine/languages';

const grammars = new GrammarLoader(packageWasmLocator());

interface EditCase {
  name: string;
  grammar: GrammarId;
  before: string;
  /** Text replacements applied one after another, each followed by a re-analysis. */
  edits: Array<{ find: string; replace: string; expectChecked?: number }>;
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
    name: 'a suppression comment on its own line above a statement',
    grammar: 'python',
    before: `import asyncio

async def main(urls):
    await asyncio.gather(*[fetch(u) for u in urls])
`,
    edits: [{ find: '    await asyncio', replace: '    # async-patterns: ignore[unbounded-fanout]\n    await asyncio' }],
  },
];

function parse(parser: Parser, text: string): Tree {
  const tree = parser.parse(text);
  assert.ok(tree);
  return tree;
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
      assert.deepEqual(summary(incremental.analyze({ tree, text, family })), summary(analyze({ tree, text, family })));
      for (const edit of c.edits) {
        assert.ok(text.includes(edit.find), `the case's text contains ${JSON.stringify(edit.find)}`);
        text = text.replace(edit.find, edit.replace);
        tree.delete();
        tree = parse(parser, text);
        const expected = summary(analyze({ tree, text, family }));
        assert.deepEqual(summary(incremental.analyze({ tree, text, family })), expected, `after replacing ${JSON.stringify(edit.find)}`);
        if (edit.expectChecked !== undefined) assert.equal(incremental.lastRun.checked, edit.expectChecked);
      }
      tree.delete();
    });
  }

  it('re-checks nothing when nothing changed, and everything when the options change', async () => {
    const parser = await grammars.parserFor('python');
    const text = 'import asyncio\n\nasync def main():\n    await asyncio.gather(*[f(i) for i in range(20)])\n';
    const tree = parse(parser, text);
    const incremental = new IncrementalAnalysis();
    assert.equal(incremental.analyze({ tree, text, family: 'python' }).length, 1);
    assert.equal(incremental.analyze({ tree, text, family: 'python' }).length, 1);
    assert.equal(incremental.lastRun.checked, 0);
    assert.equal(incremental.analyze({ tree, text, family: 'python', options: { maxConcurrency: 32 } }).length, 0);
    assert.ok(incremental.lastRun.checked > 0);
    tree.delete();
  });
});
