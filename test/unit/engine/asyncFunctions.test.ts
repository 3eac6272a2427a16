/**
 * The list of async functions (the visualizer's CodeLens, context menu and panel) is found from the text's `async`
 * keywords: it must be exactly what a walk of every node finds, in the same order with the same names.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import { AsyncFunctionInfo, asyncFunctionsIn, asyncFunctionSteps, lastAsyncFunctionsRun, reusedStatementsPerStep, statementsPerStep } from '../../../src/engine/asyncFunctions';
import { javascriptFunctionName, javascriptFunctionTypes } from '../../../src/engine/concurrency/javascriptModel';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { familyOf, GrammarId, grammarForFileName } from '../../../src/engine/languages';
import { field, walk } from '../../../src/engine/syntax';

const grammars = new GrammarLoader(packageWasmLocator());

/** The definition by a walk over every node: slow, plainly right. */
function walkedAsyncFunctions(root: Node, python: boolean): AsyncFunctionInfo[] {
  const found: AsyncFunctionInfo[] = [];
  walk(root, node => {
    const name = python
      ? node.type === 'function_definition' && node.firstChild?.type === 'async' ? field(node, 'name')?.text : undefined
      : javascriptFunctionTypes.has(node.type) && node.children.some(child => child?.type === 'async') ? javascriptFunctionName(node) : undefined;
    if (name !== undefined) found.push({ name, line: node.startPosition.row + 1, startIndex: node.startIndex, endIndex: node.endIndex });
  });
  return found;
}

async function check(grammar: GrammarId, text: string): Promise<AsyncFunctionInfo[]> {
  const tree = (await grammars.parserFor(grammar)).parse(text)!;
  const family = familyOf(grammar);
  const found = asyncFunctionsIn({ tree, text, family });
  assert.deepEqual(found, walkedAsyncFunctions(tree.rootNode, family === 'python'));
  tree.delete();
  return found;
}

const cases: Array<{ name: string; grammar: GrammarId; text: string; names: string[] }> = [
  {
    name: 'Python: defs, methods, decorated and nested defs; not async with/for, strings, comments or longer names',
    grammar: 'python',
    text: `import asyncio
# async def commented(): pass
NOTE = "async def quoted(): pass"
is_async = True

@decorator
async def decorated():
    async with lock:
        async for item in feed():
            pass

class Service:
    async def load(self):
        async def inner():
            return 1
        return await inner()

def plain():
    pass
`,
    names: ['decorated', 'load', 'inner'],
  },
  {
    name: 'TypeScript: declarations, arrows held by declarations, properties and assignments, methods, anonymous ones',
    grammar: 'typescript',
    text: `export async function load(ids: string[]) { return ids; }
const fetchAll = async (ids: string[]) => ids;
const handlers = { refresh: async () => 1, plain: () => 2 };
let later;
later = async function () { return 1; };
class Repo {
  async get(id: string) { return id; }
  static async create() { return new Repo(); }
}
setTimeout(async () => { await load([]); });
const text = 'async function quoted() {}';
const async = (x: number) => x;
async(1);
`,
    names: ['load', 'fetchAll', 'refresh', 'later', 'get', 'create'],
  },
  {
    name: 'arrows nested in arrows, the outer one named by its declaration',
    grammar: 'typescript',
    text: `const outer = async () => async () => async () => 1;\n`,
    names: ['outer'],
  },
  {
    name: 'broken code: a def whose line lost its colon, and one after it',
    grammar: 'python',
    text: 'async def broken(x)\n    return x\n\nasync def fine():\n    pass\n',
    names: ['fine'],
  },
];

describe('async functions of a file', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const found = await check(c.grammar, c.text);
      assert.deepEqual(found.map(f => f.name), c.names);
    });
  }

  it('finds the same as a walk in every example and rule fixture', async () => {
    const root = path.resolve(__dirname, '..', '..', '..', '..');
    const files = [path.join(root, 'examples'), path.join(root, 'test', 'fixtures', 'rules', 'unbounded-fanout')]
      .flatMap(folder => fs.readdirSync(folder).map(name => path.join(folder, name)));
    let total = 0;
    for (const file of files) {
      const grammar = grammarForFileName(file);
      if (grammar) total += (await check(grammar, fs.readFileSync(file, 'utf8'))).length;
    }
    assert.ok(total > 40, `${total} async functions`);
  });

  /**
   * After an edit, the statements it left alone keep the functions found in them, moved to where they are now; the
   * list is still exactly what a walk finds.
   */
  const edits: Array<{ name: string; grammar: GrammarId; text: string; edits: Array<{ find: string; replace: string; searched: number; reused?: number }> }> = [
    {
      name: 'TypeScript: typing in one function, lines added above, a broken line, a function added',
      grammar: 'typescript',
      text: `export async function load(ids: string[]) {\n  return ids;\n}\n\nconst save = async (x: number) => x;\n\nclass Repo {\n  async get(id: string) { return id; }\n}\n`,
      edits: [
        { find: 'return ids;', replace: 'return ids.slice(1);', searched: 1 },
        { find: 'export async function load', replace: '// Loads.\n\nexport async function load', searched: 0 },
        { find: 'const save = async', replace: 'const save = async async', searched: 1 },
        { find: 'const save = async async', replace: 'const save = async', searched: 1 },
        { find: 'class Repo {', replace: 'let again = async (x: number) => x;\nclass Repo {', searched: 1 },
        { find: 'load(ids', replace: 'loadAll(ids', searched: 1 },
      ],
    },
    {
      name: 'Python: typing in one def, a def line broken and mended',
      grammar: 'python',
      text: `import asyncio\n\nasync def first(xs):\n    return xs\n\n\nasync def second(xs):\n    async def inner():\n        return 1\n    return await inner()\n`,
      edits: [
        { find: 'return xs', replace: 'return xs[1:]', searched: 1 },
        // The broken line makes the rest of the file one syntax error, whose pieces are searched (three `async`s,
        // no function); mended, both defs are new.
        { find: 'async def first(xs):', replace: 'async def first(xs)', searched: 3 },
        { find: 'async def first(xs)', replace: 'async def first(xs):', searched: 2 },
        { find: 'import asyncio\n', replace: 'import asyncio\nimport logging\n', searched: 0 },
      ],
    },
    {
      // tree-sitter-python makes the rest of the file one syntax error after `xdef` before a `try`: the defs inside
      // it are searched as statements, so those the next edit leaves alone are reused.
      name: 'Python: a broken line that makes the rest of the file one syntax error',
      grammar: 'python',
      text: `import asyncio\n\n\ndef parse(raw):\n    try:\n        return raw.split(",")\n    except ValueError as error:\n        raise ValueError("bad line") from error\n\n\nasync def load_orders(order_ids):\n    return order_ids\n\n\nasync def load_users(user_ids):\n    return user_ids\n\n\nasync def load_regions():\n    return ("eu", "us")\n`,
      edits: [
        { find: 'def parse', replace: 'xdef parse', searched: 1, reused: 2 },
        { find: 'load_users(user_ids)', replace: 'load_users(user_idsx)', searched: 1, reused: 2 },
      ],
    },
  ];
  for (const c of edits) {
    it(`after edits, reuses the functions of the statements left alone: ${c.name}`, async () => {
      let text = c.text;
      await check(c.grammar, text);
      for (const edit of c.edits) {
        assert.ok(text.includes(edit.find), edit.find);
        text = text.replace(edit.find, edit.replace);
        await check(c.grammar, text);
        assert.equal(lastAsyncFunctionsRun.searched, edit.searched, `statements searched after replacing ${JSON.stringify(edit.find)}`);
        if (edit.reused !== undefined) assert.equal(lastAsyncFunctionsRun.reused, edit.reused, `statements reused after replacing ${JSON.stringify(edit.find)}`);
      }
    });
  }

  it('in steps, searches a bounded number of statements per step and finds the same', async () => {
    const count = statementsPerStep * 3 + 7;
    const text = Array.from({ length: count }, (_, i) => `async function f${i}() { return ${i}; }\n`).join('');
    const tree = (await grammars.parserFor('typescript')).parse(text)!;
    const steps = asyncFunctionSteps({ tree, text, family: 'javascript' });
    let pauses = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) pauses++;
    assert.equal(pauses, 3);
    assert.deepEqual(step.value, walkedAsyncFunctions(tree.rootNode, false));
    tree.delete();
  });

  it('in steps after an edit, visits a bounded number of reused statements per step and finds the same', async () => {
    const count = reusedStatementsPerStep * 2 + 5;
    const before = Array.from({ length: count }, (_, i) => `async function f${i}() { return ${i}; }\n`).join('');
    const parser = await grammars.parserFor('typescript');
    const first = parser.parse(before)!;
    asyncFunctionsIn({ tree: first, text: before, family: 'javascript' });
    first.delete();
    const text = before.replace('return 0;', 'return -1;');
    const tree = parser.parse(text)!;
    const steps = asyncFunctionSteps({ tree, text, family: 'javascript' });
    let pauses = 0;
    let step = steps.next();
    for (; !step.done; step = steps.next()) pauses++;
    assert.deepEqual(lastAsyncFunctionsRun, { searched: 1, reused: count - 1 });
    assert.equal(pauses, 2);
    assert.deepEqual(step.value, walkedAsyncFunctions(tree.rootNode, false));
    tree.delete();
  });

  it('finds 5,000 nested async arrows (each function was found by walking from the root)', async () => {
    const text = `const f = ${'async () => '.repeat(5000)}1;\n`;
    const tree = (await grammars.parserFor('typescript')).parse(text)!;
    const found = asyncFunctionsIn({ tree, text, family: 'javascript' });
    assert.equal(found.length, 1);
    assert.deepEqual(found[0], { name: 'f', line: 1, startIndex: 10, endIndex: text.length - 2 });
    tree.delete();
  });
});
