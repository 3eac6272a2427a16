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

/**
 * Other nodes a finding matched, by their role, so that a fix acts on what the rule saw rather than finding it again
 * from a position. unbounded-fanout: `collection` (what one task is started per element of), `task` (the function
 * each task runs, where known), `limiter` (a limiter built once per task).
 */
export type MatchedRole = 'collection' | 'task' | 'limiter';
export type MatchedNodes = Readonly<Partial<Record<MatchedRole, SourceRange>>>;

export interface Finding {
  ruleId: string;
  /** Stable id of the message template: tests assert ids, not wording. */
  messageId: string;
  message: string;
  severity: Severity;
  /** The flagged node's extent: unbounded-fanout flags the call that starts the tasks. */
  range: SourceRange;
  related: RelatedLocation[];
  /** The values filled into the message template (collection, size...): tests assert these, not wording. */
  data: Readonly<Record<string, string | number>>;
  /** The other nodes the rule matched, where it says (see MatchedNodes); absent in a finding rebuilt from a position. */
  nodes?: MatchedNodes;
}
