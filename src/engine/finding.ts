/** What a rule reports: plain data, 0-based positions, shared by the editor, the CLI and the tests. */

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface SourcePosition {
  /** 0-based line. */
  line: number;
  /** 0-based column, in UTF-16 code units (as the editor counts). */
  column: number;
}

export interface SourceRange {
  start: SourcePosition;
  end: SourcePosition;
}

export interface RelatedLocation {
  range: SourceRange;
  message: string;
}

export interface Finding {
  ruleId: string;
  /** Stable id of the message template: tests assert ids, not wording. */
  messageId: string;
  message: string;
  severity: Severity;
  range: SourceRange;
  related: RelatedLocation[];
  /** The values filled into the message template (collection, size...): tests assert these, not wording. */
  data: Readonly<Record<string, string | number>>;
}
