/**
 * The CLI reads only regular files of bounded size, decided before reading: a FIFO, a device (a `.py` link to
 * /dev/zero) or a 5 GB file is skipped at once, by check, timeline and fix alike. A skipped file shows up in every
 * output format, so CI never passes over it silently; a broken link in a walked folder is a skip, not an error.
 * (A reader that still opened these files would hang, and mocha's timeout fails the test.)
 */
import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { packageWasmLocator } from '../../../src/engine/grammarLoader';
import { runCli } from '../../../src/cli/run';
import { readSourceFile } from '../../../src/cli/sourceFile';
import { version } from '../../../package.json';

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { version, locateWasm: packageWasmLocator(), stdout: t => (stdout += t), stderr: t => (stderr += t) });
  return { code, stdout, stderr };
}

const unbounded = 'import asyncio\n\nasync def main(urls):\n    await asyncio.gather(*[fetch(u) for u in urls])\n';
const canMakeFifos = process.platform !== 'win32' && spawnSync('mkfifo', ['--version']).status === 0;

describe('files the CLI does not read', () => {
  let folder: string;
  // [file name, why it is skipped]
  const skipped: Array<[string, string]> = [
    ['big.py', 'larger than 4.0 MB (5.0 GB)'],
    ['binary.py', 'binary content'],
    ['dangling.py', 'broken symbolic link'],
    ['fifo.py', 'not a regular file (a FIFO)'],
    ['zero.py', 'not a regular file (a character device)'],
  ];

  before(function () {
    if (!canMakeFifos || !fs.existsSync('/dev/zero')) this.skip();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'async-patterns-skips-'));
    fs.writeFileSync(path.join(folder, 'ok.py'), unbounded);
    fs.writeFileSync(path.join(folder, 'binary.py'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]));
    // Sparse: 5 GB by its size, no disk used; reading it whole would take long and fail past 2 GB.
    fs.closeSync(fs.openSync(path.join(folder, 'big.py'), 'w'));
    fs.truncateSync(path.join(folder, 'big.py'), 5 * 1024 ** 3);
    fs.symlinkSync(path.join(folder, 'gone.py'), path.join(folder, 'dangling.py'));
    fs.symlinkSync('/dev/zero', path.join(folder, 'zero.py'));
    assert.equal(spawnSync('mkfifo', [path.join(folder, 'fifo.py')]).status, 0);
  });
  after(() => folder && fs.rmSync(folder, { recursive: true, force: true }));

  it('check walks past them with a note each, and exits as the findings say (1), not 2', async () => {
    const { code, stdout, stderr } = await cli('check', folder);
    assert.equal(code, 1, stderr);
    assert.match(stdout, /ok\.py:4:11 warning unbounded-fanout/);
    assert.deepEqual(stderr.trim().split('\n').sort(), skipped.map(([name, reason]) => `async-patterns: skipped ${path.join(folder, name)}: ${reason}`));
  });

  it('check --format json lists each skipped file as an entry with rule null, after the findings', async () => {
    const { code, stdout } = await cli('check', folder, '--format', 'json');
    assert.equal(code, 1);
    const entries = JSON.parse(stdout);
    assert.equal(entries[0].rule, 'unbounded-fanout');
    assert.deepEqual(entries.slice(1), skipped.map(([name, reason]) => ({
      file: path.join(folder, name), rule: null, severity: 'warning', message: `skipped: ${reason}`, skipped: reason,
    })));
  });

  it('check --format sarif lists each skipped file as a warning notification of the invocation', async () => {
    const { code, stdout } = await cli('check', folder, '--format', 'sarif');
    assert.equal(code, 1);
    const [invocation] = JSON.parse(stdout).runs[0].invocations;
    assert.equal(invocation.executionSuccessful, true);
    assert.deepEqual(invocation.toolExecutionNotifications.map((n: { level: string; message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }) =>
      [n.level, n.message.text, n.locations[0].physicalLocation.artifactLocation.uri]),
    skipped.map(([name, reason]) => ['warning', `skipped: ${reason}`, `file://${path.join(folder, name)}`]));
  });

  for (const [name, reason] of skipped.filter(([name]) => name !== 'dangling.py')) {
    it(`check ${name} named on the command line: skipped with a note, exit 0`, async () => {
      const { code, stderr } = await cli('check', path.join(folder, name));
      assert.equal(code, 0);
      assert.equal(stderr, `async-patterns: skipped ${path.join(folder, name)}: ${reason}\n`);
    });
    it(`timeline ${name}: exit 2, saying why`, async () => {
      const { code, stdout, stderr } = await cli('timeline', path.join(folder, name));
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.equal(stderr, `async-patterns: skipped ${path.join(folder, name)}: ${reason}\n`);
    });
    it(`fix ${name}: exit 2, saying why, nothing written`, async () => {
      const { code, stdout, stderr } = await cli('fix', path.join(folder, name), '--write');
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.equal(stderr, `async-patterns: cannot fix ${path.join(folder, name)}: ${reason}; nothing written\n`);
    });
  }

  it('a broken link named on the command line is an error, as any missing file is', async () => {
    const { code, stderr } = await cli('check', path.join(folder, 'dangling.py'));
    assert.equal(code, 2);
    assert.match(stderr, /cannot read \S+dangling\.py: no such file or folder/);
  });
});

describe('readSourceFile', () => {
  it('reads at most the limit and one byte more, whatever size the file claims (/proc files claim 0)', async function () {
    if (!fs.existsSync('/proc/self/status')) this.skip();
    assert.equal(fs.statSync('/proc/self/status').size, 0);
    assert.deepEqual(await readSourceFile('/proc/self/status', 16), { kind: 'skipped', reason: 'larger than 16 B' });
    const read = await readSourceFile('/proc/self/status', 1 << 20);
    assert.equal(read.kind, 'read');
    assert.match(read.kind === 'read' ? read.bytes.toString() : '', /^Name:/);
  });

  it('remembers the size, time and content hash of what it read', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'async-patterns-read-'));
    try {
      const file = path.join(folder, 'a.py');
      fs.writeFileSync(file, 'x = 1\n');
      const read = await readSourceFile(file, 1024);
      assert.ok(read.kind === 'read');
      assert.equal(read.bytes.toString(), 'x = 1\n');
      assert.equal(read.snapshot.size, 6);
      assert.equal(read.snapshot.mtimeMs, fs.statSync(file).mtimeMs);
      assert.match(read.snapshot.sha256, /^[0-9a-f]{64}$/);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
