// The pinned corpus: reading eval/realworld/corpus.json and downloading each package into the cache, once.
// npm packages come from `npm pack`, Debian packages from `apt-get download` + `dpkg-deb -x`: the ordinary clients,
// so the registry and archive configured on this machine are used and nothing else is contacted. A Debian entry's
// `suite` (default bookworm, the machine's own) may name trixie or sid: those come through a private apt state in the
// cache (./apt.js).
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { systemSuite, checkSuite, prepareSuite } = require('./apt');

const repoRoot = path.join(__dirname, '..', '..');
const corpusFile = path.join(repoRoot, 'eval', 'realworld', 'corpus.json');
/** Written last into a package's folder: a folder without it is an interrupted download and is fetched again. */
const completeMarker = '.eval-complete';

function cacheBase() {
  return process.env.ASYNC_PATTERNS_CACHE || path.join(os.homedir(), '.cache', 'async-patterns');
}

function cacheRoot() {
  return path.join(cacheBase(), 'corpus');
}

/** Every package of the corpus as `{ name, version, ecosystem, language, why, dir }`, Debian ones with their `suite`. */
function loadCorpus() {
  const raw = JSON.parse(fs.readFileSync(corpusFile, 'utf8'));
  const entries = [
    ...raw.npm.map(entry => ({ ...entry, ecosystem: 'npm', language: 'js/ts' })),
    ...raw.debian.map(entry => ({ suite: systemSuite, ...entry, ecosystem: 'debian', language: 'python' })),
  ];
  for (const entry of entries) {
    if (typeof entry.name !== 'string' || typeof entry.version !== 'string' || !entry.version) {
      throw new Error(`corpus.json: every package needs a name and an exact version (${JSON.stringify(entry)})`);
    }
    if (entry.ecosystem === 'debian') {
      try {
        checkSuite(entry.suite);
      } catch (error) {
        throw new Error(`corpus.json: ${entry.name}: ${error.message}`);
      }
    }
    entry.dir = path.join(cacheRoot(), folderName(entry));
  }
  return entries;
}

/** `@scope/name` cannot be one folder name: the slash becomes `+`. */
function folderName({ name, version }) {
  return `${name.replace('/', '+')}@${version}`;
}

function isDownloaded(entry) {
  return fs.existsSync(path.join(entry.dir, completeMarker));
}

/** Downloads what is missing; returns the entries that could not be had, each with a one-line reason. */
function ensureDownloaded(entries, log) {
  const failures = [];
  // Each suite's apt options, its lists fetched at most once a run (or the error that stopped it).
  const suites = new Map();
  const suiteOptions = suite => {
    if (!suites.has(suite)) {
      try {
        const runInCache = (command, args) => run(command, args, cacheBase());
        suites.set(suite, { options: prepareSuite(suite, cacheBase(), runInCache, log) });
      } catch (error) {
        suites.set(suite, { error });
      }
    }
    const prepared = suites.get(suite);
    if (prepared.error) throw prepared.error;
    return prepared.options;
  };
  for (const entry of entries) {
    if (isDownloaded(entry)) continue;
    log(`downloading ${entry.ecosystem} ${entry.name}@${entry.version}${entry.suite ? ` (${entry.suite})` : ''} ...`);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-realworld-'));
    try {
      const extracted = entry.ecosystem === 'npm' ? fetchNpm(entry, work) : fetchDebian(entry, work, suiteOptions(entry.suite));
      fs.writeFileSync(path.join(extracted, completeMarker), `${entry.name}@${entry.version}\n`);
      fs.rmSync(entry.dir, { recursive: true, force: true });
      fs.mkdirSync(path.dirname(entry.dir), { recursive: true });
      moveDir(extracted, entry.dir);
    } catch (error) {
      failures.push({ entry, reason: error.message });
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
  return failures;
}

function fetchNpm(entry, work) {
  const packed = run('npm', ['pack', `${entry.name}@${entry.version}`, '--loglevel=error', '--pack-destination', work], work);
  const tarball = path.join(work, packed.trim().split('\n').pop());
  const into = path.join(work, 'extracted');
  fs.mkdirSync(into);
  // Every npm tarball has one top folder (usually `package/`): strip it so paths start at the package root.
  run('tar', ['-xzf', tarball, '-C', into, '--strip-components=1'], work);
  return into;
}

function fetchDebian(entry, work, aptOptions) {
  run('apt-get', [...aptOptions, 'download', '-q', `${entry.name}=${entry.version}`], work);
  const deb = fs.readdirSync(work).find(file => file.endsWith('.deb'));
  if (!deb) throw new Error('apt-get download produced no .deb');
  const into = path.join(work, 'extracted');
  run('dpkg-deb', ['-x', path.join(work, deb), into], work);
  return into;
}

function moveDir(from, to) {
  try {
    fs.renameSync(from, to);
  } catch (error) {
    if (error.code !== 'EXDEV') throw error;
    fs.cpSync(from, to, { recursive: true });
  }
}

/** Runs a client; a failure becomes one line that says what to check (network, pinned version). */
function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`${command} could not be run: ${result.error.message}`);
  if (result.status !== 0) {
    const lines = `${result.stderr}\n${result.stdout}`.split('\n').map(line => line.trim()).filter(Boolean);
    // npm ends with "A complete log of this run ..." and apt-get with a summary: the line that says what went wrong
    // is the first error code or message.
    const detail = lines.find(line => /\b(code|errno) E|E404|ETARGET|network|^E: /i.test(line)) || lines[0] || `exit code ${result.status}`;
    const hint = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|network|Temporary failure resolving|Could not resolve|Failed to fetch/i.test(detail)
      ? ' (is the network reachable? npm needs its registry, apt-get Debian\'s archive)'
      : / 404 |E404|Version '.*' .* was not found|Unable to locate package|Can't find a source/i.test(detail)
        ? ' (is this exact version still published? run `apt-get update` once for Debian packages)'
        : '';
    throw new Error(`${command} ${args.join(' ')}: ${detail}${hint}`);
  }
  return result.stdout;
}

module.exports = { loadCorpus, ensureDownloaded, isDownloaded, cacheRoot, cacheBase };
