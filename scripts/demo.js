#!/usr/bin/env node
// `npm run demo`: the extension, built from this checkout, in a VS Code with examples/ open.
//   - desktop VS Code when `code` is on PATH (as an extension development host);
//   - otherwise VS Code in the browser: code-server on 127.0.0.1, installed on first use into
//     ~/.cache/async-patterns. It prints the address to open and runs until Ctrl+C.
const cp = require('child_process');
const path = require('path');
const { ensureInstalled, repoRoot, startCodeServer } = require('./vscode-host/codeServer');

const examples = path.join(repoRoot, 'examples');

function onPath(command) {
  return cp.spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function build() {
  const result = cp.spawnSync(process.execPath, [path.join(repoRoot, 'esbuild.js')], { stdio: 'inherit', cwd: repoRoot });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

async function main() {
  build();
  if (onPath('code') && !process.argv.includes('--browser')) {
    cp.spawnSync('code', [`--extensionDevelopmentPath=${repoRoot}`, examples], { stdio: 'inherit' });
    return;
  }
  ensureInstalled();
  const server = await startCodeServer();
  const url = server.workbenchUrl({ folder: examples, extensionDevelopmentPath: repoRoot });
  console.log(`\nAsync Patterns demo: open this address in a browser on this machine (Ctrl+C to stop):\n\n  ${url}\n`);
  const stop = () => {
    server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(error => {
  console.error(`demo failed: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
