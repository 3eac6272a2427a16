/**
 * The measuring logic of `npm run eval:realworld` (scripts/eval-realworld/): how findings meet labels, what counts as
 * TP/FP/DEBATABLE/FN/TN, which labels are refused, and what the site finder sees. The numbers the lead acts on
 * come from here, so they are checked on small made-up inputs.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const scripts = path.resolve(__dirname, '..', '..', '..', '..', 'scripts', 'eval-realworld');
/* eslint-disable @typescript-eslint/no-require-imports -- plain Node modules of a script, not part of the build */
const { labelForFinding, labelsByPath, loadLabels } = require(path.join(scripts, 'labels'));
const { scorePackage, thresholdChecks } = require(path.join(scripts, 'metrics'));
const { findSites, isInLanguage } = require(path.join(scripts, 'sites'));
const { aptOptions, checkSuite, checkKind, prepareSuite } = require(path.join(scripts, 'apt'));
const { parseCorpus, missingToolMessage, failureHint } = require(path.join(scripts, 'corpus'));
const { realworldTestFiles } = require(path.join(scripts, '..', 'fetch-test-corpus'));
/* eslint-enable @typescript-eslint/no-require-imports */

const entry = { name: 'demo', version: '1.0.0' };
const label = (line: number, verdict: string, extra: object = {}) =>
  ({ package: 'demo', version: '1.0.0', path: 'lib/a.js', line, verdict, reason: 'why', ...extra });
const finding = (line: number, endLine = line, filePath = 'lib/a.js') => ({ path: filePath, line, endLine });

describe('eval:realworld', () => {
  describe('a finding meets its label', () => {
    const byPath = labelsByPath([label(10, 'bound'), label(30, 'fine', { alsoAt: [24, 26] })], entry);
    const cases: Array<[string, ReturnType<typeof finding>, number | undefined]> = [
      ['at the same line', finding(10), 10],
      ['when the label is inside the finding’s lines', finding(8, 12), 10],
      ['at another line of the same site (alsoAt)', finding(24), 30],
      ['not in another file', finding(10, 10, 'lib/b.js'), undefined],
      ['not at an unlabelled line', finding(11), undefined],
    ];
    for (const [what, given, expected] of cases) {
      it(what, () => assert.equal(labelForFinding(given, byPath)?.line, expected));
    }
  });

  describe('scoring one package', () => {
    it('counts findings by their site’s verdict and unflagged sites as FN/TN', () => {
      const labels = [label(1, 'bound'), label(2, 'fine'), label(3, 'debatable'), label(4, 'bound'), label(5, 'fine'), label(6, 'debatable')];
      const { counts, unlabelled } = scorePackage(entry, [finding(1), finding(2), finding(3), finding(9)], labels);
      assert.deepEqual(
        { tp: counts.tp, fp: counts.fp, debatable: counts.debatable, unlabelled: counts.unlabelled, fn: counts.fn, tn: counts.tn,
          positives: counts.positives, unflaggedDebatable: counts.unflaggedDebatable, sites: counts.labelledSites },
        { tp: 1, fp: 1, debatable: 1, unlabelled: 1, fn: 1, tn: 1, positives: 2, unflaggedDebatable: 1, sites: 6 });
      assert.deepEqual(unlabelled.map((f: { line: number }) => f.line), [9]);
    });

    it('counts recall over sites: two findings at one bound site find it once', () => {
      const { counts } = scorePackage(entry, [finding(44), finding(72)], [label(72, 'bound', { alsoAt: [44] }), label(90, 'bound')]);
      assert.deepEqual({ tp: counts.tp, boundFlagged: counts.boundFlagged, fn: counts.fn, positives: counts.positives },
        { tp: 2, boundFlagged: 1, fn: 1, positives: 2 });
    });
  });

  describe('thresholds', () => {
    const counts = (tp: number, fp: number, unlabelled: number, positives: number, boundFlagged: number) =>
      ({ tp, fp, debatable: 0, unlabelled, positives, boundFlagged });
    it('pass at 0.9 precision and recall with enough positives and nothing unlabelled', () => {
      assert.ok(thresholdChecks('python', counts(9, 1, 0, 15, 14)).every((check: { ok: boolean }) => check.ok));
    });
    it('fail below 0.9 precision, with too few positives, or with unlabelled findings', () => {
      const failed = thresholdChecks('js/ts', counts(8, 2, 3, 29, 29)).filter((check: { ok: boolean }) => !check.ok);
      assert.equal(failed.length, 3);
    });
  });

  describe('reading labels.jsonl', () => {
    let dir: string;
    beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-labels-')); });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('keeps good lines and names each bad one by its line number', () => {
      const lines = [
        JSON.stringify(label(1, 'bound')),
        '{not json',
        JSON.stringify({ ...label(2, 'bound'), reason: '' }),
        JSON.stringify(label(3, 'maybe')),
        JSON.stringify(label(1, 'fine')),
        JSON.stringify(label(9, 'fine', { alsoAt: [1] })),
        JSON.stringify(label(4, 'fine', { alsoAt: ['x'] })),
      ];
      const file = path.join(dir, 'labels.jsonl');
      fs.writeFileSync(file, lines.join('\n') + '\n');
      const { labels, problems } = loadLabels(file);
      assert.deepEqual(labels.map((l: { line: number }) => l.line), [1]);
      assert.deepEqual(problems.map((p: string) => p.split(':').slice(0, 2).join(':')),
        ['labels.jsonl:2', 'labels.jsonl:3', 'labels.jsonl:4', 'labels.jsonl:5', 'labels.jsonl:6', 'labels.jsonl:7']);
    });
  });

  describe('the site finder', () => {
    let dir: string;
    beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-sites-')); });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('finds wrapper and push shapes in JS, spawn and gather in Python, and skips node_modules and minified lines', () => {
      fs.writeFileSync(path.join(dir, 'a.js'), [
        'await utils.allSettled(ids.map(async id => destroy(id)));',
        'cleanup.push(...fns.map(async fn => clean(fn)));',
        'const plain = 1;',
        `Promise.all(xs.map(f));${' '.repeat(1200)}`,
      ].join('\n'));
      fs.writeFileSync(path.join(dir, 'b.py'), 'async def f(g, xs):\n    for x in xs:\n        await g.spawn(fetch(x))\n    await asyncio.gather(*xs)\n');
      fs.mkdirSync(path.join(dir, 'node_modules'));
      fs.writeFileSync(path.join(dir, 'node_modules', 'c.js'), 'Promise.all(xs.map(f));\n');
      const shapes = (language: string) => findSites(dir, language).map((s: { path: string; line: number; shape: string }) => `${s.path}:${s.line} ${s.shape}`);
      assert.deepEqual(shapes('js/ts'), ['a.js:1 wrapper over .map', 'a.js:2 push(...xs.map(async))']);
      assert.deepEqual(shapes('python'), ['b.py:3 start_soon/spawn', 'b.py:4 gather']);
    });
  });

  describe('Debian suites other than the machine’s own', () => {
    let cache: string;
    beforeEach(() => { cache = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-apt-')); });
    afterEach(() => fs.rmSync(cache, { recursive: true, force: true }));
    const optionValues = (options: string[]) => {
      assert.ok(options.every((option, index) => index % 2 === 1 || option === '-o'));
      return Object.fromEntries(options.filter((_, index) => index % 2 === 1).map(setting => setting.split('=')));
    };

    it('point apt at a private state per suite and leave the system’s sources, lists, cache and pinning alone', () => {
      const state = path.join(cache, 'apt', 'trixie');
      assert.deepEqual(optionValues(aptOptions('trixie', state)), {
        'Dir::Etc::SourceList': path.join(state, 'sources.list'),
        'Dir::Etc::SourceParts': '/dev/null',
        'Dir::Etc::Preferences': '/dev/null',
        'Dir::Etc::PreferencesParts': '/dev/null',
        'Dir::State::Lists': path.join(state, 'lists'),
        'Dir::Cache': path.join(state, 'cache'),
      });
      assert.deepEqual(aptOptions('bookworm', state), []);
    });

    it('refuse a suite the downloader does not know, naming the ones it does', () => {
      assert.throws(() => checkSuite('buster'), /bookworm, trixie, sid, not 'buster'/);
      for (const suite of ['bookworm', 'trixie', 'sid']) assert.doesNotThrow(() => checkSuite(suite));
    });

    it('write the suite’s sources.list and fetch its lists once, again only when they are a day old', () => {
      const calls: string[][] = [];
      const run = (command: string, args: string[]) => calls.push([command, ...args]);
      const now = Date.now();
      const options = prepareSuite('sid', cache, run, () => {}, now);
      const state = path.join(cache, 'apt', 'sid');
      assert.equal(fs.readFileSync(path.join(state, 'sources.list'), 'utf8'), 'deb http://deb.debian.org/debian sid main\n');
      assert.ok(fs.existsSync(path.join(state, 'lists', 'partial')));
      assert.deepEqual(calls, [['apt-get', ...options, 'update', '-q']]);
      prepareSuite('sid', cache, run, () => {}, now + 60 * 60 * 1000);
      assert.equal(calls.length, 1, 'lists an hour old are kept');
      prepareSuite('sid', cache, run, () => {}, now + 25 * 60 * 60 * 1000);
      assert.equal(calls.length, 2, 'lists a day old are fetched again');
      assert.deepEqual(prepareSuite('bookworm', cache, run), []);
      assert.equal(calls.length, 2, 'the machine’s own suite needs no update');
    });

    it('fetch the lists again when the last update failed', () => {
      const failing = () => { throw new Error('apt-get update: Temporary failure resolving'); };
      assert.throws(() => prepareSuite('trixie', cache, failing), /Temporary failure/);
      const calls: string[][] = [];
      prepareSuite('trixie', cache, (command: string, args: string[]) => calls.push([command, ...args]));
      assert.equal(calls.length, 1);
    });
  });
  describe('Debian source packages', () => {
    let cache: string;
    beforeEach(() => { cache = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-apt-source-')); });
    afterEach(() => fs.rmSync(cache, { recursive: true, force: true }));
    const corpus = (debian: object[]) => ({ npm: [{ name: '@scope/tool', version: '1.0.0' }], debian });

    it('are read from corpus.json with their kind, suite and a folder of their own', () => {
      const entries = parseCorpus(corpus([
        { name: 'python-aiohttp', version: '3.8.4-1', kind: 'debian-source', suite: 'trixie' },
        { name: 'gita', version: '0.16.2-2' },
      ]), '/cache');
      assert.deepEqual(entries.map((e: { name: string; kind?: string; suite?: string; language: string; dir: string }) =>
        [e.name, e.kind, e.suite, e.language, e.dir]), [
        ['@scope/tool', undefined, undefined, 'js/ts', path.join('/cache', '@scope+tool@1.0.0')],
        ['python-aiohttp', 'debian-source', 'trixie', 'python', path.join('/cache', 'src+python-aiohttp@3.8.4-1')],
        ['gita', 'debian-binary', 'bookworm', 'python', path.join('/cache', 'gita@0.16.2-2')],
      ]);
    });

    const refused: Array<[string, object[], RegExp]> = [
      ['an unknown kind, naming the known ones',
        [{ name: 'aiodns', version: '3.2.0-2', kind: 'debian-src' }], /aiodns: kind must be debian-binary or debian-source, not 'debian-src'/],
      ['an unknown suite of a source package',
        [{ name: 'aiodns', version: '3.2.0-2', kind: 'debian-source', suite: 'buster' }], /aiodns: suite must be bookworm, trixie, sid/],
      ['a package without a version',
        [{ name: 'aiodns', version: '', kind: 'debian-source' }], /every package needs a name and an exact version/],
      ['a source package pinned beside its binary of the same name and version (their labels would mix)',
        [{ name: 'streamrip', version: '2.2.0-1', suite: 'sid' }, { name: 'streamrip', version: '2.2.0-1', kind: 'debian-source', suite: 'sid' }],
        /streamrip@2\.2\.0-1 is pinned twice/],
    ];
    for (const [what, debian, message] of refused) {
      it(`refuse ${what}`, () => assert.throws(() => parseCorpus(corpus(debian), '/cache'), message));
    }

    it('come through a private deb-src state, bookworm’s with its security archive, apart from the binary state', () => {
      const calls: string[][] = [];
      const run = (command: string, args: string[]) => calls.push([command, ...args]);
      const options = prepareSuite('bookworm', cache, run, () => {}, Date.now(), 'debian-source');
      const state = path.join(cache, 'apt', 'bookworm-source');
      assert.equal(fs.readFileSync(path.join(state, 'sources.list'), 'utf8'),
        'deb-src http://deb.debian.org/debian bookworm main\ndeb-src http://deb.debian.org/debian-security bookworm-security main\n');
      assert.deepEqual(options, aptOptions('bookworm', state, 'debian-source'));
      assert.equal(options[options.indexOf('-o') + 1], `Dir::Etc::SourceList=${path.join(state, 'sources.list')}`);
      assert.deepEqual(calls, [['apt-get', ...options, 'update', '-q']]);

      prepareSuite('trixie', cache, run, () => {}, Date.now(), 'debian-source');
      assert.equal(fs.readFileSync(path.join(cache, 'apt', 'trixie-source', 'sources.list'), 'utf8'),
        'deb-src http://deb.debian.org/debian trixie main\n');
      assert.ok(!fs.existsSync(path.join(cache, 'apt', 'trixie')), 'the binary state of trixie is not touched');
      assert.throws(() => checkKind('source'), /kind must be debian-binary or debian-source, not 'source'/);
    });

    it('say which package to install when dpkg-source is missing', () => {
      const missing = Object.assign(new Error('spawnSync dpkg-source ENOENT'), { code: 'ENOENT' });
      assert.equal(missingToolMessage('dpkg-source', missing), 'dpkg-source is not installed (it comes with the Debian package dpkg-dev)');
      assert.equal(missingToolMessage('dpkg-source', Object.assign(new Error('EACCES'), { code: 'EACCES' })), 'dpkg-source could not be run: EACCES');
    });

    it('say a missing file of the archive is a version gone, not the network', () => {
      const gone = 'E: Failed to fetch http://deb.debian.org/debian/pool/main/a/aiodns/aiodns_3.2.0-2.dsc  404  Not Found [IP: 1.2.3.4 80]';
      assert.match(failureHint(gone), /still published/);
      assert.match(failureHint('E: Unable to find a source package for aiodns'), /still published/);
      assert.match(failureHint('E: Failed to fetch http://deb.debian.org/debian/dists/trixie/InRelease  Temporary failure resolving'), /network/);
      assert.equal(failureHint('E: something else'), '');
    });

    it('are measured in their language: the JavaScript of their docs is not a Python finding', () => {
      const kept = ['docs/_static/searchtools.js', 'examples/crawl.py', 'stubs/a.pyi'].filter(file => isInLanguage(file, 'python'));
      assert.deepEqual(kept, ['examples/crawl.py', 'stubs/a.pyi']);
      assert.ok(isInLanguage('lib/a.ts', 'js/ts') && !isInLanguage('setup.py', 'js/ts'));
    });
  });

  describe('the real files unit tests read (scripts/fetch-test-corpus.js)', () => {
    it('come from packages the corpus pins, each with its place in the cache', () => {
      const corpus = parseCorpus(JSON.parse(fs.readFileSync(path.join(scripts, '..', '..', 'eval', 'realworld', 'corpus.json'), 'utf8')), '/cache');
      const files = realworldTestFiles(corpus);
      assert.ok(files.length >= 6);
      for (const file of files) assert.equal(file.absolute, path.join(file.entry.dir, file.path));
    });
    it('name the file and its package when the corpus does not pin that package', () => {
      assert.throws(() => realworldTestFiles([]), /parfive_downloader\.py comes from python3-parfive@2\.0\.2-1, which eval\/realworld\/corpus\.json does not pin/);
    });
  });
});
