// Counts the JS/TS files of some folders that parse with errors, per kind of file (.d.ts, .ts, .tsx, .js), with the
// grammars the project ships; with --baseline, also with another set of grammar .wasm files, and how many syntax trees
// differ between the two (a grammar change must not move the trees of files it was not meant to fix).
//   npm run compile && node scripts/grammar/parseErrors.js [--grammars DIR] [--baseline DIR] [--list] FOLDER...
// Each DIR holds tree-sitter-typescript.wasm and tree-sitter-tsx.wasm (e.g. node_modules/tree-sitter-typescript);
// --grammars replaces the project's own (to try a grammar before it ships).
// --list prints each file with errors and the line of its first error, to see which constructs fail, and with
// --baseline each file the shipped grammars fixed and each other file whose tree changed.
const fs = require('fs');
const path = require('path');
const { Language, Parser } = require('web-tree-sitter');

const root = path.join(__dirname, '..', '..');
const compiled = path.join(root, 'out', 'src', 'engine');
if (!fs.existsSync(path.join(compiled, 'languages.js'))) {
  console.error('run `npm run compile` first: this script reads the grammar selection from out/src/engine/');
  process.exit(2);
}
const { grammarForFileName, wasmFileOf } = require(path.join(compiled, 'languages'));
const { packageWasmLocator } = require(path.join(compiled, 'grammarLoader'));

/** The kinds of file reported separately: declaration files are type-only, .tsx adds JSX, JS is parsed as TSX. */
function kindOf(fileName) {
  if (/\.d\.[mc]?ts$/.test(fileName)) return '.d.ts';
  if (/\.[mc]?ts$/.test(fileName)) return '.ts';
  if (fileName.endsWith('.tsx')) return '.tsx';
  return '.js';
}

function* sourceFiles(folder) {
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (entry.isFile() && grammarForFileName(entry.name) && grammarForFileName(entry.name) !== 'python') yield full;
  }
}

async function parsersFrom(locate) {
  const parsers = {};
  for (const grammar of ['typescript', 'tsx']) {
    const parser = new Parser();
    parser.setLanguage(await Language.load(locate(wasmFileOf(grammar))));
    parsers[grammar] = parser;
  }
  return parsers;
}

/** The first ERROR or MISSING node, depth first, or undefined. */
function firstError(node) {
  if (node.isError || node.isMissing) return node;
  if (!node.hasError) return undefined;
  for (const child of node.children) {
    const found = firstError(child);
    if (found) return found;
  }
  return node;
}

/**
 * The tree as text: every node's field name, type and extent, in document order. Walked with a cursor, because
 * `Node.toString()` overflows the WebAssembly stack on deep trees (a union of a hundred string literals).
 */
function treeText(tree) {
  const parts = [];
  const cursor = tree.walk();
  try {
    for (;;) {
      const node = cursor.currentNode;
      parts.push(`${cursor.currentFieldName ?? ''}:${node.isMissing ? 'MISSING ' : ''}${node.type}@${node.startIndex}-${node.endIndex}`);
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return parts.join(' ');
        parts.push(')');
      }
    }
  } finally {
    cursor.delete();
  }
}

/** Parses one file; returns whether it has errors, where the first is, and its tree as text (for comparison). */
function parseOne(parser, text, withTree) {
  const tree = parser.parse(text);
  try {
    const error = tree.rootNode.hasError ? firstError(tree.rootNode) : undefined;
    return { error: error && error.startPosition, sexp: withTree ? treeText(tree) : undefined };
  } finally {
    tree.delete();
  }
}

function parseOrExplain(parser, text, withTree, file) {
  try {
    return parseOne(parser, text, withTree);
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : error}`);
  }
}

async function main(argv) {
  const list = argv.includes('--list');
  const valueOf = option => (argv.indexOf(option) >= 0 ? argv[argv.indexOf(option) + 1] : undefined);
  const grammarsDir = valueOf('--grammars');
  const baselineDir = valueOf('--baseline');
  const folders = argv.filter((arg, i) => !arg.startsWith('--') && !['--grammars', '--baseline'].includes(argv[i - 1]));
  if (folders.length === 0) {
    console.error('usage: node scripts/grammar/parseErrors.js [--grammars DIR] [--baseline DIR] [--list] FOLDER...');
    process.exit(2);
  }
  const locate = packageWasmLocator();
  await Parser.init({ locateFile: name => locate(name) });
  const shipped = await parsersFrom(grammarsDir ? name => path.resolve(grammarsDir, name) : locate);
  const baseline = baselineDir ? await parsersFrom(name => path.resolve(baselineDir, name)) : undefined;

  const totals = new Map();
  for (const folder of folders) {
    for (const file of sourceFiles(folder)) {
      const grammar = grammarForFileName(file);
      const text = fs.readFileSync(file, 'utf8');
      const kind = kindOf(file);
      const row = totals.get(kind) ?? { files: 0, errors: 0, baselineErrors: 0, changed: 0 };
      totals.set(kind, row);
      row.files++;
      const now = parseOrExplain(shipped[grammar], text, Boolean(baseline), file);
      if (now.error) row.errors++;
      if (baseline) {
        const before = parseOrExplain(baseline[grammar], text, true, file);
        if (before.error) row.baselineErrors++;
        if (before.sexp !== now.sexp) row.changed++;
        if (list && before.error && !now.error) console.log(`fixed ${file}`);
        else if (list && before.sexp !== now.sexp) console.log(`changed ${file}`);
      }
      if (list && now.error) {
        const line = text.split('\n')[now.error.row] ?? '';
        console.log(`error ${file}:${now.error.row + 1}:${now.error.column + 1}  ${line.trim().slice(0, 140)}`);
      }
    }
  }
  const header = baseline ? 'kind\tfiles\terrors (baseline)\terrors (shipped)\ttrees changed' : 'kind\tfiles\terrors';
  console.log(header);
  for (const [kind, row] of [...totals].sort()) {
    console.log(baseline ? `${kind}\t${row.files}\t${row.baselineErrors}\t${row.errors}\t${row.changed}` : `${kind}\t${row.files}\t${row.errors}`);
  }
}

main(process.argv.slice(2)).catch(error => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
