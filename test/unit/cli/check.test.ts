/**
 * The command line as users and CI meet it: exit codes, messages on stderr without stack traces, the folders it
 * walks and skips. Most cases run in-process; a few run the real bundle (dist/cli.js) as a child process.
 */
import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { packageWasmLocator } from '../../../src/engine/grammarLoader';
import { runCli } from '../../../src/cli/run';
import { version } from '../../../package.json';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { version, locateWasm: packageWasmLocator(), stdout: t => (stdout += t), stderr: t => (stderr += t) });
  return { code, stdout, stderr };
}

function bundledCli(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
bundledCli.asNobody = (...args: string[]) => {
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), ...args], { encoding: 'utf8', uid: 65534, gid: 65534 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

function writeTree(root: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), content);
  }
}

const unbounded = 'import asyncio\n\nasync def main(urls):\n    await asyncio.gather(*[fetch(u) for u in urls])\n';

describe('cli', () => {
  let workspace: string;
  before(() => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'async-patterns-cli-'));
    writeTree(workspace, {
      'project/a.py': 'def broken(:\n    pass\n',
      'project/sub/b.ts': 'export const x: number = 1;\n',
      'project/c.jsx': 'export default () => <div/>;\n',
      'project/d.mjs': 'export const d = await Promise.all([a(), b()]);\n',
      'project/e.cjs': 'module.exports = {};\n',
      'project/f.tsx': 'export const F = () => <span>{1}</span>;\n',
      'project/node_modules/x/skip.js': 'await Promise.all(xs.map(f));\n',
      'project/.git/skip.py': 'x = 1\n',
      'project/myenv/pyvenv.cfg': 'home = /usr/bin\n',
      'project/myenv/lib.py': 'x = 1\n',
      'project/bin.py': Buffer.from([0x00, 0x01, 0x02]),
      'project/latin.py': Buffer.from('name = "caf\xe9"\n', 'latin1'),
      'findings/service.py': unbounded,
      'empty/readme.md': '# nothing to check\n',
      'notes.txt': 'plain text\n',
    });
  });
  after(() => fs.rmSync(workspace, { recursive: true, force: true }));

  describe('usage', () => {
    for (const flag of ['--help', '-h', 'help']) {
      it(`${flag} prints the usage`, async () => {
        const { code, stdout } = await cli(flag);
        assert.equal(code, 0);
        assert.match(stdout, /^Usage: async-patterns/);
        assert.match(stdout, /check PATH/);
      });
    }
    it('no arguments prints the usage', async () => assert.match((await cli()).stdout, /^Usage:/));
    it('--version prints the package version', async () => assert.equal((await cli('--version')).stdout, `${version}\n`));

    const badUsage: Array<[string[], RegExp]> = [
      [['lint'], /unknown command 'lint'/],
      [['--fast'], /unknown option '--fast'/],
      [['check'], /check needs at least one file or folder/],
      [['check', '.', '--format', 'xml'], /unknown format 'xml'/],
      [['check', '.', '--max-concurrency', '0'], /--max-concurrency takes a whole number of at least 1, not '0'/],
      [['check', '.', '--max-concurrency', 'abc'], /--max-concurrency takes a whole number/],
      [['check', '.', '--colour'], /unknown option '--colour' for check/],
    ];
    for (const [args, message] of badUsage) {
      it(`${args.join(' ')} is bad usage: exit 2 and one line saying why`, async () => {
        const { code, stderr } = await cli(...args);
        assert.equal(code, 2);
        assert.match(stderr.split('\n')[0], message);
        assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
      });
    }
  });

  describe('check', () => {
    it('parses every supported file it finds and skips dependency, VCS and virtual-environment folders', async () => {
      const { code, stderr } = await cli('check', path.join(workspace, 'project'), '--verbose');
      const parsed = [...stderr.matchAll(/^parsed (\S+)/gm)].map(m => path.relative(workspace, m[1])).sort();
      assert.deepEqual(parsed, ['project/a.py', 'project/c.jsx', 'project/d.mjs', 'project/e.cjs', 'project/f.tsx', 'project/latin.py', 'project/sub/b.ts']);
      assert.match(stderr, /parsed \S+a\.py \(python, has syntax errors\)/);
      assert.match(stderr, /parsed \S+latin\.py \(python, no syntax errors, not valid UTF-8\)/);
      assert.match(stderr, /skipped \S+bin\.py: binary content/);
      assert.equal(code, 0);
    });

    it('exits 1 and prints file:line:col severity rule message for findings', async () => {
      const file = path.join(workspace, 'findings', 'service.py');
      const { code, stdout } = await cli('check', file, '--level', 'strict');
      assert.equal(code, 1);
      assert.equal(stdout, `${file}:4:11 warning unbounded-fanout \`asyncio.gather\` starts one task per element of \`urls\` (size unknown) with no concurrency limit\n`);
    });

    it('prints findings as JSON with 1-based positions, the message id and its data', async () => {
      const file = path.join(workspace, 'findings', 'service.py');
      const { code, stdout } = await cli('check', file, '--format', 'json', '--level', 'strict');
      assert.equal(code, 1);
      assert.deepEqual(JSON.parse(stdout), [{
        file, line: 4, column: 11, endLine: 4, endColumn: 52, rule: 'unbounded-fanout',
        messageId: 'unknownSize', data: { callee: 'asyncio.gather', collection: 'urls' }, severity: 'warning',
        message: '`asyncio.gather` starts one task per element of `urls` (size unknown) with no concurrency limit',
      }]);
    });

    it('prints an empty JSON array for a clean folder', async () => {
      const { code, stdout } = await cli('check', path.join(workspace, 'project', 'sub'), '--format', 'json');
      assert.equal(code, 0);
      assert.deepEqual(JSON.parse(stdout), []);
    });

    it('--max-concurrency decides what counts as large', async () => {
      const file = path.join(workspace, 'large.py');
      fs.writeFileSync(file, 'import asyncio\n\nasync def main():\n    await asyncio.gather(*[f(i) for i in range(20)])\n');
      assert.equal((await cli('check', file, '--level', 'strict')).code, 1);
      assert.equal((await cli('check', file, '--level', 'strict', '--max-concurrency', '20')).code, 0);
    });

    it('reports a path that does not exist and exits 2', async () => {
      const { code, stderr } = await cli('check', path.join(workspace, 'missing.py'));
      assert.equal(code, 2);
      assert.match(stderr, /cannot read \S+missing\.py: no such file or folder/);
    });

    it('notes a broken link in a folder as skipped, checks the others, and exits as their findings say', async () => {
      const folder = path.join(workspace, 'with-dangling');
      writeTree(folder, { 'ok.py': unbounded });
      fs.symlinkSync(path.join(folder, 'gone.py'), path.join(folder, 'dangling.py'));
      const { code, stdout, stderr } = await cli('check', folder);
      assert.equal(code, 1);
      assert.equal(stderr, `async-patterns: skipped ${path.join(folder, 'dangling.py')}: broken symbolic link\n`);
      assert.match(stdout, /ok\.py:4:11 warning unbounded-fanout/);
    });

    it('reports a file without read permission (as root, who reads everything: the bundled CLI run as nobody)', async function () {
      if (process.platform === 'win32') this.skip();
      const file = path.join(workspace, 'locked.py');
      fs.writeFileSync(file, 'x = 1\n');
      fs.chmodSync(file, 0);
      fs.chmodSync(workspace, 0o755);
      const { code, stderr } = process.getuid?.() === 0 ? bundledCli.asNobody('check', file) : await cli('check', file);
      assert.equal(code, 2);
      assert.match(stderr, /cannot read \S+locked\.py: permission denied/);
    });

    it('says so when a folder holds nothing to check', async () => {
      const { code, stderr } = await cli('check', path.join(workspace, 'empty'));
      assert.equal(code, 2);
      assert.match(stderr, /no Python, JavaScript or TypeScript files in/);
    });

    it('skips a named file of another language with a note, and checks the rest', async () => {
      const { code, stderr } = await cli('check', path.join(workspace, 'notes.txt'), path.join(workspace, 'project', 'sub', 'b.ts'));
      assert.equal(code, 0);
      assert.match(stderr, /skipped \S+notes\.txt: not a Python, JavaScript or TypeScript file/);
    });
  });

  describe('the bundled dist/cli.js', () => {
    it('runs as a real process with its own .wasm files', () => {
      const result = bundledCli('check', path.join(workspace, 'findings'), '--format', 'json');
      assert.equal(result.code, 1);
      assert.equal(JSON.parse(result.stdout)[0].rule, 'unbounded-fanout');
    });
    it('exits 2 with one line and no stack trace on bad input', () => {
      const result = bundledCli('check', path.join(workspace, 'nope'));
      assert.equal(result.code, 2);
      assert.equal(result.stderr.trim().split('\n').length, 1);
      assert.doesNotMatch(result.stderr, /\n\s+at /);
    });
    it('prints its version', () => assert.equal(bundledCli('--version').stdout, `${version}\n`));
  });
});
