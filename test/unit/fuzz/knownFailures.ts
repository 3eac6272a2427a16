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

export const knownFailures: readonly KnownFailure[] = [];

export function knownFailureOf(failure: Failure): KnownFailure | undefined {
  return knownFailures.find(known => known.matches(failure));
}
