#!/usr/bin/env node
// A stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }): it takes the
// arguments runTests passes (--extensionDevelopmentPath=, --extensionTestsPath=, the folder, other flags) and
// runs the same suite in code-server's extension host, so the unmodified runTests drives a real VS Code host.
const path = require('path');
const { runExtensionTests } = require('./runExtensionTests');

const argv = process.argv.slice(2);
const valueOf = name => {
  const flag = argv.find(arg => arg.startsWith(`--${name}=`));
  return flag ? flag.slice(name.length + 3) : undefined;
};
const folder = argv.find(arg => !arg.startsWith('-')) || process.cwd();
const extensionDevelopmentPath = valueOf('extensionDevelopmentPath');
const extensionTestsPath = valueOf('extensionTestsPath');
if (!extensionDevelopmentPath || !extensionTestsPath) {
  console.error('code-shim: needs --extensionDevelopmentPath= and --extensionTestsPath=');
  process.exit(2);
}
runExtensionTests(extensionDevelopmentPath, extensionTestsPath, path.resolve(folder)).then(
  code => process.exit(code),
  error => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
