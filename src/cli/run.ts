/**
 * The command line, as a function of its arguments and its output streams, so tests can run it in-process.
 * Exit codes: 0 clean, 1 findings, 2 bad usage or unreadable input (with a one-line reason on stderr).
 */
import { simulationBounds } from '../engine/concurrency/timeline';
import { WasmLocator } from '../engine/grammarLoader';
import { Rule } from '../engine/rule';
import { runCheck } from './checkCommand';
import { describeFsError, FileSystem, fsErrorCode } from './fileSystem';
import { runFixCommand } from './fixCommand';
import { runTimeline } from './timelineCommand';
import { CommandName, UsageError } from './usage';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface CliEnvironment extends CliIo {
  version: string;
  locateWasm: WasmLocator;
  /** The real file system unless a test puts a double in front of it. */
  fileSystem?: FileSystem;
  /** The rules `check` and `fix` know (all of the engine's unless a test puts doubles here). */
  rules?: readonly Rule[];
}

export const exitCodes = { clean: 0, findings: 1, usageOrInput: 2 } as const;

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
  --level recommended|strict
                          How much evidence unbounded-fanout wants (default: recommended: a data-driven collection,
                          I/O in each task, nothing bounding them; strict: any collection of unknown size)
  --max-concurrency N     Collections larger than N count as unbounded (default: 16)
  --rule ID               Run only this rule (e.g. unbounded-fanout)
  --verbose               Also say on stderr which files were parsed and how
  Files not checked (binary, over 4 MB, not a regular file, a broken link in a folder) are listed on stderr, in
  JSON as entries with "rule": null, and in SARIF as notifications; they do not change the exit code.

Options for fix:
  --write                 Save the fixed file instead of printing the diff (replaced whole or not at all)
  --rule ID, --level L, --max-concurrency N
                          As for check: only findings of that level are fixed (N is the limit the fixes write)
  fix leaves alone (exit 2) a file that is not UTF-8, binary, read-only, has syntax errors, or changes meanwhile.

Options for timeline:
  --function NAME         The async function, a method as Class.method (needed when the file has more than one)
  --format json|svg|html  Output format (default: json; times in seconds)
  --items N               Items assumed in a collection of unknown size (default: 10, at most ${simulationBounds.maxItemCount})
  --latency SECONDS       Duration assumed for I/O the code does not time (default: 0.1, at most ${simulationBounds.maxLatencySeconds})
  --limit N               Replace every limiter's size (semaphores, p-limit, p-map, PQueue) by N (at most ${simulationBounds.maxLimit})

General options:
  -h, --help              Show this help
  -v, --version           Show the version

Exit codes: 0 no findings, 1 findings, 2 bad usage or unreadable input (timeline: or no such function;
fix: or a file it will not rewrite).
`;

export async function runCli(argv: readonly string[], env: CliEnvironment): Promise<number> {
  try {
    return await dispatch(argv, env);
  } catch (error) {
    env.stderr(`async-patterns: ${errorLine(error)}\n`);
    return exitCodes.usageOrInput;
  }
}

const reportUrl = 'https://github.com/async-patterns/async-patterns/issues';

/**
 * What went wrong, in one line (never a stack trace): bad usage with a pointer to --help; a file-system error as a
 * person would say it ("permission denied: PATH"); anything else is a bug of ours, and says so.
 */
export function errorLine(error: unknown): string {
  if (error instanceof UsageError) return `${error.message}\nRun 'async-patterns --help' for usage.`;
  if (fsErrorCode(error)) {
    const file = (error as NodeJS.ErrnoException).path;
    return file ? `${describeFsError(error)}: ${file}` : describeFsError(error);
  }
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return `internal error: ${message} (a bug in async-patterns: please report it at ${reportUrl})`;
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

const commands: Record<CommandName, (args: readonly string[], env: CliEnvironment) => Promise<number>> = {
  check: runCheck,
  fix: runFixCommand,
  timeline: runTimeline,
};

/** `-h` or `--help` anywhere before `--` wins over everything else on the line, as in most tools. */
function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some(arg => arg === '-h' || arg === '--help');
}
