/**
 * Before/after tests for quick fixes (rust-analyzer's check_assist): `$0` marks where the finding starts; the fix is
 * applied and the result compared with the expected text. `checkNotApplicable` asserts the fix is not offered.
 */
import * as assert from 'assert/strict';
import { applyEdits, CodeActionProposal, FileKind, QuickFixProvider } from '../../../src/engine/actions/action';
import { RefactoringProvider } from '../../../src/engine/actions/refactoring';
import { analyze } from '../../../src/engine/analyze';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { Finding } from '../../../src/engine/finding';
import { familyOf, GrammarId } from '../../../src/engine/languages';
import { dedent } from '../rules/ruleTester';

const grammars = new GrammarLoader(packageWasmLocator());

/** What a quick fix test may set besides the code: the limit, the project's packages, the file's kind. */
export interface FixOptions extends FileKind {
  maxConcurrency?: number;
  dependencies?: string[];
}

export async function proposalAt(provider: QuickFixProvider, grammar: GrammarId, marked: string, options: FixOptions | number = {}): Promise<{ text: string; proposal: CodeActionProposal | undefined; finding: Finding }> {
  const { maxConcurrency = 16, dependencies = [], ...kind } = typeof options === 'number' ? { maxConcurrency: options } : options;
  const source = dedent(marked);
  const cursor = source.indexOf('$0');
  assert.ok(cursor >= 0, 'the case marks the finding with $0');
  const text = source.replace('$0', '');
  const tree = (await grammars.parserFor(grammar)).parse(text)!;
  try {
    const findings = analyze({ tree, text, family: familyOf(grammar) });
    const finding = findings.find(f => offsetOf(text, f.range.start.line, f.range.start.column) === cursor);
    assert.ok(finding, `a finding starts at $0; found: ${findings.map(f => `${f.range.start.line}:${f.range.start.column}`).join(', ') || 'none'}`);
    const proposal = provider.provide({ tree, text, family: familyOf(grammar), grammar, finding, maxConcurrency, dependencies: new Set(dependencies), ...kind });
    return { text, proposal, finding };
  } finally {
    tree.delete();
  }
}

/**
 * Applies the fix at `$0` and compares the result with `after`; the result must obey our rules (see
 * assertObeysOurRules), so every before/after case of every action is also a case of that sweep.
 */
export async function checkAction(provider: QuickFixProvider, grammar: GrammarId, before: string, after: string, options: FixOptions | number = {}): Promise<string> {
  const { text, proposal, finding } = await proposalAt(provider, grammar, before, options);
  assert.ok(proposal, `${provider.id} is offered`);
  const result = applyEdits(text, proposal.edits);
  assert.equal(result, dedent(after));
  await assertObeysOurRules(grammar, text, result, finding);
  return result;
}

export async function checkNotApplicable(provider: QuickFixProvider, grammar: GrammarId, before: string, options: FixOptions = {}): Promise<void> {
  const { proposal } = await proposalAt(provider, grammar, before, options);
  assert.equal(proposal, undefined, `${provider.id} is not offered`);
}

/**
 * "Our output obeys our rules": with all rules on, the code an action wrote has no finding the code before it did not
 * have, and the finding it fixed (if any) is gone.
 */
export async function assertObeysOurRules(grammar: GrammarId, before: string, after: string, fixed?: Finding): Promise<void> {
  const parser = await grammars.parserFor(grammar);
  const keysOf = (text: string) => {
    const tree = parser.parse(text)!;
    try {
      return analyze({ tree, text, family: familyOf(grammar) }).map(f => ({ key: JSON.stringify([f.ruleId, f.messageId, f.data]), line: f.range.start.line + 1, message: f.message }));
    } finally {
      tree.delete();
    }
  };
  const expected = keysOf(before).map(f => f.key);
  if (fixed) {
    const at = expected.indexOf(JSON.stringify([fixed.ruleId, fixed.messageId, fixed.data]));
    assert.ok(at >= 0, 'the fixed finding is one of the text before');
    expected.splice(at, 1);
  }
  const unexpected = keysOf(after).filter(finding => {
    const at = expected.indexOf(finding.key);
    if (at >= 0) expected.splice(at, 1);
    return at < 0;
  });
  assert.deepEqual(unexpected.map(f => `${f.line}: ${f.message}`), [], `the action's output is flagged by our own rules:\n${after}`);
}

function offsetOf(text: string, line: number, column: number): number {
  const lines = text.split('\n');
  return lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + column;
}

/**
 * Runs a refactoring at the `$0` cursor (or the `$0...$0` selection) of the marked code: the text without markers,
 * the proposal (undefined when not offered), and the text with its edits applied.
 */
export async function refactorAt(
  provider: RefactoringProvider,
  grammar: GrammarId,
  marked: string,
  options: { maxConcurrency?: number; dependencies?: string[]; pythonVersion?: string } & FileKind = {},
): Promise<{ text: string; proposal: CodeActionProposal | undefined; result: string | undefined }> {
  const source = dedent(marked);
  const start = source.indexOf('$0');
  assert.ok(start >= 0, 'the case marks the cursor with $0');
  const end = source.indexOf('$0', start + 2);
  const text = source.replace(/\$0/g, '');
  const tree = (await grammars.parserFor(grammar)).parse(text)!;
  try {
    const proposal = provider.provide({
      tree, text, family: familyOf(grammar), grammar,
      selection: { startIndex: start, endIndex: end < 0 ? start : end - 2 },
      maxConcurrency: options.maxConcurrency ?? 16,
      dependencies: new Set(options.dependencies ?? []),
      pythonVersion: options.pythonVersion,
      typescript: options.typescript,
      moduleSystem: options.moduleSystem,
    });
    if (proposal) assert.equal(proposal.kind, 'refactor.rewrite');
    const result = proposal && applyEdits(text, proposal.edits);
    if (result !== undefined) await assertObeysOurRules(grammar, text, result);
    return { text, proposal, result };
  } finally {
    tree.delete();
  }
}
