/**
 * `fix --write` replaces a file whole or not at all: the new content goes to a temporary file beside it, which is
 * synced and renamed over it, keeping its mode, its owner, its symbolic links and its hard links. It refuses a
 * read-only file (also as root) and a file someone changed while it was fixing. A full disk (a file-system double)
 * or a file-size limit (a real `ulimit -f`) leaves the original intact and says so in one line.
 */
import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { packageWasmLocator } from '../../../src/engine/grammarLoader';
import { FileSystem, nodeFileSystem } from '../../../src/cli/fileSystem';
import { runCli } from '../../../src/cli/run';
import { isReadOnly } from '../../../src/cli/safeWrite';
import { version } from '../../../package.json';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

async function cli(args: string[], fileSystem?: FileSystem) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { version, locateWasm: packageWasmLocator(), fileSystem, stdout: t => (stdout += t), stderr: t => (stderr += t) });
  return { code, stdout, stderr };
}

const isRoot = process.getuid?.() === 0;
const source = 'import asyncio\n\n\nasync def main(urls):\n    return await asyncio.gather(*[fetch(u) for u in urls])\n';
const fixedPattern = /asyncio\.Semaphore\(16\)/;

/** A file-system double that calls `before(flags)` whenever a file is opened for writing, then does the real thing. */
function onOpenForWriting(before: (file: string, flags: string | number | undefined) => Promise<void> | void): FileSystem {
  return {
    ...nodeFileSystem,
    open: (async (file: fs.PathLike, flags?: string | number, mode?: fs.Mode) => {
      const writing = typeof flags === 'string' ? /[wa+]/.test(flags) : flags !== undefined && (flags & (fs.constants.O_WRONLY | fs.constants.O_RDWR)) !== 0;
      if (writing) await before(String(file), flags);
      return nodeFileSystem.open(file, flags, mode);
    }) as FileSystem['open'],
  };
}

/**
 * A file-system double whose files opened for writing fail every write with `code` (ENOSPC: a full disk); with
 * `only`, just the files opened with those flags, that many times.
 */
function failingWrites(code: string, only?: { flags: string; times: number }): FileSystem {
  const fail = () => Promise.reject(Object.assign(new Error(`${code}: simulated, write`), { code, syscall: 'write' }));
  let failures = 0;
  return {
    ...nodeFileSystem,
    open: (async (file: fs.PathLike, flags?: string | number, mode?: fs.Mode) => {
      const handle = await nodeFileSystem.open(file, flags, mode);
      const writing = typeof flags === 'string' && /[wa+]/.test(flags) && (!only || (flags === only.flags && failures++ < only.times));
      if (!writing) return handle;
      return new Proxy(handle, {
        get: (target, property) => {
          if (property === 'write' || property === 'writeFile' || property === 'writev') return fail;
          const value: unknown = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    }) as FileSystem['open'],
  };
}

describe('isReadOnly', () => {
  const user = { uid: 1000, gids: [100, 27] };
  // [mode, owner uid, owner gid, read-only for uid 1000 in groups 100 and 27, read-only for root]
  const cases: Array<[number, number, number, boolean, boolean]> = [
    [0o644, 1000, 100, false, false],
    [0o444, 1000, 100, true, true],
    [0o555, 0, 0, true, true],
    [0o464, 1000, 100, true, false],
    [0o664, 0, 27, false, false],
    [0o646, 0, 0, false, false],
    [0o644, 0, 0, true, false],
    [0o604, 0, 100, true, false],
  ];
  for (const [mode, uid, gid, forUser, forRoot] of cases) {
    it(`mode ${mode.toString(8)} owned by ${uid}:${gid}: ${forUser ? 'read-only' : 'writable'} for the user, ${forRoot ? 'read-only' : 'writable'} for root`, () => {
      assert.equal(isReadOnly({ mode, uid, gid }, user), forUser);
      assert.equal(isReadOnly({ mode, uid, gid }, { uid: 0, gids: [0] }), forRoot);
    });
  }
});

describe('fix --write replaces the file safely', () => {
  let folder: string;
  let file: string;
  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'async-patterns-write-'));
    file = path.join(folder, 'service.py');
    fs.writeFileSync(file, source);
  });
  afterEach(() => {
    fs.chmodSync(folder, 0o755);
    fs.rmSync(folder, { recursive: true, force: true });
  });
  const leftovers = () => fs.readdirSync(folder).filter(name => name !== 'service.py' && !name.startsWith('other'));

  it('keeps the file mode, whatever the umask', async () => {
    fs.chmodSync(file, 0o640);
    const umask = process.umask(0o077);
    try {
      assert.equal((await cli(['fix', file, '--write'])).code, 0);
    } finally {
      process.umask(umask);
    }
    assert.match(fs.readFileSync(file, 'utf8'), fixedPattern);
    assert.equal(fs.statSync(file).mode & 0o7777, 0o640);
    assert.deepEqual(leftovers(), []);
  });

  it('keeps the owner and group (as root, of a file another user owns)', async function () {
    if (!isRoot) this.skip();
    fs.chownSync(file, 1234, 5678);
    assert.equal((await cli(['fix', file, '--write'])).code, 0);
    const stat = fs.statSync(file);
    assert.deepEqual([stat.uid, stat.gid], [1234, 5678]);
    assert.match(fs.readFileSync(file, 'utf8'), fixedPattern);
  });

  it('writes through a symbolic link to its target, and the link stays a link', async () => {
    fs.mkdirSync(path.join(folder, 'other'));
    const target = path.join(folder, 'other', 'real.py');
    fs.renameSync(file, target);
    fs.symlinkSync(path.join('other', 'real.py'), file);
    assert.equal((await cli(['fix', file, '--write'])).code, 0);
    assert.ok(fs.lstatSync(file).isSymbolicLink());
    assert.equal(fs.readlinkSync(file), path.join('other', 'real.py'));
    assert.match(fs.readFileSync(target, 'utf8'), fixedPattern);
    assert.deepEqual(fs.readdirSync(path.join(folder, 'other')), ['real.py']);
  });

  it('keeps hard links: every name of the file sees the fix', async () => {
    const other = path.join(folder, 'other.py');
    fs.linkSync(file, other);
    const inode = fs.statSync(file).ino;
    assert.equal((await cli(['fix', file, '--write'])).code, 0);
    assert.equal(fs.statSync(file).ino, inode);
    assert.equal(fs.statSync(file).nlink, 2);
    assert.match(fs.readFileSync(other, 'utf8'), fixedPattern);
    assert.deepEqual(leftovers(), []);
  });

  for (const mode of [0o444, 0o555]) {
    it(`refuses a read-only file (mode ${mode.toString(8)}), also as root: exit 2, nothing written`, async () => {
      fs.chmodSync(file, mode);
      const { code, stdout, stderr } = await cli(['fix', file, '--write']);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.equal(stderr, `async-patterns: read-only: ${file} (nothing written)\n`);
      assert.equal(fs.readFileSync(file, 'utf8'), source);
      assert.deepEqual(leftovers(), []);
    });
  }

  it('refuses when the file changed on disk while fixing, keeping the other change', async () => {
    const otherChange = `${source}# saved in the editor meanwhile\n`;
    const editorSaves = onOpenForWriting(() => fs.writeFileSync(file, otherChange));
    const { code, stdout, stderr } = await cli(['fix', file, '--write'], editorSaves);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(stderr, `async-patterns: ${file} changed on disk while fixing; nothing written\n`);
    assert.equal(fs.readFileSync(file, 'utf8'), otherChange);
    assert.deepEqual(leftovers(), []);
  });

  it('on a full disk: one line, the file intact, no temporary file left', async () => {
    const { code, stdout, stderr } = await cli(['fix', file, '--write'], failingWrites('ENOSPC'));
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(stderr, `async-patterns: cannot write ${file}: no space left on device (the file is unchanged)\n`);
    assert.equal(fs.readFileSync(file, 'utf8'), source);
    assert.deepEqual(leftovers(), []);
  });

  it('on a full disk, a file with two hard links is intact under both names', async () => {
    const other = path.join(folder, 'other.py');
    fs.linkSync(file, other);
    const { code, stderr } = await cli(['fix', file, '--write'], failingWrites('ENOSPC'));
    assert.equal(code, 2);
    assert.match(stderr, /no space left on device \(the file is unchanged\)/);
    assert.equal(fs.readFileSync(other, 'utf8'), source);
    assert.equal(fs.statSync(file).nlink, 2);
    assert.deepEqual(leftovers(), []);
  });

  it('a file with two hard links whose in-place write fails gets its old content back', async () => {
    const other = path.join(folder, 'other.py');
    fs.linkSync(file, other);
    const { code, stderr } = await cli(['fix', file, '--write'], failingWrites('EIO', { flags: 'r+', times: 1 }));
    assert.equal(code, 2);
    assert.equal(stderr, `async-patterns: cannot write ${file}: input/output error (the old content was written back)\n`);
    assert.equal(fs.readFileSync(other, 'utf8'), source);
    assert.deepEqual(leftovers(), []);
  });

  it('under a file-size limit (ulimit -f, the real bundled CLI): the file intact, "file too large"', function () {
    if (spawnSync('bash', ['-c', 'ulimit -f 2']).status !== 0) this.skip();
    // 3 KB, over the 2 KB limit once the fix makes it grow; the limit binds writes only, so it still reads.
    const padded = `${'# padding to be over the limit once the fix adds its lines\n'.repeat(50)}${source}`;
    fs.writeFileSync(file, padded);
    const result = spawnSync('bash', ['-c', 'ulimit -f 2; "$NODE" "$CLI_JS" fix "$FILE" --write'], {
      encoding: 'utf8', env: { ...process.env, NODE: process.execPath, CLI_JS: path.join(repoRoot, 'dist', 'cli.js'), FILE: file },
    });
    assert.equal(result.status, 2);
    assert.equal(result.stderr, `async-patterns: cannot write ${file}: file too large (the file is unchanged)\n`);
    assert.equal(fs.readFileSync(file, 'utf8'), padded);
    assert.deepEqual(leftovers(), []);
  });

  describe('as a user without root rights (as root: the bundled CLI run as nobody)', () => {
    const nobody = 65534;
    async function cliAsUser(args: string[]) {
      if (!isRoot) return cli(args);
      const result = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), ...args], { uid: nobody, gid: nobody, encoding: 'utf8' });
      return { code: result.status, stdout: result.stdout, stderr: result.stderr };
    }
    beforeEach(function () {
      if (process.platform === 'win32') this.skip();
    });

    it('a folder it may not create files in: permission denied, the file intact', async () => {
      if (isRoot) {
        fs.chownSync(folder, nobody, nobody);
        fs.chownSync(file, nobody, nobody);
      }
      fs.chmodSync(folder, 0o555);
      const { code, stderr } = await cliAsUser(['fix', file, '--write']);
      assert.equal(code, 2);
      assert.equal(stderr, `async-patterns: cannot write ${file}: permission denied (the file is unchanged)\n`);
      assert.equal(fs.readFileSync(file, 'utf8'), source);
    });

    it('a file its mode bits do not let this user write (someone else\'s 644 file): read-only', async function () {
      if (!isRoot) this.skip();
      fs.chmodSync(folder, 0o777);
      const { code, stderr } = await cliAsUser(['fix', file, '--write']);
      assert.equal(code, 2);
      assert.equal(stderr, `async-patterns: read-only: ${file} (nothing written)\n`);
      assert.equal(fs.readFileSync(file, 'utf8'), source);
    });
  });
});
