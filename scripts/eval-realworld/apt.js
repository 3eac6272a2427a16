// Debian suites other than the machine's own (bookworm): a private apt state per suite in the cache, so that
// `apt-get download` can fetch a trixie or sid package without touching the system's apt configuration, lists or
// cache, and without installing anything. apt reads its sources, lists and cache from wherever `-o Dir::...` points.
const fs = require('fs');
const path = require('path');

/** The machine's own suite: its apt configuration is used as it is. */
const systemSuite = 'bookworm';
/** Suites with a private state, each from Debian's main archive. */
const privateSuites = new Set(['trixie', 'sid']);
const archive = 'http://deb.debian.org/debian';
/** Lists older than this are fetched again (sid changes every day; a stale list names versions that are gone). */
const listsMaxAgeMs = 24 * 60 * 60 * 1000;
const updatedStamp = 'updated';

/** Checks a corpus entry's suite; the message names the allowed ones. */
function checkSuite(suite) {
  if (suite !== systemSuite && !privateSuites.has(suite)) {
    throw new Error(`suite must be ${[systemSuite, ...privateSuites].join(', ')}, not '${suite}'`);
  }
}

/** The folder of a suite's private apt state: `${cache}/apt/<suite>/`. */
function suiteStateDir(cacheDir, suite) {
  return path.join(cacheDir, 'apt', suite);
}

/**
 * The `-o` options that point apt at a suite's private state: its own sources.list (and no sources.list.d), its own
 * lists, its own package cache (so the system's pkgcache.bin is not rebuilt from trixie's lists) and no pinning from
 * /etc/apt/preferences. Empty for the machine's own suite.
 */
function aptOptions(suite, stateDir) {
  if (suite === systemSuite) return [];
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

function sourcesLine(suite) {
  return `deb ${archive} ${suite} main\n`;
}

/** Whether a suite's lists must be fetched: never fetched, or fetched more than a day before `now`. */
function listsAreStale(stateDir, now) {
  const stamp = path.join(stateDir, updatedStamp);
  if (!fs.existsSync(stamp)) return true;
  return now - fs.statSync(stamp).mtimeMs > listsMaxAgeMs;
}

/**
 * Makes a suite's private state ready for `apt-get download`: writes its sources.list and folders, and runs
 * `apt-get update` with its options when the lists are missing or older than a day. `run(command, args)` runs a
 * client and throws a one-line error when it fails; `log` is told before an update. Returns the suite's apt options
 * (none for the machine's own suite, which needs nothing).
 */
function prepareSuite(suite, cacheDir, run, log = () => {}, now = Date.now()) {
  checkSuite(suite);
  const stateDir = suiteStateDir(cacheDir, suite);
  const options = aptOptions(suite, stateDir);
  if (suite === systemSuite) return options;
  for (const dir of [path.join(stateDir, 'lists', 'partial'), path.join(stateDir, 'cache', 'archives', 'partial')]) {
    fs.mkdirSync(dir, { recursive: true });
  }
  fs.writeFileSync(path.join(stateDir, 'sources.list'), sourcesLine(suite));
  if (listsAreStale(stateDir, now)) {
    log(`fetching the apt lists of Debian ${suite} into ${stateDir} ...`);
    run('apt-get', [...options, 'update', '-q']);
    fs.writeFileSync(path.join(stateDir, updatedStamp), `${new Date(now).toISOString()}\n`);
  }
  return options;
}

module.exports = { systemSuite, privateSuites, checkSuite, suiteStateDir, aptOptions, listsAreStale, prepareSuite };
