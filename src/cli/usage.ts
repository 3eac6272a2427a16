/**
 * Bad command lines, reported the same way by every command: one line on stderr and exit code 2.
 * Each command's options are data here, so a misplaced option can name the command it belongs to.
 */
import { parseArgs } from 'util';
import { defaultAnalysisOptions, FanoutLevel, fanoutLevels, Rule } from '../engine/rule';
import { allRules } from '../engine/rules';

export class UsageError extends Error {}

interface OptionKind {
  type: 'string' | 'boolean';
  short?: string;
}
type OptionSpec = Readonly<Record<string, OptionKind>>;

const help = { type: 'boolean', short: 'h' } as const;
const maxConcurrency = { type: 'string' } as const;
const rule = { type: 'string' } as const;
const level = { type: 'string' } as const;

export const commandOptions = {
  check: { format: { type: 'string' }, level, 'max-concurrency': maxConcurrency, rule, verbose: { type: 'boolean' }, help },
  fix: { write: { type: 'boolean' }, level, 'max-concurrency': maxConcurrency, rule, help },
  timeline: { function: { type: 'string' }, format: { type: 'string' }, items: { type: 'string' }, latency: { type: 'string' }, limit: { type: 'string' }, help },
} as const satisfies Record<string, OptionSpec>;

export type CommandName = keyof typeof commandOptions;

type ValuesOf<S extends OptionSpec> = { [K in keyof S]?: S[K]['type'] extends 'string' ? string : true };

export interface CommandLine<S extends OptionSpec> {
  values: ValuesOf<S>;
  positionals: string[];
}

/**
 * Parses a command's arguments with node's `parseArgs` in its lenient mode (so that `--items -1` reaches us as a
 * value, not as "ambiguous"), then checks each option itself: known to this command, given once, with a non-empty
 * value exactly when it takes one.
 */
export function parseCommandLine<C extends CommandName>(command: C, args: readonly string[]): CommandLine<(typeof commandOptions)[C]> {
  const spec: OptionSpec = commandOptions[command];
  const { tokens } = parseArgs({ args: [...args], options: spec, strict: false, allowPositionals: true, tokens: true });
  const values: Record<string, string | true> = {};
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'positional') positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const kind = spec[token.name];
    if (!kind) throw new UsageError(unknownOptionMessage(command, token.rawName, token.name));
    if (token.name in values) throw new UsageError(`--${token.name} is given twice`);
    values[token.name] = optionValue(`--${token.name}`, kind, token.value, token.inlineValue);
  }
  return { values: values as ValuesOf<(typeof commandOptions)[C]>, positionals };
}

/** A value that looks like another option (`--items --format svg`) means the value is missing; `-1` is a value. */
function optionValue(flag: string, kind: OptionKind, value: string | undefined, inline: boolean | undefined): string | true {
  if (kind.type === 'boolean') {
    if (value !== undefined) throw new UsageError(`${flag} takes no value`);
    return true;
  }
  const looksLikeAnOption = !inline && value !== undefined && /^-(-|[A-Za-z])/.test(value);
  if (value === undefined || value === '' || looksLikeAnOption) throw new UsageError(`${flag} needs a value`);
  return value;
}

function unknownOptionMessage(command: CommandName, rawName: string, name: string): string {
  const owners = (Object.keys(commandOptions) as CommandName[]).filter(other => other !== command && name in commandOptions[other]);
  const hint = owners.length ? ` (did you mean ${owners.map(owner => `\`${owner} ${rawName}\``).join(' or ')}?)` : '';
  return `unknown option '${rawName}' for ${command}${hint}`;
}

/** The value of a flag that takes a whole number of at least 1 (and at most `max`, when there is one). */
export function wholeNumber(flag: string, text: string, max?: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (value >= 1 && (max === undefined || value <= max)) return value;
  throw new UsageError(`${flag} takes a whole number ${max === undefined ? 'of at least 1' : `from 1 to ${max}`}, not '${text}'`);
}

/** A number of seconds from 0 to `max`, written plainly (`0.1`, `2`, `.5`): no exponents, no `Infinity`. */
export function seconds(flag: string, text: string, max: number): number {
  const value = /^(\d+\.?\d*|\.\d+)$/.test(text) ? Number(text) : NaN;
  if (value >= 0 && value <= max) return value;
  throw new UsageError(`${flag} takes a number of seconds from 0 to ${max}, like 0.1, not '${text}'`);
}

/** A value from a closed list, e.g. a format. */
export function oneOf<T extends string>(what: string, text: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(text)) return text as T;
  throw new UsageError(`unknown ${what} '${text}' (expected ${listWithOr(allowed)})`);
}

function listWithOr(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** `--rule ID`, `--level recommended|strict` and `--max-concurrency N`, shared by check and fix. */
export function ruleOptions(
  values: { rule?: string; level?: string; 'max-concurrency'?: string }, known: readonly Rule[] = allRules,
): { maxConcurrency?: number; level: FanoutLevel; rules: readonly Rule[] } {
  const maxConcurrency = values['max-concurrency'] === undefined ? undefined : wholeNumber('--max-concurrency', values['max-concurrency']);
  const level = oneOf('level', values.level ?? defaultAnalysisOptions.level, fanoutLevels);
  const rule = values.rule === undefined ? undefined : known.find(candidate => candidate.meta.id === values.rule);
  if (values.rule !== undefined && !rule) {
    throw new UsageError(`unknown rule '${values.rule}' (known: ${known.map(r => r.meta.id).join(', ')})`);
  }
  return { maxConcurrency, level, rules: rule ? [rule] : known };
}
