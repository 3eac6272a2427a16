/** Every rule the engine knows. Each lives in its own file; adding one here is what enables it. */
import { Rule } from '../rule';

export const allRules: readonly Rule[] = [];
