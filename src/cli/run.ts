/**
 * The command line, as a function of its arguments and its output streams, so tests can run it in-process.
 * Exit codes: 0 clean, 1 findings, 2 bad usage or unreadable input (with a one-line reason on stderr).
 */
import { promises as fs } from 'fs';
import { analyze } from '../engine/analyze';
import { GrammarLoader, WasmLocator } from '../engine/grammarLoader';
import { familyOf, grammarForFileName } from '../engine/languages';
import { decodeSource } from '../engine/sourceText';
import { collectFiles, describeFsError } from './collectFiles';
import { runFix } from './fixCommand';
import { allRules, ruleById } from '../engine/rules';
import { FileFindings, formatJson, formatText, OutputFormat, outputFormats } from './formatters';
import { ruleDocs } from './ruleDocs';
import { formatSarif } from './sarif';
import { runTimeline } from './timelineCommand';
import { CommandName, oneOf, parseCommandLine, UsageError, wholeNumber } from './usage';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface CliEnvironment extends CliIo {
  version: string;
  locateWasm: WasmLocator;
}

export const exitCodes = { clean: 0, findings: 1, usageOrInput: 2 } as const;

/** Files over this size are skipped in the CLI as in the editor (`asyncPatterns.maxFileSizeKB`'s default). */
const defaultMaxFileBytes = 4096 * 1024;

const helpText = `Usage: async-patterns <command> [options]

Finds async concurrency problems in Python asyncio and JavaScript/TypeScript code.

Commands:
  check PATH...           Check files and folders (node_modules, .git and virtual environments are skipped)
  fix FILE                Apply each finding's preferred fix; prints a unified diff unless --write
  timeline FILE           Predict what an async function runs concurrently, without running it

Options for check:
  --format text|json|sarif
                          Output format (default: text, one "file:line:col severity rule message" a line;
                          sarif: SARIF 2.1.0 for GitHub code scanning)
  --max-concurrency N     Collections larger than N count as unbounded (default: 16)
  --rule ID               Run only this rule (e.g. unbounded-fanout)
  --verbose               Also say on stderr which files were parsed and how

Options for fix:
  --write                 Save the fixed file instead of printing the diff
  --rule ID, --max-concurrency N   As for check (N is the limit the fixes write)

Options for timeline:
  --function NAME         The async function (needed when the file has more than one)
  --format json|svg|html  Output format (default: json; times in seconds)
  --items N               Items assumed in a collection of unknown size (default: 10)
  --latency SECONDS       Duration assumed for I/O the code does not time (default: 0.1)
  --limit N               Replace every limiter's size (semaphores, p-limit, workers) by N

General options:
  -h, --help              Show this help
  -v, --version           Show the version

Exit codes: 0 no findings, 1 findings, 2 bad usage or unreadable input (timeline: or no such function).
`;

export async function runCli(argv: readonly string[], env: CliEnvironment): Promise<number> {
  try {
    return await dispatch(argv, env);
  } catch (error) {
    if (error instanceof UsageError) {
      env.stderr(`async-patterns: ${error.message}\nRun 'async-patterns --help' for usage.\n`);
      return exitCodes.usageOrInput;
    }
    // Never a stack trace for users; one line that says what failed.
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    env.stderr(`async-patterns: internal error: ${message}\n`);
    return exitCodes.usageOrInput;
  }
}

async function dispatch(argv: readonly string[], env: CliEnvironment): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    env.stdout(helpText);
    return exitCodes.clean;
  }
  if (command === '-v' || command === '--version') {
    env.stdout(`${env.version}\n`);
    return exitCodes.clean;
  }
  const run = Object.hasOwn(commands, command) ? commands[command as CommandName] : undefined;
  if (run && asksForHelp(rest)) {
    env.stdout(helpText);
    return exitCodes.clean;
  }
  if (run) return run(rest, env);
  throw new UsageError(command.startsWith('-') ? `unknown option '${command}'` : `unknown command '${command}'`);
}

const commands: Record<CommandName, (args: readonly string[], env: CliEnvironment) => Promise<number>> = { check, fix, timeline: runTimeline };

/** `-h` or `--help` anywhere before `--` wins over everything else on the line, as in most tools. */
function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some(arg => arg === '-h' || arg === '--help');
}

function parseCheckArgs(args: readonly string[]) {
  const { values, positionals } = parseCommandLine('check', args);
  const format = oneOf('format', values.format ?? 'text', outputFormats);
  return { format, ...ruleOptions(values), verbose: values.verbose === true, paths: positionals };
}

function parseFixArgs(args: readonly string[]) {
  const { values, positionals } = parseCommandLine('fix', args);
  return { ...ruleOptions(values), write: values.write === true, paths: positionals };
}

function ruleOptions(values: { rule?: string; 'max-concurrency'?: string }) {
  const maxConcurrency = values['max-concurrency'] === undefined ? undefined : wholeNumber('--max-concurrency', values['max-concurrency']);
  const rule = values.rule === undefined ? undefined : ruleById(values.rule);
  if (values.rule !== undefined && !rule) {
    throw new UsageError(`unknown rule '${values.rule}' (known: ${allRules.map(r => r.meta.id).join(', ')})`);
  }
  return { maxConcurrency, rules: rule ? [rule] : allRules };
}

async function check(args: readonly string[], env: CliEnvironment): Promise<number> {
  const options = parseCheckArgs(args);
  if (options.paths.length === 0) throw new UsageError('check needs at least one file or folder');

  const collected = await collectFiles(options.paths);
  let unreadable = collected.unreadable.length;
  for (const { path, reason } of collected.unreadable) env.stderr(`async-patterns: cannot read ${path}: ${reason}\n`);
  for (const path of collected.unsupported) env.stderr(`async-patterns: skipped ${path}: not a Python, JavaScript or TypeScript file\n`);
  if (collected.files.length === 0 && unreadable === 0) {
    throw new UsageError(`no Python, JavaScript or TypeScript files in ${options.paths.join(', ')}`);
  }

  const grammars = new GrammarLoader(env.locateWasm);
  const results: FileFindings[] = [];
  for (const file of collected.files) {
    let bytes: Uint8Array;
    try {
      bytes = await fs.readFile(file.path);
    } catch (error) {
      unreadable++;
      env.stderr(`async-patterns: cannot read ${file.path}: ${describeFsError(error)}\n`);
      continue;
    }
    const source = decodeSource(bytes, defaultMaxFileBytes);
    if (source.kind === 'skipped') {
      env.stderr(`async-patterns: skipped ${file.path}: ${source.reason}\n`);
      continue;
    }
    const parser = await grammars.parserFor(file.grammar);
    const tree = parser.parse(source.text);
    if (!tree) throw new Error(`tree-sitter returned no tree for ${file.path}`);
    try {
      const findings = analyze({ tree, text: source.text, family: familyOf(file.grammar), options: maxConcurrencyOption(options.maxConcurrency), rules: options.rules });
      if (options.verbose) {
        const notes = [file.grammar, tree.rootNode.hasError ? 'has syntax errors' : 'no syntax errors'];
        if (source.lossy) notes.push('not valid UTF-8');
        env.stderr(`parsed ${file.path} (${notes.join(', ')}): ${findings.length} finding(s)\n`);
      }
      if (findings.length) results.push({ path: file.path, text: source.text, findings });
    } finally {
      tree.delete();
    }
  }

  env.stdout(format(options.format, results, env.version));
  if (unreadable > 0) return exitCodes.usageOrInput;
  return results.length > 0 ? exitCodes.findings : exitCodes.clean;
}

async function fix(args: readonly string[], env: CliEnvironment): Promise<number> {
  const options = parseFixArgs(args);
  if (options.paths.length !== 1) throw new UsageError('fix takes exactly one file');
  const [file] = options.paths;
  const grammar = grammarForFileName(file);
  if (!grammar) throw new UsageError(`${file} is not a Python, JavaScript or TypeScript file`);
  try {
    await fs.access(file);
  } catch (error) {
    env.stderr(`async-patterns: cannot read ${file}: ${describeFsError(error)}\n`);
    return exitCodes.usageOrInput;
  }
  return runFix({ file, grammar, rules: options.rules, maxConcurrency: options.maxConcurrency, locateWasm: env.locateWasm }, options.write, env);
}

function format(outputFormat: OutputFormat, results: FileFindings[], version: string): string {
  switch (outputFormat) {
    case 'json': return formatJson(results);
    // SARIF describes every rule the tool has, also under --rule, so a rule's ruleIndex never changes.
    case 'sarif': return formatSarif(results, { version, rules: allRules, docs: ruleDocs(), root: process.cwd() });
    default: return formatText(results);
  }
}

function maxConcurrencyOption(maxConcurrency: number | undefined) {
  return maxConcurrency === undefined ? {} : { maxConcurrency };
}
