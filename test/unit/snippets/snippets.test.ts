/**
 * The contributed snippets as text: each is contributed for the right languages, is well formed (tab stops in
 * order, one final `$0`), and, expanded with its defaults where it is meant to be typed, parses with tree-sitter,
 * compiles (`python3 -m py_compile`, `tsc --noEmit` under a strict config) and is judged by our own rule as its
 * description says. That each one also runs correctly is snippetRuns.test.ts.
 */
import * as assert from 'assert/strict';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as ts from 'typescript';
import type { Node } from 'web-tree-sitter';
import { analyze } from '../../../src/engine/analyze';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { familyOf, GrammarId } from '../../../src/engine/languages';
import { contributedSnippets, ContributedSnippet, isModuleLevel, manifestSnippetEntries, programAround, repoRoot, snippetOf } from './snippetFiles';
import { parseSnippet, SnippetNode, tabStopsOf } from './snippetSyntax';

const grammars = new GrammarLoader(packageWasmLocator());
const snippets = contributedSnippets();

/** The patterns the issue asks for, by prefix: the same prefixes in JavaScript and TypeScript. */
const expectedPrefixes = {
  python: ['agather', 'ataskgroup', 'asem', 'aqueue', 'aworkers', 'atimeout', 'atimeoutwith', 'arun', 'acompleted'],
  javascript: ['pall', 'psettled', 'plimit', 'plimitpkg', 'pqueue', 'ptimeout', 'pwithtimeout', 'pabort', 'psleep'],
};

/** Declarations standing in for the user's code that the TypeScript snippets call with their default names. */
const typeScriptPrelude = `import pLimit from 'p-limit';
declare const items: number[];
declare const url: string;
declare function fetchItem(item: number, options?: { signal?: AbortSignal }): Promise<string>;
declare function processItem(item: number): Promise<string>;
declare function work(): Promise<string>;
`;

/** The same for Python: names only need to exist for tree-sitter and py_compile, so `import asyncio` is enough. */
const pythonPrelude = 'import asyncio\n';

function programWithDefaults(snippet: ContributedSnippet): string {
  if (snippet.family === 'python') return programAround(snippet, { prelude: pythonPrelude });
  return programAround(snippet, { prelude: snippet.family === 'typescript' ? typeScriptPrelude : '' }) + 'export {};\n';
}

/** The grammars our engine parses each snippet family with (TypeScript snippets are also offered in .tsx files). */
const grammarsOf: Record<ContributedSnippet['family'], GrammarId[]> = {
  python: ['python'],
  javascript: ['tsx'],
  typescript: ['typescript', 'tsx'],
};

describe('snippets: contribution', () => {
  it('contributes one file per family: Python, JavaScript (+ React), TypeScript (+ React)', () => {
    assert.deepEqual(manifestSnippetEntries(), [
      { language: 'python', path: './snippets/python.json' },
      { language: 'javascript', path: './snippets/javascript.json' },
      { language: 'javascriptreact', path: './snippets/javascript.json' },
      { language: 'typescript', path: './snippets/typescript.json' },
      { language: 'typescriptreact', path: './snippets/typescript.json' },
    ]);
  });

  it('has every pattern of the issue, in each family, under its prefix', () => {
    const prefixesOf = (family: string) => snippets.filter(s => s.family === family).map(s => s.prefix);
    assert.deepEqual(prefixesOf('python'), expectedPrefixes.python);
    assert.deepEqual(prefixesOf('javascript'), expectedPrefixes.javascript);
    assert.deepEqual(prefixesOf('typescript'), expectedPrefixes.javascript);
  });

  it('gives a TypeScript snippet the name and description of its JavaScript twin (one README row, one insertSnippet name)', () => {
    for (const typed of snippets.filter(s => s.family === 'typescript')) {
      const plain = snippetOf('javascript', typed.prefix);
      assert.equal(typed.name, plain.name);
      assert.equal(typed.description, plain.description);
    }
  });
});

describe('snippets: shape', () => {
  for (const snippet of snippets) {
    describe(`${snippet.family} ${snippet.prefix}`, () => {
      it('has a one-line description', () => {
        assert.ok(snippet.description.length > 20 && !snippet.description.includes('\n'), snippet.description);
      });

      it('numbers its tab stops 1..n, defines each default once and in order, and ends with one $0', () => {
        const stops = tabStopsOf(snippet.body).filter(n => n !== 0).sort((a, b) => a - b);
        assert.deepEqual(stops, stops.map((_, i) => i + 1), 'no gaps in the numbering');
        const definitions = definingTabStops(parseSnippet(snippet.body));
        assert.equal(new Set(definitions).size, definitions.length, `each default is given once: ${definitions}`);
        assert.deepEqual(definitions, [...definitions].sort((a, b) => a - b), 'Tab visits the defaults from top to bottom, left to right');
        assert.equal(snippet.body.match(/\$0(?!\d)|\$\{0\}/g)?.length, 1, 'one final cursor');
        assert.doesNotMatch(snippet.body, /\$\{0:/, 'VS Code treats $0 as a cursor position, not a placeholder');
      });

      it('indents with tabs only, which VS Code turns into the editor\'s indentation', () => {
        assert.doesNotMatch(snippet.body, /^ +\S/m);
      });
    });
  }
});

describe('snippets: expanded with their defaults, they parse', () => {
  for (const snippet of snippets) {
    for (const grammar of grammarsOf[snippet.family]) {
      it(`${snippet.family} ${snippet.prefix} (${grammar} grammar)`, async () => {
        const program = programWithDefaults(snippet);
        const tree = (await grammars.parserFor(grammar)).parse(program)!;
        try {
          assert.deepEqual(syntaxErrors(tree.rootNode, program), [], program);
        } finally {
          tree.delete();
        }
      });
    }
  }
});

describe('snippets: expanded with their defaults, they compile', function () {
  this.timeout(120000);
  let folder: string;
  before(() => (folder = fs.mkdtempSync(path.join(os.tmpdir(), 'async-patterns-snippets-'))));
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('python3 -m py_compile accepts every Python snippet', () => {
    const files = snippets.filter(s => s.family === 'python').map(snippet => {
      const file = path.join(folder, `${snippet.prefix}.py`);
      fs.writeFileSync(file, programWithDefaults(snippet));
      return file;
    });
    const result = spawnSync('python3', ['-m', 'py_compile', ...files], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
  });

  it('tsc --noEmit (strict) accepts every TypeScript snippet as .ts and .tsx, and every JavaScript one as .js and .jsx', () => {
    const files: string[] = [];
    for (const snippet of snippets.filter(s => s.family !== 'python')) {
      const extensions = snippet.family === 'typescript' ? ['ts', 'tsx'] : ['js', 'jsx'];
      for (const extension of extensions) {
        const file = path.join(folder, `${snippet.prefix}.${snippet.family}.${extension}`);
        fs.writeFileSync(file, programWithDefaults(snippet));
        files.push(path.basename(file));
      }
    }
    const nodeModules = path.join(repoRoot, 'node_modules');
    fs.writeFileSync(path.join(folder, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        strict: true, noEmit: true, target: 'ES2022', lib: ['ES2022'], module: 'ESNext', moduleResolution: 'Bundler',
        jsx: 'preserve', allowJs: true, skipLibCheck: true,
        typeRoots: [path.join(nodeModules, '@types')], types: ['node'],
        paths: { 'p-limit': [path.join(nodeModules, 'p-limit', 'index.d.ts')] },
      },
      files,
    }));
    const tsc = path.join(nodeModules, 'typescript', 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', folder], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });

  it('node --check accepts every JavaScript snippet as an ES module', () => {
    for (const snippet of snippets.filter(s => s.family === 'javascript')) {
      const file = path.join(folder, `${snippet.prefix}.check.mjs`);
      fs.writeFileSync(file, programWithDefaults(snippet));
      execFileSync(process.execPath, ['--check', file]);
    }
  });
});

describe('snippets: each TypeScript snippet is its JavaScript twin plus types', () => {
  // Printed by the TypeScript emitter, which drops types and normalizes layout: any other difference is a bug
  // fixed in one file and not the other.
  const emitted = (source: string) => ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: true } }).outputText;
  for (const typed of snippets.filter(s => s.family === 'typescript')) {
    it(typed.prefix, () => {
      const plain = snippetOf('javascript', typed.prefix);
      assert.equal(emitted(programAround(typed)), emitted(programAround(plain)));
    });
  }
});

describe('snippets: what our own unbounded-fanout rule says about them', () => {
  // The unbounded forms are offered because they are right for small inputs, and say so; the bounded forms must
  // not be flagged, or the extension would warn about its own advice.
  const unbounded = new Set(['agather', 'ataskgroup', 'acompleted', 'pall', 'psettled', 'pabort']);
  for (const snippet of snippets.filter(s => !isModuleLevel(s))) {
    const expected = unbounded.has(snippet.prefix) ? 'flagged' : 'not flagged';
    it(`${snippet.family} ${snippet.prefix}: ${expected}`, async () => {
      const program = programWithDefaults(snippet);
      const grammar = grammarsOf[snippet.family][0];
      const tree = (await grammars.parserFor(grammar)).parse(program)!;
      try {
        // The strict level: a bounded form must not be flagged even by the rule's widest reading.
        const findings = analyze({ tree, text: program, family: familyOf(grammar), options: { level: 'strict' } }).filter(f => f.ruleId === 'unbounded-fanout');
        assert.equal(findings.length > 0 ? 'flagged' : 'not flagged', expected, findings.map(f => f.message).join('\n'));
        if (expected === 'flagged') assert.match(snippet.description, /Unbounded/);
      } finally {
        tree.delete();
      }
    });
  }
});

/** The tab stops whose default (placeholder or choice) is given, in the order they appear. */
function definingTabStops(nodes: SnippetNode[]): number[] {
  return nodes.flatMap(node => {
    if (node.kind === 'tabstop') return [...(node.placeholder || node.choices ? [node.index] : []), ...definingTabStops(node.placeholder ?? [])];
    if (node.kind === 'variable') return definingTabStops(node.fallback ?? []);
    return [];
  });
}

function syntaxErrors(node: Node, text: string): string[] {
  if (!node.hasError && !node.isMissing) return [];
  if (node.isError || node.isMissing) {
    const line = text.slice(0, node.startIndex).split('\n').length;
    return [`${node.isMissing ? 'missing' : 'error'} at line ${line}: ${JSON.stringify(node.text.slice(0, 40))}`];
  }
  return node.children.flatMap(child => (child ? syntaxErrors(child, text) : []));
}
