/**
 * JavaScript's and TypeScript's top-level regions (see javascriptRegions.ts and regions.ts): where they start in tables
 * of texts, that every start is where a top-level statement of the whole file's parse starts, that the regions parsed
 * (splits confirmed by parsing, see regionTrees.ts) give the whole file's top-level nodes on error-free files of the
 * repository and of the real-world corpus (when it is in the cache), and that the starts after an edit, found from
 * the last text's, are the starts of the new text found from scratch.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Node } from 'web-tree-sitter';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { javascriptRegions } from '../../../src/engine/javascriptRegions';
import { GrammarId, grammarForFileName } from '../../../src/engine/languages';
import { RegionTrees } from '../../../src/engine/regionTrees';
import { regionStarts, updatedRegionStarts } from '../../../src/engine/regions';
import { random } from './randomEdits';
import { nodesWritten, regionParse } from './regionParse';

const grammars = new GrammarLoader(packageWasmLocator());
const root = path.resolve(__dirname, '..', '..', '..', '..');

/** The 1-based lines the regions of `text` start on, as the scanner finds them. */
function startLines(text: string): number[] {
  return regionStarts(javascriptRegions, text).map(start => text.slice(0, start).split('\n').length);
}

const regionTable: { name: string; text: string; lines: number[]; grammar?: GrammarId }[] = [
  { name: 'one statement a line', text: 'import a from "a";\nconst b = 1;\nlet c = 2;\n', lines: [1, 2, 3] },
  { name: 'declarations ending in a brace', text: 'function f() {\n  return 1;\n}\nclass C {\n  m() {}\n}\nexport const g = () => {\n};\n', lines: [1, 4, 7] },
  { name: 'blank lines and comments belong to the region before', text: 'const a = 1;\n\n// why\n/* more\n   on it */\nconst b = 2;\n', lines: [1, 6] },
  { name: 'a trailing comment does not hide the semicolon', text: 'const a = 1; // note\nconst b = 2; /* note */\nconst c = 3;\n', lines: [1, 2, 3] },
  { name: 'a statement without a semicolon joins the next', text: 'const a = 1\nconst b = 2;\nconst c = 3;\n', lines: [1, 3] },
  { name: 'a line starting with a bracket, a backtick, a dot or an operator continues', text: 'a();\n(b);\n[c];\n`d`;\nx\n.y;\nz\n+ 1;\nw;\n', lines: [1, 5, 7, 9] },
  { name: 'clauses continue their statement', text: 'if (a) {\n}\nelse {\n}\ntry {\n}\ncatch (e) {\n}\nfinally {\n}\ndo {\n}\nwhile (x);\nnext();\n', lines: [1, 5, 11, 14] },
  { name: 'keywords that continue an expression or a declaration', text: 'const a = {}\nas const;\nclass B\nextends C {}\nexport { d }\nfrom "d";\nconst e = {}\nsatisfies T;\nf = {}\ninstanceof G;\nh;\n', lines: [1, 3, 5, 7, 9, 11] },
  { name: 'an if whose body is on the next line', text: 'if (x)\n  run();\nif (y)\nrun();\nafter();\n', lines: [1, 3, 5] },
  { name: 'an operator at the end of a line continues', text: 'const a = b +\nc;\nconst d = e ||\nf;\ng;\n', lines: [1, 3, 5] },
  { name: 'decorators belong to what they decorate', text: 'x();\n@Component({\n  selector: "a",\n})\n@Injectable()\nexport class A {}\ny();\n', lines: [1, 2, 7] },
  { name: 'brackets spanning lines', text: 'const xs = [\n1,\n2,\n];\ncall(\na);\nz;\n', lines: [1, 5, 7] },
  { name: 'a template literal spanning lines, with substitutions', text: 'const t = `\nfoo;\n${a + `\nbar;\n${b}\n`}\nbaz;\n`;\nnext;\n', lines: [1, 9] },
  { name: 'a block comment spanning lines', text: 'a;\n/*\nb;\nc;\n*/\nd;\n', lines: [1, 6] },
  { name: 'quotes and brackets in strings and comments are no code', text: 'a("(it\'s");\nb(\'[\');\n// (\nc;\n', lines: [1, 2, 4] },
  { name: 'a string continued by a backslash', text: 'const s = "a\\\nb;";\nc;\n', lines: [1, 3] },
  { name: 'an unterminated string ends at its line', text: 'const s = "abc;\nd;\ne;\n', lines: [1, 3] },
  { name: 'a regular expression with brackets and quotes', text: 'const r = /[(`\'"]/g;\nconst s = x.replace(/\\//, "");\nt;\n', lines: [1, 2, 3] },
  { name: 'a division is no regular expression', text: 'const a = b / c / (d);\nconst e = (f) / 2; g();\nh;\n', lines: [1, 2, 3] },
  { name: 'a regular expression after return', text: 'function f() {\n  return /}/.test(x);\n}\ng;\n', lines: [1, 4] },
  { name: 'a hashbang line', text: '#!/usr/bin/env node\nconst a = 1;\nb();\n', lines: [1, 2, 3] },
  { name: 'a byte order mark', text: '\ufeffconst a = 1;\nb();\n', lines: [1, 2] },
  { name: 'TypeScript declarations', text: 'interface A {\n  b: string;\n}\ntype C = {\n  d: number;\n};\nenum E {\n  F,\n}\ndeclare module "m" {\n}\nnamespace N {\n}\nabstract class G {}\nfunction h(a: string): void;\nfunction h(a) {}\n', lines: [1, 4, 7, 10, 12, 14, 15, 16] },
  { name: 'indented lines are never a start', text: 'a;\n  b;\nc;\n', lines: [1, 3] },
  { name: 'CRLF line ends', text: 'const a = 1;\r\n\r\n@dec\r\nclass B {}\r\nc(\r\n1);\r\nd;\r\n', lines: [1, 3, 5, 7] },
  { name: 'an unclosed bracket makes the rest one region', text: 'a;\nf(\nfunction g() {}\nh;\n', lines: [1, 2] },
  { name: 'a stray closing bracket', text: 'a);\nb;\n', lines: [1, 2] },
  { name: 'JSX, closing tags and self-closing ones', text: 'const a = <div className="x">\n  <p>text</p>\n  <br />\n</div>;\nconst b = 1;\n', lines: [1, 5], grammar: 'tsx' },
  { name: 'no text', text: '', lines: [1] },
];

/** Where the whole file's parse puts its top-level nodes. */
function topLevelStarts(tree: { rootNode: Node }): Set<number> {
  return new Set(tree.rootNode.children.filter((child): child is Node => child !== null).map(child => child.startIndex));
}

describe('JavaScript and TypeScript top-level regions', () => {
  for (const { name, text, lines, grammar = 'typescript' } of regionTable) {
    it(`start where top-level statements start: ${name}`, async () => {
      assert.deepEqual(startLines(text), lines);
      // Each start is a top-level statement's start in the whole file's parse (the first region starts at 0).
      const parser = await grammars.parserFor(grammar);
      const whole = parser.parse(text)!;
      try {
        const starts = topLevelStarts(whole);
        for (const start of regionStarts(javascriptRegions, text).slice(1)) assert.ok(starts.has(start), `${start} starts a top-level statement`);
        if (!whole.rootNode.hasError) assert.equal(regionParse(parser, javascriptRegions, text), nodesWritten(whole.rootNode.children));
      } finally {
        whole.delete();
      }
    });
  }

  /** Texts the scanner splits wrongly (it cannot read JSX text or every slash): parsing confirms no wrong split. */
  const misreadTable: { name: string; text: string }[] = [
    { name: 'JSX text at column 0 that reads as statements', text: 'const p = <p>\na;\nb\n</p>;\nfunction f() {}\n' },
    { name: 'a quote in JSX text', text: 'const p = <p>\nDon\'t (stop;\nnow) please;\nlater\n</p>;\nnext();\n' },
    { name: 'a backtick in JSX text', text: 'const p = <p>use `x</p>;\nconst t = `\nfoo;\nbar\n`;\nnext();\n' },
    { name: 'a postfix increment read as the start of a regular expression', text: 'let a = 1;\nconst t = a++ / 2 + `\nfoo;\nbar\n`;\nnext();\n' },
  ];
  for (const { name, text } of misreadTable) {
    it(`confirmed by parsing, give the whole file's top-level nodes where the scanner misreads: ${name}`, async () => {
      const parser = await grammars.parserFor('tsx');
      const whole = parser.parse(text)!;
      const regions = RegionTrees.parse(parser, javascriptRegions, text);
      try {
        assert.equal(whole.rootNode.hasError, false);
        assert.equal(regionNodes(regions), nodesWritten(whole.rootNode.children));
      } finally {
        regions.delete();
        whole.delete();
      }
    });
  }

  describe('on files without syntax errors, parsed a region at a time, give the whole file\'s top-level nodes', () => {
    it('in the repository\'s examples and fixtures', async () => {
      const files = [path.join(root, 'examples'), path.join(root, 'test', 'fixtures')].flatMap(folder => javascriptFilesUnder(folder));
      const compared = await compareFiles(files);
      assert.ok(compared >= 10, `${compared} files compared`);
    });

    it('in the real-world corpus (a sample of its JavaScript and TypeScript files)', async function () {
      const corpus = path.join(process.env.ASYNC_PATTERNS_CACHE ?? path.join(os.homedir(), '.cache', 'async-patterns'), 'corpus');
      if (!fs.existsSync(corpus)) {
        console.log(`      (skipped: no real-world corpus at ${corpus}; npm run eval:realworld fetches it)`);
        this.skip();
      }
      this.timeout(300_000);
      const files = javascriptFilesUnder(corpus).filter(file => fs.statSync(file).size < 200_000).sort();
      // Every n-th file, for a sample across packages of a size a unit test can parse twice.
      const step = Math.max(1, Math.floor(files.length / 400));
      const compared = await compareFiles(files.filter((_, i) => i % step === 0));
      assert.ok(compared >= 100, `${compared} files compared`);
    });
  });

  const base = 'import a from "a";\n\nexport function f(x: number) {\n  return x / 2;\n}\n\nconst t = `\n${f(1)}\n`;\n@dec\nclass C {}\ng();\n';
  it('after random edits, are found from the last text\'s as from scratch', () => {
    const pieces = ['x', ' ', '\n', '(', ')', '{', '}', '[', '"', "'", '`', '${', '/', '/*', '*/', '//', ';', '.', '@dec\n', 'else ', 'as ', '<div>', '</div>', 'function f() {}\n', '\\', '\r\n'];
    const next = random(20261201);
    let text = base + fs.readFileSync(path.join(root, 'examples', 'unbounded_fanout.ts'), 'utf8');
    let starts = regionStarts(javascriptRegions, text);
    for (let step = 0; step < 2_000; step++) {
      const from = next(text.length + 1);
      const to = Math.min(text.length, from + (next(3) === 0 ? next(40) : 0));
      const inserted = next(4) === 0 ? '' : pieces[next(pieces.length)];
      const edited = text.slice(0, from) + inserted + text.slice(to);
      starts = updatedRegionStarts(javascriptRegions, starts, edited, from, to, from + inserted.length);
      assert.deepEqual(starts, regionStarts(javascriptRegions, edited), `step ${step}: ${JSON.stringify(text.slice(from, to))} -> ${JSON.stringify(inserted)} at ${from}`);
      text = edited;
    }
  });
});

/**
 * Parses each error-free file whole and a region at a time, comparing their top-level nodes; returns how many files
 * were compared. A file whose whole parse has errors is left out: there the two differ by design.
 */
async function compareFiles(files: string[]): Promise<number> {
  let compared = 0;
  for (const file of files) {
    const grammar = grammarForFileName(file);
    if (!grammar || grammar === 'python') continue;
    const parser = await grammars.parserFor(grammar);
    const text = fs.readFileSync(file, 'utf8');
    const whole = parser.parse(text)!;
    try {
      if (whole.rootNode.hasError) continue;
      const regions = RegionTrees.parse(parser, javascriptRegions, text);
      try {
        assert.equal(regionNodes(regions), nodesWritten(whole.rootNode.children), file);
      } finally {
        regions.delete();
      }
      compared++;
    } finally {
      whole.delete();
    }
  }
  return compared;
}

function javascriptFilesUnder(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === '.git' ? [] : javascriptFilesUnder(full);
    const grammar = grammarForFileName(entry.name);
    return entry.isFile() && grammar && grammar !== 'python' ? [full] : [];
  });
}

/** The top-level nodes of the regions, written out. */
function regionNodes(regions: RegionTrees): string {
  return regions.regions().map(region => nodesWritten(region.topLevel.topLevelNodes())).filter(part => part !== '').join('\n');
}
