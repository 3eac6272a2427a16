/** Every quick fix the engine offers, in the order the lightbulb lists them (preferred fixes first). */
import { ActionContext, CodeActionProposal, QuickFixProvider } from './action';
import { limitWithHelper } from './limitWithHelper';
import { limitWithSemaphore } from './limitWithSemaphore';
import { suppressOnLine } from './suppressOnLine';

export const quickFixes: readonly QuickFixProvider[] = [limitWithSemaphore, limitWithHelper, suppressOnLine];

export function quickFixesFor(context: ActionContext): CodeActionProposal[] {
  return quickFixes
    .filter(provider => provider.ruleIds.includes(context.finding.ruleId))
    .map(provider => provider.provide(context))
    .filter((proposal): proposal is CodeActionProposal => proposal !== undefined);
}
