// Builds the TypeScript and TSX grammars the project ships (grammars/tree-sitter-{typescript,tsx}.wasm): the grammar of
// the tree-sitter-typescript npm package, with scripts/grammar/tree-sitter-typescript.patch applied (constructs the
// published grammar parses with errors; see grammars/README.md), generated with the tree-sitter CLI and compiled to a
// WebAssembly side module with emscripten, as tree-sitter's own `build --wasm` does.
//   node scripts/grammar/build.js           build into grammars/
//   node scripts/grammar/build.js --check   build into a temporary folder and compare with the committed files
// Needs: `npm ci` (the grammar's source), emscripten (`apt-get install emscripten`: Debian bookworm's 3.1.6) and the
// tree-sitter CLI 0.22.6: $TREE_SITTER, or else Debian trixie's tree-sitter-cli, fetched with `apt-get download` into
// the eval's cache (a private apt state, see scripts/eval-realworld/apt.js) and run with trixie's own dynamic loader (it
// needs a newer glibc than bookworm's). The npm package tree-sitter-cli cannot be used: it downloads its binary from
// GitHub at install time. Not 0.26.11 (Debian sid's): its generator drops U+017F and U+212A from negated character
// classes (tree-sitter issue 5755), so a string holding 'ſ' or 'K' (Kelvin) parses with errors.
const { spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { prepareSuite } = require('../eval-realworld/apt');

const root = path.join(__dirname, '..', '..');
const outputDir = path.join(root, 'grammars');
const patchFile = path.join(__dirname, 'tree-sitter-typescript.patch');
/** What the committed .wasm files were built from: a different version builds a different file. */
const pinned = {
  'tree-sitter-typescript': '0.23.2',
  'tree-sitter-javascript': '0.23.1',
  cli: '0.22.6',
  debianSuite: 'trixie',
  debianCli: '0.22.6-6+b1',
  emcc: '3.1.6',
};
const dialects = ['typescript', 'tsx'];

function cacheBase() {
  return process.env.ASYNC_PATTERNS_CACHE || path.join(os.homedir(), '.cache', 'async-patterns');
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.error) throw new Error(`${command} could not be run: ${result.error.message}`);
  if (result.status !== 0) {
    const output = `${result.stderr}\n${result.stdout}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(`${path.basename(command)} ${args.join(' ')} failed:\n${output}`);
  }
  return result.stdout;
}

function installedVersion(name) {
  return JSON.parse(fs.readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
}

function checkSources() {
  for (const name of ['tree-sitter-typescript', 'tree-sitter-javascript']) {
    const version = installedVersion(name);
    if (version !== pinned[name]) {
      throw new Error(`node_modules has ${name} ${version}, the patch is for ${pinned[name]}: update the patch and the pin in scripts/grammar/build.js`);
    }
  }
}

function checkEmscripten() {
  let version;
  try {
    version = run('emcc', ['--version']).split('\n')[0];
  } catch {
    throw new Error('emscripten is not installed: run `apt-get install emscripten` (Debian bookworm)');
  }
  if (!version.includes(pinned.emcc)) console.warn(`warning: ${version}; the committed files were built with emcc ${pinned.emcc}`);
}

/** A command line that runs the tree-sitter CLI: [program, ...leading arguments]. */
function treeSitterCommand() {
  if (process.env.TREE_SITTER) return [process.env.TREE_SITTER];
  const toolsDir = path.join(cacheBase(), 'grammar-tools', `tree-sitter-cli-${pinned.debianCli}`);
  const loader = path.join(toolsDir, 'usr', 'lib', 'x86_64-linux-gnu', 'ld-linux-x86-64.so.2');
  const binary = path.join(toolsDir, 'usr', 'bin', 'tree-sitter');
  if (!fs.existsSync(binary) || !fs.existsSync(loader)) {
    console.log(`fetching tree-sitter-cli ${pinned.debianCli} and its C library from Debian ${pinned.debianSuite} into ${toolsDir} ...`);
    const options = prepareSuite(pinned.debianSuite, cacheBase(), (command, args) => run(command, args, { cwd: cacheBase() }), console.log);
    const debs = fs.mkdtempSync(path.join(os.tmpdir(), 'grammar-debs-'));
    run('apt-get', [...options, 'download', `tree-sitter-cli=${pinned.debianCli}`, 'libc6'], { cwd: debs });
    fs.mkdirSync(toolsDir, { recursive: true });
    for (const deb of fs.readdirSync(debs)) run('dpkg-deb', ['-x', path.join(debs, deb), toolsDir]);
    fs.rmSync(debs, { recursive: true, force: true });
  }
  const libraries = [path.dirname(loader), '/lib/x86_64-linux-gnu'].join(':');
  return [loader, '--library-path', libraries, binary];
}

function checkCli(command) {
  const version = run(command[0], [...command.slice(1), '--version']).trim();
  if (!version.includes(pinned.cli)) console.warn(`warning: ${version}; the committed files were generated with tree-sitter ${pinned.cli}`);
}

/** The grammar's sources, patched, in a fresh folder; its grammar.js files require tree-sitter-javascript. */
function patchedSources(workDir) {
  const source = path.join(root, 'node_modules', 'tree-sitter-typescript');
  for (const part of ['common', ...dialects]) fs.cpSync(path.join(source, part), path.join(workDir, part), { recursive: true });
  fs.mkdirSync(path.join(workDir, 'node_modules'));
  fs.symlinkSync(path.join(root, 'node_modules', 'tree-sitter-javascript'), path.join(workDir, 'node_modules', 'tree-sitter-javascript'));
  run('patch', ['-p1', '--forward', '--input', patchFile], { cwd: workDir });
}

function buildDialect(command, workDir, dialect, targetDir) {
  const dir = path.join(workDir, dialect);
  // Only parser.c (and the JSON beside it) is generated; scanner.c is the package's own, unchanged. ABI 14, the
  // published grammar's; web-tree-sitter 0.25 loads 13 to 15. Generating takes about 4 GB of memory.
  run(command[0], [...command.slice(1), 'generate'], { cwd: dir });
  const wasm = path.join(targetDir, `tree-sitter-${dialect}.wasm`);
  run('emcc', ['-o', wasm, '-Os', '-fno-exceptions', '-fvisibility=hidden', '-s', 'WASM=1', '-s', 'SIDE_MODULE=2',
    '-s', `EXPORTED_FUNCTIONS=_tree_sitter_${dialect}`, '-I', 'src', 'src/parser.c', 'src/scanner.c'], { cwd: dir });
  return wasm;
}

function sha256(file) {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

function main() {
  const check = process.argv.includes('--check');
  checkSources();
  checkEmscripten();
  const command = treeSitterCommand();
  checkCli(command);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grammar-build-'));
  try {
    patchedSources(workDir);
    const targetDir = check ? path.join(workDir, 'out') : outputDir;
    fs.mkdirSync(targetDir, { recursive: true });
    let differs = false;
    for (const dialect of dialects) {
      console.log(`generating and compiling ${dialect} ...`);
      const wasm = buildDialect(command, workDir, dialect, targetDir);
      const committed = path.join(outputDir, path.basename(wasm));
      const same = fs.existsSync(committed) && sha256(committed) === sha256(wasm);
      if (check && !same) differs = true;
      console.log(`${path.basename(wasm)}  sha256 ${sha256(wasm)}${check ? (same ? '  same as committed' : '  DIFFERS from committed') : ''}`);
    }
    if (differs) process.exitCode = 1;
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
