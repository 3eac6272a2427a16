// Debian suites other than the machine's own (bookworm), and source packages of any suite: a private apt state per
// suite and kind in the cache, so that `apt-get download` can fetch a trixie or sid package, and `apt-get source
// --download-only` any source package, without touching the system's apt configuration, lists or cache, and without
// installing anything. apt reads its sources, lists and cache from wherever `-o Dir::...` points.
const fs = require('fs');
const path = require('path');

/** The machine's own suite: its apt configuration is used as it is. */
const systemSuite = 'bookworm';
/** Suites with a private state, each from Debian's main archive. */
const privateSuites = new Set(['trixie', 'sid']);
const archive = 'http://deb.debian.org/debian';
const securityArchive = 'http://deb.debian.org/debian-security';
/**
 * What a Debian corpus entry is: a binary package (`apt-get download`, the default) or a source package (`apt-get
 * source`), which keeps the upstream repository's examples, scripts and tools that binary packages drop. Each kind
 * has its own lines in sources.list and its own state folder (`apt/<suite><stateSuffix>`).
 */
const debianKinds = {
  'debian-binary': { sourcesType: 'deb', stateSuffix: '' },
  'debian-source': { sourcesType: 'deb-src', stateSuffix: '-source' },
};
const defaultKind = 'debian-binary';
/** The archives of a suite: the machine's bookworm also takes its security updates (as /etc/apt/sources.list does). */
const suiteArchives = {
  bookworm: [[archive, 'bookworm'], [securityArchive, 'bookworm-security']],
  trixie: [[archive, 'trixie']],
  sid: [[archive, 'sid']],
};
/** Lists older than this are fetched again (sid changes every day; a stale list names versions that are gone). */
const listsMaxAgeMs = 24 * 60 * 60 * 1000;
const updatedStamp = 'updated';

/** Checks a corpus entry's suite; the message names the allowed ones. */
function checkSuite(suite) {
  if (suite !== systemSuite && !privateSuites.has(suite)) {
    throw new Error(`suite must be ${[systemSuite, ...privateSuites].join(', ')}, not '${suite}'`);
  }
}

/** Checks a corpus entry's kind; the message names the allowed ones. */
function checkKind(kind) {
  if (!Object.hasOwn(debianKinds, kind)) {
    throw new Error(`kind must be ${Object.keys(debianKinds).join(' or ')}, not '${kind}'`);
  }
}

/** Whether a suite and kind need no private state: the machine's own binary packages. */
function usesSystemApt(suite, kind) {
  return suite === systemSuite && kind === defaultKind;
}

/** The folder of a suite's private apt state: `${cache}/apt/<suite>/`, `${cache}/apt/<suite>-source/` for sources. */
function suiteStateDir(cacheDir, suite, kind = defaultKind) {
  return path.join(cacheDir, 'apt', `${suite}${debianKinds[kind].stateSuffix}`);
}

/**
 * The `-o` options that point apt at a suite's private state: its own sources.list (and no sources.list.d), its own
 * lists, its own package cache (so the system's pkgcache.bin is not rebuilt from trixie's lists) and no pinning from
 * /etc/apt/preferences. Empty for the machine's own binary packages (its apt has no `deb-src` lines).
 */
function aptOptions(suite, stateDir, kind = defaultKind) {
  if (usesSystemApt(suite, kind)) return [];
  const settings = [
    ['Dir::Etc::SourceList', path.join(stateDir, 'sources.list')],
    ['Dir::Etc::SourceParts', '/dev/null'],
    ['Dir::Etc::Preferences', '/dev/null'],
    ['Dir::Etc::PreferencesParts', '/dev/null'],
    ['Dir::State::Lists', path.join(stateDir, 'lists')],
    ['Dir::Cache', path.join(stateDir, 'cache')],
  ];
  return settings.flatMap(([key, value]) => ['-o', `${key}=${value}`]);
}

/** A private state's sources.list: one line per archive of the suite, `deb` or `deb-src` by kind. */
function sourcesList(suite, kind = defaultKind) {
  return suiteArchives[suite].map(([uri, name]) => `${debianKinds[kind].sourcesType} ${uri} ${name} main\n`).join('');
}

/** Whether a suite's lists must be fetched: never fetched, or fetched more than a day before `now`. */
function listsAreStale(stateDir, now) {
  const stamp = path.join(stateDir, updatedStamp);
  if (!fs.existsSync(stamp)) return true;
  return now - fs.statSync(stamp).mtimeMs > listsMaxAgeMs;
}

/**
 * Makes a suite's private state ready for `apt-get download` (or `apt-get source` for the kind `debian-source`):
 * writes its sources.list and folders, and runs `apt-get update` with its options when the lists are missing or older
 * than a day. `run(command, args)` runs a client and throws a one-line error when it fails; `log` is told before an
 * update. Returns the state's apt options (none for the machine's own binary packages, which need nothing).
 */
function prepareSuite(suite, cacheDir, run, log = () => {}, now = Date.now(), kind = defaultKind) {
  checkSuite(suite);
  checkKind(kind);
  const stateDir = suiteStateDir(cacheDir, suite, kind);
  const options = aptOptions(suite, stateDir, kind);
  if (usesSystemApt(suite, kind)) return options;
  for (const dir of [path.join(stateDir, 'lists', 'partial'), path.join(stateDir, 'cache', 'archives', 'partial')]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  fs.writeFileSync(path.join(stateDir, 'sources.list'), sourcesList(suite, kind));
  if (listsAreStale(stateDir, now)) {
    log(`fetching the apt ${kind === defaultKind ? 'lists' : 'source lists'} of Debian ${suite} into ${stateDir} ...`);
    run('apt-get', [...options, 'update', '-q']);
    fs.writeFileSync(path.join(stateDir, updatedStamp), `${new Date(now).toISOString()}\n`);
  }
  return options;
}

module.exports = {
  systemSuite, privateSuites, debianKinds, defaultKind, checkSuite, checkKind, suiteStateDir, aptOptions, sourcesList,
  listsAreStale, prepareSuite,
};
