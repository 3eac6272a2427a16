/**
 * How the fuzz test damages a source file: the edits a person makes half-way (lines deleted, duplicated or swapped,
 * a token typed in the wrong place, a file cut short, two files pasted together) and the values that stress the
 * simulator (`1e308`, `-1`, huge literals), plus characters that trip offsets (unicode, `\r`, tabs, BOM, NUL).
 */
import { Random } from './random';

/** Tokens typed at random places: brackets, keywords of both languages, fan-out and limiter calls, odd numbers. */
export const insertedTokens: readonly string[] = [
  '(', ')', '[', ']', '{', '}', ':', ';', ',', '.', '=', '=>', '*', '...', '@', '\\',
  'async ', 'await ', 'return ', 'yield ', 'def ', 'function ', 'class ', 'const ', 'let ', 'var ', 'for ', ' in ', ' of ',
  'if x: ', 'else: ', 'try: ', 'finally: ', 'while True: ', 'with lock: ', 'async with sem: ', 'lambda: ', 'pass; ',
  'if (x) ', 'else ', 'for (;;) {}', 'while (true) {}', 'while True: pass\n', 'x => ', 'async () => ',
  'asyncio.gather(*', 'Promise.all(', '.map(', 'asyncio.Semaphore(', 'pLimit(', 'asyncio.sleep(', 'setTimeout(',
  'asyncio.timeout(', 'asyncio.wait_for(', 'create_task(', 'await asyncio.sleep(1e308)', 'await sleep(-1)',
  '1e308', '-1', '0', '1e-308', 'NaN', 'Infinity', '-Infinity', '99999999999999999999999999999999', '0x7fffffff', '10n',
  '"""', "'''", "'", '"', '`', '${', '#', '//', '/*', '*/', '\r', '\t', '\n', '\r\n', ' ', '    ',
  'é', '日本', '\u{1F600}', '\u200b', '\uFEFF', '\u0000', '\u2028',
];

/**
 * What a statement is put behind on its own line, in either language: the shapes where code actions must not
 * assume a statement has its line to itself (`if x: await y`, `else: ...`, `a = 1; ...`, `if (x) ...`).
 */
export const statementPrefixes: readonly string[] = [
  'if x: ', 'while x: ', 'with lock: ', 'try: ', 'else: ', 'for item in items: ', 'async def inline(): ', 'count = 0; ',
  'if (x) ', 'else ', 'while (x) ', 'count++; ', 'label: ', 'case 1: ', 'do ',
];

/** Values a numeric literal is replaced by (timeouts, sleeps, limits, sizes). */
export const replacementNumbers: readonly string[] = ['1e308', '-1', '0', '1e-308', '-0.5', '99999999999999999999', '2147483648', '1_000_000', '0.000001', 'float("inf")', 'Infinity', 'NaN', '10000000'];

export interface Mutated {
  text: string;
  /** What was done, e.g. `insert-token "await " at 120`: printed with a failure. */
  description: string;
}

type Mutation = (text: string, random: Random, other: () => string) => Mutated;

function lines(text: string): string[] {
  return text.split('\n');
}

/** Each mutation as data: its name and what it does. */
export const mutations: Readonly<Record<string, Mutation>> = {
  'delete-line': (text, random) => {
    const all = lines(text);
    const at = random.below(all.length);
    all.splice(at, 1);
    return { text: all.join('\n'), description: `delete line ${at + 1}` };
  },
  'duplicate-line': (text, random) => {
    const all = lines(text);
    const at = random.below(all.length);
    all.splice(at, 0, all[at]);
    return { text: all.join('\n'), description: `duplicate line ${at + 1}` };
  },
  'swap-lines': (text, random) => {
    const all = lines(text);
    const a = random.below(all.length);
    const b = random.below(all.length);
    [all[a], all[b]] = [all[b], all[a]];
    return { text: all.join('\n'), description: `swap lines ${a + 1} and ${b + 1}` };
  },
  'delete-characters': (text, random) => {
    const at = random.below(text.length + 1);
    const count = random.between(1, 12);
    return { text: text.slice(0, at) + text.slice(at + count), description: `delete ${count} characters at ${at}` };
  },
  'insert-token': (text, random) => {
    const at = random.below(text.length + 1);
    const token = random.pick(insertedTokens);
    return { text: text.slice(0, at) + token + text.slice(at), description: `insert ${JSON.stringify(token)} at ${at}` };
  },
  'insert-character': (text, random) => {
    const at = random.below(text.length + 1);
    // Mostly printable ASCII, sometimes any code point of the BMP (lone surrogates included) or beyond.
    const code = random.chance(0.7) ? random.between(32, 126) : random.chance(0.8) ? random.below(0x10000) : random.between(0x10000, 0x10ffff);
    const character = String.fromCodePoint(code);
    return { text: text.slice(0, at) + character + text.slice(at), description: `insert U+${code.toString(16)} at ${at}` };
  },
  'replace-number': (text, random) => {
    const numbers = [...text.matchAll(/\b\d+(?:\.\d+)?\b/g)];
    if (numbers.length === 0) return mutations['insert-token'](text, random, () => '');
    const chosen = random.pick(numbers);
    const value = random.pick(replacementNumbers);
    return { text: text.slice(0, chosen.index) + value + text.slice(chosen.index + chosen[0].length), description: `replace ${chosen[0]} at ${chosen.index} by ${value}` };
  },
  'indent-line': (text, random) => {
    const all = lines(text);
    const at = random.below(all.length);
    const indent = random.pick(['\t', '  ', '    ', ' ']);
    all[at] = random.chance(0.5) ? indent + all[at] : all[at].replace(/^[ \t]/, '');
    return { text: all.join('\n'), description: `change the indentation of line ${at + 1}` };
  },
  'join-lines': (text, random) => {
    const all = lines(text);
    if (all.length < 2) return { text, description: 'join nothing' };
    const at = random.below(all.length - 1);
    const separator = random.pick([' ', '; ', '']);
    all.splice(at, 2, all[at] + separator + all[at + 1].trimStart());
    return { text: all.join('\n'), description: `join lines ${at + 1} and ${at + 2} with ${JSON.stringify(separator)}` };
  },
  'prefix-statement': (text, random) => {
    const all = lines(text);
    const at = random.below(all.length);
    const prefix = random.pick(statementPrefixes);
    all[at] = all[at].replace(/^([ \t]*)/, `$1${prefix}`);
    return { text: all.join('\n'), description: `put line ${at + 1} behind ${JSON.stringify(prefix)}` };
  },
  'wrap-in-class': text => {
    // Python: the file's functions become methods (a one-line def then sits in a class body). JS: a syntax error.
    const indented = text.split('\n').map(line => (line.trim() ? `    ${line}` : line)).join('\n');
    return { text: `class Wrapper:\n${indented}`, description: 'wrap everything in a class' };
  },
  'truncate': (text, random) => {
    const at = random.below(text.length + 1);
    return { text: text.slice(0, at), description: `truncate at ${at}` };
  },
  'splice': (text, random, other) => {
    const second = other();
    const at = random.below(text.length + 1);
    const from = random.below(second.length + 1);
    return { text: text.slice(0, at) + second.slice(from), description: `splice at ${at} with another file from ${from}` };
  },
  'crlf': text => ({ text: text.replace(/\r?\n/g, '\r\n'), description: 'CRLF line endings' }),
};

const names = Object.keys(mutations);
/** `crlf`, `wrap-in-class`, `splice` and `truncate` change a lot at once: less often than the small edits. */
const weights: Readonly<Record<string, number>> = { 'crlf': 1, 'wrap-in-class': 1, 'splice': 2, 'truncate': 2 };
const weighted = names.flatMap(name => Array<string>(weights[name] ?? 5).fill(name));

/** One to four mutations in a row. */
export function mutate(text: string, random: Random, other: () => string): Mutated {
  const count = random.between(1, 4);
  let current = text;
  const done: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = random.pick(weighted);
    const result = mutations[name](current, random, other);
    current = result.text;
    done.push(`${name}: ${result.description}`);
  }
  return { text: current, description: done.join('; ') };
}
