/**
 * `--level recommended|strict` and the file's path reach every analysis of `check` and `fix`, and `fix` applies only
 * the findings of the level asked for. The rule here is a double that says what it was told, or a strict-only copy
 * of unbounded-fanout, so these tests do not depend on how the rule tells the levels apart.
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { packageWasmLocator } from '../../../src/engine/grammarLoader';
import { AnalysisOptions, Rule } from '../../../src/engine/rule';
import { unboundedFanout } from '../../../src/engine/rules/unboundedFanout';
import { runCli } from '../../../src/cli/run';
import { version } from '../../../package.json';

async function cli(args: string[], rules?: readonly Rule[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { version, locateWasm: packageWasmLocator(), stdout: t => (stdout += t), stderr: t => (stderr += t), rules });
  return { code, stdout, stderr };
}

/** A rule that reports nothing and keeps the options of each analysis it was part of. */
function recordingRule(): { rule: Rule; seen: AnalysisOptions[] } {
  const seen: AnalysisOptions[] = [];
  const rule: Rule = {
    meta: { id: 'records-options', description: 'test double', languages: ['python', 'javascript'], defaultSeverity: 'warning', messages: {} },
    check: context => void seen.push(context.options),
  };
  return { rule, seen };
}

/** unbounded-fanout as it would be if it reported this file only at the strict level. */
const strictOnlyFanout: Rule = {
  ...unboundedFanout,
  check: context => {
    if (context.options.level === 'strict') unboundedFanout.check(context);
  },
};

const gather = 'import asyncio\n\n\nasync def main(urls):\n    return await asyncio.gather(*[fetch(u) for u in urls])\n';

describe('cli --level', () => {
  let folder: string;
  beforeEach(() => (folder = fs.mkdtempSync(path.join(os.tmpdir(), 'async-patterns-levels-'))));
  afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    fs.writeFileSync(path.join(folder, name), text);
    return path.join(folder, name);
  };

  const levelsGiven: Array<[string[], 'recommended' | 'strict']> = [[[], 'recommended'], [['--level', 'strict'], 'strict'], [['--level=recommended'], 'recommended']];
  for (const [flags, level] of levelsGiven) {
    it(`check ${flags.join(' ') || '(no --level)'}: each file is analyzed at ${level}, with its path`, async () => {
      const a = write('a.py', gather);
      const b = write('b.ts', 'export const b = 1;\n');
      const { rule, seen } = recordingRule();
      const { code } = await cli(['check', a, b, ...flags], [rule]);
      assert.equal(code, 0);
      assert.deepEqual(seen.map(options => [options.level, options.filePath]), [[level, a], [level, b]]);
    });
  }

  it('fix analyzes at the level given, with the file\'s path, in every round', async () => {
    const file = write('service.py', gather);
    const { rule, seen } = recordingRule();
    await cli(['fix', file, '--level', 'strict'], [rule, strictOnlyFanout]);
    assert.ok(seen.length >= 2, `the file is analyzed before and after its fix (${seen.length} analyses)`);
    assert.deepEqual(new Set(seen.map(options => `${options.level} ${options.filePath}`)), new Set([`strict ${file}`]));
  });

  it('fix --level recommended leaves a finding only strict reports alone', async () => {
    const file = write('service.py', gather);
    const { code, stdout, stderr } = await cli(['fix', file, '--write', '--level', 'recommended'], [strictOnlyFanout]);
    assert.equal(code, 0, stderr);
    assert.equal(stdout, `${file}: fixed 0 problem(s)\n`);
    assert.equal(fs.readFileSync(file, 'utf8'), gather);
  });

  it('fix --level strict fixes the same finding', async () => {
    const file = write('service.py', gather);
    const { code, stdout, stderr } = await cli(['fix', file, '--write', '--level', 'strict'], [strictOnlyFanout]);
    assert.equal(code, 0, stderr);
    assert.equal(stdout, `${file}: fixed 1 problem(s)\n`);
    assert.match(fs.readFileSync(file, 'utf8'), /semaphore = asyncio\.Semaphore\(16\)/);
  });

  it('check --format sarif names the level in the run\'s properties', async () => {
    const file = write('service.py', gather);
    for (const level of ['recommended', 'strict']) {
      const { stdout } = await cli(['check', file, '--format', 'sarif', '--level', level]);
      assert.deepEqual(JSON.parse(stdout).runs[0].properties, { 'unbounded-fanout.level': level });
    }
  });

  it('lists --level for check and fix in --help', async () => {
    const { stdout } = await cli(['--help']);
    assert.match(stdout, /Options for check:[\s\S]*--level recommended\|strict[\s\S]*Options for fix:[\s\S]*--level L/);
  });
});
