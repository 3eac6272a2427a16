/**
 * Model building, construct by construct and language by language: what each piece of source is lowered to (the
 * simulation tests check what the model then does).
 */
import * as assert from 'assert/strict';
import { buildModel } from '../../../src/engine/concurrency/visualize';
import { Expr, FunctionModel, Stmt } from '../../../src/engine/concurrency/model';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { familyOf, GrammarId } from '../../../src/engine/languages';
import { dedent } from '../rules/ruleTester';

const grammars = new GrammarLoader(packageWasmLocator());

/** The model's parts of `main` in source order, each as a short tag: `builtin:gather`, `with`, `await`, `call:f`... */
async function tagsOf(grammar: GrammarId, source: string): Promise<string[]> {
  const text = dedent(source);
  const tree = (await grammars.parserFor(grammar)).parse(text)!;
  try {
    const model = buildModel({ tree, text, family: familyOf(grammar) });
    const main = model.functions.get('main');
    assert.ok(main, 'main is modelled');
    return tagsOfFunction(main);
  } finally {
    tree.delete();
  }
}

function tagsOfFunction(fn: FunctionModel): string[] {
  const tags: string[] = [];
  const expr = (e: Expr | undefined): void => {
    if (!e) return;
    switch (e.kind) {
      case 'builtin': tags.push(`builtin:${e.builtin}`); e.args.forEach(expr); Object.values(e.keywords).forEach(expr); return;
      case 'call': tags.push(`call:${e.callee.kind === 'var' ? e.callee.name : e.callee.kind === 'member' ? e.callee.property : '?'}`); expr(e.callee.kind === 'member' ? e.callee.object : undefined); e.args.forEach(expr); return;
      case 'await': tags.push('await'); expr(e.value); return;
      case 'map': tags.push('map'); expr(e.iterable); expr(e.element); return;
      case 'range': tags.push('range'); return;
      case 'list': e.items.forEach(expr); return;
      case 'spread': expr(e.value); return;
      case 'object': Object.values(e.properties).forEach(expr); return;
      case 'function': tags.push('function'); return;
      case 'new': tags.push('new'); return;
      default: return;
    }
  };
  const stmts = (list: Stmt[]): void => {
    for (const s of list) {
      switch (s.kind) {
        case 'expr': expr(s.value); break;
        case 'assign': expr(s.value); break;
        case 'return': tags.push('return'); expr(s.value); break;
        case 'for': tags.push(s.isAsync ? 'async for' : 'for'); expr(s.iterable); stmts(s.body); break;
        case 'while': tags.push('while'); expr(s.condition); stmts(s.body); break;
        case 'if': tags.push('if'); expr(s.condition); stmts(s.then); stmts(s.otherwise); break;
        case 'with': tags.push('with'); expr(s.context); stmts(s.body); break;
        case 'try': tags.push(`try(${s.handlers.map(h => h.catches.join('|') || '*').join(',')})`); stmts(s.body); s.handlers.forEach(h => stmts(h.body)); stmts(s.finally); break;
        case 'break': tags.push('break'); break;
        case 'raise': tags.push(`raise:${s.error}`); break;
        default: break;
      }
    }
  };
  stmts(fn.body);
  return tags;
}

const python: Array<[string, string, string[]]> = [
  ['gather over a comprehension', 'async def main(urls):\n    await asyncio.gather(*[fetch(u) for u in urls], return_exceptions=True)\n',
    ['await', 'builtin:gather', 'map', 'call:fetch']],
  ['a shared semaphore', 'async def main():\n    sem = asyncio.Semaphore(2)\n    async with sem:\n        await asyncio.sleep(1)\n',
    ['builtin:semaphore', 'with', 'await', 'builtin:sleep']],
  ['a task group', 'async def main():\n    async with asyncio.TaskGroup() as tg:\n        tg.create_task(work())\n',
    ['with', 'builtin:taskGroup', 'call:create_task', 'call:work']],
  ['create_task and as_completed', 'async def main(xs):\n    tasks = [asyncio.create_task(w(x)) for x in xs]\n    for t in asyncio.as_completed(tasks):\n        await t\n',
    ['map', 'builtin:createTask', 'call:w', 'for', 'builtin:asCompleted', 'await']],
  ['a queue: put, get, task_done, join', 'async def main():\n    q = asyncio.Queue(maxsize=3)\n    await q.put(1)\n    item = await q.get()\n    q.task_done()\n    await q.join()\n',
    ['builtin:queue', 'await', 'call:put', 'await', 'call:get', 'call:task_done', 'await', 'call:join']],
  ['wait_for and its TimeoutError', 'async def main():\n    try:\n        await asyncio.wait_for(slow(), timeout=2)\n    except asyncio.TimeoutError:\n        pass\n',
    ['try(asyncio.TimeoutError)', 'await', 'builtin:waitFor', 'call:slow']],
  ['asyncio.timeout block (3.11+)', 'async def main():\n    async with asyncio.timeout(1.5):\n        await work()\n',
    ['with', 'builtin:timeoutBlock', 'await', 'call:work']],
  ['sentinel loop', 'async def main(q):\n    while True:\n        item = await q.get()\n        if item is None:\n            break\n',
    ['while', 'await', 'call:get', 'if', 'break']],
  ['aliased import', 'import asyncio as aio\n\nasync def main():\n    await aio.sleep(0.5)\n', ['await', 'builtin:sleep']],
  ['from-import', 'from asyncio import gather, sleep\n\nasync def main():\n    await gather(sleep(1), sleep(2))\n', ['await', 'builtin:gather', 'builtin:sleep', 'builtin:sleep']],
];

const javascript: Array<[string, string, string[]]> = [
  ['Promise.all over map', 'async function main(ids) {\n  return Promise.all(ids.map(id => load(id)));\n}\n', ['return', 'builtin:all', 'map', 'builtin:enumerate', 'call:?']],
  ['allSettled, any and race', 'async function main() {\n  await Promise.allSettled([a()]);\n  await Promise.any([b()]);\n  await Promise.race([c()]);\n}\n',
    ['await', 'builtin:allSettled', 'call:a', 'await', 'builtin:any', 'call:b', 'await', 'builtin:race', 'call:c']],
  ['a timer promise and a sleep helper', 'const sleep = ms => new Promise(r => setTimeout(r, ms));\nasync function main() {\n  await sleep(300);\n  await new Promise(resolve => setTimeout(resolve, 100));\n}\n',
    ['await', 'call:sleep', 'await', 'builtin:sleep']],
  ['a rejecting timer in a race', 'async function main(p) {\n  await Promise.race([p, new Promise((_, reject) => setTimeout(() => reject(new Error("t")), 50))]);\n}\n',
    ['await', 'builtin:race', 'builtin:sleep']],
  ['p-limit, p-map and p-queue', "import pLimit from 'p-limit';\nimport pMap from 'p-map';\nimport PQueue from 'p-queue';\nasync function main(xs) {\n  const limit = pLimit(2);\n  await pMap(xs, f, { concurrency: 3 });\n  const q = new PQueue({ concurrency: 4 });\n}\n",
    ['builtin:pLimit', 'await', 'builtin:pMap', 'builtin:pLimit']],
  ['AbortSignal.timeout on fetch', 'async function main(url) {\n  await fetch(url, { signal: AbortSignal.timeout(500) });\n}\n', ['await', 'call:fetch', 'builtin:abortTimeout']],
  ['a deferred promise and setTimeout', 'async function main() {\n  let done;\n  const p = new Promise(resolve => { done = resolve; });\n  setTimeout(() => done(), 10);\n  await p;\n}\n',
    ['builtin:deferred', 'function', 'builtin:setTimeout', 'function', 'await']],
  ['a C-style loop and a worker pool over a shared iterator', 'async function main(items) {\n  const it = items.values();\n  for (let i = 0; i < 2; i++) await w(it);\n}\n',
    ['builtin:iterator', 'while', 'await', 'call:w']],
  ['try/catch', 'async function main() {\n  try { await a(); } catch (e) { throw new Error("x"); }\n}\n', ['try(*)', 'await', 'call:a', 'raise:Error']],
];

describe('visualizer model', () => {
  for (const [name, source, expected] of python) {
    it(`python: ${name}`, async () => assert.deepEqual(await tagsOf('python', `import asyncio\n\n${source}`), expected));
  }
  for (const [name, source, expected] of javascript) {
    it(`javascript: ${name}`, async () => assert.deepEqual(await tagsOf('typescript', source), expected));
  }

  it('keeps times in seconds in Python and milliseconds in JavaScript (the simulation scales them)', async () => {
    const parse = async (grammar: GrammarId, text: string) => {
      const tree = (await grammars.parserFor(grammar)).parse(text)!;
      const model = buildModel({ tree, text, family: familyOf(grammar) });
      tree.delete();
      return model.timeUnit;
    };
    assert.equal(await parse('python', 'x = 1\n'), 1);
    assert.equal(await parse('typescript', 'const x = 1;\n'), 0.001);
  });
});
