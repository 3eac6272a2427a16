/**
 * `async-patterns fix FILE [--rule ID] [--write] [--max-concurrency N]`: applies each finding's preferred quick fix,
 * one at a time (re-parsing in between, so every fix sees the code the previous one left). Prints a unified diff,
 * or with --write saves the file. Findings without an automatic fix are listed on stderr.
 * Exit codes as `check`: 0 when no finding is left, 1 when some are, 2 on bad usage or unreadable input.
 */
import { createTwoFilesPatch } from 'diff';
import { promises as fs } from 'fs';
import { applyEdits } from '../engine/actions/action';
import { quickFixesFor } from '../engine/actions';
import { analyze } from '../engine/analyze';
import { Finding } from '../engine/finding';
import { GrammarLoader, WasmLocator } from '../engine/grammarLoader';
import { familyOf, GrammarId, grammarForFileName } from '../engine/languages';
import { dependenciesNear } from '../engine/projectDependencies';
import { defaultAnalysisOptions, Rule } from '../engine/rule';
import { FileSystem, nodeFileSystem } from './fileSystem';
import type { CliEnvironment } from './run';
import { readSourceText } from './sourceFile';
import { parseCommandLine, ruleOptions, UsageError } from './usage';

export interface FixRequest {
  file: string;
  text: string;
  grammar: GrammarId;
  rules: readonly Rule[];
  maxConcurrency?: number;
  locateWasm: WasmLocator;
}

export interface FixResult {
  text: string;
  fixed: Finding[];
  /** Findings left in the fixed text (no automatic fix, or none offered there). */
  remaining: Finding[];
}

export async function fixText(request: FixRequest): Promise<FixResult> {
  const parser = await new GrammarLoader(request.locateWasm).parserFor(request.grammar);
  const family = familyOf(request.grammar);
  const maxConcurrency = request.maxConcurrency ?? defaultAnalysisOptions.maxConcurrency;
  let text = request.text;
  const fixed: Finding[] = [];
  const unfixable = new Set<string>();
  // Each round fixes one finding; a bound protects against a fix that would not remove its finding.
  for (let round = 0; round < 1000; round++) {
    const tree = parser.parse(text);
    if (!tree) break;
    try {
      const findings = analyze({ tree, text, family, options: { maxConcurrency }, rules: request.rules });
      const next = findings.find(finding => !unfixable.has(keyOf(finding, text)));
      if (!next) return { text, fixed, remaining: findings };
      const fix = quickFixesFor({ tree, text, family, grammar: request.grammar, finding: next, maxConcurrency, dependencies: dependenciesNear(request.file) })
        .find(proposal => proposal.isPreferred);
      if (!fix) {
        unfixable.add(keyOf(next, text));
        continue;
      }
      text = applyEdits(text, fix.edits);
      fixed.push(next);
    } finally {
      tree.delete();
    }
  }
  return { text, fixed, remaining: [] };
}

/** Identifies a finding across rounds by its rule and the text of its line (positions move as fixes land). */
function keyOf(finding: Finding, text: string): string {
  return `${finding.ruleId}\0${text.split('\n')[finding.range.start.line]}`;
}

/** The findings of the original text that have no automatic fix, at their positions in that text. */
async function unfixableIn(request: FixRequest): Promise<Finding[]> {
  const parser = await new GrammarLoader(request.locateWasm).parserFor(request.grammar);
  const family = familyOf(request.grammar);
  const maxConcurrency = request.maxConcurrency ?? defaultAnalysisOptions.maxConcurrency;
  const tree = parser.parse(request.text);
  if (!tree) return [];
  try {
    return analyze({ tree, text: request.text, family, options: { maxConcurrency }, rules: request.rules }).filter(finding =>
      !quickFixesFor({ tree, text: request.text, family, grammar: request.grammar, finding, maxConcurrency, dependencies: dependenciesNear(request.file) })
        .some(proposal => proposal.isPreferred));
  } finally {
    tree.delete();
  }
}

function parseFixArgs(args: readonly string[]) {
  const { values, positionals } = parseCommandLine('fix', args);
  if (positionals.length !== 1) throw new UsageError('fix takes exactly one file');
  return { ...ruleOptions(values), write: values.write === true, file: positionals[0] };
}

export async function runFixCommand(args: readonly string[], env: CliEnvironment): Promise<number> {
  const options = parseFixArgs(args);
  const { file } = options;
  if (await isFolder(file, env.fileSystem ?? nodeFileSystem)) throw new UsageError(`fix takes one file, and ${file} is a folder (check takes folders)`);
  const grammar = grammarForFileName(file);
  if (!grammar) throw new UsageError(`${file} is not a Python, JavaScript or TypeScript file`);
  const source = await readSourceText(file, undefined, env.fileSystem);
  if (source.kind === 'unreadable') {
    env.stderr(`async-patterns: cannot read ${file}: ${source.reason}\n`);
    return 2;
  }
  if (source.kind === 'skipped') {
    env.stderr(`async-patterns: cannot fix ${file}: ${source.reason}; nothing written\n`);
    return 2;
  }
  return runFix({ file, grammar, rules: options.rules, maxConcurrency: options.maxConcurrency, locateWasm: env.locateWasm, text: source.text }, options.write, env);
}

async function isFolder(file: string, fileSystem: FileSystem): Promise<boolean> {
  try {
    return (await fileSystem.stat(file)).isDirectory();
  } catch {
    return false;
  }
}

async function runFix(
  request: FixRequest,
  write: boolean,
  io: { stdout: (text: string) => void; stderr: (text: string) => void },
): Promise<number> {
  const before = request.text;
  const result = await fixText(request);
  for (const finding of await unfixableIn(request)) {
    io.stderr(`${request.file}:${finding.range.start.line + 1}:${finding.range.start.column + 1} no automatic fix for ${finding.ruleId}: ${finding.message}\n`);
  }
  if (write) {
    if (result.text !== before) await fs.writeFile(request.file, result.text);
    io.stdout(`${request.file}: fixed ${result.fixed.length} problem(s)${result.remaining.length ? `, ${result.remaining.length} left` : ''}\n`);
    return result.remaining.length ? 1 : 0;
  }
  if (result.text !== before) io.stdout(createTwoFilesPatch(request.file, request.file, before, result.text, '', '', { context: 3 }));
  return result.fixed.length + result.remaining.length > 0 ? 1 : 0;
}
