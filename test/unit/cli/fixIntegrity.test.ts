/**
 * `fix` never loses a byte: it keeps a byte order mark in front and the file's own line endings, keeps every byte
 * it did not change, and refuses (exit 2, file untouched) what it cannot rewrite faithfully: bytes that are not
 * UTF-8, binary content, a file with syntax errors. Its summary says what it fixed and what is left.
 * The Python it writes is compiled by python3, which rejects a byte order mark anywhere but in front.
 */
import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { packageWasmLocator } from '../../../src/engine/grammarLoader';
import { runCli } from '../../../src/cli/run';
import { version } from '../../../package.json';

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { version, locateWasm: packageWasmLocator(), stdout: t => (stdout += t), stderr: t => (stderr += t) });
  return { code, stdout, stderr };
}

function assertPythonCompiles(file: string): void {
  const result = spawnSync('python3', ['-c', 'import sys; compile(open(sys.argv[1], "rb").read(), sys.argv[1], "exec")', file], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
}

const bom = Buffer.from([0xef, 0xbb, 0xbf]);
/** Needs `import asyncio` added at the top, and a limiter inserted inside the function. */
const fanout = 'async def main(urls):\n    return await asyncio.gather(*[fetch(u) for u in urls])\n';
/** Gathers tasks made elsewhere (a parameter): no automatic fix, with a reason. */
const unfixableFunction = (i: number) => `async def spawn_${i}(tasks):\n    async with asyncio.timeout(60):\n        if tasks:\n            await asyncio.gather(*tasks)\n`;

describe('cli fix keeps every byte it does not change', () => {
  let folder: string;
  let reference: string;
  const fileWith = (name: string, content: string | Buffer) => {
    const file = path.join(folder, name);
    fs.writeFileSync(file, content);
    return file;
  };

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'async-patterns-fix-bytes-'));
    // What fix writes for the plain file (UTF-8, LF, no byte order mark): the others must be this, in their form.
    const plain = fileWith('plain.py', fanout);
    assert.equal((await cli('fix', plain, '--write')).code, 0);
    reference = fs.readFileSync(plain, 'utf8');
    assert.match(reference, /^import asyncio\n/);
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('keeps a UTF-8 byte order mark in front, and the result compiles', async () => {
    const file = fileWith('bom.py', Buffer.concat([bom, Buffer.from(fanout)]));
    const { code, stderr } = await cli('fix', file, '--write');
    assert.equal(code, 0, stderr);
    assert.deepEqual(fs.readFileSync(file), Buffer.concat([bom, Buffer.from(reference)]));
    assertPythonCompiles(file);
  });

  it('writes CRLF line endings in a CRLF file, also on the lines it inserts', async () => {
    const file = fileWith('crlf.py', fanout.replace(/\n/g, '\r\n'));
    assert.equal((await cli('fix', file, '--write')).code, 0);
    assert.equal(fs.readFileSync(file, 'utf8'), reference.replace(/\n/g, '\r\n'));
    assertPythonCompiles(file);
  });

  it('in a file of mixed line endings, inserts the most common one and keeps the others where they are', async () => {
    const comment = '# café 😀 keeps its LF\n';
    const mixed = `${comment}\r\n${fanout.replace(/\n/g, '\r\n')}`;
    const lf = fileWith('mixed-as-lf.py', mixed.replace(/\r\n/g, '\n'));
    assert.equal((await cli('fix', lf, '--write')).code, 0);
    const file = fileWith('mixed.py', mixed);
    assert.equal((await cli('fix', file, '--write')).code, 0);
    const expected = fs.readFileSync(lf, 'utf8').replace(/\n/g, '\r\n').replace('LF\r\n', 'LF\n');
    assert.match(expected, /^# café 😀 keeps its LF\nimport asyncio\r\n\r\nasync def/);
    assert.equal(fs.readFileSync(file, 'utf8'), expected);
  });

  it('the diff of a CRLF file applies to it and gives the same bytes as --write', async () => {
    const file = fileWith('crlf-diff.py', fanout.replace(/\n/g, '\r\n'));
    const { code, stdout } = await cli('fix', file);
    assert.equal(code, 1);
    const patch = spawnSync('patch', ['--binary', '-o', '-', file], { input: stdout });
    if (patch.error) return; // no `patch` program here: the --write test above covers the bytes
    assert.equal(patch.stdout.toString(), reference.replace(/\n/g, '\r\n'));
  });

  const refused: Array<[string, Buffer, string]> = [
    ['Latin-1 bytes (not UTF-8)', Buffer.from(`# caf\xe9\n${fanout}`, 'latin1'), 'not valid UTF-8 (fix rewrites only UTF-8 files)'],
    ['binary content with a .py name', Buffer.concat([Buffer.from(fanout), Buffer.from([0, 1, 2, 0xff])]), 'binary content'],
  ];
  for (const [what, bytes, reason] of refused) {
    for (const write of [true, false]) {
      it(`refuses ${what}${write ? ' with --write' : ''}: exit 2, the file byte for byte as it was`, async () => {
        const file = fileWith('refused.py', bytes);
        const { code, stdout, stderr } = await cli('fix', file, ...(write ? ['--write'] : []));
        assert.equal(code, 2);
        assert.equal(stdout, '');
        assert.equal(stderr, `async-patterns: cannot fix ${file}: ${reason}; nothing written\n`);
        assert.deepEqual(fs.readFileSync(file), bytes);
      });
    }
  }

  it('refuses a file with syntax errors, saying where the first one is (as ESLint does)', async () => {
    const text = `${fanout}\n\ndef broken(:\n    pass\n`;
    const file = fileWith('broken.py', text);
    const { code, stdout, stderr } = await cli('fix', file, '--write');
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(stderr, `async-patterns: ${file} has syntax errors at line 5; fix them first (nothing written)\n`);
    assert.equal(fs.readFileSync(file, 'utf8'), text);
  });
});

describe('cli fix says what it fixed and what is left', () => {
  let folder: string;
  beforeEach(() => (folder = fs.mkdtempSync(path.join(os.tmpdir(), 'async-patterns-fix-left-'))));
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  const service = `import asyncio\n\n\n${fanout}\n\n${unfixableFunction(0)}`;
  const left = 'no automatic fix for unbounded-fanout: `asyncio.gather` starts one task per element of `tasks` (size unknown) with no concurrency limit\n'
    + '  no automatic fix: `tasks` is made elsewhere (a parameter): its coroutines or tasks must be bounded where they are made (one shared asyncio.Semaphore). Or suppress the warning.';

  it('--write: "fixed 1 problem(s), 1 left", the one left at its line in the written file, exit 1', async () => {
    const file = path.join(folder, 'service.py');
    fs.writeFileSync(file, service);
    const { code, stdout, stderr } = await cli('fix', file, '--write');
    assert.equal(code, 1);
    assert.equal(stdout, `${file}: fixed 1 problem(s), 1 left (no automatic fix)\n`);
    assert.equal(stderr, `${file}:17:19 ${left}\n`);
    assert.equal(fs.readFileSync(file, 'utf8').split('\n')[16].trim(), 'await asyncio.gather(*tasks)');
  });

  it('without --write: the diff on stdout; the one left at its line in the file as it is, and the summary, on stderr', async () => {
    const file = path.join(folder, 'service.py');
    fs.writeFileSync(file, service);
    const { code, stdout, stderr } = await cli('fix', file);
    assert.equal(code, 1);
    assert.match(stdout, /^Index: /);
    assert.equal(stderr, `${file}:11:19 ${left}\n${file}: the diff fixes 1 problem(s), 1 left (no automatic fix)\n`);
    assert.equal(service.split('\n')[10].trim(), 'await asyncio.gather(*tasks)');
  });

  it('with only findings it cannot fix: writes nothing, lists each once, "fixed 0 problem(s), 100 left", exit 1', async () => {
    const text = `import asyncio\n\n${Array.from({ length: 100 }, (_, i) => unfixableFunction(i)).join('\n')}`;
    const file = path.join(folder, 'spawns.py');
    fs.writeFileSync(file, text);
    const before = fs.statSync(file).mtimeMs;
    const { code, stdout, stderr } = await cli('fix', file, '--write');
    assert.equal(code, 1);
    assert.equal(stdout, `${file}: fixed 0 problem(s), 100 left (no automatic fix)\n`);
    assert.equal(stderr.split('\n').filter(line => line.includes('no automatic fix for')).length, 100);
    assert.equal(fs.readFileSync(file, 'utf8'), text);
    assert.equal(fs.statSync(file).mtimeMs, before, 'not rewritten');
  });

  it('exit 0 and "fixed 1 problem(s)" when nothing is left', async () => {
    const file = path.join(folder, 'main.py');
    fs.writeFileSync(file, fanout);
    const { code, stdout, stderr } = await cli('fix', file, '--write');
    assert.equal(code, 0);
    assert.equal(stdout, `${file}: fixed 1 problem(s)\n`);
    assert.equal(stderr, '');
  });
});
