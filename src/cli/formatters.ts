/** Output formats of `check`. Positions are printed 1-based, as editors and CI annotations expect. */
import { Finding } from '../engine/finding';

export interface FileFindings {
  path: string;
  /** The file's text: SARIF fingerprints hash the flagged line. */
  text: string;
  findings: readonly Finding[];
}

/**
 * A file that was not analyzed: skipped (not source: binary, too large, a FIFO, a broken link) or unreadable (the
 * file system refused: the run exits 2). Every format lists these, so CI never passes over a file silently.
 */
export interface FileNotChecked {
  path: string;
  reason: string;
  kind: 'skipped' | 'unreadable';
}

export interface CheckReport {
  results: readonly FileFindings[];
  notChecked: readonly FileNotChecked[];
}

export const outputFormats = ['text', 'json', 'sarif'] as const;
export type OutputFormat = (typeof outputFormats)[number];

/** ESLint-like: `file:line:col severity rule message`, one finding a line (files not checked went to stderr). */
export function formatText(report: CheckReport): string {
  const lines: string[] = [];
  for (const { path, findings } of report.results) {
    for (const f of findings) {
      lines.push(`${path}:${f.range.start.line + 1}:${f.range.start.column + 1} ${f.severity} ${f.ruleId} ${f.message}`);
    }
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** The line `check` writes on stderr for a file it did not analyze. */
export function notCheckedLine(file: FileNotChecked): string {
  return `async-patterns: ${file.kind === 'skipped' ? 'skipped' : 'cannot read'} ${file.path}: ${file.reason}\n`;
}

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  /** The message's id and the values filled into it: scripts match on these, not on the wording. */
  messageId: string;
  data: Readonly<Record<string, string | number>>;
  severity: string;
  message: string;
}

/**
 * A file not analyzed, in the same array as the findings (as ESLint reports an ignored file: a message with a null
 * rule), so consumers that read `file`, `rule`, `severity` and `message` keep working and see it; it has no position.
 */
export interface JsonFileNotChecked {
  file: string;
  rule: null;
  severity: 'warning' | 'error';
  message: string;
  skipped: string;
}

export function formatJson(report: CheckReport): string {
  const rows: Array<JsonFinding | JsonFileNotChecked> = report.results.flatMap(({ path, findings }) =>
    findings.map(f => ({
      file: path,
      line: f.range.start.line + 1,
      column: f.range.start.column + 1,
      endLine: f.range.end.line + 1,
      endColumn: f.range.end.column + 1,
      rule: f.ruleId,
      messageId: f.messageId,
      data: f.data,
      severity: f.severity,
      message: f.message,
    })),
  );
  for (const file of report.notChecked) rows.push(jsonFileNotChecked(file));
  return JSON.stringify(rows, null, 2) + '\n';
}

function jsonFileNotChecked({ path, reason, kind }: FileNotChecked): JsonFileNotChecked {
  return kind === 'skipped'
    ? { file: path, rule: null, severity: 'warning', message: `skipped: ${reason}`, skipped: reason }
    : { file: path, rule: null, severity: 'error', message: `cannot read: ${reason}`, skipped: reason };
}
