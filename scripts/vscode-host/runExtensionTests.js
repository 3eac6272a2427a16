#!/usr/bin/env node
// Runs an extension's test module inside code-server's real Node extension host, opened in headless Chromium.
// The workbench reports the run through window.codeAutomationLog / codeAutomationExit, the hooks VS Code's own
// browser integration tests use.   node runExtensionTests.js EXT_DEV_PATH TESTS_MODULE WORKSPACE_FOLDER
// Exit code: the test module's (0 when all passed), 124 on timeout.
const util = require('util');
const { launchChromium, startCodeServer } = require('./codeServer');

const timeoutMs = Number(process.env.ASYNC_PATTERNS_TEST_TIMEOUT_MS || 300000);
const verbose = Boolean(process.env.VERBOSE);

/**
 * The workbench logs its own chatter through the same hook as the tests (connection set-up, marketplace look-ups
 * that fail offline): shown with VERBOSE=1 only, so the test report stays readable.
 */
const workbenchChatter = /^(Resolving connection token|Resolved connection token|Creating a socket|Updating additional builtin|\[Service Worker\]|ChatSessionStore|getaddrinfo ENOTFOUND|\s+at (async )?\S+ \(http)/;

function report(args) {
  const text = util.format(...args); // the host sends console.log's arguments: a format string and its values
  const kept = text.split('\n').filter(line => verbose || !workbenchChatter.test(line));
  if (kept.length) console.log(kept.join('\n'));
}

async function runExtensionTests(extensionDevelopmentPath, extensionTestsPath, folder) {
  const server = await startCodeServer({ verbose, env: { ASYNC_PATTERNS_INTEGRATION: '1' } });
  const browser = await launchChromium();
  let settle;
  const exitCode = new Promise(resolve => (settle = resolve));
  const timer = setTimeout(() => {
    console.error(`integration tests did not finish within ${timeoutMs / 1000} s; last host output:\n${server.output().slice(-3000)}`);
    settle(124);
  }, timeoutMs);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    if (verbose) page.on('console', message => console.log('[page]', message.type(), message.text().slice(0, 300)));
    await page.exposeFunction('codeAutomationLog', (_type, args) => report(Array.isArray(args) ? args : [args]));
    await page.exposeFunction('codeAutomationExit', code => settle(code));
    await page.goto(server.workbenchUrl({ folder, extensionDevelopmentPath, extensionTestsPath }));
    return await exitCode;
  } finally {
    clearTimeout(timer);
    await browser.close().catch(() => {});
    server.stop();
  }
}

if (require.main === module) {
  const [extensionDevelopmentPath, extensionTestsPath, folder] = process.argv.slice(2, 5);
  runExtensionTests(extensionDevelopmentPath, extensionTestsPath, folder).then(
    code => process.exit(code),
    error => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}

module.exports = { runExtensionTests };
