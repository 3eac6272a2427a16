/** Output formats of `check`. Positions are printed 1-based, as editors and CI annotations expect. */
import { Finding } from '../engine/finding';

export interface FileFindings {
  path: string;
  /** The file's text: SARIF fingerprints hash the flagged line. */
  text: string;
  findings: readonly Finding[];
}

export const outputFormats = ['text', 'json', 'sarif'] as const;
export type OutputFormat = (typeof outputFormats)[number];

/** ESLint-like: `file:line:col severity rule message`, one finding a line. */
export function formatText(results: readonly FileFindings[]): string {
  const lines: string[] = [];
  for (const { path, findings } of results) {
    for (const f of findings) {
      lines.push(`${path}:${f.range.start.line + 1}:${f.range.start.column + 1} ${f.severity} ${f.ruleId} ${f.message}`);
    }
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: string;
  message: string;
}

export function formatJson(results: readonly FileFindings[]): string {
  const rows: JsonFinding[] = results.flatMap(({ path, findings }) =>
    findings.map(f => ({
      file: path,
      line: f.range.start.line + 1,
      column: f.range.start.column + 1,
      endLine: f.range.end.line + 1,
      endColumn: f.range.end.column + 1,
      rule: f.ruleId,
      severity: f.severity,
      message: f.message,
    })),
  );
  return JSON.stringify(rows, null, 2) + '\n';
}
