#!/usr/bin/env node
// `npm run fuzz`: the seeded fuzz campaign of test/unit/fuzz at full size (10,000 mutated inputs plus every prefix of
// the examples). Mutated examples and rule fixtures go through the analysis, the incremental analysis, every code
// action and the visualizer; it prints the inputs, exceptions, hangs, broken fixes and incremental mismatches, and
// writes each distinct failure's input to a temporary folder. Exits with 1 when a failure not in knownFailures.ts
// is found.
//   node scripts/fuzz.js [--count N] [--seed N] [--budget MS]      (or FUZZ_COUNT, FUZZ_SEED, FUZZ_BUDGET_MS)
//   node scripts/fuzz.js --replay FILE                             one file, refactorings at every offset
//   node scripts/fuzz.js --replay FILE --shrink                    and the smallest input showing its first failure
//   node scripts/fuzz.js --known                                   which entries of knownFailures.ts still fail
// Reads the compiled tests in out/ (`npm run fuzz` compiles first).
const path = require('path');
const fs = require('fs');
const fuzz = path.join(__dirname, '..', 'out', 'test', 'unit', 'fuzz');
const { checkKnownFailures, runCampaign, formatSummary, replay, shrink } = require(path.join(fuzz, 'campaign'));
const { grammarForFileName } = require(path.join(__dirname, '..', 'out', 'src', 'engine', 'languages'));

function option(name, environment, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  if (name === 'shrink' || name === 'known') return at >= 0;
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

const exercise = { simulationMilliseconds: option('budget', 'FUZZ_BUDGET_MS', 30), hangSlackMilliseconds: 150, simulationsPerInput: 2 };
const seed = option('seed', 'FUZZ_SEED', Date.now() % 1_000_000);

async function replayFile(file) {
  const grammar = grammarForFileName(file);
  if (!grammar) {
    console.error(`${file}: not a file the engine analyzes (by its extension)`);
    process.exit(2);
  }
  const input = { grammar, text: fs.readFileSync(file, 'utf8'), origin: file };
  const failures = await replay(input, { exercise });
  for (const failure of failures) console.log(`${failure.category} in ${failure.stage}: ${failure.detail}\n${failure.context ?? ''}\n`);
  console.log(`${failures.length} failures`);
  if (option('shrink') && failures.length) {
    const smallest = await shrink(failures[0], { exercise, log: line => console.log(line) });
    const smallestFile = `${file}.min${path.extname(file)}`;
    fs.writeFileSync(smallestFile, smallest);
    console.log(`smallest input showing "${failures[0].category} in ${failures[0].stage}: ${failures[0].detail}" (${smallestFile}):\n${smallest}`);
  }
  process.exitCode = failures.length ? 1 : 0;
}

async function main() {
  const replayed = option('replay', 'FUZZ_REPLAY', undefined);
  if (replayed) return replayFile(replayed);
  if (option('known')) {
    for (const known of await checkKnownFailures({ exercise })) {
      console.log(`${known.id}: ${known.stillFailing} of ${known.reproducers} reproducers still fail${known.stillFailing ? '' : ' (the entry can be removed)'}`);
    }
    return;
  }
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
