/**
 * Before/after tests for quick fixes (rust-analyzer's check_assist): `$0` marks where the finding starts; the fix is
 * applied and the result compared with the expected text. `checkNotApplicable` asserts the fix is not offered.
 */
import * as assert from 'assert/strict';
import { applyEdits, CodeActionProposal, QuickFixProvider } from '../../../src/engine/actions/action';
import { RefactoringProvider } from '../../../src/engine/actions/refactoring';
import { analyze } from '../../../src/engine/analyze';
import { GrammarLoader, packageWasmLocator } from '../../../src/engine/grammarLoader';
import { familyOf, GrammarId } from '../../../src/engine/languages';
import { dedent } from '../rules/ruleTester';

const grammars = new GrammarLoader(packageWasmLocator());

export async function proposalAt(provider: QuickFixProvider, grammar: GrammarId, marked: string, maxConcurrency = 16): Promise<{ text: string; proposal: CodeActionProposal | undefined }> {
  const source = dedent(marked);
  const cursor = source.indexOf('$0');
  assert.ok(cursor >= 0, 'the case marks the finding with $0');
  const text = source.replace('$0', '');
  const tree = (await grammars.parserFor(grammar)).parse(text)!;
  try {
    const findings = analyze({ tree, text, family: familyOf(grammar) });
    const finding = findings.find(f => offsetOf(text, f.range.start.line, f.range.start.column) === cursor);
    assert.ok(finding, `a finding starts at $0; found: ${findings.map(f => `${f.range.start.line}:${f.range.start.column}`).join(', ') || 'none'}`);
    return { text, proposal: provider.provide({ tree, text, family: familyOf(grammar), grammar, finding, maxConcurrency }) };
  } finally {
    tree.delete();
  }
}

export async function checkAction(provider: QuickFixProvider, grammar: GrammarId, before: string, after: string, maxConcurrency = 16): Promise<string> {
  const { text, proposal } = await proposalAt(provider, grammar, before, maxConcurrency);
  assert.ok(proposal, `${provider.id} is offered`);
  const result = applyEdits(text, proposal.edits);
  assert.equal(result, dedent(after));
  return result;
}

export async function checkNotApplicable(provider: QuickFixProvider, grammar: GrammarId, before: string): Promise<void> {
  const { proposal } = await proposalAt(provider, grammar, before);
  assert.equal(proposal, undefined, `${provider.id} is not offered`);
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
  options: { maxConcurrency?: number; dependencies?: string[]; pythonVersion?: string } = {},
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
    });
    if (proposal) assert.equal(proposal.kind, 'refactor.rewrite');
    return { text, proposal, result: proposal && applyEdits(text, proposal.edits) };
  } finally {
    tree.delete();
  }
}
