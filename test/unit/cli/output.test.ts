/**
 * The bundled CLI's own output streams: a reader that stops early (`| head -1`) ends the run quietly, with the exit
 * code the run would have had; an output that cannot be written (a full disk) is one line and exit 2. Both run the
 * real dist/cli.js under bash, as a user's shell would.
 */
import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const cliPath = path.join(repoRoot, 'dist', 'cli.js');

/** Runs a bash pipeline in which `cli` is the bundled CLI, and reads the exit status of each of its commands. */
function shell(script: string, cwd: string) {
  const result = spawnSync('bash', ['-c', `cli() { "$NODE" "$CLI_JS" "$@"; }; ${script}; echo "status: \${PIPESTATUS[*]}" >&2`], {
    cwd, encoding: 'utf8', env: { ...process.env, NODE: process.execPath, CLI_JS: cliPath },
  });
  const [stderr, status] = result.stderr.split(/status: (.*)\n$/);
  return { stdout: result.stdout, stderr, statuses: status.split(' ').map(Number) };
}

describe('cli output streams', () => {
  let folder: string;
  before(function () {
    if (spawnSync('bash', ['-c', 'true']).status !== 0) this.skip();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'async-patterns-output-'));
    // 1,000 findings: some 135 KB of output, far more than a pipe holds, so the CLI is still writing when head exits.
    const functions = Array.from({ length: 1000 }, (_, i) => `async def f${i}(urls):\n    await asyncio.gather(*[fetch(u) for u in urls])\n`);
    fs.writeFileSync(path.join(folder, 'many.py'), `import asyncio\n\n${functions.join('\n')}`);
  });
  after(() => folder && fs.rmSync(folder, { recursive: true, force: true }));

  for (const format of ['text', 'json', 'sarif']) {
    it(`check --format ${format} | head -1: no stack trace, the exit code of the check (1: findings)`, () => {
      const { stdout, stderr, statuses } = shell(`cli check many.py --format ${format} | head -1`, folder);
      assert.equal(stdout.split('\n').length, 2, 'head printed its one line');
      assert.equal(stderr, '');
      assert.deepEqual(statuses, [1, 0]);
    });
  }

  it('check > /dev/full: one line saying the output could not be written, exit 2', function () {
    if (!fs.existsSync('/dev/full')) this.skip();
    const { stderr, statuses } = shell('cli check many.py > /dev/full', folder);
    assert.equal(stderr, 'async-patterns: cannot write the output: no space left on device\n');
    assert.deepEqual(statuses, [2]);
  });
});
