/**
 * What the `recommended` level of unbounded-fanout wants to see before it reports a fan-out (issue 12): that each task
 * reaches an external resource, that the collection is data-driven, and that nothing the shape analysis missed bounds
 * the tasks. The language analyses gather it (javascript*.ts, python*.ts here); the rule decides and words it.
 */
import type { Node } from 'web-tree-sitter';

/** What one task does that reaches outside the process: the call, and what it reaches. */
export interface TaskWork {
  /** The call that shows it (`octokit.repos.delete(...)`, `fetchUser(id)`). */
  call: Node;
  /** The callee as the message names it (`octokit.repos.delete`). */
  callee: string;
  /** `network`, `file`, `process`, `database`, `api`, or `external` when only its name says so. */
  resource: string;
  /** JavaScript: a write or copy of one local file, outside a tree walk (reported only over many files). */
  localFile?: boolean;
}

/** Where the collection comes from. */
export interface CollectionSource {
  /** The expression the data comes from (`await octokit.paginate(...)`, the parameter `branches`). */
  node: Node;
  /** For the message: "from `await octokit.paginate(...)`", "the parameter `branches`". */
  description: string;
}

export type FanOutEvidence =
  | { kind: 'evidence'; work: TaskWork; source: CollectionSource }
  /** Not worth reporting at `recommended`; `reason` says why (for tests and debugging, not shown to users). */
  | { kind: 'exempt'; reason: string };

export function exempt(reason: string): FanOutEvidence {
  return { kind: 'exempt', reason };
}

/**
 * A count the code writes (`range(50)`, `xs.slice(0, MAX_NODES)` with `MAX_NODES = 50`, `Array.from({ length: 20 })`)
 * below this is a choice: a page of results, a cap the author put there. The `recommended` level reports a known count
 * only from here on (5,000 requests at once); `strict` reports any known count over `maxConcurrency`.
 */
export const largeWrittenCount = 100;

/** The evidence for a collection of known size: the count itself when it is large, else none. */
export function knownCountEvidence(work: TaskWork, collection: Node, count: number): FanOutEvidence {
  if (count < largeWrittenCount) return exempt(`a count the code chose (${count}), below ${largeWrittenCount}`);
  return { kind: 'evidence', work, source: { node: collection, description: `${count} elements` } };
}

/**
 * Test code, by the conventions of pytest, unittest, Jest, Mocha, Vitest and Jasmine: `test_*.py`, `*_test.py`,
 * `conftest.py`, a `tests/`, `test/`, `testing/` or `__tests__/` folder, `*.test.*` and `*.spec.*`. A test that
 * starts 50 or 3,000 tasks at once does so on purpose.
 */
export function isTestFile(filePath: string | undefined): boolean {
  if (!filePath) return false;
  const parts = filePath.split(/[\\/]+/);
  const name = parts[parts.length - 1] ?? '';
  if (/^test_.*\.py$|_test\.py$|^conftest\.py$|^tests?\.py$/.test(name)) return true;
  if (/\.(test|spec)\.[cm]?[jt]sx?$/.test(name)) return true;
  return parts.slice(0, -1).some(part => /^(tests?|testing|__tests__|__mocks__|e2e)$/.test(part));
}
