/**
 * What the CLI says when something fails: a file-system error is said as a person would ("permission denied:
 * PATH"), a bug of ours is one line asking for a report; never a stack trace, and exit code 2 either way.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FileSystem, nodeFileSystem } from '../../../src/cli/fileSystem';
import { packageWasmLocator } from '../../../src/engine/grammarLoader';
import { errorLine, runCli } from '../../../src/cli/run';
import { version } from '../../../package.json';

const fsError = (code: string, syscall: string, file?: string) =>
  Object.assign(new Error(`${code}: simulated, ${syscall}${file ? ` '${file}'` : ''}`), { code, syscall, path: file });

describe('cli error lines', () => {
  const lines: Array<[string, unknown, string]> = [
    ['permission denied', fsError('EACCES', 'open', '/srv/a.py'), 'permission denied: /srv/a.py'],
    ['a folder where a file was expected', fsError('EISDIR', 'read', '/srv/src'), 'is a folder: /srv/src'],
    ['a full disk', fsError('ENOSPC', 'write', '/srv/a.py'), 'no space left on device: /srv/a.py'],
    ['too many links', fsError('EMLINK', 'link', '/srv/a.py'), 'too many links: /srv/a.py'],
    ['a file-system error without a path', fsError('EMFILE', 'open'), 'too many open files'],
    ['an error code we have no words for', fsError('EWHATEVER', 'open', '/srv/a.py'), 'EWHATEVER: simulated, open \'/srv/a.py\': /srv/a.py'],
    ['a bug of ours', new RangeError('Invalid array length\n    at somewhere'), 'internal error: Invalid array length (a bug in async-patterns: please report it at https://github.com/async-patterns/async-patterns/issues)'],
    ['something thrown that is not an Error', 'boom', 'internal error: boom (a bug in async-patterns: please report it at https://github.com/async-patterns/async-patterns/issues)'],
  ];
  for (const [what, error, line] of lines) it(`${what}: "${line}"`, () => assert.equal(errorLine(error), line));

  it('reaches the user as one line and exit 2 when a command fails in a way nothing else caught', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'async-patterns-errors-'));
    try {
      const file = path.join(folder, 'a.py');
      fs.writeFileSync(file, 'x = 1\n');
      const broken: FileSystem = { ...nodeFileSystem, open: (() => Promise.reject(new TypeError('handle is not a function'))) as FileSystem['open'] };
      let stdout = '';
      let stderr = '';
      const code = await runCli(['check', file], { version, locateWasm: packageWasmLocator(), fileSystem: broken, stdout: t => (stdout += t), stderr: t => (stderr += t) });
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.equal(stderr, 'async-patterns: internal error: handle is not a function (a bug in async-patterns: please report it at https://github.com/async-patterns/async-patterns/issues)\n');
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
