import * as assert from 'assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { formatSarif, relativeUri } from '../../../src/cli/sarif';
import { Finding } from '../../../src/engine/finding';
import { allRules } from '../../../src/engine/rules';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

const finding = (line: number, extra: Partial<Finding> = {}): Finding => ({
  ruleId: 'unbounded-fanout', messageId: 'unknownSize', message: 'too many at once', severity: 'warning',
  range: { start: { line, column: 4 }, end: { line, column: 20 } },
  related: [{ range: { start: { line: 0, column: 15 }, end: { line: 0, column: 18 } }, message: '`ids` comes from here' }],
  data: {}, ...extra,
});

// SARIF's types are large; the tests read the document as plain JSON.
type Json = any;

function sarif(files: { path: string; text: string; findings: Finding[] }[], root = '/project'): Json {
  return JSON.parse(formatSarif(files, { version: '9.9.9', rules: allRules, docs: new Map([['unbounded-fanout', '# unbounded-fanout\n\n## What it does\nFlags things.\n']]), root }));
}

describe('SARIF output', () => {
  const text = 'async function f(ids) {\n    await Promise.all(ids.map(g));\n}\n';
  const log = sarif([{ path: '/project/src/my file.ts', text, findings: [finding(1)] }]);
  const run = log.runs[0];

  it('is a SARIF 2.1.0 log with one run of our tool', () => {
    assert.equal(log.version, '2.1.0');
    assert.equal(log.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
    assert.equal(log.runs.length, 1);
    assert.equal(run.tool.driver.name, 'Async Patterns');
    assert.equal(run.tool.driver.semanticVersion, '9.9.9');
    assert.equal(run.columnKind, 'utf16CodeUnits');
    assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, 'file:///project/');
  });

  it('describes every rule, with help from its docs page', () => {
    assert.deepEqual(run.tool.driver.rules.map((r: Json) => r.id), allRules.map(r => r.meta.id));
    const rule = run.tool.driver.rules[0];
    assert.equal(rule.name, 'UnboundedFanout');
    assert.equal(rule.fullDescription.text, 'Flags things.');
    assert.equal(rule.helpUri, 'https://github.com/async-patterns/async-patterns/blob/main/docs/rules/unbounded-fanout.md');
    assert.match(rule.help.markdown, /## What it does/);
    assert.equal(rule.defaultConfiguration.level, 'warning');
    assert.equal(rule.properties['problem.severity'], 'warning');
  });

  it('gives results 1-based regions relative to %SRCROOT%, with related locations', () => {
    const [result] = run.results;
    assert.equal(result.ruleId, 'unbounded-fanout');
    assert.equal(result.ruleIndex, 0);
    assert.equal(result.level, 'warning');
    assert.equal(result.message.text, 'too many at once');
    assert.deepEqual(result.locations[0].physicalLocation, {
      artifactLocation: { uri: 'src/my%20file.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: 2, startColumn: 5, endLine: 2, endColumn: 21 },
    });
    assert.deepEqual(result.relatedLocations[0].physicalLocation.region, { startLine: 1, startColumn: 16, endLine: 1, endColumn: 19 });
    assert.equal(result.relatedLocations[0].message.text, '`ids` comes from here');
  });

  const levels: Array<[Finding['severity'], string]> = [['error', 'error'], ['warning', 'warning'], ['information', 'note'], ['hint', 'note']];
  for (const [severity, level] of levels) {
    it(`maps severity ${severity} to level ${level}`, () => {
      assert.equal(sarif([{ path: '/project/a.ts', text, findings: [finding(1, { severity })] }]).runs[0].results[0].level, level);
    });
  }

  it('keeps a finding\'s fingerprint when lines are inserted above it, and not when its line changes', () => {
    const before = sarif([{ path: '/project/a.ts', text, findings: [finding(1)] }]).runs[0].results[0].partialFingerprints.primaryLocationLineHash;
    const shifted = sarif([{ path: '/project/a.ts', text: `// header\n\n${text}`, findings: [finding(3)] }]).runs[0].results[0].partialFingerprints.primaryLocationLineHash;
    const changed = sarif([{ path: '/project/a.ts', text: text.replace('ids.map(g)', 'ids.map(h)'), findings: [finding(1)] }]).runs[0].results[0].partialFingerprints.primaryLocationLineHash;
    assert.equal(shifted, before);
    assert.notEqual(changed, before);
  });

  it('writes relative URIs with forward slashes', () => {
    assert.equal(relativeUri(path.join('/repo', 'src', 'a b', 'c#.py'), '/repo'), 'src/a%20b/c%23.py');
  });

  it('is what the bundled CLI prints for --format sarif, with the docs built in', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'async-patterns-sarif-'));
    fs.writeFileSync(path.join(folder, 'service.py'), 'import asyncio\n\nasync def main(urls):\n    await asyncio.gather(*[fetch(u) for u in urls])\n');
    const result = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'check', '.', '--format', 'sarif'], { cwd: folder, encoding: 'utf8' });
    fs.rmSync(folder, { recursive: true, force: true });
    assert.equal(result.status, 1);
    const printed = JSON.parse(result.stdout);
    assert.equal(printed.version, '2.1.0');
    assert.equal(printed.runs[0].results.length, 1);
    assert.equal(printed.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'service.py');
    assert.match(printed.runs[0].tool.driver.rules[0].help.markdown, /## Why is this bad\?/);
  });

  it('lists sarif and --rule in the help, and refuses an unknown rule', () => {
    const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), ...args], { encoding: 'utf8' });
    assert.match(cli('--help').stdout, /--format text\|json\|sarif/);
    const unknown = cli('check', '.', '--rule', 'no-such-rule');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown rule 'no-such-rule' \(known: unbounded-fanout\)/);
  });
});
