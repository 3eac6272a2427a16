/**
 * A cap the code puts on a collection before it fans out over it, in the same function: a check that refuses more
 * than a count written in the code (`if (copy.length > FCM_MAX_BATCH_SIZE) throw ...`, `if len(ids) >= 100:
 * return`). Like a slice to a constant, that is a size someone chose, so the collection is not data of unknown size.
 */
import type { Node } from 'web-tree-sitter';
import { field, unwrap, walk } from '../../syntax';
import { functionTypes as javascriptFunctionTypes } from '../javascriptScopes';

/** How a language writes the check: the kinds of functions, the two comparisons, and what refuses. */
export interface LengthChecks {
  readonly functionTypes: ReadonlySet<string>;
  /** `xs.length > 500`: the collection's name and the count, as named groups. */
  readonly lengthOverCount: RegExp;
  /** `500 < xs.length`. */
  readonly countUnderLength: RegExp;
  /** The start of a branch that refuses: a throw or a return. */
  readonly refuses: RegExp;
}

export const javascriptLengthChecks: LengthChecks = {
  functionTypes: javascriptFunctionTypes,
  lengthOverCount: /^(?<name>[\w$]+)\.length\s*>=?\s*(?<count>[\w$.]+)$/,
  countUnderLength: /^(?<count>[\w$.]+)\s*<=?\s*(?<name>[\w$]+)\.length$/,
  refuses: /^\{?\s*(?:throw|return)\b/,
};

export const pythonLengthChecks: LengthChecks = {
  functionTypes: new Set(['function_definition', 'lambda']),
  lengthOverCount: /^len\(\s*(?<name>\w+)\s*\)\s*>=?\s*(?<count>[\w.]+)$/,
  countUnderLength: /^(?<count>[\w.]+)\s*<=?\s*len\(\s*(?<name>\w+)\s*\)$/,
  refuses: /^(?:raise|return)\b/,
};

/** A count written in the code: a number, or a constant in capitals (`MAX_BATCH`, `limits.MAX_IDS`). */
const writtenCount = /^(?:\d[\d_]*|(?:[\w$]+\.)*[A-Z][A-Z\d_]*)$/;

/** Why the collection named `use` is capped, or undefined. */
export function lengthCap(use: Node, checks: LengthChecks): string | undefined {
  let fn = use.parent;
  while (fn && !checks.functionTypes.has(fn.type)) fn = fn.parent;
  if (!fn) return undefined;
  const fnId = fn.id;
  let cap: string | undefined;
  walk(fn, node => {
    if (cap || node.startIndex >= use.startIndex) return false;
    if (node.id !== fnId && checks.functionTypes.has(node.type)) return false;
    // Only a check that ends before the use: `if (xs.length > 10) { return Promise.all(xs.map(...)); }` caps nothing.
    if (node.type !== 'if_statement' || node.endIndex > use.startIndex) return true;
    const condition = unwrap(field(node, 'condition') ?? node).text;
    const compared = checks.lengthOverCount.exec(condition) ?? checks.countUnderLength.exec(condition);
    const name = compared?.groups?.name;
    const count = compared?.groups?.count ?? '';
    if (name === use.text && writtenCount.test(count) && checks.refuses.test(field(node, 'consequence')?.text ?? '')) {
      cap = `\`${name}\` is capped: more than \`${count}\` is refused`;
    }
    return true;
  });
  return cap;
}
