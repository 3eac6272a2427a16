/**
 * Python's top-level regions (see pythonRegions.ts): where they start in tables of texts, that on files without
 * syntax errors each region parsed alone gives the whole file's top-level nodes, and that the starts after an edit,
 * found from the last text's, are the starts of the new text found from scratch.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import type { Node, Parser } from 'web-tree-sitter';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { pythonRegionStarts, updatedPythonRegionStarts } from '../../../src/engine/pythonRegions';
import { syntaxTreeText } from '../../../src/engine/syntaxTreeText';
import { regionEditBase, regionEdits } from './pythonRegionEdits';
import { random } from './randomEdits';

const grammars = new GrammarLoader(packageWasmLocator());
const root = path.resolve(__dirname, '..', '..', '..', '..');

/** The 1-based lines the regions of `text` start on. */
function startLines(text: string): number[] {
  return pythonRegionStarts(text).map(start => text.slice(0, start).split('\n').length);
}

const regionTable: { name: string; text: string; lines: number[] }[] = [
  { name: 'one statement a line', text: 'import asyncio\nx = 1\ny = 2\n', lines: [1, 2, 3] },
  { name: 'a function, its body and the blank lines and comments after it', text: 'def f():\n    return 1\n\n# note\n\ndef g():\n    pass\n', lines: [1, 6] },
  { name: 'a comment at column 0 inside a body', text: 'def f():\n    a = 1\n# aside\n    return a\nx = 1\n', lines: [1, 5] },
  { name: 'decorators belong to their definition', text: 'x = 1\n@app.route("/")\n@cached\ndef f():\n    pass\n', lines: [1, 2] },
  { name: 'a decorator with arguments on several lines', text: '@retry(\n    times=3,\n)\n# why\nasync def f():\n    pass\ny = 2\n', lines: [1, 7] },
  { name: 'clauses of compound statements', text: 'if a:\n    pass\nelif b:\n    pass\nelse:\n    pass\ntry:\n    pass\nexcept E:\n    pass\nfinally:\n    pass\nelsewhere = 1\n', lines: [1, 7, 13] },
  { name: 'brackets spanning lines', text: 'xs = [\n1,\n2,\n]\ny = f(\na)\n', lines: [1, 5] },
  { name: 'a triple-quoted string spanning lines', text: 'doc = """\ndef not_code():\n"""\nz = 1\n', lines: [1, 4] },
  { name: 'a quote inside a triple-quoted string, and an escaped quote', text: "s = '''it's\nx = 1\n'''\nt = 'a\\'b'\nu = 2\n", lines: [1, 4, 5] },
  { name: 'quotes and brackets in comments are no code', text: 'x = 1  # (it\'s\ny = 2\n', lines: [1, 2] },
  { name: 'a backslash continuation', text: 'x = 1 + \\\n2\ny = 3\n', lines: [1, 3] },
  { name: 'CRLF line ends', text: 'import asyncio\r\n\r\n@dec\r\ndef f():\r\n    pass\r\nx = (\r\n1)\r\ny = \\\r\n2\r\n', lines: [1, 3, 6, 8] },
  { name: 'a byte order mark before a decorator', text: '\ufeff@dec\ndef f():\n    pass\nx = 1\n', lines: [1, 4] },
  { name: 'an unclosed bracket ends at the next def at column 0', text: 'x = 1\ny = f(\ndef g():\n    pass\nz = 2\n', lines: [1, 2, 3, 5] },
  { name: 'an unclosed bracket ends at the next class or async def at column 0', text: 'y = f(\na,\nclass C:\n    pass\nw = [\nasync  def g():\n    pass\n', lines: [1, 3, 5, 6] },
  { name: 'inside brackets, lines at column 0 that can continue an expression do not end them', text: 'x = (yield\nfrom g)\ny = (a\n@ b)\nz = [\ndefault,\nclassic]\nw = 1\n', lines: [1, 3, 5, 8] },
  { name: 'an unclosed triple-quoted string makes the rest one region', text: 'x = 1\ns = """\ndef g():\n    pass\n', lines: [1, 2] },
  { name: 'an unterminated one-line string ends at its line', text: 'x = "abc\ny = 2\n', lines: [1, 2] },
  { name: 'a stray closing bracket', text: 'x = 1)\ny = 2\n', lines: [1, 2] },
  { name: 'a broken line is a region of its own', text: 'def f():\n    pass\nxdef g():\n    pass\ndef h():\n    pass\n', lines: [1, 3, 5] },
  { name: 'no text', text: '', lines: [1] },
];

describe('Python top-level regions', () => {
  for (const { name, text, lines } of regionTable) {
    it(`start where top-level statements start: ${name}`, () => {
      assert.deepEqual(startLines(text), lines);
    });
  }

  describe('on files without syntax errors, parsed a region at a time, give the whole file\'s top-level nodes', () => {
    const folders = [path.join(root, 'examples'), path.join(root, 'test', 'fixtures')];
    const files = folders.flatMap(folder => pythonFilesUnder(folder));
    it('has Python files to compare', () => assert.ok(files.length >= 10, `${files.length} files`));
    it('for each of them', async () => {
      const parser = await grammars.parserFor('python');
      let compared = 0;
      for (const file of files) {
        const text = fs.readFileSync(file, 'utf8');
        const whole = parser.parse(text)!;
        try {
          if (whole.rootNode.hasError) continue;
          assert.equal(regionParse(parser, text), nodesWritten(whole.rootNode.children), file);
          compared++;
        } finally {
          whole.delete();
        }
      }
      assert.ok(compared >= 10, `${compared} files compared`);
    });
  });

  const base = regionEditBase;
  for (const { name, text = base, find, replace } of regionEdits) {
    it(`after an edit, are found from the last text's as from scratch: ${name}`, () => {
      const from = text.lastIndexOf(find);
      assert.ok(from >= 0, `${JSON.stringify(find)} is in the text`);
      const edited = text.slice(0, from) + replace + text.slice(from + find.length);
      const updated = updatedPythonRegionStarts(pythonRegionStarts(text), edited, from, from + find.length, from + replace.length);
      assert.deepEqual(updated, pythonRegionStarts(edited));
    });
  }

  it('after random edits, are found from the last text\'s as from scratch', () => {
    const pieces = ['x', ' ', '\n', '(', ')', '[', '"', "'", '"""', '#', '\\', '@dec\n', 'else:', '    ', 'def f():\n    pass\n', '\r\n'];
    const next = random(20251130);
    let text = base + fs.readFileSync(path.join(root, 'examples', 'seed_2_semaphore.py'), 'utf8');
    let starts = pythonRegionStarts(text);
    for (let step = 0; step < 2_000; step++) {
      const from = next(text.length + 1);
      const to = Math.min(text.length, from + (next(3) === 0 ? next(40) : 0));
      const inserted = next(4) === 0 ? '' : pieces[next(pieces.length)];
      const edited = text.slice(0, from) + inserted + text.slice(to);
      starts = updatedPythonRegionStarts(starts, edited, from, to, from + inserted.length);
      assert.deepEqual(starts, pythonRegionStarts(edited), `step ${step}: ${JSON.stringify(text.slice(from, to))} -> ${JSON.stringify(inserted)} at ${from}`);
      text = edited;
    }
  });
});

function pythonFilesUnder(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return pythonFilesUnder(full);
    return entry.name.endsWith('.py') ? [full] : [];
  });
}

/** The top-level nodes of `text`, each region parsed alone (at its place in the file), written out. */
function regionParse(parser: Parser, text: string): string {
  const starts = pythonRegionStarts(text);
  const written: string[] = [];
  for (let i = 0; i < starts.length; i++) {
    const startIndex = starts[i];
    const endIndex = i + 1 < starts.length ? starts[i + 1] : text.length;
    const range = { startIndex, endIndex, startPosition: pointAt(text, startIndex), endPosition: pointAt(text, endIndex) };
    const tree = parser.parse(text, null, { includedRanges: [range] })!;
    written.push(nodesWritten(tree.rootNode.children));
    tree.delete();
  }
  return written.filter(part => part !== '').join('\n');
}

function nodesWritten(nodes: (Node | null)[]): string {
  return nodes.filter((node): node is Node => node !== null).map(node => `${node.startIndex}-${node.endIndex} ${syntaxTreeText(node)}`).join('\n');
}

function pointAt(text: string, offset: number): { row: number; column: number } {
  const before = text.slice(0, offset);
  return { row: before.split('\n').length - 1, column: offset - (before.lastIndexOf('\n') + 1) };
}
