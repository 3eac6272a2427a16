#!/usr/bin/env node
// Runs the integration suite (out/test/integration) in a real VS Code extension host through
// @vscode/test-electron's runTests.
//   default:    code-server's Node extension host under headless Chromium (installed on first use into
//               ~/.cache/async-patterns, since this machine cannot download desktop VS Code)
//   --desktop:  desktop VS Code 1.100.3, downloaded by @vscode/test-electron (needs network and a display)
const path = require('path');
const { runTests } = require('@vscode/test-electron');
const { ensureInstalled, repoRoot } = require('./vscode-host/codeServer');

async function main() {
  const desktop = process.argv.includes('--desktop');
  const options = {
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index.js'),
    launchArgs: [path.join(repoRoot, 'examples'), '--disable-extensions'],
  };
  if (desktop) {
    await runTests({ ...options, version: '1.100.3' });
    return;
  }
  ensureInstalled();
  await runTests({ ...options, vscodeExecutablePath: path.join(__dirname, 'vscode-host', 'code-shim.js') });
}

main().catch(error => {
  console.error(`integration tests failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
