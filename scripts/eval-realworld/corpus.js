// The pinned corpus: reading eval/realworld/corpus.json and downloading each package into the cache, once.
// npm packages come from `npm pack`, Debian packages from `apt-get download` + `dpkg-deb -x`, Debian source packages
// (`"kind": "debian-source"`) from `apt-get source --download-only` + `dpkg-source -x`: the ordinary clients, so the
// registry and archive configured on this machine are used and nothing else is contacted. A Debian entry's `suite`
// (default bookworm, the machine's own) may name trixie or sid: those, and every source package, come through a
// private apt state in the cache (./apt.js).
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { systemSuite, defaultKind, checkSuite, checkKind, prepareSuite } = require('./apt');

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

/**
 * Every package of the corpus as `{ name, version, ecosystem, language, why, dir }`, Debian ones with their `suite`
 * and `kind` (`debian-binary` or `debian-source`).
 */
function loadCorpus(file = corpusFile) {
  return parseCorpus(JSON.parse(fs.readFileSync(file, 'utf8')), cacheRoot());
}

/** Checks corpus.json's entries and gives each its defaults and its folder in `root`; a bad entry throws, named. */
function parseCorpus(raw, root) {
  const entries = [
    ...raw.npm.map(entry => ({ ...entry, ecosystem: 'npm', language: 'js/ts' })),
    ...raw.debian.map(entry => ({ suite: systemSuite, kind: defaultKind, ...entry, ecosystem: 'debian', language: 'python' })),
  ];
  const pinned = new Set();
  for (const entry of entries) {
    if (typeof entry.name !== 'string' || !entry.name || typeof entry.version !== 'string' || !entry.version) {
      throw new Error(`corpus.json: every package needs a name and an exact version (${JSON.stringify(entry)})`);
    }
    if (entry.ecosystem === 'debian') {
      try {
        checkSuite(entry.suite);
        checkKind(entry.kind);
      } catch (error) {
        throw new Error(`corpus.json: ${entry.name}: ${error.message}`);
      }
    }
    // Labels are keyed by name and version: a source package pinned beside its binary of the same name would share them.
    const key = `${entry.name}@${entry.version}`;
    if (pinned.has(key)) throw new Error(`corpus.json: ${key} is pinned twice (labels are keyed by name and version)`);
    pinned.add(key);
    entry.dir = path.join(root, folderName(entry));
  }
  return entries;
}

/** `@scope/name` cannot be one folder name: the slash becomes `+`. A source package's folder says so. */
function folderName({ name, version, kind }) {
  return `${kind === 'debian-source' ? 'src+' : ''}${name.replace('/', '+')}@${version}`;
}

function isDownloaded(entry) {
  return fs.existsSync(path.join(entry.dir, completeMarker));
}

/** Downloads what is missing; returns the entries that could not be had, each with a one-line reason. */
function ensureDownloaded(entries, log) {
  const failures = [];
  // Each suite's apt options, its lists fetched at most once a run (or the error that stopped it).
  const suites = new Map();
  const suiteOptions = (suite, kind) => {
    const key = `${suite} ${kind}`;
    if (!suites.has(key)) {
      try {
        const runInCache = (command, args) => run(command, args, cacheBase());
        suites.set(key, { options: prepareSuite(suite, cacheBase(), runInCache, log, Date.now(), kind) });
      } catch (error) {
        suites.set(key, { error });
      }
    }
    const prepared = suites.get(key);
    if (prepared.error) throw prepared.error;
    return prepared.options;
  };
  for (const entry of entries) {
    if (isDownloaded(entry)) continue;
    const where = entry.suite ? ` (${entry.suite}${entry.kind === 'debian-source' ? ', source' : ''})` : '';
    log(`downloading ${entry.ecosystem} ${entry.name}@${entry.version}${where} ...`);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-realworld-'));
    try {
      const fetch = entry.ecosystem === 'npm' ? fetchNpm : fetchers[entry.kind];
      const extracted = fetch(entry, work, entry.ecosystem === 'npm' ? [] : suiteOptions(entry.suite, entry.kind));
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

/**
 * A source package as Debian builds it: the upstream tree with Debian's patches applied and its `debian/` folder.
 * apt-get checks every file against the signed Sources index; dpkg-source checks them against the .dsc.
 */
function fetchDebianSource(entry, work, aptOptions) {
  run('apt-get', [...aptOptions, 'source', '--download-only', '-q', `${entry.name}=${entry.version}`], work);
  const dsc = fs.readdirSync(work).find(file => file.endsWith('.dsc'));
  if (!dsc) throw new Error('apt-get source produced no .dsc');
  const into = path.join(work, 'extracted');
  run('dpkg-source', ['-x', path.join(work, dsc), into], work);
  return into;
}

const fetchers = { 'debian-binary': fetchDebian, 'debian-source': fetchDebianSource };

function moveDir(from, to) {
  try {
    fs.renameSync(from, to);
  } catch (error) {
    if (error.code !== 'EXDEV') throw error;
    fs.cpSync(from, to, { recursive: true });
  }
}

/** The Debian package that provides each client the downloader runs (CI never runs the eval: tools may be missing). */
const providers = { npm: 'nodejs', tar: 'tar', 'apt-get': 'apt', 'dpkg-deb': 'dpkg', 'dpkg-source': 'dpkg-dev' };

/** Why a client could not be started: when it is not installed, which package to install. */
function missingToolMessage(command, error) {
  if (error.code === 'ENOENT' && providers[command]) return `${command} is not installed (it comes with the Debian package ${providers[command]})`;
  return `${command} could not be run: ${error.message}`;
}

/**
 * What to check, by what a failed client said. A missing file (404) comes first: apt-get reports it as "Failed to
 * fetch ... 404", which is the archive answering, not the network failing.
 */
const failureHints = [
  { said: / 404 |E404|Version '.*' .* was not found|Unable to locate package|Can't find a source|Unable to find a source package/i,
    hint: ' (is this exact version still published? run `apt-get update` once for Debian packages)' },
  { said: /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|network|Temporary failure resolving|Could not resolve|Failed to fetch/i,
    hint: ' (is the network reachable? npm needs its registry, apt-get Debian\'s archive)' },
];

function failureHint(detail) {
  return failureHints.find(({ said }) => said.test(detail))?.hint || '';
}

/** Runs a client; a failure becomes one line that says what to check (network, pinned version). */
function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(missingToolMessage(command, result.error));
  if (result.status !== 0) {
    const lines = `${result.stderr}\n${result.stdout}`.split('\n').map(line => line.trim()).filter(Boolean);
    // npm ends with "A complete log of this run ..." and apt-get with a summary: the line that says what went wrong
    // is the first error code or message.
    const detail = lines.find(line => /\b(code|errno) E|E404|ETARGET|network|^E: /i.test(line)) || lines[0] || `exit code ${result.status}`;
    const hint = failureHint(detail);
    throw new Error(`${command} ${args.join(' ')}: ${detail}${hint}`);
  }
  return result.stdout;
}

module.exports = { loadCorpus, parseCorpus, folderName, missingToolMessage, failureHint, ensureDownloaded, isDownloaded, cacheRoot, cacheBase };
