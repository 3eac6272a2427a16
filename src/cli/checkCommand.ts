/**
 * `async-patterns check PATH... [--format text|json|sarif] [--level recommended|strict] [--max-concurrency N] [--rule ID] [--verbose]`.
 * Exit codes: 0 clean, 1 findings, 2 bad usage or a path that could not be read. Files skipped (binary, too large,
 * not a regular file, a broken link in a folder) are listed in every format but do not change the exit code.
 */
import { analyze } from '../engine/analyze';
import { GrammarLoader } from '../engine/grammarLoader';
import { familyOf, GrammarId } from '../engine/languages';
import { AnalysisOptions, FanoutLevel, Rule } from '../engine/rule';
import { allRules } from '../engine/rules';
import { collectFiles } from './collectFiles';
import { CheckReport, FileFindings, FileNotChecked, formatJson, formatText, notCheckedLine, OutputFormat, outputFormats } from './formatters';
import { ruleDocs } from './ruleDocs';
import type { CliEnvironment } from './run';
import { formatSarif } from './sarif';
import { readSourceText } from './sourceFile';
import { oneOf, parseCommandLine, ruleOptions, UsageError } from './usage';
import { parseForAnalysis } from '../engine/parseForAnalysis';

function parseCheckArgs(args: readonly string[], known: readonly Rule[]) {
  const { values, positionals } = parseCommandLine('check', args);
  const format = oneOf('format', values.format ?? 'text', outputFormats);
  return { format, ...ruleOptions(values, known), verbose: values.verbose === true, paths: positionals };
}

type CheckOptions = ReturnType<typeof parseCheckArgs>;

export async function runCheck(args: readonly string[], env: CliEnvironment): Promise<number> {
  const options = parseCheckArgs(args, env.rules ?? allRules);
  if (options.paths.length === 0) throw new UsageError('check needs at least one file or folder');
  const collected = await collectFiles(options.paths, env.fileSystem);
  if (collected.every(entry => entry.kind === 'skipped')) {
    for (const entry of collected) env.stderr(notCheckedLine({ ...entry, kind: 'skipped' }));
    throw new UsageError(`no Python, JavaScript or TypeScript files in ${options.paths.join(', ')}`);
  }

  const grammars = new GrammarLoader(env.locateWasm);
  const report: { results: FileFindings[]; notChecked: FileNotChecked[] } = { results: [], notChecked: [] };
  const notChecked = (file: FileNotChecked) => {
    report.notChecked.push(file);
    env.stderr(notCheckedLine(file));
  };
  for (const entry of collected) {
    if (entry.kind !== 'file') notChecked(entry);
    else await checkFile(entry, { options, env, grammars, report, notChecked });
  }

  env.stdout(format(options.format, report, options, env));
  if (report.notChecked.some(file => file.kind === 'unreadable')) return 2;
  return report.results.length > 0 ? 1 : 0;
}

interface CheckRun {
  options: CheckOptions;
  env: CliEnvironment;
  grammars: GrammarLoader;
  report: { results: FileFindings[] };
  notChecked: (file: FileNotChecked) => void;
}

async function checkFile(file: { path: string; grammar: GrammarId }, run: CheckRun): Promise<void> {
  const source = await readSourceText(file.path, undefined, run.env.fileSystem);
  if (source.kind !== 'text') {
    run.notChecked({ path: file.path, reason: source.reason, kind: source.kind });
    return;
  }
  const tree = parseForAnalysis(await run.grammars.parserFor(file.grammar), file.grammar, source.text);
  try {
    const findings = analyze({ tree, text: source.text, family: familyOf(file.grammar), options: analysisOptionsFor(file.path, run.options), rules: run.options.rules });
    if (run.options.verbose) {
      const notes = [file.grammar, tree.rootNode.hasError ? 'has syntax errors' : 'no syntax errors'];
      if (source.lossy) notes.push('not valid UTF-8');
      run.env.stderr(`parsed ${file.path} (${notes.join(', ')}): ${findings.length} finding(s)\n`);
    }
    if (findings.length) run.report.results.push({ path: file.path, text: source.text, findings });
  } finally {
    tree.delete();
  }
}

/** What the rules are told: the options given, and the file's path (a rule may tell test code by it). */
export function analysisOptionsFor(filePath: string, options: { level: FanoutLevel; maxConcurrency?: number }): Partial<AnalysisOptions> {
  return { level: options.level, filePath, ...(options.maxConcurrency === undefined ? {} : { maxConcurrency: options.maxConcurrency }) };
}

function format(outputFormat: OutputFormat, report: CheckReport, options: CheckOptions, env: CliEnvironment): string {
  switch (outputFormat) {
    case 'json': return formatJson(report);
    // SARIF describes every rule the tool has, also under --rule, so a rule's ruleIndex never changes.
    case 'sarif': return formatSarif(report, { version: env.version, rules: env.rules ?? allRules, docs: ruleDocs(), root: process.cwd(), level: options.level });
    default: return formatText(report);
  }
}
