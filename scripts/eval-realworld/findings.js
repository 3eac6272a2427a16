// Running the product's CLI (dist/cli.js) over a package and reading its findings.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const cliPath = path.join(__dirname, '..', '..', 'dist', 'cli.js');

function assertBuilt() {
  if (!fs.existsSync(cliPath)) throw new Error('dist/cli.js is missing: run `npm run build` first');
}

function runCli(args, cwd) {
  return spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
}

/**
 * Whether the CLI accepts `--level` (issue 12 adds it). Detected by trying it on a one-line file: a CLI that does not
 * know the flag answers with exit code 2 and "unknown option".
 */
function detectLevelSupport() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-level-'));
  try {
    fs.writeFileSync(path.join(dir, 'probe.js'), 'const probe = 1;\n');
    const result = runCli(['check', 'probe.js', '--format', 'json', '--level', 'recommended'], dir);
    return result.status === 0 || result.status === 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** `--level X` when the CLI knows levels; today's CLI has one behaviour, the strict one, and gets no flag. */
function levelArgs(level, levelsSupported) {
  return levelsSupported ? ['--level', level] : [];
}

/**
 * The findings of `check` in a package, with paths relative to the package root (as labels write them).
 * Exit code 2 with JSON on stdout means some files were unreadable: the findings are still used, the reason is kept.
 */
function checkPackage(dir, cliLevelArgs) {
  const result = runCli(['check', '.', '--format', 'json', ...cliLevelArgs], dir);
  let findings;
  try {
    findings = JSON.parse(result.stdout);
  } catch {
    const reason = (result.stderr || '').trim().split('\n')[0] || `exit code ${result.status}`;
    throw new Error(`check failed in ${dir}: ${reason}`);
  }
  const warnings = (result.stderr || '').split('\n').filter(line => line.startsWith('async-patterns: cannot read'));
  return {
    // Entries without a rule are files the CLI skipped or could not read (broken links, binaries), not findings.
    findings: findings.filter(finding => finding.rule).map(finding => ({ ...finding, path: path.relative(dir, path.resolve(dir, finding.file)) })),
    warnings,
  };
}

module.exports = { assertBuilt, detectLevelSupport, levelArgs, checkPackage, runCli, cliPath };
