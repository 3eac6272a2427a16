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
  /** Whether a function body's text declares `name` (so an outer check is about another binding). */
  declares(body: string, name: string): boolean;
}

/**
 * Whether `name` is written in `body` as a word with `before` matching the text right before it and `after` the text
 * right after it (no pattern is built from the name).
 */
function writtenAsWord(body: string, name: string, before: RegExp, after: RegExp): boolean {
  for (let at = body.indexOf(name); at >= 0; at = body.indexOf(name, at + 1)) {
    if (/[\w$]/.test(body.charAt(at + name.length)) || /[\w$]/.test(body.charAt(at - 1))) continue;
    if (before.test(body.slice(Math.max(0, at - 80), at)) && after.test(body.slice(at + name.length, at + name.length + 80))) return true;
  }
  return false;
}

export const javascriptLengthChecks: LengthChecks = {
  functionTypes: javascriptFunctionTypes,
  lengthOverCount: /^(?<name>[\w$]+)\.length\s*>=?\s*(?<count>[\w$.]+)$/,
  countUnderLength: /^(?<count>[\w$.]+)\s*<=?\s*(?<name>[\w$]+)\.length$/,
  refuses: /^\{?\s*(?:throw|return)\b/,
  declares: (body, name) => writtenAsWord(body, name, /\b(?:const|let|var|function|class)\s+$/, /^/),
};

export const pythonLengthChecks: LengthChecks = {
  functionTypes: new Set(['function_definition', 'lambda']),
  lengthOverCount: /^len\(\s*(?<name>\w+)\s*\)\s*>=?\s*(?<count>[\w.]+)$/,
  countUnderLength: /^(?<count>[\w.]+)\s*<=?\s*len\(\s*(?<name>\w+)\s*\)$/,
  refuses: /^(?:raise|return)\b/,
  declares: (body, name) => writtenAsWord(body, name, /(?:^|\n)[ \t]*$/, /^\s*(?::[^=\n]*)?=(?!=)/) || writtenAsWord(body, name, /\b(?:def|class|for|as|import)\s+$/, /^/),
};

/** A count written in the code: a number, or a constant in capitals (`MAX_BATCH`, `limits.MAX_IDS`). */
const writtenCount = /^(?:\d[\d_]*|(?:[\w$]+\.)*[A-Z][A-Z\d_]*)$/;

/**
 * Why the collection named `use` is capped, or undefined. The check may be in a function around the one the fan-out
 * is in, when that one takes the name from it (firebase-admin checks `copy` in `sendEach`, then fans out over it in
 * `.then(urlPath => ...)`): not when an inner function binds the name itself.
 */
export function lengthCap(use: Node, checks: LengthChecks): string | undefined {
  for (let fn = enclosingFunction(use, checks), inner = true; fn; fn = enclosingFunction(fn, checks), inner = false) {
    // A check a callback relies on sits a few statements above it: a function around it as large as a bundle's
    // wrapper is not read (each fan-out would walk it again).
    if (!inner && fn.endIndex - fn.startIndex > outerFunctionCharacters) return undefined;
    const cap = capIn(fn, use, checks);
    if (cap) return cap;
    if (bindsName(fn, use.text, checks)) return undefined;
  }
  return undefined;
}

/** The largest function around the fan-out's own that is searched for a check. */
const outerFunctionCharacters = 20_000;

function enclosingFunction(node: Node, checks: LengthChecks): Node | undefined {
  let fn = node.parent;
  while (fn && !checks.functionTypes.has(fn.type)) fn = fn.parent;
  return fn ?? undefined;
}

/** Whether `fn` binds `name` itself: a parameter, a declaration (`const name`), a Python assignment (`name = `). */
function bindsName(fn: Node, name: string, checks: LengthChecks): boolean {
  const parameters = field(fn, 'parameters') ?? field(fn, 'parameter');
  if (parameters && containsWord(parameters.text, name)) return true;
  const body = field(fn, 'body')?.text ?? '';
  return checks.declares(body, name);
}

function containsWord(text: string, word: string): boolean {
  return writtenAsWord(text, word, /(?:)/, /(?:)/);
}

/** A check in `fn` itself (not in the functions it defines) that ends before `use` and caps its name. */
function capIn(fn: Node, use: Node, checks: LengthChecks): string | undefined {
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
