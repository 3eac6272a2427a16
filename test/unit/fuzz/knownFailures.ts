/**
 * KNOWN FAILURES OWNED ELSEWHERE: the only way the fuzz test lets a failure pass. Each entry is a bug the fuzz test
 * found outside the code actions (which it must not fix: another change owns that code), with a minimal reproducer.
 * The fuzz test still counts and prints these; it fails on anything else. Remove an entry when its fix is merged: the
 * test then proves the fix on every run.
 */
import { Failure } from './exercise';

export interface KnownFailure {
  /** Short, stable name printed in the summary. */
  id: string;
  /** The file (or area) the bug lives in. */
  area: string;
  /** Which failures it covers. */
  matches(failure: Failure): boolean;
  /** The smallest input we found that shows it. */
  reproducer: string;
}

export const knownFailures: readonly KnownFailure[] = [];

export function knownFailureOf(failure: Failure): KnownFailure | undefined {
  return knownFailures.find(known => known.matches(failure));
}
