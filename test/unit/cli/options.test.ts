/**
 * Every option of every command is checked before any file is read: a bad value, a missing or empty value, an
 * option of another command, a repeated option. Each is exit 2 with one line of our own saying what is wrong (never
 * node's parser wording, never a value silently taken as 0 or ignored).
 */
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { packageWasmLocator } from '../../../src/engine/grammarLoader';
import { runCli } from '../../../src/cli/run';
import { version } from '../../../package.json';

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { version, locateWasm: packageWasmLocator(), stdout: t => (stdout += t), stderr: t => (stderr += t) });
  return { code, stdout, stderr };
}

const file = 'load.py';

// [arguments, the first line on stderr after "async-patterns: "]
const badCommandLines: Array<[string[], string]> = [
  // Numbers: whole numbers within the simulation's bounds; negative numbers get our message, not "ambiguous".
  [['timeline', file, '--items', '-1'], "--items takes a whole number from 1 to 10000, not '-1'"],
  [['timeline', file, '--items=-1'], "--items takes a whole number from 1 to 10000, not '-1'"],
  [['timeline', file, '--items', '10001'], "--items takes a whole number from 1 to 10000, not '10001'"],
  [['timeline', file, '--items', '0x10'], "--items takes a whole number from 1 to 10000, not '0x10'"],
  [['timeline', file, '--limit', '2.5'], "--limit takes a whole number from 1 to 10000, not '2.5'"],
  [['timeline', file, '--limit', '10001'], "--limit takes a whole number from 1 to 10000, not '10001'"],
  [['timeline', file, '--latency', '-0.5'], "--latency takes a number of seconds from 0 to 86400, like 0.1, not '-0.5'"],
  [['timeline', file, '--latency', '86401'], "--latency takes a number of seconds from 0 to 86400, like 0.1, not '86401'"],
  [['timeline', file, '--latency', 'Infinity'], "--latency takes a number of seconds from 0 to 86400, like 0.1, not 'Infinity'"],
  [['check', '.', '--max-concurrency', '-3'], "--max-concurrency takes a whole number of at least 1, not '-3'"],
  [['check', '.', '--max-concurrency', '1.5'], "--max-concurrency takes a whole number of at least 1, not '1.5'"],
  // Missing or empty values are never read as 0 or as the next option.
  [['timeline', file, '--latency='], '--latency needs a value'],
  [['timeline', file, '--latency', ''], '--latency needs a value'],
  [['timeline', file, '--items'], '--items needs a value'],
  [['timeline', file, '--items', '--format', 'svg'], '--items needs a value'],
  [['timeline', file, '--function='], '--function needs a value'],
  [['check', '.', '--max-concurrency='], '--max-concurrency needs a value'],
  [['check', '.', '--format'], '--format needs a value'],
  [['fix', file, '--rule', '--write'], '--rule needs a value'],
  // Flags take no value.
  [['check', '.', '--verbose=yes'], '--verbose takes no value'],
  [['fix', file, '--write=no'], '--write takes no value'],
  // Options of another command, and options of none.
  [['check', '.', '--write'], "unknown option '--write' for check (did you mean `fix --write`?)"],
  [['fix', file, '--format', 'json'], "unknown option '--format' for fix (did you mean `check --format` or `timeline --format`?)"],
  [['fix', file, '--verbose'], "unknown option '--verbose' for fix (did you mean `check --verbose`?)"],
  [['timeline', file, '--rule', 'unbounded-fanout'], "unknown option '--rule' for timeline (did you mean `check --rule` or `fix --rule`?)"],
  [['timeline', file, '--colour'], "unknown option '--colour' for timeline"],
  [['check', '.', '--colour'], "unknown option '--colour' for check"],
  [['check', '.', '-x'], "unknown option '-x' for check"],
  // An option given twice would silently keep only one of the values.
  [['timeline', file, '--items', '3', '--items', '4'], '--items is given twice'],
  [['check', '.', '--format', 'json', '--format=sarif'], '--format is given twice'],
  [['fix', file, '--write', '--write'], '--write is given twice'],
  // Values from a closed list, and positionals.
  [['timeline', file, '--format', 'png'], "unknown format 'png' (expected json, svg or html)"],
  [['check', '.', '--format', 'xml'], "unknown format 'xml' (expected text, json or sarif)"],
  [['check', '.', '--level', 'loose'], "unknown level 'loose' (expected recommended or strict)"],
  [['fix', file, '--level=Strict'], "unknown level 'Strict' (expected recommended or strict)"],
  [['fix', file, '--level='], '--level needs a value'],
  [['check', '.', '--level', 'strict', '--level', 'recommended'], '--level is given twice'],
  [['timeline', file, '--level', 'strict'], "unknown option '--level' for timeline (did you mean `check --level` or `fix --level`?)"],
  [['timeline', file, 'other.py'], 'timeline takes exactly one file'],
  [['timeline'], 'timeline takes exactly one file'],
  [['fix', file, 'other.py'], 'fix takes exactly one file'],
];

describe('cli options', () => {
  for (const [args, message] of badCommandLines) {
    it(`${args.join(' ')}: exit 2, "${message}"`, async () => {
      const { code, stdout, stderr } = await cli(...args);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.equal(stderr.split('\n')[0], `async-patterns: ${message}`);
      assert.doesNotMatch(stderr, /\n\s+at |internal error/);
    });
  }

  it('takes the largest values the bounds allow, and -- before a file name that starts with a dash', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'async-patterns-options-'));
    try {
      const dashed = path.join(folder, '-load.py');
      fs.writeFileSync(dashed, 'import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n');
      const { code, stdout, stderr } = await cli('timeline', '--items', '10000', '--limit=10000', '--latency', '86400', '--', dashed);
      assert.equal(code, 0, stderr);
      assert.equal(JSON.parse(stdout).totalTime, 1);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('fix with a folder: exit 2, saying fix takes one file', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'async-patterns-options-'));
    try {
      const { code, stderr } = await cli('fix', folder, '--write');
      assert.equal(code, 2);
      assert.equal(stderr.split('\n')[0], `async-patterns: fix takes one file, and ${folder} is a folder (check takes folders)`);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  for (const command of ['check', 'fix', 'timeline']) {
    for (const flag of ['--help', '-h']) {
      it(`${command} ${flag} prints the usage`, async () => {
        const { code, stdout } = await cli(command, flag);
        assert.equal(code, 0);
        assert.match(stdout, /^Usage: async-patterns/);
      });
    }
  }
});
