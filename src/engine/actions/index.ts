/**
 * Every code action the engine offers: quick fixes for findings (in the order the lightbulb lists them, preferred
 * first) and refactorings at the cursor.
 */
import { ActionContext, CodeActionProposal, QuickFixProvider } from './action';
import { addTimeout } from './addTimeout';
import { awaitTogether } from './awaitTogether';
import { hoistLimiter } from './hoistLimiter';
import { limitConcurrency } from './limitConcurrency';
import { limitWithHelper } from './limitWithHelper';
import { limitWithPLimit } from './limitWithPLimit';
import { limitWithPMap } from './limitWithPMap';
import { limitWithSemaphore } from './limitWithSemaphore';
import { loopConcurrently } from './loopConcurrently';
import { processInBatches } from './processInBatches';
import { producerConsumer } from './producerConsumer';
import { RefactoringContext, RefactoringProvider } from './refactoring';
import { suppressOnLine } from './suppressOnLine';
import { workerQueue } from './workerQueue';

/** What the project already depends on comes first (p-limit, then p-map); the inline helper otherwise. */
export const quickFixes: readonly QuickFixProvider[] = [hoistLimiter, limitWithSemaphore, workerQueue, limitWithPLimit, limitWithPMap, limitWithHelper, processInBatches, suppressOnLine];

export const refactorings: readonly RefactoringProvider[] = [loopConcurrently, awaitTogether, limitConcurrency, producerConsumer, addTimeout];

export function quickFixesFor(context: ActionContext): CodeActionProposal[] {
  const proposals = quickFixes
    .filter(provider => provider.ruleIds.includes(context.finding.ruleId))
    .map(provider => provider.provide(context))
    .filter((proposal): proposal is CodeActionProposal => proposal !== undefined);
  // One preferred fix: the first (hoisting the trap's limiter beats wrapping the tasks in another one).
  const preferred = proposals.findIndex(proposal => proposal.isPreferred);
  return proposals.map((proposal, i) => (proposal.isPreferred && i !== preferred ? { ...proposal, isPreferred: false } : proposal));
}

export function refactoringsAt(context: RefactoringContext): CodeActionProposal[] {
  return refactorings.map(provider => provider.provide(context)).filter((proposal): proposal is CodeActionProposal => proposal !== undefined);
}
