/**
 * The test bed of issue 13: the visualizer's predictions for the realistic programs of test/fixtures/realistic/
 * (services, scripts and CLIs in the shape of real code, see its README) against their measured truth, with the
 * bar of realRuns.test.ts: total within 5% of the measured median, peak exact. The truth is measured by
 * `node scripts/measure-realistic.js` and committed, so nothing is run here; a program edited without being
 * measured again fails the sync checks.
 */
import * as assert from 'assert/strict';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { grammarForFileName, LanguageFamily } from '../../../src/engine/languages';
import { timelineOf } from './timelineOf';

const folder = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'realistic');
/** How far the predicted total may be from the measured one, as a share of the measured one. */
const totalTolerance = 0.05;
/**
 * A real-time budget per simulation: a working simulation of these programs takes milliseconds. A simulation cut
 * short ends 'truncated', which is a miss whatever its numbers.
 */
const simulationBudgetMs = 5000;

interface TruthEntry {
  file: string;
  function: string;
  language: 'python' | 'javascript' | 'typescript';
  /** Median of the measured runs, in seconds. */
  total: number;
  /** Most stand-in I/O operations in flight at once (the same in every run). */
  peak: number;
  runs: number[];
  covers: string[];
  /** Of the program's text when it was measured. */
  sha256: string;
}

interface Construct { languages: LanguageFamily[]; description: string }

type Prediction = { total: number; peak: number; outcome: string } | { error: string };

const truth: TruthEntry[] = JSON.parse(fs.readFileSync(path.join(folder, 'truth.json'), 'utf8'));
const constructs: Record<string, Construct> = JSON.parse(fs.readFileSync(path.join(folder, 'constructs.json'), 'utf8'));

function programFiles(): string[] {
  return fs.readdirSync(folder).filter(file => grammarForFileName(file) !== undefined).sort();
}

function familyOfEntry(entry: TruthEntry): LanguageFamily {
  return entry.language === 'python' ? 'python' : 'javascript';
}

async function predict(entry: TruthEntry): Promise<Prediction> {
  const grammar = grammarForFileName(entry.file)!;
  try {
    const text = fs.readFileSync(path.join(folder, entry.file), 'utf8');
    const timeline = await timelineOf(grammar, text, entry.function, { maxMilliseconds: simulationBudgetMs });
    return { total: timeline.totalTime, peak: timeline.peakConcurrency, outcome: timeline.outcome };
  } catch (error) {
    return { error: error instanceof Error ? error.message.split('\n')[0] : String(error) };
  }
}

/** Why the prediction misses the truth, or undefined when it matches. */
function missOf(entry: TruthEntry, prediction: Prediction): string | undefined {
  if ('error' in prediction) return `no prediction: ${prediction.error}`;
  const misses: string[] = [];
  // Every program's main returns; a prediction that deadlocks, raises or is cut short is wrong whatever its numbers.
  if (prediction.outcome !== 'returned') misses.push(`main ${prediction.outcome}`);
  const off = (prediction.total - entry.total) / entry.total;
  if (Math.abs(off) > totalTolerance) misses.push(`total ${prediction.total} s is ${(off * 100).toFixed(0)}% off the measured ${entry.total} s`);
  if (prediction.peak !== entry.peak) misses.push(`peak ${prediction.peak}, measured ${entry.peak}`);
  return misses.length > 0 ? misses.join('; ') : undefined;
}

describe('visualizer predictions against measured realistic programs', () => {
  describe('the truth is in sync with the programs', () => {
    it('every program has exactly one truth entry, and every entry a program', () => {
      assert.deepEqual(truth.map(entry => entry.file), programFiles());
    });

    it('no program changed since it was measured (run node scripts/measure-realistic.js <file> after an edit)', () => {
      const changed = truth
        .filter(entry => crypto.createHash('sha256').update(fs.readFileSync(path.join(folder, entry.file), 'utf8')).digest('hex') !== entry.sha256)
        .map(entry => entry.file);
      assert.deepEqual(changed, []);
    });

    it('every construct is covered by a program of each language it exists in', () => {
      const uncovered: string[] = [];
      for (const [name, construct] of Object.entries(constructs)) {
        for (const family of construct.languages) {
          if (!truth.some(entry => familyOfEntry(entry) === family && entry.covers.includes(name))) uncovered.push(`${name} (${family})`);
        }
      }
      assert.deepEqual(uncovered, []);
    });

    it('there are at least 12 programs per language', () => {
      for (const family of ['python', 'javascript'] as const) {
        assert.ok(truth.filter(entry => familyOfEntry(entry) === family).length >= 12, family);
      }
    });

    it('the README describes every program', () => {
      const readme = fs.readFileSync(path.join(folder, 'README.md'), 'utf8');
      assert.deepEqual(truth.filter(entry => !readme.includes(`\`${entry.file}\``)).map(entry => entry.file), []);
    });

  });

  describe('each prediction matches the measured run (total within 5%, peak exact)', function () {
    this.timeout(2 * simulationBudgetMs + 10000);
    const report: string[][] = [];

    after(() => {
      // The comparison for every program, passing or not.
      const rows = [['program', 'measured', 'predicted', 'verdict'], ...report];
      const widths = rows[0].map((_, column) => Math.max(...rows.map(row => row[column].length)));
      console.log(`\n${rows.map(row => `    ${row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd()}`).join('\n')}\n`);
    });

    for (const entry of truth) {
      it(`${entry.file}: ${entry.function}() takes ${entry.total} s with ${entry.peak} at once`, async () => {
        const prediction = await predict(entry);
        const miss = missOf(entry, prediction);
        const predicted = 'error' in prediction ? 'none' : `${prediction.total} s, ${prediction.peak}${prediction.outcome === 'returned' ? '' : ` (${prediction.outcome})`}`;
        report.push([entry.file, `${entry.total} s, ${entry.peak}`, predicted, miss === undefined ? 'matches' : `MISS: ${miss}`]);
        assert.equal(miss, undefined);
      });
    }
  });
});
