/**
 * ERROR is no scope: a statement a syntax error holds is analysed as if it stood where the error stands. When a
 * broken line makes the rest of a file one ERROR, the incremental analysis keeps the verdicts of the statements
 * inside it (their text did not change), so a full analysis must read them the same way: a declaration inside the
 * ERROR still declares in the block around it. Each case: a text before and after one edit, and what must hold.
 */
import * as assert from 'assert/strict';
import { analyze } from '../../../src/engine/analyze';
import { Finding } from '../../../src/engine/finding';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { IncrementalAnalysis } from '../../../src/engine/incrementalAnalysis';
import { familyOf, GrammarId } from '../../../src/engine/languages';
import { parseForAnalysis } from '../../../src/engine/parseForAnalysis';

const grammars = new GrammarLoader(packageWasmLocator());

const limited = `import pLimit from 'p-limit';
}
const limit = pLimit(2);
export async function loadUsers(ids: string[]) {
  return Promise.all(ids.map(id => limit(() => fetchUser(id))));
}
`;
const callsHelper = `import asyncio
}
function fetchUser(id) { return limit(() => get(id)); }
`;

const cases: Array<{ name: string; grammar: GrammarId; previous: string; next: string }> = [
  {
    // Found by the fuzz test (seed 20251111): `do }` made the rest of the file one ERROR.
    name: 'a limiter declared after a line that makes the rest of the file a syntax error (TypeScript)',
    grammar: 'typescript',
    previous: limited,
    next: limited.replace('}\n', 'do }\n'),
  },
  {
    name: 'the same in JavaScript, with the declaration not exported',
    grammar: 'tsx',
    previous: limited.replace(': string[]', '').replace('export ', ''),
    next: limited.replace(': string[]', '').replace('export ', '').replace('}\n', 'do }\n'),
  },
  {
    name: 'a function declared after such a line, called from a function declared after it too',
    grammar: 'tsx',
    previous: `${callsHelper.replace('import asyncio\n', "import pLimit from 'p-limit';\nconst limit = pLimit(2);\n")}async function loadUsers(ids) {\n  return Promise.all(ids.map(id => fetchUser(id)));\n}\n`,
    next: `${callsHelper.replace('import asyncio\n', "import pLimit from 'p-limit';\nconst limit = pLimit(2);\n").replace('}\n', 'do }\n')}async function loadUsers(ids) {\n  return Promise.all(ids.map(id => fetchUser(id)));\n}\n`,
  },
];

function summary(findings: readonly Finding[]): string[] {
  return findings.map(f => `${f.range.start.line}:${f.range.start.column} ${f.messageId} ${f.message}`);
}

describe('incremental analysis: declarations inside a syntax error that swallows the rest of the file', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const parser = await grammars.parserFor(c.grammar);
      const family = familyOf(c.grammar);
      const incremental = new IncrementalAnalysis();
      const previousTree = parser.parse(c.previous)!;
      const nextTree = parser.parse(c.next)!;
      try {
        assert.ok(!previousTree.rootNode.children.some(node => node?.type === 'ERROR' && node.endIndex === c.previous.length), 'before: the statements stand at top level');
        assert.ok(nextTree.rootNode.children.some(node => node?.type === 'ERROR' && node.endIndex >= c.next.length - 1), 'after: one ERROR holds the rest of the file');
        const before = summary(incremental.analyze({ tree: previousTree, text: c.previous, family }));
        const expected = summary(analyze({ tree: nextTree, text: c.next, family }));
        // The declarations mean what they meant: the verdicts stay (the limiter still limits).
        assert.deepEqual(expected, before);
        assert.deepEqual(summary(incremental.analyze({ tree: nextTree, text: c.next, family })), expected);
      } finally {
        previousTree.delete();
        nextTree.delete();
      }
    });
  }
});

/**
 * A syntax error that starts like a definition (`class Wrapper:` whose body lost its first line's indentation) is no
 * scope either: the functions it holds are file-level functions, as they are once a line at column 0 ends the class.
 * Found by the fuzz test (seed 1202), shrunk: the incremental analysis kept the verdict of a gather over a function
 * the full analysis could not find inside the error.
 */
const brokenClassHead = 'class Wrapper:\n';
const brokenClassBody = [
  '    async def fetch_invoice(session, order_id):',
  '        async with limiter:',
  '    async def load_invoices(session, order_ids):',
  '        return await asyncio.gather(*[fetch_invoice(session, o) for o in order_ids])',
  '    async def archive_exports(s',
].join('\n');
const pythonCases = [
  { name: 'a class header whose body is a syntax error, then a statement at column 0 below it', previous: `${brokenClassHead}\n${brokenClassBody}`, next: `${brokenClassHead}count = 0; \n${brokenClassBody}` },
];

describe('incremental analysis: definitions inside a syntax error that starts like a class (Python)', () => {
  for (const c of pythonCases) {
    for (const [from, to] of [[c.previous, c.next], [c.next, c.previous]]) {
      it(`${c.name}${from === c.next ? ', and back' : ''}`, async () => {
        const parser = await grammars.parserFor('python');
        const incremental = new IncrementalAnalysis();
        const fromTree = parseForAnalysis(parser, 'python', from);
        const toTree = parseForAnalysis(parser, 'python', to);
        try {
          const errorLike = (tree: typeof fromTree) => tree.rootNode.children.some(node => node?.type === 'ERROR' && node.text.startsWith('class Wrapper'));
          assert.ok(errorLike(fromTree) !== errorLike(toTree), 'one of the texts holds the functions in an ERROR that starts like the class');
          incremental.analyze({ tree: fromTree, text: from, family: 'python' });
          const expected = summary(analyze({ tree: toTree, text: to, family: 'python' }));
          assert.deepEqual(summary(incremental.analyze({ tree: toTree, text: to, family: 'python' })), expected);
          // The function the gather starts is found in both: the same verdict before and after.
          assert.deepEqual(summary(analyze({ tree: fromTree, text: from, family: 'python' })).map(f => f.replace(/^\d+/, '')), expected.map(f => f.replace(/^\d+/, '')));
        } finally {
          fromTree.delete();
          toTree.delete();
        }
      });
    }
  }
});
