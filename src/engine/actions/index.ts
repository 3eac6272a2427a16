/**
 * Every code action the engine offers: quick fixes for findings (in the order the lightbulb lists them, preferred
 * first) and refactorings at the cursor.
 */
import { ActionContext, applyEdits, CodeActionProposal, editsApply, QuickFixProvider } from './action';
import { addTimeout } from './addTimeout';
import { awaitTogether } from './awaitTogether';
import { hoistLimiter } from './hoistLimiter';
import { limitConcurrency } from './limitConcurrency';
import { limitWithHelper } from './limitWithHelper';
import { limitWithPLimit } from './limitWithPLimit';
import { limitWithPMap } from './limitWithPMap';
import { limitWithSemaphore } from './limitWithSemaphore';
import { loopConcurrently } from './loopConcurrently';
import { noAutomaticFix } from './noAutomaticFix';
import { obeysOurRules } from './obeysOurRules';
import { processInBatches } from './processInBatches';
import { producerConsumer } from './producerConsumer';
import { RefactoringContext, RefactoringProvider } from './refactoring';
import { suppressOnLine } from './suppressOnLine';
import { workerQueue } from './workerQueue';

/** What the project already depends on comes first (p-limit, then p-map); the inline helper otherwise. */
export const quickFixes: readonly QuickFixProvider[] = [hoistLimiter, limitWithSemaphore, workerQueue, limitWithPLimit, limitWithPMap, limitWithHelper, processInBatches, noAutomaticFix, suppressOnLine];

export const refactorings: readonly RefactoringProvider[] = [loopConcurrently, awaitTogether, limitConcurrency, producerConsumer, addTimeout];

/**
 * The quick fixes for a finding, in the lightbulb's order. A fix whose edits cannot be applied as they are (see
 * editsApply), or whose code our own rules would still flag, is not offered ("our output obeys our rules"); "no automatic fix" is listed only when no fix other than suppressing is.
 */
export function quickFixesFor(context: ActionContext): CodeActionProposal[] {
  const offered = quickFixes
    .filter(provider => provider.ruleIds.includes(context.finding.ruleId))
    .map(provider => provider.provide(context))
    .filter((proposal): proposal is CodeActionProposal => proposal !== undefined && editsApply(proposal.edits, context.text.length) && obeysOurRules(context, proposal, context.finding));
  const fixes = offered.filter(proposal => !proposal.disabledReason && proposal.id !== suppressOnLine.id);
  const proposals = fixes.length ? offered.filter(proposal => !proposal.disabledReason) : offered;
  // One preferred fix: the first (hoisting the trap's limiter beats wrapping the tasks in another one).
  const preferred = proposals.findIndex(proposal => proposal.isPreferred);
  return proposals.map((proposal, i) => (proposal.isPreferred && i !== preferred ? { ...proposal, isPreferred: false } : proposal));
}

/** The refactorings at the cursor whose edits apply (see editsApply) and whose code our own rules would not flag. */
export function refactoringsAt(context: RefactoringContext): CodeActionProposal[] {
  return refactorings
    .map(provider => provider.provide(context))
    .filter((proposal): proposal is CodeActionProposal => proposal !== undefined && editsApply(proposal.edits, context.text.length) && obeysOurRules(context, proposal));
}

/**
 * What the lightbulb lists for one request: each distinct edit once. A refactoring whose edits are those of a quick
 * fix (Limit concurrency at a flagged call) is dropped: the quick fix carries the diagnostic and `isPreferred`.
 */
export function distinctActions(text: string, quickFixProposals: readonly CodeActionProposal[], refactoringProposals: readonly CodeActionProposal[]): CodeActionProposal[] {
  const seen = new Set<string>();
  const distinct: CodeActionProposal[] = [];
  for (const proposal of [...quickFixProposals, ...refactoringProposals]) {
    // Byte-identical results are one action, whatever the edits that write them.
    const key = proposal.edits.length ? `\0${applyEdits(text, proposal.edits)}` : `${proposal.id}\0${proposal.disabledReason ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    distinct.push(proposal);
  }
  return distinct;
}
