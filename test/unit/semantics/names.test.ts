/**
 * The one resolver of imports and aliases: each case marks an expression with `$0...$0` and gives the qualified name
 * the catalogue would look up for it (or undefined: a local, a parameter, a shadowed import).
 */
import * as assert from 'node:assert/strict';
import { JavaScriptScopes } from '../../../src/engine/fanout/javascriptScopes';
import { PythonScopes } from '../../../src/engine/fanout/pythonScopes';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { GrammarId } from '../../../src/engine/languages';
import { JavaScriptNames } from '../../../src/engine/semantics/javascriptNames';
import { javascriptCatalog } from '../../../src/engine/semantics/catalog';
import { importLines, PythonNames } from '../../../src/engine/semantics/pythonNames';
import { SyntaxIndex } from '../../../src/engine/syntax';
import { dedent, extractMarkedRanges } from '../rules/ruleTester';

const grammars = new GrammarLoader(packageWasmLocator());

async function resolve(grammar: GrammarId, marked: string): Promise<string | undefined> {
  const { code, ranges } = extractMarkedRanges(dedent(marked));
  const tree = (await grammars.parserFor(grammar)).parse(code)!;
  try {
    const lines = code.split('\n');
    const offset = (line: number, column: number) => lines.slice(0, line).reduce((sum, text) => sum + text.length + 1, 0) + column;
    const start = offset(ranges[0].start.line, ranges[0].start.column);
    const end = offset(ranges[0].end.line, ranges[0].end.column);
    const node = tree.rootNode.descendantForIndex(start, end - 1)!;
    let expression = node;
    while (expression.parent && expression.parent.startIndex === start && expression.parent.endIndex === end) expression = expression.parent;
    const index = new SyntaxIndex(tree);
    if (grammar === 'python') return new PythonNames(index, code, new PythonScopes(index, code)).qualifiedName(expression);
    return new JavaScriptNames(new JavaScriptScopes(index, code)).qualifiedName(expression);
  } finally {
    tree.delete();
  }
}

const pythonCases: Array<[string, string, string | undefined]> = [
  ['a module attribute', 'import asyncio\nawait $0asyncio.gather$0()', 'asyncio.gather'],
  ['a module alias', 'import asyncio as aio\nawait $0aio.gather$0()', 'asyncio.gather'],
  ['a name imported from a module', 'from asyncio import gather\nawait $0gather$0()', 'asyncio.gather'],
  ['an aliased name imported from a module', 'from asyncio import Semaphore as Sem\n$0Sem$0(4)', 'asyncio.Semaphore'],
  ['a dotted module', 'import concurrent.futures\n$0concurrent.futures.ThreadPoolExecutor$0(4)', 'concurrent.futures.ThreadPoolExecutor'],
  ['an import inside a function', 'def f():\n    import aiofiles\n    return $0aiofiles.open$0(p)', 'aiofiles.open'],
  ['a parenthesised from-import', 'from os import (\n    listdir,\n    stat,\n)\n$0listdir$0(".")', 'os.listdir'],
  ['a builtin', 'with $0open$0(p) as f:\n    pass', 'builtins.open'],
  ['a local shadowing an import', 'import asyncio\ndef f(asyncio):\n    return $0asyncio.gather$0()', undefined],
  ['a local name', 'session = make()\n$0session.get$0(u)', undefined],
  ['a relative import', 'from .utils import gather_all\n$0gather_all$0()', '.utils.gather_all'],
];

const javascriptCases: Array<[string, string, string | undefined]> = [
  ['a default import', "import pLimit from 'p-limit';\nconst limit = $0pLimit$0(4);", 'p-limit'],
  ['a named import with node: prefix', "import { readFile } from 'node:fs/promises';\n$0readFile$0(p);", 'fs/promises.readFile'],
  ['an aliased named import', "import { readdir as ls } from 'fs/promises';\n$0ls$0(p);", 'fs/promises.readdir'],
  ['a namespace import and fs.promises', "import * as fs from 'fs';\n$0fs.promises.readFile$0(p);", 'fs/promises.readFile'],
  ['require', "const fs = require('fs/promises');\n$0fs.stat$0(p);", 'fs/promises.stat'],
  ['a destructured require', "const { execFile: run } = require('child_process');\n$0run$0('ls');", 'child_process.execFile'],
  ['require(...).default', "const pLimit = require('p-limit').default;\n$0pLimit$0(2);", 'p-limit'],
  ['TypeScript compiled default import', "const p_limit_1 = __importDefault(require(\"p-limit\"));\n$0(0, p_limit_1.default)$0(4);", 'p-limit'],
  ['TypeScript compiled named import', "const utils_1 = require(\"./utils\");\n$0(0, utils_1.pLimit)$0(4);", './utils.pLimit'],
  ['a global', 'await $0fetch$0(url);', 'fetch'],
  ['a global member', 'await $0Promise.all$0(xs);', 'Promise.all'],
  ['a parameter shadowing a global', 'function f(fetch) { return $0fetch$0(u); }', undefined],
  ['a let is not followed', "let fs = require('fs');\n$0fs.stat$0(p);", undefined],
  ["esbuild's var of a module load", 'var import_fs = __toESM(require("fs"));\n$0import_fs.stat$0(p);', 'fs.stat'],
  ['a var of another call is not a module', 'var fs = makeFs();\n$0fs.stat$0(p);', undefined],
];

describe('qualified names through imports and aliases', () => {
  for (const [name, code, expected] of pythonCases) {
    it(`Python: ${name}`, async () => assert.equal(await resolve('python', code), expected));
  }
  for (const [name, code, expected] of javascriptCases) {
    it(`JavaScript: ${name}`, async () => assert.equal(await resolve('tsx', code), expected));
  }
});

describe('the scan for Python import lines', () => {
  const multiline = /^[ \t]*(?:from[ \t]+[\w.]+[ \t]+import|import)\b/gm;
  const expected = (text: string) => [...text.matchAll(multiline)].map(match => [match.index, match[0]]);
  const found = (text: string) => [...importLines(text)].map(match => [match.index, match[0]]);

  it('finds what a multiline scan finds, at every kind of line start', () => {
    const text = 'import os\n  from a.b import c\nx = 1  # import y\nimportlib = 2\r\n\timport sys\rimport re\u2028import json\u2029from . import z\nimport';
    assert.deepEqual(found(text), expected(text));
    assert.equal(found(text).length, 7);
  });

  it('finds what a multiline scan finds in random texts (several imports on a line, import inside words)', () => {
    const pieces = ['import', ' ', '\t', '\n', '\r', '\r\n', '\u2028', 'from', ' m.n ', 'x', 'imports', '.', 'import x', 'from a import b'];
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let round = 0; round < 2000; round++) {
      let text = '';
      for (let i = next() % 30; i > 0; i--) text += pieces[next() % pieces.length];
      assert.deepEqual(found(text), expected(text), JSON.stringify(text));
    }
  });
});

describe('collection names in the catalogue', () => {
  const table: Array<[string, 'dataCollectionName' | 'configCollectionName', boolean]> = [
    ['platformList', 'configCollectionName', true],
    ['urlArray', 'dataCollectionName', true],
    ['entry_set', 'dataCollectionName', true],
    ['addressMap', 'dataCollectionName', true],
    ['platform', 'configCollectionName', false],
    ['playlist', 'dataCollectionName', false],
  ];
  for (const [name, hint, says] of table) {
    it(`${name} ${says ? 'is' : 'is not'} a ${hint}`, () => assert.equal(javascriptCatalog.nameSays(hint, name), says));
  }
});
