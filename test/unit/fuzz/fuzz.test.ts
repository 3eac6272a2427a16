/**
 * The seeded fuzz test (issue 11), at CI size: every prefix of the examples and a few thousand mutated examples and
 * rule fixtures through the analysis, the incremental analysis, every code action and the visualizer. No exception,
 * no simulation past its budget, no fix that breaks a file that parsed, and the incremental analysis equal to a full
 * one. `npm run fuzz` runs the same at 10,000 inputs with a new seed each time; FUZZ_SEED replays a seed here.
 */
import * as assert from 'assert/strict';
import { formatSummary, runCampaign } from './campaign';

const seed = Number(process.env.FUZZ_SEED ?? 20251111);

describe('fuzz (seeded)', function () {
  this.timeout(300000);

  it(`finds no exception, hang, broken fix or incremental mismatch (seed ${seed})`, async () => {
    const summary = await runCampaign({
      seed,
      mutatedInputs: 2000,
      characterPrefixesPerFile: 10,
      exercise: { simulationMilliseconds: 15, hangSlackMilliseconds: 150, simulationsPerInput: 1 },
      hardTimeoutMilliseconds: 1500,
    });
    const report = formatSummary(summary);
    // The campaign must have exercised something: inputs that parse, fixes applied to them, simulations.
    assert.ok(summary.stats.parsedCleanly >= 300 && summary.stats.resultsParsed >= 300 && summary.stats.simulations >= 1000, report);
    assert.deepEqual(summary.counts, { 'exception': 0, 'hang': 0, 'broken-fix': 0, 'incremental-mismatch': 0 }, report);
  });
});
