/**
 * SARIF output: the document's structure on synthetic findings (so it does not depend on what the rules find), then
 * the bundled CLI end to end. `assertValidSarif` checks by hand the properties SARIF 2.1.0 requires and GitHub code
 * scanning relies on, without a schema validator dependency.
 */
import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { artifactLocation, formatSarif, pascalCase } from '../../../src/cli/sarif';
import { FileFindings } from '../../../src/cli/formatters';
import { Finding } from '../../../src/engine/finding';
import { allRules } from '../../../src/engine/rules';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const cliPath = path.join(repoRoot, 'dist', 'cli.js');
const root = path.resolve('/project');

// SARIF's types are large; the tests read the document as plain JSON.
type Json = any;

const docs = new Map(allRules.map(rule => [rule.meta.id, `# ${rule.meta.id}\n\n## What it does\nFlags things:\n\n- one\n`]));

/** A finding on 0-based `line`, columns 4 to 20, with one related location on line 0. */
function finding(line: number, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'unbounded-fanout', messageId: 'unknownSize', message: 'too many at once', severity: 'warning',
    range: { start: { line, column: 4 }, end: { line, column: 20 } },
    related: [{ range: { start: { line: 0, column: 15 }, end: { line: 0, column: 18 } }, message: '`ids` comes from here' }],
    data: {}, ...extra,
  };
}

function sarif(files: FileFindings[]): Json {
  const log = JSON.parse(formatSarif({ results: files, notChecked: [] }, { version: '9.9.9', rules: allRules, docs, root }));
  assertValidSarif(log);
  return log;
}

const text = 'async function f(ids) {\n    await Promise.all(ids.map(g));\n}\n';
const onlyResult = (files: FileFindings[]): Json => sarif(files).runs[0].results[0];
const fingerprintOf = (fileText: string, line: number) =>
  onlyResult([{ path: path.join(root, 'a.ts'), text: fileText, findings: [finding(line)] }]).partialFingerprints.primaryLocationLineHash;

describe('SARIF output', () => {
  const log = sarif([{ path: path.join(root, 'src', 'my file.ts'), text, findings: [finding(1)] }]);
  const run = log.runs[0];

  it('is a SARIF 2.1.0 log with one run of our tool, columns in UTF-16 code units, %SRCROOT% the root folder', () => {
    assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    assert.deepEqual({ ...run.tool.driver, rules: undefined }, {
      name: 'Async Patterns', informationUri: 'https://github.com/async-patterns/async-patterns', semanticVersion: '9.9.9', rules: undefined,
    });
    assert.equal(run.columnKind, 'utf16CodeUnits');
    assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, pathToFileURL(root).href + '/');
  });

  it('describes every rule of allRules, in order, with its help from the docs page', () => {
    assert.deepEqual(run.tool.driver.rules.map((r: Json) => r.id), allRules.map(r => r.meta.id));
    for (const [index, rule] of allRules.entries()) {
      const { id, description, defaultSeverity } = rule.meta;
      const descriptor = run.tool.driver.rules[index];
      assert.equal(descriptor.name, pascalCase(id));
      assert.equal(descriptor.shortDescription.text, description);
      assert.equal(descriptor.fullDescription.text, 'Flags things.');
      assert.equal(descriptor.helpUri, `https://github.com/async-patterns/async-patterns/blob/main/docs/rules/${id}.md`);
      assert.deepEqual(descriptor.help, { text: docs.get(id), markdown: docs.get(id) });
      assert.equal(descriptor.defaultConfiguration.level, { error: 'error', warning: 'warning', information: 'note', hint: 'note' }[defaultSeverity]);
      assert.equal(descriptor.properties.precision, 'high');
      assert.ok(['error', 'warning', 'recommendation'].includes(descriptor.properties['problem.severity']));
      assert.ok(descriptor.properties.tags.includes('concurrency'));
    }
  });

  const names: Array<[string, string]> = [['unbounded-fanout', 'UnboundedFanout'], ['x', 'X'], ['missing-timeout-in-loop', 'MissingTimeoutInLoop']];
  for (const [id, name] of names) {
    it(`names rule ${id} ${name}`, () => assert.equal(pascalCase(id), name));
  }

  it('gives each result its rule, message, and a 1-based region in a file relative to %SRCROOT%', () => {
    const [result] = run.results;
    assert.equal(result.ruleId, 'unbounded-fanout');
    assert.equal(run.tool.driver.rules[result.ruleIndex].id, 'unbounded-fanout');
    assert.equal(result.level, 'warning');
    assert.deepEqual(result.locations, [{
      physicalLocation: {
        artifactLocation: { uri: 'src/my%20file.ts', uriBaseId: '%SRCROOT%' },
        region: { startLine: 2, startColumn: 5, endLine: 2, endColumn: 21 },
      },
    }]);
  });

  it('lists related locations with ids, and links them from the message (GitHub shows only linked ones)', () => {
    const [result] = run.results;
    assert.deepEqual(result.relatedLocations, [{
      id: 1,
      physicalLocation: { artifactLocation: { uri: 'src/my%20file.ts', uriBaseId: '%SRCROOT%' }, region: { startLine: 1, startColumn: 16, endLine: 1, endColumn: 19 } },
      message: { text: '`ids` comes from here' },
    }]);
    assert.equal(result.message.text, 'too many at once ([`ids` comes from here](1))');
  });

  it('escapes square brackets in link text, and adds no link without related locations', () => {
    const bracketed = finding(1, { related: [{ range: finding(0).range, message: '`[...ids]` comes from here' }] });
    assert.equal(onlyResult([{ path: path.join(root, 'a.ts'), text, findings: [bracketed] }]).message.text, 'too many at once ([`\\[...ids\\]` comes from here](1))');
    const alone = onlyResult([{ path: path.join(root, 'a.ts'), text, findings: [finding(1, { related: [] })] }]);
    assert.equal(alone.message.text, 'too many at once');
    assert.deepEqual(alone.relatedLocations, []);
  });

  it('leaves out ruleIndex for a rule the driver does not describe', () => {
    const result = onlyResult([{ path: path.join(root, 'a.ts'), text, findings: [finding(1, { ruleId: 'not-a-rule' })] }]);
    assert.equal('ruleIndex' in result, false);
  });

  const levels: Array<[Finding['severity'], string]> = [['error', 'error'], ['warning', 'warning'], ['information', 'note'], ['hint', 'note']];
  for (const [severity, level] of levels) {
    it(`maps severity ${severity} to level ${level}`, () => {
      assert.equal(onlyResult([{ path: path.join(root, 'a.ts'), text, findings: [finding(1, { severity })] }]).level, level);
    });
  }

  const locations: Array<[string, string, { uri: string; uriBaseId?: string }]> = [
    ['a file at the root', path.join(root, 'a.py'), { uri: 'a.py', uriBaseId: '%SRCROOT%' }],
    ['a nested file, with forward slashes', path.join(root, 'src', 'pkg', 'a.py'), { uri: 'src/pkg/a.py', uriBaseId: '%SRCROOT%' }],
    ['spaces, # and % percent-encoded', path.join(root, 'a b', 'c#%.py'), { uri: 'a%20b/c%23%25.py', uriBaseId: '%SRCROOT%' }],
    ['non-ASCII names as UTF-8', path.join(root, 'données', 'é.py'), { uri: 'donn%C3%A9es/%C3%A9.py', uriBaseId: '%SRCROOT%' }],
    ['a colon in the first segment (not read as a scheme)', path.join(root, 'c:d.py'), { uri: 'c%3Ad.py', uriBaseId: '%SRCROOT%' }],
    ['a folder whose name starts with ..', path.join(root, '..data', 'a.py'), { uri: '..data/a.py', uriBaseId: '%SRCROOT%' }],
    ['a file outside the root, as an absolute file URI', path.resolve(root, '..', 'other', 'a.py'), { uri: pathToFileURL(path.resolve(root, '..', 'other', 'a.py')).href }],
  ];
  for (const [what, file, expected] of locations) {
    it(`locates ${what}`, () => assert.deepEqual(artifactLocation(file, root), expected));
  }

  it('resolves a relative path given on the command line against the current folder', () => {
    assert.deepEqual(artifactLocation(path.join('src', 'a.py'), process.cwd()), { uri: 'src/a.py', uriBaseId: '%SRCROOT%' });
  });

  it('reports files not analyzed as notifications of the invocation: skips as warnings, unreadable files as errors', () => {
    const notChecked = [
      { path: path.join(root, 'big.py'), reason: 'larger than 4.0 MB (5.0 GB)', kind: 'skipped' as const },
      { path: path.join(root, 'locked.py'), reason: 'permission denied', kind: 'unreadable' as const },
    ];
    const withNotes = JSON.parse(formatSarif({ results: [], notChecked }, { version: '9.9.9', rules: allRules, docs, root }));
    assertValidSarif(withNotes);
    assert.deepEqual(withNotes.runs[0].invocations, [{
      executionSuccessful: false,
      toolExecutionNotifications: [
        { level: 'warning', message: { text: 'skipped: larger than 4.0 MB (5.0 GB)' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'big.py', uriBaseId: '%SRCROOT%' } } }] },
        { level: 'error', message: { text: 'cannot read: permission denied' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'locked.py', uriBaseId: '%SRCROOT%' } } }] },
      ],
    }]);
    assert.deepEqual(run.invocations, [{ executionSuccessful: true, toolExecutionNotifications: [] }]);
  });

  describe('fingerprints', () => {
    const before = fingerprintOf(text, 1);

    it('survive lines inserted above, and trailing whitespace or CRLF line ends', () => {
      assert.equal(fingerprintOf(`// header\n\n${text}`, 3), before);
      assert.equal(fingerprintOf(text.replace(/\n/g, '\r\n'), 1), before);
      assert.equal(fingerprintOf(text.replace('g));', 'g));   '), 1), before);
    });

    it('change when the flagged line, the rule or the file changes', () => {
      assert.notEqual(fingerprintOf(text.replace('ids.map(g)', 'ids.map(h)'), 1), before);
      assert.notEqual(onlyResult([{ path: path.join(root, 'a.ts'), text, findings: [finding(1, { ruleId: 'other-rule' })] }]).partialFingerprints.primaryLocationLineHash, before);
      assert.notEqual(onlyResult([{ path: path.join(root, 'b.ts'), text, findings: [finding(1)] }]).partialFingerprints.primaryLocationLineHash, before);
    });

    it('tell apart identical lines in one file by their occurrence', () => {
      const twice = `${text}${text}`;
      const results = sarif([{ path: path.join(root, 'a.ts'), text: twice, findings: [finding(1), finding(4)] }]).runs[0].results;
      const [first, second] = results.map((r: Json) => r.partialFingerprints.primaryLocationLineHash);
      assert.equal(first, before);
      assert.equal(second, before.replace(/:1$/, ':2'));
    });
  });
});

describe('SARIF from the bundled CLI', () => {
  const cli = (args: string[], cwd?: string) => spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8' });
  let folder: string;

  before(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'async-patterns-sarif-'));
    fs.mkdirSync(path.join(folder, 'src'));
    fs.writeFileSync(path.join(folder, 'src', 'service.py'), 'import asyncio\n\nasync def main(urls):\n    await asyncio.gather(*[fetch(u) for u in urls])\n');
    fs.writeFileSync(path.join(folder, 'clean.ts'), 'export const answer = 42;\n');
  });
  after(() => fs.rmSync(folder, { recursive: true, force: true }));

  const runs: Array<[string, string[]]> = [['check .', ['check', '.']], ['check . --rule unbounded-fanout', ['check', '.', '--rule', 'unbounded-fanout']], ['check clean.ts', ['check', 'clean.ts']]];
  for (const [what, args] of runs) {
    it(`${what} --format sarif prints valid SARIF 2.1.0, exiting 1 exactly when it has results`, () => {
      const result = cli([...args, '--format', 'sarif'], folder);
      const log = JSON.parse(result.stdout);
      assertValidSarif(log);
      assert.equal(log.version, '2.1.0');
      const { results, tool } = log.runs[0];
      assert.equal(result.status, results.length > 0 ? 1 : 0, result.stderr);
      assert.deepEqual(tool.driver.rules.map((r: Json) => r.id), allRules.map(r => r.meta.id));
      assert.match(tool.driver.rules[0].help.markdown, /## Why is this bad\?/, 'the docs pages are built into the bundle');
      for (const r of results) assert.equal(r.locations[0].physicalLocation.artifactLocation.uri, 'src/service.py');
    });
  }

  it('lists sarif in --help', () => {
    assert.match(cli(['--help']).stdout, /--format text\|json\|sarif/);
  });

  it('refuses an unknown --rule with exit 2 and one line naming the known rules', () => {
    const result = cli(['check', folder, '--rule', 'unknown-rule', '--format', 'sarif']);
    assert.equal(result.status, 2);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr.split('\n')[0], `async-patterns: unknown rule 'unknown-rule' (known: ${allRules.map(r => r.meta.id).join(', ')})`);
    assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
  });
});

/** The parts of SARIF 2.1.0 that are required, or that GitHub code scanning needs to place and track an alert. */
function assertValidSarif(log: Json): void {
  assert.equal(log.version, '2.1.0');
  assert.ok(Array.isArray(log.runs) && log.runs.length > 0, 'runs');
  for (const run of log.runs) {
    const driver = run.tool?.driver;
    assert.equal(typeof driver?.name, 'string', 'tool.driver.name');
    const ruleIds: string[] = (driver.rules ?? []).map((rule: Json) => rule.id);
    assert.ok(ruleIds.every(id => typeof id === 'string' && id !== ''), 'every reportingDescriptor has an id');
    assert.equal(new Set(ruleIds).size, ruleIds.length, 'rule ids are unique');
    for (const rule of driver.rules ?? []) assertLevel(rule.defaultConfiguration?.level ?? 'warning');
    for (const [name, base] of Object.entries<Json>(run.originalUriBaseIds ?? {})) {
      assert.ok(new URL(base.uri).protocol === 'file:' && base.uri.endsWith('/'), `${name} is an absolute folder URI`);
    }
    assert.ok(Array.isArray(run.results), 'results is present (an empty list closes fixed alerts)');
    for (const invocation of run.invocations ?? []) {
      assert.equal(typeof invocation.executionSuccessful, 'boolean', 'invocation.executionSuccessful is required');
      for (const notification of invocation.toolExecutionNotifications ?? []) {
        assertLevel(notification.level);
        assert.ok(typeof notification.message?.text === 'string' && notification.message.text !== '', 'notification message.text');
        for (const location of notification.locations ?? []) assert.ok(location.physicalLocation.artifactLocation.uri, 'notification location');
      }
    }
    for (const result of run.results) {
      assert.ok(typeof result.message?.text === 'string' && result.message.text !== '', 'message.text');
      assert.equal(typeof result.ruleId, 'string');
      if (result.ruleIndex !== undefined) assert.equal(ruleIds[result.ruleIndex], result.ruleId, 'ruleIndex points at the rule');
      assertLevel(result.level);
      assert.ok(result.locations.length > 0, 'a result has a location');
      for (const location of result.locations) assertPhysicalLocation(location.physicalLocation, run);
      const relatedIds = (result.relatedLocations ?? []).map((related: Json) => related.id);
      for (const related of result.relatedLocations ?? []) {
        assert.ok(Number.isInteger(related.id) && related.id >= 0, 'related location id');
        assertPhysicalLocation(related.physicalLocation, run);
      }
      assert.equal(new Set(relatedIds).size, relatedIds.length, 'related location ids are unique');
      for (const link of result.message.text.matchAll(/\]\((\d+)\)/g)) assert.ok(relatedIds.includes(Number(link[1])), `link to missing location ${link[1]}`);
      assert.ok(Object.values(result.partialFingerprints ?? {}).every(value => typeof value === 'string'), 'fingerprints are strings');
    }
  }
}

function assertLevel(level: unknown): void {
  assert.ok(['none', 'note', 'warning', 'error'].includes(level as string), `level ${String(level)}`);
}

function assertPhysicalLocation(location: Json, run: Json): void {
  const { uri, uriBaseId } = location.artifactLocation;
  assert.doesNotMatch(uri, /[\\\s]/, 'a URI has no backslashes or spaces');
  if (uriBaseId !== undefined) {
    assert.ok(run.originalUriBaseIds?.[uriBaseId], `${uriBaseId} is defined`);
    assert.doesNotMatch(uri, /^[a-z][a-z0-9+.-]*:/i, 'a relative reference has no scheme');
    assert.doesNotThrow(() => new URL(uri, run.originalUriBaseIds[uriBaseId].uri));
  } else assert.doesNotThrow(() => new URL(uri), 'without a base, the URI is absolute');
  const { startLine, startColumn, endLine, endColumn } = location.region;
  for (const value of [startLine, startColumn, endLine, endColumn]) assert.ok(Number.isInteger(value) && value >= 1, 'regions are 1-based');
  assert.ok(endLine > startLine || (endLine === startLine && endColumn >= startColumn), 'a region ends after it starts');
}
