/**
 * KNOWN FAILURES OWNED ELSEWHERE: the only way the fuzz test lets a failure pass. Each entry is a bug the fuzz test
 * found outside the code actions, in code another change owns (so not fixed here), with the smallest input we found
 * that shows it. The fuzz test still counts and prints these; it fails on anything else. Remove an entry when its
 * fix is merged: the test then proves the fix on every run.
 */
import { GrammarId } from '../../../src/engine/languages';
import { Failure } from './exercise';

/** An input that shows the failure; for the incremental analysis, the text it saw just before (`previous`). */
export interface Reproducer {
  grammar: GrammarId;
  text: string;
  previous?: string;
}

export interface KnownFailure {
  /** Short, stable name printed in the summary. */
  id: string;
  /** The file the bug lives in. */
  area: string;
  /** Which failures it covers. */
  matches(failure: Failure): boolean;
  /** The smallest inputs we found that show it (`node scripts/fuzz.js --known` checks they still do). */
  reproducers: readonly Reproducer[];
}

const jobs = 'const limit = pLimit(2);exports.run = asyn~c function run(queue) {\n  const jobs = await queue.fetchPending();\n  return Promise.allSettled(jobs.map(job => limit(() => handle(job))));\n};';

export const knownFailures: readonly KnownFailure[] = [
  {
    // Each reproducer is two texts analyzed one after the other (previous -> current): the second differs from analyze().
    id: 'incremental-analysis-differs-from-analyze',
    area: 'src/engine/incrementalAnalysis.ts',
    matches: failure => failure.category === 'incremental-mismatch',
    reproducers: [
      // A unit that moves along its line keeps its old column (analyze: 0:8, incremental: 0:7).
      { grammar: 'typescript', previous: 'return Promise.all(ids.map(fetchUser));', text: ';return Promise.all(ids.map(fetchUser));' },
      // Python: a finding of a unit parsed inside an error is kept for a unit of the same text (`r`) that has none.
      { grammar: 'python', previous: 'r r=asyncio.gather(*(d))', text: 'r' },
      // TS: the same, a finding kept from the previous text's error-parsed unit (analyze: none, incremental: 3:9).
      { grammar: 'typescript', previous: 'interface User {\r\n  id: string;\r\n  name: string;\r\n  return Promise.all(i;', text: 'interface User {\r\n  id: string;\r\n  name: string;\r\n  return' },
      // JS: text appended after the last unit (`n=function n(){`) changes its verdict; the cached one is kept.
      { grammar: 'tsx', previous: jobs, text: `${jobs}n=function n(){` },
      // Python: a unit's verdict next to an error (`]` before it) is kept once the error is gone (analyze: 0:16).
      { grammar: 'python', previous: ']results = await asyncio.gather(*tasks)', text: 'results = await asyncio.gather(*tasks)' },
    ],
  },
];

export function knownFailureOf(failure: Failure): KnownFailure | undefined {
  return knownFailures.find(known => known.matches(failure));
}
