/**
 * The facts the `unbounded-fanout` rule decides on, found by a language's analysis (python.ts, javascript.ts):
 * where many tasks start at once, over which collection, how big it is, and whether anything limits them.
 */
import type { Node } from 'web-tree-sitter';
import type { FanoutLevel, TextRange } from '../rule';
import type { FanOutEvidence } from './evidence/types';

/** What part of a file a fan-out analysis looks at, and where it says what its verdicts depend on. */
export interface FanOutScope {
  /** Only fan-outs starting inside these ranges are reported (all, when absent). */
  ranges?: readonly TextRange[];
  /** A verdict at `offset` used the file-level definition (or the absence of one) of `name`. */
  noteDependency(offset: number, name: string): void;
  /** At `recommended` the analyses also gather each fan-out's evidence (see evidence/types.ts). */
  level?: FanoutLevel;
  /** The file being checked, when it has one on disk: Python's evidence reads the modules it imports next to it. */
  filePath?: string;
}

/**
 * Regex matches of `pattern` in `text`, only those starting inside `ranges` when given. The text is searched as a
 * whole from each range's start, so that a range sees exactly the matches a search of the whole file finds there:
 * the incremental analysis may cut a long statement into several ranges.
 */
export function* matchesInRanges(text: string, pattern: RegExp, ranges: readonly TextRange[] | undefined): Generator<RegExpMatchArray & { index: number }> {
  if (!ranges) {
    for (const match of text.matchAll(pattern)) yield match as RegExpMatchArray & { index: number };
    return;
  }
  const search = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  for (const range of ranges) {
    search.lastIndex = range.startIndex;
    for (let match = search.exec(text); match && match.index < range.endIndex; match = search.exec(text)) {
      yield match as RegExpMatchArray & { index: number };
    }
  }
}

/**
 * The identifier that a name found at `start` (a match of a catalogue's call pattern) ends, if that name is the end
 * of a whole identifier: its start and text (`safe_gather` around `gather`). `nameCharacter` says what an identifier
 * is made of in the language.
 */
export function identifierEndingWith(text: string, start: number, end: number, nameCharacter: RegExp): { start: number; name: string } | undefined {
  if (nameCharacter.test(text[end] ?? '')) return undefined; // `gathered(`: a longer name
  let first = start;
  while (first > 0 && nameCharacter.test(text[first - 1])) first--;
  return { start: first, name: text.slice(first, end) };
}

export type CollectionSize =
  | { kind: 'known'; count: number }
  /** `origin` is where the collection comes from, when that is in the file (a parameter, a query result). */
  | { kind: 'unknown'; origin?: Node };

export type TaskLimit =
  /** Every task goes through one shared limiter (a semaphore, a p-limit instance, a queue with concurrency). */
  | { kind: 'shared' }
  /** A limiter is built inside each task, so each task has its own: `limiter` is where it is built. */
  | { kind: 'perTask'; limiter: Node }
  | { kind: 'none' };

export interface FanOut {
  /** The call to flag: `Promise.all(...)`, `asyncio.gather(...)`, or `tg.create_task(...)` in a loop. */
  call: Node;
  /** The callee as written: `Promise.all`, `asyncio.gather`, `tg.create_task`. */
  callee: string;
  /** The collection one task is started per element of (for messages). */
  collection: Node;
  size: CollectionSize;
  limit: TaskLimit;
  /** Gathered at the `recommended` level only. */
  evidence?: FanOutEvidence;
}

export const unknownSize: CollectionSize = { kind: 'unknown' };
export const noLimit: TaskLimit = { kind: 'none' };

export function knownSize(count: number): CollectionSize {
  return { kind: 'known', count };
}

/** Sizes of parts that run together add up; unknown if any part is. */
export function addSizes(sizes: readonly CollectionSize[]): CollectionSize {
  let count = 0;
  for (const size of sizes) {
    if (size.kind === 'unknown') return size;
    count += size.count;
  }
  return knownSize(count);
}

/** Nested loops multiply; unknown if any level is. */
export function multiplySizes(sizes: readonly CollectionSize[]): CollectionSize {
  let count = 1;
  for (const size of sizes) {
    if (size.kind === 'unknown') return size;
    count *= size.count;
  }
  return knownSize(count);
}

/** The most telling limit among several tasks' limits: a per-task limiter is the trap to report. */
export function combineLimits(limits: readonly TaskLimit[]): TaskLimit {
  if (limits.length === 0) return noLimit;
  const perTask = limits.find(limit => limit.kind === 'perTask');
  if (perTask) return perTask;
  return limits.every(limit => limit.kind === 'shared') ? { kind: 'shared' } : noLimit;
}

/**
 * The integer value of `left OPERATOR right` for the few operators sizes are written with (`n + 1`, `PAGES * 2`,
 * `total // 10`), both operands known. Division rounds up in JS (`n / 10` chunks) and down for Python's `//`.
 */
export function evaluateBinary(
  operator: string | undefined, left: Node | undefined, right: Node | undefined, valueOf: (node: Node) => number | undefined,
): number | undefined {
  const a = left && valueOf(left);
  const b = right && valueOf(right);
  if (a === undefined || b === undefined) return undefined;
  switch (operator) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '//': return b === 0 ? undefined : Math.floor(a / b);
    case '/': return b === 0 ? undefined : Math.ceil(a / b);
    default: return undefined;
  }
}

/** An integer literal's value (`1_000` included), or undefined for floats and numbers too large to be exact. */
export function integerLiteral(text: string): number | undefined {
  const value = Number(text.replace(/_/g, ''));
  return Number.isSafeInteger(value) ? value : undefined;
}

/** Keys (syntax node ids) whose value is being worked out now: met again inside, the value depends on itself. */
export class CycleGuard {
  private readonly inProgress = new Set<number>();

  /** `read()`, or `cyclic` when `key` is already being read further up. */
  through<T>(key: number, cyclic: T, read: () => T): T {
    if (this.inProgress.has(key)) return cyclic;
    this.inProgress.add(key);
    try {
      return read();
    } finally {
      this.inProgress.delete(key);
    }
  }
}
