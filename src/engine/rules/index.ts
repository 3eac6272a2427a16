/** Every rule the engine knows. Each lives in its own file; adding one here is what enables it. */
import { Rule } from '../rule';
import { unboundedFanout } from './unboundedFanout';

export const allRules: readonly Rule[] = [unboundedFanout];

export function ruleById(id: string): Rule | undefined {
  return allRules.find(rule => rule.meta.id === id);
}
