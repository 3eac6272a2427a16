/**
 * Whatever the file holds, analysis finishes without an exception and reports only what well-formed code shows:
 * empty files, half-typed code, a 2 MB generated file, binary noise and invalid UTF-8.
 */
import * as assert from 'assert/strict';
import { analyze } from '../../../src/engine/analyze';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { familyOf, GrammarId } from '../../../src/engine/languages';
import { decodeSource } from '../../../src/engine/sourceText';

const grammars = new GrammarLoader(packageWasmLocator());

async function findings(grammar: GrammarId, text: string) {
  const tree = (await grammars.parserFor(grammar)).parse(text)!;
  try {
    return analyze({ tree, text, family: familyOf(grammar) });
  } finally {
    tree.delete();
  }
}

const fanOutPython = 'import asyncio\n\nasync def main(urls):\n    await asyncio.gather(*[fetch(u) for u in urls])\n';
const fanOutTypeScript = 'export async function f(ids: string[]) {\n  return Promise.all(ids.map(fetchUser));\n}\n';

/** Deterministic noise: the same bytes every run. */
function noise(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = 12345;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

describe('bad input', () => {
  for (const grammar of ['python', 'typescript', 'tsx'] as GrammarId[]) {
    it(`an empty ${grammar} file has no findings`, async () => assert.deepEqual(await findings(grammar, ''), []));
  }

  it('every prefix of a Python fan-out, as typed, analyzes without throwing and flags only the finished call', async () => {
    for (let end = 0; end <= fanOutPython.length; end++) {
      const found = await findings('python', fanOutPython.slice(0, end));
      assert.ok(found.length <= 1, `at most the one real fan-out at ${end}`);
    }
    assert.equal((await findings('python', fanOutPython)).length, 1);
  });

  it('every prefix of a TypeScript fan-out analyzes without throwing', async () => {
    for (let end = 0; end <= fanOutTypeScript.length; end++) assert.ok((await findings('typescript', fanOutTypeScript.slice(0, end))).length <= 1);
  });

  it('a 2 MB generated file is analyzed, with one finding per real fan-out and no more', async () => {
    const filler = Array.from({ length: 12 }, (_, k) => `    total_${k} = sum(x * ${k} for x in values if x > ${k})\n`).join('');
    const unit = (i: number) => `\ndef summarize_${i}(values):\n${filler}    return total_0\n\nasync def load_${i}(ids):\n    rows = [row for row in ids if row]\n    return await asyncio.gather(*[fetch(r) for r in rows])\n`;
    let text = 'import asyncio\n';
    let units = 0;
    while (text.length < 2 * 1024 * 1024) text += unit(units++);
    assert.equal((await findings('python', text)).length, units);
  });

  it('binary noise decoded as text gives no findings (no diagnostics storm)', async () => {
    const text = new TextDecoder('utf-8').decode(noise(200_000).map(b => (b === 0 ? 32 : b)));
    for (const grammar of ['python', 'typescript'] as GrammarId[]) assert.deepEqual(await findings(grammar, text), []);
  });

  it('binary content is recognized before parsing', () => {
    assert.deepEqual(decodeSource(noise(4096), 1 << 20), { kind: 'skipped', reason: 'binary content' });
  });

  it('invalid UTF-8 in a string does not hide the fan-out next to it', async () => {
    const bytes = Buffer.concat([Buffer.from('import asyncio\nNAME = "caf'), Buffer.from([0xe9]), Buffer.from(`"\n${fanOutPython.slice('import asyncio\n'.length)}`)]);
    const source = decodeSource(bytes, 1 << 20);
    assert.ok(source.kind === 'text' && source.lossy);
    assert.equal((await findings('python', source.kind === 'text' ? source.text : '')).length, 1);
  });
});
