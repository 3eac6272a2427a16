/**
 * Model building, construct by construct and language by language: what each piece of source is lowered to (the
 * simulation tests check what the model then does). Library names are resolved through the shared resolver:
 * however `asyncio` or `p-limit` is imported, the model names it by its qualified name.
 */
import * as assert from 'assert/strict';
import { buildModel } from '../../../src/engine/concurrency/visualize';
import { Expr, FunctionModel, Pattern, Stmt } from '../../../src/engine/concurrency/model';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { familyOf, GrammarId } from '../../../src/engine/languages';
import { dedent } from '../rules/ruleTester';

const grammars = new GrammarLoader(packageWasmLocator());

async function modelOf(grammar: GrammarId, source: string) {
  const text = dedent(source);
  const tree = (await grammars.parserFor(grammar)).parse(text)!;
  try {
    return buildModel({ tree, text, family: familyOf(grammar) });
  } finally {
    tree.delete();
  }
}

/** The model's parts of `main` in source order, each as a short tag: `global:asyncio.gather`, `with`, `await`, `call`... */
async function tagsOf(grammar: GrammarId, source: string): Promise<string[]> {
  const model = await modelOf(grammar, source);
  const main = model.functions.find(f => f.name === 'main');
  assert.ok(main, 'main is modelled');
  return tagsOfFunction(main);
}

function tagsOfFunction(fn: FunctionModel): string[] {
  const tags: string[] = [];
  const pattern = (p: Pattern | null): string => (p === null ? '_' : p.kind === 'name' ? p.name : p.kind === 'sequence' ? `(${p.items.map(pattern).join(',')})` : p.kind);
  const expr = (e: Expr | undefined): void => {
    if (!e) return;
    switch (e.kind) {
      case 'global': tags.push(`global:${e.name}`); return;
      case 'call': tags.push('call'); expr(e.callee); e.args.forEach(expr); e.keywords?.forEach(k => expr(k.value)); return;
      case 'new': tags.push('new'); expr(e.callee); e.args.forEach(expr); return;
      case 'await': tags.push('await'); expr(e.value); return;
      case 'member': expr(e.object); tags.push(`.${e.property}`); return;
      case 'comprehension': tags.push(`comprehension:${e.form}`); e.clauses.forEach(c => expr('if' in c ? c.if : c.in)); expr(e.element); return;
      case 'list': e.items.forEach(expr); return;
      case 'spread': expr(e.value); return;
      case 'dict': e.entries.forEach(entry => ('spread' in entry ? expr(entry.spread) : expr(entry.value))); return;
      case 'function': tags.push('function'); return;
      case 'index': expr(e.object); tags.push('[]'); expr(e.index); return;
      case 'template': tags.push('template'); return;
      default: return;
    }
  };
  const stmts = (list: Stmt[]): void => {
    for (const s of list) {
      switch (s.kind) {
        case 'expr': expr(s.value); break;
        case 'assign': expr(s.value); tags.push(`=${s.targets.map(pattern).join('=')}`); break;
        case 'return': tags.push('return'); expr(s.value); break;
        case 'for': tags.push(s.isAsync ? 'async for' : 'for'); expr(s.iterable); stmts(s.body); break;
        case 'while': tags.push('while'); expr(s.condition); stmts(s.body); break;
        case 'if': tags.push('if'); expr(s.condition); stmts(s.then); stmts(s.otherwise); break;
        case 'with': tags.push(s.isAsync ? 'async with' : 'with'); expr(s.context); stmts(s.body); break;
        case 'try': tags.push(`try(${s.handlers.map(h => (h.star ? '*' : '') + (h.types ? (h.types.kind === 'global' ? h.types.name : h.types.kind === 'var' ? h.types.name : '?') : 'all')).join(',')})`); stmts(s.body); s.handlers.forEach(h => stmts(h.body)); stmts(s.finally); break;
        case 'break': tags.push('break'); break;
        case 'raise': tags.push('raise'); expr(s.value); break;
        case 'block': stmts(s.body); break;
        default: break;
      }
    }
  };
  stmts(fn.body);
  return tags;
}

const python: Array<[string, string, string[]]> = [
  ['gather over a comprehension', 'async def main(urls):\n    await asyncio.gather(*[fetch(u) for u in urls], return_exceptions=True)\n',
    ['await', 'call', 'global:asyncio.gather', 'comprehension:list', 'call']],
  ['a shared semaphore', 'async def main():\n    sem = asyncio.Semaphore(2)\n    async with sem:\n        await asyncio.sleep(1)\n',
    ['call', 'global:asyncio.Semaphore', '=sem', 'async with', 'await', 'call', 'global:asyncio.sleep']],
  ['a task group', 'async def main():\n    async with asyncio.TaskGroup() as tg:\n        tg.create_task(work())\n',
    ['async with', 'call', 'global:asyncio.TaskGroup', 'call', '.create_task', 'call']],
  ['a queue: put, get, task_done, join', 'async def main():\n    q = asyncio.Queue(maxsize=3)\n    await q.put(1)\n    item = await q.get()\n    q.task_done()\n    await q.join()\n',
    ['call', 'global:asyncio.Queue', '=q', 'await', 'call', '.put', 'await', 'call', '.get', '=item', 'call', '.task_done', 'await', 'call', '.join']],
  ['wait_for and its TimeoutError', 'async def main():\n    try:\n        await asyncio.wait_for(slow(), timeout=2)\n    except asyncio.TimeoutError:\n        pass\n',
    ['try(asyncio.TimeoutError)', 'await', 'call', 'global:asyncio.wait_for', 'call']],
  ['except* of a task group', 'async def main():\n    try:\n        await run()\n    except* ValueError:\n        pass\n', ['try(*ValueError)', 'await', 'call']],
  ['tuple unpacking and a tuple key', 'async def main():\n    a, *rest = xs\n    d[(a, b)] = 1\n', ['=(a,rest)', '=target']],
  ['aliased import', 'import asyncio as aio\n\nasync def main():\n    await aio.sleep(0.5)\n', ['await', 'call', 'global:asyncio.sleep']],
  ['from-import', 'from asyncio import gather, sleep\n\nasync def main():\n    await gather(sleep(1), sleep(2))\n', ['await', 'call', 'global:asyncio.gather', 'call', 'global:asyncio.sleep', 'call', 'global:asyncio.sleep']],
  ['a local shadowing an import is no library name', 'import asyncio\n\nasync def main(asyncio):\n    await asyncio.sleep(1)\n', ['await', 'call', '.sleep']],
  ['an f-string', 'async def main(n):\n    label = f"job-{n:03d}"\n', ['template', '=label']],
];

const javascript: Array<[string, string, string[]]> = [
  ['Promise.all over map', 'async function main(ids) {\n  return Promise.all(ids.map(id => load(id)));\n}\n', ['return', 'call', 'global:Promise.all', 'call', '.map', 'function']],
  ['a timer promise and a sleep helper', 'const sleep = ms => new Promise(r => setTimeout(r, ms));\nasync function main() {\n  await sleep(300);\n}\n', ['await', 'call']],
  ['p-limit, p-map and p-queue however imported', "import pLimit from 'p-limit';\nimport pMap from 'p-map';\nconst { default: PQueue } = require('p-queue');\nasync function main(xs) {\n  const limit = pLimit(2);\n  await pMap(xs, f, { concurrency: 3 });\n  const q = new PQueue({ concurrency: 4 });\n}\n",
    ['call', 'global:p-limit', '=limit', 'await', 'call', 'global:p-map', 'new', 'global:p-queue', '=q']],
  ['AbortSignal.timeout on fetch', 'async function main(url) {\n  await fetch(url, { signal: AbortSignal.timeout(500) });\n}\n', ['await', 'call', 'global:fetch', 'call', 'global:AbortSignal.timeout']],
  ['object destructuring and private fields', 'class Q { #items = []; async main() { const { task, resolve } = this.#items.shift(); } }\n', ['call', '.#items', '.shift', '=object']],
  ['try/catch', 'async function main() {\n  try { await a(); } catch (e) { throw new Error("x"); }\n}\n', ['try(all)', 'await', 'call', 'raise', 'new']],
];

describe('visualizer model', () => {
  for (const [name, source, expected] of python) {
    it(`python: ${name}`, async () => assert.deepEqual(await tagsOf('python', source.includes('import asyncio') ? source : `import asyncio\n\n${source}`), expected));
  }
  for (const [name, source, expected] of javascript) {
    it(`javascript: ${name}`, async () => assert.deepEqual(await tagsOf('typescript', source), expected));
  }

  it('keeps times in seconds in Python and milliseconds in JavaScript (the simulation scales them)', async () => {
    assert.equal((await modelOf('python', 'x = 1\n')).timeUnit, 1);
    assert.equal((await modelOf('typescript', 'const x = 1;\n')).timeUnit, 0.001);
  });

  it('names methods by their class, and every function by where it is', async () => {
    const model = await modelOf('python', 'class A:\n    async def run(self):\n        pass\n\nclass B:\n    async def run(self):\n        pass\n');
    assert.deepEqual(model.functions.map(f => [f.qualifiedName, f.line]), [['A.run', 2], ['B.run', 6]]);
    assert.equal(new Set(model.functions.map(f => f.startIndex)).size, 2);
  });
});
