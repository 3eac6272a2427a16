/**
 * `async-patterns fix FILE [--rule ID] [--write] [--max-concurrency N]`: applies each finding's preferred quick fix
 * (see fixLoop.ts). Prints a unified diff, or with --write saves the file. Findings left (no automatic fix) are listed
 * on stderr with a summary. Exit codes: 0 when no finding is left, 1 when some are (or, without --write, when the
 * diff is not empty), 2 on bad usage or a file it will not rewrite: unreadable, not UTF-8, binary, too large, not a
 * regular file, with syntax errors, or changed on disk while fixing.
 *
 * Bytes: the fixes work on the decoded text with '\n' line ends; the file written is the same bytes wherever the
 * fixes changed nothing: its byte order mark in front, its own line endings (lineEndings.ts), its UTF-8 as it was.
 */
import { createTwoFilesPatch } from 'diff';
import { Finding } from '../engine/finding';
import { grammarForFileName } from '../engine/languages';
import { utf8ByteOrderMark } from '../engine/sourceText';
import { FileSystem, nodeFileSystem } from './fileSystem';
import { FixOutcome, fixText, offsetBeforeFixes } from './fixLoop';
import { withLfLineEndings, withOriginalLineEndings } from './lineEndings';
import type { CliEnvironment, CliIo } from './run';
import { readSourceText, SourceTextRead } from './sourceFile';
import { parseCommandLine, ruleOptions, UsageError } from './usage';
import { writeFileSafely } from './safeWrite';

function parseFixArgs(args: readonly string[]) {
  const { values, positionals } = parseCommandLine('fix', args);
  if (positionals.length !== 1) throw new UsageError('fix takes exactly one file');
  return { ...ruleOptions(values), write: values.write === true, file: positionals[0] };
}

export async function runFixCommand(args: readonly string[], env: CliEnvironment): Promise<number> {
  const options = parseFixArgs(args);
  const { file } = options;
  const fileSystem = env.fileSystem ?? nodeFileSystem;
  if (await isFolder(file, fileSystem)) throw new UsageError(`fix takes one file, and ${file} is a folder (check takes folders)`);
  const grammar = grammarForFileName(file);
  if (!grammar) throw new UsageError(`${file} is not a Python, JavaScript or TypeScript file`);

  const source = await readSourceText(file, undefined, fileSystem);
  if (source.kind !== 'text' || source.lossy) return refuse(env, refusalOf(file, source));
  const outcome = await fixText({ file, grammar, rules: options.rules, maxConcurrency: options.maxConcurrency, locateWasm: env.locateWasm, text: withLfLineEndings(source.text) });
  if (outcome.kind === 'syntax-errors') return refuse(env, `${file} has syntax errors at line ${outcome.line}; fix them first (nothing written)`);
  if (outcome.kind === 'fix-broke-syntax') {
    return refuse(env, `the fix for ${outcome.ruleId} at line ${outcome.line} would break the syntax of ${file}; nothing written (a bug in async-patterns: please report it)`);
  }

  return options.write ? writeFixed(file, source, outcome, env, fileSystem) : printDiff(file, source, outcome, env);
}

type TextRead = Extract<SourceTextRead, { kind: 'text' }>;
type Fixed = Extract<FixOutcome, { kind: 'fixed' }>;

/** The diff on stdout; what is left, at its place in the file as it is, and the summary on stderr. */
function printDiff(file: string, source: TextRead, outcome: Fixed, io: CliIo): number {
  const fixedText = withOriginalLineEndings(source.text, outcome.text);
  if (fixedText !== source.text) io.stdout(createTwoFilesPatch(file, file, source.text, fixedText, '', '', { context: 3 }));
  const before = withLfLineEndings(source.text);
  const placeBefore = (finding: Finding) => positionAt(before, offsetBeforeFixes(offsetOf(outcome.text, finding), outcome.rounds));
  reportLeft(io, file, outcome.remaining.map(finding => ({ finding, position: placeBefore(finding), reason: outcome.noFixReasons.get(finding) })));
  const somethingToDo = outcome.fixedCount + outcome.remaining.length > 0;
  if (somethingToDo) io.stderr(`${file}: the diff fixes ${summary(outcome.fixedCount, outcome.remaining.length)}\n`);
  return somethingToDo ? 1 : 0;
}

/** The file saved (when the fixes changed it); what is left, at its place in the saved file, and the summary. */
async function writeFixed(file: string, source: TextRead, outcome: Fixed, io: CliIo, fileSystem: FileSystem): Promise<number> {
  const fixedText = withOriginalLineEndings(source.text, outcome.text);
  if (fixedText !== source.text) {
    const bytes = Buffer.concat([source.bom ? utf8ByteOrderMark : new Uint8Array(), Buffer.from(fixedText, 'utf8')]);
    const written = await writeFileSafely(file, bytes, source, fileSystem);
    if (written.kind === 'refused') return refuse(io, written.reason);
  }
  reportLeft(io, file, outcome.remaining.map(finding => ({ finding, position: finding.range.start, reason: outcome.noFixReasons.get(finding) })));
  io.stdout(`${file}: fixed ${summary(outcome.fixedCount, outcome.remaining.length)}\n`);
  return outcome.remaining.length ? 1 : 0;
}

function refusalOf(file: string, source: SourceTextRead): string {
  switch (source.kind) {
    case 'unreadable': return `cannot read ${file}: ${source.reason}`;
    case 'skipped': return `cannot fix ${file}: ${source.reason}; nothing written`;
    default: return `cannot fix ${file}: not valid UTF-8 (fix rewrites only UTF-8 files); nothing written`;
  }
}

function refuse(io: CliIo, message: string): number {
  io.stderr(`async-patterns: ${message}\n`);
  return 2;
}

function summary(fixedCount: number, leftCount: number): string {
  return `${fixedCount} problem(s)${leftCount ? `, ${leftCount} left (no automatic fix)` : ''}`;
}

function reportLeft(io: CliIo, file: string, left: ReadonlyArray<{ finding: Finding; position: { line: number; column: number }; reason?: string }>): void {
  for (const { finding, position, reason } of left) {
    io.stderr(`${file}:${position.line + 1}:${position.column + 1} no automatic fix for ${finding.ruleId}: ${finding.message}\n`);
    if (reason) io.stderr(`  no automatic fix: ${reason}\n`);
  }
}

function offsetOf(text: string, finding: Finding): number {
  let offset = 0;
  for (let line = 0; line < finding.range.start.line; line++) offset = text.indexOf('\n', offset) + 1;
  return offset + finding.range.start.column;
}

function positionAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line: before.split('\n').length - 1, column: offset - lineStart };
}

async function isFolder(file: string, fileSystem: FileSystem): Promise<boolean> {
  try {
    return (await fileSystem.stat(file)).isDirectory();
  } catch {
    return false;
  }
}
