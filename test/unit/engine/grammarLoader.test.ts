import * as assert from 'assert/strict';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';

describe('grammar loading', () => {
  it('loads nothing until a language is first used, then each grammar exactly once', async () => {
    const loader = new GrammarLoader(packageWasmLocator());
    assert.equal(loader.loadCount, 0);
    const [a, b, c] = await Promise.all([loader.parserFor('python'), loader.parserFor('python'), loader.parserFor('python')]);
    assert.equal(loader.loadCount, 1);
    assert.equal(a, b);
    assert.equal(b, c);
    await loader.parserFor('python');
    assert.equal(loader.loadCount, 1);
    await loader.parserFor('typescript');
    assert.equal(loader.loadCount, 2);
  });

  it('parses with the grammar asked for', async () => {
    const loader = new GrammarLoader(packageWasmLocator());
    const python = (await loader.parserFor('python')).parse('async def f():\n    await g()\n')!;
    const tsx = (await loader.parserFor('tsx')).parse('const a = <div>{await f()}</div>;')!;
    assert.match(python.rootNode.toString(), /^\(module \(function_definition/);
    assert.match(tsx.rootNode.toString(), /jsx_element/);
    python.delete();
    tsx.delete();
  });

  it('rejects with the missing file when a grammar cannot be found, and can try again later', async () => {
    let missing = true;
    const real = packageWasmLocator();
    const loader = new GrammarLoader(name => (missing && name !== 'tree-sitter.wasm' ? '/nonexistent/grammar.wasm' : real(name)));
    await assert.rejects(loader.parserFor('python'), /nonexistent|ENOENT|no such file/i);
    missing = false;
    assert.ok(await loader.parserFor('python'));
  });
});
