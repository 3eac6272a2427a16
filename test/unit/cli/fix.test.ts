import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import { applyPatch } from 'diff';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), ...args], { encoding: 'utf8' });

const python = `import asyncio


async def main(urls):
    return await asyncio.gather(*[fetch(u) for u in urls])


async def spawn_all(tasks):
    async with asyncio.timeout(60):
        if tasks:
            await asyncio.gather(*tasks)
`;

describe('cli fix', () => {
  let folder: string;
  beforeEach(() => (folder = fs.mkdtempSync(path.join(os.tmpdir(), 'async-patterns-fix-cli-'))));
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  it('prints a unified diff that turns the file into the fixed one, and leaves the file alone', () => {
    const file = path.join(folder, 'service.py');
    fs.writeFileSync(file, python);
    const result = cli('fix', file, '--level', 'strict');
    assert.equal(result.status, 1);
    assert.equal(fs.readFileSync(file, 'utf8'), python, 'nothing written without --write');
    const patched = applyPatch(python, result.stdout);
    assert.ok(patched, 'the diff applies');
    assert.match(patched, /semaphore = asyncio\.Semaphore\(16\)/);
    assert.match(result.stderr, /service\.py:11:19 no automatic fix for unbounded-fanout: [^\n]*\n {2}no automatic fix: `tasks` is made elsewhere \(a parameter\)/);
  });

  it('--write saves the fix; check then reports only what has no automatic fix', () => {
    const file = path.join(folder, 'service.py');
    fs.writeFileSync(file, python);
    const result = cli('fix', file, '--write', '--max-concurrency', '8', '--level', 'strict');
    assert.equal(result.status, 1);
    assert.match(result.stdout, /fixed 1 problem\(s\), 1 left/);
    assert.match(fs.readFileSync(file, 'utf8'), /asyncio\.Semaphore\(8\)/);
    const check = cli('check', file, '--format', 'json', '--level', 'strict');
    assert.deepEqual(JSON.parse(check.stdout).map((f: { line: number }) => f.line), [17]);
  });

  it('exits 0 when everything could be fixed, and the fixed TypeScript checks clean', () => {
    const file = path.join(folder, 'users.ts');
    fs.writeFileSync(file, 'export async function loadUsers(ids: string[]) {\n  return Promise.all(ids.map(fetchUser));\n}\n');
    assert.equal(cli('fix', file, '--write').status, 0);
    assert.equal(cli('check', file).status, 0);
  });

  // With the real rule: a gather in a test file over a parameter named `handlers`, whose tasks never await I/O.
  // strict reports any collection of unknown size; recommended wants evidence that the collection is data and that
  // each task reaches an external resource, and has neither here.
  const handlersInATest = `import asyncio


def describe(handler):
    return handler.__name__


async def call_handler(handler):
    return describe(handler)


async def test_runs_every_handler(handlers):
    return await asyncio.gather(*[call_handler(h) for h in handlers])
`;

  it('fix --level strict fixes a fan-out only the strict level reports', () => {
    const file = path.join(folder, 'test_handlers.py');
    fs.writeFileSync(file, handlersInATest);
    const result = cli('fix', file, '--write', '--level', 'strict');
    assert.equal(result.status, 0, result.stderr);
    assert.match(fs.readFileSync(file, 'utf8'), /semaphore = asyncio\.Semaphore\(16\)/);
  });

  it('fix --level recommended leaves the same file alone', () => {
    const file = path.join(folder, 'test_handlers.py');
    fs.writeFileSync(file, handlersInATest);
    const result = cli('fix', file, '--write', '--level', 'recommended');
    assert.equal(result.status, 0, result.stderr);
    assert.equal(fs.readFileSync(file, 'utf8'), handlersInATest);
  });

  const usage: Array<[string[], RegExp]> = [
    [['fix'], /fix takes exactly one file/],
    [['fix', 'a.py', 'b.py'], /fix takes exactly one file/],
    [['fix', 'notes.txt'], /not a Python, JavaScript or TypeScript file/],
    [['fix', 'missing.py'], /cannot read missing\.py: no such file or folder/],
  ];
  for (const [args, message] of usage) {
    it(`${args.join(' ')}: exit 2 with a one-line reason`, () => {
      const result = cli(...args);
      assert.equal(result.status, 2);
      assert.match(result.stderr, message);
    });
  }
});

describe('cli fix with the project\'s dependencies', () => {
  it('uses p-limit when the nearest package.json depends on it', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'async-patterns-fix-project-'));
    fs.writeFileSync(path.join(folder, 'package.json'), JSON.stringify({ dependencies: { 'p-limit': '^6.0.0' } }));
    fs.mkdirSync(path.join(folder, 'src'));
    const file = path.join(folder, 'src', 'users.ts');
    fs.writeFileSync(file, 'export async function loadUsers(ids: string[]) {\n  return Promise.all(ids.map(id => fetchUser(id)));\n}\n');
    try {
      assert.equal(cli('fix', file, '--write').status, 0);
      assert.equal(fs.readFileSync(file, 'utf8'), "import pLimit from 'p-limit';\nexport async function loadUsers(ids: string[]) {\n  const limit = pLimit(16);\n  return Promise.all(ids.map(id => limit(() => fetchUser(id))));\n}\n");
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
