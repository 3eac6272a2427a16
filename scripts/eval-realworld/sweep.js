// --sweep-fixes: every file with findings is fixed on a copy (`dist/cli.js fix COPY --write`) and must still compile:
// `node --check` for JavaScript, TypeScript transpiled with typescript's transpileModule then `node --check`,
// `python3 -m py_compile` for Python. A file that did not compile before the fix is reported apart, not as a failure.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { runCli } = require('./findings');

const typescriptExtensions = new Set(['.ts', '.tsx', '.mts', '.cts']);

function compiles(file, language) {
  if (language === 'python') return commandResult('python3', ['-m', 'py_compile', file]);
  const extension = path.extname(file);
  if (!typescriptExtensions.has(extension)) return commandResult(process.execPath, ['--check', file]);
  const ts = require('typescript');
  const output = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
    fileName: path.basename(file),
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, jsx: ts.JsxEmit.ReactJSX },
  });
  const syntaxErrors = (output.diagnostics || []).filter(d => d.category === ts.DiagnosticCategory.Error);
  if (syntaxErrors.length) return { ok: false, reason: ts.flattenDiagnosticMessageText(syntaxErrors[0].messageText, ' ') };
  const transpiled = `${file}.transpiled.mjs`;
  fs.writeFileSync(transpiled, output.outputText);
  return commandResult(process.execPath, ['--check', transpiled]);
}

function commandResult(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status === 0) return { ok: true };
  const reason = `${result.stderr}${result.stdout}`.split('\n').map(line => line.trim()).filter(Boolean);
  return { ok: false, reason: reason.find(line => /Error/.test(line)) || reason[0] || `exit code ${result.status}` };
}

/**
 * A copy of the file in a fresh folder, with the package's package.json beside it (it decides ESM or CommonJS for
 * `node --check`, and which limiter package the fix may use). A `.js` file that only compiles as ESM is tried as `.mjs`.
 */
function placeCopy(entry, relativePath, work) {
  const source = path.join(entry.dir, relativePath);
  const packageJson = path.join(entry.dir, 'package.json');
  if (fs.existsSync(packageJson)) fs.copyFileSync(packageJson, path.join(work, 'package.json'));
  const copy = path.join(work, path.basename(relativePath));
  fs.copyFileSync(source, copy);
  return copy;
}

function sweepFile(entry, relativePath, cliLevelArgs) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-sweep-'));
  try {
    let copy = placeCopy(entry, relativePath, work);
    let before = compiles(copy, entry.language);
    if (!before.ok && path.extname(copy) === '.js') {
      const asModule = copy.replace(/\.js$/, '.mjs');
      fs.renameSync(copy, asModule);
      const retry = compiles(asModule, entry.language);
      if (retry.ok) [copy, before] = [asModule, retry];
      else fs.renameSync(asModule, copy);
    }
    if (!before.ok) return { status: 'skipped', reason: `does not compile before the fix: ${before.reason}` };
    const fixed = runCli(['fix', path.basename(copy), '--write', ...cliLevelArgs], work);
    // 0: everything fixed, 1: some findings had no automatic fix; 2 is a failure of the command itself.
    if (fixed.status !== 0 && fixed.status !== 1) {
      return { status: 'failed', reason: `fix exited ${fixed.status}: ${(fixed.stderr || '').trim().split('\n')[0]}` };
    }
    const [, fixedCount = '0', leftCount = '0'] = /fixed (\d+) problem\(s\)(?:, (\d+) left)?/.exec(fixed.stdout) || [];
    const counts = { fixed: Number(fixedCount), left: Number(leftCount) };
    const after = compiles(copy, entry.language);
    return after.ok ? { status: 'ok', ...counts } : { status: 'failed', ...counts, reason: `fixed file does not compile: ${after.reason}` };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

module.exports = { sweepFile };
