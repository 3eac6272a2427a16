// Starts and stops the VS Code host used by our tests and the demo: code-server on 127.0.0.1 with private
// HOME/XDG/user-data folders (so it never touches the real ones), and headless Chromium to open its workbench.
const cp = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const codeServerVersion = '4.100.3';
const repoRoot = path.resolve(__dirname, '..', '..');

function cacheFolder() {
  return process.env.ASYNC_PATTERNS_CACHE || path.join(os.homedir(), '.cache', 'async-patterns');
}

function codeServerEntry() {
  return path.join(cacheFolder(), `code-server-${codeServerVersion}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/** Installs code-server and Chromium if they are not there yet (idempotent, fast when installed). */
function ensureInstalled() {
  const result = cp.spawnSync('bash', [path.join(repoRoot, 'scripts', 'install-vscode-host.sh'), cacheFolder()], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('could not install the VS Code host (scripts/install-vscode-host.sh failed)');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts code-server and resolves once it listens. `env` reaches the remote extension host (runTests'
 * extensionTestsEnv does not, so variables for tests go here).
 */
async function startCodeServer({ env = {}, verbose = false, extensionsDir } = {}) {
  const port = await freePort();
  const authority = `127.0.0.1:${port}`;
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'async-patterns-host-'));
  // The web workbench saves edits after a delay by default: tests that type into examples/ would change the
  // repository's files. Desktop VS Code's default is off; so is ours.
  fs.mkdirSync(path.join(data, 'user', 'User'), { recursive: true });
  fs.writeFileSync(path.join(data, 'user', 'User', 'settings.json'), JSON.stringify({ 'files.autoSave': 'off' }));
  const args = [codeServerEntry(),
    '--auth', 'none', '--bind-addr', authority, '--config', path.join(data, 'config.yaml'),
    '--user-data-dir', path.join(data, 'user'), '--extensions-dir', extensionsDir || path.join(data, 'extensions'),
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened'];
  const server = cp.spawn(process.execPath, args, {
    env: { ...process.env, ...env, HOME: path.join(data, 'home'), XDG_CONFIG_HOME: path.join(data, 'config'), XDG_DATA_HOME: path.join(data, 'share') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  for (const stream of [server.stdout, server.stderr]) {
    stream.on('data', chunk => {
      output += chunk;
      if (verbose) process.stdout.write(`[code-server] ${chunk}`);
    });
  }
  await new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (/HTTP server listening/.test(output)) {
        clearInterval(timer);
        resolve();
      }
    }, 100);
    server.on('exit', code => {
      clearInterval(timer);
      reject(new Error(`code-server exited with ${code} before listening:\n${output.slice(-2000)}`));
    });
  });
  return {
    authority,
    dataFolder: data,
    output: () => output,
    /** A workbench URL for a folder, with an optional development extension and test module. */
    workbenchUrl({ folder, extensionDevelopmentPath, extensionTestsPath }) {
      const payload = [['skipWelcome', 'true']];
      if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', `vscode-remote://${authority}${path.resolve(extensionDevelopmentPath)}`]);
      if (extensionTestsPath) payload.push(['extensionTestsPath', `vscode-remote://${authority}${path.resolve(extensionTestsPath)}`]);
      return `http://${authority}/?folder=${encodeURIComponent(path.resolve(folder))}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    },
    stop() {
      try { server.kill('SIGTERM'); } catch { /* already gone */ }
      fs.rmSync(data, { recursive: true, force: true });
    },
  };
}

async function launchChromium() {
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    // As root Chromium needs --no-sandbox; the background-networking flags stop a flood of refused connections.
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

module.exports = { codeServerVersion, codeServerEntry, ensureInstalled, startCodeServer, launchChromium, repoRoot };
