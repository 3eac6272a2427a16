#!/usr/bin/env node
// `npm run fuzz`: the seeded fuzz campaign of test/unit/fuzz at full size (10,000 mutated inputs plus every prefix of
// the examples). Mutated examples and rule fixtures go through the analysis, the incremental analysis, every code
// action and the visualizer; it prints the inputs, exceptions, hangs, broken fixes and incremental mismatches, and
// writes each distinct failure's input to a temporary folder. Exits with 1 when a failure not in knownFailures.ts
// is found.
//   node scripts/fuzz.js [--count N] [--seed N] [--budget MS]      (or FUZZ_COUNT, FUZZ_SEED, FUZZ_BUDGET_MS)
//   node scripts/fuzz.js --replay FILE [--seed N]                  one file, refactorings at every offset
// Reads the compiled tests in out/ (`npm run fuzz` compiles first).
const path = require('path');
const fs = require('fs');
const fuzz = path.join(__dirname, '..', 'out', 'test', 'unit', 'fuzz');
const { runCampaign, formatSummary, loadParsers } = require(path.join(fuzz, 'campaign'));
const { Exerciser } = require(path.join(fuzz, 'exercise'));
const { Random } = require(path.join(fuzz, 'random'));
const { grammarForFileName } = require(path.join(__dirname, '..', 'out', 'src', 'engine', 'languages'));

function option(name, environment, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? process.argv[at + 1] : process.env[environment];
  if (value === undefined) return fallback;
  if (name === 'replay') return value;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) {
    console.error(`--${name} (${environment}) must be a whole number, got ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return number;
}

const exercise = { simulationMilliseconds: option('budget', 'FUZZ_BUDGET_MS', 30), hangSlackMilliseconds: 150 };
const seed = option('seed', 'FUZZ_SEED', Date.now() % 1_000_000);

async function replay(file) {
  const grammar = grammarForFileName(file);
  if (!grammar) {
    console.error(`${file}: not a file the engine analyzes (by its extension)`);
    process.exit(2);
  }
  const exerciser = new Exerciser(await loadParsers(), { ...exercise, thorough: true });
  const { IncrementalAnalysis } = require(path.join(__dirname, '..', 'out', 'src', 'engine', 'incrementalAnalysis'));
  const failures = exerciser.exercise({ grammar, text: fs.readFileSync(file, 'utf8'), origin: file }, new Random(seed), { analysis: new IncrementalAnalysis() });
  for (const failure of failures) console.log(`${failure.category} in ${failure.stage}: ${failure.detail}\n${failure.context ?? ''}\n`);
  console.log(`${failures.length} failures`);
  process.exitCode = failures.length ? 1 : 0;
}

async function main() {
  const replayed = option('replay', 'FUZZ_REPLAY', undefined);
  if (replayed) return replay(replayed);
  const summary = await runCampaign({
    seed,
    mutatedInputs: option('count', 'FUZZ_COUNT', 10000),
    characterPrefixesPerFile: 40,
    exercise,
    log: line => console.log(line),
  });
  console.log(formatSummary(summary));
  const unknown = Object.values(summary.counts).reduce((a, b) => a + b, 0);
  process.exitCode = unknown ? 1 : 0;
}

main().catch(error => {
  console.error(error);
  process.exit(2);
});
